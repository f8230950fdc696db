//! `Rules::limit` and `Rules::admission`: what a row needs to take a place under its parent.
//!
//! `Rules::limit`: at most so many live rows share a parent (five documents per activity; a
//! course's seats, counting only the enrollments in a seat-taking state). Checked where a row
//! takes a place: on every create path (`Writer::insert`, `Writer::record`, `System::insert`),
//! and on every update that moves a row into a counting state or to another parent
//! (`Writer::update`, `Writer::claim_move`, `System::update`, `System::claim_move`), before the
//! row is written. Safe under concurrent writes: on PostgreSQL the writers of one parent take
//! turns on a transaction-scoped advisory lock before counting, so the second of two writes for
//! the last place counts the first; SQLite has one writer at a time already (`db::begin_write`).
//!
//! `Rules::admission` (see `write_rules::Admission`): the parent is open and before its deadline
//! when the row is created, and the row's subject has completed the parent's prerequisites when
//! the row is created or moves into a place. Read from the parent's row by column name, so the
//! declaration names the columns and this code knows no course.

use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend,
    ModelTrait, QueryFilter, QuerySelect, Statement, Value,
    sea_query::{Alias, Expr, ExprTrait, Query},
};
use sha2::{Digest, Sha256};

use chrono::{DateTime, Utc};

use super::{
    policy::Secured,
    write_rules::{Admission, Cap, Limit},
    writes::{column_name, field_name, state},
};
use crate::error::{ApiError, ApiResult};

/// Advisory lock class of these checks (the audit chain's locks use the one-key form).
const LOCK_CLASS: i32 = 0x4c494d; // "LIM"

/// Whether a row in `status` (the machine column's value) takes a place.
fn counts<C>(limit: &Limit<C>, status: Option<&Value>) -> bool {
    limit.counting.is_empty()
        || status
            .and_then(state)
            .is_some_and(|s| limit.counting.contains(&s.as_str()))
}

/// On create: refuses the row `am` would become when its parent does not admit it (closed,
/// past its deadline, prerequisites missing) or has no place left for it.
pub(super) async fn ensure_room<E>(
    txn: &DatabaseTransaction,
    am: &E::ActiveModel,
    now: DateTime<Utc>,
) -> ApiResult<()>
where
    E: Secured,
    E::ActiveModel: ActiveModelTrait<Entity = E>,
{
    let status = E::write_rules()
        .machine
        .and_then(|m| am.get(m.column).into_value());
    let limit = E::write_rules().limit;
    let takes_place = limit.as_ref().is_none_or(|l| counts(l, status.as_ref()));
    if let Some(admission) = E::write_rules().admission
        && let Some(parent) = am.get(admission.parent).into_value()
    {
        let subject = E::subject_column().and_then(|c| am.get(c).into_value());
        admit::<E>(txn, &admission, parent, subject, Some(now), takes_place).await?;
    }
    let Some(limit) = limit else {
        return Ok(());
    };
    if !counts(&limit, status.as_ref()) {
        return Ok(());
    }
    match am.get(limit.parent).into_value() {
        Some(parent) => check::<E>(txn, &limit, parent).await,
        None => Ok(()),
    }
}

/// On a status move of `before` to `to` (its parent unchanged).
pub(super) async fn ensure_room_for_move<E>(
    txn: &DatabaseTransaction,
    before: &E::Model,
    to: &Value,
) -> ApiResult<()>
where
    E: Secured,
{
    ensure_room_for_change::<E>(txn, before, Some(to.clone()), None).await
}

/// On an update of `before` by `am`: a row that takes a place after the update and did not
/// take one in the same parent before (a move into a counting state, or to another parent)
/// needs a free place there.
pub(super) async fn ensure_room_for_update<E>(
    txn: &DatabaseTransaction,
    before: &E::Model,
    am: &E::ActiveModel,
) -> ApiResult<()>
where
    E: Secured,
    E::ActiveModel: ActiveModelTrait<Entity = E>,
{
    let Some(limit) = E::write_rules().limit else {
        return Ok(());
    };
    let set = |v: ActiveValue<Value>| match v {
        ActiveValue::Set(v) => Some(v),
        _ => None,
    };
    let status = E::write_rules().machine.and_then(|m| set(am.get(m.column)));
    ensure_room_for_change::<E>(txn, before, status, set(am.get(limit.parent))).await
}

async fn ensure_room_for_change<E: Secured>(
    txn: &DatabaseTransaction,
    before: &E::Model,
    status: Option<Value>,
    parent: Option<Value>,
) -> ApiResult<()> {
    let Some(limit) = E::write_rules().limit else {
        return Ok(());
    };
    let status_before = E::write_rules().machine.map(|m| before.get(m.column));
    let status_after = status.or_else(|| status_before.clone());
    let parent_before = before.get(limit.parent);
    let parent_after = parent.unwrap_or_else(|| parent_before.clone());
    if !counts(&limit, status_after.as_ref())
        || (counts(&limit, status_before.as_ref()) && parent_after == parent_before)
    {
        return Ok(());
    }
    // Taking a place (a seat): the prerequisites hold now too, whoever moves the row there.
    if let Some(admission) = E::write_rules().admission {
        let subject = E::subject_column().map(|c| before.get(c));
        admit::<E>(txn, &admission, parent_after.clone(), subject, None, true).await?;
    }
    check::<E>(txn, &limit, parent_after).await
}

/// The parent's admission checks for a row of `subject`: status and deadline with `now` (only
/// on create: they are about asking to join, not about being placed later), prerequisites when
/// the row `takes_place` (an application may wait for a prerequisite still under way).
async fn admit<E: Secured>(
    txn: &DatabaseTransaction,
    admission: &Admission<E::Column>,
    parent: Value,
    subject: Option<Value>,
    now: Option<DateTime<Utc>>,
    takes_place: bool,
) -> ApiResult<()> {
    if matches!(parent, Value::Uuid(None)) {
        return Ok(());
    }
    let field = field_name(&column_name(&admission.parent));
    let what = column_name(&admission.parent)
        .trim_end_matches("_id")
        .replace('_', " ");
    let mut q = Query::select();
    q.expr_as(Expr::col(Alias::new("status")), Alias::new("status"))
        .from(Alias::new(admission.parent_table))
        .and_where(Expr::col(Alias::new("id")).eq(parent.clone()));
    if let Some(deadline) = admission.deadline {
        q.expr_as(Expr::col(Alias::new(deadline)), Alias::new("deadline"));
    }
    if let Some(prerequisites) = admission.prerequisites {
        q.expr_as(
            Expr::col(Alias::new(prerequisites)),
            Alias::new("prerequisites"),
        );
    }
    // A parent that does not exist is the reference check's to answer.
    let Some(row) = txn.query_one(&q).await? else {
        return Ok(());
    };
    if let Some(now) = now {
        let status: String = row.try_get("", "status")?;
        if !admission.open.contains(&status.as_str()) {
            return Err(ApiError::bad_input(
                &field,
                "enrollment_open",
                format!("the {what} is {status}, not open for enrollment"),
            ));
        }
        if admission.deadline.is_some()
            && let Some(deadline) = row.try_get::<Option<DateTime<Utc>>>("", "deadline")?
            && now > deadline
        {
            return Err(ApiError::bad_input(
                &field,
                "enrollment_deadline",
                format!("the {what}'s enrollment deadline ({deadline}) has passed"),
            ));
        }
    }
    let required: Vec<uuid::Uuid> = match admission.prerequisites {
        Some(_) => row
            .try_get::<Option<serde_json::Value>>("", "prerequisites")?
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let (Some(subject_column), Some(subject)) = (E::subject_column(), subject) else {
        return Ok(());
    };
    if required.is_empty() || !takes_place {
        return Ok(());
    }
    let mut done = E::find()
        .filter(subject_column.eq(subject))
        .filter(admission.parent.is_in(required.clone()));
    if let Some(deleted) = E::deleted_column() {
        done = done.filter(deleted.is_null());
    }
    if let Some(machine) = E::write_rules().machine {
        done = done.filter(machine.column.is_in(admission.completed.iter().copied()));
    }
    let completed: Vec<uuid::Uuid> = done
        .select_only()
        .column(admission.parent)
        .into_tuple()
        .all(txn)
        .await?;
    let missing = required.iter().filter(|r| !completed.contains(r)).count();
    if missing > 0 {
        return Err(ApiError::bad_input(
            &field,
            "prerequisites_completed",
            format!(
                "{missing} of the {what}'s {} prerequisite(s) not completed",
                required.len()
            ),
        ));
    }
    Ok(())
}

async fn check<E: Secured>(
    txn: &DatabaseTransaction,
    limit: &Limit<E::Column>,
    parent: Value,
) -> ApiResult<()> {
    if matches!(parent, Value::Uuid(None)) {
        return Ok(());
    }
    if txn.get_database_backend() == DbBackend::Postgres {
        let digest = Sha256::digest(format!("{}:{parent:?}", E::RESOURCE).as_bytes());
        let key = i32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1, $2)::text",
            [LOCK_CLASS.into(), key.into()],
        ))
        .await?;
    }
    let max = match limit.max {
        Cap::Fixed(n) => n,
        Cap::ParentColumn(table, column) => {
            let q = Query::select()
                .expr_as(Expr::col(Alias::new(column)), Alias::new("cap"))
                .from(Alias::new(table))
                .and_where(Expr::col(Alias::new("id")).eq(parent.clone()))
                .to_owned();
            let row = txn.query_one(&q).await?;
            match row.and_then(|r| r.try_get::<Option<i32>>("", "cap").ok().flatten()) {
                Some(n) => u64::try_from(n).unwrap_or(0),
                None => return Ok(()),
            }
        }
    };
    let mut live = E::find().filter(limit.parent.eq(parent));
    if let Some(deleted) = E::deleted_column() {
        live = live.filter(deleted.is_null());
    }
    if let (false, Some(machine)) = (limit.counting.is_empty(), E::write_rules().machine) {
        live = live.filter(machine.column.is_in(limit.counting.iter().copied()));
    }
    let count: i64 = live
        .select_only()
        .column_as(Expr::col(limit.parent).count(), "n")
        .into_tuple()
        .one(txn)
        .await?
        .unwrap_or(0);
    if count as u64 >= max {
        let parent = column_name(&limit.parent);
        return Err(ApiError::bad_input(
            field_name(&parent),
            limit.rule,
            format!(
                "the {} has no place left ({max} taken)",
                parent.trim_end_matches("_id").replace('_', " ")
            ),
        ));
    }
    Ok(())
}
