//! Recognition, reporting and exports: badge definitions and awards, computed impact summaries
//! and benefit estimates (read-only), Bufdir reporting periods and generated reports
//! (read-only), custom report definitions and accounting export jobs.

use async_graphql::MergedObject;

use crate::enum_filter;
use crate::filter::{BoolFilter, DateFilter, DateTimeFilter, IntFilter, StringFilter, UuidFilter};

use super::identity::User;
use super::tenancy::Organization;

enum_filter!(
    AchievementBadgeMetricFilter,
    entity::achievement_badges::AchievementBadgeMetric
);
enum_filter!(
    ImpactSummaryPeriodFilter,
    entity::impact_summaries::ImpactSummaryPeriod
);
enum_filter!(
    ReportPeriodStatusFilter,
    entity::report_periods::ReportPeriodStatus
);
enum_filter!(
    BufdirReportStatusFilter,
    entity::bufdir_reports::BufdirReportStatus
);
enum_filter!(
    CustomReportSourceFilter,
    entity::custom_report_definitions::CustomReportSource
);
enum_filter!(
    AccountingExportStatusFilter,
    entity::accounting_exports::AccountingExportStatus
);
enum_filter!(
    AccountingExportFormatFilter,
    entity::accounting_exports::AccountingExportFormat
);

entity_api! {
    /// A badge an organization awards when a peer mentor reaches a quantifiable milestone.
    node: AchievementBadge, module: achievement_badges, one: achievement_badge, many: achievement_badges, query: AchievementBadgesQuery,
    filter: AchievementBadgeFilter { id: UuidFilter => Id, key: StringFilter => Key, name: StringFilter => Name, metric: AchievementBadgeMetricFilter => Metric, is_active: BoolFilter => IsActive },
    order: AchievementBadgeOrderField / AchievementBadgeOrderBy { SortOrder => SortOrder, Key => Key, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization defining the badge.
        organization: organizations => Organization via organization_id,
    },
    has_many: {
        /// Awards of this badge, in your scope.
        awards: user_badges => UserBadge by AchievementBadgeId order AwardedAt,
    },
    mutations: AchievementBadgesMutation {
        inputs: CreateAchievementBadgeInput / UpdateAchievementBadgeInput,
        create: create_achievement_badge, update: update_achievement_badge, delete: delete_achievement_badge,
        required: {
            /// Stable key, unique in the organization (a-z, 0-9, _).
            key: String,
            /// Display name (at most 100 characters).
            name: String,
            /// Icon name in the app's icon set.
            icon: String,
            /// The quantity the criterion measures.
            metric: entity::achievement_badges::AchievementBadgeMetric,
            /// Metric value that earns the badge (at least 1).
            threshold: i32,
        },
        defaulted: {
            /// Time window of the metric (default ALL_TIME).
            measurement_window: entity::achievement_badges::AchievementBadgeWindow = entity::achievement_badges::AchievementBadgeWindow::AllTime,
            /// Position on the achievements screen (default 0).
            sort_order: i32 = 0,
            /// Whether the badge can be earned (default true).
            is_active: bool = true,
        },
        optional: {
            /// What the badge recognizes (at most 1000 characters).
            description: String,
        },
        fixed: {},
        validate: {
            key: pattern(2, 64, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_', "badge_key_format"),
            name: not_blank("required_fields"),
            name: max_len(100, "name_length"),
            icon: pattern(1, 64, |c| c.is_ascii_alphanumeric() || c == '_' || c == '-', "icon_format"),
            threshold: range(1, 1_000_000, "threshold_positive"),
            description: max_len(1000, "description_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// A badge awarded to a user.
    node: UserBadge, module: user_badges, one: user_badge, many: user_badges, query: UserBadgesQuery,
    filter: UserBadgeFilter { user_id: UuidFilter => UserId, achievement_badge_id: UuidFilter => AchievementBadgeId, period_year: IntFilter => PeriodYear, awarded_at: DateTimeFilter => AwardedAt },
    order: UserBadgeOrderField / UserBadgeOrderBy { AwardedAt => AwardedAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The user who earned the badge.
        user: users => User via user_id,
        /// The badge.
        badge: achievement_badges => AchievementBadge via achievement_badge_id,
    },
    has_many: {},
    mutations: UserBadgesMutation {
        inputs: CreateUserBadgeInput / UpdateUserBadgeInput,
        create: create_user_badge, update: update_user_badge, delete: delete_user_badge,
        required: {
            /// The user earning the badge.
            user_id: uuid::Uuid,
            /// The badge.
            achievement_badge_id: uuid::Uuid,
            /// When it was awarded.
            awarded_at: chrono::DateTime<chrono::Utc>,
        },
        defaulted: {},
        optional: {
            /// Year earned, for badges measured per calendar year.
            period_year: i32,
            /// Value of the metric at the award.
            metric_value: i32,
            /// When the user first saw the award.
            seen_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: {},
        validate: { period_year: range(2000, 2100, "period_year_range"), metric_value: range(0, i32::MAX, "metric_value_positive") },
    },
    extra: {},
}

entity_api! {
    /// A peer mentor's computed annual or half-year summary ("year in review"); read-only.
    node: ImpactSummary, module: impact_summaries, one: impact_summary, many: impact_summaries, query: ImpactSummariesQuery,
    filter: ImpactSummaryFilter { user_id: UuidFilter => UserId, period_kind: ImpactSummaryPeriodFilter => PeriodKind, period_start: DateFilter => PeriodStart, published_at: DateTimeFilter => PublishedAt },
    order: ImpactSummaryOrderField / ImpactSummaryOrderBy { PeriodStart => PeriodStart, CreatedAt => CreatedAt },
    belongs_to: {
        /// The peer mentor.
        user: users => User via user_id,
    },
    has_many: {},
    mutations: none,
    extra: {},
}

entity_api! {
    /// Computed estimate of the tangible value of a peer mentor's volunteer work; read-only.
    node: BenefitEstimate, module: benefit_estimates, one: benefit_estimate, many: benefit_estimates, query: BenefitEstimatesQuery,
    filter: BenefitEstimateFilter { user_id: UuidFilter => UserId, period_start: DateFilter => PeriodStart, period_end: DateFilter => PeriodEnd },
    order: BenefitEstimateOrderField / BenefitEstimateOrderBy { PeriodStart => PeriodStart, CreatedAt => CreatedAt },
    belongs_to: {
        /// The peer mentor.
        user: users => User via user_id,
    },
    has_many: {},
    mutations: none,
    extra: {},
}

entity_api! {
    /// A Bufdir reporting period of the organization.
    node: ReportPeriod, module: report_periods, one: report_period, many: report_periods, query: ReportPeriodsQuery,
    filter: ReportPeriodFilter { id: UuidFilter => Id, name: StringFilter => Name, status: ReportPeriodStatusFilter => Status, period_start: DateFilter => PeriodStart, period_end: DateFilter => PeriodEnd },
    order: ReportPeriodOrderField / ReportPeriodOrderBy { PeriodStart => PeriodStart, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization.
        organization: organizations => Organization via organization_id,
    },
    has_many: {
        /// Generated Bufdir reports for the period (all versions).
        bufdir_reports: bufdir_reports => BufdirReport by ReportPeriodId order Version,
    },
    mutations: ReportPeriodsMutation {
        inputs: CreateReportPeriodInput / UpdateReportPeriodInput,
        create: create_report_period, update: update_report_period, delete: delete_report_period,
        required: {
            /// Display name (at most 100 characters).
            name: String,
            /// First day.
            period_start: chrono::NaiveDate,
            /// Last day (after the first).
            period_end: chrono::NaiveDate,
        },
        defaulted: {
            /// Status (default OPEN).
            status: entity::report_periods::ReportPeriodStatus = entity::report_periods::ReportPeriodStatus::Open,
        },
        optional: {
            /// Submission deadline (not before the last day).
            submission_deadline: chrono::NaiveDate,
        },
        fixed: {},
        validate: { name: not_blank("required_fields"), name: max_len(100, "name_length") },
    },
    extra: {},
}

entity_api! {
    /// A generated Bufdir report snapshot for a reporting period, counting approved activities
    /// only; read-only (the report generator writes it).
    node: BufdirReport, module: bufdir_reports, one: bufdir_report, many: bufdir_reports, query: BufdirReportsQuery,
    filter: BufdirReportFilter { report_period_id: UuidFilter => ReportPeriodId, status: BufdirReportStatusFilter => Status, version: IntFilter => Version, created_at: DateTimeFilter => CreatedAt },
    order: BufdirReportOrderField / BufdirReportOrderBy { Version => Version, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization.
        organization: organizations => Organization via organization_id,
        /// The reporting period.
        report_period: report_periods => ReportPeriod via report_period_id,
    },
    has_many: {},
    mutations: none,
    extra: {},
}

entity_api! {
    /// A saved custom report query defined by an org admin.
    node: CustomReportDefinition, module: custom_report_definitions, one: custom_report_definition, many: custom_report_definitions, query: CustomReportDefinitionsQuery,
    filter: CustomReportDefinitionFilter { name: StringFilter => Name, source: CustomReportSourceFilter => Source, is_shared: BoolFilter => IsShared },
    order: CustomReportDefinitionOrderField / CustomReportDefinitionOrderBy { Name => Name, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization.
        organization: organizations => Organization via organization_id,
    },
    has_many: {},
    mutations: CustomReportDefinitionsMutation {
        inputs: CreateCustomReportDefinitionInput / UpdateCustomReportDefinitionInput,
        create: create_custom_report_definition, update: update_custom_report_definition, delete: delete_custom_report_definition,
        required: {
            /// Display name, unique in the organization (at most 200 characters).
            name: String,
            /// The kind of records the report is built from.
            source: entity::custom_report_definitions::CustomReportSource,
        },
        defaulted: {
            /// Filters as a JSON list (default []).
            filters: serde_json::Value = serde_json::json!([]),
            /// Grouping fields as a JSON list (default []).
            group_by: serde_json::Value = serde_json::json!([]),
            /// Columns as a JSON list (default []).
            columns: serde_json::Value = serde_json::json!([]),
            /// Presentation (default TABLE).
            visualization: entity::custom_report_definitions::CustomReportVisualization = entity::custom_report_definitions::CustomReportVisualization::Table,
            /// Whether coordinators may see and run it (default false).
            is_shared: bool = false,
        },
        optional: {
            /// What the report shows (at most 1000 characters).
            description: String,
        },
        fixed: {},
        validate: { name: not_blank("required_fields"), name: max_len(200, "name_length"), description: max_len(1000, "description_length") },
    },
    extra: {},
}

entity_api! {
    /// An accounting export job: requested by an org admin, produced by the server.
    node: AccountingExport, module: accounting_exports, one: accounting_export, many: accounting_exports, query: AccountingExportsQuery,
    filter: AccountingExportFilter { status: AccountingExportStatusFilter => Status, format: AccountingExportFormatFilter => Format, date_from: DateFilter => DateFrom, date_to: DateFilter => DateTo, created_at: DateTimeFilter => CreatedAt },
    order: AccountingExportOrderField / AccountingExportOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization.
        organization: organizations => Organization via organization_id,
    },
    has_many: {},
    mutations: AccountingExportsMutation {
        inputs: CreateAccountingExportInput / UpdateAccountingExportInput,
        create: create_accounting_export, delete: delete_accounting_export,
        required: {
            /// File format or target system.
            format: entity::accounting_exports::AccountingExportFormat,
            /// First day of the range.
            date_from: chrono::NaiveDate,
            /// Last day of the range (not before the first).
            date_to: chrono::NaiveDate,
        },
        defaulted: {
            /// Further selection as a JSON object (default {}).
            parameters: serde_json::Value = serde_json::json!({}),
        },
        optional: {},
        fixed: { status: entity::accounting_exports::AccountingExportStatus::Queued },
        validate: {},
    },
    extra: {},
}

/// Root query fields of the reporting domain.
#[derive(MergedObject, Default)]
pub struct ReportingQuery(
    AchievementBadgesQuery,
    UserBadgesQuery,
    ImpactSummariesQuery,
    BenefitEstimatesQuery,
    ReportPeriodsQuery,
    BufdirReportsQuery,
    CustomReportDefinitionsQuery,
    AccountingExportsQuery,
);

/// Mutations of the reporting domain.
#[derive(MergedObject, Default)]
pub struct ReportingMutation(
    AchievementBadgesMutation,
    UserBadgesMutation,
    ReportPeriodsMutation,
    CustomReportDefinitionsMutation,
    AccountingExportsMutation,
);
