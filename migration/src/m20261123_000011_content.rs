//! Content, sync and sales: resource links, FAQ entries, the offline sync queue and id
//! mappings, demo requests.
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
            include_str!("../sql/sqlite/m20261123_000011_content.up.sql"),
            include_str!("../sql/postgres/m20261123_000011_content.up.sql"),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::frozen::run(
            m,
            include_str!("../sql/sqlite/m20261123_000011_content.down.sql"),
            include_str!("../sql/postgres/m20261123_000011_content.down.sql"),
        )
        .await
    }
}
