//! Row scopes and default role grants of this domain's tables (see `scopes` and `catalog`).
//!
//! An assignment belongs to a local association: coordinators reach the assignments of their
//! local associations and their dispatch trail, read receipts and consents. A peer mentor
//! reaches the assignments dispatched to them (never a coordinator's draft) with their dispatch
//! trail, and their own read receipts and consents. Encrypted documents and powers of attorney
//! belong to a local association too; a mentor reaches the ones they own or manage, the
//! documents of their assignments, and the powers of attorney of contacts linked to them.
//! Dispatch records, read receipts and consents are append-only: written by the dispatch
//! workflow (coordinators dispatch; the recipient mentor reads and answers), never changed.

use std::collections::{HashMap, HashSet};

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, Query, SelectStatement},
};
use uuid::Uuid;

use super::contacts::linked_contact_ids;
use crate::{authz::viewer::Viewer, error::ApiResult, secured};
use entity::assignments;
use entity::{assignment_consents, assignment_dispatches, assignment_read_receipts};
use entity::{encrypted_documents, poa_documents};

fn never() -> Condition {
    Condition::all().add(Expr::cust("1 = 0"))
}

/// The assignments a mentor sees: dispatched to them and past the draft stage.
fn mentor_assignments(viewer: &Viewer) -> Condition {
    Condition::all()
        .add(assignments::Column::PeerMentorId.eq(viewer.user_id))
        .add(assignments::Column::Status.ne(assignments::AssignmentStatus::Draft))
}

/// `SELECT id FROM assignments` the viewer sees as the recipient mentor.
fn mentor_assignment_ids(viewer: &Viewer) -> SelectStatement {
    let mut q = Query::select();
    q.column(assignments::Column::Id)
        .from(assignments::Entity)
        .and_where(assignments::Column::OrganizationId.eq(viewer.organization_id))
        .and_where(assignments::Column::DeletedAt.is_null())
        .cond_where(mentor_assignments(viewer));
    q
}

/// `column` names an assignment of the viewer's local associations.
fn assignment_in_local_associations<C: ColumnTrait>(viewer: &Viewer, column: C) -> Condition {
    if viewer.local_association_ids.is_empty() {
        return never();
    }
    let mut q = Query::select();
    q.column(assignments::Column::Id)
        .from(assignments::Entity)
        .and_where(assignments::Column::OrganizationId.eq(viewer.organization_id))
        .and_where(
            assignments::Column::LocalAssociationId.is_in(viewer.local_association_ids.clone()),
        )
        .and_where(assignments::Column::DeletedAt.is_null());
    Condition::all().add(column.in_subquery(q))
}

fn coordinator_dispatches(viewer: &Viewer) -> Condition {
    assignment_in_local_associations(viewer, assignment_dispatches::Column::AssignmentId)
}

fn mentor_dispatches(viewer: &Viewer) -> Condition {
    Condition::all()
        .add(assignment_dispatches::Column::AssignmentId.in_subquery(mentor_assignment_ids(viewer)))
}

fn coordinator_read_receipts(viewer: &Viewer) -> Condition {
    assignment_in_local_associations(viewer, assignment_read_receipts::Column::AssignmentId)
}

fn coordinator_consents(viewer: &Viewer) -> Condition {
    assignment_in_local_associations(viewer, assignment_consents::Column::AssignmentId)
}

/// The mentor's own read receipts, on assignments dispatched to them.
fn mentor_read_receipts(viewer: &Viewer) -> Condition {
    Condition::all()
        .add(assignment_read_receipts::Column::UserId.eq(viewer.user_id))
        .add(
            assignment_read_receipts::Column::AssignmentId
                .in_subquery(mentor_assignment_ids(viewer)),
        )
}

/// The mentor's own answers, on assignments dispatched to them.
fn mentor_consents(viewer: &Viewer) -> Condition {
    Condition::all()
        .add(assignment_consents::Column::UserId.eq(viewer.user_id))
        .add(assignment_consents::Column::AssignmentId.in_subquery(mentor_assignment_ids(viewer)))
}

/// Documents the mentor owns, and the documents of assignments dispatched to them.
fn mentor_encrypted_documents(viewer: &Viewer) -> Condition {
    Condition::any()
        .add(encrypted_documents::Column::OwnerId.eq(viewer.user_id))
        .add(encrypted_documents::Column::AssignmentId.in_subquery(mentor_assignment_ids(viewer)))
}

/// Documents the mentor manages, and those of contacts linked to them.
fn mentor_poa_documents(viewer: &Viewer) -> Condition {
    Condition::any()
        .add(poa_documents::Column::ManagedById.eq(viewer.user_id))
        .add(poa_documents::Column::ContactId.in_subquery(linked_contact_ids(viewer)))
}

/// assignments.ciphertext (docs/spec/AUTHZ.md field rule): only the recipient peer mentor, while the
/// assignment is live (dispatched and not declined or cancelled), while their peer mentor
/// profile accepts encrypted assignments (seed 002 `encrypted_assignment_consent_gate`), and
/// once they opened it with `openAssignment` (the one path that records the first read: receipt,
/// trail row, status). Reading the field changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PayloadFacts {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub peer_mentor_id: Uuid,
    /// Not a draft, declined or cancelled.
    pub live: bool,
}

impl From<&assignments::Model> for PayloadFacts {
    fn from(a: &assignments::Model) -> Self {
        use assignments::AssignmentStatus as S;
        Self {
            id: a.id,
            organization_id: a.organization_id,
            peer_mentor_id: a.peer_mentor_id,
            live: !matches!(a.status, S::Draft | S::Declined | S::Cancelled),
        }
    }
}

/// The payload rule for a page of assignments: each id with why it is refused, if it is (at
/// most two statements: the viewer's consent and their read receipts among the page).
pub async fn payload_refusals<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    page: &[PayloadFacts],
) -> ApiResult<HashMap<Uuid, &'static str>> {
    let mut refused = HashMap::new();
    let mut ask = Vec::new();
    for a in page {
        let recipient = viewer.organization_id == Some(a.organization_id)
            && a.peer_mentor_id == viewer.user_id
            && viewer.can("READ_ASSIGNMENTS");
        if !recipient {
            refused.insert(
                a.id,
                "only the recipient peer mentor may read the encrypted payload",
            );
        } else if !a.live {
            refused.insert(
                a.id,
                "the payload of a draft, declined or cancelled assignment is not served",
            );
        } else {
            ask.push(a.id);
        }
    }
    if ask.is_empty() {
        return Ok(refused);
    }
    // Every assignment left is the viewer's, in the viewer's organization.
    use entity::peer_mentor_profiles as profiles;
    let consented = profiles::Entity::find()
        .filter(profiles::Column::OrganizationId.eq(viewer.organization_id))
        .filter(profiles::Column::UserId.eq(viewer.user_id))
        .filter(profiles::Column::AcceptsEncryptedAssignments.eq(true))
        .filter(profiles::Column::DeletedAt.is_null())
        .count(db)
        .await?;
    if consented == 0 {
        for id in ask {
            refused.insert(
                id,
                "your peer mentor profile does not accept encrypted assignments",
            );
        }
        return Ok(refused);
    }
    let opened: HashSet<Uuid> = assignment_read_receipts::Entity::find()
        .select_only()
        .column(assignment_read_receipts::Column::AssignmentId)
        .filter(assignment_read_receipts::Column::AssignmentId.is_in(ask.clone()))
        .filter(assignment_read_receipts::Column::UserId.eq(viewer.user_id))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    for id in ask.into_iter().filter(|id| !opened.contains(id)) {
        refused.insert(
            id,
            "open the assignment with openAssignment first (it records the read)",
        );
    }
    Ok(refused)
}

/// Default matrix rows of this domain: resource, then the CRUD letters of global_admin,
/// org_admin, coordinator and peer_mentor (same layout as `catalog::DEFAULT_MATRIX`).
/// Mentors never edit an assignment: they answer it with a consent row and confirm reading it
/// with a read receipt.
#[rustfmt::skip]
pub const MATRIX: &[(&str, &str, &str, &str, &str)] = &[
    // resource                   global  org_admin coordinator peer_mentor
    ("ASSIGNMENTS",               "R",     "CRUD",   "CRUD",     "R"),
    ("ASSIGNMENT_DISPATCHES",     "R",     "CR",     "CR",       "R"),
    ("ASSIGNMENT_READ_RECEIPTS",  "R",     "R",      "R",        "CR"),
    ("ASSIGNMENT_CONSENTS",       "R",     "R",      "R",        "CR"),
    ("ENCRYPTED_DOCUMENTS",       "R",     "CRUD",   "CRUD",     "CR"),
    ("POA_DOCUMENTS",             "R",     "CRUD",   "CRUD",     "CRU"),
];

// The assignment lifecycle (`workflows::assignments`): a draft is edited freely by coordinators;
// once dispatched only the workflow moves it, and nothing else about it changes (recipient,
// contact, association are what the recipient consented to).
secured!(entity::assignments, "ASSIGNMENTS", tenant: Column(OrganizationId), org: Tenant, local: LocalAssociation(LocalAssociationId), own: Custom(mentor_assignments),
writes: Rules {
    subject: Some(PeerMentorId),
    machine: Some(Machine {
        column: Status,
        initial: &[],
        moves: &[
            ("draft", "dispatched", Staff),
            ("dispatched", "delivered", SubjectOrStaff),
            ("dispatched", "read", Subject),
            ("delivered", "read", Subject),
            ("read", "accepted", Subject),
            ("dispatched", "declined", Subject),
            ("delivered", "declined", Subject),
            ("read", "declined", Subject),
            ("accepted", "completed", SubjectOrStaff),
            ("draft", "cancelled", Staff),
            ("dispatched", "cancelled", Staff),
            ("delivered", "cancelled", Staff),
            ("read", "cancelled", Staff),
            ("accepted", "cancelled", Staff),
        ],
        frozen: &["dispatched", "delivered", "read", "accepted", "declined", "completed", "cancelled"],
        workflow: Some("dispatchDraftAssignment, confirmAssignmentDelivered, openAssignment, acceptAssignment, declineAssignment, completeAssignment, cancelAssignment"),
    }),
    ..Rules::DEFAULT
});
// No state machine: the dispatch trail is append-only; its from/to statuses record the
// assignment's moves (judged by the assignment's machine), never a lifecycle of its own.
secured!(entity::assignment_dispatches, "ASSIGNMENT_DISPATCHES", tenant: Column(OrganizationId), org: Tenant, local: Custom(coordinator_dispatches), own: Custom(mentor_dispatches), append_only: true, soft_delete: None);
secured!(entity::assignment_read_receipts, "ASSIGNMENT_READ_RECEIPTS", tenant: Column(OrganizationId), org: Tenant, local: Custom(coordinator_read_receipts), own: Custom(mentor_read_receipts), append_only: true, soft_delete: None);
secured!(entity::assignment_consents, "ASSIGNMENT_CONSENTS", tenant: Column(OrganizationId), org: Tenant, local: Custom(coordinator_consents), own: Custom(mentor_consents), append_only: true, soft_delete: None);
secured!(entity::encrypted_documents, "ENCRYPTED_DOCUMENTS", tenant: Column(OrganizationId), org: Tenant, local: LocalAssociation(LocalAssociationId), own: Custom(mentor_encrypted_documents));
// A power of attorney is active until staff mark it expired, revoke it or archive it; an
// expired one may be renewed; revoked and archived ones are final. The managing mentor keeps
// its details but does not change its standing.
secured!(entity::poa_documents, "POA_DOCUMENTS", tenant: Column(OrganizationId), org: Tenant, local: LocalAssociation(LocalAssociationId), own: Custom(mentor_poa_documents),
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["active"],
        moves: &[
            ("active", "expired", Staff),
            ("expired", "active", Staff),
            ("active", "revoked", Staff),
            ("expired", "revoked", Staff),
            ("active", "archived", Staff),
            ("expired", "archived", Staff),
            ("revoked", "archived", Staff),
        ],
        frozen: &["revoked", "archived"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
