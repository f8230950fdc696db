//! Tokens the gateway must refuse, over HTTP: every one answers UNAUTHENTICATED.

use crate::common;

use base64::Engine;
use chrono::Utc;
use common::{TestApp, demo_id, error_code};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use meander_gateway::auth::jwt::Claims;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::json;
use uuid::Uuid;

const Q: &str = "{ viewer { user { id } } }";

fn b64(v: &serde_json::Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

/// Claims of a real session, so only the property under test is wrong.
async fn real_claims(app: &TestApp, email: &str) -> (String, Claims) {
    let token = app.token(email).await;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    (token, serde_json::from_slice(&bytes).unwrap())
}

fn sign(app: &TestApp, claims: &Claims) -> String {
    let key = EncodingKey::from_secret(app.settings.auth.jwt_secret.expose().as_bytes());
    encode(&Header::new(Algorithm::HS256), claims, &key).unwrap()
}

async fn refused(app: &TestApp, token: &str) {
    let body = app.gql(Some(token), Q, json!({})).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
}

#[tokio::test]
async fn a_correctly_signed_copy_of_the_claims_is_accepted() {
    // Guards the tests below: the forging helper itself produces valid tokens.
    let app = TestApp::spawn().await;
    let (_, claims) = real_claims(&app, "nhf.admin@meander.dev").await;
    let body = app.gql(Some(&sign(&app, &claims)), Q, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
}

#[tokio::test]
async fn alg_none_is_refused() {
    let app = TestApp::spawn().await;
    let (_, claims) = real_claims(&app, "nhf.admin@meander.dev").await;
    let token = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&serde_json::to_value(&claims).unwrap())
    );
    refused(&app, &token).await;
}

#[tokio::test]
async fn another_key_and_tampered_claims_are_refused() {
    let app = TestApp::spawn().await;
    let (token, mut claims) = real_claims(&app, "nhf.mentor@meander.dev").await;
    let wrong = encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&[7u8; 32]),
    )
    .unwrap();
    refused(&app, &wrong).await;
    // Swap the payload for one naming another user, keep the original signature.
    claims.sub = demo_id("user", "nhf.admin@meander.dev");
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    parts[1] = b64(&serde_json::to_value(&claims).unwrap());
    refused(&app, &parts.join(".")).await;
}

#[tokio::test]
async fn an_rs256_header_on_an_hs256_gateway_is_refused() {
    let app = TestApp::spawn().await;
    let (token, _) = real_claims(&app, "nhf.admin@meander.dev").await;
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    parts[0] = b64(&json!({"alg": "RS256", "typ": "JWT"}));
    refused(&app, &parts.join(".")).await;
}

#[tokio::test]
async fn expired_not_yet_valid_wrong_issuer_and_audience_are_refused() {
    let app = TestApp::spawn().await;
    let (_, claims) = real_claims(&app, "nhf.admin@meander.dev").await;
    let now = Utc::now().timestamp();
    let leeway = app.settings.auth.leeway_seconds as i64;
    let mut expired = claims.clone();
    expired.exp = now - leeway - 60;
    refused(&app, &sign(&app, &expired)).await;
    let mut early = claims.clone();
    early.nbf = now + leeway + 600;
    refused(&app, &sign(&app, &early)).await;
    let mut issuer = claims.clone();
    issuer.iss = "someone-else".into();
    refused(&app, &sign(&app, &issuer)).await;
    let mut audience = claims.clone();
    audience.aud = "another-app".into();
    refused(&app, &sign(&app, &audience)).await;
    let mut session = claims.clone();
    session.sid = Uuid::new_v4();
    refused(&app, &sign(&app, &session)).await;
    let mut org = claims;
    org.org = Some(demo_id("org", "hlf"));
    refused(&app, &sign(&app, &org)).await;
}

#[tokio::test]
async fn a_disabled_user_is_refused_once_the_viewer_cache_expires() {
    let app = TestApp::spawn_with(|s| s.auth.viewer_cache_seconds = 0).await;
    let token = app.token("hlf.mentor@meander.dev").await;
    assert!(app.gql(Some(&token), Q, json!({})).await["errors"].is_null());
    entity::users::Entity::update_many()
        .col_expr(entity::users::Column::Status, Expr::value("disabled"))
        .filter(entity::users::Column::Email.eq("hlf.mentor@meander.dev"))
        .exec(&app.db)
        .await
        .unwrap();
    refused(&app, &token).await;
}

#[tokio::test]
async fn a_revoked_role_stops_working_once_the_viewer_cache_expires() {
    let app = TestApp::spawn_with(|s| s.auth.viewer_cache_seconds = 0).await;
    let token = app.token("nhf.coordinator@meander.dev").await;
    let users = "{ users { totalCount } }";
    assert_eq!(
        app.gql(Some(&token), users, json!({})).await["data"]["users"]["totalCount"],
        3
    );
    entity::user_roles::Entity::update_many()
        .col_expr(
            entity::user_roles::Column::RevokedAt,
            Expr::value(app.now()),
        )
        .filter(
            entity::user_roles::Column::UserId.eq(demo_id("user", "nhf.coordinator@meander.dev")),
        )
        .exec(&app.db)
        .await
        .unwrap();
    let body = app.gql(Some(&token), users, json!({})).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

fn eddsa(s: &mut meander_gateway::config::Settings) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    s.auth.algorithm = "EdDSA".into();
    s.auth.private_key_file = format!("{dir}/ed25519-test-private.pem");
    s.auth.public_key_file = format!("{dir}/ed25519-test-public.pem");
}

#[tokio::test]
async fn an_eddsa_gateway_signs_and_accepts_its_own_tokens() {
    let app = TestApp::spawn_with(eddsa).await;
    let token = app.token("nhf.admin@meander.dev").await;
    let header = token.split('.').next().unwrap();
    let header: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["alg"], "EdDSA");
    assert!(app.gql(Some(&token), Q, json!({})).await["errors"].is_null());
}

#[tokio::test]
async fn hs256_signed_with_the_public_key_is_refused_by_an_eddsa_gateway() {
    // Algorithm confusion: an attacker who knows the public key signs HS256 with it.
    let app = TestApp::spawn_with(eddsa).await;
    let (_, claims) = real_claims(&app, "nhf.admin@meander.dev").await;
    let public = std::fs::read(&app.settings.auth.public_key_file).unwrap();
    let forged = encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&public),
    )
    .unwrap();
    refused(&app, &forged).await;
    // The HS256 development secret is no key here either.
    refused(&app, &sign(&app, &claims)).await;
}

fn rs256(s: &mut meander_gateway::config::Settings) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    s.auth.algorithm = "RS256".into();
    s.auth.private_key_file = format!("{dir}/rsa-test-private.pem");
    s.auth.public_key_file = format!("{dir}/rsa-test-public.pem");
}

#[tokio::test]
async fn an_rs256_gateway_signs_and_accepts_its_own_tokens_and_no_other_keys() {
    let app = TestApp::spawn_with(rs256).await;
    let (token, claims) = real_claims(&app, "nhf.admin@meander.dev").await;
    let header: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(token.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["alg"], "RS256");
    assert!(app.gql(Some(&token), Q, json!({})).await["errors"].is_null());
    // The same claims signed with another RSA key.
    let other = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/rsa-other-private.pem"
    ))
    .unwrap();
    let forged = encode(
        &Header::new(Algorithm::RS256),
        &claims,
        &EncodingKey::from_rsa_pem(&other).unwrap(),
    )
    .unwrap();
    refused(&app, &forged).await;
    // HS/RS confusion: HS256 keyed with the gateway's public key.
    let public = std::fs::read(&app.settings.auth.public_key_file).unwrap();
    let confused = encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&public),
    )
    .unwrap();
    refused(&app, &confused).await;
}
