//! `Rules::limit`: at most `max` live rows share a parent (five documents per activity). Checked
//! on every create path (`Writer::insert`, `Writer::record`, `System::insert`) before the row is
//! written, and safe under concurrent creates: on PostgreSQL the creates of one parent take turns
//! on a transaction-scoped advisory lock before counting, so the second of two creates for the
//! last place counts the first; SQLite has one writer at a time already (`db::begin_write`).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, QueryFilter,
    QuerySelect, Statement, Value,
    sea_query::{Expr, ExprTrait},
};
use sha2::{Digest, Sha256};

use super::{
    policy::Secured,
    writes::{column_name, field_name},
};
use crate::error::{ApiError, ApiResult};

/// Advisory lock class of these checks (the audit chain's locks use the one-key form).
const LOCK_CLASS: i32 = 0x4c494d; // "LIM"

/// Refuses to create the row `am` would become when its parent has `max` live rows already.
pub(super) async fn ensure_room<E>(txn: &DatabaseTransaction, am: &E::ActiveModel) -> ApiResult<()>
where
    E: Secured,
    E::ActiveModel: ActiveModelTrait<Entity = E>,
{
    let Some(limit) = E::write_rules().limit else {
        return Ok(());
    };
    let Some(parent) = am.get(limit.parent).into_value() else {
        return Ok(());
    };
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
    let mut live = E::find().filter(limit.parent.eq(parent));
    if let Some(deleted) = E::deleted_column() {
        live = live.filter(deleted.is_null());
    }
    let count: i64 = live
        .select_only()
        .column_as(Expr::col(limit.parent).count(), "n")
        .into_tuple()
        .one(txn)
        .await?
        .unwrap_or(0);
    if count as u64 >= limit.max {
        let parent = column_name(&limit.parent);
        return Err(ApiError::bad_input(
            field_name(&parent),
            limit.rule,
            format!(
                "at most {} {} per {}",
                limit.max,
                E::default().table_name().replace('_', " "),
                parent.trim_end_matches("_id").replace('_', " ")
            ),
        ));
    }
    Ok(())
}
