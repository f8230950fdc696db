//! Tables of the events domain group (DATA-MODEL.md): events with their participants, and
//! workshop sessions with participants, notes and tasks. Participants reference contacts
//! (migration 03).

use entity::*;
use sea_orm_migration::prelude::*;

use crate::tables::{check, create, drop, enum_check, idx, uq};

/// Exactly one of a participant's user and contact is set.
const USER_XOR_CONTACT: &str = "(user_id IS NULL) <> (contact_id IS NULL)";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(
            m,
            events::Entity,
            vec![
                enum_check::<events::EventKind>("kind"),
                enum_check::<events::EventStatus>("status"),
                check("ends_at >= starts_at"),
                check("capacity IS NULL OR capacity >= 1"),
                check("unregistered_attendee_count >= 0"),
                check("signup_deadline IS NULL OR signup_deadline <= ends_at"),
            ],
            &[
                idx(&["organization_id", "starts_at"]),
                idx(&["organization_id", "local_association_id", "starts_at"]),
                idx(&["organization_id", "status", "starts_at"]),
                idx(&["organization_id", "organizer_id"]),
            ],
        )
        .await?;
        create(
            m,
            event_participants::Entity,
            vec![
                enum_check::<event_participants::EventParticipantStatus>("status"),
                check(USER_XOR_CONTACT),
                check("status <> 'attended' OR attended_at IS NOT NULL"),
                check("status <> 'withdrawn' OR withdrawn_at IS NOT NULL"),
            ],
            &[
                uq(&["event_id", "user_id"]),
                uq(&["event_id", "contact_id"]),
                idx(&["organization_id", "event_id", "status"]),
                idx(&["organization_id", "user_id"]),
                idx(&["organization_id", "contact_id"]),
            ],
        )
        .await?;
        create(
            m,
            workshop_sessions::Entity,
            vec![
                enum_check::<workshop_sessions::WorkshopSessionKind>("kind"),
                enum_check::<workshop_sessions::WorkshopSessionStatus>("status"),
                check("ends_at >= starts_at"),
                check("capacity IS NULL OR capacity >= 1"),
                check("session_number IS NULL OR session_number >= 1"),
            ],
            &[
                idx(&["organization_id", "starts_at"]),
                idx(&["organization_id", "local_association_id", "starts_at"]),
                idx(&["organization_id", "facilitator_id"]),
            ],
        )
        .await?;
        create(
            m,
            workshop_participants::Entity,
            vec![
                enum_check::<workshop_participants::WorkshopParticipantStatus>("status"),
                check(USER_XOR_CONTACT),
                check("status <> 'attended' OR attendance_confirmed_at IS NOT NULL"),
            ],
            &[
                uq(&["workshop_session_id", "user_id"]),
                uq(&["workshop_session_id", "contact_id"]),
                idx(&["organization_id", "workshop_session_id", "status"]),
                idx(&["organization_id", "user_id"]),
                idx(&["organization_id", "contact_id"]),
            ],
        )
        .await?;
        create(
            m,
            workshop_notes::Entity,
            vec![
                enum_check::<workshop_notes::WorkshopNoteKind>("kind"),
                check("length(body) > 0"),
            ],
            &[
                idx(&["organization_id", "workshop_session_id", "created_at"]),
                idx(&["organization_id", "author_id"]),
            ],
        )
        .await?;
        create(
            m,
            workshop_tasks::Entity,
            vec![
                enum_check::<workshop_tasks::WorkshopTaskStatus>("status"),
                check("status <> 'done' OR completed_at IS NOT NULL"),
            ],
            &[
                idx(&["organization_id", "workshop_session_id"]),
                idx(&["organization_id", "assignee_id", "status"]),
                idx(&["organization_id", "due_date"]),
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop(m, workshop_tasks::Entity).await?;
        drop(m, workshop_notes::Entity).await?;
        drop(m, workshop_participants::Entity).await?;
        drop(m, workshop_sessions::Entity).await?;
        drop(m, event_participants::Entity).await?;
        drop(m, events::Entity).await
    }
}
