//! `mentor_pairings` (scope T): a pairing of an experienced peer mentor with a newer one (the
//! mentee) in Blindeforbundet's structured mentorship scheme.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Lifecycle state of a mentor pairing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum MentorPairingStatus {
    /// Proposed by a coordinator; not yet accepted by both.
    #[sea_orm(string_value = "proposed")]
    Proposed,
    /// The pairing is running.
    #[sea_orm(string_value = "active")]
    Active,
    /// Temporarily on hold.
    #[sea_orm(string_value = "paused")]
    Paused,
    /// Completed as planned.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Ended early (see the end reason).
    #[sea_orm(string_value = "ended")]
    Ended,
}

/// A mentor-mentee pairing between two peer mentors.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "MentorPairingsRow")
)]
#[sea_orm(table_name = "mentor_pairings")]
pub struct Model {
    /// Unique identifier of the pairing.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the pairing belongs to.
    pub organization_id: Uuid,
    /// Profile of the experienced peer mentor acting as guide.
    pub mentor_profile_id: Uuid,
    /// Profile of the newer peer mentor receiving guidance.
    pub mentee_profile_id: Uuid,
    /// Coordinator overseeing the pairing.
    pub coordinator_id: Option<Uuid>,
    /// Lifecycle state of the pairing.
    pub status: MentorPairingStatus,
    /// First day of the pairing (None while proposed).
    pub started_on: Option<Date>,
    /// Last day of the pairing (None while it runs).
    pub ended_on: Option<Date>,
    /// Goals agreed for the mentorship.
    pub goals: Option<String>,
    /// Agreed meeting frequency (e.g. "annenhver uke").
    pub meeting_frequency: Option<String>,
    /// Why the pairing ended early.
    pub end_reason: Option<String>,
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
        fk_name = "fk_mentor_pairings_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::peer_mentor_profiles::Entity",
        from = "Column::MentorProfileId",
        to = "crate::peer_mentor_profiles::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_mentor_pairings_mentor_profile_id"
    )]
    MentorProfile,
    #[sea_orm(
        belongs_to = "crate::peer_mentor_profiles::Entity",
        from = "Column::MenteeProfileId",
        to = "crate::peer_mentor_profiles::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_mentor_pairings_mentee_profile_id"
    )]
    MenteeProfile,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::CoordinatorId",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_mentor_pairings_coordinator_id"
    )]
    Coordinator,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

/// The mentor side; reach the mentee through `Relation::MenteeProfile`.
impl Related<crate::peer_mentor_profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MentorProfile.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Coordinator.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
