//! Write authorization beyond row scopes (`authz::write_rules`): each test is one of the
//! changes a role could make through the generic mutations before, refused now by the rule it
//! is named after, with nothing written.

use crate::common;

use common::{TestApp, demo_id};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

async fn login(app: &TestApp, email: &str) -> String {
    app.login_payload(email, Some(demo_id("org", "nhf"))).await["accessToken"]
        .as_str()
        .unwrap()
        .to_string()
}

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

/// (code, field, rule) of the first error.
fn refusal(body: &Value) -> (String, String, String) {
    let ext = &body["errors"][0]["extensions"];
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    (s(&ext["code"]), s(&ext["field"]), s(&ext["rule"]))
}

fn forbidden(field: &str, rule: &str) -> (String, String, String) {
    ("FORBIDDEN".into(), field.into(), rule.into())
}

fn ok(body: &Value) -> &Value {
    assert!(body["errors"].is_null(), "{body}");
    &body["data"]
}

async fn exec(app: &TestApp, sql: &str, values: Vec<sea_orm::Value>) {
    let backend = app.db.get_database_backend();
    let sql = if backend == sea_orm::DbBackend::Postgres {
        let mut out = String::new();
        for (i, part) in sql.split('?').enumerate() {
            if i > 0 {
                out.push_str(&format!("${i}"));
            }
            out.push_str(part);
        }
        out
    } else {
        sql.to_string()
    };
    app.db
        .execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await
        .unwrap();
}

#[tokio::test]
async fn column_permission_a_peer_mentor_neither_rehomes_a_contact_nor_names_its_primary_mentor() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, "nhf.mentor@meander.dev").await;
    let q = "mutation($id: UUID!, $i: UpdateContactInput!) { updateContact(id: $id, input: $i) { id localAssociationId primaryPeerMentorId } }";
    let astrid = demo_id("contact", "nhf:astrid-solberg");
    for (input, field) in [
        (
            json!({ "localAssociationId": demo_id("la", "bergen") }),
            "localAssociationId",
        ),
        (
            json!({ "primaryPeerMentorId": user("nhf.mentor@meander.dev") }),
            "primaryPeerMentorId",
        ),
    ] {
        let body = app
            .gql(Some(&mentor), q, json!({ "id": astrid, "i": input }))
            .await;
        assert_eq!(
            refusal(&body),
            forbidden(field, "column_permission"),
            "{body}"
        );
    }
    // The contact's details are still theirs to keep up to date.
    let body = app
        .gql(
            Some(&mentor),
            q,
            json!({ "id": astrid, "i": { "city": "Oslo" } }),
        )
        .await;
    ok(&body);
    // The coordinator moves it (within their associations).
    let coordinator = login(&app, "nhf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            q,
            json!({ "id": astrid, "i": { "localAssociationId": demo_id("la", "baerum") } }),
        )
        .await;
    assert_eq!(
        ok(&body)["updateContact"]["localAssociationId"],
        json!(demo_id("la", "baerum"))
    );
}

#[tokio::test]
async fn own_rows_only_a_peer_mentor_does_not_rewrite_a_coordinators_note() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, "nhf.coordinator@meander.dev").await;
    let mentor = login(&app, "nhf.mentor@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($i: CreateContactNoteInput!) { createContactNote(input: $i) { id } }",
            json!({ "i": { "contactId": demo_id("contact", "nhf:astrid-solberg"), "body": "Ring datteren før besøk.", "noteType": "INTERACTION" } }),
        )
        .await;
    let note = ok(&body)["createContactNote"]["id"].clone();
    let update = "mutation($id: UUID!) { updateContactNote(id: $id, input: { body: \"Omskrevet\" }) { body } }";
    let body = app.gql(Some(&mentor), update, json!({ "id": note })).await;
    assert_eq!(refusal(&body), forbidden("id", "own_rows_only"), "{body}");
    let delete = "mutation($id: UUID!) { deleteContactNote(id: $id) { id } }";
    let body = app.gql(Some(&mentor), delete, json!({ "id": note })).await;
    assert_eq!(refusal(&body).0, "FORBIDDEN", "{body}");
    // The mentor still reads it, unchanged.
    let body = app
        .gql(
            Some(&mentor),
            "query($id: UUID!) { contactNote(id: $id) { body } }",
            json!({ "id": note }),
        )
        .await;
    assert_eq!(ok(&body)["contactNote"]["body"], "Ring datteren før besøk.");
}

#[tokio::test]
async fn status_transition_and_decided_row_frozen_a_driver_neither_approves_nor_edits_a_decided_claim()
 {
    let app = TestApp::spawn().await;
    let driver = login(&app, "nhf.mentor@meander.dev").await;
    let body = app
        .gql(
            Some(&driver),
            "mutation($i: CreateDriverHonorariumInput!) { createDriverHonorarium(input: $i) { id status } }",
            json!({ "i": { "userId": user("nhf.mentor@meander.dev"), "drivenOn": app.date(-3), "distanceKm": 12.5, "amountOre": 4375, "rateOrePerKm": 350 } }),
        )
        .await;
    let id: Uuid = ok(&body)["createDriverHonorarium"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let q = "mutation($id: UUID!, $i: UpdateDriverHonorariumInput!) { updateDriverHonorarium(id: $id, input: $i) { status amountOre } }";
    // Draft -> submitted is the driver's own move.
    let body = app
        .gql(
            Some(&driver),
            q,
            json!({ "id": id, "i": { "status": "SUBMITTED" } }),
        )
        .await;
    assert_eq!(ok(&body)["updateDriverHonorarium"]["status"], "SUBMITTED");
    // Rejected by a coordinator; the driver cannot turn it into approved.
    exec(
        &app,
        "UPDATE driver_honorariums SET status = 'rejected', approved_by_id = ? WHERE id = ?",
        vec![user("nhf.coordinator@meander.dev").into(), id.into()],
    )
    .await;
    let body = app
        .gql(
            Some(&driver),
            q,
            json!({ "id": id, "i": { "status": "APPROVED" } }),
        )
        .await;
    assert_eq!(
        refusal(&body),
        forbidden("status", "status_transition"),
        "{body}"
    );
    let body = app
        .gql(
            Some(&driver),
            q,
            json!({ "id": id, "i": { "amountOre": 9999 } }),
        )
        .await;
    assert_eq!(
        refusal(&body),
        forbidden("amountOre", "decided_row_frozen"),
        "{body}"
    );
    let body = app
        .gql(
            Some(&driver),
            "query($id: UUID!) { driverHonorarium(id: $id) { status amountOre } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        ok(&body)["driverHonorarium"],
        json!({ "status": "REJECTED", "amountOre": 4375 })
    );
}

#[tokio::test]
async fn status_transition_a_mentor_does_not_mark_their_own_home_visit_report_reviewed() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, "nhf.mentor@meander.dev").await;
    let body = app
        .gql(
            Some(&mentor),
            "mutation($i: CreateHomeVisitReportInput!) { createHomeVisitReport(input: $i) { id } }",
            json!({ "i": { "contactId": demo_id("contact", "nhf:astrid-solberg"), "visitDate": app.date(-1), "status": "SUBMITTED" } }),
        )
        .await;
    let id = ok(&body)["createHomeVisitReport"]["id"].clone();
    let q = "mutation($id: UUID!, $i: UpdateHomeVisitReportInput!) { updateHomeVisitReport(id: $id, input: $i) { status reviewedById } }";
    let body = app
        .gql(
            Some(&mentor),
            q,
            json!({ "id": id, "i": { "status": "REVIEWED" } }),
        )
        .await;
    assert_eq!(
        refusal(&body),
        forbidden("status", "status_transition"),
        "{body}"
    );
    // A coordinator who is not the visitor reviews it.
    let coordinator = login(&app, "nhf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            q,
            json!({ "id": id, "i": { "status": "REVIEWED", "reviewedById": user("nhf.coordinator@meander.dev") } }),
        )
        .await;
    assert_eq!(ok(&body)["updateHomeVisitReport"]["status"], "REVIEWED");
}

#[tokio::test]
async fn no_self_review_a_coordinator_does_not_issue_a_certification_to_themselves() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, "nhf.coordinator@meander.dev").await;
    let me = user("nhf.coordinator@meander.dev");
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($i: CreateCertificationInput!) { createCertification(input: $i) { id } }",
            json!({ "i": { "userId": me, "name": "Likeperson", "issuedOn": app.date(-1), "issuedById": me } }),
        )
        .await;
    assert_eq!(
        refusal(&body),
        forbidden("issuedById", "no_self_review"),
        "{body}"
    );
    let count: i64 = app
        .db
        .query_one_raw(Statement::from_sql_and_values(
            app.db.get_database_backend(),
            if app.db.get_database_backend() == sea_orm::DbBackend::Postgres {
                "SELECT COUNT(*) AS n FROM certifications WHERE user_id = $1"
            } else {
                "SELECT COUNT(*) AS n FROM certifications WHERE user_id = ?"
            },
            [me.into()],
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "n")
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn status_transition_a_mentor_does_not_complete_their_own_waitlisted_enrollment() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, "nhf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($i: CreateCourseEnrollmentInput!) { createCourseEnrollment(input: $i) { id } }",
            json!({ "i": { "userId": user("nhf.mentor2@meander.dev"), "courseId": demo_id("course", "nhf-grunnkurs-host"), "enrolledAt": app.now() } }),
        )
        .await;
    let id = ok(&body)["createCourseEnrollment"]["id"].clone();
    let q = "mutation($id: UUID!, $i: UpdateCourseEnrollmentInput!) { updateCourseEnrollment(id: $id, input: $i) { status } }";
    let body = app
        .gql(
            Some(&coordinator),
            q,
            json!({ "id": id, "i": { "status": "WAITLISTED" } }),
        )
        .await;
    assert_eq!(ok(&body)["updateCourseEnrollment"]["status"], "WAITLISTED");
    let mentor = login(&app, "nhf.mentor2@meander.dev").await;
    let body = app
        .gql(
            Some(&mentor),
            q,
            json!({ "id": id, "i": { "status": "COMPLETED" } }),
        )
        .await;
    assert_eq!(
        refusal(&body),
        forbidden("status", "status_transition"),
        "{body}"
    );
    // Cancelling is theirs.
    let body = app
        .gql(
            Some(&mentor),
            q,
            json!({ "id": id, "i": { "status": "CANCELLED" } }),
        )
        .await;
    assert_eq!(ok(&body)["updateCourseEnrollment"]["status"], "CANCELLED");
}

#[tokio::test]
async fn no_self_review_a_coordinator_does_not_approve_their_own_activity() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, "nhf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            "{ activities(first: 1, filter: { status: { eq: PENDING_REVIEW } }) { nodes { id } } }",
            json!({}),
        )
        .await;
    let id: Uuid = ok(&body)["activities"]["nodes"][0]["id"]
        .as_str()
        .expect("a pending activity in the coordinator's associations")
        .parse()
        .unwrap();
    // The coordinator did this activity themselves.
    exec(
        &app,
        "UPDATE activities SET user_id = ? WHERE id = ?",
        vec![user("nhf.coordinator@meander.dev").into(), id.into()],
    )
    .await;
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($id: UUID!) { approveActivity(id: $id) { activity { status } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        refusal(&body),
        forbidden("status", "no_self_review"),
        "{body}"
    );
    // Another decider approves it.
    let admin = login(&app, "nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { approveActivity(id: $id) { activity { status } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        ok(&body)["approveActivity"]["activity"]["status"],
        "APPROVED"
    );
}

#[tokio::test]
async fn decided_row_frozen_a_dispatched_assignment_is_not_readdressed() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, "nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            "{ assignments(first: 1, filter: { status: { in: [DISPATCHED, DELIVERED, READ, ACCEPTED] } }) { nodes { id peerMentorId } } }",
            json!({}),
        )
        .await;
    let row = ok(&body)["assignments"]["nodes"][0].clone();
    assert!(row["id"].is_string(), "a dispatched assignment: {body}");
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($id: UUID!, $m: UUID!) { updateAssignment(id: $id, input: { peerMentorId: $m }) { id } }",
            json!({ "id": row["id"], "m": user("nhf.mentor2@meander.dev") }),
        )
        .await;
    assert_eq!(
        refusal(&body),
        forbidden("peerMentorId", "decided_row_frozen"),
        "{body}"
    );
}

#[tokio::test]
async fn row_in_use_a_location_a_profile_shows_on_the_map_is_not_deleted() {
    let app = TestApp::spawn().await;
    let backend = app.db.get_database_backend();
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT geographic_location_id AS id FROM peer_mentor_profiles \
             WHERE geographic_location_id IS NOT NULL AND deleted_at IS NULL \
             AND organization_id = (SELECT id FROM organizations WHERE slug = 'nhf')",
        ))
        .await
        .unwrap()
        .expect("a demo profile with a map location");
    let id: Uuid = row.try_get("", "id").unwrap();
    let admin = login(&app, "nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { deleteGeographicLocation(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(refusal(&body), forbidden("id", "row_in_use"), "{body}");
    let body = app
        .gql(
            Some(&admin),
            "query($id: UUID!) { geographicLocation(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert!(ok(&body)["geographicLocation"]["id"].is_string(), "{body}");
}

#[tokio::test]
async fn identity_self_or_support_a_shared_users_identity_is_theirs_and_each_organization_edits_only_its_membership()
 {
    let app = TestApp::spawn().await;
    // Ola is a member of NHF and of HLF.
    let ola = user("nhf.mentor@meander.dev");
    let update = "mutation($id: UUID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { firstName lastName phone } }";
    let read = "query($id: UUID!) { user(id: $id) { lastName phone } }";
    let nhf = login(&app, "nhf.admin@meander.dev").await;
    let hlf = app.token("hlf.admin@meander.dev").await;
    let before = app.gql(Some(&nhf), read, json!({ "id": ola })).await;
    let before = ok(&before)["user"].clone();
    // Neither organization's admin rewrites the person they share.
    for token in [&nhf, &hlf] {
        let body = app
            .gql(
                Some(token),
                update,
                json!({ "id": ola, "i": { "lastName": "Kapret", "phone": "99999999" } }),
            )
            .await;
        assert_eq!(
            refusal(&body),
            forbidden("id", "identity_self_or_support"),
            "{body}"
        );
    }
    let body = app.gql(Some(&nhf), read, json!({ "id": ola })).await;
    assert_eq!(ok(&body)["user"], before);
    // The person does.
    let own = login(&app, "nhf.mentor@meander.dev").await;
    let body = app
        .gql(
            Some(&own),
            update,
            json!({ "id": ola, "i": { "phone": "41234567" } }),
        )
        .await;
    assert_eq!(ok(&body)["updateUser"]["phone"], "41234567");
    // Platform support: not without a grant of one of his organizations (NHF's has expired,
    // HLF's was revoked), then under NHF's new grant.
    let global = app.token("admin@meander.dev").await;
    let body = app
        .gql(
            Some(&global),
            update,
            json!({ "id": ola, "i": { "lastName": "Nordmann-Berg" } }),
        )
        .await;
    assert_eq!(refusal(&body).0, "NOT_FOUND", "{body}");
    let grant = app
        .gql(
            Some(&nhf),
            "mutation { grantSupportAccess(input: {reason: \"Ticket: wrong surname\", hours: 2}) { id } }",
            json!({}),
        )
        .await;
    ok(&grant);
    let body = app
        .gql(
            Some(&global),
            update,
            json!({ "id": ola, "i": { "lastName": "Nordmann-Berg" } }),
        )
        .await;
    assert_eq!(ok(&body)["updateUser"]["lastName"], "Nordmann-Berg");
    // What an organization decides about him is its own membership row, and only its own.
    let memberships = "query($u: UUID!) { userOrganizationMemberships(filter: { userId: { eq: $u } }) { nodes { id organizationId } } }";
    let membership_of = |body: &Value| -> Uuid {
        let nodes = ok(body)["userOrganizationMemberships"]["nodes"].clone();
        nodes[0]["id"].as_str().unwrap().parse().unwrap()
    };
    let nhf_membership =
        membership_of(&app.gql(Some(&nhf), memberships, json!({ "u": ola })).await);
    let hlf_membership =
        membership_of(&app.gql(Some(&hlf), memberships, json!({ "u": ola })).await);
    let edit = "mutation($id: UUID!) { updateUserOrganizationMembership(id: $id, input: { isPrimary: true }) { isPrimary } }";
    for (token, own, other) in [
        (&nhf, nhf_membership, hlf_membership),
        (&hlf, hlf_membership, nhf_membership),
    ] {
        let body = app.gql(Some(token), edit, json!({ "id": own })).await;
        assert_eq!(
            ok(&body)["updateUserOrganizationMembership"]["isPrimary"],
            true
        );
        let body = app.gql(Some(token), edit, json!({ "id": other })).await;
        assert_eq!(refusal(&body).0, "NOT_FOUND", "{body}");
    }
}

#[tokio::test]
async fn unique_within_the_organization_another_tenants_keys_answer_no_conflict() {
    let app = TestApp::spawn().await;
    let hlf = app.token("hlf.admin@meander.dev").await;
    let link = "mutation($c: String!) { createReferralLink(input: { code: $c }) { code } }";
    let nhf_storage_key = format!(
        "encrypted/nhf/{}",
        demo_id("blob", "nhf:astrid-fullmakt-skann")
    );
    let document = "mutation($k: String!, $la: UUID!, $o: UUID!) { createEncryptedDocument(input: { localAssociationId: $la, ownerId: $o, documentKind: OTHER, title: \"Skann\", contentType: \"application/pdf\", sizeBytes: 10, storageKey: $k, ciphertextSha256: \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\", keyReference: \"org-key:hlf\", encryptionScheme: \"x25519-xsalsa20-poly1305\" }) { id } }";
    let doc_vars = json!({
        "k": nhf_storage_key,
        "la": demo_id("la", "kristiansand"),
        "o": user("hlf.admin@meander.dev"),
    });
    // NHF's referral code and storage key are free for HLF: no CONFLICT tells HLF they exist.
    let body = app
        .gql(Some(&hlf), link, json!({ "c": "OLA-NHF-2025" }))
        .await;
    assert_eq!(ok(&body)["createReferralLink"]["code"], "OLA-NHF-2025");
    let body = app.gql(Some(&hlf), document, doc_vars.clone()).await;
    ok(&body);
    // A peer mentor's own code, likewise (Eva takes Anne's from Blindeforbundet).
    let eva = app.token("hlf.mentor@meander.dev").await;
    let profile = app
        .gql(
            Some(&eva),
            "query($u: UUID!) { peerMentorProfiles(filter: { userId: { eq: $u } }) { nodes { id } } }",
            json!({ "u": user("hlf.mentor@meander.dev") }),
        )
        .await;
    let profile = ok(&profile)["peerMentorProfiles"]["nodes"][0]["id"].clone();
    let details = "mutation($id: UUID!, $c: String!) { updatePeerMentorDetails(profileId: $id, input: { referralCode: $c }) { profile { referralCode } } }";
    let body = app
        .gql(
            Some(&eva),
            details,
            json!({ "id": profile, "c": "ANNE-TRD-01" }),
        )
        .await;
    assert_eq!(
        ok(&body)["updatePeerMentorDetails"]["profile"]["referralCode"],
        "ANNE-TRD-01"
    );
    // Within the organization the keys stay unique.
    for (query, vars) in [(link, json!({ "c": "OLA-NHF-2025" })), (document, doc_vars)] {
        let body = app.gql(Some(&hlf), query, vars).await;
        assert_eq!(refusal(&body).0, "CONFLICT", "{body}");
    }
}
