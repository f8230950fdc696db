//! Migrations as the SQL they run. The first eleven were written as "create the table from its
//! entity", which made an applied migration change whenever an entity did; their statements were
//! recorded once per backend (`migration/sql/{sqlite,postgres}/<name>.{up,down}.sql`) and are
//! what they run now. `tests/schema_drift.rs` checks that the migrated schema still matches
//! what the entities declare, table by table, on both databases.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

/// Runs the statements of the backend's file (separated by `;` at the end of a line).
pub async fn run(m: &SchemaManager<'_>, sqlite: &str, postgres: &str) -> Result<(), DbErr> {
    let sql = match m.get_database_backend() {
        DbBackend::Sqlite => sqlite,
        DbBackend::Postgres => postgres,
        other => {
            return Err(DbErr::Migration(format!(
                "no frozen migration for {other:?}"
            )));
        }
    };
    let db = m.get_connection();
    for statement in sql
        .split(";\n")
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != ";")
    {
        db.execute_unprepared(statement).await?;
    }
    Ok(())
}
