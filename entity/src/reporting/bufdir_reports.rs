//! `bufdir_reports` (scope T): generated report snapshots for a reporting period, counting
//! approved activities only. Written by the report generator, never edited.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Generation and submission state of a Bufdir report.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum BufdirReportStatus {
    /// The generator is computing the snapshot.
    #[sea_orm(string_value = "generating")]
    Generating,
    /// The snapshot is complete and can be reviewed.
    #[sea_orm(string_value = "ready")]
    Ready,
    /// The snapshot was submitted to Bufdir.
    #[sea_orm(string_value = "submitted")]
    Submitted,
    /// Generation failed (see the error message).
    #[sea_orm(string_value = "failed")]
    Failed,
    /// A newer version was generated for the same period.
    #[sea_orm(string_value = "superseded")]
    Superseded,
}

/// A generated snapshot of an organization's activity and participant statistics for one
/// reporting period, for Bufdir grant compliance. Only approved activities are counted.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "BufdirReportsRow")
)]
#[sea_orm(table_name = "bufdir_reports")]
pub struct Model {
    /// Unique identifier of the report.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the report is for.
    pub organization_id: Uuid,
    /// The reporting period the report covers.
    pub report_period_id: Uuid,
    /// Version of the report for its period (1 for the first generation, then 2, 3, ...).
    pub version: i32,
    /// Generation and submission state.
    pub status: BufdirReportStatus,
    /// When generation finished (None while generating or after a failure).
    pub generated_at: Option<DateTimeUtc>,
    /// Number of approved activities in the period.
    pub approved_activity_count: i32,
    /// Total duration of the approved activities, in minutes.
    pub total_minutes: i64,
    /// Number of participants counted for Bufdir (approved activities and attended events).
    pub participant_count: i32,
    /// Number of different contacts reached by approved activities.
    pub unique_contact_count: i32,
    /// Number of different peer mentors with approved activities.
    pub peer_mentor_count: i32,
    /// Number of events held in the period.
    pub event_count: i32,
    /// Aggregates per Bufdir category, activity type and local association, as a JSON object.
    #[sea_orm(column_type = "JsonBinary")]
    pub breakdown: Json,
    /// When the report was submitted to Bufdir (None = not submitted).
    pub submitted_at: Option<DateTimeUtc>,
    /// Bufdir's reference for the submission.
    pub bufdir_reference: Option<String>,
    /// Why generation failed (set with status `failed`).
    pub error_message: Option<String>,
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
        fk_name = "fk_bufdir_reports_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::report_periods::Entity",
        from = "Column::ReportPeriodId",
        to = "crate::report_periods::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_bufdir_reports_report_period_id"
    )]
    ReportPeriods,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::report_periods::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReportPeriods.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
