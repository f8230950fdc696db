//! `poa_documents` (scope T): powers of attorney and medical records that peer mentors and
//! coordinators manage for contacts, on paper, scanned or born digital (gradual digitization).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What kind of legal or medical document it is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum PoaDocumentType {
    /// A power of attorney (fullmakt) letting the holder act for the contact.
    #[sea_orm(string_value = "power_of_attorney")]
    PowerOfAttorney,
    /// A medical record or doctor's statement.
    #[sea_orm(string_value = "medical_record")]
    MedicalRecord,
    /// A consent form signed by the contact.
    #[sea_orm(string_value = "consent_form")]
    ConsentForm,
    /// Another legal document.
    #[sea_orm(string_value = "other")]
    Other,
}

/// In which form the document exists.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum PoaDocumentFormat {
    /// Only on paper, kept by the mentor or the office.
    #[sea_orm(string_value = "paper")]
    Paper,
    /// A scan of a paper original, stored encrypted.
    #[sea_orm(string_value = "scanned")]
    Scanned,
    /// Born digital (e.g. signed with BankID), stored encrypted.
    #[sea_orm(string_value = "digital")]
    Digital,
}

/// Whether the document is in force.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum PoaDocumentStatus {
    /// In force.
    #[sea_orm(string_value = "active")]
    Active,
    /// Past its validity period.
    #[sea_orm(string_value = "expired")]
    Expired,
    /// Withdrawn by the person who granted it.
    #[sea_orm(string_value = "revoked")]
    Revoked,
    /// No longer in use, kept for the record.
    #[sea_orm(string_value = "archived")]
    Archived,
}

/// A power of attorney or medical record managed for a contact.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "PoaDocumentsRow")
)]
#[sea_orm(table_name = "poa_documents")]
pub struct Model {
    /// Unique identifier of the document record.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the document belongs to.
    pub organization_id: Uuid,
    /// Local association the document is handled in; its coordinators manage it.
    pub local_association_id: Uuid,
    /// Contact the document concerns (None = not a registered contact).
    pub contact_id: Option<Uuid>,
    /// Peer mentor or coordinator who manages the document.
    pub managed_by_id: Uuid,
    /// Encrypted copy of the document (None = paper only, not digitized yet).
    pub encrypted_document_id: Option<Uuid>,
    /// What kind of document it is.
    pub document_type: PoaDocumentType,
    /// In which form the document exists.
    pub format: PoaDocumentFormat,
    /// Whether the document is in force.
    pub status: PoaDocumentStatus,
    /// Non-identifying title (e.g. "Fullmakt NAV og fastlege").
    pub title: String,
    /// What the document authorizes or covers (never health details).
    pub scope_description: Option<String>,
    /// Date the document was signed.
    pub signed_on: Option<Date>,
    /// First day the document is in force.
    pub valid_from: Option<Date>,
    /// Last day the document is in force (None = until revoked).
    pub valid_until: Option<Date>,
    /// When the document was revoked.
    pub revoked_at: Option<DateTimeUtc>,
    /// When a paper original was scanned into the system.
    pub digitized_at: Option<DateTimeUtc>,
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
        fk_name = "fk_poa_documents_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_poa_documents_local_association_id"
    )]
    LocalAssociations,
    #[sea_orm(
        belongs_to = "crate::contacts::Entity",
        from = "Column::ContactId",
        to = "crate::contacts::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_poa_documents_contact_id"
    )]
    Contacts,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::ManagedById",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_poa_documents_managed_by_id"
    )]
    ManagedBy,
    #[sea_orm(
        belongs_to = "crate::encrypted_documents::Entity",
        from = "Column::EncryptedDocumentId",
        to = "crate::encrypted_documents::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_poa_documents_encrypted_document_id"
    )]
    EncryptedDocuments,
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

impl Related<crate::contacts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contacts.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ManagedBy.def()
    }
}

impl Related<crate::encrypted_documents::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::EncryptedDocuments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
