//! GraphQL over HTTP: media types by Accept, status codes, malformed requests; the production
//! profile's closed surface; HTTP hardening (body limit, timeout, CORS, compression, headers).

use crate::common;

use std::time::Duration;

use common::{TestApp, error_code};
use meander_gateway::config::Profile;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const GR: &str = "application/graphql-response+json";

async fn send(app: &TestApp, body: &Value, accept: Option<&str>) -> (u16, String, Value) {
    let resp = app.post_raw(None, body, accept).await;
    let status = resp.status().as_u16();
    let ct = resp.headers()["content-type"].to_str().unwrap().to_string();
    (status, ct, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn graphql_response_json_answers_400_for_parse_and_validation_errors() {
    let app = TestApp::spawn().await;
    for bad in [
        "{ __typename",
        "{ nope }",
        "query($n: Int!) { users(first: $n) { totalCount } }",
    ] {
        let (status, ct, body) = send(&app, &json!({ "query": bad }), Some(GR)).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(ct, GR);
        assert!(body.get("data").is_none_or(Value::is_null), "{body}");
        assert!(body["errors"][0]["message"].is_string());
    }
    let (status, ct, body) = send(&app, &json!({ "query": "{ __typename }" }), Some(GR)).await;
    assert_eq!((status, ct.as_str()), (200, GR));
    assert_eq!(body["data"]["__typename"], "Query");
    // A field error is an executed request: 200 with data.
    let (status, _, body) = send(
        &app,
        &json!({ "query": "{ users { totalCount } }" }),
        Some(GR),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
}

#[tokio::test]
async fn application_json_answers_200_for_validation_errors_and_is_the_default() {
    let app = TestApp::spawn().await;
    for accept in [Some("application/json"), None, Some("*/*")] {
        let (status, ct, body) = send(&app, &json!({ "query": "{ nope }" }), accept).await;
        assert_eq!(status, 200, "{accept:?}: {body}");
        assert_eq!(ct, "application/json");
        assert!(body["errors"][0]["message"].is_string());
    }
    // Preference order is the client's.
    let (_, ct, _) = send(
        &app,
        &json!({ "query": "{ __typename }" }),
        Some("application/json, application/graphql-response+json;q=0.9"),
    )
    .await;
    assert_eq!(ct, "application/json");
    let (_, ct, _) = send(
        &app,
        &json!({ "query": "{ __typename }" }),
        Some("application/graphql-response+json, application/json"),
    )
    .await;
    assert_eq!(ct, GR);
}

#[tokio::test]
async fn an_unacceptable_accept_header_answers_406() {
    let app = TestApp::spawn().await;
    let (status, _, _) = send(
        &app,
        &json!({ "query": "{ __typename }" }),
        Some("text/html"),
    )
    .await;
    assert_eq!(status, 406);
}

#[tokio::test]
async fn malformed_requests_answer_400_with_bad_request() {
    let app = TestApp::spawn().await;
    let url = format!("{}/graphql", app.base);
    let raw = |body: &'static str, ct: &'static str| {
        app.client
            .post(&url)
            .header("content-type", ct)
            .body(body)
            .send()
    };
    for body in [
        "{ not json",
        r#"{ "variables": {} }"#,
        r#"{ "query": "{ __typename }", "variables": 5 }"#,
        r#"{ "query": 7 }"#,
        "[]",
    ] {
        let resp = raw(body, "application/json").await.unwrap();
        assert_eq!(resp.status(), 400, "{body}");
        let json: Value = resp.json().await.unwrap();
        assert_eq!(error_code(&json), "BAD_REQUEST", "{body}: {json}");
    }
    let resp = raw("{ __typename }", "text/plain").await.unwrap();
    assert_eq!(resp.status(), 415);
    // Variables of the wrong type are a validation error of a well-formed request.
    let (status, _, body) = send(
        &app,
        &json!({ "query": "query($n: Int) { users(first: $n) { totalCount } }", "variables": { "n": "ten" } }),
        Some(GR),
    )
    .await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn bodies_over_max_body_bytes_answer_413() {
    let app = TestApp::spawn_with(|s| s.http.max_body_bytes = 2048).await;
    let big = format!("{{ __typename }} # {}", "x".repeat(4096));
    let resp = app.post_raw(None, &json!({ "query": big }), None).await;
    assert_eq!(resp.status(), 413);
}

#[tokio::test]
async fn a_request_slower_than_the_timeout_answers_408() {
    let app = TestApp::spawn_with(|s| s.http.request_timeout_seconds = 1).await;
    let addr = app.base.trim_start_matches("http://");
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    // Announce a body and never send it.
    conn.write_all(
        b"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{",
    )
    .await
    .unwrap();
    let mut buf = vec![0u8; 256];
    let n = tokio::time::timeout(Duration::from_secs(5), conn.read(&mut buf))
        .await
        .expect("answered within the timeout")
        .unwrap();
    let head = String::from_utf8_lossy(&buf[..n]);
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
}

#[tokio::test]
async fn security_headers_and_no_store_are_set() {
    let app = TestApp::spawn().await;
    let resp = app
        .post_raw(None, &json!({ "query": "{ __typename }" }), None)
        .await;
    let h = resp.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["cache-control"], "no-store");
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let app = TestApp::spawn_with(|s| {
        s.http.cors_allowed_origins = vec!["https://admin.example.org".into()];
    })
    .await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, format!("{}/graphql", app.base))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .send()
    };
    let ok = preflight("https://admin.example.org").await.unwrap();
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "https://admin.example.org"
    );
    let other = preflight("https://evil.example.com").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn responses_are_gzipped_when_the_client_accepts_it() {
    let app = TestApp::spawn().await;
    let resp = app
        .client
        .post(format!("{}/graphql", app.base))
        .header("accept-encoding", "gzip")
        .json(&json!({ "query": "{ __schema { types { name description } } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-encoding"], "gzip");
    let bytes = resp.bytes().await.unwrap();
    assert_eq!(&bytes[..2], &[0x1f, 0x8b], "gzip magic");
}

#[tokio::test]
async fn the_production_profile_hides_graphiql_introspection_and_suggestions() {
    let secret = "p".repeat(48);
    let app =
        TestApp::spawn_profile(Profile::Production, &[("auth.jwt_secret", &secret)], |_| {}).await;
    assert!(!app.settings.server.graphiql && !app.settings.server.introspection);
    let page = app.get("/graphiql").await;
    assert_eq!(page.status(), 404);
    let root = app.get("/").await;
    assert_eq!(root.status(), 404);
    let body = app
        .gql(None, "{ __schema { types { name } } }", json!({}))
        .await;
    assert_eq!(error_code(&body), "GRAPHQL_VALIDATION_FAILED", "{body}");
    let body = app.gql(None, "{ usr { id } }", json!({})).await;
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(!message.contains("Did you mean"), "{message}");

    // The development-like profiles do suggest.
    let dev = TestApp::spawn().await;
    let body = dev.gql(None, "{ usr { id } }", json!({})).await;
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("Did you mean"), "{message}");
}
