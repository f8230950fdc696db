//! `report_periods` (scope T): an organization's Bufdir reporting periods.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a reporting period stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ReportPeriodStatus {
    /// Activities in the period may still be registered and approved.
    #[sea_orm(string_value = "open")]
    Open,
    /// Closed for changes; the report is being prepared.
    #[sea_orm(string_value = "closed")]
    Closed,
    /// The report for the period has been submitted to Bufdir.
    #[sea_orm(string_value = "submitted")]
    Submitted,
}

/// A Bufdir reporting period of an organization (organizations may use different periods).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ReportPeriodsRow")
)]
#[sea_orm(table_name = "report_periods")]
pub struct Model {
    /// Unique identifier of the reporting period.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the period belongs to.
    pub organization_id: Uuid,
    /// Display name of the period (e.g. "Bufdir 2025").
    pub name: String,
    /// First day of the period.
    pub period_start: Date,
    /// Last day of the period (after the first).
    pub period_end: Date,
    /// Date by which the report must be submitted to Bufdir (None = not known yet).
    pub submission_deadline: Option<Date>,
    /// Where the period stands.
    pub status: ReportPeriodStatus,
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
        fk_name = "fk_report_periods_organization_id"
    )]
    Organizations,
    #[sea_orm(has_many = "crate::bufdir_reports::Entity")]
    BufdirReports,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::bufdir_reports::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::BufdirReports.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
