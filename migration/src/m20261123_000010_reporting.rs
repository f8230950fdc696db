//! Tables of the reporting domain group (DATA-MODEL.md): recognition (badge definitions and
//! awards), computed per-mentor summaries and benefit estimates, Bufdir reporting periods and
//! report snapshots, custom report definitions and accounting export jobs.
//!
//! Frozen: the statements are those this migration ran when it was written (from the entities
//! of that time), per backend, in `migration/sql/`. Changing an entity never changes what an
//! applied migration creates; a new column needs a new migration.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::frozen::run(
            m,
            include_str!("../sql/sqlite/m20261123_000010_reporting.up.sql"),
            include_str!("../sql/postgres/m20261123_000010_reporting.up.sql"),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::frozen::run(
            m,
            include_str!("../sql/sqlite/m20261123_000010_reporting.down.sql"),
            include_str!("../sql/postgres/m20261123_000010_reporting.down.sql"),
        )
        .await
    }
}
