//! Tables of the reporting domain group (DATA-MODEL.md): recognition (badge definitions and
//! awards), computed per-mentor summaries and benefit estimates, Bufdir reporting periods and
//! report snapshots, custom report definitions and accounting export jobs.

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
            achievement_badges::Entity,
            vec![
                enum_check::<achievement_badges::AchievementBadgeMetric>("metric"),
                enum_check::<achievement_badges::AchievementBadgeWindow>("measurement_window"),
                check("threshold >= 1"),
            ],
            &[
                uq(&["organization_id", "key"]),
                idx(&["organization_id", "sort_order"]),
            ],
        )
        .await?;
        create(
            m,
            user_badges::Entity,
            vec![check(
                "period_year IS NULL OR period_year BETWEEN 2000 AND 2100",
            )],
            &[
                uq(&[
                    "organization_id",
                    "user_id",
                    "achievement_badge_id",
                    "period_year",
                ]),
                uq_where_null(
                    &["organization_id", "user_id", "achievement_badge_id"],
                    "period_year",
                ),
                idx(&["organization_id", "achievement_badge_id"]),
                idx(&["organization_id", "awarded_at"]),
                idx(&["user_id"]),
            ],
        )
        .await?;
        create(
            m,
            impact_summaries::Entity,
            vec![
                enum_check::<impact_summaries::ImpactSummaryPeriod>("period_kind"),
                check("period_end >= period_start"),
                check(
                    "activity_count >= 0 AND total_minutes >= 0 AND unique_contact_count >= 0 \
                     AND event_count >= 0 AND assignment_count >= 0 AND badges_earned >= 0",
                ),
            ],
            &[
                uq(&["organization_id", "user_id", "period_kind", "period_start"]),
                idx(&["organization_id", "period_start"]),
                idx(&["user_id"]),
            ],
        )
        .await?;
        create(
            m,
            benefit_estimates::Entity,
            vec![
                check("period_end >= period_start"),
                check(
                    "volunteer_minutes >= 0 AND hourly_value_ore >= 0 \
                     AND estimated_value_ore >= 0 AND contacts_helped >= 0 AND travel_km >= 0",
                ),
            ],
            &[
                uq(&["organization_id", "user_id", "period_start", "period_end"]),
                idx(&["organization_id", "period_start"]),
                idx(&["user_id"]),
            ],
        )
        .await?;
        create(
            m,
            report_periods::Entity,
            vec![
                enum_check::<report_periods::ReportPeriodStatus>("status"),
                check("period_end > period_start"),
                check("submission_deadline IS NULL OR submission_deadline >= period_end"),
            ],
            &[
                uq(&["organization_id", "period_start", "period_end"]),
                idx(&["organization_id", "status"]),
            ],
        )
        .await?;
        create(
            m,
            bufdir_reports::Entity,
            vec![
                enum_check::<bufdir_reports::BufdirReportStatus>("status"),
                check("version >= 1"),
                check(
                    "approved_activity_count >= 0 AND total_minutes >= 0 \
                     AND participant_count >= 0 AND unique_contact_count >= 0 \
                     AND peer_mentor_count >= 0 AND event_count >= 0",
                ),
                check("status <> 'submitted' OR submitted_at IS NOT NULL"),
                check("status <> 'failed' OR error_message IS NOT NULL"),
            ],
            &[
                uq(&["organization_id", "report_period_id", "version"]),
                idx(&["organization_id", "status"]),
                idx(&["organization_id", "created_at"]),
                idx(&["report_period_id"]),
            ],
        )
        .await?;
        create(
            m,
            custom_report_definitions::Entity,
            vec![
                enum_check::<custom_report_definitions::CustomReportSource>("source"),
                enum_check::<custom_report_definitions::CustomReportVisualization>("visualization"),
            ],
            &[
                uq(&["organization_id", "name"]),
                idx(&["organization_id", "source"]),
            ],
        )
        .await?;
        create(
            m,
            accounting_exports::Entity,
            vec![
                enum_check::<accounting_exports::AccountingExportStatus>("status"),
                enum_check::<accounting_exports::AccountingExportFormat>("format"),
                check("date_to >= date_from"),
                check(
                    "status <> 'succeeded' OR (file_path IS NOT NULL AND finished_at IS NOT NULL)",
                ),
                check("status <> 'failed' OR finished_at IS NOT NULL"),
                check("file_size_bytes IS NULL OR file_size_bytes >= 0"),
                check("record_count IS NULL OR record_count >= 0"),
            ],
            &[
                idx(&["organization_id", "created_at"]),
                idx(&["organization_id", "status"]),
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop(m, accounting_exports::Entity).await?;
        drop(m, custom_report_definitions::Entity).await?;
        drop(m, bufdir_reports::Entity).await?;
        drop(m, report_periods::Entity).await?;
        drop(m, benefit_estimates::Entity).await?;
        drop(m, impact_summaries::Entity).await?;
        drop(m, user_badges::Entity).await?;
        drop(m, achievement_badges::Entity).await
    }
}
