//! Row scopes and default role grants of this domain's tables (see `scopes` and `catalog`).
//!
//! A contact belongs to one local association: coordinators reach the contacts of their local
//! associations and everything hanging off them (notes, caregivers, relatives, home visit
//! reports). A peer mentor reaches the contacts **linked** to them: the contacts they are the
//! primary peer mentor of, the contacts of assignments dispatched to them (not drafts, declined
//! or cancelled ones) and the contacts of their own activities; and through them, those
//! contacts' notes, caregivers and relatives. Home visit reports are the visiting mentor's own;
//! personal notes are private to their author whatever the role.

use std::collections::HashSet;

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Query, SelectStatement},
};
use uuid::Uuid;

use crate::{
    authz::viewer::{Reach, Viewer},
    error::ApiResult,
    secured,
};
use entity::activities;
use entity::assignments::{self, AssignmentStatus};
use entity::contacts;
use entity::{caregivers, contact_notes, contact_relatives, home_visit_reports};

fn never() -> Condition {
    Condition::all().add(sea_orm::sea_query::Expr::cust("1 = 0"))
}

/// Assignment statuses in which the recipient mentor sees the assignment (and so its contact).
pub const MENTOR_VISIBLE_ASSIGNMENT_STATUSES: [AssignmentStatus; 5] = [
    AssignmentStatus::Dispatched,
    AssignmentStatus::Delivered,
    AssignmentStatus::Read,
    AssignmentStatus::Accepted,
    AssignmentStatus::Completed,
];

/// `SELECT contact_id FROM assignments` dispatched to the viewer (live, not draft/declined/cancelled).
fn contacts_of_mentor_assignments(viewer: &Viewer) -> SelectStatement {
    let mut q = Query::select();
    q.column(assignments::Column::ContactId)
        .from(assignments::Entity)
        .and_where(assignments::Column::OrganizationId.eq(viewer.organization_id))
        .and_where(assignments::Column::PeerMentorId.eq(viewer.user_id))
        .and_where(assignments::Column::Status.is_in(MENTOR_VISIBLE_ASSIGNMENT_STATUSES))
        .and_where(assignments::Column::ContactId.is_not_null())
        .and_where(assignments::Column::DeletedAt.is_null());
    q
}

/// `SELECT contact_id FROM activities` the viewer performed (live).
fn contacts_of_mentor_activities(viewer: &Viewer) -> SelectStatement {
    let mut q = Query::select();
    q.column(activities::Column::ContactId)
        .from(activities::Entity)
        .and_where(activities::Column::OrganizationId.eq(viewer.organization_id))
        .and_where(activities::Column::UserId.eq(viewer.user_id))
        .and_where(activities::Column::ContactId.is_not_null())
        .and_where(activities::Column::DeletedAt.is_null());
    q
}

/// The contacts linked to the viewer as a peer mentor, as a condition on `contacts`.
pub fn linked_contacts(viewer: &Viewer) -> Condition {
    Condition::any()
        .add(contacts::Column::PrimaryPeerMentorId.eq(viewer.user_id))
        .add(contacts::Column::Id.in_subquery(contacts_of_mentor_assignments(viewer)))
        .add(contacts::Column::Id.in_subquery(contacts_of_mentor_activities(viewer)))
}

/// `SELECT id FROM contacts` linked to the viewer (live, in the viewer's organization).
pub fn linked_contact_ids(viewer: &Viewer) -> SelectStatement {
    let mut q = Query::select();
    q.column(contacts::Column::Id)
        .from(contacts::Entity)
        .and_where(contacts::Column::OrganizationId.eq(viewer.organization_id))
        .and_where(contacts::Column::DeletedAt.is_null())
        .cond_where(linked_contacts(viewer));
    q
}

/// `SELECT id FROM contacts` of the viewer's local associations (live, in the viewer's organization).
pub fn local_association_contact_ids(viewer: &Viewer) -> SelectStatement {
    let mut q = Query::select();
    q.column(contacts::Column::Id)
        .from(contacts::Entity)
        .and_where(contacts::Column::OrganizationId.eq(viewer.organization_id))
        .and_where(contacts::Column::LocalAssociationId.is_in(viewer.local_association_ids.clone()))
        .and_where(contacts::Column::DeletedAt.is_null());
    q
}

/// `column` names a contact of the viewer's local associations.
fn contact_in_local_associations<C: ColumnTrait>(viewer: &Viewer, column: C) -> Condition {
    if viewer.local_association_ids.is_empty() {
        return never();
    }
    Condition::all().add(column.in_subquery(local_association_contact_ids(viewer)))
}

/// `column` names a contact linked to the viewer.
fn contact_linked<C: ColumnTrait>(viewer: &Viewer, column: C) -> Condition {
    Condition::all().add(column.in_subquery(linked_contact_ids(viewer)))
}

fn mentor_contacts(viewer: &Viewer) -> Condition {
    linked_contacts(viewer)
}

fn coordinator_contact_notes(viewer: &Viewer) -> Condition {
    contact_in_local_associations(viewer, contact_notes::Column::ContactId)
}

/// Notes on linked contacts, and the mentor's own notes.
fn mentor_contact_notes(viewer: &Viewer) -> Condition {
    Condition::any()
        .add(contact_linked(viewer, contact_notes::Column::ContactId))
        .add(contact_notes::Column::CreatedById.eq(viewer.user_id))
}

fn coordinator_caregivers(viewer: &Viewer) -> Condition {
    contact_in_local_associations(viewer, caregivers::Column::ContactId)
}

fn mentor_caregivers(viewer: &Viewer) -> Condition {
    contact_linked(viewer, caregivers::Column::ContactId)
}

/// Relatives linked (through `contact_relatives`) to a contact linked to the viewer.
fn mentor_relatives(viewer: &Viewer) -> Condition {
    let mut q = Query::select();
    q.column(contact_relatives::Column::RelativeId)
        .from(contact_relatives::Entity)
        .and_where(contact_relatives::Column::OrganizationId.eq(viewer.organization_id))
        .and_where(contact_relatives::Column::DeletedAt.is_null())
        .and_where(contact_relatives::Column::ContactId.in_subquery(linked_contact_ids(viewer)));
    Condition::all().add(entity::relatives::Column::Id.in_subquery(q))
}

fn coordinator_contact_relatives(viewer: &Viewer) -> Condition {
    contact_in_local_associations(viewer, contact_relatives::Column::ContactId)
}

fn mentor_contact_relatives(viewer: &Viewer) -> Condition {
    contact_linked(viewer, contact_relatives::Column::ContactId)
}

fn coordinator_home_visit_reports(viewer: &Viewer) -> Condition {
    contact_in_local_associations(viewer, home_visit_reports::Column::ContactId)
}

// ---------------------------------------------------------------------------------------------
// Field-level rules (docs/spec/AUTHZ.md): a contact's phone, email, address, birth date and health notes,
// and the phone/email of its caregivers and relatives, are readable by org admins and by
// coordinators whose local associations hold the contact, and by the peer mentors linked to it;
// never through a support-access grant alone. A denied field resolves to null with FORBIDDEN.
//
// Each rule answers for a whole page of rows at once (`authz::fields` asks them through one
// loader per request): what the viewer's grants decide costs nothing, and what only the
// database can tell (a peer mentor's links, a caregiver's contact) costs one statement per
// rule and page, never one per row or field.
// ---------------------------------------------------------------------------------------------

/// What the contact field rules need of a contact row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContactFacts {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub local_association_id: Uuid,
    pub primary_peer_mentor_id: Option<Uuid>,
}

impl From<&contacts::Model> for ContactFacts {
    fn from(c: &contacts::Model) -> Self {
        Self {
            id: c.id,
            organization_id: c.organization_id,
            local_association_id: c.local_association_id,
            primary_peer_mentor_id: c.primary_peer_mentor_id,
        }
    }
}

/// Whether `permission`, held with a reach other than the platform's, covers the contact, as
/// far as the viewer's grants tell: `None` when only the mentor's links can.
fn reaches_contact(viewer: &Viewer, permission: &str, contact: &ContactFacts) -> Option<bool> {
    let Some(reaches) = viewer.reaches(permission) else {
        return Some(false);
    };
    if viewer.organization_id != Some(contact.organization_id) {
        return Some(false);
    }
    if reaches.contains(&Reach::Organization)
        || (reaches.contains(&Reach::LocalAssociation)
            && viewer
                .local_association_ids
                .contains(&contact.local_association_id))
    {
        return Some(true);
    }
    if reaches.contains(&Reach::Own) {
        if contact.primary_peer_mentor_id == Some(viewer.user_id) {
            return Some(true);
        }
        return None;
    }
    Some(false)
}

/// Of `contacts`, the ids whose details `permission` lets the viewer read (at most one
/// statement: the links of a peer mentor).
pub async fn contacts_reached<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    permission: &str,
    contacts: &[ContactFacts],
) -> ApiResult<HashSet<Uuid>> {
    let mut reached = HashSet::new();
    let mut ask = Vec::new();
    for c in contacts {
        match reaches_contact(viewer, permission, c) {
            Some(true) => {
                reached.insert(c.id);
            }
            Some(false) => {}
            None => ask.push(c.id),
        }
    }
    if !ask.is_empty() {
        let linked: Vec<Uuid> = contacts::Entity::find()
            .select_only()
            .column(contacts::Column::Id)
            .filter(contacts::Column::Id.is_in(ask))
            .filter(linked_contacts(viewer))
            .into_tuple()
            .all(db)
            .await?;
        reached.extend(linked);
    }
    Ok(reached)
}

/// The contacts `ids` of the viewer's organization, unscoped (for rows that hang off a contact
/// the viewer already reached through the row scope). One statement.
pub async fn contact_facts<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    ids: &[Uuid],
) -> ApiResult<Vec<ContactFacts>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Uuid, Uuid, Uuid, Option<Uuid>)> = contacts::Entity::find()
        .select_only()
        .columns([
            contacts::Column::Id,
            contacts::Column::OrganizationId,
            contacts::Column::LocalAssociationId,
            contacts::Column::PrimaryPeerMentorId,
        ])
        .filter(contacts::Column::Id.is_in(ids.to_vec()))
        .filter(contacts::Column::OrganizationId.eq(viewer.organization_id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, organization_id, local_association_id, primary_peer_mentor_id)| ContactFacts {
                id,
                organization_id,
                local_association_id,
                primary_peer_mentor_id,
            },
        )
        .collect())
}

/// Of the contacts `ids`, those whose details `permission` covers (two statements at most).
pub async fn contact_ids_reached<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    permission: &str,
    ids: &[Uuid],
) -> ApiResult<HashSet<Uuid>> {
    if !viewer.can(permission) {
        return Ok(HashSet::new());
    }
    let facts = contact_facts(db, viewer, ids).await?;
    contacts_reached(db, viewer, permission, &facts).await
}

/// What the relative field rule needs of a relative row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RelativeFacts {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub local_association_id: Uuid,
}

impl From<&entity::relatives::Model> for RelativeFacts {
    fn from(r: &entity::relatives::Model) -> Self {
        Self {
            id: r.id,
            organization_id: r.organization_id,
            local_association_id: r.local_association_id,
        }
    }
}

/// relatives.phone/email: org admins, coordinators of the relative's local association, and
/// peer mentors linked to a contact of the relative. Of `relatives`, the ids readable (at most
/// one statement).
pub async fn relatives_reached<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    relatives: &[RelativeFacts],
) -> ApiResult<HashSet<Uuid>> {
    let Some(reaches) = viewer.reaches("READ_RELATIVES") else {
        return Ok(HashSet::new());
    };
    let mut reached = HashSet::new();
    let mut ask = Vec::new();
    for r in relatives
        .iter()
        .filter(|r| viewer.organization_id == Some(r.organization_id))
    {
        if reaches.contains(&Reach::Organization)
            || (reaches.contains(&Reach::LocalAssociation)
                && viewer
                    .local_association_ids
                    .contains(&r.local_association_id))
        {
            reached.insert(r.id);
        } else if reaches.contains(&Reach::Own) {
            ask.push(r.id);
        }
    }
    if !ask.is_empty() {
        let linked: Vec<Uuid> = entity::relatives::Entity::find()
            .select_only()
            .column(entity::relatives::Column::Id)
            .filter(entity::relatives::Column::Id.is_in(ask))
            .filter(mentor_relatives(viewer))
            .into_tuple()
            .all(db)
            .await?;
        reached.extend(linked);
    }
    Ok(reached)
}

/// What the health-status rule needs of a home visit report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VisitFacts {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub peer_mentor_id: Uuid,
    pub contact_id: Uuid,
}

impl From<&home_visit_reports::Model> for VisitFacts {
    fn from(r: &home_visit_reports::Model) -> Self {
        Self {
            id: r.id,
            organization_id: r.organization_id,
            peer_mentor_id: r.peer_mentor_id,
            contact_id: r.contact_id,
        }
    }
}

/// home_visit_reports.health_status: the visiting mentor, and the readers of the contact's
/// details among those who may read the report. Of `visits`, the ids readable (at most three
/// statements).
pub async fn visits_with_health_readable<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    visits: &[VisitFacts],
) -> ApiResult<HashSet<Uuid>> {
    let mut readable = HashSet::new();
    let mut contact_ids = Vec::new();
    for v in visits {
        if viewer.organization_id == Some(v.organization_id)
            && v.peer_mentor_id == viewer.user_id
            && viewer.can("READ_HOME_VISIT_REPORTS")
        {
            readable.insert(v.id);
        } else {
            contact_ids.push(v.contact_id);
        }
    }
    if !contact_ids.is_empty()
        && viewer.can("READ_HOME_VISIT_REPORTS")
        && viewer.can("READ_CONTACTS")
    {
        let facts = contact_facts(db, viewer, &contact_ids).await?;
        let reports = contacts_reached(db, viewer, "READ_HOME_VISIT_REPORTS", &facts).await?;
        let details = contacts_reached(db, viewer, "READ_CONTACTS", &facts).await?;
        readable.extend(
            visits
                .iter()
                .filter(|v| reports.contains(&v.contact_id) && details.contains(&v.contact_id))
                .map(|v| v.id),
        );
    }
    Ok(readable)
}

/// Default matrix rows of this domain: resource, then the CRUD letters of global_admin,
/// org_admin, coordinator and peer_mentor (same layout as `catalog::DEFAULT_MATRIX`).
/// Peer mentors may register contacts (naming themselves primary peer mentor, else the new row
/// is outside their scope), notes, caregivers and home visit reports for linked contacts.
#[rustfmt::skip]
pub const MATRIX: &[(&str, &str, &str, &str, &str)] = &[
    // resource                   global  org_admin coordinator peer_mentor
    ("CONTACTS",                  "R",     "CRUD",   "CRUD",     "CRU"),
    ("CONTACT_NOTES",             "R",     "CRUD",   "CRUD",     "CRU"),
    ("CAREGIVERS",                "R",     "CRUD",   "CRUD",     "CRU"),
    ("RELATIVES",                 "R",     "CRUD",   "CRUD",     "R"),
    ("CONTACT_RELATIVES",         "R",     "CRUD",   "CRUD",     "R"),
    ("PERSONAL_NOTES",            "",     "CRUD",   "CRUD",     "CRUD"),
    ("HOME_VISIT_REPORTS",        "R",     "CRUD",   "CRUD",     "CRU"),
    ("CONVERSATION_CARDS",        "R",     "CRUD",   "R",        "R"),
];

// A peer mentor keeps a linked contact's details up to date, but neither moves it to another
// local association nor changes who its primary mentor is (the coordinator decides both).
// Staff make a contact inactive or archive it, and bring it back.
secured!(entity::contacts, "CONTACTS", tenant: Column(OrganizationId), org: Tenant, local: LocalAssociation(LocalAssociationId), own: Custom(mentor_contacts),
writes: Rules {
    own: Some(&[FirstName, LastName, CustomFields, Phone, Email, StreetAddress, PostalCode, City, Municipality, BirthDate, HealthNotes, PreferredChannel, MembershipNumber, ConsentGivenAt]),
    machine: Some(Machine {
        column: Status,
        initial: &["active", "inactive"],
        moves: &[
            ("active", "inactive", Staff),
            ("inactive", "active", Staff),
            ("active", "archived", Staff),
            ("inactive", "archived", Staff),
            ("archived", "active", Staff),
        ],
        frozen: &[],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
// Notes stay on their contact; a peer mentor reads the notes of linked contacts but changes
// only the notes they wrote.
secured!(entity::contact_notes, "CONTACT_NOTES", tenant: Column(OrganizationId), org: Tenant, local: Custom(coordinator_contact_notes), own: Custom(mentor_contact_notes),
    writes: Rules { immutable: &[ContactId], own_author: Some(CreatedById), ..Rules::DEFAULT });
secured!(entity::caregivers, "CAREGIVERS", tenant: Column(OrganizationId), org: Tenant, local: Custom(coordinator_caregivers), own: Custom(mentor_caregivers));
secured!(entity::relatives, "RELATIVES", tenant: Column(OrganizationId), org: Tenant, local: LocalAssociation(LocalAssociationId), own: Custom(mentor_relatives));
secured!(entity::contact_relatives, "CONTACT_RELATIVES", tenant: Column(OrganizationId), org: Tenant, local: Custom(coordinator_contact_relatives), own: Custom(mentor_contact_relatives));
secured!(entity::personal_notes, "PERSONAL_NOTES", tenant: Column(OrganizationId), org: Owner(UserId), local: Owner(UserId), own: Owner(UserId));
// The visiting mentor writes and submits; a coordinator who is not the visitor reviews; a
// reviewed report is final.
secured!(entity::home_visit_reports, "HOME_VISIT_REPORTS", tenant: Column(OrganizationId), org: Tenant, local: Custom(coordinator_home_visit_reports), own: Owner(PeerMentorId), review: [ReviewedById, ReviewedAt],
writes: Rules {
    immutable: &[ContactId, PeerMentorId],
    machine: Some(Machine {
        column: Status,
        initial: &["draft", "submitted"],
        moves: &[
            ("draft", "submitted", Subject),
            ("submitted", "draft", Subject),
            ("submitted", "reviewed", Decider),
        ],
        frozen: &["reviewed"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
secured!(entity::conversation_cards, "CONVERSATION_CARDS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
