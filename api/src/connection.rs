//! Relay connections over any secured entity: keyset pagination in SQL (first/after,
//! last/before), page-size limits from config, and `totalCount` computed only when asked.
//! The row scope is already inside the `Select` handed in, so counts and cursors obey it too.

use std::{future::Future, pin::Pin};

use async_graphql::{
    Context, Object, OutputType, Result,
    connection::{Connection, Edge, EmptyFields},
};
use base64::Engine;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, ModelTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

use super::context::ContextExt;
use meander_core::{
    authz::Secured,
    error::{ApiError, ApiResult},
};

type CountFuture = Pin<Box<dyn Future<Output = Result<u64, sea_orm::DbErr>> + Send>>;

/// Extra fields of every connection.
pub struct ConnectionMeta {
    count: Box<dyn Fn(DatabaseConnection) -> CountFuture + Send + Sync>,
}

#[Object]
impl ConnectionMeta {
    /// Number of rows matching the filter within the viewer's scope (one extra query, only when asked).
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok((self.count)(ctx.db().clone())
            .await
            .map_err(ApiError::from)?)
    }
}

pub type Page<N> = Connection<String, N, ConnectionMeta, EmptyFields>;

/// Relay arguments as the resolvers receive them.
#[derive(Default, Clone)]
pub struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

fn encode_cursor(id: Uuid) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id.as_bytes())
}

fn decode_cursor(field: &str, cursor: &str) -> ApiResult<Uuid> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| Uuid::from_slice(&b).ok())
        .ok_or_else(|| ApiError::bad_input(field, "cursor_format", "not a cursor from this API"))
}

/// Validated page size: `first`/`last` default to `graphql.default_page_size` and may not
/// exceed `graphql.max_page_size`.
pub fn page_size(ctx: &Context<'_>, field: &str, requested: Option<i32>) -> ApiResult<u64> {
    let s = &ctx.app().settings.graphql;
    match requested {
        None => Ok(s.default_page_size),
        Some(n) if n < 0 => Err(ApiError::bad_input(
            field,
            "page_size_range",
            "must not be negative",
        )),
        Some(n) if n as u64 > s.max_page_size => Err(ApiError::bad_input(
            field,
            "page_size_range",
            format!("at most {} rows per page", s.max_page_size),
        )),
        Some(n) => Ok(n as u64),
    }
}

/// One page of `select` ordered by `sort` (then id), mapped to nodes.
pub async fn paginate<E, N>(
    ctx: &Context<'_>,
    select: Select<E>,
    sort: E::Column,
    descending: bool,
    args: PageArgs,
    node: impl Fn(E::Model) -> N,
) -> Result<Page<N>>
where
    E: Secured,
    E::Model: Sync,
    N: OutputType,
{
    if args.first.is_some() && args.last.is_some() {
        return Err(ApiError::bad_input(
            "last",
            "page_direction",
            "use either first or last, not both",
        )
        .into());
    }
    let backward = args.last.is_some() || (args.before.is_some() && args.first.is_none());
    let limit = if backward {
        page_size(ctx, "last", args.last)?
    } else {
        page_size(ctx, "first", args.first)?
    };
    let db = ctx.db();
    let id_col = E::id_column();
    let count_select = select.clone();

    let mut query = select.clone();
    for (field, cursor, after) in [
        ("after", &args.after, true),
        ("before", &args.before, false),
    ] {
        let Some(cursor) = cursor else { continue };
        let id = decode_cursor(field, cursor)?;
        // The cursor row is read through the same scoped select: a foreign id is no boundary.
        let row = select
            .clone()
            .filter(id_col.eq(id))
            .one(db)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| {
                ApiError::bad_input(field, "cursor_stale", "the cursor's row is gone")
            })?;
        let value = row.get(sort);
        let forward = after != descending;
        let beyond = if forward {
            Condition::any()
                .add(sort.gt(value.clone()))
                .add(Condition::all().add(sort.eq(value)).add(id_col.gt(id)))
        } else {
            Condition::any()
                .add(sort.lt(value.clone()))
                .add(Condition::all().add(sort.eq(value)).add(id_col.lt(id)))
        };
        query = query.filter(beyond);
    }
    let reading_desc = descending != backward;
    let order = if reading_desc {
        Order::Desc
    } else {
        Order::Asc
    };
    let mut rows = query
        .order_by(sort, order.clone())
        .order_by(id_col, order)
        .limit(limit + 1)
        .all(db)
        .await
        .map_err(ApiError::from)?;
    let has_more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    if backward {
        rows.reverse();
    }
    let (has_previous, has_next) = if backward {
        (has_more, args.before.is_some())
    } else {
        (args.after.is_some(), has_more)
    };
    Ok(page(rows, has_previous, has_next, count_select, node))
}

/// Builds a connection page from rows already fetched; `count_select` backs `totalCount`.
pub fn page<E, N>(
    rows: Vec<E::Model>,
    has_previous: bool,
    has_next: bool,
    count_select: Select<E>,
    node: impl Fn(E::Model) -> N,
) -> Page<N>
where
    E: Secured,
    E::Model: Sync,
    N: OutputType,
{
    let meta = ConnectionMeta {
        count: Box::new(move |db| {
            let s = count_select.clone();
            Box::pin(async move { s.count(&db).await })
        }),
    };
    let mut conn = Connection::with_additional_fields(has_previous, has_next, meta);
    conn.edges.extend(rows.into_iter().map(|m| {
        let id = match m.get(E::id_column()) {
            sea_orm::Value::Uuid(Some(u)) => u,
            _ => Uuid::nil(),
        };
        Edge::new(encode_cursor(id), node(m))
    }));
    conn
}
