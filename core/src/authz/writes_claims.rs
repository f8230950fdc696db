//! `Writer` verbs for the writes a workflow makes on the server's behalf, so that no workflow
//! writes a row beside the `Writer`:
//! - `claim_move`: a conditional status change (of concurrent requests exactly one wins), judged
//!   by the table's state machine like every other status change;
//! - `record`: a row the server writes for the viewer's checked action (a dispatch step, a read
//!   receipt, a custom role), which the viewer may hold no CREATE permission for;
//! - `revise`: an update of a row the workflow found and checked under its own permission (a
//!   role's permission override, under MANAGE_ROLES);
//! - `claim` and `lock_row`: take a row's write lock (under a guard), changing nothing;
//! - `on_behalf` (`writes_system`): the workflow's own steps, which no viewer makes (a move the
//!   machine declares `By::System`, a row a rule writes for someone else);
//! - `ensure_identity` and `ensure_deletable`: the write rules `identity_self_or_support`,
//!   `own_rows_only` and `row_in_use` (`write_rules`).

use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait,
    DatabaseTransaction, IntoActiveModel, Iterable, ModelTrait, QueryFilter, Value,
    sea_query::{Expr, OnConflict},
};
use uuid::Uuid;

use super::{
    policy::{Action, Secured, staff_reach},
    viewer::Reach,
    writes::{Writer, column_name, set, uuid_of},
    writes_system::{claim_row, column, move_row, organization_of},
};
use crate::{
    audit::Verb,
    error::{ApiError, ApiResult},
};

impl Writer<'_> {
    /// `identity_self_or_support`: a person's identity row is changed by that person, or by
    /// platform support under a grant (`reach`: the viewer's widest staff reach on the row for
    /// the update).
    pub(super) fn ensure_identity<E: Secured>(
        &self,
        before: &E::Model,
        reach: Option<Reach>,
    ) -> ApiResult<()> {
        let Some(person) = E::write_rules().identity else {
            return Ok(());
        };
        if uuid_of(&before.get(person)) == Some(self.viewer.user_id)
            || reach == Some(Reach::Platform)
        {
            return Ok(());
        }
        Err(ApiError::ForbiddenField {
            message: "a person's identity is shared by every organization they belong to: only \
                      they, or platform support under a grant, change it; change your \
                      organization's membership row instead"
                .into(),
            field: "id".into(),
            rule: "identity_self_or_support".into(),
        })
    }

    /// `own_rows_only` and `row_in_use` for a delete (`write_rules`).
    pub(super) async fn ensure_deletable<E: Secured>(
        &self,
        txn: &DatabaseTransaction,
        before: &E::Model,
        id: Uuid,
    ) -> ApiResult<()> {
        let rules = E::write_rules();
        if let Some(author) = rules.own_author
            && uuid_of(&before.get(author)) != Some(self.viewer.user_id)
            && staff_reach::<E>(txn, self.viewer, Action::Delete, id)
                .await?
                .is_none()
        {
            return Err(ApiError::forbidden(
                "you may delete only the rows you wrote yourself",
            ));
        }
        for (table, column) in rules.referenced_by {
            let backend = txn.get_database_backend();
            let placeholder = if backend == sea_orm::DbBackend::Postgres {
                "$1"
            } else {
                "?"
            };
            let sql = format!(
                "SELECT COUNT(*) AS n FROM {table} WHERE {column} = {placeholder} AND deleted_at IS NULL"
            );
            let row = txn
                .query_one_raw(sea_orm::Statement::from_sql_and_values(
                    backend,
                    sql,
                    [id.into()],
                ))
                .await?;
            let n: i64 = row.map_or(Ok(0), |r| r.try_get("", "n"))?;
            if n > 0 {
                return Err(ApiError::ForbiddenField {
                    message: format!(
                        "{n} live {} still point at this row: change them first",
                        table.replace('_', " ")
                    ),
                    field: "id".into(),
                    rule: "row_in_use".into(),
                });
            }
        }
        Ok(())
    }

    /// Moves `before` to `to`, setting `extra` too, only while its status is still one of
    /// `from` (a claim: of concurrent changes exactly one matches). The move must be the
    /// machine's and made by whom it names (`ensure_move`). Audited as an update with `details`
    /// besides the changed columns. `None`: another request changed the row first.
    pub async fn claim_move<E>(
        &self,
        txn: &DatabaseTransaction,
        before: &E::Model,
        from: Vec<Value>,
        to: Value,
        extra: Vec<(E::Column, Value)>,
        details: serde_json::Value,
    ) -> ApiResult<Option<E::Model>>
    where
        E: Secured,
    {
        self.ensure_move::<E>(txn, before, &to).await?;
        super::writes_limits::ensure_room_for_move::<E>(txn, before, &to).await?;
        let id = uuid_of(&before.get(E::id_column())).ok_or(ApiError::NotFound)?;
        let extra = extra
            .into_iter()
            .map(|(c, v)| (c, Expr::value(v)))
            .collect();
        let by = Some(self.viewer.user_id);
        let Some((after, columns)) = move_row::<E>(txn, id, from, to, extra, self.now, by).await?
        else {
            return Ok(None);
        };
        let mut details = details;
        if let Some(map) = details.as_object_mut() {
            map.insert("columns".into(), columns.into());
        }
        self.audit_details::<E>(txn, Verb::Update, id, organization_of::<E>(&after), details)
            .await?;
        Ok(Some(after))
    }

    /// Inserts the trail row `am` the server keeps about the viewer's action (its id,
    /// timestamps and authors set here), whatever the viewer's CREATE permission on the table:
    /// the workflow that calls it has checked the action. With `unique_on`, a row that already
    /// exists for those columns is kept and nothing is written (`Ok(None)`). Audited as a
    /// create with `details`.
    pub async fn record<E>(
        &self,
        txn: &DatabaseTransaction,
        mut am: E::ActiveModel,
        unique_on: &[E::Column],
        details: serde_json::Value,
    ) -> ApiResult<Option<E::Model>>
    where
        E: Secured,
        E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
    {
        let id = Uuid::now_v7();
        am.try_set(E::id_column(), id.into())?;
        set(&mut am, "created_at", self.now.into())?;
        set(&mut am, "updated_at", self.now.into())?;
        set(&mut am, "created_by_id", Some(self.viewer.user_id).into())?;
        set(&mut am, "updated_by_id", Some(self.viewer.user_id).into())?;
        super::writes_limits::ensure_room::<E>(txn, &am, self.now).await?;
        let mut insert = E::insert(am);
        if !unique_on.is_empty() {
            insert = insert.on_conflict(
                OnConflict::columns(unique_on.iter().copied())
                    .do_nothing()
                    .to_owned(),
            );
        }
        if insert.exec_without_returning(txn).await? == 0 {
            return Ok(None);
        }
        let row = E::find()
            .filter(E::id_column().eq(id))
            .one(txn)
            .await?
            .ok_or(ApiError::NotFound)?;
        self.audit_details::<E>(txn, Verb::Create, id, organization_of::<E>(&row), details)
            .await?;
        Ok(Some(row))
    }

    /// Writes `am`, a row the calling workflow found and checked itself (its own permission,
    /// not the table's generic UPDATE): stamps it and audits the changed columns with `details`.
    pub async fn revise<E>(
        &self,
        txn: &DatabaseTransaction,
        mut am: E::ActiveModel,
        details: serde_json::Value,
    ) -> ApiResult<E::Model>
    where
        E: Secured,
        E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<E::ActiveModel>,
    {
        let id = match am.get(E::id_column()).into_value() {
            Some(v) => uuid_of(&v).ok_or(ApiError::NotFound)?,
            None => return Err(ApiError::NotFound),
        };
        let columns: Vec<String> = <E::Column as Iterable>::iter()
            .filter(|c| am.get(*c).is_set())
            .map(|c| column_name(&c))
            .filter(|c| c != "id")
            .collect();
        set(&mut am, "updated_at", self.now.into())?;
        set(&mut am, "updated_by_id", Some(self.viewer.user_id).into())?;
        let row = am.update(txn).await?;
        let mut details = details;
        if let Some(map) = details.as_object_mut() {
            map.insert("columns".into(), columns.into());
        }
        self.audit_details::<E>(txn, Verb::Update, id, organization_of::<E>(&row), details)
            .await?;
        Ok(row)
    }

    /// Takes live row `id`'s write lock while `guard` holds (in the viewer's organization),
    /// changing nothing: of concurrent steps on the row exactly one claims it, the others wait
    /// for it and then find `guard` false.
    pub async fn claim<E: Secured>(
        &self,
        txn: &DatabaseTransaction,
        id: Uuid,
        guard: Condition,
    ) -> ApiResult<bool> {
        let mut guard = guard;
        if let (Some(c), Some(org)) = (column::<E>("organization_id"), self.viewer.organization_id)
        {
            guard = guard.add(c.eq(org));
        }
        claim_row::<E>(txn, id, guard).await
    }

    /// Takes the write lock of row `id` (`claim` without a guard), so that concurrent workflow
    /// steps on it run one after the other.
    pub async fn lock_row<E: Secured>(&self, txn: &DatabaseTransaction, id: Uuid) -> ApiResult<()> {
        self.claim::<E>(txn, id, Condition::all()).await?;
        Ok(())
    }
}
