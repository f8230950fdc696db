//! Access and notifications: integrations and their sync log, support access grants, device
//! credentials (biometric, passkey), push devices, notification scenarios, preferences and
//! delivered notifications.

use entity::*;
use sea_orm_migration::prelude::*;

use crate::tables::{check, create, drop, enum_check, idx, uq, uq_where_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(
            m,
            integration_configs::Entity,
            vec![
                enum_check::<integration_configs::IntegrationProvider>("provider"),
                enum_check::<integration_configs::IntegrationPurpose>("purpose"),
                enum_check::<sync_logs::SyncLogStatus>("last_sync_status"),
                check("sync_interval_minutes IS NULL OR sync_interval_minutes BETWEEN 5 AND 10080"),
            ],
            &[
                uq_where_null(&["organization_id", "name"], "deleted_at"),
                idx(&["organization_id", "provider"]),
            ],
        )
        .await?;
        create(
            m,
            sync_logs::Entity,
            vec![
                enum_check::<integration_configs::IntegrationProvider>("connector"),
                enum_check::<sync_logs::SyncLogTrigger>("trigger"),
                enum_check::<sync_logs::SyncLogStatus>("status"),
                check("records_processed >= 0"),
                check("records_failed BETWEEN 0 AND records_processed"),
                check("status <> 'succeeded' OR records_failed = 0"),
                check("finished_at >= started_at"),
            ],
            &[
                idx(&["organization_id", "integration_config_id", "started_at"]),
                idx(&["organization_id", "started_at"]),
                idx(&["organization_id", "status", "started_at"]),
                idx(&["integration_config_id"]),
            ],
        )
        .await?;
        create(
            m,
            support_access_grants::Entity,
            vec![
                check("expires_at > starts_at"),
                check("length(trim(reason)) > 0"),
                // Revocation is recorded once, all columns together.
                check(
                    "(revoked_at IS NULL AND revoked_by_id IS NULL AND revocation_reason IS NULL) \
                     OR revoked_at IS NOT NULL",
                ),
            ],
            &[
                idx(&["organization_id", "expires_at"]),
                idx(&["organization_id", "created_at"]),
                idx(&["granted_to_user_id", "expires_at"]),
                idx(&["organization_id", "granted_by_id"]),
                idx(&["revoked_by_id"]),
            ],
        )
        .await?;
        create(
            m,
            biometric_credentials::Entity,
            vec![
                enum_check::<biometric_credentials::BiometricDevicePlatform>("platform"),
                enum_check::<biometric_credentials::BiometricType>("biometric_type"),
            ],
            &[
                uq_where_null(&["organization_id", "user_id", "device_id"], "deleted_at"),
                idx(&["organization_id", "user_id"]),
                idx(&["user_id"]),
            ],
        )
        .await?;
        create(
            m,
            passkey_credentials::Entity,
            vec![check("sign_count >= 0")],
            &[idx(&["organization_id", "user_id"]), idx(&["user_id"])],
        )
        .await?;
        create(
            m,
            push_notification_configs::Entity,
            vec![
                enum_check::<push_notification_configs::PushDevicePlatform>("platform"),
                enum_check::<push_notification_configs::PushProvider>("provider"),
                check("provider <> 'apns' OR platform = 'ios'"),
            ],
            &[
                uq_where_null(&["organization_id", "user_id", "device_id"], "deleted_at"),
                idx(&["organization_id", "user_id"]),
                idx(&["user_id"]),
            ],
        )
        .await?;
        create(
            m,
            notification_scenarios::Entity,
            vec![
                enum_check::<notification_scenarios::NotificationScenarioTrigger>("trigger"),
                check("offset_days IS NULL OR offset_days BETWEEN -365 AND 365"),
            ],
            &[
                uq_where_null(&["organization_id", "key"], "deleted_at"),
                idx(&["organization_id", "trigger"]),
            ],
        )
        .await?;
        create(
            m,
            notification_preferences::Entity,
            vec![
                enum_check::<notifications::NotificationChannel>("channel"),
                check("quiet_hours_start_minute IS NULL OR quiet_hours_start_minute BETWEEN 0 AND 1439"),
                check("quiet_hours_end_minute IS NULL OR quiet_hours_end_minute BETWEEN 0 AND 1439"),
                check("(quiet_hours_start_minute IS NULL) = (quiet_hours_end_minute IS NULL)"),
            ],
            &[
                // One row per channel and scenario, and one channel-wide row per channel.
                uq(&["organization_id", "user_id", "channel", "scenario_id"]),
                uq_where_null(&["organization_id", "user_id", "channel"], "scenario_id"),
                idx(&["organization_id", "scenario_id"]),
                idx(&["user_id"]),
            ],
        )
        .await?;
        create(
            m,
            notifications::Entity,
            vec![
                enum_check::<notifications::NotificationChannel>("channel"),
                enum_check::<notifications::NotificationCategory>("category"),
                enum_check::<notifications::NotificationStatus>("status"),
                check("status <> 'failed' OR failure_reason IS NOT NULL"),
            ],
            &[
                idx(&["organization_id", "user_id", "created_at"]),
                idx(&["organization_id", "user_id", "read_at"]),
                idx(&["organization_id", "status", "created_at"]),
                idx(&["organization_id", "scenario_id"]),
                idx(&["user_id"]),
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop(m, notifications::Entity).await?;
        drop(m, notification_preferences::Entity).await?;
        drop(m, notification_scenarios::Entity).await?;
        drop(m, push_notification_configs::Entity).await?;
        drop(m, passkey_credentials::Entity).await?;
        drop(m, biometric_credentials::Entity).await?;
        drop(m, support_access_grants::Entity).await?;
        drop(m, sync_logs::Entity).await?;
        drop(m, integration_configs::Entity).await
    }
}
