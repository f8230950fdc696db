//! Field-level rules: fields readable only by some of the viewers who can see the row.
//! A denied field resolves to null with a FORBIDDEN error at its path.
//!
//! A guarded field asks a `Guard` (which rule, and what the rule needs of the row); the GraphQL
//! layer collects every guard of a response through one loader and `decide` answers them
//! together, rule by rule. The rules themselves sit with their tables' scopes
//! (`scopes::contacts`, `scopes::assignments`) and here (users); each answers for a whole page,
//! so the statements a response costs grow with its depth, not with its rows or its fields.

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::scopes::assignments::{PayloadFacts, payload_refusals};
use super::scopes::contacts::{
    ContactFacts, RelativeFacts, VisitFacts, contact_ids_reached, contacts_reached,
    relatives_reached, visits_with_health_readable,
};
use super::{Reach, Viewer};
use crate::error::{ApiError, ApiResult};
use entity::user_organization_memberships as memberships;

/// One guarded field's question about one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Guard {
    /// users.email/phone of this user.
    UserContactDetails(Uuid),
    /// contacts.phone/email/address/birth date/health notes.
    ContactDetails(ContactFacts),
    /// caregivers.phone/email: the readers of the cared-for contact's details.
    CaregiverDetails { caregiver: Uuid, contact: Uuid },
    /// relatives.phone/email.
    RelativeDetails(RelativeFacts),
    /// home_visit_reports.health_status.
    VisitHealth(VisitFacts),
    /// assignments.ciphertext.
    AssignmentPayload(PayloadFacts),
}

/// A guard's answer: the field may be read, or why not.
pub type Verdict = Result<(), &'static str>;

impl Guard {
    /// What a refusal of this guard says when its rule gives no reason of its own.
    fn refused(&self) -> &'static str {
        match self {
            Guard::UserContactDetails(_) => "not allowed to read user contact details",
            Guard::ContactDetails(_) => "not allowed to read the contact's personal details",
            Guard::CaregiverDetails { .. } => "not allowed to read the caregiver's contact details",
            Guard::RelativeDetails(_) => "not allowed to read the relative's contact details",
            Guard::VisitHealth(_) => "not allowed to read the visit's health status",
            Guard::AssignmentPayload(_) => "not allowed to read the encrypted payload",
        }
    }
}

/// The error of a refused guard.
pub fn refusal(reason: &'static str) -> ApiError {
    ApiError::forbidden(reason)
}

/// Answers every guard of `guards` (one loader batch): a constant number of statements per
/// rule that needs the database, whatever the number of rows.
pub async fn decide<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    guards: &[Guard],
) -> ApiResult<HashMap<Guard, Verdict>> {
    let (mut users, mut contacts, mut caregivers) = (Vec::new(), Vec::new(), Vec::new());
    let (mut relatives, mut visits, mut payloads) = (Vec::new(), Vec::new(), Vec::new());
    for g in guards {
        match *g {
            Guard::UserContactDetails(u) => users.push(u),
            Guard::ContactDetails(c) => contacts.push(c),
            Guard::CaregiverDetails { contact, .. } => caregivers.push(contact),
            Guard::RelativeDetails(r) => relatives.push(r),
            Guard::VisitHealth(v) => visits.push(v),
            Guard::AssignmentPayload(a) => payloads.push(a),
        }
    }
    // Each rule runs only when the batch asks it something.
    let users = if users.is_empty() {
        HashSet::new()
    } else {
        users_reached(db, viewer, &users).await?
    };
    let contacts = if contacts.is_empty() {
        HashSet::new()
    } else {
        contacts_reached(db, viewer, "READ_CONTACTS", &contacts).await?
    };
    let caregivers = if caregivers.is_empty() {
        HashSet::new()
    } else {
        contact_ids_reached(db, viewer, "READ_CAREGIVERS", &caregivers).await?
    };
    let relatives = if relatives.is_empty() {
        HashSet::new()
    } else {
        relatives_reached(db, viewer, &relatives).await?
    };
    let visits = if visits.is_empty() {
        HashSet::new()
    } else {
        visits_with_health_readable(db, viewer, &visits).await?
    };
    let payloads = if payloads.is_empty() {
        HashMap::new()
    } else {
        payload_refusals(db, viewer, &payloads).await?
    };
    Ok(guards
        .iter()
        .map(|g| {
            let allowed = match g {
                Guard::UserContactDetails(u) => users.contains(u),
                Guard::ContactDetails(c) => contacts.contains(&c.id),
                Guard::CaregiverDetails { contact, .. } => caregivers.contains(contact),
                Guard::RelativeDetails(r) => relatives.contains(&r.id),
                Guard::VisitHealth(v) => visits.contains(&v.id),
                Guard::AssignmentPayload(a) => {
                    return (*g, payloads.get(&a.id).map_or(Ok(()), |why| Err(*why)));
                }
            };
            (*g, if allowed { Ok(()) } else { Err(g.refused()) })
        })
        .collect())
}

/// users.email / users.phone: the user, org admins, and coordinators of the same local
/// association; the platform only for members of an organization that granted it support access
/// (the row scope already limits it to those users; every such request is audited as
/// SUPPORT_ACCESS_READ). Of `users`, those readable (at most two statements).
async fn users_reached<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    users: &[Uuid],
) -> ApiResult<HashSet<Uuid>> {
    let mut reached: HashSet<Uuid> = users
        .iter()
        .copied()
        .filter(|u| *u == viewer.user_id)
        .collect();
    let Some(reaches) = viewer.reaches("READ_USERS") else {
        return Ok(reached);
    };
    if reaches.contains(&Reach::Organization) {
        return Ok(users.iter().copied().collect());
    }
    let members = |organizations: Vec<Uuid>, local_associations: Option<Vec<Uuid>>| {
        let mut q = memberships::Entity::find()
            .select_only()
            .column(memberships::Column::UserId)
            .filter(memberships::Column::UserId.is_in(users.to_vec()))
            .filter(memberships::Column::OrganizationId.is_in(organizations))
            .filter(memberships::Column::DeletedAt.is_null());
        if let Some(las) = local_associations {
            q = q.filter(memberships::Column::LocalAssociationId.is_in(las));
        }
        q.into_tuple::<Uuid>().all(db)
    };
    if reaches.contains(&Reach::Platform) && !viewer.support_organization_ids.is_empty() {
        reached.extend(members(viewer.support_organization_ids.clone(), None).await?);
    }
    let grant = viewer.for_grant("READ_USERS", Reach::LocalAssociation);
    if reaches.contains(&Reach::LocalAssociation)
        && !grant.local_association_ids.is_empty()
        && let Some(org) = viewer.organization_id
    {
        let las = grant.local_association_ids.clone();
        reached.extend(members(vec![org], Some(las)).await?);
    }
    Ok(reached)
}
