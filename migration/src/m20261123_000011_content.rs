//! Content, sync and sales: resource links, FAQ entries, the offline sync queue and id
//! mappings, demo requests.

use entity::*;
use sea_orm_migration::prelude::*;

use crate::tables::{check, create, drop, enum_check, idx, uq};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(
            m,
            resource_links::Entity,
            vec![
                enum_check::<resource_links::ResourceLinkAudience>("audience"),
                check("sort_order >= 0"),
                check("url LIKE 'https://%' OR url LIKE 'http://%'"),
                check("length(trim(title)) > 0"),
            ],
            &[
                idx(&["organization_id", "category", "sort_order"]),
                idx(&["organization_id", "sort_order"]),
            ],
        )
        .await?;
        create(
            m,
            faq_entries::Entity,
            vec![
                check("sort_order >= 0"),
                check("length(trim(question)) > 0"),
                check("length(trim(answer)) > 0"),
            ],
            &[
                idx(&["organization_id", "category", "sort_order"]),
                idx(&["organization_id", "locale", "sort_order"]),
            ],
        )
        .await?;
        create(
            m,
            offline_sync_queue::Entity,
            vec![
                enum_check::<offline_sync_queue::OfflineSyncOperation>("operation"),
                enum_check::<offline_sync_queue::OfflineSyncStatus>("status"),
                check("attempt_count >= 1"),
                check("operation = 'create' OR entity_id IS NOT NULL"),
            ],
            &[
                // Replays of one queued mutation are idempotent.
                uq(&[
                    "organization_id",
                    "user_id",
                    "device_id",
                    "client_mutation_id",
                ]),
                idx(&["organization_id", "user_id", "created_at"]),
                idx(&["organization_id", "status", "created_at"]),
                idx(&["user_id"]),
            ],
        )
        .await?;
        create(
            m,
            offline_id_mappings::Entity,
            vec![],
            &[
                uq(&[
                    "organization_id",
                    "user_id",
                    "device_id",
                    "entity_type",
                    "client_id",
                ]),
                idx(&["organization_id", "entity_type", "server_id"]),
                idx(&["sync_queue_entry_id"]),
                idx(&["user_id"]),
            ],
        )
        .await?;
        create(
            m,
            demo_requests::Entity,
            vec![
                enum_check::<demo_requests::DemoRequestStatus>("status"),
                check("estimated_peer_mentors IS NULL OR estimated_peer_mentors >= 0"),
                check("status <> 'converted' OR converted_organization_id IS NOT NULL"),
                check("contact_email LIKE '%_@_%'"),
            ],
            &[
                idx(&["status", "created_at"]),
                idx(&["created_at"]),
                idx(&["contact_email"]),
                idx(&["assigned_to_user_id"]),
                idx(&["converted_organization_id"]),
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop(m, demo_requests::Entity).await?;
        drop(m, offline_id_mappings::Entity).await?;
        drop(m, offline_sync_queue::Entity).await?;
        drop(m, faq_entries::Entity).await?;
        drop(m, resource_links::Entity).await
    }
}
