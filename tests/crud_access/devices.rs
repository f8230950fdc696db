//! Biometric, passkey and push-device credentials: personal, even to org admins.

use super::*;

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
