//! Persisted operations (`[persisted_queries]`): Apollo APQ and the allow-list manifest.

use crate::common;

use common::{TestApp, error_code, statements};
use meander_gateway::{
    app::{AppState, persisted::sha256_hex},
    config::{Profile, Settings},
};
use serde_json::{Value, json};

fn apq(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

#[tokio::test]
async fn apq_registers_a_query_then_runs_it_by_hash() {
    let app = TestApp::spawn().await;
    let query = "query Hello { __typename }";
    let hash = sha256_hex(query);
    // Unknown hash: the client is told to send the query.
    let resp = app
        .post_raw(None, &json!({ "extensions": apq(&hash) }), None)
        .await;
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(error_code(&body), "PERSISTED_QUERY_NOT_FOUND", "{body}");
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");

    let body: Value = app
        .post_raw(
            None,
            &json!({ "query": query, "extensions": apq(&hash) }),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"]["__typename"], "Query", "{body}");

    // Now the hash alone runs it, upper-case hex too, over GET as well.
    let body: Value = app
        .post_raw(
            None,
            &json!({ "extensions": apq(&hash.to_uppercase()) }),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"]["__typename"], "Query", "{body}");
    let get = app
        .client
        .get(format!("{}/graphql", app.base))
        .query(&[("extensions", apq(&hash).to_string())])
        .send()
        .await
        .unwrap();
    let body: Value = get.json().await.unwrap();
    assert_eq!(body["data"]["__typename"], "Query", "{body}");
}

#[tokio::test]
async fn a_hash_that_does_not_match_its_query_is_a_bad_request() {
    let app = TestApp::spawn().await;
    let resp = app
        .post_raw(
            None,
            &json!({ "query": "{ __typename }", "extensions": apq(&sha256_hex("{ other }")) }),
            None,
        )
        .await;
    assert_eq!(resp.status(), 400);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(error_code(&body), "BAD_REQUEST", "{body}");
}

#[tokio::test]
async fn apq_does_not_store_a_query_over_the_limits() {
    let app = TestApp::spawn_with(|s| s.limits.max_aliases = 1).await;
    let query = "{ a: __typename b: __typename }";
    let hash = sha256_hex(query);
    let body = app
        .post_raw(
            None,
            &json!({ "query": query, "extensions": apq(&hash) }),
            None,
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(error_code(&body), "QUERY_TOO_COMPLEX");
    let body = app
        .post_raw(None, &json!({ "extensions": apq(&hash) }), None)
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(error_code(&body), "PERSISTED_QUERY_NOT_FOUND");
}

#[tokio::test]
async fn with_apq_off_hashes_are_never_remembered() {
    let app = TestApp::spawn_with(|s| s.persisted_queries.apq = false).await;
    let query = "{ __typename }";
    let hash = sha256_hex(query);
    app.post_raw(
        None,
        &json!({ "query": query, "extensions": apq(&hash) }),
        None,
    )
    .await;
    let body = app
        .post_raw(None, &json!({ "extensions": apq(&hash) }), None)
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(error_code(&body), "PERSISTED_QUERY_NOT_FOUND");
}

/// The login query tests use, and one app query, in a manifest of the test's own.
fn write_manifest(queries: &[&str]) -> std::path::PathBuf {
    let map: serde_json::Map<String, Value> = queries
        .iter()
        .map(|q| (sha256_hex(q), Value::from(*q)))
        .collect();
    let path = std::env::temp_dir().join(format!("meander-manifest-{}.json", uuid::Uuid::new_v4()));
    std::fs::write(&path, Value::Object(map).to_string()).unwrap();
    path
}

const TEST_LOGIN: &str =
    "mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken organizationId } }";
const MY_NAME: &str = "query MyName { viewer { user { firstName } } }";

#[tokio::test]
async fn require_manifest_accepts_only_manifest_operations_except_from_admins() {
    let manifest = write_manifest(&[TEST_LOGIN, MY_NAME]);
    let file = manifest.display().to_string();
    let app = TestApp::spawn_with(|s| {
        s.persisted_queries.manifest_file = file;
        s.persisted_queries.require_manifest = true;
    })
    .await;
    // Anonymous ad-hoc query: refused before any SQL.
    let (body, h) = app.gql_full(None, "{ __typename }", json!({})).await;
    assert_eq!(error_code(&body), "PERSISTED_QUERY_REQUIRED", "{body}");
    assert_eq!(statements(&h), 0);

    let mentor = app.token("nhf.mentor@meander.dev").await;
    let body = app
        .gql(Some(&mentor), "{ viewer { permissions } }", json!({}))
        .await;
    assert_eq!(error_code(&body), "PERSISTED_QUERY_REQUIRED", "{body}");
    // The manifest's operations run by hash alone, or by their text.
    let body: Value = app
        .post_raw(
            Some(&mentor),
            &json!({ "extensions": apq(&sha256_hex(MY_NAME)) }),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        body["data"]["viewer"]["user"]["firstName"].is_string(),
        "{body}"
    );
    let body = app.gql(Some(&mentor), MY_NAME, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");

    // Admins (the admin portal, GraphiQL) are not bound to the manifest.
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(Some(&admin), "{ viewer { permissions } }", json!({}))
        .await;
    assert!(body["errors"].is_null(), "{body}");
    // ... and cannot use APQ to make a query available to others.
    let q = "{ viewer { roles { key } } }";
    app.post_raw(
        Some(&admin),
        &json!({ "query": q, "extensions": apq(&sha256_hex(q)) }),
        None,
    )
    .await;
    let body: Value = app
        .post_raw(
            Some(&mentor),
            &json!({ "extensions": apq(&sha256_hex(q)) }),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(error_code(&body), "PERSISTED_QUERY_REQUIRED", "{body}");
    std::fs::remove_file(manifest).ok();
}

#[tokio::test]
async fn a_manifest_with_a_wrong_hash_stops_the_start() {
    let path = std::env::temp_dir().join(format!("meander-bad-{}.json", uuid::Uuid::new_v4()));
    std::fs::write(&path, json!({ sha256_hex("{ a }"): "{ b }" }).to_string()).unwrap();
    let mut settings = Settings::load_profile(Profile::Test, &Default::default()).unwrap();
    settings.persisted_queries.manifest_file = path.display().to_string();
    let db = sea_orm::Database::connect("sqlite::memory:").await.unwrap();
    let err = AppState::new(settings, db).err().expect("refused");
    assert!(
        err.to_string().contains("persisted_queries.manifest_file"),
        "{err}"
    );
    assert!(err.to_string().contains("not the sha256"), "{err}");
    std::fs::remove_file(path).ok();
}

#[tokio::test]
async fn the_shipped_manifest_loads_and_serves_its_operations() {
    let app = TestApp::spawn_with(|s| {
        s.persisted_queries.manifest_file = "config/persisted-queries.json".into();
    })
    .await;
    let manifest: serde_json::Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string("config/persisted-queries.json").unwrap())
            .unwrap();
    let (hash, _) = manifest
        .iter()
        .find(|(_, q)| q.as_str().unwrap().starts_with("query Viewer"))
        .unwrap();
    let token = app.token("nhf.coordinator@meander.dev").await;
    let body: Value = app
        .post_raw(Some(&token), &json!({ "extensions": apq(hash) }), None)
        .await
        .json()
        .await
        .unwrap();
    assert!(body["data"]["viewer"]["user"]["id"].is_string(), "{body}");
}
