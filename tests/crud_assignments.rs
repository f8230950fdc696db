//! Generic CRUD through GraphQL on the assignments tables: assignment round trips as a
//! coordinator, the recipient-only encrypted payload (with its consent gate and first-read
//! receipt), mentor and coordinator row scopes, the append-only dispatch trail, encrypted
//! document metadata and powers of attorney, and other tenants' rows answering null.

use crate::common;

use common::{TestApp, demo_id, error_code};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use uuid::Uuid;

const COORDINATOR: &str = "nhf.coordinator@meander.dev"; // NHF Oslo and Bærum
const BERGEN_COORDINATOR: &str = "nhf.coordinator.bergen@meander.dev";
const MENTOR: &str = "nhf.mentor@meander.dev"; // NHF Oslo
const MENTOR2: &str = "nhf.mentor2@meander.dev"; // NHF Oslo
const BERGEN_MENTOR: &str = "nhf.mentor.bergen@meander.dev";

const CREATE_ASSIGNMENT: &str = "mutation($i: CreateAssignmentInput!) { createAssignment(input: $i) { id organizationId status priority title createdById peerMentor { firstName } coordinator { firstName } contact { firstName } } }";

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

fn assignment(key: &str) -> Uuid {
    demo_id("assignment", key)
}

fn ok(body: &Value) {
    assert!(body["errors"].is_null(), "{body}");
}

fn rule(body: &Value) -> (&str, &str) {
    let ext = &body["errors"][0]["extensions"];
    (
        ext["field"].as_str().unwrap_or(""),
        ext["rule"].as_str().unwrap_or(""),
    )
}

fn draft(title: &str, mentor: &str) -> Value {
    json!({
        "localAssociationId": demo_id("la", "oslo"),
        "coordinatorId": user(COORDINATOR),
        "peerMentorId": user(mentor),
        "title": title,
        "ciphertext": "q83vEjRWeJASNFZ4kKvN7w==",
        "keyReference": format!("mentor-key:{mentor}:v1"),
        "encryptionScheme": "x25519-xsalsa20-poly1305",
    })
}

async fn receipts(app: &TestApp, assignment: Uuid, reader: Uuid) -> u64 {
    use entity::assignment_read_receipts as r;
    r::Entity::find()
        .filter(r::Column::AssignmentId.eq(assignment))
        .filter(r::Column::UserId.eq(reader))
        .count(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn assignment_round_trip_as_coordinator_create_read_update_list_paginate_delete() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let mut ids = Vec::new();
    for title in ["Oppdrag A", "Oppdrag B", "Oppdrag C"] {
        let mut input = draft(title, MENTOR2);
        input["contactId"] = json!(demo_id("contact", "nhf:jonas-haugen"));
        input["dueDate"] = json!("2026-12-31");
        let body = app
            .gql(Some(&coord), CREATE_ASSIGNMENT, json!({ "i": input }))
            .await;
        ok(&body);
        let a = &body["data"]["createAssignment"];
        // New assignments are drafts in the viewer's organization, whatever the input.
        assert_eq!(a["organizationId"], json!(demo_id("org", "nhf")));
        assert_eq!(a["status"], "DRAFT");
        assert_eq!(a["priority"], "NORMAL");
        assert_eq!(a["createdById"], json!(user(COORDINATOR)));
        assert_eq!(a["peerMentor"]["firstName"], "Ingrid");
        assert_eq!(a["coordinator"]["firstName"], "Kari");
        assert_eq!(a["contact"]["firstName"], "Jonas");
        ids.push(a["id"].as_str().unwrap().to_string());
    }

    // Read back by id; the coordinator never reads the payload.
    let body = app
        .gql(
            Some(&coord),
            "query($id: UUID!) { assignment(id: $id) { title keyReference ciphertext } }",
            json!({ "id": ids[1] }),
        )
        .await;
    assert_eq!(body["data"]["assignment"]["title"], "Oppdrag B");
    assert!(body["data"]["assignment"]["ciphertext"].is_null());
    assert_eq!(error_code(&body), "FORBIDDEN");
    assert_eq!(
        body["errors"][0]["path"],
        json!(["assignment", "ciphertext"])
    );

    // Update: omitted fields stay, null clears an optional field.
    let body = app
        .gql(
            Some(&coord),
            "mutation($id: UUID!) { updateAssignment(id: $id, input: {priority: URGENT, dueDate: null, title: \"Oppdrag B (haster)\"}) { title priority dueDate status } }",
            json!({ "id": ids[1] }),
        )
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["updateAssignment"],
        json!({ "title": "Oppdrag B (haster)", "priority": "URGENT", "dueDate": null, "status": "DRAFT" })
    );

    // List with a filter and an ordering, forwards then backwards by cursor.
    let list = "query($after: String, $before: String, $first: Int, $last: Int, $m: UUID!) { assignments(first: $first, after: $after, last: $last, before: $before, filter: {peerMentorId: {eq: $m}, status: {eq: DRAFT}, title: {startsWith: \"Oppdrag\"}}, orderBy: {field: CREATED_AT, direction: DESC}) { totalCount pageInfo { hasNextPage startCursor endCursor } nodes { id } } }";
    let m = user(MENTOR2);
    let page1 = app
        .gql(Some(&coord), list, json!({ "first": 2, "m": m }))
        .await;
    ok(&page1);
    let conn = &page1["data"]["assignments"];
    assert_eq!(conn["totalCount"], 3);
    assert_eq!(conn["nodes"], json!([{ "id": ids[2] }, { "id": ids[1] }]));
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    let page2 = app
        .gql(
            Some(&coord),
            list,
            json!({ "first": 2, "after": conn["pageInfo"]["endCursor"], "m": m }),
        )
        .await;
    assert_eq!(
        page2["data"]["assignments"]["nodes"],
        json!([{ "id": ids[0] }])
    );
    let back = app
        .gql(
            Some(&coord),
            list,
            json!({ "last": 1, "before": page2["data"]["assignments"]["pageInfo"]["startCursor"], "m": m }),
        )
        .await;
    assert_eq!(
        back["data"]["assignments"]["nodes"],
        json!([{ "id": ids[1] }])
    );

    // Delete, then by id null and a second delete finds nothing.
    let delete = "mutation($id: UUID!) { deleteAssignment(id: $id) { id } }";
    ok(&app.gql(Some(&coord), delete, json!({ "id": ids[0] })).await);
    let body = app
        .gql(
            Some(&coord),
            "query($id: UUID!) { assignment(id: $id) { id } }",
            json!({ "id": ids[0] }),
        )
        .await;
    assert!(
        body["errors"].is_null() && body["data"]["assignment"].is_null(),
        "{body}"
    );
    let body = app.gql(Some(&coord), delete, json!({ "id": ids[0] })).await;
    assert_eq!(error_code(&body), "NOT_FOUND");
}

#[tokio::test]
async fn assignment_input_rules_and_references_are_checked() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let mut not_base64 = draft("X", MENTOR);
    not_base64["ciphertext"] = json!("ikke base64!");
    let mut blank = draft(" ", MENTOR);
    blank["title"] = json!(" ");
    // A mentor of another local association is not a user the coordinator can name.
    let foreign_mentor = draft("X", BERGEN_MENTOR);
    for (input, expected) in [
        (not_base64, ("ciphertext", "ciphertext_base64")),
        (blank, ("title", "required_fields")),
        (foreign_mentor, ("peerMentorId", "reference_in_scope")),
    ] {
        let body = app
            .gql(Some(&coord), CREATE_ASSIGNMENT, json!({ "i": input }))
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(rule(&body), expected);
    }
    // Peer mentors never create assignments.
    let mentor = app.token(MENTOR).await;
    let mut own = draft("X", MENTOR);
    own["coordinatorId"] = json!(user(MENTOR));
    let body = app
        .gql(Some(&mentor), CREATE_ASSIGNMENT, json!({ "i": own }))
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn peer_mentor_sees_dispatched_assignments_to_them_never_drafts_or_others() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let mentor = app.token(MENTOR).await;
    let mut own = draft("X", MENTOR);
    own["coordinatorId"] = json!(user(MENTOR));
    let body = app
        .gql(
            Some(&coord),
            CREATE_ASSIGNMENT,
            json!({ "i": draft("Utkast", MENTOR) }),
        )
        .await;
    ok(&body);
    let draft_id = body["data"]["createAssignment"]["id"].clone();
    let q = "query($id: UUID!) { assignment(id: $id) { title status dispatches { totalCount nodes { toStatus } } } }";
    // A draft addressed to the mentor is not theirs to see yet.
    let body = app.gql(Some(&mentor), q, json!({ "id": draft_id })).await;
    assert!(
        body["errors"].is_null() && body["data"]["assignment"].is_null(),
        "{body}"
    );
    // The assignment delivered to them is, with its whole trail (Ola has not consented to
    // encrypted assignments, so he has neither opened nor accepted it).
    let body = app
        .gql(
            Some(&mentor),
            q,
            json!({ "id": assignment("nhf:astrid-besok") }),
        )
        .await;
    ok(&body);
    assert_eq!(body["data"]["assignment"]["status"], "DELIVERED");
    assert_eq!(
        body["data"]["assignment"]["dispatches"]["nodes"],
        json!([{ "toStatus": "DISPATCHED" }, { "toStatus": "DELIVERED" }])
    );
    // Another mentor's assignment is invisible, in lists and by id.
    let body = app
        .gql(
            Some(&mentor),
            q,
            json!({ "id": assignment("nhf:silje-oppfolging") }),
        )
        .await;
    assert!(body["data"]["assignment"].is_null(), "{body}");
    let body = app
        .gql(Some(&mentor), "{ assignments(first: 100) { nodes { peerMentorId status } } assignmentDispatches(first: 100) { nodes { assignment { peerMentorId } } } }", json!({}))
        .await;
    ok(&body);
    for n in body["data"]["assignments"]["nodes"].as_array().unwrap() {
        assert_eq!(n["peerMentorId"], json!(user(MENTOR)));
        assert_ne!(n["status"], "DRAFT");
    }
    for n in body["data"]["assignmentDispatches"]["nodes"]
        .as_array()
        .unwrap()
    {
        assert_eq!(n["assignment"]["peerMentorId"], json!(user(MENTOR)));
    }
    // Mentors read assignments but do not change them.
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { updateAssignment(id: $id, input: {title: \"x\"}) { id } }",
            json!({ "id": assignment("nhf:astrid-besok") }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn only_the_consenting_recipient_reads_the_payload_once_opened_and_reading_writes_nothing() {
    let app = TestApp::spawn().await;
    let id = assignment("nhf:silje-oppfolging"); // dispatched to the Bergen mentor, unread
    let reader = user(BERGEN_MENTOR);
    let q = "query($id: UUID!) { assignment(id: $id) { title ciphertext } }";
    let mentor = app.token(BERGEN_MENTOR).await;
    // Without consent to encrypted assignments on the profile: the row, but no payload.
    let body = app.gql(Some(&mentor), q, json!({ "id": id })).await;
    assert_eq!(
        body["data"]["assignment"]["title"],
        "Oppfølgingssamtale, Bergen sentrum"
    );
    assert!(body["data"]["assignment"]["ciphertext"].is_null(), "{body}");
    assert_eq!(error_code(&body), "FORBIDDEN");
    assert_eq!(receipts(&app, id, reader).await, 0);

    use entity::peer_mentor_profiles as profiles;
    profiles::Entity::update_many()
        .col_expr(
            profiles::Column::AcceptsEncryptedAssignments,
            Expr::value(true),
        )
        .filter(profiles::Column::UserId.eq(reader))
        .exec(&app.db)
        .await
        .unwrap();
    // Consent alone is not enough: the read is recorded by openAssignment, not by the field.
    let body = app.gql(Some(&mentor), q, json!({ "id": id })).await;
    assert!(body["data"]["assignment"]["ciphertext"].is_null(), "{body}");
    assert_eq!(error_code(&body), "FORBIDDEN");
    assert_eq!(receipts(&app, id, reader).await, 0);
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { openAssignment(id: $id, devicePlatform: \"android\") { firstOpen } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    assert_eq!(body["data"]["openAssignment"]["firstOpen"], true);
    for _ in 0..2 {
        let body = app.gql(Some(&mentor), q, json!({ "id": id })).await;
        ok(&body);
        assert!(
            body["data"]["assignment"]["ciphertext"]
                .as_str()
                .unwrap()
                .len()
                > 100
        );
    }
    // One receipt, however often the payload is read; the mentor sees it.
    assert_eq!(receipts(&app, id, reader).await, 1);
    let body = app
        .gql(
            Some(&mentor),
            "query($id: UUID!) { assignment(id: $id) { readReceipts { totalCount nodes { userId } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        body["data"]["assignment"]["readReceipts"]["totalCount"], 1,
        "{body}"
    );

    // The coordinator of the assignment sees the row and the receipt, never the payload.
    let coord = app.token(BERGEN_COORDINATOR).await;
    let body = app
        .gql(
            Some(&coord),
            "query($id: UUID!) { assignment(id: $id) { ciphertext readReceipts { totalCount } } }",
            json!({ "id": id }),
        )
        .await;
    assert!(body["data"]["assignment"]["ciphertext"].is_null());
    assert_eq!(body["data"]["assignment"]["readReceipts"]["totalCount"], 1);
    assert_eq!(error_code(&body), "FORBIDDEN");
}

#[tokio::test]
async fn coordinators_reach_the_assignments_and_trails_of_their_local_associations() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let body = app
        .gql(
            Some(&coord),
            "{ assignments(first: 100) { nodes { localAssociation { name } } } assignmentDispatches(first: 100) { totalCount nodes { assignment { localAssociation { name } } } } assignmentConsents(first: 100) { nodes { decision } } }",
            json!({}),
        )
        .await;
    ok(&body);
    let assignments = body["data"]["assignments"]["nodes"].as_array().unwrap();
    assert!(!assignments.is_empty());
    for n in assignments {
        assert_eq!(n["localAssociation"]["name"], "NHF Oslo");
    }
    // The Oslo trail: astrid-besok's two steps (the Oslo draft has none), and no answer yet.
    assert_eq!(body["data"]["assignmentDispatches"]["totalCount"], 2);
    assert_eq!(body["data"]["assignmentConsents"]["nodes"], json!([]));
    // Bergen's assignment answers null by id.
    let body = app
        .gql(
            Some(&coord),
            "query($id: UUID!) { assignment(id: $id) { id } }",
            json!({ "id": assignment("nhf:silje-oppfolging") }),
        )
        .await;
    assert!(body["data"]["assignment"].is_null(), "{body}");
}

#[tokio::test]
async fn dispatches_read_receipts_and_consents_are_append_only() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    // No update or delete mutation exists for the append-only tables.
    for mutation in [
        "updateAssignmentDispatch",
        "deleteAssignmentDispatch",
        "deleteAssignmentReadReceipt",
        "updateAssignmentConsent",
    ] {
        let body = app
            .gql(
                Some(&admin),
                &format!(
                    "mutation {{ {mutation}(id: \"{}\") {{ id }} }}",
                    Uuid::new_v4()
                ),
                json!({}),
            )
            .await;
        assert!(!body["errors"].is_null(), "{mutation}: {body}");
    }
    // The org admin reads every trail of the organization, ordered.
    let body = app
        .gql(
            Some(&admin),
            "{ assignmentDispatches(first: 100, filter: {toStatus: {eq: DISPATCHED}}, orderBy: {field: OCCURRED_AT}) { totalCount nodes { outcome assignment { title } } } assignmentReadReceipts { totalCount } }",
            json!({}),
        )
        .await;
    ok(&body);
    // NHF: two assignments were dispatched (the Oslo draft was not).
    assert_eq!(body["data"]["assignmentDispatches"]["totalCount"], 2);
    // No NHF recipient has opened one: none consents to encrypted payloads.
    assert_eq!(body["data"]["assignmentReadReceipts"]["totalCount"], 0);
}

#[tokio::test]
async fn another_organizations_assignment_rows_answer_null_by_id() {
    let app = TestApp::spawn().await;
    let hlf = app.token("hlf.admin@meander.dev").await;
    for (field, id) in [
        ("assignment", assignment("nhf:astrid-besok")),
        (
            "assignmentDispatch",
            demo_id("assignment_dispatch", "nhf:astrid-besok:0"),
        ),
        (
            "assignmentReadReceipt",
            demo_id(
                "assignment_read_receipt",
                "blindeforbundet:kjell-forstegang",
            ),
        ),
        (
            "assignmentConsent",
            demo_id("assignment_consent", "blindeforbundet:kjell-forstegang"),
        ),
        (
            "encryptedDocument",
            demo_id("encrypted_document", "nhf:astrid-fullmakt-skann"),
        ),
        (
            "poaDocument",
            demo_id("poa_document", "nhf:astrid-fullmakt"),
        ),
    ] {
        let body = app
            .gql(
                Some(&hlf),
                &format!("query($id: UUID!) {{ {field}(id: $id) {{ id }} }}"),
                json!({ "id": id }),
            )
            .await;
        assert!(
            body["errors"].is_null() && body["data"][field].is_null(),
            "{field}: {body}"
        );
    }
    // Nested from HLF's own rows, NHF never appears either.
    let body = app
        .gql(
            Some(&hlf),
            "{ assignments(first: 100) { nodes { organizationId dispatches { nodes { organizationId } } } } }",
            json!({}),
        )
        .await;
    ok(&body);
    let hlf_id = json!(demo_id("org", "hlf"));
    for a in body["data"]["assignments"]["nodes"].as_array().unwrap() {
        assert_eq!(a["organizationId"], hlf_id);
        for d in a["dispatches"]["nodes"].as_array().unwrap() {
            assert_eq!(d["organizationId"], hlf_id);
        }
    }
}

#[tokio::test]
async fn encrypted_documents_and_powers_of_attorney_round_trip() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let mentor = app.token(MENTOR).await;
    let mentor2 = app.token(MENTOR2).await;
    let astrid = demo_id("contact", "nhf:astrid-solberg");
    let body = app
        .gql(
            Some(&coord),
            "mutation($i: CreateEncryptedDocumentInput!) { createEncryptedDocument(input: $i) { id documentKind sizeBytes owner { firstName } } }",
            json!({ "i": {
                "localAssociationId": demo_id("la", "oslo"),
                "ownerId": user(COORDINATOR),
                "contactId": astrid,
                "documentKind": "MEDICAL_RECORD",
                "title": "Legeerklæring",
                "contentType": "application/pdf",
                "sizeBytes": 48213,
                "storageKey": "encrypted/nhf/legeerklaering-1",
                "ciphertextSha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "keyReference": "org-key:nhf:2026",
                "encryptionScheme": "x25519-xsalsa20-poly1305",
            } }),
        )
        .await;
    ok(&body);
    let doc = body["data"]["createEncryptedDocument"]["id"].clone();
    assert_eq!(
        body["data"]["createEncryptedDocument"]["owner"]["firstName"],
        "Kari"
    );
    // The storage key is write-only: not a field of the type.
    let body = app
        .gql(
            Some(&coord),
            "query($id: UUID!) { encryptedDocument(id: $id) { storageKey } }",
            json!({ "id": doc }),
        )
        .await;
    assert!(!body["errors"].is_null(), "{body}");
    let body = app
        .gql(
            Some(&coord),
            "mutation($i: CreateEncryptedDocumentInput!) { createEncryptedDocument(input: $i) { id } }",
            json!({ "i": {
                "localAssociationId": demo_id("la", "oslo"), "ownerId": user(COORDINATOR),
                "documentKind": "OTHER", "title": "X", "contentType": "text/plain", "sizeBytes": 1,
                "storageKey": "k", "ciphertextSha256": "NOT-HEX", "keyReference": "k", "encryptionScheme": "s",
            } }),
        )
        .await;
    assert_eq!(rule(&body), ("ciphertextSha256", "sha256_format"));

    // A power of attorney managed by the mentor, with the encrypted scan attached.
    let body = app
        .gql(
            Some(&coord),
            "mutation($i: CreatePoaDocumentInput!) { createPoaDocument(input: $i) { id status format managedBy { firstName } encryptedDocument { title } } }",
            json!({ "i": {
                "localAssociationId": demo_id("la", "oslo"),
                "managedById": user(MENTOR),
                "contactId": astrid,
                "encryptedDocumentId": doc,
                "documentType": "MEDICAL_RECORD",
                "format": "SCANNED",
                "title": "Legeerklæring 2026",
                "validFrom": "2026-01-01",
                "validUntil": "2026-12-31",
            } }),
        )
        .await;
    ok(&body);
    let poa = &body["data"]["createPoaDocument"];
    assert_eq!(poa["status"], "ACTIVE");
    assert_eq!(poa["managedBy"]["firstName"], "Ola");
    assert_eq!(poa["encryptedDocument"]["title"], "Legeerklæring");
    let poa_id = poa["id"].clone();
    // The managing mentor reads and updates it; another mentor does not see it.
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { updatePoaDocument(id: $id, input: {scopeDescription: \"Kontakt med fastlege\"}) { scopeDescription } }",
            json!({ "id": poa_id }),
        )
        .await;
    ok(&body);
    let body = app
        .gql(
            Some(&mentor2),
            "query($id: UUID!) { poaDocument(id: $id) { id } }",
            json!({ "id": poa_id }),
        )
        .await;
    assert!(body["data"]["poaDocument"].is_null(), "{body}");
    // The coordinator lists by validity and deletes.
    let body = app
        .gql(
            Some(&coord),
            "{ poaDocuments(filter: {validUntil: {gte: \"2026-06-01\"}, status: {eq: ACTIVE}}, orderBy: {field: VALID_UNTIL, direction: DESC}) { totalCount nodes { title } } }",
            json!({}),
        )
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["poaDocuments"]["nodes"][0]["title"],
        "Fullmakt NAV og kommunen"
    );
    assert_eq!(body["data"]["poaDocuments"]["totalCount"], 2);
    for (m, id) in [
        ("deletePoaDocument", &poa_id),
        ("deleteEncryptedDocument", &doc),
    ] {
        let body = app
            .gql(
                Some(&coord),
                &format!("mutation($id: UUID!) {{ {m}(id: $id) {{ id }} }}"),
                json!({ "id": id }),
            )
            .await;
        ok(&body);
    }
    let body = app
        .gql(
            Some(&coord),
            "query($id: UUID!) { encryptedDocument(id: $id) { id } }",
            json!({ "id": doc }),
        )
        .await;
    assert!(body["data"]["encryptedDocument"].is_null());
}
