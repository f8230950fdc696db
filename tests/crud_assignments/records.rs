//! The append-only trail tables, tenant isolation, encrypted documents and powers of attorney.

use super::*;

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
