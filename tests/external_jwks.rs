//! An external issuer's keys fetched from its `jwks_url` over HTTPS (a JWKS server on loopback
//! in the test, its certificate signed by a CA made in the test and named in `jwks_ca_file`):
//! the keys verify; a rotation is picked up when a token names a new `kid`, and removed keys
//! stop verifying; tokens with unknown `kid`s fetch at most once per interval, however many
//! arrive together; a failing or vanished issuer leaves the last good keys in use; an issuer
//! that is down at start-up has its tokens refused until its keys arrive; a server whose
//! certificate the configured CA did not sign is not trusted.

use crate::common;

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use axum::{
    Router,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    routing::get,
};
use chrono::Utc;
use common::{
    TestApp, demo_id, error_code,
    tls::{HttpsServer, TestCa},
};
use entity::audit_events;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode, jwk::Jwk};
use meander_gateway::{
    auth::external::ExternalIssuers,
    config::{ExternalIssuerSettings, Overrides, Profile, Settings},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const EXCHANGE: &str =
    "mutation($t: String!) { loginWithExternalToken(token: $t) { accessToken userId } }";
/// Key 1 and key 2 of the issuer (the files of the other external login tests).
const KEY1: (&str, &str) = ("k1", "rsa-test-private.pem");
const KEY2: (&str, &str) = ("k2", "rsa-other-private.pem");

fn encoding_key(file: &str) -> EncodingKey {
    EncodingKey::from_rsa_pem(&std::fs::read(format!("{FIXTURES}/{file}")).unwrap()).unwrap()
}

/// The JWKS publishing `keys`' public halves under their kids.
fn jwks(keys: &[(&str, &str)]) -> Value {
    let keys: Vec<Jwk> = keys
        .iter()
        .map(|(kid, file)| {
            let mut jwk = Jwk::from_encoding_key(&encoding_key(file), Algorithm::RS256).unwrap();
            jwk.common.key_id = Some(kid.to_string());
            jwk
        })
        .collect();
    json!({ "keys": keys })
}

/// What the issuer's JWKS endpoint answers, and how often it was asked.
struct Answer {
    status: StatusCode,
    body: Value,
    cache_control: &'static str,
}

#[derive(Clone)]
struct Endpoint {
    answer: Arc<Mutex<Answer>>,
    hits: Arc<AtomicUsize>,
}

/// The identity provider: its CA, its HTTPS JWKS endpoint and what that endpoint answers.
struct Idp {
    ca: TestCa,
    server: HttpsServer,
    endpoint: Endpoint,
}

impl Idp {
    async fn start(status: StatusCode, keys: &[(&str, &str)]) -> Self {
        let endpoint = Endpoint {
            answer: Arc::new(Mutex::new(Answer {
                status,
                body: jwks(keys),
                cache_control: "public, max-age=3600",
            })),
            hits: Arc::default(),
        };
        let router = Router::new()
            .route(
                "/jwks",
                get(|State(e): State<Endpoint>| async move {
                    e.hits.fetch_add(1, Ordering::SeqCst);
                    let a = e.answer.lock().unwrap();
                    let mut headers = HeaderMap::new();
                    headers.insert(header::CACHE_CONTROL, a.cache_control.parse().unwrap());
                    headers.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
                    (a.status, headers, a.body.to_string())
                }),
            )
            .with_state(endpoint.clone());
        let ca = TestCa::new("test identity provider CA");
        let server = HttpsServer::start(router, &ca).await;
        Self {
            ca,
            server,
            endpoint,
        }
    }

    fn answer(&self, status: StatusCode, keys: &[(&str, &str)], cache_control: &'static str) {
        *self.endpoint.answer.lock().unwrap() = Answer {
            status,
            body: jwks(keys),
            cache_control,
        };
    }

    fn hits(&self) -> usize {
        self.endpoint.hits.load(Ordering::SeqCst)
    }

    /// The issuer's settings, its JWKS at this server, trusting this IdP's CA.
    fn issuer(&self) -> ExternalIssuerSettings {
        ExternalIssuerSettings {
            name: "jwks-idp".into(),
            issuer: "https://idp.test".into(),
            audience: "meander-portal".into(),
            algorithm: "RS256".into(),
            jwks_file: String::new(),
            public_key_file: String::new(),
            jwks_url: format!("{}/jwks", self.server.base),
            jwks_ca_file: self.ca.pem_path(),
            email_claim: "email".into(),
            provider: "external".into(),
            organizations: vec![demo_id("org", "nhf")],
        }
    }

    /// A gateway with this issuer; keys kept `min..max` seconds, fetched at most once per
    /// `refetch` seconds.
    async fn gateway(&self, min: u64, max: u64, refetch: u64) -> TestApp {
        let issuer = self.issuer();
        TestApp::spawn_with(move |s| {
            s.auth.external_issuers = vec![issuer];
            s.auth.jwks_cache_min_seconds = min;
            s.auth.jwks_cache_max_seconds = max;
            s.auth.jwks_refetch_interval_seconds = refetch;
        })
        .await
    }
}

/// A token of the issuer for the NHF coordinator, signed with `key` under `kid`.
fn token(kid: &str, key_file: &str) -> String {
    let now = Utc::now().timestamp();
    let claims = json!({ "iss": "https://idp.test", "aud": "meander-portal", "sub": "jwks-user-1",
        "email": "nhf.coordinator@meander.dev", "email_verified": true,
        "iat": now, "nbf": now, "exp": now + 300 });
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.to_string());
    encode(&header, &claims, &encoding_key(key_file)).unwrap()
}

async fn accepted(app: &TestApp, token: &str) -> bool {
    let body = app.gql(None, EXCHANGE, json!({ "t": token })).await;
    if body["errors"].is_null() {
        assert_eq!(
            body["data"]["loginWithExternalToken"]["userId"],
            json!(demo_id("user", "nhf.coordinator@meander.dev"))
        );
        return true;
    }
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    false
}

/// The reason of the latest refused sign-in, from the audit trail.
async fn refusal_reason(app: &TestApp) -> String {
    let last = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("auth.login_failed"))
        .order_by_desc(audit_events::Column::Sequence)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a refusal is audited");
    last.details["reason"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Past an interval of `seconds`.
async fn wait_past(seconds: u64) {
    tokio::time::sleep(Duration::from_millis(seconds * 1000 + 150)).await;
}

#[tokio::test]
async fn jwks_url_keys_verify_and_a_rotation_is_picked_up_when_a_token_names_a_new_kid() {
    let idp = Idp::start(StatusCode::OK, &[KEY1]).await;
    let app = idp.gateway(300, 3600, 1).await;
    assert!(accepted(&app, &token(KEY1.0, KEY1.1)).await);
    assert_eq!(idp.hits(), 1, "fetched once, at start-up");
    // Still fresh: more tokens ask nothing.
    assert!(accepted(&app, &token(KEY1.0, KEY1.1)).await);
    assert_eq!(idp.hits(), 1);

    // The issuer rotates to key 2.
    idp.answer(StatusCode::OK, &[KEY2], "public, max-age=3600");
    wait_past(1).await;
    assert!(
        accepted(&app, &token(KEY2.0, KEY2.1)).await,
        "new kid fetched"
    );
    assert_eq!(idp.hits(), 2);
    // Key 1 was removed in that refresh: refused (and, within the interval, not fetched).
    assert!(!accepted(&app, &token(KEY1.0, KEY1.1)).await);
    assert_eq!(idp.hits(), 2);
    // Nor later, when the interval allows a fetch: the issuer no longer publishes it.
    wait_past(1).await;
    assert!(!accepted(&app, &token(KEY1.0, KEY1.1)).await);
    assert_eq!(idp.hits(), 3);
    // A token signed by another key under key 2's kid is no token of the issuer.
    assert!(!accepted(&app, &token(KEY2.0, KEY1.1)).await);
}

#[tokio::test]
async fn a_burst_of_tokens_with_unknown_kids_fetches_the_jwks_at_most_once_per_interval() {
    let idp = Idp::start(StatusCode::OK, &[KEY1]).await;
    let app = idp.gateway(300, 3600, 3).await;
    assert!(accepted(&app, &token(KEY1.0, KEY1.1)).await);
    assert_eq!(idp.hits(), 1);
    wait_past(3).await;
    let burst = |round: usize| {
        let mut set = tokio::task::JoinSet::new();
        for i in 0..20 {
            let (client, url) = (app.client.clone(), format!("{}/graphql", app.base));
            let body = json!({ "query": EXCHANGE,
                               "variables": { "t": token(&format!("unknown-{round}-{i}"), KEY2.1) } });
            set.spawn(async move {
                let r = client.post(url).json(&body).send().await.unwrap();
                r.json::<Value>().await.unwrap()
            });
        }
        set.join_all()
    };
    for body in burst(1).await {
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    }
    assert_eq!(idp.hits(), 2, "twenty unknown kids, one fetch");
    for body in burst(2).await {
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    }
    assert_eq!(idp.hits(), 2, "within the interval, none");
    // The keys it had still verify.
    assert!(accepted(&app, &token(KEY1.0, KEY1.1)).await);
}

#[tokio::test]
async fn the_last_good_keys_still_verify_when_the_issuer_fails_or_is_gone() {
    let idp = Idp::start(StatusCode::OK, &[KEY1]).await;
    // Keys are good for two seconds, then fetched again before a token is checked.
    idp.answer(StatusCode::OK, &[KEY1], "max-age=2");
    let app = idp.gateway(2, 2, 2).await;
    assert!(accepted(&app, &token(KEY1.0, KEY1.1)).await);
    assert_eq!(idp.hits(), 1);

    // The issuer fails: the refresh is tried, and the last keys stay.
    idp.answer(StatusCode::SERVICE_UNAVAILABLE, &[], "no-store");
    wait_past(2).await;
    assert!(accepted(&app, &token(KEY1.0, KEY1.1)).await);
    assert_eq!(idp.hits(), 2, "a refresh was tried");
    // It answers something that is no JWKS: the same.
    idp.answer(StatusCode::OK, &[], "max-age=2");
    wait_past(2).await;
    assert!(accepted(&app, &token(KEY1.0, KEY1.1)).await);
    assert_eq!(idp.hits(), 3, "a refresh was tried");

    // The issuer is gone (connections refused): the same.
    idp.server.stop();
    wait_past(2).await;
    assert!(accepted(&app, &token(KEY1.0, KEY1.1)).await);
    // A removed key is what a refresh would have told; without one, unknown kids stay unknown.
    assert!(!accepted(&app, &token(KEY2.0, KEY2.1)).await);
}

#[tokio::test]
async fn an_issuer_down_at_start_up_has_its_tokens_refused_until_its_keys_arrive() {
    let idp = Idp::start(StatusCode::SERVICE_UNAVAILABLE, &[]).await;
    // The gateway starts all the same.
    let app = idp.gateway(300, 3600, 1).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while idp.hits() == 0 {
        assert!(std::time::Instant::now() < deadline, "no fetch at start-up");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!accepted(&app, &token(KEY1.0, KEY1.1)).await);
    let reason = refusal_reason(&app).await;
    assert!(reason.contains("no keys fetched"), "{reason}");

    idp.answer(StatusCode::OK, &[KEY1], "public, max-age=3600");
    wait_past(1).await;
    assert!(accepted(&app, &token(KEY1.0, KEY1.1)).await);
}

#[tokio::test]
async fn a_jwks_server_whose_certificate_the_configured_ca_did_not_sign_is_not_trusted() {
    let idp = Idp::start(StatusCode::OK, &[KEY1]).await;
    let stranger = TestCa::new("some other CA");
    let mut issuer = idp.issuer();
    issuer.jwks_ca_file = stranger.pem_path();
    let app = TestApp::spawn_with(move |s| s.auth.external_issuers = vec![issuer]).await;
    assert!(!accepted(&app, &token(KEY1.0, KEY1.1)).await);
    assert_eq!(
        idp.hits(),
        0,
        "no request reached it: the TLS handshake failed"
    );
}

/// A change to an issuer's settings.
type Adjust = dyn Fn(&mut ExternalIssuerSettings);

#[tokio::test]
async fn jwks_url_settings_are_checked_at_start_up_naming_the_key() {
    let settings = Settings::load_profile(Profile::Test, &Overrides::default()).unwrap();
    let idp_settings = |adjust: &Adjust| {
        let mut auth = settings.auth.clone();
        let mut issuer = ExternalIssuerSettings {
            name: "jwks-idp".into(),
            issuer: "https://idp.test".into(),
            audience: "meander-portal".into(),
            algorithm: "RS256".into(),
            jwks_file: String::new(),
            public_key_file: String::new(),
            jwks_url: "https://idp.test/jwks".into(),
            jwks_ca_file: String::new(),
            email_claim: "email".into(),
            provider: "external".into(),
            organizations: vec![demo_id("org", "nhf")],
        };
        adjust(&mut issuer);
        auth.external_issuers = vec![issuer];
        ExternalIssuers::from_settings(&auth).map(|_| ())
    };
    assert!(idp_settings(&|_| {}).is_ok());
    let cases: [(&Adjust, &str); 4] = [
        (
            &|i| i.jwks_url = "http://idp.test/jwks".into(),
            "auth.external_issuers[jwks-idp].jwks_url: `http://idp.test/jwks` is not an https:// URL",
        ),
        (
            &|i| i.jwks_file = format!("{FIXTURES}/idp-test.jwks.json"),
            "auth.external_issuers[jwks-idp].jwks_file: give exactly one of jwks_file, public_key_file and jwks_url",
        ),
        (
            &|i| i.jwks_ca_file = "/nonexistent/ca.pem".into(),
            "auth.external_issuers[jwks-idp].jwks_ca_file: cannot read /nonexistent/ca.pem",
        ),
        (
            &|i| {
                i.jwks_url = String::new();
                i.public_key_file = format!("{FIXTURES}/rsa-test-public.pem");
                i.jwks_ca_file = format!("{FIXTURES}/rsa-test-public.pem");
            },
            "auth.external_issuers[jwks-idp].jwks_ca_file: only used with jwks_url",
        ),
    ];
    for (adjust, expected) in cases {
        let e = idp_settings(adjust).unwrap_err().to_string();
        assert!(e.starts_with(expected), "{e}");
    }
}
