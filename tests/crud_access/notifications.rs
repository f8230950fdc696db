//! Notifications, notification scenarios and preferences; tenant isolation of the access tables.

use super::*;

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
