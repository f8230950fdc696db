//! Indexes for the hot read paths measured by the benchmark harness (BENCHMARKS.md, Findings):
//! the coordinator review queue (pending activities of some local associations by date) and the
//! peer mentor's contact scope (contacts reached through the mentor's own activities). Partial on
//! live rows because every scoped read filters `deleted_at IS NULL`; same SQL on both databases.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[(&str, &str)] = &[
    (
        "idx_activities_review_queue",
        "activities (organization_id, local_association_id, status, activity_date, id)",
    ),
    (
        "idx_activities_mentor_contacts",
        "activities (organization_id, user_id, contact_id)",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, on) in INDEXES {
            m.get_connection()
                .execute_unprepared(&format!(
                    "CREATE INDEX IF NOT EXISTS {name} ON {on} WHERE deleted_at IS NULL"
                ))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            m.get_connection()
                .execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
                .await?;
        }
        Ok(())
    }
}
