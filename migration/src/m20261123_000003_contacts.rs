//! Tables of the contacts domain group (DATA-MODEL.md): contacts, their notes, caregivers and
//! relatives, personal notes, home visit reports, conversation cards.

use entity::contacts;
use entity::*;
use sea_orm_migration::prelude::*;

use crate::tables::{check, create, drop, enum_check, idx, uq, uq_where_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(
            m,
            contacts::Entity,
            vec![
                enum_check::<contacts::ContactStatus>("status"),
                enum_check::<contacts::ContactPreferredChannel>("preferred_channel"),
            ],
            &[
                idx(&["organization_id", "local_association_id", "status"]),
                idx(&["organization_id", "primary_peer_mentor_id"]),
                idx(&["organization_id", "last_name", "first_name"]),
                idx(&["organization_id", "created_at"]),
                uq(&["organization_id", "import_hash"]),
            ],
        )
        .await?;
        create(
            m,
            contact_notes::Entity,
            vec![enum_check::<contact_notes::ContactNoteType>("note_type")],
            &[
                idx(&["organization_id", "contact_id", "created_at"]),
                idx(&["organization_id", "created_by_id"]),
                idx(&[
                    "organization_id",
                    "follow_up_required",
                    "follow_up_due_date",
                ]),
            ],
        )
        .await?;
        create(
            m,
            caregivers::Entity,
            vec![enum_check::<caregivers::CaregiverRelationship>(
                "relationship",
            )],
            &[idx(&["organization_id", "contact_id"])],
        )
        .await?;
        create(
            m,
            relatives::Entity,
            vec![check(
                "birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100",
            )],
            &[
                idx(&["organization_id", "local_association_id"]),
                idx(&["organization_id", "last_name", "first_name"]),
            ],
        )
        .await?;
        create(
            m,
            contact_relatives::Entity,
            vec![enum_check::<contact_relatives::RelativeRelationship>(
                "relationship",
            )],
            &[
                uq_where_null(
                    &["organization_id", "contact_id", "relative_id"],
                    "deleted_at",
                ),
                idx(&["organization_id", "relative_id"]),
            ],
        )
        .await?;
        create(
            m,
            personal_notes::Entity,
            vec![],
            &[
                idx(&["organization_id", "user_id", "updated_at"]),
                idx(&["organization_id", "contact_id"]),
            ],
        )
        .await?;
        create(
            m,
            home_visit_reports::Entity,
            vec![
                enum_check::<home_visit_reports::HomeVisitReportStatus>("status"),
                enum_check::<home_visit_reports::HomeVisitAssistiveDeviceStatus>(
                    "assistive_device_status",
                ),
                check("follow_up_due_date IS NULL OR follow_up_due_date >= visit_date"),
            ],
            &[
                idx(&["organization_id", "contact_id", "visit_date"]),
                idx(&["organization_id", "peer_mentor_id", "visit_date"]),
                idx(&["organization_id", "status", "visit_date"]),
                idx(&["organization_id", "reviewed_by_id"]),
            ],
        )
        .await?;
        create(
            m,
            conversation_cards::Entity,
            vec![check("sort_order >= 0")],
            &[idx(&["organization_id", "category", "sort_order"])],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop(m, conversation_cards::Entity).await?;
        drop(m, home_visit_reports::Entity).await?;
        drop(m, personal_notes::Entity).await?;
        drop(m, contact_relatives::Entity).await?;
        drop(m, relatives::Entity).await?;
        drop(m, caregivers::Entity).await?;
        drop(m, contact_notes::Entity).await?;
        drop(m, contacts::Entity).await
    }
}
