//! Row scopes and default role grants of this domain's tables (see `scopes` and `catalog`).
//!
//! A peer mentor owns their profile, availability history, location, honorariums, declarations,
//! NDAs, referral links and recruitments (`Owner(UserId)`); coordinators reach those of members
//! of their local associations. Mentor pairings involve two profiles: both the mentor and the
//! mentee see the pairing, and a coordinator sees it when either side is in their local
//! associations. Honorarium thresholds are the organization's configuration.

use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, Query, SelectStatement},
};

use crate::authz::viewer::Viewer;
#[allow(unused_imports)]
use crate::secured;
use entity::{
    mentor_pairings, peer_mentor_profiles as profiles, user_organization_memberships as memberships,
};

// Status, counters, certification, consent, the map and the matching's inputs (referral code,
// specializations) follow the lifecycle rules: only the workflow mutations
// (`updatePeerMentorDetails`, `pausePeerMentor`, ...) change them.
secured!(entity::peer_mentor_profiles, "PEER_MENTOR_PROFILES", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId),
    writes: Rules { server: &[ReferralCode, Specializations], ..Rules::DEFAULT });
// No state machine: an append-only history whose status is what a profile's status became (the
// profile's lifecycle workflow guards each change, `status_transition_guard`).
secured!(entity::peer_mentor_availability, "PEER_MENTOR_AVAILABILITY", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId), append_only: true, soft_delete: None);
// A location a profile shows on the map is not deleted from under it.
secured!(entity::geographic_locations, "GEOGRAPHIC_LOCATIONS", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId),
writes: Rules {
    server: &[VerifiedAt],
    referenced_by: &[("peer_mentor_profiles", "geographic_location_id")],
    ..Rules::DEFAULT
});
// Staff propose a pairing, start, pause and resume it, and complete or end it; a completed or
// ended pairing is final.
secured!(entity::mentor_pairings, "MENTOR_PAIRINGS", tenant: Column(OrganizationId), org: Tenant, local: Custom(pairings_in_local_associations), own: Custom(own_pairings),
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["proposed", "active"],
        moves: &[
            ("proposed", "active", Staff),
            ("active", "paused", Staff),
            ("paused", "active", Staff),
            ("active", "completed", Staff),
            ("paused", "completed", Staff),
            ("proposed", "ended", Staff),
            ("active", "ended", Staff),
            ("paused", "ended", Staff),
        ],
        frozen: &["completed", "ended"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
secured!(entity::honorarium_thresholds, "HONORARIUM_THRESHOLDS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
// Written by the counting rule (`assignment_threshold_honorar`), or by an org admin as a
// correction: what a record says is not edited afterwards;
// a decider who is not the mentor approves, an org admin pays.
secured!(entity::assignment_honorarium_records, "ASSIGNMENT_HONORARIUM_RECORDS", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId), review: [PaidAt],
writes: Rules {
    server: &[CoordinatorNotifiedAt],
    immutable: &[UserId, HonorariumThresholdId, AssignmentId, PeriodStart, AssignmentCount, CrossedAt, AmountOre],
    machine: Some(Machine {
        column: Status,
        initial: &["pending"],
        moves: &[
            ("pending", "approved", Decider),
            ("pending", "cancelled", Decider),
            ("approved", "paid", OrgDecider),
            ("approved", "cancelled", Decider),
        ],
        frozen: &["paid", "cancelled"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
// The driver drafts and submits a claim (and may take a submitted one back); a decider who is not
// the driver approves or rejects; an org admin pays. Decided claims are frozen.
secured!(entity::driver_honorariums, "DRIVER_HONORARIUMS", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId), review: [ApprovedById, ApprovedAt, PaidAt],
writes: Rules {
    immutable: &[UserId, AssignmentId],
    machine: Some(Machine {
        column: Status,
        initial: &["draft", "submitted"],
        moves: &[
            ("draft", "submitted", Subject),
            ("submitted", "draft", Subject),
            ("submitted", "approved", Decider),
            ("submitted", "rejected", Decider),
            ("approved", "paid", OrgDecider),
        ],
        frozen: &["approved", "rejected", "paid"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
secured!(entity::driver_confidentiality_declarations, "DRIVER_CONFIDENTIALITY_DECLARATIONS", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId), review: [WitnessedById]);
// The mentor signs their own agreement; a coordinator countersigns, supersedes or revokes it.
secured!(entity::nda_agreements, "NDA_AGREEMENTS", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId), review: [CountersignedById],
writes: Rules {
    immutable: &[UserId],
    machine: Some(Machine {
        column: Status,
        initial: &["pending"],
        moves: &[
            ("pending", "signed", Subject),
            ("signed", "superseded", Staff),
            ("pending", "revoked", Staff),
            ("signed", "revoked", Staff),
        ],
        frozen: &["superseded", "revoked"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
secured!(entity::referral_links, "REFERRAL_LINKS", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId));
// The recruitment funnel: a click becomes a registration, which someone other than the
// recruiting mentor confirms as a member; an unfinished one may be abandoned. Confirmed and
// abandoned are final.
secured!(entity::member_recruitments, "MEMBER_RECRUITMENTS", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId),
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["clicked", "registered"],
        moves: &[
            ("clicked", "registered", Staff),
            ("registered", "member_confirmed", Decider),
            ("clicked", "abandoned", Staff),
            ("registered", "abandoned", Staff),
        ],
        frozen: &["member_confirmed", "abandoned"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});

fn never() -> Condition {
    Condition::all().add(Expr::cust("1 = 0"))
}

/// `SELECT id FROM peer_mentor_profiles WHERE organization_id = <org> AND <user filter>`.
fn profile_ids(org: uuid::Uuid, users: Condition) -> SelectStatement {
    let mut q = Query::select();
    q.column(profiles::Column::Id)
        .from(profiles::Entity)
        .and_where(profiles::Column::OrganizationId.eq(org))
        .and_where(profiles::Column::DeletedAt.is_null())
        .cond_where(users);
    q
}

fn either_side(profile_ids: impl Fn() -> SelectStatement) -> Condition {
    Condition::any()
        .add(mentor_pairings::Column::MentorProfileId.in_subquery(profile_ids()))
        .add(mentor_pairings::Column::MenteeProfileId.in_subquery(profile_ids()))
}

/// Pairings in which the viewer is the mentor or the mentee.
fn own_pairings(viewer: &Viewer) -> Condition {
    let Some(org) = viewer.organization_id else {
        return never();
    };
    let me = viewer.user_id;
    either_side(|| profile_ids(org, Condition::all().add(profiles::Column::UserId.eq(me))))
}

/// Pairings whose mentor or mentee is a member of one of the viewer's local associations.
fn pairings_in_local_associations(viewer: &Viewer) -> Condition {
    let Some(org) = viewer.organization_id else {
        return never();
    };
    if viewer.local_association_ids.is_empty() {
        return never();
    }
    let las = viewer.local_association_ids.clone();
    either_side(|| {
        let mut members = Query::select();
        members
            .column(memberships::Column::UserId)
            .from(memberships::Entity)
            .and_where(memberships::Column::OrganizationId.eq(org))
            .and_where(memberships::Column::DeletedAt.is_null())
            .and_where(memberships::Column::LocalAssociationId.is_in(las.clone()));
        profile_ids(
            org,
            Condition::all().add(profiles::Column::UserId.in_subquery(members)),
        )
    })
}

/// Default matrix rows of this domain: resource, then the CRUD letters of global_admin,
/// org_admin, coordinator and peer_mentor (same layout as `catalog::DEFAULT_MATRIX`).
#[rustfmt::skip]
pub const MATRIX: &[(&str, &str, &str, &str, &str)] = &[
    // resource                         global  org_admin coordinator peer_mentor
    // Profiles are created with the peer_mentor role (org admins); `status` is the workflow's.
    ("PEER_MENTOR_PROFILES",            "R",     "CRUD",   "RU",       "RU"),
    ("PEER_MENTOR_AVAILABILITY",        "R",     "CR",     "CR",       "CR"),
    // The mentor manages (and may erase) their own location; coordinators read it.
    ("GEOGRAPHIC_LOCATIONS",            "R",     "CRUD",   "R",        "CRUD"),
    ("MENTOR_PAIRINGS",                 "R",     "CRUD",   "CRUD",     "R"),
    ("HONORARIUM_THRESHOLDS",           "R",     "CRUD",   "R",        "R"),
    ("ASSIGNMENT_HONORARIUM_RECORDS",   "R",     "CRUD",   "R",        "R"),
    // Drivers submit their own claims; coordinators approve.
    ("DRIVER_HONORARIUMS",              "R",     "CRUD",   "CRU",      "CRU"),
    ("DRIVER_CONFIDENTIALITY_DECLARATIONS", "R", "CRUD",   "CRU",      "CRU"),
    ("NDA_AGREEMENTS",                  "R",     "CRUD",   "CRU",      "CRU"),
    ("REFERRAL_LINKS",                  "R",     "CRUD",   "R",        "CRUD"),
    ("MEMBER_RECRUITMENTS",             "R",     "CRUD",   "R",        "R"),
];

/// geographic_locations.area_name / postal_code / municipality: everyone who reads the row,
/// until the mentor withdraws consent; then the mentor alone (a withdrawn consent hides every
/// location detail, not only the coordinates).
pub fn location_details(
    viewer: &Viewer,
    row: &entity::geographic_locations::Model,
) -> crate::error::ApiResult<()> {
    if viewer.user_id == row.user_id || row.consent_withdrawn_at.is_none() {
        return Ok(());
    }
    Err(crate::error::ApiError::forbidden(
        "the mentor withdrew consent to showing their location",
    ))
}

/// geographic_locations.latitude / longitude: the mentor themself, and coordinators and org
/// admins (who can see the row) only while the mentor's GDPR consent stands. Never platform
/// support. The caller has already read the row through its scope.
pub fn location_coordinates(
    viewer: &Viewer,
    row: &entity::geographic_locations::Model,
) -> crate::error::ApiResult<()> {
    use crate::authz::viewer::Reach;
    if viewer.user_id == row.user_id {
        return Ok(());
    }
    let staff = viewer
        .reaches("READ_GEOGRAPHIC_LOCATIONS")
        .is_some_and(|r| r.contains(&Reach::Organization) || r.contains(&Reach::LocalAssociation));
    if staff && row.has_consent() {
        return Ok(());
    }
    Err(crate::error::ApiError::forbidden(
        "not allowed to read this mentor's location (coordinators and org admins only, with the mentor's consent)",
    ))
}
