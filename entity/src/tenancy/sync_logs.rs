//! `sync_logs` (scope T, append-only): one row per outbound sync attempt against an
//! integration, for monitoring. Rows are never updated or deleted, so there is no `deleted_at`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Outcome of a sync attempt.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum SyncLogStatus {
    /// Every record was synced.
    #[sea_orm(string_value = "succeeded")]
    Succeeded,
    /// Some records were synced and some failed (see `records_failed`).
    #[sea_orm(string_value = "partially_failed")]
    PartiallyFailed,
    /// The attempt failed as a whole (see `error_message`).
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// What started a sync attempt.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum SyncLogTrigger {
    /// The integration's schedule.
    #[sea_orm(string_value = "scheduled")]
    Scheduled,
    /// An administrator asked for a sync.
    #[sea_orm(string_value = "manual")]
    Manual,
    /// A change in Meander (e.g. an approved expense report) was pushed at once.
    #[sea_orm(string_value = "event")]
    Event,
    /// An automatic retry of an earlier failed attempt.
    #[sea_orm(string_value = "retry")]
    Retry,
}

/// One outbound sync attempt against an external system.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "SyncLogsRow")
)]
#[sea_orm(table_name = "sync_logs")]
pub struct Model {
    /// Unique identifier of the sync attempt.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the sync ran for.
    pub organization_id: Uuid,
    /// Integration configuration the attempt used.
    pub integration_config_id: Uuid,
    /// Connector type at the time of the attempt (copied from the integration).
    pub connector: crate::integration_configs::IntegrationProvider,
    /// What was synced (e.g. "expense_reports", "members", "course_enrollments").
    pub operation: String,
    /// What started the attempt.
    pub trigger: SyncLogTrigger,
    /// Outcome of the attempt.
    pub status: SyncLogStatus,
    /// When the attempt started.
    pub started_at: DateTimeUtc,
    /// When the attempt finished.
    pub finished_at: DateTimeUtc,
    /// Number of records the attempt handled (0 or more).
    pub records_processed: i32,
    /// Number of records that failed (0 to `records_processed`).
    pub records_failed: i32,
    /// Error message of a failed or partially failed attempt (never credentials).
    pub error_message: Option<String>,
    /// Details as a JSON object: external batch ids, per-record errors (never credentials).
    #[sea_orm(column_type = "JsonBinary")]
    pub details: Json,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last updated (equals `created_at`: the table is append-only).
    pub updated_at: DateTimeUtc,
    /// User who created the row (None for system writes).
    pub created_by_id: Option<Uuid>,
    /// User who last updated the row (None for system writes).
    pub updated_by_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_sync_logs_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::integration_configs::Entity",
        from = "Column::IntegrationConfigId",
        to = "crate::integration_configs::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_sync_logs_integration_config_id"
    )]
    IntegrationConfigs,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::integration_configs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::IntegrationConfigs.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
