//! CRUD over GraphQL for the content, sync and sales tables: resource links, FAQ entries, the
//! offline sync queue and id mappings, demo requests; row scopes and tenant isolation.

use crate::common;

use common::{TestApp, demo_id, error_code, ok, walk_both_ways};
use serde_json::json;

#[tokio::test]
async fn org_admin_creates_reads_updates_lists_and_deletes_resource_links() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let created = ok(
        &app,
        &admin,
        "mutation($i: CreateResourceLinkInput!) { createResourceLink(input: $i) { id title audience sortOrder isPublished organization { slug } } }",
        json!({ "i": { "title": "Lovdata: diskrimineringsloven", "url": "https://lovdata.no/lov/2017-06-16-51", "category": "Rettigheter", "sortOrder": 5 } }),
    )
    .await;
    let row = &created["createResourceLink"];
    assert_eq!(row["audience"], "EVERYONE");
    assert_eq!(row["organization"]["slug"], "nhf");
    let id = row["id"].as_str().unwrap().to_string();
    let q = "query($id: UUID!) { resourceLink(id: $id) { title sortOrder audience } }";
    let updated = ok(
        &app,
        &admin,
        "mutation($id: UUID!) { updateResourceLink(id: $id, input: { sortOrder: 1, audience: PEER_MENTORS }) { sortOrder audience } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(updated["updateResourceLink"]["sortOrder"], 1);
    let read = ok(&app, &admin, q, json!({ "id": id })).await;
    assert_eq!(read["resourceLink"]["audience"], "PEER_MENTORS");

    let rights = walk_both_ways(
        &app,
        &admin,
        "resourceLinks",
        ("ResourceLinkFilter", "ResourceLinkOrderBy"),
        json!({ "category": { "eq": "Rettigheter" } }),
        json!({ "field": "SORT_ORDER", "direction": "DESC" }),
    )
    .await;
    assert_eq!(
        rights,
        vec![
            id.clone(),
            demo_id("resource_link", "nhf-rettigheter").to_string()
        ]
    );
    let all = walk_both_ways(
        &app,
        &admin,
        "resourceLinks",
        ("ResourceLinkFilter", "ResourceLinkOrderBy"),
        json!({}),
        json!({ "field": "CATEGORY" }),
    )
    .await;
    assert_eq!(all.len(), 4);

    let bad = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updateResourceLink(id: $id, input: { url: \"javascript: alert(1)\" }) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        bad["errors"][0]["extensions"]["rule"], "url_format",
        "{bad}"
    );

    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteResourceLink(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(&app, &admin, q, json!({ "id": id })).await;
    assert!(gone["resourceLink"].is_null());
}

#[tokio::test]
async fn faq_entries_are_edited_by_org_admins_and_read_by_peer_mentors() {
    let app = TestApp::spawn().await;
    let admin = app.token("blind.admin@meander.dev").await;
    let created = ok(
        &app,
        &admin,
        "mutation { createFaqEntry(input: { question: \"Kan jeg ha med ledsager?\", answer: \"Ja, ledsager kan være med på hjemmebesøk etter avtale.\", category: \"Oppdrag\", sortOrder: 1 }) { id locale isPublished } }",
        json!({}),
    )
    .await;
    let id = created["createFaqEntry"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(created["createFaqEntry"]["locale"], "nb-NO");
    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { updateFaqEntry(id: $id, input: { answer: \"Ja, etter avtale med koordinator.\" }) { answer } }",
        json!({ "id": id }),
    )
    .await;
    let bad = app
        .gql(
            Some(&admin),
            "mutation { createFaqEntry(input: { question: \"   \", answer: \"svar\" }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["rule"], "required_fields");

    let mentor = app.token("blind.mentor@meander.dev").await;
    let oppdrag = walk_both_ways(
        &app,
        &mentor,
        "faqEntries",
        ("FaqEntryFilter", "FaqEntryOrderBy"),
        json!({ "category": { "eq": "Oppdrag" } }),
        json!({ "field": "SORT_ORDER" }),
    )
    .await;
    assert_eq!(
        oppdrag,
        vec![demo_id("faq", "blind-oppdrag").to_string(), id.clone()]
    );
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { updateFaqEntry(id: $id, input: { answer: \"Nei\" }) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");
    // Coordinators read but do not write either.
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let d = ok(
        &app,
        &coordinator,
        "{ faqEntries { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(d["faqEntries"]["totalCount"], 3);

    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteFaqEntry(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(
        &app,
        &mentor,
        "query($id: UUID!) { faqEntry(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(gone["faqEntry"].is_null());
}

#[tokio::test]
async fn peer_mentor_records_offline_replays_and_id_mappings_of_their_own() {
    let app = TestApp::spawn().await;
    let mentor = app.token("nhf.mentor2@meander.dev").await;
    let entry = ok(
        &app,
        &mentor,
        "mutation($i: CreateOfflineSyncQueueEntryInput!) { createOfflineSyncQueueEntry(input: $i) { id status attemptCount user { firstName } } }",
        json!({ "i": {
            "deviceId": "moto-g54", "clientMutationId": "m-0001", "operation": "CREATE",
            "entityType": "activities", "clientEntityId": "tmp-aa01",
            "payload": { "durationMinutes": 30 }, "queuedAt": "2026-11-20T08:15:00Z"
        } }),
    )
    .await;
    let e = &entry["createOfflineSyncQueueEntry"];
    assert_eq!(e["status"], "PENDING");
    assert_eq!(e["attemptCount"], 1);
    assert_eq!(e["user"]["firstName"], "Ingrid");
    let entry_id = e["id"].as_str().unwrap().to_string();
    ok(
        &app,
        &mentor,
        "mutation { createOfflineSyncQueueEntry(input: { deviceId: \"moto-g54\", clientMutationId: \"m-0002\", operation: UPDATE, entityType: \"activities\", entityId: \"0192f2a4-0000-7000-8000-000000000001\", payload: {}, queuedAt: \"2026-11-20T08:20:00Z\" }) { id } }",
        json!({}),
    )
    .await;
    let mapping = ok(
        &app,
        &mentor,
        "mutation($e: UUID!) { createOfflineIdMapping(input: { deviceId: \"moto-g54\", entityType: \"activities\", clientId: \"tmp-aa01\", serverId: \"0192f2a4-0000-7000-8000-000000000001\", syncQueueEntryId: $e }) { id syncQueueEntry { id } } }",
        json!({ "e": entry_id }),
    )
    .await;
    assert_eq!(
        mapping["createOfflineIdMapping"]["syncQueueEntry"]["id"],
        entry_id
    );
    let nested = ok(
        &app,
        &mentor,
        "query($id: UUID!) { offlineSyncQueueEntry(id: $id) { idMappings { totalCount nodes { clientId } } } }",
        json!({ "id": entry_id }),
    )
    .await;
    assert_eq!(
        nested["offlineSyncQueueEntry"]["idMappings"]["nodes"][0]["clientId"],
        "tmp-aa01"
    );

    let pending = walk_both_ways(
        &app,
        &mentor,
        "offlineSyncQueue",
        (
            "OfflineSyncQueueEntryFilter",
            "OfflineSyncQueueEntryOrderBy",
        ),
        json!({ "status": { "eq": "PENDING" }, "deviceId": { "eq": "moto-g54" } }),
        json!({ "field": "CREATED_AT", "direction": "DESC" }),
    )
    .await;
    assert_eq!(pending.len(), 2);
    assert_eq!(pending[1], entry_id);

    // The record is the server's: the client cannot rewrite or delete it.
    for m in [
        "mutation($id: UUID!) { updateOfflineSyncQueueEntry(id: $id, input: { status: APPLIED }) { id } }",
        "mutation($id: UUID!) { deleteOfflineSyncQueueEntry(id: $id) { id } }",
    ] {
        let body = app.gql(Some(&mentor), m, json!({ "id": entry_id })).await;
        assert!(!body["errors"].is_null(), "{m}");
    }
    // Another user's queue entry cannot be referenced from a mapping.
    let body = app
        .gql(
            Some(&mentor),
            "mutation($e: UUID!) { createOfflineIdMapping(input: { deviceId: \"moto-g54\", entityType: \"activities\", clientId: \"tmp-zz\", serverId: \"0192f2a4-0000-7000-8000-000000000002\", syncQueueEntryId: $e }) { id } }",
            json!({ "e": demo_id("offline_queue", "nhf.mentor-1") }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["rule"], "reference_in_scope",
        "{body}"
    );
}

#[tokio::test]
async fn offline_sync_records_are_private_to_their_user_whatever_the_role() {
    let app = TestApp::spawn().await;
    let q = "query($e: UUID!, $m: UUID!) { offlineSyncQueueEntry(id: $e) { id } offlineIdMapping(id: $m) { id }
        offlineSyncQueue { totalCount } offlineIdMappings { totalCount } }";
    let vars = json!({ "e": demo_id("offline_queue", "nhf.mentor-1"), "m": demo_id("offline_mapping", "nhf.mentor-1") });
    for email in [
        "nhf.admin@meander.dev",
        "nhf.coordinator@meander.dev",
        "nhf.mentor2@meander.dev",
    ] {
        let token = app.token(email).await;
        let d = ok(&app, &token, q, vars.clone()).await;
        assert!(d["offlineSyncQueueEntry"].is_null(), "{email}");
        assert!(d["offlineIdMapping"].is_null(), "{email}");
        assert_eq!(d["offlineSyncQueue"]["totalCount"], 0, "{email}");
    }
    let owner = app.token("nhf.mentor@meander.dev").await;
    let d = ok(&app, &owner, q, vars).await;
    assert!(!d["offlineSyncQueueEntry"].is_null() && !d["offlineIdMapping"].is_null());
    assert_eq!(d["offlineSyncQueue"]["totalCount"], 2);
    assert_eq!(d["offlineIdMappings"]["totalCount"], 1);
}

#[tokio::test]
async fn demo_requests_belong_to_global_admins_only() {
    let app = TestApp::spawn().await;
    let admin = app.token("admin@meander.dev").await;
    let created = ok(
        &app,
        &admin,
        "mutation($i: CreateDemoRequestInput!) { createDemoRequest(input: $i) { id status consentToContact assignedTo { firstName } } }",
        json!({ "i": {
            "organizationName": "Cerebral Parese-foreningen", "contactName": "Trine Haugen",
            "contactEmail": "trine.haugen@cp.example", "consentToContact": true,
            "estimatedPeerMentors": 40, "assignedToUserId": demo_id("user", "admin@meander.dev")
        } }),
    )
    .await;
    let r = &created["createDemoRequest"];
    assert_eq!(r["status"], "NEW");
    assert_eq!(r["assignedTo"]["firstName"], "Gunn");
    let id = r["id"].as_str().unwrap().to_string();
    let d = ok(
        &app,
        &admin,
        "mutation($id: UUID!) { updateDemoRequest(id: $id, input: { status: SCHEDULED, scheduledAt: \"2026-12-02T09:00:00Z\" }) { status scheduledAt } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(d["updateDemoRequest"]["status"], "SCHEDULED");
    let scheduled = walk_both_ways(
        &app,
        &admin,
        "demoRequests",
        ("DemoRequestFilter", "DemoRequestOrderBy"),
        json!({ "status": { "eq": "SCHEDULED" } }),
        json!({ "field": "CREATED_AT", "direction": "DESC" }),
    )
    .await;
    assert_eq!(
        scheduled,
        vec![
            id.clone(),
            demo_id("demo_request", "barnekreft").to_string()
        ]
    );
    let converted = ok(
        &app,
        &admin,
        "query($id: UUID!) { demoRequest(id: $id) { convertedOrganization { slug } } }",
        json!({ "id": demo_id("demo_request", "hlf") }),
    )
    .await;
    assert_eq!(
        converted["demoRequest"]["convertedOrganization"]["slug"],
        "hlf"
    );
    let bad = app
        .gql(
            Some(&admin),
            "mutation { createDemoRequest(input: { organizationName: \"X\", contactName: \"Y\", contactEmail: \"not-an-email\" }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["rule"], "email_format");

    // Tenant roles never see sales data, not even by id.
    for email in [
        "nhf.admin@meander.dev",
        "hlf.coordinator@meander.dev",
        "hlf.mentor@meander.dev",
    ] {
        let token = app.token(email).await;
        let body = app
            .gql(
                Some(&token),
                "query($id: UUID!) { demoRequest(id: $id) { id } }",
                json!({ "id": id }),
            )
            .await;
        assert!(body["data"]["demoRequest"].is_null(), "{email}: {body}");
        let body = app
            .gql(Some(&token), "{ demoRequests { totalCount } }", json!({}))
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{email}");
    }

    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteDemoRequest(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(
        &app,
        &admin,
        "query($id: UUID!) { demoRequest(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(gone["demoRequest"].is_null());
}

#[tokio::test]
async fn another_organizations_content_by_id_is_null_not_forbidden() {
    let app = TestApp::spawn().await;
    let mentor = app.token("hlf.mentor@meander.dev").await;
    let q = "query($l: UUID!, $f: UUID!) { resourceLink(id: $l) { id } faqEntry(id: $f) { id } }";
    let foreign = ok(
        &app,
        &mentor,
        q,
        json!({ "l": demo_id("resource_link", "nhf-rettigheter"), "f": demo_id("faq", "blind-oppdrag") }),
    )
    .await;
    assert!(foreign["resourceLink"].is_null() && foreign["faqEntry"].is_null());
    let own = ok(
        &app,
        &mentor,
        q,
        json!({ "l": demo_id("resource_link", "hlf-min-side"), "f": demo_id("faq", "hlf-min-side") }),
    )
    .await;
    assert!(!own["resourceLink"].is_null() && !own["faqEntry"].is_null());
    let d = ok(
        &app,
        &mentor,
        "{ resourceLinks { totalCount } faqEntries { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(d["resourceLinks"]["totalCount"], 2);
    assert_eq!(d["faqEntries"]["totalCount"], 2);
    // Updating a foreign row answers NOT_FOUND.
    let admin = app.token("hlf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updateResourceLink(id: $id, input: { title: \"x\" }) { id } }",
            json!({ "id": demo_id("resource_link", "nhf-rettigheter") }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND");
}
