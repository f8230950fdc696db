//! Assignments (encrypted dispatch): assignments with their guarded encrypted payload, the
//! append-only dispatch trail, read receipts and consents, encrypted document metadata and
//! powers of attorney.

use async_graphql::MergedObject;

use crate::enum_filter;
use crate::filter::{DateFilter, DateTimeFilter, StringFilter, UuidFilter};
use meander_core::authz::fields::Guard;

use super::contacts::Contact;
use super::honoraria::{AssignmentHonorariumRecord, DriverHonorarium};
use super::identity::User;
use super::tenancy::{LocalAssociation, Organization};

enum_filter!(
    AssignmentStatusFilter,
    entity::assignments::AssignmentStatus
);
enum_filter!(
    AssignmentPriorityFilter,
    entity::assignments::AssignmentPriority
);
enum_filter!(
    AssignmentDispatchOutcomeFilter,
    entity::assignment_dispatches::AssignmentDispatchOutcome
);
enum_filter!(
    AssignmentConsentDecisionFilter,
    entity::assignment_consents::AssignmentConsentDecision
);
enum_filter!(
    EncryptedDocumentKindFilter,
    entity::encrypted_documents::EncryptedDocumentKind
);
enum_filter!(
    PoaDocumentTypeFilter,
    entity::poa_documents::PoaDocumentType
);
enum_filter!(
    PoaDocumentStatusFilter,
    entity::poa_documents::PoaDocumentStatus
);

/// Lowercase hexadecimal digits.
fn hex_char(c: char) -> bool {
    c.is_ascii_digit() || ('a'..='f').contains(&c)
}

entity_api! {
    /// An encrypted assignment from a coordinator to one peer mentor. The server keeps only the
    /// ciphertext and metadata; the payload is readable by the recipient mentor alone. New
    /// assignments start as drafts; dispatching them is a workflow of its own.
    node: Assignment, module: assignments, one: assignment, many: assignments, query: AssignmentsQuery,
    filter: AssignmentFilter {
        id: UuidFilter => Id,
        local_association_id: UuidFilter => LocalAssociationId,
        coordinator_id: UuidFilter => CoordinatorId,
        peer_mentor_id: UuidFilter => PeerMentorId,
        contact_id: UuidFilter => ContactId,
        status: AssignmentStatusFilter => Status,
        priority: AssignmentPriorityFilter => Priority,
        title: StringFilter => Title,
        due_date: DateFilter => DueDate,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: AssignmentOrderField / AssignmentOrderBy { CreatedAt => CreatedAt, DueDate => DueDate },
    belongs_to: {
        /// The organization the assignment belongs to.
        organization: organizations => Organization via organization_id,
        /// The local association handling the assignment.
        local_association: local_associations => LocalAssociation via local_association_id,
        /// The coordinator who created the assignment, when in your scope.
        coordinator: users => User via coordinator_id,
        /// The recipient peer mentor, when in your scope.
        peer_mentor: users => User via peer_mentor_id,
        /// The contact the assignment concerns, when registered and in your scope.
        contact: contacts => Contact via contact_id,
    },
    has_many: {
        /// The assignment's dispatch trail in your scope, oldest first.
        dispatches: assignment_dispatches => AssignmentDispatch by AssignmentId order OccurredAt,
        /// Read receipts of the assignment in your scope.
        read_receipts: assignment_read_receipts => AssignmentReadReceipt by AssignmentId order ReadAt,
        /// Accept/decline answers to the assignment in your scope.
        consents: assignment_consents => AssignmentConsent by AssignmentId order RespondedAt,
        /// Encrypted documents travelling with the assignment.
        documents: encrypted_documents => EncryptedDocument by AssignmentId order CreatedAt,
        /// Honorarium thresholds crossed with this assignment, in your scope, oldest first.
        honorarium_records: assignment_honorarium_records => AssignmentHonorariumRecord by AssignmentId order CrossedAt,
        /// Driver honorariums for the assignment in your scope, by driving date.
        driver_honorariums: driver_honorariums => DriverHonorarium by AssignmentId order DrivenOn,
    },
    mutations: AssignmentsMutation {
        inputs: CreateAssignmentInput / UpdateAssignmentInput,
        create: create_assignment, update: update_assignment, delete: delete_assignment,
        required: {
            /// Local association handling the assignment.
            local_association_id: uuid::Uuid,
            /// Coordinator responsible for the assignment (usually you).
            coordinator_id: uuid::Uuid,
            /// Recipient peer mentor.
            peer_mentor_id: uuid::Uuid,
            /// Non-identifying title (never personal data).
            title: String,
            /// The payload encrypted on the client to the recipient's key, base64 (write-only here).
            ciphertext: String,
            /// Reference of the recipient key the payload was encrypted to.
            key_reference: String,
            /// Encryption scheme of the payload, e.g. x25519-xsalsa20-poly1305.
            encryption_scheme: String,
        },
        defaulted: {
            /// How urgent the assignment is (default normal).
            priority: entity::assignments::AssignmentPriority = entity::assignments::AssignmentPriority::Normal,
        },
        optional: {
            /// The contact the assignment concerns, when registered.
            contact_id: uuid::Uuid,
            /// Date the assignment should be carried out by.
            due_date: chrono::NaiveDate,
            /// Why the assignment was cancelled (never personal data).
            cancellation_reason: String,
        },
        fixed: { status: entity::assignments::AssignmentStatus::Draft },
        validate: {
            title: not_blank("required_fields"),
            title: max_len(200, "title_length"),
            ciphertext: not_blank("required_fields"),
            ciphertext: pattern(4, 1_000_000, |c| c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=', "ciphertext_base64"),
            key_reference: not_blank("required_fields"),
            key_reference: max_len(200, "key_reference_length"),
            encryption_scheme: not_blank("required_fields"),
            encryption_scheme: max_len(100, "encryption_scheme_length"),
            cancellation_reason: max_len(500, "reason_length"),
        },
    },
    extra: {
        /// The encrypted payload (base64 ciphertext): only the recipient peer mentor, once
        /// dispatched, and only while their profile accepts encrypted assignments. Your first
        /// read writes your read receipt.
        async fn ciphertext(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            crate::loaders::guard(ctx, Guard::AssignmentPayload((&self.0).into())).await?;
            Ok(Some(&self.0.ciphertext))
        }
    },
}

entity_api! {
    /// One delivery attempt or state transition of an assignment (append-only trail).
    node: AssignmentDispatch, module: assignment_dispatches, one: assignment_dispatch, many: assignment_dispatches, query: AssignmentDispatchesQuery,
    filter: AssignmentDispatchFilter {
        assignment_id: UuidFilter => AssignmentId,
        to_status: AssignmentStatusFilter => ToStatus,
        outcome: AssignmentDispatchOutcomeFilter => Outcome,
        actor_id: UuidFilter => ActorId,
        occurred_at: DateTimeFilter => OccurredAt,
    },
    order: AssignmentDispatchOrderField / AssignmentDispatchOrderBy { OccurredAt => OccurredAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The assignment.
        assignment: assignments => Assignment via assignment_id,
        /// The user whose action caused the transition, when in your scope.
        actor: users => User via actor_id,
    },
    has_many: {
        /// Read receipts of the dispatch in your scope, in reading order.
        read_receipts: assignment_read_receipts => AssignmentReadReceipt by DispatchId order ReadAt,
        /// Answers to the dispatch in your scope, in answering order.
        consents: assignment_consents => AssignmentConsent by DispatchId order RespondedAt,
    },
    mutations: none,
    extra: {},
}

entity_api! {
    /// Confirmation that the recipient mentor opened an assignment's decrypted content (append-only).
    node: AssignmentReadReceipt, module: assignment_read_receipts, one: assignment_read_receipt, many: assignment_read_receipts, query: AssignmentReadReceiptsQuery,
    filter: AssignmentReadReceiptFilter {
        assignment_id: UuidFilter => AssignmentId,
        user_id: UuidFilter => UserId,
        read_at: DateTimeFilter => ReadAt,
    },
    order: AssignmentReadReceiptOrderField / AssignmentReadReceiptOrderBy { ReadAt => ReadAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The assignment read.
        assignment: assignments => Assignment via assignment_id,
        /// The dispatch the content was read from.
        dispatch: assignment_dispatches => AssignmentDispatch via dispatch_id,
        /// The reader, when in your scope.
        user: users => User via user_id,
    },
    has_many: {},
    mutations: none,
    extra: {},
}

entity_api! {
    /// A peer mentor's accept or decline of an assignment (append-only).
    node: AssignmentConsent, module: assignment_consents, one: assignment_consent, many: assignment_consents, query: AssignmentConsentsQuery,
    filter: AssignmentConsentFilter {
        assignment_id: UuidFilter => AssignmentId,
        user_id: UuidFilter => UserId,
        decision: AssignmentConsentDecisionFilter => Decision,
        responded_at: DateTimeFilter => RespondedAt,
    },
    order: AssignmentConsentOrderField / AssignmentConsentOrderBy { RespondedAt => RespondedAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The assignment answered.
        assignment: assignments => Assignment via assignment_id,
        /// The dispatch answered.
        dispatch: assignment_dispatches => AssignmentDispatch via dispatch_id,
        /// The mentor who answered, when in your scope.
        user: users => User via user_id,
    },
    has_many: {},
    mutations: none,
    extra: {},
}

entity_api! {
    /// Metadata of an encrypted sensitive document; the ciphertext lives in object storage and
    /// its storage key is write-only.
    node: EncryptedDocument, module: encrypted_documents, one: encrypted_document, many: encrypted_documents, query: EncryptedDocumentsQuery,
    filter: EncryptedDocumentFilter {
        local_association_id: UuidFilter => LocalAssociationId,
        owner_id: UuidFilter => OwnerId,
        assignment_id: UuidFilter => AssignmentId,
        contact_id: UuidFilter => ContactId,
        document_kind: EncryptedDocumentKindFilter => DocumentKind,
        expires_at: DateTimeFilter => ExpiresAt,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: EncryptedDocumentOrderField / EncryptedDocumentOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The local association handling the document.
        local_association: local_associations => LocalAssociation via local_association_id,
        /// The document's owner, when in your scope.
        owner: users => User via owner_id,
        /// The assignment the document travels with.
        assignment: assignments => Assignment via assignment_id,
        /// The contact the document concerns.
        contact: contacts => Contact via contact_id,
    },
    has_many: {
        /// Power-of-attorney records whose encrypted copy this is.
        poa_documents: poa_documents => PoaDocument by EncryptedDocumentId order CreatedAt,
    },
    mutations: EncryptedDocumentsMutation {
        inputs: CreateEncryptedDocumentInput / UpdateEncryptedDocumentInput,
        create: create_encrypted_document, update: update_encrypted_document, delete: delete_encrypted_document,
        required: {
            /// Local association handling the document.
            local_association_id: uuid::Uuid,
            /// Owner of the document (a peer mentor uploading names themselves).
            owner_id: uuid::Uuid,
            /// What the document holds.
            document_kind: entity::encrypted_documents::EncryptedDocumentKind,
            /// Non-identifying title.
            title: String,
            /// MIME type of the plaintext.
            content_type: String,
            /// Size of the ciphertext in bytes.
            size_bytes: i64,
            /// Object-storage key of the ciphertext (write-only).
            storage_key: String,
            /// SHA-256 of the ciphertext, lowercase hex.
            ciphertext_sha256: String,
            /// Reference of the key the document was encrypted to.
            key_reference: String,
            /// Encryption scheme of the document.
            encryption_scheme: String,
        },
        defaulted: {},
        optional: {
            /// The assignment the document travels with.
            assignment_id: uuid::Uuid,
            /// The contact the document concerns.
            contact_id: uuid::Uuid,
            /// When the document must be erased.
            expires_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: {},
        validate: {
            title: not_blank("required_fields"),
            title: max_len(200, "title_length"),
            content_type: not_blank("required_fields"),
            content_type: max_len(100, "content_type_length"),
            size_bytes: range(0, 104_857_600, "file_size_range"),
            storage_key: not_blank("required_fields"),
            storage_key: max_len(500, "storage_key_length"),
            ciphertext_sha256: pattern(64, 64, hex_char, "sha256_format"),
            key_reference: not_blank("required_fields"),
            key_reference: max_len(200, "key_reference_length"),
            encryption_scheme: not_blank("required_fields"),
            encryption_scheme: max_len(100, "encryption_scheme_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// A power of attorney or medical record managed for a contact, on paper, scanned or digital.
    node: PoaDocument, module: poa_documents, one: poa_document, many: poa_documents, query: PoaDocumentsQuery,
    filter: PoaDocumentFilter {
        local_association_id: UuidFilter => LocalAssociationId,
        contact_id: UuidFilter => ContactId,
        managed_by_id: UuidFilter => ManagedById,
        document_type: PoaDocumentTypeFilter => DocumentType,
        status: PoaDocumentStatusFilter => Status,
        valid_until: DateFilter => ValidUntil,
        title: StringFilter => Title,
    },
    order: PoaDocumentOrderField / PoaDocumentOrderBy { CreatedAt => CreatedAt, ValidUntil => ValidUntil },
    belongs_to: {
        /// The local association handling the document.
        local_association: local_associations => LocalAssociation via local_association_id,
        /// The contact the document concerns, when in your scope.
        contact: contacts => Contact via contact_id,
        /// The peer mentor or coordinator managing the document, when in your scope.
        managed_by: users => User via managed_by_id,
        /// The encrypted copy of the document, when digitized and in your scope.
        encrypted_document: encrypted_documents => EncryptedDocument via encrypted_document_id,
    },
    has_many: {},
    mutations: PoaDocumentsMutation {
        inputs: CreatePoaDocumentInput / UpdatePoaDocumentInput,
        create: create_poa_document, update: update_poa_document, delete: delete_poa_document,
        required: {
            /// Local association handling the document.
            local_association_id: uuid::Uuid,
            /// Who manages the document (a peer mentor registering one names themselves).
            managed_by_id: uuid::Uuid,
            /// What kind of document it is.
            document_type: entity::poa_documents::PoaDocumentType,
            /// In which form the document exists.
            format: entity::poa_documents::PoaDocumentFormat,
            /// Non-identifying title.
            title: String,
        },
        defaulted: {
            /// Whether the document is in force (default active).
            status: entity::poa_documents::PoaDocumentStatus = entity::poa_documents::PoaDocumentStatus::Active,
        },
        optional: {
            /// The contact the document concerns.
            contact_id: uuid::Uuid,
            /// The encrypted copy of the document.
            encrypted_document_id: uuid::Uuid,
            /// What the document authorizes or covers (never health details).
            scope_description: String,
            /// Date signed.
            signed_on: chrono::NaiveDate,
            /// First day in force.
            valid_from: chrono::NaiveDate,
            /// Last day in force (not before the first).
            valid_until: chrono::NaiveDate,
            /// When the document was revoked.
            revoked_at: chrono::DateTime<chrono::Utc>,
            /// When a paper original was scanned.
            digitized_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: {},
        validate: {
            title: not_blank("required_fields"),
            title: max_len(200, "title_length"),
            scope_description: max_len(2000, "description_length"),
        },
    },
    extra: {},
}

/// Root query fields of the assignments domain.
#[derive(MergedObject, Default)]
pub struct AssignmentsDomainQuery(
    AssignmentsQuery,
    AssignmentDispatchesQuery,
    AssignmentReadReceiptsQuery,
    AssignmentConsentsQuery,
    EncryptedDocumentsQuery,
    PoaDocumentsQuery,
);

/// Mutations of the assignments domain.
#[derive(MergedObject, Default)]
pub struct AssignmentsDomainMutation(
    AssignmentsMutation,
    EncryptedDocumentsMutation,
    PoaDocumentsMutation,
);
