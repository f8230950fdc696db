//! CRUD over GraphQL for the training tables: courses, course enrollments, certifications,
//! certification renewals (read-only history) and reminders; field rules, row scopes of
//! coordinators and peer mentors, and tenant isolation.

use crate::common;

use common::{TestApp, demo_id, error_code, error_rule as rule, ids, ok, walk_both_ways};
use serde_json::json;

fn user(email: &str) -> String {
    demo_id("user", email).to_string()
}

#[tokio::test]
async fn org_admin_creates_reads_updates_lists_and_deletes_courses() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let created = ok(
        &app,
        &admin,
        "mutation($i: CreateCourseInput!) { createCourse(input: $i) { id title status courseType deliveryMode seatCapacity prerequisiteCourseIds organization { slug } localAssociation { name } } }",
        json!({ "i": {
            "title": "Oppfriskningskurs: samtaleteknikk",
            "courseType": "REFRESHER",
            "deliveryMode": "ONLINE",
            "startsAt": "2030-03-01T09:00:00Z",
            "endsAt": "2030-03-01T15:00:00Z",
            "seatCapacity": 25,
            "localAssociationId": demo_id("la", "baerum"),
            "prerequisiteCourseIds": [demo_id("course", "nhf-grunnkurs")],
        } }),
    )
    .await;
    let row = &created["createCourse"];
    assert_eq!(row["status"], "DRAFT");
    assert_eq!(row["organization"]["slug"], "nhf");
    assert_eq!(row["localAssociation"]["name"], "NHF Bærum");
    assert_eq!(
        row["prerequisiteCourseIds"][0],
        demo_id("course", "nhf-grunnkurs").to_string()
    );
    let id = row["id"].as_str().unwrap().to_string();

    let updated = ok(
        &app,
        &admin,
        "mutation($id: UUID!) { updateCourse(id: $id, input: { status: OPEN, seatCapacity: 30, instructorName: \"Marit Solberg\" }) { status seatCapacity instructorName } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(updated["updateCourse"]["status"], "OPEN");
    let read = ok(
        &app,
        &admin,
        "query($id: UUID!) { course(id: $id) { title seatCapacity instructorName } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(read["course"]["seatCapacity"], 30);
    assert_eq!(read["course"]["instructorName"], "Marit Solberg");

    // NHF's courses by start, newest first: the new one (2030), the autumn basic course (in
    // two months), the specialization (in a month), the basic course (months ago).
    let by_start = walk_both_ways(
        &app,
        &admin,
        "courses",
        ("CourseFilter", "CourseOrderBy"),
        json!({ "title": { "contains": "" } }),
        json!({ "field": "STARTS_AT", "direction": "DESC" }),
    )
    .await;
    assert_eq!(
        by_start,
        vec![
            id.clone(),
            demo_id("course", "nhf-grunnkurs-host").to_string(),
            demo_id("course", "nhf-fordypning").to_string(),
            demo_id("course", "nhf-grunnkurs").to_string(),
        ]
    );
    let refreshers = walk_both_ways(
        &app,
        &admin,
        "courses",
        ("CourseFilter", "CourseOrderBy"),
        json!({ "courseType": { "eq": "REFRESHER" } }),
        json!({ "field": "CREATED_AT" }),
    )
    .await;
    assert_eq!(refreshers, vec![id.clone()]);

    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteCourse(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(
        &app,
        &admin,
        "query($id: UUID!) { course(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(gone["course"].is_null());
}

#[tokio::test]
async fn course_field_rules_name_the_rule_and_the_field() {
    let app = TestApp::spawn().await;
    let admin = app.token("hlf.admin@meander.dev").await;
    let create = "mutation($i: CreateCourseInput!) { createCourse(input: $i) { id } }";
    let bad = app
        .gql(
            Some(&admin),
            create,
            json!({ "i": { "title": "Kurs", "courseType": "CERTIFICATION", "deliveryMode": "IN_PERSON", "seatCapacity": 0 } }),
        )
        .await;
    assert_eq!(
        rule(&bad),
        (
            "BAD_USER_INPUT".into(),
            "seatCapacity".into(),
            "seat_capacity_range".into()
        )
    );
    let bad = app
        .gql(
            Some(&admin),
            create,
            json!({ "i": { "title": "  ", "courseType": "CERTIFICATION", "deliveryMode": "IN_PERSON" } }),
        )
        .await;
    assert_eq!(rule(&bad).2, "required_fields");
    let bad = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updateCourse(id: $id, input: { certificationValidityMonths: 121 }) { id } }",
            // An open course: a completed one is decided and changes nothing but its status.
            json!({ "id": demo_id("course", "hlf-oppfrisking") }),
        )
        .await;
    assert_eq!(rule(&bad).2, "certification_validity_range");
}

#[tokio::test]
async fn coordinator_enrolls_mentors_of_their_association_and_not_others() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let create = "mutation($i: CreateCourseEnrollmentInput!) { createCourseEnrollment(input: $i) { id status user { firstName } course { title } } }";
    let created = ok(
        &app,
        &coordinator,
        create,
        json!({ "i": { "userId": user("nhf.mentor2@meander.dev"), "courseId": demo_id("course", "nhf-grunnkurs-host"), "enrolledAt": "2020-09-01T10:00:00Z" } }),
    )
    .await;
    let row = &created["createCourseEnrollment"];
    assert_eq!(row["status"], "PENDING");
    assert_eq!(row["user"]["firstName"], "Ingrid");
    let id = row["id"].as_str().unwrap().to_string();

    // Lars belongs to Bergen: not a user this coordinator can name.
    let refused = app
        .gql(
            Some(&coordinator),
            create,
            json!({ "i": { "userId": user("nhf.mentor.bergen@meander.dev"), "courseId": demo_id("course", "nhf-grunnkurs-host"), "enrolledAt": "2025-09-01T10:00:00Z" } }),
        )
        .await;
    assert_eq!(
        rule(&refused),
        (
            "BAD_USER_INPUT".into(),
            "userId".into(),
            "reference_in_scope".into()
        )
    );

    // The enrollment's lifecycle: placed first, then completed (a pending one is not).
    ok(
        &app,
        &coordinator,
        "mutation($id: UUID!) { updateCourseEnrollment(id: $id, input: { status: ENROLLED }) { status } }",
        json!({ "id": id }),
    )
    .await;
    let updated = ok(
        &app,
        &coordinator,
        "mutation($id: UUID!) { updateCourseEnrollment(id: $id, input: { status: COMPLETED, completedAt: \"2025-10-15T15:00:00Z\", attended: true, notes: \"Bestått\" }) { status attended notes } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(updated["updateCourseEnrollment"]["status"], "COMPLETED");

    // The coordinator's enrollments in the basic courses, latest first: Ola's (demo, this
    // year, in the spring course) and Ingrid's (back-dated to 2020, in the autumn course).
    let in_course = walk_both_ways(
        &app,
        &coordinator,
        "courseEnrollments",
        ("CourseEnrollmentFilter", "CourseEnrollmentOrderBy"),
        json!({ "courseId": { "in": [demo_id("course", "nhf-grunnkurs"), demo_id("course", "nhf-grunnkurs-host")] } }),
        json!({ "field": "ENROLLED_AT", "direction": "DESC" }),
    )
    .await;
    assert_eq!(
        in_course,
        vec![
            demo_id("course_enrollment", "nhf-ola-grunnkurs").to_string(),
            id.clone(),
        ]
    );
    // Lars's waitlisted enrollment is outside the Oslo/Bærum coordinator's reach.
    let lars = ok(
        &app,
        &coordinator,
        "query($id: UUID!) { courseEnrollment(id: $id) { id } }",
        json!({ "id": demo_id("course_enrollment", "nhf-lars-fordypning") }),
    )
    .await;
    assert!(lars["courseEnrollment"].is_null());

    ok(
        &app,
        &coordinator,
        "mutation($id: UUID!) { deleteCourseEnrollment(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(
        &app,
        &coordinator,
        "query($id: UUID!) { courseEnrollment(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(gone["courseEnrollment"].is_null());
}

#[tokio::test]
async fn peer_mentor_enrolls_themself_and_sees_only_their_own_training_rows() {
    let app = TestApp::spawn().await;
    let ingrid = app.token("nhf.mentor2@meander.dev").await;
    let created = ok(
        &app,
        &ingrid,
        "mutation($i: CreateCourseEnrollmentInput!) { createCourseEnrollment(input: $i) { id status } }",
        json!({ "i": { "userId": user("nhf.mentor2@meander.dev"), "courseId": demo_id("course", "nhf-grunnkurs-host"), "enrolledAt": "2025-09-01T10:00:00Z" } }),
    )
    .await;
    let id = created["createCourseEnrollment"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Cancelling is an update; deleting is not a mentor's permission.
    ok(
        &app,
        &ingrid,
        "mutation($id: UUID!) { updateCourseEnrollment(id: $id, input: { status: CANCELLED, cancelledAt: \"2025-09-03T08:00:00Z\" }) { status } }",
        json!({ "id": id }),
    )
    .await;
    let denied = app
        .gql(
            Some(&ingrid),
            "mutation($id: UUID!) { deleteCourseEnrollment(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN");

    let mine = ok(
        &app,
        &ingrid,
        "{ courseEnrollments(first: 50) { totalCount nodes { id user { firstName } } } certifications { totalCount } courses { totalCount } }",
        json!({}),
    )
    .await;
    // Ingrid: the demo enrollment in the specialization and the cancelled one; no certificate;
    // every NHF course (the offer is for everyone).
    assert_eq!(mine["courseEnrollments"]["totalCount"], 2, "{mine}");
    for n in mine["courseEnrollments"]["nodes"].as_array().unwrap() {
        assert_eq!(n["user"]["firstName"], "Ingrid");
    }
    assert_eq!(mine["certifications"]["totalCount"], 0);
    assert_eq!(mine["courses"]["totalCount"], 3);

    // Enrolling someone else is outside a mentor's scope.
    let other = app
        .gql(
            Some(&ingrid),
            "mutation($i: CreateCourseEnrollmentInput!) { createCourseEnrollment(input: $i) { id } }",
            json!({ "i": { "userId": user("nhf.mentor@meander.dev"), "courseId": demo_id("course", "nhf-fordypning"), "enrolledAt": "2025-09-01T10:00:00Z" } }),
        )
        .await;
    assert!(!other["errors"].is_null(), "{other}");

    // A mentor reads their own certificate but cannot issue one.
    let ola = app.token("nhf.mentor@meander.dev").await;
    let certs = ok(
        &app,
        &ola,
        "{ certifications { nodes { id name course { title } renewals { totalCount } } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        ids(&certs["certifications"]),
        vec![demo_id("certification", "nhf-ola").to_string()]
    );
    let issue = app
        .gql(
            Some(&ola),
            "mutation($i: CreateCertificationInput!) { createCertification(input: $i) { id } }",
            json!({ "i": { "userId": user("nhf.mentor@meander.dev"), "name": "Selvutstedt", "issuedOn": "2025-01-01" } }),
        )
        .await;
    assert_eq!(error_code(&issue), "FORBIDDEN");
}

#[tokio::test]
async fn coordinator_issues_certifications_and_schedules_reminders() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("hlf.coordinator@meander.dev").await;
    // Ola is an HLF member in Drammen, the coordinator's association.
    let created = ok(
        &app,
        &coordinator,
        "mutation($i: CreateCertificationInput!) { createCertification(input: $i) { id status expiresOn user { firstName } course { title } issuedBy { firstName } } }",
        json!({ "i": {
            "userId": user("nhf.mentor@meander.dev"),
            "courseId": demo_id("course", "hlf-oppfrisking"),
            "name": "HLF-sertifisert likeperson",
            "certificateNumber": "HLF-LP-2025-201",
            "issuedOn": "2025-11-01",
            "expiresOn": "2028-10-31",
            "issuedById": user("hlf.coordinator@meander.dev"),
        } }),
    )
    .await;
    let row = &created["createCertification"];
    assert_eq!(row["status"], "ACTIVE");
    assert_eq!(row["expiresOn"], "2028-10-31");
    assert_eq!(row["issuedBy"]["firstName"], "Tor");
    let cert = row["id"].as_str().unwrap().to_string();

    let reminder = ok(
        &app,
        &coordinator,
        "mutation($i: CreateCertificationReminderInput!) { createCertificationReminder(input: $i) { id status channel daysBeforeExpiry certification { name } } }",
        json!({ "i": { "userId": user("nhf.mentor@meander.dev"), "certificationId": cert, "remindAt": "2028-09-30T08:00:00Z", "daysBeforeExpiry": 31 } }),
    )
    .await;
    assert_eq!(
        reminder["createCertificationReminder"]["status"],
        "SCHEDULED"
    );
    assert_eq!(reminder["createCertificationReminder"]["channel"], "PUSH");
    let reminder_id = reminder["createCertificationReminder"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let bad = app
        .gql(
            Some(&coordinator),
            "mutation($id: UUID!) { updateCertificationReminder(id: $id, input: { daysBeforeExpiry: 400 }) { id } }",
            json!({ "id": reminder_id }),
        )
        .await;
    assert_eq!(rule(&bad).2, "days_before_expiry_range");

    let listed = walk_both_ways(
        &app,
        &coordinator,
        "certificationReminders",
        (
            "CertificationReminderFilter",
            "CertificationReminderOrderBy",
        ),
        json!({ "userId": { "eq": user("nhf.mentor@meander.dev") } }),
        json!({ "field": "REMIND_AT" }),
    )
    .await;
    assert_eq!(
        listed,
        vec![
            demo_id("certification_reminder", "hlf-ola-30").to_string(),
            reminder_id.clone()
        ]
    );
    ok(
        &app,
        &coordinator,
        "mutation($id: UUID!) { deleteCertificationReminder(id: $id) { id } }",
        json!({ "id": reminder_id }),
    )
    .await;
    let gone = ok(
        &app,
        &coordinator,
        "query($id: UUID!) { certificationReminder(id: $id) { id } }",
        json!({ "id": reminder_id }),
    )
    .await;
    assert!(gone["certificationReminder"].is_null());

    // Certifications are never deleted by coordinators (CRU); org admins may.
    let denied = app
        .gql(
            Some(&coordinator),
            "mutation($id: UUID!) { deleteCertification(id: $id) { id } }",
            json!({ "id": cert }),
        )
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN");
    let admin = app.token("hlf.admin@meander.dev").await;
    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteCertification(id: $id) { id } }",
        json!({ "id": cert }),
    )
    .await;
    let gone = ok(
        &app,
        &admin,
        "query($id: UUID!) { certification(id: $id) { id } }",
        json!({ "id": cert }),
    )
    .await;
    assert!(gone["certification"].is_null());
}

#[tokio::test]
async fn certification_renewals_are_a_read_only_history() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let d = ok(
        &app,
        &coordinator,
        "query($id: UUID!) { certification(id: $id) { renewals { nodes { id triggerType newExpiresOn courseEnrollment { id } } } } }",
        json!({ "id": demo_id("certification", "blind-anne") }),
    )
    .await;
    let renewals = &d["certification"]["renewals"]["nodes"];
    assert_eq!(renewals.as_array().unwrap().len(), 1, "{d}");
    assert_eq!(renewals[0]["triggerType"], "COORDINATOR");
    let listed = walk_both_ways(
        &app,
        &coordinator,
        "certificationRenewals",
        ("CertificationRenewalFilter", "CertificationRenewalOrderBy"),
        json!({ "triggerType": { "in": ["COORDINATOR", "COURSE_COMPLETION"] } }),
        json!({ "field": "RENEWED_AT" }),
    )
    .await;
    assert_eq!(
        listed,
        vec![demo_id("certification_renewal", "blind-anne-2024").to_string()]
    );
    // No generic create/update/delete for an append-only table.
    let body = app
        .gql(
            Some(&coordinator),
            "mutation { updateCertificationRenewal(id: \"00000000-0000-0000-0000-000000000000\", input: {}) { id } }",
            json!({}),
        )
        .await;
    assert!(!body["errors"].is_null());
}

#[tokio::test]
async fn another_organizations_training_rows_answer_null_by_id() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let q = "query($c: UUID!, $e: UUID!, $z: UUID!, $r: UUID!, $m: UUID!) {
        course(id: $c) { id } courseEnrollment(id: $e) { id } certification(id: $z) { id }
        certificationRenewal(id: $r) { id } certificationReminder(id: $m) { id } }";
    let body = ok(
        &app,
        &admin,
        q,
        json!({
            "c": demo_id("course", "blind-sertifisering"),
            "e": demo_id("course_enrollment", "hlf-eva-grunnkurs"),
            "z": demo_id("certification", "hlf-ola"),
            "r": demo_id("certification_renewal", "hlf-eva-2025"),
            "m": demo_id("certification_reminder", "blind-anne-10"),
        }),
    )
    .await;
    for field in [
        "course",
        "courseEnrollment",
        "certification",
        "certificationRenewal",
        "certificationReminder",
    ] {
        assert!(body[field].is_null(), "{field}: {body}");
    }
    // Updating one of them is NOT_FOUND, never FORBIDDEN.
    let upd = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updateCourse(id: $id, input: { title: \"Kapret\" }) { id } }",
            json!({ "id": demo_id("course", "blind-sertifisering") }),
        )
        .await;
    assert_eq!(error_code(&upd), "NOT_FOUND");
    // The same ids answer for their own organization.
    let hlf = app.token("hlf.admin@meander.dev").await;
    let own = ok(
        &app,
        &hlf,
        "query($z: UUID!) { certification(id: $z) { status } }",
        json!({ "z": demo_id("certification", "hlf-ola") }),
    )
    .await;
    assert_eq!(own["certification"]["status"], "EXPIRED");
}
