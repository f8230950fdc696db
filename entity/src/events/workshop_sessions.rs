//! `workshop_sessions` (scope T): group guidance and career workshops of a mentor programme
//! (Blindeforbundet's karriereverksted), with participants, notes and tasks.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What kind of workshop a session is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum WorkshopSessionKind {
    /// Career workshop (karriereverksted): work, education and job seeking.
    #[sea_orm(string_value = "career_workshop")]
    CareerWorkshop,
    /// Facilitated group guidance on a chosen theme.
    #[sea_orm(string_value = "group_guidance")]
    GroupGuidance,
    /// Gathering of mentors and mentees in the mentor programme.
    #[sea_orm(string_value = "mentor_gathering")]
    MentorGathering,
    /// Any other workshop format.
    #[sea_orm(string_value = "other")]
    Other,
}

/// Lifecycle status of a workshop session.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum WorkshopSessionStatus {
    /// Scheduled; enrollment open.
    #[sea_orm(string_value = "planned")]
    Planned,
    /// Held; attendance confirmed.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Called off.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

/// One session of a group guidance or career workshop, facilitated by a coordinator or an
/// experienced peer mentor.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "WorkshopSessionsRow")
)]
#[sea_orm(table_name = "workshop_sessions")]
pub struct Model {
    /// Unique identifier of the workshop session.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the session belongs to.
    pub organization_id: Uuid,
    /// Local association hosting the session (None for an organization-wide session).
    pub local_association_id: Option<Uuid>,
    /// User (coordinator or peer mentor) who facilitates the session.
    pub facilitator_id: Uuid,
    /// Title of the session.
    pub title: String,
    /// Theme, agenda and goals of the session.
    pub description: Option<String>,
    /// What kind of workshop the session is.
    pub kind: WorkshopSessionKind,
    /// Lifecycle status of the session.
    pub status: WorkshopSessionStatus,
    /// Name of the programme or series the session belongs to (e.g. "Karriereverksted våren 2026").
    pub series_name: Option<String>,
    /// Position of the session in its series (1 for the first; at least 1).
    pub session_number: Option<i32>,
    /// When the session starts.
    pub starts_at: DateTimeUtc,
    /// When the session ends (not before it starts).
    pub ends_at: DateTimeUtc,
    /// Venue or address (None for digital-only sessions).
    pub location: Option<String>,
    /// Whether participants can (also) join online.
    pub is_digital: bool,
    /// Maximum number of enrolled participants (None = unlimited; otherwise at least 1).
    pub capacity: Option<i32>,
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
        fk_name = "fk_workshop_sessions_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_workshop_sessions_local_association_id"
    )]
    LocalAssociations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::FacilitatorId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_workshop_sessions_facilitator_id"
    )]
    Users,
    #[sea_orm(has_many = "crate::workshop_participants::Entity")]
    WorkshopParticipants,
    #[sea_orm(has_many = "crate::workshop_notes::Entity")]
    WorkshopNotes,
    #[sea_orm(has_many = "crate::workshop_tasks::Entity")]
    WorkshopTasks,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::local_associations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LocalAssociations.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<crate::workshop_participants::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkshopParticipants.def()
    }
}

impl Related<crate::workshop_notes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkshopNotes.def()
    }
}

impl Related<crate::workshop_tasks::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkshopTasks.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
