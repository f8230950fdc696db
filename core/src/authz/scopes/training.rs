//! Row scopes and default role grants of this domain's tables (see `scopes` and `catalog`).
//!
//! Courses are the organization's offer: every member of the tenant reads them. Enrollments,
//! certifications, renewals and reminders belong to the user they are about: the peer mentor
//! reaches their own, coordinators those of members of their local associations.

#[allow(unused_imports)]
use crate::secured;

// Staff draft a course, open it for enrollment, close it (and may reopen it), and complete or
// cancel it; a completed or cancelled course is final.
secured!(entity::courses, "COURSES", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant,
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["draft", "open"],
        moves: &[
            ("draft", "open", Staff),
            ("open", "closed", Staff),
            ("closed", "open", Staff),
            ("open", "completed", Staff),
            ("closed", "completed", Staff),
            ("draft", "cancelled", Staff),
            ("open", "cancelled", Staff),
            ("closed", "cancelled", Staff),
        ],
        frozen: &["completed", "cancelled"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
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
    // An enrolled participant takes one of the course's seats (`seat_capacity`, none: no cap);
    // the last seat goes to one of two concurrent enrollments, the other stays where it was.
    limit: Some(Limit {
        parent: CourseId,
        max: Cap::ParentColumn("courses", "seat_capacity"),
        counting: &["enrolled", "completed", "not_completed"],
        rule: "seat_capacity",
    }),
    // One asks to join an open course before its deadline; a seat needs its prerequisite
    // courses completed.
    admission: Some(Admission {
        parent: CourseId,
        parent_table: "courses",
        open: &["open"],
        deadline: Some("enrollment_deadline"),
        prerequisites: Some("prerequisite_course_ids"),
        completed: &["completed"],
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
// A reminder is scheduled (the create fixes it) and the reminder job sends it, fails it or
// cancels it; a sent or cancelled reminder is history.
secured!(entity::certification_reminders, "CERTIFICATION_REMINDERS", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId),
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["scheduled"],
        moves: &[
            ("scheduled", "sent", System),
            ("scheduled", "failed", System),
            ("scheduled", "cancelled", System),
            ("failed", "scheduled", System),
        ],
        frozen: &["sent", "cancelled"],
        workflow: Some("the certification reminder job"),
    }),
    ..Rules::DEFAULT
});

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
