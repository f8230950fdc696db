//! CRUD over GraphQL for the access and notifications tables: integrations (write-only
//! credentials) and their sync log, support access grants, device credentials, push devices,
//! notification scenarios, preferences and notifications; row scopes and tenant isolation.

use crate::common;

use common::{TestApp, demo_id, error_code, ok, walk_both_ways};
use serde_json::json;

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

#[tokio::test]
async fn peer_mentor_manages_own_biometric_passkey_and_push_devices() {
    let app = TestApp::spawn().await;
    let mentor = app.token("nhf.mentor@meander.dev").await;
    let created = ok(
        &app,
        &mentor,
        "mutation($i: CreateBiometricCredentialInput!) { createBiometricCredential(input: $i) {
            id deviceName enrolledAt biometricType user { firstName } } }",
        json!({ "i": { "deviceId": "ipad-0042", "platform": "IOS", "biometricType": "FINGERPRINT",
                       "keyReference": "no.meander.app.biometric.ipad", "publicKey": "BHb2Qm9vZ2xlIGtleSBwdWJsaWM=", "deviceName": "Olas iPad" } }),
    )
    .await;
    let row = &created["createBiometricCredential"];
    assert_eq!(row["user"]["firstName"], "Ola");
    assert!(!row["enrolledAt"].is_null());
    let id = row["id"].as_str().unwrap().to_string();
    let renamed = ok(
        &app,
        &mentor,
        "mutation($id: UUID!) { updateBiometricCredential(id: $id, input: { deviceName: \"iPad på kontoret\" }) { deviceName } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(
        renamed["updateBiometricCredential"]["deviceName"],
        "iPad på kontoret"
    );
    let mine = walk_both_ways(
        &app,
        &mentor,
        "biometricCredentials",
        ("BiometricCredentialFilter", "BiometricCredentialOrderBy"),
        json!({ "platform": { "eq": "IOS" } }),
        json!({ "field": "CREATED_AT", "direction": "DESC" }),
    )
    .await;
    assert_eq!(
        mine,
        vec![
            id.clone(),
            demo_id("biometric", "nhf.mentor-iphone").to_string()
        ]
    );
    ok(
        &app,
        &mentor,
        "mutation($id: UUID!) { deleteBiometricCredential(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(
        &app,
        &mentor,
        "query($id: UUID!) { biometricCredential(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(gone["biometricCredential"].is_null());

    let passkey = ok(
        &app,
        &mentor,
        "mutation { createPasskeyCredential(input: { credentialId: \"Y3JlZGVudGlhbC1pZC0xMjM0NTY\", publicKey: \"cHVibGljLWtleS1ieXRlcy0xMjM0NTY3OA\", nickname: \"Mobil\", transports: [\"internal\"] }) { id signCount nickname transports } }",
        json!({}),
    )
    .await;
    assert_eq!(passkey["createPasskeyCredential"]["signCount"], 0);
    let bad = app
        .gql(
            Some(&mentor),
            "mutation { createPasskeyCredential(input: { credentialId: \"not base64 !\", publicKey: \"cHVibGljLWtleS1ieXRlcy0xMjM0NTY3OA\" }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(
        bad["errors"][0]["extensions"]["rule"],
        "credential_id_format"
    );

    let push = ok(
        &app,
        &mentor,
        "mutation { createPushNotificationConfig(input: { deviceId: \"ipad-0042\", platform: IOS, provider: APNS, deviceToken: \"a1b2c3d4e5f60718293a4b5c6d7e8f90\", achievements: false }) { id isEnabled achievements assignmentAlerts tokenRegisteredAt } }",
        json!({}),
    )
    .await;
    assert_eq!(push["createPushNotificationConfig"]["achievements"], false);
    assert_eq!(
        push["createPushNotificationConfig"]["assignmentAlerts"],
        true
    );
    // The device token is write-only.
    let body = app
        .gql(
            Some(&mentor),
            "{ pushNotificationConfigs { nodes { deviceToken } } }",
            json!({}),
        )
        .await;
    assert!(!body["errors"].is_null());
}

#[tokio::test]
async fn device_credentials_and_notifications_stay_private_even_for_org_admins() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let q = "query($b: UUID!, $p: UUID!, $n: UUID!) {
        biometricCredential(id: $b) { id } pushNotificationConfig(id: $p) { id } notification(id: $n) { id }
        biometricCredentials { totalCount } passkeyCredentials { totalCount } notifications { totalCount } }";
    let vars = json!({
        "b": demo_id("biometric", "nhf.mentor-iphone"),
        "p": demo_id("push_config", "nhf.mentor-iphone"),
        "n": demo_id("notification", "nhf.mentor-reminder"),
    });
    let d = ok(&app, &admin, q, vars.clone()).await;
    assert!(d["biometricCredential"].is_null());
    assert!(d["pushNotificationConfig"].is_null());
    assert!(d["notification"].is_null());
    assert_eq!(d["biometricCredentials"]["totalCount"], 0);
    assert_eq!(
        d["passkeyCredentials"]["totalCount"], 1,
        "the admin's own passkey"
    );
    assert_eq!(d["notifications"]["totalCount"], 0);
    // The coordinator of the mentor's local association sees only their own rows too.
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let d = ok(&app, &coordinator, q, vars.clone()).await;
    assert!(d["biometricCredential"].is_null() && d["notification"].is_null());
    assert_eq!(d["biometricCredentials"]["totalCount"], 1);
    assert_eq!(d["notifications"]["totalCount"], 1);
    // The owner sees them.
    let mentor = app.token("nhf.mentor@meander.dev").await;
    let d = ok(&app, &mentor, q, vars).await;
    assert!(!d["biometricCredential"].is_null() && !d["notification"].is_null());
    assert_eq!(d["notifications"]["totalCount"], 2);
}

#[tokio::test]
async fn notifications_round_trip_and_are_marked_read_by_their_recipient() {
    let app = TestApp::spawn().await;
    let admin = app.token("hlf.admin@meander.dev").await;
    let created = ok(
        &app,
        &admin,
        "mutation { createNotification(input: { channel: IN_APP, category: SYSTEM, title: \"Ny FAQ\", body: \"Vi har lagt til nye spørsmål og svar.\" }) { id status readAt user { firstName } } }",
        json!({}),
    )
    .await;
    let n = &created["createNotification"];
    assert_eq!(n["status"], "PENDING");
    assert_eq!(n["user"]["firstName"], "Hilde");
    let id = n["id"].as_str().unwrap().to_string();
    let unread = walk_both_ways(
        &app,
        &admin,
        "notifications",
        ("NotificationFilter", "NotificationOrderBy"),
        json!({ "readAt": { "isNull": true } }),
        json!({ "field": "CREATED_AT", "direction": "DESC" }),
    )
    .await;
    assert_eq!(
        unread,
        vec![
            id.clone(),
            demo_id("notification", "hlf.admin-system").to_string()
        ]
    );
    let read = ok(
        &app,
        &admin,
        "mutation($id: UUID!) { updateNotification(id: $id, input: { readAt: \"2026-11-23T10:00:00Z\" }) { readAt } }",
        json!({ "id": id }),
    )
    .await;
    assert!(!read["updateNotification"]["readAt"].is_null());
    let d = ok(
        &app,
        &admin,
        "{ notifications(filter: { readAt: { isNull: true } }) { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(d["notifications"]["totalCount"], 1);
    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteNotification(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(
        &app,
        &admin,
        "query($id: UUID!) { notification(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(gone["notification"].is_null());

    // Peer mentors may mark their own notifications read but not create notifications.
    let mentor = app.token("hlf.mentor@meander.dev").await;
    let mine = demo_id("notification", "hlf.mentor-expiry");
    let d = ok(
        &app,
        &mentor,
        "mutation($id: UUID!) { updateNotification(id: $id, input: { readAt: \"2026-11-23T10:00:00Z\" }) { readAt scenario { key } } }",
        json!({ "id": mine }),
    )
    .await;
    assert_eq!(
        d["updateNotification"]["scenario"]["key"],
        "certificate_expiry_10d"
    );
    let body = app
        .gql(
            Some(&mentor),
            "mutation { createNotification(input: { channel: IN_APP, category: SYSTEM, title: \"x\", body: \"y\" }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");
    // Another user's notification answers NOT_FOUND on update, never FORBIDDEN.
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { updateNotification(id: $id, input: { readAt: null }) { id } }",
            json!({ "id": demo_id("notification", "hlf.admin-system") }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
}

#[tokio::test]
async fn org_admin_manages_notification_scenarios_that_mentors_only_read() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let created = ok(
        &app,
        &admin,
        "mutation { createNotificationScenario(input: { key: \"event_reminder_1d\", name: \"Påminnelse om arrangement\", trigger: EVENT_REMINDER, offsetDays: 1, titleTemplate: \"I morgen: {{event}}\", bodyTemplate: \"{{event}} starter {{time}}.\", channels: [\"push\"] }) { id key isEnabled channels } }",
        json!({}),
    )
    .await;
    let id = created["createNotificationScenario"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(created["createNotificationScenario"]["isEnabled"], true);
    let updated = ok(
        &app,
        &admin,
        "mutation($id: UUID!) { updateNotificationScenario(id: $id, input: { isEnabled: false, description: \"Sendes kvelden før\" }) { isEnabled description } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(updated["updateNotificationScenario"]["isEnabled"], false);
    let keys = walk_both_ways(
        &app,
        &admin,
        "notificationScenarios",
        ("NotificationScenarioFilter", "NotificationScenarioOrderBy"),
        json!({ "key": { "startsWith": "a" } }),
        json!({ "field": "KEY" }),
    )
    .await;
    assert_eq!(
        keys,
        vec![
            demo_id("notification_scenario", "nhf:activity_reminder_14d").to_string(),
            demo_id("notification_scenario", "nhf:activity_reviewed").to_string(),
        ]
    );
    let bad = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updateNotificationScenario(id: $id, input: { offsetDays: 400 }) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["rule"], "offset_days_range");

    let mentor = app.token("nhf.mentor2@meander.dev").await;
    let d = ok(
        &app,
        &mentor,
        "{ notificationScenarios { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(d["notificationScenarios"]["totalCount"], 4);
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { deleteNotificationScenario(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");
    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteNotificationScenario(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(
        &app,
        &admin,
        "query($id: UUID!) { notificationScenario(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(gone["notificationScenario"].is_null());
}

#[tokio::test]
async fn notification_preferences_are_personal_and_name_only_scenarios_in_scope() {
    let app = TestApp::spawn().await;
    let mentor = app.token("nhf.mentor2@meander.dev").await;
    let scenario = demo_id("notification_scenario", "nhf:certificate_expiry_10d");
    let created = ok(
        &app,
        &mentor,
        "mutation($s: UUID!) { createNotificationPreference(input: { channel: EMAIL, isEnabled: false, scenarioId: $s }) { id isEnabled scenario { key } user { firstName } } }",
        json!({ "s": scenario }),
    )
    .await;
    let p = &created["createNotificationPreference"];
    assert_eq!(p["scenario"]["key"], "certificate_expiry_10d");
    assert_eq!(p["user"]["firstName"], "Ingrid");
    let id = p["id"].as_str().unwrap().to_string();
    let d = ok(
        &app,
        &mentor,
        "mutation($id: UUID!) { updateNotificationPreference(id: $id, input: { isEnabled: true, quietHoursStartMinute: 1320, quietHoursEndMinute: 420 }) { isEnabled quietHoursStartMinute } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(
        d["updateNotificationPreference"]["quietHoursStartMinute"],
        1320
    );
    let mine = walk_both_ways(
        &app,
        &mentor,
        "notificationPreferences",
        (
            "NotificationPreferenceFilter",
            "NotificationPreferenceOrderBy",
        ),
        json!({ "channel": { "eq": "EMAIL" } }),
        json!({ "field": "CREATED_AT" }),
    )
    .await;
    assert_eq!(mine, vec![id]);
    // A scenario of another organization is refused like one that does not exist.
    let body = app
        .gql(
            Some(&mentor),
            "mutation($s: UUID!) { createNotificationPreference(input: { channel: PUSH, isEnabled: true, scenarioId: $s }) { id } }",
            json!({ "s": demo_id("notification_scenario", "blindeforbundet:new_assignment") }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["rule"], "reference_in_scope",
        "{body}"
    );
    // The org admin does not see the mentor's preferences.
    let admin = app.token("nhf.admin@meander.dev").await;
    let d = ok(
        &app,
        &admin,
        "{ notificationPreferences { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(d["notificationPreferences"]["totalCount"], 0);
}

#[tokio::test]
async fn another_organizations_rows_by_id_are_null_not_forbidden() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let q = "query($i: UUID!, $l: UUID!, $g: UUID!, $s: UUID!, $p: UUID!) {
        integrationConfig(id: $i) { id } syncLog(id: $l) { id } supportAccessGrant(id: $g) { id }
        notificationScenario(id: $s) { id } passkeyCredential(id: $p) { id } }";
    let foreign = ok(
        &app,
        &admin,
        q,
        json!({
            "i": demo_id("integration", "blind-cornerstone"),
            "l": demo_id("sync_log", "hlf-min-side:3"),
            "g": demo_id("support_grant", "hlf-revoked"),
            "s": demo_id("notification_scenario", "hlf:certificate_expiry_10d"),
            "p": demo_id("passkey", "hlf.admin-android"),
        }),
    )
    .await;
    for field in [
        "integrationConfig",
        "syncLog",
        "supportAccessGrant",
        "notificationScenario",
        "passkeyCredential",
    ] {
        assert!(foreign[field].is_null(), "{field}: {foreign}");
    }
    let own = ok(
        &app,
        &admin,
        q,
        json!({
            "i": demo_id("integration", "nhf-xledger"),
            "l": demo_id("sync_log", "nhf-xledger:0"),
            "g": demo_id("support_grant", "nhf-expired"),
            "s": demo_id("notification_scenario", "nhf:certificate_expiry_10d"),
            "p": demo_id("passkey", "nhf.admin-icloud"),
        }),
    )
    .await;
    for field in [
        "integrationConfig",
        "syncLog",
        "supportAccessGrant",
        "notificationScenario",
        "passkeyCredential",
    ] {
        assert!(!own[field].is_null(), "{field}: {own}");
    }
    // Updating a foreign row is NOT_FOUND as well.
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updateIntegrationConfig(id: $id, input: { name: \"x\" }) { id } }",
            json!({ "id": demo_id("integration", "hlf-consio") }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND");
}
