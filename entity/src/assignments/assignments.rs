//! `assignments` (scope T): an encrypted task from a coordinator to one peer mentor. The server
//! stores only ciphertext and metadata, never the plaintext (name, address, medical summary of
//! the person to visit); only the recipient mentor may read the ciphertext.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where an assignment is in its dispatch lifecycle.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum AssignmentStatus {
    /// Being prepared by the coordinator; not visible to the mentor yet.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Sent to the mentor's devices.
    #[sea_orm(string_value = "dispatched")]
    Dispatched,
    /// Confirmed delivered to one of the mentor's devices.
    #[sea_orm(string_value = "delivered")]
    Delivered,
    /// The mentor has opened the decrypted content.
    #[sea_orm(string_value = "read")]
    Read,
    /// The mentor has accepted the assignment.
    #[sea_orm(string_value = "accepted")]
    Accepted,
    /// The mentor has declined the assignment.
    #[sea_orm(string_value = "declined")]
    Declined,
    /// The assignment has been carried out.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// The coordinator withdrew the assignment.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

/// How urgent an assignment is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum AssignmentPriority {
    /// No hurry.
    #[sea_orm(string_value = "low")]
    Low,
    /// The usual pace.
    #[sea_orm(string_value = "normal")]
    Normal,
    /// Should be handled within days.
    #[sea_orm(string_value = "high")]
    High,
    /// Should be handled at once.
    #[sea_orm(string_value = "urgent")]
    Urgent,
}

/// An encrypted assignment from a coordinator to one peer mentor.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "AssignmentsRow")
)]
#[sea_orm(table_name = "assignments")]
pub struct Model {
    /// Unique identifier of the assignment.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the assignment belongs to.
    pub organization_id: Uuid,
    /// Local association the assignment is handled in; its coordinators manage it.
    pub local_association_id: Uuid,
    /// Coordinator who created and dispatches the assignment.
    pub coordinator_id: Uuid,
    /// Peer mentor the assignment is for: the only reader of the encrypted payload.
    pub peer_mentor_id: Uuid,
    /// Contact the assignment concerns, when registered in the system (None = not registered).
    pub contact_id: Option<Uuid>,
    /// Non-identifying title shown in lists (e.g. "Hjemmebesøk, Trondheim sentrum"); never
    /// personal data, which belongs in the encrypted payload.
    pub title: String,
    /// Where the assignment is in its dispatch lifecycle.
    pub status: AssignmentStatus,
    /// How urgent the assignment is.
    pub priority: AssignmentPriority,
    /// The encrypted payload (base64 ciphertext); readable only by the recipient mentor, and only
    /// while their profile accepts encrypted assignments.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub ciphertext: String,
    /// Reference of the recipient's public key the payload was encrypted to (never key material).
    pub key_reference: String,
    /// Encryption scheme of the payload (e.g. "x25519-xsalsa20-poly1305").
    pub encryption_scheme: String,
    /// Date the assignment should be carried out by (None = no deadline).
    pub due_date: Option<Date>,
    /// When the assignment was first dispatched.
    pub dispatched_at: Option<DateTimeUtc>,
    /// When delivery to a device of the mentor was confirmed.
    pub delivered_at: Option<DateTimeUtc>,
    /// When the mentor first opened the decrypted content.
    pub read_at: Option<DateTimeUtc>,
    /// When the mentor accepted or declined the assignment.
    pub responded_at: Option<DateTimeUtc>,
    /// When the assignment was completed.
    pub completed_at: Option<DateTimeUtc>,
    /// When the assignment was cancelled.
    pub cancelled_at: Option<DateTimeUtc>,
    /// Why the assignment was cancelled (never personal data).
    pub cancellation_reason: Option<String>,
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
        fk_name = "fk_assignments_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_assignments_local_association_id"
    )]
    LocalAssociations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::CoordinatorId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_assignments_coordinator_id"
    )]
    Coordinator,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::PeerMentorId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_assignments_peer_mentor_id"
    )]
    PeerMentor,
    #[sea_orm(
        belongs_to = "crate::contacts::Entity",
        from = "Column::ContactId",
        to = "crate::contacts::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_assignments_contact_id"
    )]
    Contacts,
    #[sea_orm(has_many = "crate::assignment_dispatches::Entity")]
    AssignmentDispatches,
    #[sea_orm(has_many = "crate::assignment_read_receipts::Entity")]
    AssignmentReadReceipts,
    #[sea_orm(has_many = "crate::assignment_consents::Entity")]
    AssignmentConsents,
    #[sea_orm(has_many = "crate::encrypted_documents::Entity")]
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

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PeerMentor.def()
    }
}

impl Related<crate::contacts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contacts.def()
    }
}

impl Related<crate::assignment_dispatches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AssignmentDispatches.def()
    }
}

impl Related<crate::assignment_read_receipts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AssignmentReadReceipts.def()
    }
}

impl Related<crate::assignment_consents::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AssignmentConsents.def()
    }
}

impl Related<crate::encrypted_documents::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::EncryptedDocuments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
