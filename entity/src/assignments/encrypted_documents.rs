//! `encrypted_documents` (scope T): metadata of encrypted sensitive documents (assignment
//! payloads, medical records). The ciphertext itself lives in object storage, never in the
//! database; the storage location is internal and never exposed.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What an encrypted document holds.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum EncryptedDocumentKind {
    /// An attachment to an assignment's encrypted payload.
    #[sea_orm(string_value = "assignment_attachment")]
    AssignmentAttachment,
    /// A medical record or health summary.
    #[sea_orm(string_value = "medical_record")]
    MedicalRecord,
    /// A power of attorney (fullmakt).
    #[sea_orm(string_value = "power_of_attorney")]
    PowerOfAttorney,
    /// A signed consent form.
    #[sea_orm(string_value = "consent_form")]
    ConsentForm,
    /// Any other sensitive document.
    #[sea_orm(string_value = "other")]
    Other,
}

/// Metadata of one encrypted document.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "EncryptedDocumentsRow")
)]
#[sea_orm(table_name = "encrypted_documents")]
pub struct Model {
    /// Unique identifier of the document.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the document belongs to.
    pub organization_id: Uuid,
    /// Local association the document is handled in; its coordinators manage it.
    pub local_association_id: Uuid,
    /// User who owns the document (uploaded it or holds it for a contact).
    pub owner_id: Uuid,
    /// Assignment the document travels with (None = not part of an assignment).
    pub assignment_id: Option<Uuid>,
    /// Contact the document concerns (None = not tied to a registered contact).
    pub contact_id: Option<Uuid>,
    /// What the document holds.
    pub document_kind: EncryptedDocumentKind,
    /// Non-identifying title of the document (never personal data).
    pub title: String,
    /// MIME type of the plaintext (e.g. "application/pdf").
    pub content_type: String,
    /// Size of the ciphertext in bytes.
    pub size_bytes: i64,
    /// Internal object-storage key of the ciphertext; never exposed (downloads go through the
    /// gateway).
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub storage_key: String,
    /// SHA-256 of the ciphertext (hex), to verify downloads.
    pub ciphertext_sha256: String,
    /// Reference of the key the document was encrypted to (never key material).
    pub key_reference: String,
    /// Encryption scheme of the document (e.g. "x25519-xsalsa20-poly1305").
    pub encryption_scheme: String,
    /// When the document must be erased (None = kept until deleted).
    pub expires_at: Option<DateTimeUtc>,
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
        fk_name = "fk_encrypted_documents_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_encrypted_documents_local_association_id"
    )]
    LocalAssociations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::OwnerId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_encrypted_documents_owner_id"
    )]
    Owner,
    #[sea_orm(
        belongs_to = "crate::assignments::Entity",
        from = "Column::AssignmentId",
        to = "crate::assignments::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_encrypted_documents_assignment_id"
    )]
    Assignments,
    #[sea_orm(
        belongs_to = "crate::contacts::Entity",
        from = "Column::ContactId",
        to = "crate::contacts::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_encrypted_documents_contact_id"
    )]
    Contacts,
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
        Relation::Owner.def()
    }
}

impl Related<crate::assignments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Assignments.def()
    }
}

impl Related<crate::contacts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contacts.def()
    }
}

impl Related<crate::poa_documents::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PoaDocuments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
