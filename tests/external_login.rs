//! `loginWithExternalToken`: a configured identity provider's token (keys from a JWKS file or a
//! PEM) is exchanged for a gateway session of the user its email claim names; anything not
//! signed, addressed and timed exactly as configured is refused alike, and audited.

use crate::common;

use chrono::Utc;
use common::{TestApp, demo_id, error_code};
use entity::{audit_events, auth_sessions};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use meander_gateway::config::{ExternalIssuerSettings, Settings};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const EXCHANGE: &str = "mutation($t: String!) { loginWithExternalToken(token: $t) { accessToken userId organizationId } }";

fn issuers(s: &mut Settings) {
    s.auth.external_issuers = vec![
        ExternalIssuerSettings {
            name: "test-idp".into(),
            issuer: "https://idp.test".into(),
            audience: "meander-portal".into(),
            algorithm: "RS256".into(),
            jwks_file: format!("{FIXTURES}/idp-test.jwks.json"),
            public_key_file: String::new(),
            email_claim: "email".into(),
            provider: "external".into(),
        },
        ExternalIssuerSettings {
            name: "bankid-test".into(),
            issuer: "https://bankid.test".into(),
            audience: "meander-app".into(),
            algorithm: "RS256".into(),
            jwks_file: String::new(),
            public_key_file: format!("{FIXTURES}/rsa-test-public.pem"),
            email_claim: "preferred_email".into(),
            provider: "bankid".into(),
        },
    ];
}

fn key(file: &str) -> EncodingKey {
    EncodingKey::from_rsa_pem(&std::fs::read(format!("{FIXTURES}/{file}")).unwrap()).unwrap()
}

fn idp_claims(email: &str) -> Value {
    let now = Utc::now().timestamp();
    json!({ "iss": "https://idp.test", "aud": "meander-portal", "sub": "idp-user-1",
            "email": email, "email_verified": true, "iat": now, "nbf": now, "exp": now + 300 })
}

fn sign(claims: &Value, kid: Option<&str>, key_file: &str) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = kid.map(str::to_string);
    encode(&header, claims, &key(key_file)).unwrap()
}

async fn exchange(app: &TestApp, token: &str) -> Value {
    app.gql(None, EXCHANGE, json!({ "t": token })).await
}

#[tokio::test]
async fn an_identity_provider_token_signs_in_the_user_its_email_claim_names() {
    let app = TestApp::spawn_with(issuers).await;
    // JWKS issuer, key chosen by kid; the email is matched case-insensitively.
    let token = sign(
        &idp_claims("NHF.Coordinator@meander.dev"),
        Some("test-idp-1"),
        "rsa-test-private.pem",
    );
    let body = exchange(&app, &token).await;
    assert!(body["errors"].is_null(), "{body}");
    let payload = &body["data"]["loginWithExternalToken"];
    let coordinator = demo_id("user", "nhf.coordinator@meander.dev");
    assert_eq!(payload["userId"], json!(coordinator));
    assert_eq!(payload["organizationId"], json!(demo_id("org", "nhf")));
    // The gateway's own token works from then on, on a session recorded as external.
    let access = payload["accessToken"].as_str().unwrap();
    let me = app
        .gql(Some(access), "{ viewer { user { id } } }", json!({}))
        .await;
    assert_eq!(me["data"]["viewer"]["user"]["id"], json!(coordinator));
    let providers: Vec<auth_sessions::AuthProvider> = auth_sessions::Entity::find()
        .filter(auth_sessions::Column::UserId.eq(coordinator))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.provider)
        .collect();
    assert!(providers.contains(&auth_sessions::AuthProvider::External));

    // PEM issuer (no kid), its own email claim and provider.
    let now = Utc::now().timestamp();
    let bankid = json!({ "iss": "https://bankid.test", "aud": "meander-app", "sub": "01017012345",
                         "preferred_email": "nhf.mentor@meander.dev", "nbf": now, "exp": now + 60 });
    let body = exchange(&app, &sign(&bankid, None, "rsa-test-private.pem")).await;
    assert!(body["errors"].is_null(), "{body}");
    let mentor = demo_id("user", "nhf.mentor@meander.dev");
    assert_eq!(
        body["data"]["loginWithExternalToken"]["userId"],
        json!(mentor)
    );
    let bankid_sessions = auth_sessions::Entity::find()
        .filter(auth_sessions::Column::UserId.eq(mentor))
        .filter(auth_sessions::Column::Provider.eq(auth_sessions::AuthProvider::Bankid))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(bankid_sessions, 1);
}

#[tokio::test]
async fn external_tokens_not_signed_addressed_and_timed_as_configured_are_refused_alike() {
    let app = TestApp::spawn_with(issuers).await;
    let good = idp_claims("nhf.coordinator@meander.dev");
    let with = |k: &str, v: Value| {
        let mut c = good.clone();
        c[k] = v;
        c
    };
    let past = Utc::now().timestamp() - 3600;
    let public = std::fs::read(format!("{FIXTURES}/rsa-test-public.pem")).unwrap();
    let hs_confusion = {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("test-idp-1".into());
        encode(&header, &good, &EncodingKey::from_secret(&public)).unwrap()
    };
    let cases: Vec<(&str, String)> = vec![
        (
            "another key",
            sign(&good, Some("test-idp-1"), "rsa-other-private.pem"),
        ),
        (
            "unknown kid",
            sign(&good, Some("test-idp-2"), "rsa-test-private.pem"),
        ),
        (
            "wrong issuer",
            sign(
                &with("iss", json!("https://evil.test")),
                Some("test-idp-1"),
                "rsa-test-private.pem",
            ),
        ),
        (
            "wrong audience",
            sign(
                &with("aud", json!("another-client")),
                Some("test-idp-1"),
                "rsa-test-private.pem",
            ),
        ),
        (
            "expired",
            sign(
                &with("exp", json!(past)),
                Some("test-idp-1"),
                "rsa-test-private.pem",
            ),
        ),
        (
            "not yet valid",
            sign(
                &with("nbf", json!(Utc::now().timestamp() + 3600)),
                Some("test-idp-1"),
                "rsa-test-private.pem",
            ),
        ),
        (
            "unverified email",
            sign(
                &with("email_verified", json!(false)),
                Some("test-idp-1"),
                "rsa-test-private.pem",
            ),
        ),
        (
            "unknown user",
            sign(
                &with("email", json!("nobody@meander.dev")),
                Some("test-idp-1"),
                "rsa-test-private.pem",
            ),
        ),
        ("HS256 keyed with the public key", hs_confusion),
        ("not a token", "abc.def.ghi".into()),
    ];
    let before = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("auth.login_failed"))
        .count(&app.db)
        .await
        .unwrap();
    for (case, token) in &cases {
        let body = exchange(&app, token).await;
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{case}: {body}");
        assert_eq!(
            body["errors"][0]["message"], "invalid credentials",
            "{case}"
        );
    }
    let after = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("auth.login_failed"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(after - before, cases.len() as u64);

    // Without configured issuers, even a well-formed token is refused.
    let plain = TestApp::spawn().await;
    let body = exchange(
        &plain,
        &sign(&good, Some("test-idp-1"), "rsa-test-private.pem"),
    )
    .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
}
