//! `personal_notes` (scope U): a user's private notes, optionally about a contact. Only the
//! author ever reads them, whatever their role.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A private note of a peer mentor or coordinator.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "PersonalNotesRow")
)]
#[sea_orm(table_name = "personal_notes")]
pub struct Model {
    /// Unique identifier of the note.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the note was written in.
    pub organization_id: Uuid,
    /// User who owns the note; the only one who may read it.
    pub user_id: Uuid,
    /// Contact the note is about (None = a general note).
    pub contact_id: Option<Uuid>,
    /// Short title of the note (None = untitled).
    pub title: Option<String>,
    /// Text of the note.
    pub body: String,
    /// Whether the note is pinned to the top of the owner's list.
    pub is_pinned: bool,
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
        fk_name = "fk_personal_notes_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_personal_notes_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::contacts::Entity",
        from = "Column::ContactId",
        to = "crate::contacts::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_personal_notes_contact_id"
    )]
    Contacts,
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

impl Related<crate::contacts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contacts.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
