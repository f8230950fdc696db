//! Tables of the peer_mentors domain group (DATA-MODEL.md): geographic locations, peer mentor
//! profiles (seed 002, with its 8 named indexes), availability history (append-only), mentor
//! pairings, honorarium thresholds and records, driver honorariums and declarations, NDAs,
//! referral links and member recruitments.
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
            include_str!("../sql/sqlite/m20261123_000007_peer_mentors.up.sql"),
            include_str!("../sql/postgres/m20261123_000007_peer_mentors.up.sql"),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::frozen::run(
            m,
            include_str!("../sql/sqlite/m20261123_000007_peer_mentors.down.sql"),
            include_str!("../sql/postgres/m20261123_000007_peer_mentors.down.sql"),
        )
        .await
    }
}
