//! `driver_honorariums` (scope T): honorarium payments to peer mentors acting as volunteer
//! drivers, optionally linked to the assignment that required the driving.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Processing state of a driver honorarium.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum DriverHonorariumStatus {
    /// Being filled in by the driver.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Submitted for approval.
    #[sea_orm(string_value = "submitted")]
    Submitted,
    /// Approved by a coordinator or org admin.
    #[sea_orm(string_value = "approved")]
    Approved,
    /// Rejected (see notes).
    #[sea_orm(string_value = "rejected")]
    Rejected,
    /// Paid out (or exported to accounting).
    #[sea_orm(string_value = "paid")]
    Paid,
}

/// An honorarium for one driving engagement of a volunteer driver.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "DriverHonorariumsRow")
)]
#[sea_orm(table_name = "driver_honorariums")]
pub struct Model {
    /// Unique identifier of the honorarium.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) paying the honorarium.
    pub organization_id: Uuid,
    /// The peer mentor who drove.
    pub user_id: Uuid,
    /// Assignment that required the driving, if any.
    pub assignment_id: Option<Uuid>,
    /// Date of the driving engagement.
    pub driven_on: Date,
    /// Purpose of the trip (e.g. "Kjøring til syns-kontroll"); no personal data about the
    /// passenger.
    pub purpose: Option<String>,
    /// Area or municipality the trip started in (never a street address).
    pub from_area: Option<String>,
    /// Area or municipality the trip went to (never a street address).
    pub to_area: Option<String>,
    /// Distance driven in kilometers (0 or more).
    pub distance_km: f64,
    /// Time spent on the engagement in minutes.
    pub duration_minutes: Option<i32>,
    /// Rate per kilometer applied, in øre (None = the organization's default rate).
    pub rate_ore_per_km: Option<i64>,
    /// Calculated honorarium amount in øre (0 or more).
    pub amount_ore: i64,
    /// Processing state of the honorarium.
    pub status: DriverHonorariumStatus,
    /// Coordinator or org admin who approved or rejected it.
    pub approved_by_id: Option<Uuid>,
    /// When it was approved or rejected.
    pub approved_at: Option<DateTimeUtc>,
    /// When it was paid.
    pub paid_at: Option<DateTimeUtc>,
    /// Remarks from the driver or the approver.
    pub notes: Option<String>,
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
        fk_name = "fk_driver_honorariums_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_driver_honorariums_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::ApprovedById",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_driver_honorariums_approved_by_id"
    )]
    ApprovedBy,
    #[sea_orm(
        belongs_to = "crate::assignments::Entity",
        from = "Column::AssignmentId",
        to = "crate::assignments::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_driver_honorariums_assignment_id"
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

impl Related<crate::assignments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Assignments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
