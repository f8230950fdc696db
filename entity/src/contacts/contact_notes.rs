//! `contact_notes` (scope T): structured notes on a contact written by peer mentors and
//! coordinators (interactions, observations, follow-up needs).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a contact note records.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ContactNoteType {
    /// Summary of an interaction (visit, call, meeting) with the contact.
    #[sea_orm(string_value = "interaction")]
    Interaction,
    /// An observation about the contact's situation.
    #[sea_orm(string_value = "observation")]
    Observation,
    /// Something that must be followed up.
    #[sea_orm(string_value = "follow_up")]
    FollowUp,
    /// Any other note.
    #[sea_orm(string_value = "other")]
    Other,
}

/// A structured note about a contact.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ContactNotesRow")
)]
#[sea_orm(table_name = "contact_notes")]
pub struct Model {
    /// Unique identifier of the note.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the note belongs to.
    pub organization_id: Uuid,
    /// Contact the note is about.
    pub contact_id: Uuid,
    /// What the note records.
    pub note_type: ContactNoteType,
    /// Short title of the note (None = untitled).
    pub title: Option<String>,
    /// Text of the note.
    pub body: String,
    /// Whether the note asks for a follow-up that is not done yet.
    pub follow_up_required: bool,
    /// Date the follow-up should be done by (None = no deadline).
    pub follow_up_due_date: Option<Date>,
    /// When the follow-up was done (None = still open or none required).
    pub follow_up_completed_at: Option<DateTimeUtc>,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last updated.
    pub updated_at: DateTimeUtc,
    /// Peer mentor or coordinator who wrote the note (None for system writes).
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
        fk_name = "fk_contact_notes_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::contacts::Entity",
        from = "Column::ContactId",
        to = "crate::contacts::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_contact_notes_contact_id"
    )]
    Contacts,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::contacts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contacts.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
