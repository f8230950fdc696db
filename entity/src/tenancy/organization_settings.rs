//! `organization_settings` (scope T): one row per organization with admin preferences.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether and how global admins may get support access to an organization's data.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum SupportAccessPolicy {
    /// Support access is never possible.
    #[sea_orm(string_value = "disabled")]
    Disabled,
    /// Support access needs a time-bounded grant from an organization admin.
    #[sea_orm(string_value = "admin_grant_required")]
    AdminGrantRequired,
}

/// How often the organization reports to Bufdir.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ReportPeriodCycle {
    /// One reporting period per year.
    #[sea_orm(string_value = "annual")]
    Annual,
    /// Two reporting periods per year.
    #[sea_orm(string_value = "semiannual")]
    Semiannual,
}

/// Platform settings and admin preferences of one organization.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "OrganizationSettingsRow")
)]
#[sea_orm(table_name = "organization_settings")]
pub struct Model {
    /// Unique identifier of the settings row.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) these settings belong to; one row per organization.
    #[sea_orm(unique)]
    pub organization_id: Uuid,
    /// Policy for global-admin support access to the organization's data.
    pub support_access_policy: SupportAccessPolicy,
    /// Default duration of a new activity in minutes (1 to 1440).
    pub default_activity_duration_minutes: i32,
    /// Window in hours within which similar activities are flagged as duplicates (0 to 168).
    pub duplicate_window_hours: i32,
    /// Bufdir reporting period cycle of the organization.
    pub report_period_cycle: ReportPeriodCycle,
    /// Idle time in minutes after which a session expires.
    pub session_timeout_minutes: i32,
    /// Free-form admin preferences as a JSON object.
    #[sea_orm(column_type = "JsonBinary")]
    pub settings: Json,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last updated.
    pub updated_at: DateTimeUtc,
    /// User who created the row (None for system writes).
    pub created_by_id: Option<Uuid>,
    /// User who last updated the row (None for system writes).
    pub updated_by_id: Option<Uuid>,
    /// When the row was soft-deleted (None while live).
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_organization_settings_organization_id"
    )]
    Organizations,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
