//! The HTTP surface: health, readiness, GraphiQL, GET for queries only, request ids,
//! SQL statement counts.

use crate::common;

use common::{TestApp, statements};
use serde_json::json;

#[tokio::test]
async fn healthz_and_readyz_answer() {
    let app = TestApp::spawn().await;
    let h = app.get("/healthz").await;
    assert_eq!(h.status(), 200);
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn graphiql_is_served_when_enabled() {
    let app = TestApp::spawn().await;
    let page = app.get("/graphiql").await;
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .to_lowercase()
            .contains("graphiql")
    );
}

#[tokio::test]
async fn graphiql_and_introspection_are_off_when_disabled() {
    let app = TestApp::spawn_with(|s| {
        s.server.graphiql = false;
        s.server.introspection = false;
    })
    .await;
    let page = app.get("/graphiql").await;
    assert_eq!(page.status(), 404);
    let body = app
        .gql(None, "{ __schema { types { name } } }", json!({}))
        .await;
    assert!(body["data"]["__schema"].is_null(), "{body}");
}

#[tokio::test]
async fn get_runs_queries_but_refuses_mutations() {
    let app = TestApp::spawn().await;
    let q = app
        .client
        .get(format!("{}/graphql", app.base))
        .query(&[("query", "{ __typename }")])
        .send()
        .await
        .unwrap();
    assert_eq!(q.status(), 200);
    let body: serde_json::Value = q.json().await.unwrap();
    assert_eq!(body["data"]["__typename"], "Query");
    let m = app
        .client
        .get(format!("{}/graphql", app.base))
        .query(&[("query", "mutation { logout }")])
        .send()
        .await
        .unwrap();
    assert_eq!(m.status(), 405);
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_keeps_the_clients() {
    let app = TestApp::spawn().await;
    let r = app.get("/healthz").await;
    assert!(!r.headers()["x-request-id"].is_empty());
    let r = app
        .client
        .get(format!("{}/healthz", app.base))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "abc-123");
}

#[tokio::test]
async fn the_viewer_is_cached_and_sql_statements_are_counted_per_request() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.coordinator@meander.dev").await;
    // First request resolves the viewer: session, user, feature areas, memberships, roles,
    // role permissions.
    let (_, h) = app
        .gql_full(Some(&token), "{ __typename }", json!({}))
        .await;
    assert_eq!(statements(&h), 6);
    // Then the cached viewer costs nothing.
    let (_, h) = app
        .gql_full(Some(&token), "{ __typename }", json!({}))
        .await;
    assert_eq!(statements(&h), 0);
    let (_, h) = app
        .gql_full(
            Some(&token),
            "{ viewer { user { id } organization { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(statements(&h), 2);
}
