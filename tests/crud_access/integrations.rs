//! Integration configurations, their write-only credentials and sync logs; support grants.

use super::*;

#[tokio::test]
async fn org_admin_creates_reads_updates_lists_and_deletes_integration_configs() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let created = ok(
        &app,
        &admin,
        "mutation($i: CreateIntegrationConfigInput!) { createIntegrationConfig(input: $i) {
            id name provider purpose isEnabled syncIntervalMinutes hasCredentials organization { slug } } }",
        json!({ "i": { "provider": "XLEDGER", "purpose": "ACCOUNTING", "name": "Xledger lønn", "syncIntervalMinutes": 120 } }),
    )
    .await;
    let row = &created["createIntegrationConfig"];
    assert_eq!(row["organization"]["slug"], "nhf");
    assert_eq!(row["isEnabled"], false);
    assert_eq!(row["hasCredentials"], false);
    let id = row["id"].as_str().unwrap().to_string();

    let q = "query($id: UUID!) { integrationConfig(id: $id) { id name isEnabled } }";
    let read = ok(&app, &admin, q, json!({ "id": id })).await;
    assert_eq!(read["integrationConfig"]["name"], "Xledger lønn");

    let updated = ok(
        &app,
        &admin,
        "mutation($id: UUID!, $i: UpdateIntegrationConfigInput!) { updateIntegrationConfig(id: $id, input: $i) { name isEnabled syncIntervalMinutes } }",
        json!({ "id": id, "i": { "name": "Xledger honorar", "isEnabled": true, "syncIntervalMinutes": null } }),
    )
    .await;
    assert_eq!(
        updated["updateIntegrationConfig"]["name"],
        "Xledger honorar"
    );
    assert_eq!(updated["updateIntegrationConfig"]["isEnabled"], true);
    assert!(updated["updateIntegrationConfig"]["syncIntervalMinutes"].is_null());

    // NHF has two seeded integrations; one of them is Xledger.
    let xledger = walk_both_ways(
        &app,
        &admin,
        "integrationConfigs",
        ("IntegrationConfigFilter", "IntegrationConfigOrderBy"),
        json!({ "provider": { "eq": "XLEDGER" } }),
        json!({ "field": "NAME", "direction": "DESC" }),
    )
    .await;
    assert_eq!(xledger.len(), 2);
    assert_eq!(
        xledger[0],
        demo_id("integration", "nhf-xledger").to_string()
    );
    let all = walk_both_ways(
        &app,
        &admin,
        "integrationConfigs",
        ("IntegrationConfigFilter", "IntegrationConfigOrderBy"),
        json!({}),
        json!({ "field": "CREATED_AT" }),
    )
    .await;
    assert_eq!(all.len(), 3);

    let bad = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updateIntegrationConfig(id: $id, input: { syncIntervalMinutes: 1 }) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");
    assert_eq!(
        bad["errors"][0]["extensions"]["rule"],
        "sync_interval_range"
    );

    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteIntegrationConfig(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(&app, &admin, q, json!({ "id": id })).await;
    assert!(gone["integrationConfig"].is_null());
}

#[tokio::test]
async fn integration_credentials_are_write_only() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let id = demo_id("integration", "nhf-dynamics");
    let set = ok(
        &app,
        &admin,
        "mutation($id: UUID!) { setIntegrationCredentials(id: $id, credentials: \"{\\\"clientSecret\\\":\\\"s3cr3t\\\"}\") { hasCredentials credentialsUpdatedAt } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(set["setIntegrationCredentials"]["hasCredentials"], true);
    assert!(!set["setIntegrationCredentials"]["credentialsUpdatedAt"].is_null());
    // No field of the schema returns the stored value.
    for field in ["credentials", "credentialsEncrypted"] {
        let body = app
            .gql(
                Some(&admin),
                &format!("query($id: UUID!) {{ integrationConfig(id: $id) {{ {field} }} }}"),
                json!({ "id": id }),
            )
            .await;
        assert!(
            !body["errors"].is_null(),
            "{field} must not be queryable: {body}"
        );
    }
    // Coordinators read the configuration but may not change credentials.
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let read = ok(
        &app,
        &coordinator,
        "query($id: UUID!) { integrationConfig(id: $id) { name hasCredentials } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(read["integrationConfig"]["hasCredentials"], true);
    let denied = app
        .gql(
            Some(&coordinator),
            "mutation($id: UUID!) { setIntegrationCredentials(id: $id, credentials: null) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN", "{denied}");
    // Removing them works for the org admin.
    let cleared = ok(
        &app,
        &admin,
        "mutation($id: UUID!) { setIntegrationCredentials(id: $id, credentials: null) { hasCredentials credentialsUpdatedAt } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(
        cleared["setIntegrationCredentials"]["hasCredentials"],
        false
    );
}

#[tokio::test]
async fn sync_logs_are_read_only_listed_per_integration_and_hidden_from_coordinators() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let integration = demo_id("integration", "nhf-xledger");
    let logs = walk_both_ways(
        &app,
        &admin,
        "syncLogs",
        ("SyncLogFilter", "SyncLogOrderBy"),
        json!({ "integrationConfigId": { "eq": integration } }),
        json!({ "field": "STARTED_AT", "direction": "DESC" }),
    )
    .await;
    assert_eq!(logs.len(), 2);
    let nested = ok(
        &app,
        &admin,
        "query($id: UUID!) { integrationConfig(id: $id) { lastSyncStatus syncLogs { totalCount nodes { status recordsFailed integrationConfig { id } } } } }",
        json!({ "id": integration }),
    )
    .await;
    let c = &nested["integrationConfig"];
    assert_eq!(c["lastSyncStatus"], "PARTIALLY_FAILED");
    assert_eq!(c["syncLogs"]["totalCount"], 2);
    assert_eq!(c["syncLogs"]["nodes"][1]["status"], "PARTIALLY_FAILED");
    // Append-only: the schema has no mutation for sync logs.
    let body = app
        .gql(Some(&admin), "mutation { createSyncLog { id } }", json!({}))
        .await;
    assert!(!body["errors"].is_null());
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let body = app
        .gql(Some(&coordinator), "{ syncLogs { totalCount } }", json!({}))
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn support_grants_are_visible_to_their_org_admin_and_to_support_under_an_active_grant() {
    let app = TestApp::spawn().await;
    let q = "{ supportAccessGrants(orderBy: {field: EXPIRES_AT}) { totalCount nodes { id isActive reason grantedBy { firstName } organization { slug } } } }";
    let nhf = app.token("nhf.admin@meander.dev").await;
    let d = ok(&app, &nhf, q, json!({})).await;
    assert_eq!(d["supportAccessGrants"]["totalCount"], 1);
    assert_eq!(d["supportAccessGrants"]["nodes"][0]["isActive"], false);
    assert_eq!(
        d["supportAccessGrants"]["nodes"][0]["grantedBy"]["firstName"],
        "Nina"
    );
    let blind = app.token("blind.admin@meander.dev").await;
    let d = ok(&app, &blind, q, json!({})).await;
    assert_eq!(d["supportAccessGrants"]["nodes"][0]["isActive"], true);
    // The global admin holds an active grant from Blindeforbundet only.
    let support = app.token("admin@meander.dev").await;
    let d = ok(&app, &support, q, json!({})).await;
    assert_eq!(d["supportAccessGrants"]["totalCount"], 1, "{d}");
    assert_eq!(
        d["supportAccessGrants"]["nodes"][0]["organization"]["slug"],
        "blindeforbundet"
    );
    // Coordinators and peer mentors hold no permission on grants.
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let body = app.gql(Some(&coordinator), q, json!({})).await;
    assert_eq!(error_code(&body), "FORBIDDEN");
    // Append-only: no generic create/update/delete mutations exist.
    for m in [
        "mutation { createSupportAccessGrant(input: {}) { id } }",
        "mutation { deleteSupportAccessGrant(id: \"00000000-0000-0000-0000-000000000000\") { id } }",
    ] {
        let body = app.gql(Some(&nhf), m, json!({})).await;
        assert!(!body["errors"].is_null(), "{m}");
    }
}
