//! `contact_relatives` (scope T): junction linking a registered relative to a contact (case).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How a relative is related to the contact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum RelativeRelationship {
    /// Mother of the contact.
    #[sea_orm(string_value = "mother")]
    Mother,
    /// Father of the contact.
    #[sea_orm(string_value = "father")]
    Father,
    /// Brother or sister of the contact.
    #[sea_orm(string_value = "sibling")]
    Sibling,
    /// Grandparent of the contact.
    #[sea_orm(string_value = "grandparent")]
    Grandparent,
    /// Legal guardian or foster parent of the contact.
    #[sea_orm(string_value = "guardian")]
    Guardian,
    /// Spouse or partner of the contact.
    #[sea_orm(string_value = "partner")]
    Partner,
    /// Child of the contact.
    #[sea_orm(string_value = "child")]
    Child,
    /// Another relationship.
    #[sea_orm(string_value = "other")]
    Other,
}

/// A relative linked to a contact.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ContactRelativesRow")
)]
#[sea_orm(table_name = "contact_relatives")]
pub struct Model {
    /// Unique identifier of the link.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the link belongs to.
    pub organization_id: Uuid,
    /// The contact (case).
    pub contact_id: Uuid,
    /// The relative linked to the contact.
    pub relative_id: Uuid,
    /// How the relative is related to the contact.
    pub relationship: RelativeRelationship,
    /// Whether the relative is the case's main contact person.
    pub is_primary_contact_person: bool,
    /// Whether the relative is the contact's legal next of kin.
    pub is_next_of_kin: bool,
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
        fk_name = "fk_contact_relatives_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::contacts::Entity",
        from = "Column::ContactId",
        to = "crate::contacts::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_contact_relatives_contact_id"
    )]
    Contacts,
    #[sea_orm(
        belongs_to = "crate::relatives::Entity",
        from = "Column::RelativeId",
        to = "crate::relatives::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_contact_relatives_relative_id"
    )]
    Relatives,
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

impl Related<crate::relatives::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Relatives.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
