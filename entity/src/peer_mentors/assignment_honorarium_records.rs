//! `assignment_honorarium_records` (scope T): a peer mentor crossing an honorarium threshold in
//! a counting period, with the resulting payment state.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Payment state of a threshold crossing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum AssignmentHonorariumStatus {
    /// Recorded; awaiting coordinator review.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Approved for payment.
    #[sea_orm(string_value = "approved")]
    Approved,
    /// Paid out (or exported to accounting).
    #[sea_orm(string_value = "paid")]
    Paid,
    /// Cancelled (e.g. an assignment was withdrawn and the count corrected).
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

/// A threshold crossing of a peer mentor in a counting period.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "AssignmentHonorariumRecordsRow")
)]
#[sea_orm(table_name = "assignment_honorarium_records")]
pub struct Model {
    /// Unique identifier of the record.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the record belongs to.
    pub organization_id: Uuid,
    /// The peer mentor who crossed the threshold.
    pub user_id: Uuid,
    /// The threshold crossed.
    pub honorarium_threshold_id: Uuid,
    /// The assignment whose completion crossed the threshold.
    pub assignment_id: Option<Uuid>,
    /// First day of the counting period.
    pub period_start: Date,
    /// Last day of the counting period (None while the period runs).
    pub period_end: Option<Date>,
    /// The mentor's completed-assignment count when the threshold was crossed (never negative).
    pub assignment_count: i32,
    /// When the threshold was crossed.
    pub crossed_at: DateTimeUtc,
    /// Payment state of the crossing.
    pub status: AssignmentHonorariumStatus,
    /// Honorarium amount due for the crossing, in øre (None = no direct payment).
    pub amount_ore: Option<i64>,
    /// When coordinators were notified (None until notified).
    pub coordinator_notified_at: Option<DateTimeUtc>,
    /// When the honorarium was paid (None until paid).
    pub paid_at: Option<DateTimeUtc>,
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
        fk_name = "fk_assignment_honorarium_records_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_assignment_honorarium_records_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::honorarium_thresholds::Entity",
        from = "Column::HonorariumThresholdId",
        to = "crate::honorarium_thresholds::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_assignment_honorarium_records_honorarium_threshold_id"
    )]
    HonorariumThresholds,
    #[sea_orm(
        belongs_to = "crate::assignments::Entity",
        from = "Column::AssignmentId",
        to = "crate::assignments::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_assignment_honorarium_records_assignment_id"
    )]
    Assignments,
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

impl Related<crate::honorarium_thresholds::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::HonorariumThresholds.def()
    }
}

impl Related<crate::assignments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Assignments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
