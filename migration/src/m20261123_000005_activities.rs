//! Tables of the activities domain group (DATA-MODEL.md; `activities` per seed 003).
//!
//! `activities.event_id` has no foreign key: `events` is created by a later migration (08).

use entity::*;
use sea_orm_migration::prelude::*;

use crate::tables::{check, create, drop, enum_check, idx, uq};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The 13 indexes of seed 003, under the seed's names.
const ACTIVITY_INDEXES: &[(&str, &[&str])] = &[
    ("idx_activities_user_id", &["user_id"]),
    ("idx_activities_contact_id", &["contact_id"]),
    ("idx_activities_organization_id", &["organization_id"]),
    ("idx_activities_activity_date", &["activity_date"]),
    ("idx_activities_status", &["status"]),
    (
        "idx_activities_org_date",
        &["organization_id", "activity_date"],
    ),
    ("idx_activities_org_status", &["organization_id", "status"]),
    ("idx_activities_user_date", &["user_id", "activity_date"]),
    ("idx_activities_created_at", &["created_at"]),
    (
        "idx_activities_local_association",
        &["local_association_id"],
    ),
    ("idx_activities_activity_type", &["activity_type_id"]),
    ("idx_activities_bulk_batch", &["bulk_batch_id"]),
    (
        "idx_activities_duplicate_detection",
        &["contact_id", "activity_date", "activity_type_id"],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(
            m,
            activity_types::Entity,
            vec![
                enum_check::<activity_types::BufdirReportingCategory>("bufdir_category"),
                check("default_duration_minutes BETWEEN 1 AND 1440"),
                check("length(key) BETWEEN 1 AND 64"),
                check("length(name) BETWEEN 1 AND 120"),
            ],
            &[
                uq(&["organization_id", "key"]),
                idx(&["organization_id", "sort_order"]),
            ],
        )
        .await?;
        create(
            m,
            bulk_registrations::Entity,
            vec![
                enum_check::<bulk_registrations::BulkRegistrationStatus>("status"),
                enum_check::<bulk_registrations::BulkRegistrationSource>("source"),
                check("duration_minutes BETWEEN 1 AND 1440"),
                check("participant_count IS NULL OR participant_count >= 1"),
                check("title IS NULL OR length(title) BETWEEN 1 AND 200"),
                check("description IS NULL OR length(description) <= 5000"),
                check("activities_created >= 0"),
                check("status = 'completed' OR activities_created = 0"),
                check("status NOT IN ('completed', 'failed') OR processed_at IS NOT NULL"),
            ],
            &[
                idx(&["organization_id", "local_association_id", "created_at"]),
                idx(&["organization_id", "status"]),
                idx(&["created_by_id"]),
                idx(&["activity_type_id"]),
            ],
        )
        .await?;
        create(
            m,
            activities::Entity,
            vec![
                enum_check::<activities::ActivityStatus>("status"),
                // duration_range
                check("duration_minutes BETWEEN 1 AND 1440"),
                // participant_count_positive
                check("participant_count IS NULL OR participant_count >= 1"),
                // title_length, description_length
                check("title IS NULL OR length(title) BETWEEN 1 AND 200"),
                check("description IS NULL OR length(description) <= 5000"),
                // proxy_fields_consistency
                check(
                    "(is_proxy_registration AND proxy_submitted_by IS NOT NULL) \
                     OR (NOT is_proxy_registration AND proxy_submitted_by IS NULL)",
                ),
                // bulk_fields_consistency
                check(
                    "(is_bulk_registration AND bulk_batch_id IS NOT NULL) \
                     OR (NOT is_bulk_registration AND bulk_batch_id IS NULL)",
                ),
                check("proxy_submitted_by IS NULL OR proxy_submitted_by <> user_id"),
            ],
            &[
                uq(&["organization_id", "import_hash"]),
                // Coordinators list their local associations' activities by date.
                idx(&["organization_id", "local_association_id", "activity_date"]),
                idx(&["proxy_submitted_by"]),
                idx(&["organization_id", "event_id"]),
            ],
        )
        .await?;
        for (name, columns) in ACTIVITY_INDEXES {
            let mut stmt = Index::create();
            stmt.name(*name).table(Alias::new("activities"));
            for c in *columns {
                stmt.col(Alias::new(*c));
            }
            m.create_index(stmt).await?;
        }
        create(
            m,
            activity_documents::Entity,
            vec![
                enum_check::<activity_documents::ActivityDocumentType>("document_type"),
                check("file_size_bytes BETWEEN 1 AND 26214400"),
                check("length(file_name) BETWEEN 1 AND 255"),
            ],
            &[
                idx(&["organization_id", "activity_id"]),
                idx(&["activity_id"]),
            ],
        )
        .await?;
        create(
            m,
            activity_logs::Entity,
            vec![
                enum_check::<activity_logs::ActivityLogAction>("action"),
                enum_check::<activities::ActivityStatus>("previous_status"),
                enum_check::<activities::ActivityStatus>("new_status"),
                check("action <> 'status_changed' OR new_status IS NOT NULL"),
            ],
            &[
                idx(&["organization_id", "activity_id", "created_at"]),
                idx(&["activity_id"]),
                idx(&["actor_user_id"]),
            ],
        )
        .await?;
        create(
            m,
            activity_flags::Entity,
            vec![
                enum_check::<activity_flags::ActivityFlagType>("flag_type"),
                enum_check::<activity_flags::ActivityFlagSeverity>("severity"),
                enum_check::<activity_flags::ActivityFlagStatus>("status"),
                check("length(reason) BETWEEN 1 AND 2000"),
                check(
                    "duplicate_of_activity_id IS NULL OR duplicate_of_activity_id <> activity_id",
                ),
                check(
                    "(status = 'open' AND resolved_at IS NULL) \
                     OR (status <> 'open' AND resolved_at IS NOT NULL)",
                ),
            ],
            &[
                idx(&["organization_id", "status", "created_at"]),
                idx(&["activity_id"]),
                idx(&["duplicate_of_activity_id"]),
                idx(&["resolved_by_id"]),
            ],
        )
        .await?;
        create(
            m,
            delegation_grants::Entity,
            vec![check("coordinator_id <> peer_mentor_id")],
            &[
                uq(&["activity_id"]),
                idx(&["organization_id", "local_association_id", "created_at"]),
                idx(&["organization_id", "peer_mentor_id"]),
                idx(&["created_by_id"]),
                idx(&["local_association_id"]),
            ],
        )
        .await?;
        create(
            m,
            calendar_integrations::Entity,
            vec![
                enum_check::<calendar_integrations::CalendarProvider>("provider"),
                enum_check::<calendar_integrations::CalendarSyncDirection>("sync_direction"),
                enum_check::<calendar_integrations::CalendarSyncStatus>("last_sync_status"),
                check("lookback_days BETWEEN 0 AND 365"),
            ],
            &[idx(&["organization_id", "user_id"]), idx(&["user_id"])],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop(m, calendar_integrations::Entity).await?;
        drop(m, delegation_grants::Entity).await?;
        drop(m, activity_flags::Entity).await?;
        drop(m, activity_logs::Entity).await?;
        drop(m, activity_documents::Entity).await?;
        drop(m, activities::Entity).await?;
        drop(m, bulk_registrations::Entity).await?;
        drop(m, activity_types::Entity).await
    }
}
