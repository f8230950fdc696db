//! `caregivers` (scope T): a caregiver or next-of-kin of a contact. Their phone and email are
//! personal data of a third person and follow the contact's sensitive-field rule.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How a caregiver is related to the contact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CaregiverRelationship {
    /// Parent of the contact.
    #[sea_orm(string_value = "parent")]
    Parent,
    /// Spouse or partner of the contact.
    #[sea_orm(string_value = "spouse_partner")]
    SpousePartner,
    /// Adult child of the contact.
    #[sea_orm(string_value = "child")]
    Child,
    /// Brother or sister of the contact.
    #[sea_orm(string_value = "sibling")]
    Sibling,
    /// Another family member.
    #[sea_orm(string_value = "other_relative")]
    OtherRelative,
    /// Legal guardian (verge) of the contact.
    #[sea_orm(string_value = "guardian")]
    Guardian,
    /// A friend or neighbour.
    #[sea_orm(string_value = "friend")]
    Friend,
    /// A professional carer (home care service, personal assistant).
    #[sea_orm(string_value = "professional")]
    Professional,
}

/// A caregiver or next-of-kin of a contact.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "CaregiversRow")
)]
#[sea_orm(table_name = "caregivers")]
pub struct Model {
    /// Unique identifier of the caregiver.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the caregiver belongs to.
    pub organization_id: Uuid,
    /// Contact the caregiver cares for.
    pub contact_id: Uuid,
    /// Given name of the caregiver.
    pub first_name: String,
    /// Family name of the caregiver.
    pub last_name: String,
    /// How the caregiver is related to the contact.
    pub relationship: CaregiverRelationship,
    /// Phone number of the caregiver; sensitive, same readers as the contact's details.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub phone: Option<String>,
    /// Email address of the caregiver; sensitive, same readers as the contact's details.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub email: Option<String>,
    /// Whether this is the contact's primary caregiver.
    pub is_primary: bool,
    /// Whether to call this person in an emergency (next of kin).
    pub is_emergency_contact: bool,
    /// Whether the caregiver lives with the contact.
    pub lives_with_contact: bool,
    /// Free-text notes about the caregiver's role (never health data).
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
        fk_name = "fk_caregivers_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::contacts::Entity",
        from = "Column::ContactId",
        to = "crate::contacts::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_caregivers_contact_id"
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
