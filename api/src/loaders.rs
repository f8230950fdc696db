//! The one loader family every relation field resolves through. Loaders are created lazily per
//! request and bound to that request's viewer, so a batch never mixes tenants, and every batch
//! query carries the policy's row condition: a relation cannot reach a row its target's own
//! query could not.
//!
//! - `ById<E>`: to-one relations (`activity.contact`), one `WHERE id IN (...)` per batch.
//! - `ByColumn<E>`: to-many relations (`organization.localAssociations(first:)`), one windowed
//!   query per batch that keeps the first N rows of each parent in SQL.
//!
//! When a batch runs: async-graphql's DataLoader fires a fixed delay after the first key, so
//! a page whose fields take longer than that to register their keys is split into several
//! batches (more statements for 100 rows than for 10). Here a batch waits (after the optional
//! configured delay) until a scheduler round passes in which no relation field of the request
//! asked for a loader: the executor has registered every key it can before waiting.

use std::{
    any::{Any, TypeId},
    collections::HashMap,
    marker::PhantomData,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use async_graphql::dataloader::{DataLoader, Loader};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, Iden, ModelTrait, QueryFilter, QuerySelect,
    QueryTrait,
    sea_query::{Alias, Asterisk, Expr, ExprTrait, Query},
};
use uuid::Uuid;

use meander_core::{
    authz::{
        Action, Secured, Viewer,
        fields::{self, Guard, Verdict},
        scoped,
    },
    db::SqlCounter,
    error::ApiError,
};

type LoadError = async_graphql::Error;

fn uuid_of<M: ModelTrait>(m: &M, col: <M::Entity as EntityTrait>::Column) -> Option<Uuid> {
    match m.get(col) {
        sea_orm::Value::Uuid(Some(u)) => Some(u),
        _ => None,
    }
}

/// To-one: rows of `E` by primary key, within the viewer's read scope.
pub struct ById<E> {
    viewer: Arc<Viewer>,
    db: DatabaseConnection,
    _e: PhantomData<fn() -> E>,
}

impl<E> Loader<Uuid> for ById<E>
where
    E: Secured,
    E::Model: Send + Sync + Clone,
{
    type Value = E::Model;
    type Error = LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, E::Model>, LoadError> {
        let rows = scoped::<E>(&self.viewer, Action::Read)?
            .filter(E::id_column().is_in(keys.to_vec()))
            .all(&self.db)
            .await
            .map_err(ApiError::from)?;
        Ok(rows
            .into_iter()
            .filter_map(|m| uuid_of(&m, E::id_column()).map(|id| (id, m)))
            .collect())
    }
}

/// To-many: for each parent id, the first `limit + 1` rows of `E` whose `column` equals it,
/// ordered by `sort` then id (the extra row tells whether there is a next page).
pub struct ByColumn<E: EntityTrait> {
    viewer: Arc<Viewer>,
    db: DatabaseConnection,
    column: E::Column,
    sort: E::Column,
}

/// Key of a to-many load: the parent id and the page size asked for.
pub type ManyKey = (Uuid, u64);

impl<E> Loader<ManyKey> for ByColumn<E>
where
    E: Secured,
    E::Model: Send + Sync + Clone,
{
    type Value = Vec<E::Model>;
    type Error = LoadError;

    async fn load(&self, keys: &[ManyKey]) -> Result<HashMap<ManyKey, Vec<E::Model>>, LoadError> {
        let mut out: HashMap<ManyKey, Vec<E::Model>> = HashMap::new();
        // One query per distinct page size in the batch (normally one).
        let mut by_limit: HashMap<u64, Vec<Uuid>> = HashMap::new();
        for (parent, limit) in keys {
            by_limit.entry(*limit).or_default().push(*parent);
        }
        let table = E::default().table_name().to_string();
        let q = |c: E::Column| format!("\"{table}\".\"{}\"", c.to_string());
        for (limit, parents) in by_limit {
            let window = format!(
                "ROW_NUMBER() OVER (PARTITION BY {} ORDER BY {}, {})",
                q(self.column),
                q(self.sort),
                q(E::id_column())
            );
            let inner = scoped::<E>(&self.viewer, Action::Read)?
                .filter(self.column.is_in(parents.clone()))
                .expr_as(Expr::cust(window), "row_in_parent")
                .into_query();
            let outer = Query::select()
                .column(Asterisk)
                .from_subquery(inner, Alias::new("ranked"))
                .and_where(Expr::col(Alias::new("row_in_parent")).lte(Expr::val(limit as i64 + 1)))
                .to_owned();
            let backend = self.db.get_database_backend();
            let rows = E::find()
                .from_raw_sql(backend.build(&outer))
                .all(&self.db)
                .await
                .map_err(ApiError::from)?;
            for parent in &parents {
                out.entry((*parent, limit)).or_default();
            }
            for m in rows {
                if let Some(parent) = uuid_of(&m, self.column) {
                    out.entry((parent, limit)).or_default().push(m);
                }
            }
        }
        Ok(out)
    }
}

/// Field rules (`authz::fields`): every guarded field of a response asks its `Guard` here, and
/// a batch is answered rule by rule, so the guarded fields of a page cost a fixed number of
/// statements, not one per row and field.
pub struct Guards {
    viewer: Arc<Viewer>,
    db: DatabaseConnection,
}

impl Loader<Guard> for Guards {
    type Value = Verdict;
    type Error = LoadError;

    async fn load(&self, keys: &[Guard]) -> Result<HashMap<Guard, Verdict>, LoadError> {
        Ok(fields::decide(&self.db, &self.viewer, keys).await?)
    }
}

/// Yields until a scheduler round passes without new loader requests (bounded, so a request
/// that keeps resolving cannot hold a batch back for long).
async fn settle(activity: &AtomicU64) {
    for _ in 0..64 {
        let seen = activity.load(Ordering::Relaxed);
        tokio::task::yield_now().await;
        if activity.load(Ordering::Relaxed) == seen {
            return;
        }
    }
}

/// Per-request registry: one DataLoader per (loader kind, entity, column), created on first use.
pub struct Loaders {
    viewer: Option<Arc<Viewer>>,
    db: DatabaseConnection,
    counter: SqlCounter,
    delay: Duration,
    /// Bumped each time a relation field asks for a loader; batches wait until it stands still.
    activity: Arc<AtomicU64>,
    made: Mutex<HashMap<(TypeId, String), Arc<dyn Any + Send + Sync>>>,
}

impl Loaders {
    pub fn new(
        viewer: Option<Arc<Viewer>>,
        db: DatabaseConnection,
        counter: SqlCounter,
        delay: Duration,
    ) -> Self {
        Self {
            viewer,
            db,
            counter,
            delay,
            activity: Arc::new(AtomicU64::new(0)),
            made: Mutex::new(HashMap::new()),
        }
    }

    fn get_or_make<L, F>(&self, tag: String, make: F) -> Result<Arc<DataLoader<L>>, ApiError>
    where
        L: Send + Sync + 'static,
        F: FnOnce(Arc<Viewer>, DatabaseConnection) -> L,
    {
        let viewer = self.viewer.clone().ok_or(ApiError::Unauthenticated)?;
        self.activity.fetch_add(1, Ordering::Relaxed);
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        let entry = made.entry((TypeId::of::<L>(), tag)).or_insert_with(|| {
            let counter = self.counter.clone();
            let (delay, activity) = (self.delay, self.activity.clone());
            // Batches run in spawned tasks: carry the request's SQL counter into them. The
            // loader's own delay is zero: the wait happens here, before it takes its keys.
            let loader = DataLoader::new(make(viewer, self.db.clone()), move |fut| {
                let activity = activity.clone();
                tokio::spawn(counter.scope(async move {
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                    settle(&activity).await;
                    fut.await
                }))
            })
            .delay(Duration::ZERO);
            Arc::new(loader)
        });
        Ok(entry
            .clone()
            .downcast::<DataLoader<L>>()
            .expect("loader registry type"))
    }

    /// The to-one loader of `E`.
    pub fn by_id<E>(&self) -> Result<Arc<DataLoader<ById<E>>>, ApiError>
    where
        E: Secured,
        E::Model: Send + Sync + Clone,
    {
        self.get_or_make(String::new(), |viewer, db| ById {
            viewer,
            db,
            _e: PhantomData,
        })
    }

    /// The to-many loader of `E` grouped by `column`, each group ordered by `sort`.
    pub fn by_column<E>(
        &self,
        column: E::Column,
        sort: E::Column,
    ) -> Result<Arc<DataLoader<ByColumn<E>>>, ApiError>
    where
        E: Secured,
        E::Model: Send + Sync + Clone,
    {
        let tag = format!("{}:{}", column.to_string(), sort.to_string());
        self.get_or_make(tag, |viewer, db| ByColumn {
            viewer,
            db,
            column,
            sort,
        })
    }
}

/// A guarded field: `Ok` when the viewer may read it, else FORBIDDEN saying why.
pub async fn guard(ctx: &async_graphql::Context<'_>, guard: Guard) -> async_graphql::Result<()> {
    let loader = ctx
        .data_unchecked::<Loaders>()
        .get_or_make(String::new(), |viewer, db| Guards { viewer, db })?;
    match loader.load_one(guard).await? {
        Some(Ok(())) => Ok(()),
        Some(Err(why)) => Err(fields::refusal(why).into()),
        None => Err(fields::refusal("not allowed to read this field").into()),
    }
}

/// A to-one relation field: the related row, or null when it is out of the viewer's scope.
pub async fn one<E>(
    ctx: &async_graphql::Context<'_>,
    id: Option<Uuid>,
) -> async_graphql::Result<Option<E::Model>>
where
    E: Secured,
    E::Model: Send + Sync + Clone,
{
    let Some(id) = id else { return Ok(None) };
    let loader = ctx.data_unchecked::<Loaders>().by_id::<E>()?;
    loader.load_one(id).await
}

/// A to-many relation field's rows (at most `first`) and whether more exist.
pub async fn many<E>(
    ctx: &async_graphql::Context<'_>,
    column: E::Column,
    sort: E::Column,
    parent: Uuid,
    first: Option<i32>,
) -> async_graphql::Result<(Vec<E::Model>, bool)>
where
    E: Secured,
    E::Model: Send + Sync + Clone,
{
    let limit = super::connection::page_size(ctx, "first", first)?;
    let loader = ctx
        .data_unchecked::<Loaders>()
        .by_column::<E>(column, sort)?;
    let mut rows = loader.load_one((parent, limit)).await?.unwrap_or_default();
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    Ok((rows, more))
}
