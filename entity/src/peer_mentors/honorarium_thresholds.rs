//! `honorarium_thresholds` (scope T): an organization's assignment-count milestones that change
//! a peer mentor's honorarium rate (e.g. 3rd assignment = office honorarium, 15th = higher rate)
//! and notify coordinators.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What reaching a threshold unlocks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum HonorariumThresholdKind {
    /// The office honorarium (kontorhonorar) is unlocked.
    #[sea_orm(string_value = "office_honorarium")]
    OfficeHonorarium,
    /// The higher honorarium rate applies from here on.
    #[sea_orm(string_value = "higher_rate")]
    HigherRate,
    /// No rate change; coordinators are only notified of the milestone.
    #[sea_orm(string_value = "notification_only")]
    NotificationOnly,
}

/// An assignment-count milestone of an organization's honorarium scheme.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "HonorariumThresholdsRow")
)]
#[sea_orm(table_name = "honorarium_thresholds")]
pub struct Model {
    /// Unique identifier of the threshold.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) whose scheme the threshold belongs to.
    pub organization_id: Uuid,
    /// Display name of the milestone (e.g. "Kontorhonorar").
    pub name: String,
    /// Number of completed assignments in a period at which the threshold is crossed (at least 1).
    pub assignment_count: i32,
    /// What reaching the threshold unlocks.
    pub kind: HonorariumThresholdKind,
    /// Honorarium paid per assignment from this threshold on, in øre (None = unchanged rate).
    pub rate_amount_ore: Option<i64>,
    /// Whether coordinators are notified when a mentor crosses the threshold.
    pub notify_coordinator: bool,
    /// Whether the threshold is in force.
    pub is_active: bool,
    /// First day the threshold applies (None = since always).
    pub valid_from: Option<Date>,
    /// Last day the threshold applies (None = open-ended).
    pub valid_to: Option<Date>,
    /// Explanation shown to coordinators and mentors.
    pub description: Option<String>,
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
        fk_name = "fk_honorarium_thresholds_organization_id"
    )]
    Organizations,
    #[sea_orm(has_many = "crate::assignment_honorarium_records::Entity")]
    AssignmentHonorariumRecords,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::assignment_honorarium_records::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AssignmentHonorariumRecords.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
