//! Row scopes and default role grants of this domain's tables (see `scopes` and `catalog`).
//!
//! Activities belong to the peer mentor who performed them (`user_id`) and to a local
//! association: org admins reach all of the tenant's, coordinators those of their local
//! associations, peer mentors their own. Documents, logs and flags follow their activity
//! through a subquery on `activities`.

use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, Query, SelectStatement},
};

use crate::{authz::viewer::Viewer, secured};
use entity::{activities, activity_documents, activity_flags, activity_logs};

/// Default matrix rows of this domain: resource, then the CRUD letters of global_admin,
/// org_admin, coordinator and peer_mentor (same layout as `catalog::DEFAULT_MATRIX`).
#[rustfmt::skip]
pub const MATRIX: &[(&str, &str, &str, &str, &str)] = &[
    // resource                         global  org_admin coordinator peer_mentor
    ("ACTIVITY_TYPES",                  "R",     "CRUD",   "R",        "R"),
    ("ACTIVITIES",                      "R",     "CRUD",   "CRUD",     "CRUD"),
    ("ACTIVITY_DOCUMENTS",              "R",     "CRUD",   "CRUD",     "CRUD"),
    // Written by the server (activity mutations and the approval workflow), never by clients.
    ("ACTIVITY_LOGS",                   "R",     "R",      "R",        "R"),
    // Review flags are for coordinators and admins; the mentor sees the activity's status.
    ("ACTIVITY_FLAGS",                  "R",     "CRUD",   "CRUD",     ""),
    ("BULK_REGISTRATIONS",              "R",     "CRUD",   "CRUD",     ""),
    // Written by the server on proxy registration.
    ("DELEGATION_GRANTS",               "R",     "R",      "R",        "R"),
    // Personal: everybody manages only their own (row scope Owner for every reach).
    ("CALENDAR_INTEGRATIONS",           "",     "CRUD",   "CRUD",     "CRUD"),
];

secured!(entity::activity_types, "ACTIVITY_TYPES", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
// Approval: the mentor (or a coordinator) submits, a decider who is not the activity's mentor
// approves, rejects or flags; an approved activity is final, a rejected one may be corrected
// and submitted again. Only the workflow mutations (`submitActivity`, `approveActivity`,
// `rejectActivity`, `flagActivity`) move the status.
secured!(entity::activities, "ACTIVITIES", tenant: Column(OrganizationId), org: Tenant, local: LocalAssociation(LocalAssociationId), own: Owner(UserId),
writes: Rules {
    server: &[],
    immutable: &[UserId],
    own: None,
    machine: Some(Machine {
        column: Status,
        initial: &[],
        moves: &[
            ("draft", "pending_review", SubjectOrStaff),
            ("pending_review", "approved", Decider),
            ("pending_review", "rejected", Decider),
            ("pending_review", "flagged", Staff),
            ("flagged", "approved", Decider),
            ("flagged", "rejected", Decider),
            ("rejected", "pending_review", SubjectOrStaff),
        ],
        frozen: &["approved"],
        workflow: Some("submitActivity, approveActivity, rejectActivity, flagActivity"),
    }),
    ..Rules::DEFAULT
});
// An activity carries at most five documents (the catalog's Bufdir evidence: invitation,
// screenshot, photo, attendance list).
secured!(entity::activity_documents, "ACTIVITY_DOCUMENTS", tenant: Column(OrganizationId), org: Tenant, local: Custom(documents_in_local_associations), own: Custom(documents_of_own_activities),
writes: Rules {
    limit: Some(Limit { parent: ActivityId, max: Cap::Fixed(5), counting: &[], rule: "documents_per_activity" }),
    ..Rules::DEFAULT
});
secured!(entity::activity_logs, "ACTIVITY_LOGS", tenant: Column(OrganizationId), org: Tenant, local: Custom(logs_in_local_associations), own: Custom(logs_of_own_activities), append_only: true, soft_delete: None);
// A flag is raised open and closed once, as resolved or dismissed, by staff through the
// approval workflow (closing it claims it, so two resolutions cannot both win).
secured!(entity::activity_flags, "ACTIVITY_FLAGS", tenant: Column(OrganizationId), org: Tenant, local: Custom(flags_in_local_associations), own: Nothing,
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["open"],
        moves: &[
            ("open", "resolved", Staff),
            ("open", "dismissed", Staff),
        ],
        frozen: &["resolved", "dismissed"],
        workflow: Some("flagActivity, resolveActivityFlag, approveActivity, rejectActivity"),
    }),
    ..Rules::DEFAULT
});
// A batch is processed by `bulkRegisterActivities` in one transaction: it completes, or is
// recorded as failed; either is final.
secured!(entity::bulk_registrations, "BULK_REGISTRATIONS", tenant: Column(OrganizationId), org: Tenant, local: LocalAssociation(LocalAssociationId), own: Nothing,
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["draft", "processing", "failed"],
        moves: &[
            ("draft", "processing", Staff),
            ("processing", "completed", Staff),
            ("processing", "failed", Staff),
        ],
        frozen: &["completed", "failed"],
        workflow: Some("bulkRegisterActivities"),
    }),
    ..Rules::DEFAULT
});
secured!(entity::delegation_grants, "DELEGATION_GRANTS", tenant: Column(OrganizationId), org: Tenant, local: LocalAssociation(LocalAssociationId), own: Owner(PeerMentorId), append_only: true, soft_delete: None);
// `last_sync_status` is no lifecycle: it records the last sync's outcome, which only the
// server knows.
secured!(entity::calendar_integrations, "CALENDAR_INTEGRATIONS", tenant: Column(OrganizationId), org: Owner(UserId), local: Owner(UserId), own: Owner(UserId),
    writes: Rules { server: &[LastSyncStatus], ..Rules::DEFAULT });

fn never() -> Condition {
    Condition::all().add(Expr::cust("1 = 0"))
}

/// `SELECT id FROM activities WHERE <condition> AND deleted_at IS NULL` in the viewer's tenant.
fn live_activities(viewer: &Viewer, condition: Condition) -> SelectStatement {
    let mut q = Query::select();
    q.column(activities::Column::Id)
        .from(activities::Entity)
        .cond_where(condition)
        .and_where(activities::Column::OrganizationId.eq(viewer.organization_id))
        .and_where(activities::Column::DeletedAt.is_null());
    q
}

/// Rows whose `column` names a live activity in one of the viewer's local associations.
pub fn activity_in_local_associations(column: impl ColumnTrait, viewer: &Viewer) -> Condition {
    if viewer.local_association_ids.is_empty() {
        return never();
    }
    let las = Condition::all()
        .add(activities::Column::LocalAssociationId.is_in(viewer.local_association_ids.clone()));
    Condition::all().add(column.in_subquery(live_activities(viewer, las)))
}

/// Rows whose `column` names a live activity the viewer owns (performed).
pub fn activity_owned(column: impl ColumnTrait, viewer: &Viewer) -> Condition {
    let own = Condition::all().add(activities::Column::UserId.eq(viewer.user_id));
    Condition::all().add(column.in_subquery(live_activities(viewer, own)))
}

fn documents_in_local_associations(viewer: &Viewer) -> Condition {
    activity_in_local_associations(activity_documents::Column::ActivityId, viewer)
}

fn documents_of_own_activities(viewer: &Viewer) -> Condition {
    activity_owned(activity_documents::Column::ActivityId, viewer)
}

fn logs_in_local_associations(viewer: &Viewer) -> Condition {
    activity_in_local_associations(activity_logs::Column::ActivityId, viewer)
}

fn logs_of_own_activities(viewer: &Viewer) -> Condition {
    activity_owned(activity_logs::Column::ActivityId, viewer)
}

fn flags_in_local_associations(viewer: &Viewer) -> Condition {
    activity_in_local_associations(activity_flags::Column::ActivityId, viewer)
}
