//! Query limits (`[limits]`): refused before execution, with QUERY_TOO_COMPLEX or
//! BAD_REQUEST naming the limit, and without a single SQL statement (not even the viewer's).

use crate::common;

use std::time::{Duration, Instant};

use common::{TestApp, error_code, statements};
use serde_json::{Value, json};

fn limit_of(body: &Value) -> (&str, u64, u64) {
    let ext = &body["errors"][0]["extensions"];
    (
        ext["limit"].as_str().unwrap_or(""),
        ext["max"].as_u64().unwrap_or(0),
        ext["actual"].as_u64().unwrap_or(0),
    )
}

#[tokio::test]
async fn a_query_deeper_than_max_depth_is_refused_before_any_sql() {
    let app = TestApp::spawn_with(|s| s.limits.max_depth = 5).await;
    let token = app.token("nhf.admin@meander.dev").await;
    // organizations > nodes > localAssociations > nodes > organization > name: depth 6.
    let deep =
        "{ organizations { nodes { localAssociations { nodes { organization { name } } } } } }";
    let (body, h) = app.gql_full(Some(&token), deep, json!({})).await;
    assert_eq!(error_code(&body), "QUERY_TOO_COMPLEX", "{body}");
    assert_eq!(limit_of(&body), ("limits.max_depth", 5, 6));
    assert!(body["data"].is_null(), "{body}");
    // Not even the viewer was resolved.
    assert_eq!(statements(&h), 0);

    let ok = "{ organizations { nodes { localAssociations { nodes { name } } } } }";
    let (body, h) = app.gql_full(Some(&token), ok, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    assert!(statements(&h) > 0);
}

#[tokio::test]
async fn complexity_multiplies_what_a_paged_field_selects_by_first_or_last() {
    let app = TestApp::spawn_with(|s| s.limits.max_complexity = 100).await;
    // users: 1 + 50 rows x (nodes 1 + id 1 + firstName 1) = 151.
    let (body, h) = app
        .gql_full(
            None,
            "{ users(first: 50) { nodes { id firstName } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), "QUERY_TOO_COMPLEX", "{body}");
    assert_eq!(limit_of(&body), ("limits.max_complexity", 100, 151));
    assert_eq!(statements(&h), 0);

    // The same through a variable, and with `last`.
    let q = "query($n: Int) { users(last: $n) { nodes { id firstName } } }";
    let body = app.gql(None, q, json!({ "n": 50 })).await;
    assert_eq!(
        limit_of(&body),
        ("limits.max_complexity", 100, 151),
        "{body}"
    );

    // 1 + 10 x 3 = 31, and without first the default page size (20): 1 + 20 x 3 = 61.
    for q in [
        "{ users(first: 10) { nodes { id firstName } } }",
        "{ users { nodes { id firstName } } }",
    ] {
        let body = app.gql(None, q, json!({})).await;
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{q}: {body}");
    }

    // Nested pages multiply: 1 + 20 x (nodes 1 + localAssociations (1 + 5 x (nodes 1 + name 1))) = 241.
    let body = app
        .gql(
            None,
            "{ organizations { nodes { localAssociations(first: 5) { nodes { name } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        limit_of(&body),
        ("limits.max_complexity", 100, 241),
        "{body}"
    );
}

#[tokio::test]
async fn aliases_root_fields_and_directives_are_limited() {
    let app = TestApp::spawn_with(|s| {
        s.limits.max_aliases = 2;
        s.limits.max_root_fields = 3;
        s.limits.max_directives = 2;
    })
    .await;
    let (body, h) = app
        .gql_full(
            None,
            "{ a: __typename b: __typename c: __typename }",
            json!({}),
        )
        .await;
    assert_eq!(limit_of(&body), ("limits.max_aliases", 2, 3), "{body}");
    assert_eq!(error_code(&body), "QUERY_TOO_COMPLEX");
    assert_eq!(statements(&h), 0);

    let body = app
        .gql(
            None,
            "{ viewer { permissions } organizations { totalCount } users { totalCount } __typename }",
            json!({}),
        )
        .await;
    assert_eq!(limit_of(&body), ("limits.max_root_fields", 3, 4), "{body}");

    let body = app
        .gql(
            None,
            "query($t: Boolean!) { __typename @include(if: $t) @skip(if: false) ... on Query @include(if: true) { __typename } }",
            json!({ "t": true }),
        )
        .await;
    assert_eq!(limit_of(&body), ("limits.max_directives", 2, 3), "{body}");

    let body = app
        .gql(
            None,
            "{ a: __typename __typename @skip(if: false) }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["a"], "Query", "{body}");
}

#[tokio::test]
async fn a_fragment_bomb_is_counted_expanded_and_refused_quickly() {
    let app = TestApp::spawn().await;
    // F30 expands to 2^30 aliased fields; fragments are costed once each, so this is fast.
    let mut doc = String::from("{ ...F30 } fragment F0 on Query { a: __typename }");
    for i in 1..=30 {
        doc.push_str(&format!(
            " fragment F{i} on Query {{ ...F{p} ...F{p} }}",
            p = i - 1
        ));
    }
    let started = Instant::now();
    let (body, h) = app.gql_full(None, &doc, json!({})).await;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(
        limit_of(&body),
        ("limits.max_aliases", 30, 1 << 30),
        "{body}"
    );
    assert_eq!(statements(&h), 0);
}

#[tokio::test]
async fn an_oversized_document_is_refused_as_a_bad_request() {
    let app = TestApp::spawn_with(|s| s.limits.max_document_chars = 100).await;
    let doc = format!("{{ __typename }} # {}", "x".repeat(100));
    let (body, h) = app.gql_full(None, &doc, json!({})).await;
    assert_eq!(error_code(&body), "BAD_REQUEST", "{body}");
    assert_eq!(limit_of(&body), ("limits.max_document_chars", 100, 117));
    assert_eq!(statements(&h), 0);
}

#[tokio::test]
async fn a_batch_larger_than_max_batch_size_is_refused() {
    let app = TestApp::spawn_with(|s| s.limits.max_batch_size = 2).await;
    let op = json!({ "query": "{ __typename }" });
    let resp = app
        .post_raw(None, &json!([op.clone(), op.clone(), op.clone()]), None)
        .await;
    assert_eq!(resp.status(), 400);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(error_code(&body), "BAD_REQUEST", "{body}");
    assert_eq!(limit_of(&body), ("limits.max_batch_size", 2, 3));

    let resp = app.post_raw(None, &json!([op.clone(), op]), None).await;
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body[0]["data"]["__typename"], "Query", "{body}");
    assert_eq!(body[1]["data"]["__typename"], "Query", "{body}");
}

#[tokio::test]
async fn each_operation_of_a_batch_is_checked_on_its_own() {
    let app = TestApp::spawn_with(|s| s.limits.max_aliases = 1).await;
    let resp = app
        .post_raw(
            None,
            &json!([
                { "query": "{ a: __typename }" },
                { "query": "{ a: __typename b: __typename }" }
            ]),
            None,
        )
        .await;
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body[0]["data"]["a"], "Query", "{body}");
    assert_eq!(
        body[1]["errors"][0]["extensions"]["code"],
        "QUERY_TOO_COMPLEX"
    );
}

#[tokio::test]
async fn introspection_is_free_so_graphiql_works_under_the_default_limits() {
    let app = TestApp::spawn().await;
    let deep = "{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name } } } } } } } } } } }";
    let (body, h) = app.gql_full(None, deep, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    assert!(body["data"]["__schema"]["types"].is_array());
    assert_eq!(statements(&h), 0);
}

#[tokio::test]
async fn a_deeply_nested_document_within_the_size_limit_does_not_crash_the_server() {
    let app = TestApp::spawn().await;
    let n = 6_600;
    let doc = format!("{}{}", "{a".repeat(n), "}".repeat(n));
    assert!(doc.len() <= 20_000, "within limits.max_document_chars");
    let (body, h) = app.gql_full(None, &doc, json!({})).await;
    assert!(body["errors"].is_array(), "{body}");
    assert_eq!(statements(&h), 0);
    // Still serving.
    let body = app.gql(None, "{ __typename }", json!({})).await;
    assert_eq!(body["data"]["__typename"], "Query");
}
