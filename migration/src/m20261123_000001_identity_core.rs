//! Identity core: tenancy and organization hierarchy, users, roles and access, audit,
//! user preferences.
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
            include_str!("../sql/sqlite/m20261123_000001_identity_core.up.sql"),
            include_str!("../sql/postgres/m20261123_000001_identity_core.up.sql"),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::frozen::run(
            m,
            include_str!("../sql/sqlite/m20261123_000001_identity_core.down.sql"),
            include_str!("../sql/postgres/m20261123_000001_identity_core.down.sql"),
        )
        .await
    }
}
