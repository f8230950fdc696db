//! Row scopes and default role grants of this domain's tables (see `scopes` and `catalog`).
//!
//! Events and workshop sessions belong to a local association or, with none, to the whole
//! organization. Coordinators reach those of their local associations and the
//! organization-wide ones, with everything hanging off them (participants, notes, tasks).
//! Peer mentors read all of their organization's events and their own participations; in
//! workshops they reach the sessions they facilitate or are enrolled in, and inside a session
//! they facilitate, its participants, notes and tasks.

use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Query, SelectStatement},
};

use crate::{authz::viewer::Viewer, secured};
use entity::{
    event_participants, events, workshop_notes, workshop_participants, workshop_sessions,
    workshop_tasks,
};

/// `column` names one of the viewer's local associations, or is NULL (organization-wide).
fn in_local_associations_or_org_wide<C: ColumnTrait>(viewer: &Viewer, column: C) -> Condition {
    let mut any = Condition::any().add(column.is_null());
    if !viewer.local_association_ids.is_empty() {
        any = any.add(column.is_in(viewer.local_association_ids.clone()));
    }
    any
}

/// Events of the coordinator's local associations and organization-wide events.
fn coordinator_events(viewer: &Viewer) -> Condition {
    in_local_associations_or_org_wide(viewer, events::Column::LocalAssociationId)
}

/// `SELECT id FROM events WHERE <coordinator_events>` in the viewer's organization.
fn coordinator_event_ids(viewer: &Viewer) -> SelectStatement {
    let mut q = Query::select();
    q.column(events::Column::Id)
        .from(events::Entity)
        .and_where(events::Column::OrganizationId.eq(viewer.organization_id))
        .and_where(events::Column::DeletedAt.is_null())
        .cond_where(coordinator_events(viewer));
    q
}

/// Participations in the coordinator's events.
fn coordinator_event_participants(viewer: &Viewer) -> Condition {
    Condition::all()
        .add(event_participants::Column::EventId.in_subquery(coordinator_event_ids(viewer)))
}

/// A peer mentor's own participations. (Not `Owner`: a participant may be a contact, so the
/// user column must not default to the viewer.)
fn own_event_participations(viewer: &Viewer) -> Condition {
    Condition::all().add(event_participants::Column::UserId.eq(viewer.user_id))
}

/// Workshop sessions of the coordinator's local associations and organization-wide sessions.
fn coordinator_sessions(viewer: &Viewer) -> Condition {
    in_local_associations_or_org_wide(viewer, workshop_sessions::Column::LocalAssociationId)
}

/// `SELECT id FROM workshop_sessions WHERE <coordinator_sessions>` in the viewer's organization.
fn coordinator_session_ids(viewer: &Viewer) -> SelectStatement {
    let mut q = Query::select();
    q.column(workshop_sessions::Column::Id)
        .from(workshop_sessions::Entity)
        .and_where(workshop_sessions::Column::OrganizationId.eq(viewer.organization_id))
        .and_where(workshop_sessions::Column::DeletedAt.is_null())
        .cond_where(coordinator_sessions(viewer));
    q
}

/// `SELECT id FROM workshop_sessions WHERE facilitator_id = viewer` in the viewer's organization.
fn facilitated_session_ids(viewer: &Viewer) -> SelectStatement {
    let mut q = Query::select();
    q.column(workshop_sessions::Column::Id)
        .from(workshop_sessions::Entity)
        .and_where(workshop_sessions::Column::OrganizationId.eq(viewer.organization_id))
        .and_where(workshop_sessions::Column::FacilitatorId.eq(viewer.user_id))
        .and_where(workshop_sessions::Column::DeletedAt.is_null());
    q
}

/// `SELECT workshop_session_id FROM workshop_participants WHERE user_id = viewer`.
fn enrolled_session_ids(viewer: &Viewer) -> SelectStatement {
    let mut q = Query::select();
    q.column(workshop_participants::Column::WorkshopSessionId)
        .from(workshop_participants::Entity)
        .and_where(workshop_participants::Column::OrganizationId.eq(viewer.organization_id))
        .and_where(workshop_participants::Column::UserId.eq(viewer.user_id))
        .and_where(workshop_participants::Column::DeletedAt.is_null());
    q
}

/// Sessions the peer mentor facilitates or is enrolled in.
fn own_sessions(viewer: &Viewer) -> Condition {
    Condition::any()
        .add(workshop_sessions::Column::FacilitatorId.eq(viewer.user_id))
        .add(workshop_sessions::Column::Id.in_subquery(enrolled_session_ids(viewer)))
}

fn coordinator_workshop_participants(viewer: &Viewer) -> Condition {
    Condition::all().add(
        workshop_participants::Column::WorkshopSessionId
            .in_subquery(coordinator_session_ids(viewer)),
    )
}

/// The peer mentor's own enrollments and the enrollments in sessions they facilitate.
fn own_workshop_participants(viewer: &Viewer) -> Condition {
    Condition::any()
        .add(workshop_participants::Column::UserId.eq(viewer.user_id))
        .add(
            workshop_participants::Column::WorkshopSessionId
                .in_subquery(facilitated_session_ids(viewer)),
        )
}

fn coordinator_workshop_notes(viewer: &Viewer) -> Condition {
    Condition::all()
        .add(workshop_notes::Column::WorkshopSessionId.in_subquery(coordinator_session_ids(viewer)))
}

/// Notes the peer mentor wrote in sessions they facilitate; participants never read notes.
fn own_workshop_notes(viewer: &Viewer) -> Condition {
    Condition::all()
        .add(workshop_notes::Column::AuthorId.eq(viewer.user_id))
        .add(workshop_notes::Column::WorkshopSessionId.in_subquery(facilitated_session_ids(viewer)))
}

fn coordinator_workshop_tasks(viewer: &Viewer) -> Condition {
    Condition::all()
        .add(workshop_tasks::Column::WorkshopSessionId.in_subquery(coordinator_session_ids(viewer)))
}

/// Tasks assigned to the peer mentor, and every task of the sessions they facilitate.
fn own_workshop_tasks(viewer: &Viewer) -> Condition {
    Condition::any()
        .add(workshop_tasks::Column::AssigneeId.eq(viewer.user_id))
        .add(workshop_tasks::Column::WorkshopSessionId.in_subquery(facilitated_session_ids(viewer)))
}

// Staff draft and publish an event (and may take it back to draft), then complete or cancel
// it; a completed or cancelled event is final.
secured!(entity::events, "EVENTS", tenant: Column(OrganizationId), org: Tenant, local: Custom(coordinator_events), own: Tenant,
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["draft", "published"],
        moves: &[
            ("draft", "published", Staff),
            ("published", "draft", Staff),
            ("published", "completed", Staff),
            ("draft", "cancelled", Staff),
            ("published", "cancelled", Staff),
        ],
        frozen: &["completed", "cancelled"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
// A participant signs up and withdraws (or a coordinator for them); attendance is recorded by
// a coordinator.
secured!(entity::event_participants, "EVENT_PARTICIPANTS", tenant: Column(OrganizationId), org: Tenant, local: Custom(coordinator_event_participants), own: Custom(own_event_participations),
writes: Rules {
    subject: Some(UserId),
    immutable: &[EventId, UserId, ContactId],
    machine: Some(Machine {
        column: Status,
        initial: &["signed_up"],
        moves: &[
            ("signed_up", "withdrawn", SubjectOrStaff),
            ("withdrawn", "signed_up", SubjectOrStaff),
            ("signed_up", "attended", Staff),
            ("signed_up", "no_show", Staff),
            ("attended", "no_show", Staff),
            ("no_show", "attended", Staff),
        ],
        frozen: &[],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
// A planned session is held (completed) or cancelled by staff; either is final.
secured!(entity::workshop_sessions, "WORKSHOP_SESSIONS", tenant: Column(OrganizationId), org: Tenant, local: Custom(coordinator_sessions), own: Custom(own_sessions),
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["planned"],
        moves: &[
            ("planned", "completed", Staff),
            ("planned", "cancelled", Staff),
        ],
        frozen: &["completed", "cancelled"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
// A participant withdraws (and re-enrolls) themselves, or staff do it for them; attendance is
// recorded (and corrected) by staff.
secured!(entity::workshop_participants, "WORKSHOP_PARTICIPANTS", tenant: Column(OrganizationId), org: Tenant, local: Custom(coordinator_workshop_participants), own: Custom(own_workshop_participants),
writes: Rules {
    subject: Some(UserId),
    machine: Some(Machine {
        column: Status,
        initial: &["enrolled"],
        moves: &[
            ("enrolled", "withdrawn", SubjectOrStaff),
            ("withdrawn", "enrolled", SubjectOrStaff),
            ("enrolled", "attended", Staff),
            ("enrolled", "absent", Staff),
            ("attended", "absent", Staff),
            ("absent", "attended", Staff),
        ],
        frozen: &[],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
secured!(entity::workshop_notes, "WORKSHOP_NOTES", tenant: Column(OrganizationId), org: Tenant, local: Custom(coordinator_workshop_notes), own: Custom(own_workshop_notes));
// The assignee (or staff) works a task through and may reopen it; only staff cancel one, and a
// cancelled task is final.
secured!(entity::workshop_tasks, "WORKSHOP_TASKS", tenant: Column(OrganizationId), org: Tenant, local: Custom(coordinator_workshop_tasks), own: Custom(own_workshop_tasks),
writes: Rules {
    subject: Some(AssigneeId),
    machine: Some(Machine {
        column: Status,
        initial: &["open"],
        moves: &[
            ("open", "in_progress", SubjectOrStaff),
            ("in_progress", "open", SubjectOrStaff),
            ("open", "done", SubjectOrStaff),
            ("in_progress", "done", SubjectOrStaff),
            ("done", "open", SubjectOrStaff),
            ("open", "cancelled", Staff),
            ("in_progress", "cancelled", Staff),
        ],
        frozen: &["cancelled"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});

/// Default matrix rows of this domain: resource, then the CRUD letters of global_admin,
/// org_admin, coordinator and peer_mentor (same layout as `catalog::DEFAULT_MATRIX`).
#[rustfmt::skip]
pub const MATRIX: &[(&str, &str, &str, &str, &str)] = &[
    // resource                         global  org_admin coordinator peer_mentor
    // Peer mentors read every event of their organization (the scope reaches all of them, so
    // they get no write letter here).
    ("EVENTS",                          "R",     "CRUD",   "CRUD",     "R"),
    // Peer mentors sign themselves up and withdraw (status), never delete.
    ("EVENT_PARTICIPANTS",              "R",     "CRUD",   "CRUD",     "CRU"),
    ("WORKSHOP_SESSIONS",               "R",     "CRUD",   "CRUD",     "R"),
    // A facilitating peer mentor enrolls participants and confirms attendance.
    ("WORKSHOP_PARTICIPANTS",           "R",     "CRUD",   "CRUD",     "CRU"),
    ("WORKSHOP_NOTES",                  "R",     "CRUD",   "CRUD",     "CRU"),
    ("WORKSHOP_TASKS",                  "R",     "CRUD",   "CRUD",     "CRU"),
];
