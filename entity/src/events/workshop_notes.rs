//! `workshop_notes` (scope T): notes taken during or after a workshop session.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a workshop note records.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum WorkshopNoteKind {
    /// The facilitator's observations during the session.
    #[sea_orm(string_value = "observation")]
    Observation,
    /// Key discussion points and what participants achieved.
    #[sea_orm(string_value = "outcome")]
    Outcome,
    /// Follow-up needed after the session.
    #[sea_orm(string_value = "follow_up")]
    FollowUp,
    /// Summary of the whole session.
    #[sea_orm(string_value = "summary")]
    Summary,
}

/// A note on a workshop session, written by its facilitator or a coordinator.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "WorkshopNotesRow")
)]
#[sea_orm(table_name = "workshop_notes")]
pub struct Model {
    /// Unique identifier of the note.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the note belongs to (the session's organization).
    pub organization_id: Uuid,
    /// The workshop session the note is about.
    pub workshop_session_id: Uuid,
    /// User who wrote the note.
    pub author_id: Uuid,
    /// What the note records.
    pub kind: WorkshopNoteKind,
    /// Optional heading of the note.
    pub title: Option<String>,
    /// The note itself as rich text (Markdown).
    pub body: String,
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
        fk_name = "fk_workshop_notes_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::workshop_sessions::Entity",
        from = "Column::WorkshopSessionId",
        to = "crate::workshop_sessions::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_workshop_notes_workshop_session_id"
    )]
    WorkshopSessions,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::AuthorId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_workshop_notes_author_id"
    )]
    Users,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::workshop_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkshopSessions.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
