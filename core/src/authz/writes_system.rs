//! The server's own writes: the rows a rule writes as a consequence of someone's action (an
//! activity log, an automatic flag, a notification, the honorarium a counter crossed, a
//! superseded report) and the scheduled jobs' changes (a certification expiring, a reminder
//! sent, an assignment period reset).
//!
//! No viewer makes them, so no permission or row scope applies. What holds on this path as on
//! the `Writer`'s:
//! - a status column moves only along its table's state machine: any declared move, a move
//!   declared `By::System` included (those are made here and nowhere else); an undeclared move is
//!   refused with `status_transition` like a client's;
//! - every change is stamped (`updated_at`, `updated_by_id`) and appended to the audit chain as
//!   `<VERB>_<RESOURCE>` with the rule that made it and `"system": true`; the event's actor is the
//!   user whose request set it off, none for a job.
//!
//! `Writer::on_behalf` gives the system writer for a request's own steps (its actor, client and
//! instant); `System::job` one for a scheduled job at the instant of its run.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, Condition, DatabaseTransaction,
    EntityTrait, IntoActiveModel, Iterable, ModelTrait, QueryFilter, Value,
    sea_query::{Expr, SimpleExpr},
};
use serde_json::json;
use uuid::Uuid;

use super::{
    policy::Secured,
    writes::{Writer, column_name, forbidden_field, set, state, uuid_of},
};
use crate::{
    audit::{self, AuditRecord, Verb},
    auth::session::ClientInfo,
    error::{ApiError, ApiResult},
};

/// Who the server writes for (see the module docs).
pub struct System<'a> {
    pub now: DateTime<Utc>,
    actor: Option<Uuid>,
    client: Option<&'a ClientInfo>,
}

impl System<'static> {
    /// A scheduled job's writes at `now`: no actor.
    pub fn job(now: DateTime<Utc>) -> Self {
        Self::acting(now, None)
    }

    /// Writes a rule makes at `now` for `actor`'s action (None: a job's), where the rule is
    /// shared by requests and jobs and so holds no request.
    pub fn acting(now: DateTime<Utc>, actor: Option<Uuid>) -> Self {
        Self {
            now,
            actor,
            client: None,
        }
    }
}

impl Writer<'_> {
    /// The server's own steps of this request's workflow (actor, client and instant the request's).
    pub fn on_behalf(&self) -> System<'_> {
        System {
            now: self.now,
            actor: Some(self.viewer.user_id),
            client: Some(self.client),
        }
    }
}

pub(super) fn column<E: EntityTrait>(name: &str) -> Option<E::Column> {
    <E::Column as FromStr>::from_str(name).ok()
}

pub(super) fn organization_of<E: EntityTrait>(row: &E::Model) -> Option<Uuid> {
    column::<E>("organization_id").and_then(|c| uuid_of(&row.get(c)))
}

/// Appends `<verb>_<RESOURCE>` on row `id` to the audit chain: the one audit path of every write.
pub(super) async fn append_write<E: Secured>(
    txn: &DatabaseTransaction,
    verb: Verb,
    id: Uuid,
    organization: Option<Uuid>,
    actor: Option<Uuid>,
    client: Option<&ClientInfo>,
    details: serde_json::Value,
) -> ApiResult<()> {
    let table = E::default().table_name().to_string();
    let mut record = AuditRecord::new(audit::Action::Write(verb, E::RESOURCE))
        .organization(organization)
        .entity(&table, id)
        .details(details);
    if let Some(a) = actor {
        record = record.actor(a);
    }
    if let Some(c) = client {
        record = record.client(c);
    }
    audit::append(txn, record).await?;
    Ok(())
}

/// `details` with `columns` added (an object is kept, anything else replaced).
fn with_columns(details: serde_json::Value, columns: Vec<String>) -> serde_json::Value {
    let mut details = match details {
        serde_json::Value::Object(_) => details,
        _ => json!({}),
    };
    if let Some(map) = details.as_object_mut() {
        map.insert("columns".into(), columns.into());
    }
    details
}

/// Moves row `id`'s status column to `to` (with `extra` set too) while the status is one of
/// `from` and the row is live: of concurrent changes exactly one matches. Stamps the row;
/// `None` when another request changed it first, else the row after and the changed columns.
pub(super) async fn move_row<E: Secured>(
    txn: &DatabaseTransaction,
    id: Uuid,
    from: Vec<Value>,
    to: Value,
    extra: Vec<(E::Column, SimpleExpr)>,
    now: DateTime<Utc>,
    by: Option<Uuid>,
) -> ApiResult<Option<(E::Model, Vec<String>)>> {
    let machine = E::write_rules().machine.ok_or_else(|| {
        ApiError::Internal(anyhow::anyhow!("{} has no state machine", E::RESOURCE))
    })?;
    let mut columns = vec![column_name(&machine.column)];
    let mut update = E::update_many()
        .col_expr(machine.column, Expr::value(to))
        .filter(E::id_column().eq(id))
        .filter(machine.column.is_in(from));
    if let Some(deleted) = E::deleted_column() {
        update = update.filter(deleted.is_null());
    }
    for (c, v) in extra {
        columns.push(column_name(&c));
        update = update.col_expr(c, v);
    }
    if let Some(c) = column::<E>("updated_at") {
        update = update.col_expr(c, Expr::value(now));
    }
    if let Some(c) = column::<E>("updated_by_id") {
        update = update.col_expr(c, Expr::value(by));
    }
    if update.exec(txn).await?.rows_affected != 1 {
        return Ok(None);
    }
    let after = E::find()
        .filter(E::id_column().eq(id))
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Some((after, columns)))
}

/// Takes live row `id`'s write lock while `guard` holds, changing nothing (`UPDATE ... SET
/// updated_at = updated_at`): concurrent steps on the row then run one after the other (row
/// lock in PostgreSQL, the write lock in SQLite, taken up front when called first).
pub(super) async fn claim_row<E: Secured>(
    txn: &DatabaseTransaction,
    id: Uuid,
    guard: Condition,
) -> ApiResult<bool> {
    let stamp = column::<E>("updated_at").unwrap_or_else(E::id_column);
    let mut guard = guard;
    if let Some(deleted) = E::deleted_column() {
        guard = guard.add(deleted.is_null());
    }
    Ok(E::update_many()
        .col_expr(stamp, Expr::col(stamp))
        .filter(E::id_column().eq(id))
        .filter(guard)
        .exec(txn)
        .await?
        .rows_affected
        == 1)
}

impl System<'_> {
    fn details(&self, rule: &str, details: serde_json::Value) -> serde_json::Value {
        let mut details = match details {
            serde_json::Value::Object(_) => details,
            _ => json!({}),
        };
        if let Some(map) = details.as_object_mut() {
            map.insert("rule".into(), rule.into());
            map.insert("system".into(), true.into());
        }
        details
    }

    async fn audit<E: Secured>(
        &self,
        txn: &DatabaseTransaction,
        verb: Verb,
        id: Uuid,
        organization: Option<Uuid>,
        details: serde_json::Value,
    ) -> ApiResult<()> {
        append_write::<E>(
            txn,
            verb,
            id,
            organization,
            self.actor,
            self.client,
            details,
        )
        .await
    }

    /// Inserts `am` in `organization`, authored by `by` (the user the rule acts for, or None
    /// for what the server raises on its own), under `rule`.
    pub async fn insert<E>(
        &self,
        txn: &DatabaseTransaction,
        by: Option<Uuid>,
        organization: Uuid,
        mut am: E::ActiveModel,
        rule: &str,
    ) -> ApiResult<E::Model>
    where
        E: Secured,
        E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<E::ActiveModel>,
    {
        let id = Uuid::now_v7();
        am.try_set(E::id_column(), id.into())?;
        set(&mut am, "organization_id", organization.into())?;
        set(&mut am, "created_at", self.now.into())?;
        set(&mut am, "updated_at", self.now.into())?;
        set(&mut am, "created_by_id", by.into())?;
        set(&mut am, "updated_by_id", by.into())?;
        super::writes_limits::ensure_room::<E>(txn, &am, self.now).await?;
        let model = am.insert(txn).await?;
        self.audit::<E>(
            txn,
            Verb::Create,
            id,
            Some(organization),
            self.details(rule, json!({})),
        )
        .await?;
        Ok(model)
    }

    /// Writes the columns set in `am` on its row (found by id), under `rule`. A status change
    /// must be a move of the table's machine.
    pub async fn update<E>(
        &self,
        txn: &DatabaseTransaction,
        mut am: E::ActiveModel,
        rule: &str,
    ) -> ApiResult<E::Model>
    where
        E: Secured,
        E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<E::ActiveModel>,
    {
        let id = am
            .get(E::id_column())
            .into_value()
            .and_then(|v| uuid_of(&v))
            .ok_or(ApiError::NotFound)?;
        let rules = E::write_rules();
        if rules.machine.is_some() || rules.limit.is_some() {
            let before = E::find()
                .filter(E::id_column().eq(id))
                .one(txn)
                .await?
                .ok_or(ApiError::NotFound)?;
            if let Some(machine) = rules.machine
                && let Some(to) = am.get(machine.column).into_value()
            {
                self.ensure_declared::<E>(&before, &to)?;
            }
            super::writes_limits::ensure_room_for_update::<E>(txn, &before, &am).await?;
        }
        let columns: Vec<String> = <E::Column as Iterable>::iter()
            .filter(|c| am.get(*c).is_set())
            .map(|c| column_name(&c))
            .filter(|c| c != "id")
            .collect();
        set(&mut am, "updated_at", self.now.into())?;
        set(&mut am, "updated_by_id", self.actor.into())?;
        let row = am.update(txn).await?;
        let details = with_columns(self.details(rule, json!({})), columns);
        self.audit::<E>(txn, Verb::Update, id, organization_of::<E>(&row), details)
            .await?;
        Ok(row)
    }

    /// The state machine's verdict on a move the server makes: declared, whoever it names.
    fn ensure_declared<E: Secured>(&self, before: &E::Model, to: &Value) -> ApiResult<()> {
        let Some(machine) = E::write_rules().machine else {
            return Ok(());
        };
        let from = state(&before.get(machine.column)).unwrap_or_default();
        let to = state(to).unwrap_or_default();
        if from == to || machine.find(&from, &to).is_some() {
            return Ok(());
        }
        Err(forbidden_field(
            &column_name(&machine.column),
            "status_transition",
            format!("{from} cannot become {to}"),
        ))
    }

    /// Moves `before` to `to` (setting `extra` too) while its status is still what `before`
    /// holds; `None` when another run changed it first. Audited with `rule` and `details`.
    pub async fn claim_move<E>(
        &self,
        txn: &DatabaseTransaction,
        before: &E::Model,
        to: Value,
        extra: Vec<(E::Column, SimpleExpr)>,
        rule: &str,
        details: serde_json::Value,
    ) -> ApiResult<Option<E::Model>>
    where
        E: Secured,
    {
        let machine = E::write_rules().machine.ok_or_else(|| {
            ApiError::Internal(anyhow::anyhow!("{} has no state machine", E::RESOURCE))
        })?;
        self.ensure_declared::<E>(before, &to)?;
        super::writes_limits::ensure_room_for_move::<E>(txn, before, &to).await?;
        let id = uuid_of(&before.get(E::id_column())).ok_or(ApiError::NotFound)?;
        let from = vec![before.get(machine.column)];
        let Some((after, columns)) =
            move_row::<E>(txn, id, from, to, extra, self.now, self.actor).await?
        else {
            return Ok(None);
        };
        let details = with_columns(self.details(rule, details), columns);
        self.audit::<E>(txn, Verb::Update, id, organization_of::<E>(&after), details)
            .await?;
        Ok(Some(after))
    }

    /// Sets `sets` on the live rows matching `filter` (a status column is not among them: a
    /// status moves by `claim_move`), each audited with `rule` and `details`. Rows are found,
    /// then changed under `filter` again: call it on one row under its own guard, or on rows
    /// whose parent this transaction has claimed. Returns the ids changed (none when another
    /// run changed them first).
    pub async fn update_where<E>(
        &self,
        txn: &DatabaseTransaction,
        filter: Condition,
        sets: Vec<(E::Column, SimpleExpr)>,
        rule: &str,
        details: serde_json::Value,
    ) -> ApiResult<Vec<Uuid>>
    where
        E: Secured,
    {
        let machine = E::write_rules().machine.map(|m| column_name(&m.column));
        let columns: Vec<String> = sets.iter().map(|(c, _)| column_name(c)).collect();
        if let Some(m) = machine.filter(|m| columns.contains(m)) {
            return Err(ApiError::Internal(anyhow::anyhow!(
                "{}.{m} moves by claim_move",
                E::RESOURCE
            )));
        }
        let mut live = filter;
        if let Some(deleted) = E::deleted_column() {
            live = live.add(deleted.is_null());
        }
        let found: Vec<(Uuid, Option<Uuid>)> = E::find()
            .filter(live.clone())
            .all(txn)
            .await?
            .iter()
            .filter_map(|r| Some((uuid_of(&r.get(E::id_column()))?, organization_of::<E>(r))))
            .collect();
        let ids: Vec<Uuid> = found.iter().map(|(id, _)| *id).collect();
        if ids.is_empty() {
            return Ok(ids);
        }
        let mut update = E::update_many()
            .filter(E::id_column().is_in(ids.clone()))
            .filter(live);
        for (c, v) in sets {
            update = update.col_expr(c, v);
        }
        if let Some(c) = column::<E>("updated_at") {
            update = update.col_expr(c, Expr::value(self.now));
        }
        if let Some(c) = column::<E>("updated_by_id") {
            update = update.col_expr(c, Expr::value(self.actor));
        }
        let changed = update.exec(txn).await?.rows_affected;
        if changed == 0 {
            return Ok(Vec::new());
        }
        if changed != ids.len() as u64 {
            return Err(ApiError::Conflict(
                "the rows changed meanwhile; try again".into(),
            ));
        }
        for (id, org) in found {
            let details = with_columns(self.details(rule, details.clone()), columns.clone());
            self.audit::<E>(txn, Verb::Update, id, org, details).await?;
        }
        Ok(ids)
    }

    /// Takes row `id`'s write lock while `guard` holds, changing nothing: of concurrent steps on
    /// the row exactly one claims it (the others wait for it, then find `guard` false).
    pub async fn claim<E: Secured>(
        &self,
        txn: &DatabaseTransaction,
        id: Uuid,
        guard: Condition,
    ) -> ApiResult<bool> {
        claim_row::<E>(txn, id, guard).await
    }
}
