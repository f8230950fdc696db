//! Row scopes and default role grants of this domain's tables (see `scopes` and `catalog`).
//!
//! Courses are the organization's offer: every member of the tenant reads them. Enrollments,
//! certifications, renewals and reminders belong to the user they are about: the peer mentor
//! reaches their own, coordinators those of members of their local associations.

#[allow(unused_imports)]
use crate::secured;

secured!(entity::courses, "COURSES", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
// The enrollee asks and may cancel; a decider who is not the enrollee places, waitlists and
// records the outcome, which is final.
secured!(entity::course_enrollments, "COURSE_ENROLLMENTS", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId), review: [CompletedAt, CertificationId, Attended, CertificationEligible],
writes: Rules {
    immutable: &[UserId, CourseId],
    machine: Some(Machine {
        column: Status,
        initial: &["pending"],
        moves: &[
            ("pending", "enrolled", Decider),
            ("pending", "waitlisted", Decider),
            ("waitlisted", "enrolled", Decider),
            ("pending", "cancelled", SubjectOrStaff),
            ("waitlisted", "cancelled", SubjectOrStaff),
            ("enrolled", "cancelled", SubjectOrStaff),
            ("enrolled", "completed", Decider),
            ("enrolled", "not_completed", Decider),
        ],
        frozen: &["completed", "not_completed", "cancelled"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
// A certification is issued by someone other than its holder, and only revoked or renewed by a
// decider; the expiry job moves active ones to expiring_soon and expired.
secured!(entity::certifications, "CERTIFICATIONS", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId), review: [IssuedById, RevokedAt, RevocationReason],
writes: Rules {
    immutable: &[UserId],
    machine: Some(Machine {
        column: Status,
        initial: &["active"],
        moves: &[
            ("active", "revoked", Decider),
            ("expiring_soon", "revoked", Decider),
            ("expired", "active", Decider),
            ("expiring_soon", "active", Decider),
        ],
        frozen: &["revoked"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
secured!(entity::certification_renewals, "CERTIFICATION_RENEWALS", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId), append_only: true, soft_delete: None);
secured!(entity::certification_reminders, "CERTIFICATION_REMINDERS", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId));

/// Default matrix rows of this domain: resource, then the CRUD letters of global_admin,
/// org_admin, coordinator and peer_mentor (same layout as `catalog::DEFAULT_MATRIX`).
#[rustfmt::skip]
pub const MATRIX: &[(&str, &str, &str, &str, &str)] = &[
    // resource                         global  org_admin coordinator peer_mentor
    ("COURSES",                         "R",     "CRUD",   "R",        "R"),
    // Mentors enroll themselves and cancel through an update; coordinators enroll their mentors.
    ("COURSE_ENROLLMENTS",              "R",     "CRUD",   "CRUD",     "CRU"),
    // Certificates are issued by coordinators/admins; a mentor only reads their own.
    ("CERTIFICATIONS",                  "R",     "CRUD",   "CRU",      "R"),
    ("CERTIFICATION_RENEWALS",          "R",     "CR",     "CR",       "R"),
    ("CERTIFICATION_REMINDERS",         "R",     "CRUD",   "CRUD",     "R"),
];
