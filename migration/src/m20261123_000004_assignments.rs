//! Tables of the assignments domain group (DATA-MODEL.md): encrypted assignments, their dispatch
//! trail, read receipts and consents, encrypted document metadata, powers of attorney.

use entity::assignments;
use entity::*;
use sea_orm_migration::prelude::*;

use crate::tables::{check, create, drop, enum_check, idx, uq};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(
            m,
            assignments::Entity,
            vec![
                enum_check::<assignments::AssignmentStatus>("status"),
                enum_check::<assignments::AssignmentPriority>("priority"),
                check("length(ciphertext) > 0"),
                check("status IN ('draft', 'cancelled') OR dispatched_at IS NOT NULL"),
                check("status <> 'completed' OR completed_at IS NOT NULL"),
                check("status <> 'cancelled' OR cancelled_at IS NOT NULL"),
            ],
            &[
                idx(&["organization_id", "local_association_id", "status"]),
                idx(&["organization_id", "peer_mentor_id", "status"]),
                idx(&["organization_id", "coordinator_id"]),
                idx(&["organization_id", "contact_id"]),
                idx(&["organization_id", "due_date"]),
                idx(&["organization_id", "created_at"]),
            ],
        )
        .await?;
        create(
            m,
            assignment_dispatches::Entity,
            vec![
                enum_check::<assignments::AssignmentStatus>("from_status"),
                enum_check::<assignments::AssignmentStatus>("to_status"),
                enum_check::<assignment_dispatches::AssignmentDispatchChannel>("channel"),
                enum_check::<assignment_dispatches::AssignmentDispatchOutcome>("outcome"),
                check("attempt_number >= 1"),
            ],
            &[
                idx(&["organization_id", "assignment_id", "occurred_at"]),
                idx(&["organization_id", "actor_id"]),
            ],
        )
        .await?;
        create(
            m,
            assignment_read_receipts::Entity,
            vec![],
            &[
                uq(&["assignment_id", "user_id"]),
                idx(&["organization_id", "assignment_id"]),
                idx(&["organization_id", "user_id", "read_at"]),
                idx(&["organization_id", "dispatch_id"]),
            ],
        )
        .await?;
        create(
            m,
            assignment_consents::Entity,
            vec![
                enum_check::<assignment_consents::AssignmentConsentDecision>("decision"),
                check("decision = 'declined' OR decline_reason IS NULL"),
            ],
            &[
                idx(&["organization_id", "assignment_id", "responded_at"]),
                idx(&["organization_id", "user_id"]),
                idx(&["organization_id", "dispatch_id"]),
            ],
        )
        .await?;
        create(
            m,
            encrypted_documents::Entity,
            vec![
                enum_check::<encrypted_documents::EncryptedDocumentKind>("document_kind"),
                check("size_bytes >= 0"),
            ],
            &[
                idx(&["organization_id", "local_association_id"]),
                idx(&["organization_id", "owner_id"]),
                idx(&["organization_id", "assignment_id"]),
                idx(&["organization_id", "contact_id"]),
                idx(&["organization_id", "created_at"]),
                uq(&["storage_key"]),
            ],
        )
        .await?;
        create(
            m,
            poa_documents::Entity,
            vec![
                enum_check::<poa_documents::PoaDocumentType>("document_type"),
                enum_check::<poa_documents::PoaDocumentFormat>("format"),
                enum_check::<poa_documents::PoaDocumentStatus>("status"),
                check("valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from"),
            ],
            &[
                idx(&["organization_id", "local_association_id", "status"]),
                idx(&["organization_id", "contact_id"]),
                idx(&["organization_id", "managed_by_id"]),
                idx(&["organization_id", "encrypted_document_id"]),
                idx(&["organization_id", "valid_until"]),
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop(m, poa_documents::Entity).await?;
        drop(m, encrypted_documents::Entity).await?;
        drop(m, assignment_consents::Entity).await?;
        drop(m, assignment_read_receipts::Entity).await?;
        drop(m, assignment_dispatches::Entity).await?;
        drop(m, assignments::Entity).await
    }
}
