//! `contacts` (scope T): people receiving peer-mentor support. Personal details (phone, email,
//! address, birth date, health notes) are sensitive: only coordinators and org admins in scope
//! and the peer mentors linked to the contact may read them.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Lifecycle status of a contact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ContactStatus {
    /// The contact currently receives support.
    #[sea_orm(string_value = "active")]
    Active,
    /// Support is paused or has ended for now; the contact may become active again.
    #[sea_orm(string_value = "inactive")]
    Inactive,
    /// The contact is kept for history and reporting only.
    #[sea_orm(string_value = "archived")]
    Archived,
}

/// How a contact prefers to be reached.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ContactPreferredChannel {
    /// A phone call.
    #[sea_orm(string_value = "phone")]
    Phone,
    /// A text message (SMS).
    #[sea_orm(string_value = "sms")]
    Sms,
    /// An email.
    #[sea_orm(string_value = "email")]
    Email,
    /// A meeting in person (home visit or meeting place).
    #[sea_orm(string_value = "in_person")]
    InPerson,
}

/// A person receiving support from peer mentors (the label "Contact" is overridable per
/// organization, e.g. "Medlem" or "Bruker").
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ContactsRow")
)]
#[sea_orm(table_name = "contacts")]
pub struct Model {
    /// Unique identifier of the contact.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the contact belongs to.
    pub organization_id: Uuid,
    /// Local association responsible for the contact; its coordinators manage the contact.
    pub local_association_id: Uuid,
    /// Peer mentor primarily responsible for the contact (None = not yet matched). Mentors also
    /// reach the contacts of their assignments and activities.
    pub primary_peer_mentor_id: Option<Uuid>,
    /// Given name of the contact.
    pub first_name: String,
    /// Family name of the contact.
    pub last_name: String,
    /// Lifecycle status of the contact.
    pub status: ContactStatus,
    /// Phone number; sensitive, readable only by coordinators/org admins in scope and linked mentors.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub phone: Option<String>,
    /// Email address; sensitive, readable only by coordinators/org admins in scope and linked mentors.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub email: Option<String>,
    /// Street address; sensitive, readable only by coordinators/org admins in scope and linked mentors.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub street_address: Option<String>,
    /// Postal code; part of the sensitive address.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub postal_code: Option<String>,
    /// Postal town; part of the sensitive address.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub city: Option<String>,
    /// Municipality (kommune) the contact lives in, for statistics and matching.
    pub municipality: Option<String>,
    /// Date of birth; sensitive, readable only by coordinators/org admins in scope and linked mentors.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub birth_date: Option<Date>,
    /// Health notes (diagnosis, needs, precautions); special-category data, readable only by
    /// coordinators/org admins in scope and linked mentors.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub health_notes: Option<String>,
    /// How the contact prefers to be reached (None = no preference recorded).
    pub preferred_channel: Option<ContactPreferredChannel>,
    /// Membership number in the organization, when the contact is a member.
    pub membership_number: Option<String>,
    /// When the contact consented to the registration of their personal data (None = not recorded).
    pub consent_given_at: Option<DateTimeUtc>,
    /// Values of the organization's custom contact fields, as a JSON object keyed by field key
    /// (never special-category data: use health notes).
    #[sea_orm(column_type = "JsonBinary")]
    pub custom_fields: Json,
    /// Hash of the imported source record, for idempotent bulk re-import.
    pub import_hash: Option<String>,
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
        fk_name = "fk_contacts_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_contacts_local_association_id"
    )]
    LocalAssociations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::PrimaryPeerMentorId",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_contacts_primary_peer_mentor_id"
    )]
    PrimaryPeerMentor,
    #[sea_orm(has_many = "crate::contact_notes::Entity")]
    ContactNotes,
    #[sea_orm(has_many = "crate::caregivers::Entity")]
    Caregivers,
    #[sea_orm(has_many = "crate::contact_relatives::Entity")]
    ContactRelatives,
    #[sea_orm(has_many = "crate::personal_notes::Entity")]
    PersonalNotes,
    #[sea_orm(has_many = "crate::home_visit_reports::Entity")]
    HomeVisitReports,
    #[sea_orm(has_many = "crate::assignments::Entity")]
    Assignments,
    #[sea_orm(has_many = "crate::poa_documents::Entity")]
    PoaDocuments,
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
        Relation::PrimaryPeerMentor.def()
    }
}

impl Related<crate::contact_notes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ContactNotes.def()
    }
}

impl Related<crate::caregivers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Caregivers.def()
    }
}

impl Related<crate::contact_relatives::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ContactRelatives.def()
    }
}

impl Related<crate::personal_notes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PersonalNotes.def()
    }
}

impl Related<crate::home_visit_reports::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::HomeVisitReports.def()
    }
}

impl Related<crate::assignments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Assignments.def()
    }
}

impl Related<crate::poa_documents::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PoaDocuments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
