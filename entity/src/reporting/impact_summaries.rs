//! `impact_summaries` (scope T): computed annual or half-year summary of a peer mentor's work
//! (the app's "Wrapped"-style year in review). Written by the server only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The length of the period an impact summary covers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ImpactSummaryPeriod {
    /// A calendar year.
    #[sea_orm(string_value = "annual")]
    Annual,
    /// A half year (January-June or July-December).
    #[sea_orm(string_value = "half_year")]
    HalfYear,
}

/// Aggregated activity, engagement and impact metrics of one peer mentor for one period,
/// computed from approved activities, events, assignments and badges.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ImpactSummariesRow")
)]
#[sea_orm(table_name = "impact_summaries")]
pub struct Model {
    /// Unique identifier of the summary.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the work was done in.
    pub organization_id: Uuid,
    /// The peer mentor the summary is about.
    pub user_id: Uuid,
    /// The length of the period covered.
    pub period_kind: ImpactSummaryPeriod,
    /// First day of the period covered.
    pub period_start: Date,
    /// Last day of the period covered (not before the first).
    pub period_end: Date,
    /// Number of approved activities in the period.
    pub activity_count: i32,
    /// Total duration of the approved activities, in minutes.
    pub total_minutes: i64,
    /// Number of different contacts supported.
    pub unique_contact_count: i32,
    /// Number of events attended or organized.
    pub event_count: i32,
    /// Number of assignments completed.
    pub assignment_count: i32,
    /// Number of badges earned in the period.
    pub badges_earned: i32,
    /// Activity counts per activity type, as a JSON list of `{activityType, count, minutes}`.
    #[sea_orm(column_type = "JsonBinary")]
    pub activity_type_breakdown: Json,
    /// Highlights shown in the year-in-review story (busiest month, longest streak, ...), as a
    /// JSON object.
    #[sea_orm(column_type = "JsonBinary")]
    pub highlights: Json,
    /// When the summary was computed.
    pub computed_at: DateTimeUtc,
    /// When the summary was made visible to the mentor (None = not published yet).
    pub published_at: Option<DateTimeUtc>,
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
        fk_name = "fk_impact_summaries_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_impact_summaries_user_id"
    )]
    Users,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
