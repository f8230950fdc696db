//! `loginWithExternalToken`: a configured identity provider's token (keys from a JWKS file or a
//! PEM) is exchanged for a gateway session; anything not signed, addressed and timed exactly as
//! configured is refused alike, and audited. Issuers are bound to tenants: a session opens only
//! in an organization the issuer names and the user is a member of, never with platform roles,
//! only for a verified email, and after the first sign-in (issuer, subject) names the user.

use crate::common;

use chrono::Utc;
use common::{TestApp, demo_id, error_code};
use entity::{
    audit_events, auth_sessions, roles, user_organization_memberships as memberships, user_roles,
    users,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use meander_gateway::config::{ExternalIssuerSettings, Settings};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    sea_query::Expr,
};
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
            jwks_url: String::new(),
            jwks_ca_file: String::new(),
            email_claim: "email".into(),
            provider: "external".into(),
            organizations: vec![demo_id("org", "nhf")],
        },
        ExternalIssuerSettings {
            name: "bankid-test".into(),
            issuer: "https://bankid.test".into(),
            audience: "meander-app".into(),
            algorithm: "RS256".into(),
            jwks_file: String::new(),
            public_key_file: format!("{FIXTURES}/rsa-test-public.pem"),
            jwks_url: String::new(),
            jwks_ca_file: String::new(),
            email_claim: "preferred_email".into(),
            provider: "bankid".into(),
            organizations: vec![demo_id("org", "nhf")],
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
async fn a_first_verified_token_signs_in_the_user_its_email_claim_names() {
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
                         "preferred_email": "nhf.mentor@meander.dev", "email_verified": true,
                         "nbf": now, "exp": now + 60 });
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

/// A token for `sub` with `email`, from the JWKS issuer (bound to NHF).
fn token_for(sub: &str, email: &str) -> String {
    let mut claims = idp_claims(email);
    claims["sub"] = json!(sub);
    sign(&claims, Some("test-idp-1"), "rsa-test-private.pem")
}

/// The rule of the latest refused sign-in, from the audit trail (the caller is told nothing).
async fn refused_rule(app: &TestApp) -> String {
    let last = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("auth.login_failed"))
        .order_by_desc(audit_events::Column::Sequence)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a refusal is audited");
    last.details["rule"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn assert_refused(app: &TestApp, token: &str, org: Option<uuid::Uuid>, rule: &str) {
    let body = app
        .gql(
            None,
            "mutation($t: String!, $o: UUID) { loginWithExternalToken(token: $t, organizationId: $o) { userId } }",
            json!({ "t": token, "o": org }),
        )
        .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{rule}: {body}");
    assert_eq!(
        body["errors"][0]["message"], "invalid credentials",
        "{rule}"
    );
    assert_eq!(refused_rule(app).await, rule, "{body}");
}

#[tokio::test]
async fn an_issuer_signs_in_only_to_the_organizations_it_names() {
    let app = TestApp::spawn_with(issuers).await;
    // An HLF coordinator, verified email and all: the issuer serves NHF only.
    let hlf = token_for("hlf-1", "hlf.coordinator@meander.dev");
    assert_refused(&app, &hlf, None, "membership").await;
    assert_refused(
        &app,
        &hlf,
        Some(demo_id("org", "hlf")),
        "issuer_organization",
    )
    .await;
    // An NHF member asking for another organization.
    let nhf = token_for("nhf-1", "nhf.coordinator@meander.dev");
    assert_refused(
        &app,
        &nhf,
        Some(demo_id("org", "hlf")),
        "issuer_organization",
    )
    .await;

    // A member of NHF and (primarily) HLF is signed in to NHF, the issuer's organization.
    let now = app.now();
    memberships::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        user_id: Set(demo_id("user", "hlf.coordinator@meander.dev")),
        organization_id: Set(demo_id("org", "nhf")),
        status: Set(memberships::MembershipStatus::Active),
        is_primary: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let body = exchange(&app, &hlf).await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(
        body["data"]["loginWithExternalToken"]["organizationId"],
        json!(demo_id("org", "nhf"))
    );

    // The session stays there: switching would open a password session anywhere.
    let access = body["data"]["loginWithExternalToken"]["accessToken"]
        .as_str()
        .unwrap();
    let switched = app
        .gql(
            Some(access),
            "mutation($o: UUID!) { switchOrganization(organizationId: $o) { accessToken } }",
            json!({ "o": demo_id("org", "hlf") }),
        )
        .await;
    assert_eq!(error_code(&switched), "FORBIDDEN", "{switched}");
    assert_eq!(
        switched["errors"][0]["extensions"]["rule"],
        "external_session_stays_in_its_organization"
    );
}

#[tokio::test]
async fn platform_roles_never_come_from_an_external_issuer() {
    let app = TestApp::spawn_with(issuers).await;
    let now = app.now();
    // The global admin, even as a member of the issuer's organization, is refused.
    let admin = demo_id("user", "admin@meander.dev");
    memberships::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        user_id: Set(admin),
        organization_id: Set(demo_id("org", "nhf")),
        status: Set(memberships::MembershipStatus::Active),
        is_primary: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let token = token_for("admin-1", "admin@meander.dev");
    assert_refused(&app, &token, None, "platform_role").await;

    // A platform support role next to the coordinator role: held with a password session,
    // absent from the external one.
    let support = roles::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        organization_id: Set(None),
        key: Set("platform_support".into()),
        name: Set("Platform support".into()),
        is_system: Set(false),
        reach: Set(roles::RoleReach::Platform),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let coordinator = demo_id("user", "nhf.coordinator@meander.dev");
    user_roles::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        user_id: Set(coordinator),
        role_id: Set(support.id),
        organization_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let role_keys = |body: Value| -> Vec<String> {
        body["data"]["viewer"]["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["key"].as_str().unwrap().to_string())
            .collect()
    };
    let password = app.token("nhf.coordinator@meander.dev").await;
    let with_password = app
        .gql(Some(&password), "{ viewer { roles { key } } }", json!({}))
        .await;
    assert!(role_keys(with_password).contains(&"platform_support".to_string()));
    let body = exchange(&app, &token_for("coord-1", "nhf.coordinator@meander.dev")).await;
    assert!(body["errors"].is_null(), "{body}");
    let access = body["data"]["loginWithExternalToken"]["accessToken"]
        .as_str()
        .unwrap();
    let external = app
        .gql(Some(access), "{ viewer { roles { key } } }", json!({}))
        .await;
    assert_eq!(role_keys(external), vec!["coordinator".to_string()]);

    // With only that platform role left, the user is refused.
    user_roles::Entity::update_many()
        .col_expr(user_roles::Column::RevokedAt, Expr::value(now))
        .filter(user_roles::Column::UserId.eq(coordinator))
        .filter(user_roles::Column::OrganizationId.is_not_null())
        .exec(&app.db)
        .await
        .unwrap();
    let again = token_for("coord-1", "nhf.coordinator@meander.dev");
    assert_refused(&app, &again, None, "platform_role").await;
}

#[tokio::test]
async fn the_email_must_be_verified_by_the_issuer() {
    let app = TestApp::spawn_with(issuers).await;
    let good = idp_claims("nhf.coordinator@meander.dev");
    for (case, verified) in [
        ("absent", None),
        ("false", Some(json!(false))),
        ("a string", Some(json!("true"))),
    ] {
        let mut claims = good.clone();
        match verified {
            Some(v) => claims["email_verified"] = v,
            None => {
                claims.as_object_mut().unwrap().remove("email_verified");
            }
        }
        let token = sign(&claims, Some("test-idp-1"), "rsa-test-private.pem");
        assert_refused(&app, &token, None, "email_verified").await;
        let linked = users::Entity::find_by_id(demo_id("user", "nhf.coordinator@meander.dev"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(linked.external_subject.is_none(), "{case}: linked");
    }
}

#[tokio::test]
async fn the_user_must_hold_a_membership_in_the_issuers_organization() {
    let app = TestApp::spawn_with(issuers).await;
    let mentor = demo_id("user", "nhf.mentor@meander.dev");
    memberships::Entity::update_many()
        .col_expr(
            memberships::Column::Status,
            Expr::value(memberships::MembershipStatus::Inactive),
        )
        .filter(memberships::Column::UserId.eq(mentor))
        .exec(&app.db)
        .await
        .unwrap();
    let token = token_for("mentor-1", "nhf.mentor@meander.dev");
    assert_refused(&app, &token, None, "membership").await;
    // Nothing was linked for a refused sign-in.
    let user = users::Entity::find_by_id(mentor)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(user.external_issuer.is_none());
}

#[tokio::test]
async fn after_the_first_sign_in_the_issuer_and_subject_name_the_user_not_the_email() {
    let app = TestApp::spawn_with(issuers).await;
    let coordinator = demo_id("user", "nhf.coordinator@meander.dev");
    let first = exchange(&app, &token_for("subject-a", "nhf.coordinator@meander.dev")).await;
    assert_eq!(
        first["data"]["loginWithExternalToken"]["userId"],
        json!(coordinator),
        "{first}"
    );
    let user = users::Entity::find_by_id(coordinator)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.external_issuer.as_deref(), Some("https://idp.test"));
    assert_eq!(user.external_subject.as_deref(), Some("subject-a"));
    let links = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("auth.external_identity_linked"))
        .filter(audit_events::Column::EntityId.eq(coordinator))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(links.len(), 1);
    assert!(links[0].details.get("subject_sha256").is_some());
    assert!(!links[0].details.to_string().contains("subject-a"));

    // The email changed at the issuer; the subject still names the coordinator.
    let changed = exchange(&app, &token_for("subject-a", "new.address@elsewhere.test")).await;
    assert_eq!(
        changed["data"]["loginWithExternalToken"]["userId"],
        json!(coordinator),
        "{changed}"
    );
    // Even another user's email on that subject signs in the linked user, not the other one.
    let other = exchange(&app, &token_for("subject-a", "nhf.mentor@meander.dev")).await;
    assert_eq!(
        other["data"]["loginWithExternalToken"]["userId"],
        json!(coordinator),
        "{other}"
    );
    // A new subject carrying the coordinator's email does not take the account over.
    let takeover = token_for("subject-b", "nhf.coordinator@meander.dev");
    assert_refused(&app, &takeover, None, "linked_identity").await;
    // One link, made once.
    let count = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("auth.external_identity_linked"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(count, 1);
}
