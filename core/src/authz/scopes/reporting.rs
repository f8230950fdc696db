//! Row scopes and default role grants of this domain's tables (see `scopes` and `catalog`).
//!
//! Reporting is org-admin territory: coordinators read, peer mentors see only the badge catalog,
//! their own badges and their own (published) summaries and estimates. Computed tables
//! (impact summaries, benefit estimates, Bufdir reports) are read-only for every role: the
//! server writes them.

use sea_orm::{ColumnTrait, Condition};

use crate::{authz::viewer::Viewer, secured};
use entity::{custom_report_definitions, impact_summaries};

/// Coordinators see the custom reports an org admin shared with them.
fn shared_custom_reports(_viewer: &Viewer) -> Condition {
    Condition::all().add(custom_report_definitions::Column::IsShared.eq(true))
}

/// A peer mentor sees their own impact summaries once they are published.
fn own_published_summaries(viewer: &Viewer) -> Condition {
    Condition::all()
        .add(impact_summaries::Column::UserId.eq(viewer.user_id))
        .add(impact_summaries::Column::PublishedAt.is_not_null())
}

secured!(entity::achievement_badges, "ACHIEVEMENT_BADGES", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::user_badges, "USER_BADGES", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId));
secured!(entity::impact_summaries, "IMPACT_SUMMARIES", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Custom(own_published_summaries));
secured!(entity::benefit_estimates, "BENEFIT_ESTIMATES", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId));
// A period is open while activities count toward it; staff close it (and may reopen it) and
// submit a closed one; a submitted period is final.
secured!(entity::report_periods, "REPORT_PERIODS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Nothing,
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["open"],
        moves: &[
            ("open", "closed", Staff),
            ("closed", "open", Staff),
            ("closed", "submitted", Staff),
        ],
        frozen: &["submitted"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
// Report versions are the server's: generation writes a ready version and supersedes the
// earlier ready ones (`bufdir_report_versioning`); submission records the one sent. No client
// moves a version.
secured!(entity::bufdir_reports, "BUFDIR_REPORTS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Nothing,
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["generating", "ready"],
        moves: &[
            ("generating", "ready", System),
            ("generating", "failed", System),
            ("ready", "superseded", System),
            ("ready", "submitted", System),
        ],
        frozen: &["submitted", "failed", "superseded"],
        workflow: Some("generateBufdirReport"),
    }),
    ..Rules::DEFAULT
});
secured!(entity::custom_report_definitions, "CUSTOM_REPORT_DEFINITIONS", tenant: Column(OrganizationId), org: Tenant, local: Custom(shared_custom_reports), own: Nothing);
// An export is queued by an admin and run by the export job: only the server moves it.
secured!(entity::accounting_exports, "ACCOUNTING_EXPORTS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Nothing,
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["queued"],
        moves: &[
            ("queued", "running", System),
            ("queued", "failed", System),
            ("running", "succeeded", System),
            ("running", "failed", System),
        ],
        frozen: &["succeeded", "failed"],
        workflow: Some("the accounting export job"),
    }),
    ..Rules::DEFAULT
});

/// Default matrix rows of this domain: resource, then the CRUD letters of global_admin,
/// org_admin, coordinator and peer_mentor (same layout as `catalog::DEFAULT_MATRIX`).
#[rustfmt::skip]
pub const MATRIX: &[(&str, &str, &str, &str, &str)] = &[
    // resource                         global  org_admin coordinator peer_mentor
    // Badge catalog: the app shows every badge (earned or not) on the achievements screen.
    ("ACHIEVEMENT_BADGES",              "R",     "CRUD",   "R",        "R"),
    ("USER_BADGES",                     "R",     "CRUD",   "R",        "R"),
    // Computed by the server.
    ("IMPACT_SUMMARIES",                "R",     "R",      "R",        "R"),
    ("BENEFIT_ESTIMATES",               "R",     "R",      "R",        "R"),
    ("REPORT_PERIODS",                  "R",     "CRUD",   "R",        ""),
    // Generated snapshots (GENERATE_REPORTS); never edited.
    ("BUFDIR_REPORTS",                  "R",     "R",      "R",        ""),
    ("CUSTOM_REPORT_DEFINITIONS",       "R",     "CRUD",   "R",        ""),
    // Jobs: an org admin queues (create) or discards (delete) one; the server runs it.
    ("ACCOUNTING_EXPORTS",              "R",     "CRD",    "R",        ""),
];
