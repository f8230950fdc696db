//! Login, refresh rotation, logout and organization switching over HTTP.

use crate::common;

use common::{TestApp, demo_id, error_code};
use serde_json::json;

const VIEWER: &str = "{ viewer { user { id firstName email } organization { slug } roles { key reach } permissions
    localAssociations { name } organizations { slug }
    appSettings { labels { key value overridden } enabledFeatures theme { fontScale contrastTheme } accessibility { screenReaderEnabled } } } }";

#[tokio::test]
async fn coordinator_login_shows_viewer_with_labels_features_and_scope() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.coordinator@meander.dev").await;
    let body = app.gql(Some(&token), VIEWER, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    let v = &body["data"]["viewer"];
    assert_eq!(v["user"]["email"], "nhf.coordinator@meander.dev");
    assert_eq!(v["organization"]["slug"], "nhf");
    assert_eq!(v["roles"][0]["key"], "coordinator");
    assert_eq!(v["roles"][0]["reach"], "LOCAL_ASSOCIATION");
    let las: Vec<&str> = v["localAssociations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(las, vec!["NHF Bærum", "NHF Oslo"]);
    let perms: Vec<&str> = v["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(perms.contains(&"APPROVE_ACTIVITIES"));
    assert!(!perms.contains(&"READ_AUDIT_EVENTS"));
    let labels = v["appSettings"]["labels"].as_array().unwrap();
    let contact = labels.iter().find(|l| l["key"] == "contact").unwrap();
    assert_eq!(contact["value"], "Medlem");
    assert_eq!(contact["overridden"], true);
    let region = labels.iter().find(|l| l["key"] == "region").unwrap();
    assert_eq!(region["overridden"], false);
    let features = v["appSettings"]["enabledFeatures"].as_array().unwrap();
    // The demo organizations have every area on (`feature_flags.rs` switches them off).
    assert!(features.contains(&json!("bufdir_reporting")));
    assert_eq!(
        features.len(),
        meander_gateway::authz::features::AREAS.len()
    );
    assert_eq!(v["appSettings"]["theme"]["fontScale"], 1.0);
}

#[tokio::test]
async fn viewer_shows_saved_theme_and_accessibility() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.mentor@meander.dev").await;
    let body = app.gql(Some(&token), VIEWER, json!({})).await;
    let s = &body["data"]["viewer"]["appSettings"];
    assert_eq!(s["theme"]["fontScale"], 1.3);
    assert_eq!(s["theme"]["contrastTheme"], "HIGH_CONTRAST");
    assert_eq!(s["accessibility"]["screenReaderEnabled"], true);
    let orgs = body["data"]["viewer"]["organizations"].as_array().unwrap();
    assert_eq!(orgs.len(), 2, "member of NHF and HLF: {body}");
}

#[tokio::test]
async fn wrong_password_and_unknown_user_answer_alike() {
    let app = TestApp::spawn().await;
    let q = "mutation($i: LoginInput!) { login(input: $i) { accessToken } }";
    let wrong = app
        .gql(
            None,
            q,
            json!({ "i": { "email": "nhf.admin@meander.dev", "password": "nope" } }),
        )
        .await;
    let unknown = app
        .gql(
            None,
            q,
            json!({ "i": { "email": "nobody@meander.dev", "password": "nope" } }),
        )
        .await;
    assert_eq!(error_code(&wrong), "UNAUTHENTICATED");
    assert_eq!(
        wrong["errors"][0]["message"],
        unknown["errors"][0]["message"]
    );
    assert_eq!(
        wrong["errors"][0]["extensions"],
        unknown["errors"][0]["extensions"]
    );
}

#[tokio::test]
async fn login_into_an_organization_without_membership_is_refused() {
    let app = TestApp::spawn().await;
    let q = "mutation($i: LoginInput!) { login(input: $i) { accessToken } }";
    let body = app
        .gql(
            None,
            q,
            json!({ "i": { "email": "nhf.admin@meander.dev", "password": common::DEMO_PASSWORD, "organizationId": demo_id("org", "hlf") } }),
        )
        .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
}

#[tokio::test]
async fn without_a_token_the_viewer_is_unauthenticated() {
    let app = TestApp::spawn().await;
    let body = app.gql(None, "{ viewer { user { id } } }", json!({})).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
    let body = app
        .gql(Some("not-a-jwt"), "{ viewer { user { id } } }", json!({}))
        .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
}

#[tokio::test]
async fn refresh_rotates_and_a_replayed_token_revokes_the_family() {
    let app = TestApp::spawn().await;
    let first = app.login_payload("hlf.mentor@meander.dev", None).await;
    let q = "mutation($t: String!) { refreshToken(token: $t) { accessToken refreshToken } }";
    let r1 = first["refreshToken"].as_str().unwrap();
    let second = app.gql(None, q, json!({ "t": r1 })).await;
    assert!(second["errors"].is_null(), "{second}");
    let r2 = second["data"]["refreshToken"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_string();
    let access2 = second["data"]["refreshToken"]["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(r1, r2);
    let ok = app
        .gql(Some(&access2), "{ viewer { user { id } } }", json!({}))
        .await;
    assert!(ok["errors"].is_null(), "{ok}");

    // Replaying the used token: refused, and the whole family (r2 too) and session die.
    let replay = app.gql(None, q, json!({ "t": r1 })).await;
    assert_eq!(error_code(&replay), "UNAUTHENTICATED");
    let after = app.gql(None, q, json!({ "t": r2 })).await;
    assert_eq!(error_code(&after), "UNAUTHENTICATED");
    let viewer = app
        .gql(Some(&access2), "{ viewer { user { id } } }", json!({}))
        .await;
    assert_eq!(error_code(&viewer), "UNAUTHENTICATED");
}

#[tokio::test]
async fn logout_revokes_the_session_and_its_refresh_token() {
    let app = TestApp::spawn().await;
    let login = app.login_payload("blind.mentor@meander.dev", None).await;
    let access = login["accessToken"].as_str().unwrap();
    let body = app
        .gql(Some(access), "mutation { logout }", json!({}))
        .await;
    assert_eq!(body["data"]["logout"], true, "{body}");
    let viewer = app
        .gql(Some(access), "{ viewer { user { id } } }", json!({}))
        .await;
    assert_eq!(error_code(&viewer), "UNAUTHENTICATED");
    let refresh = app
        .gql(
            None,
            "mutation($t: String!) { refreshToken(token: $t) { accessToken } }",
            json!({ "t": login["refreshToken"] }),
        )
        .await;
    assert_eq!(error_code(&refresh), "UNAUTHENTICATED");
}

#[tokio::test]
async fn switch_organization_moves_only_into_member_organizations() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.mentor@meander.dev").await;
    let q = "mutation($o: UUID!) { switchOrganization(organizationId: $o) { accessToken organizationId } }";
    let denied = app
        .gql(
            Some(&token),
            q,
            json!({ "o": demo_id("org", "blindeforbundet") }),
        )
        .await;
    assert_eq!(error_code(&denied), "NOT_FOUND");
    let moved = app
        .gql(Some(&token), q, json!({ "o": demo_id("org", "hlf") }))
        .await;
    assert!(moved["errors"].is_null(), "{moved}");
    let new_token = moved["data"]["switchOrganization"]["accessToken"]
        .as_str()
        .unwrap();
    let v = app
        .gql(
            Some(new_token),
            "{ viewer { organization { slug } localAssociations { name } } }",
            json!({}),
        )
        .await;
    assert_eq!(v["data"]["viewer"]["organization"]["slug"], "hlf");
    assert_eq!(
        v["data"]["viewer"]["localAssociations"][0]["name"],
        "HLF Drammen"
    );
    // The old session ended with the switch.
    let old = app
        .gql(Some(&token), "{ viewer { user { id } } }", json!({}))
        .await;
    assert_eq!(error_code(&old), "UNAUTHENTICATED");
}

#[tokio::test]
async fn global_admin_gets_a_platform_session() {
    let app = TestApp::spawn().await;
    let token = app.token("admin@meander.dev").await;
    let body = app.gql(Some(&token), "{ viewer { organization { id } roles { key reach } appSettings { enabledFeatures } } }", json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    assert!(body["data"]["viewer"]["organization"].is_null());
    assert_eq!(body["data"]["viewer"]["roles"][0]["key"], "global_admin");
    assert!(body["data"]["viewer"]["appSettings"].is_null());
}
