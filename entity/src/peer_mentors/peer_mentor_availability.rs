//! `peer_mentor_availability` (scope T, append-only): the history of a peer mentor's status
//! changes (active, paused, auto-paused, inactive) with reasons, for audit and coordinator alerts.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::peer_mentor_profiles::PeerMentorStatus;

/// Who or what changed a peer mentor's availability.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum PeerMentorAvailabilitySource {
    /// The mentor changed their own status in the app.
    #[sea_orm(string_value = "mentor")]
    Mentor,
    /// A coordinator or org admin changed it.
    #[sea_orm(string_value = "coordinator")]
    Coordinator,
    /// The certification expiry monitor paused the mentor.
    #[sea_orm(string_value = "certification_expiry")]
    CertificationExpiry,
    /// A scheduled automatic resume reactivated the mentor.
    #[sea_orm(string_value = "scheduled_resume")]
    ScheduledResume,
    /// Another automatic process (e.g. role revoked).
    #[sea_orm(string_value = "system")]
    System,
}

/// One change of a peer mentor's availability (immutable).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "PeerMentorAvailabilityRow")
)]
#[sea_orm(table_name = "peer_mentor_availability")]
pub struct Model {
    /// Unique identifier of the status change.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the change belongs to.
    pub organization_id: Uuid,
    /// The peer mentor whose availability changed.
    pub user_id: Uuid,
    /// The peer mentor profile whose status changed.
    pub peer_mentor_profile_id: Uuid,
    /// Status before the change (None for the first record of a profile).
    pub previous_status: Option<PeerMentorStatus>,
    /// Status after the change.
    pub status: PeerMentorStatus,
    /// Reason given for the change (e.g. pause reason).
    pub reason: Option<String>,
    /// Who or what made the change.
    pub source: PeerMentorAvailabilitySource,
    /// When the new status took effect.
    pub effective_from: DateTimeUtc,
    /// Planned end of the new status (e.g. scheduled resume of a pause; None = open-ended).
    pub effective_until: Option<DateTimeUtc>,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last updated.
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
        fk_name = "fk_peer_mentor_availability_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_peer_mentor_availability_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::peer_mentor_profiles::Entity",
        from = "Column::PeerMentorProfileId",
        to = "crate::peer_mentor_profiles::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_peer_mentor_availability_peer_mentor_profile_id"
    )]
    PeerMentorProfiles,
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

impl Related<crate::peer_mentor_profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PeerMentorProfiles.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
