//! `benefit_estimates` (scope T): computed estimates of the tangible value of a peer mentor's
//! volunteer work. Written by the server only.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Estimated tangible benefits a peer mentor's volunteer work produced in one period: volunteer
/// time valued at a reference hourly rate, contacts helped, travel done.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "BenefitEstimatesRow")
)]
#[sea_orm(table_name = "benefit_estimates")]
pub struct Model {
    /// Unique identifier of the estimate.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the work was done in.
    pub organization_id: Uuid,
    /// The peer mentor the estimate is about.
    pub user_id: Uuid,
    /// First day of the period estimated.
    pub period_start: Date,
    /// Last day of the period estimated (not before the first).
    pub period_end: Date,
    /// Volunteer time in the period (approved activities), in minutes.
    pub volunteer_minutes: i64,
    /// Reference value of one volunteer hour used for the estimate, in øre.
    pub hourly_value_ore: i64,
    /// Estimated value of the volunteer time, in øre.
    pub estimated_value_ore: i64,
    /// Number of different contacts helped.
    pub contacts_helped: i32,
    /// Distance travelled for the work, in kilometres.
    pub travel_km: f64,
    /// Version of the estimation method, so figures from different versions are not compared.
    pub methodology_version: String,
    /// Assumptions behind the figures (rates, sources, exclusions), as a JSON object.
    #[sea_orm(column_type = "JsonBinary")]
    pub assumptions: Json,
    /// When the estimate was computed.
    pub computed_at: DateTimeUtc,
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
        fk_name = "fk_benefit_estimates_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_benefit_estimates_user_id"
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
