//! Hostile documents (`limits.max_nesting`, `app::nesting`): a literal nested far deeper than
//! the parser's stack would hold is refused unparsed, on every path that parses a document,
//! with BAD_REQUEST naming the limit; the server keeps serving.

use crate::common;

use async_graphql::futures_util::{SinkExt, StreamExt};
use common::{TestApp, error_code, statements};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio_tungstenite::tungstenite::{
    Message,
    client::IntoClientRequest,
    http::{HeaderValue, header},
};

/// Room for a 1 MB document, so that the nesting limit (not the size limit) is what refuses it.
async fn spawn_for_big_documents() -> TestApp {
    TestApp::spawn_with(|s| {
        s.limits.max_document_chars = 4_000_000;
        s.http.max_body_bytes = 8_000_000;
        s.rate_limit.enabled = false;
    })
    .await
}

/// About `bytes` of openers (`[`, or `{a:` for object literals and `{ a ` for selections) at
/// `position` of an operation, never closed: the shape of the crash, and the cheapest to send.
fn nested(position: &str, open: &str, bytes: usize) -> String {
    let literal = if open == "[" {
        "[".repeat(bytes)
    } else {
        "{a:".repeat(bytes / 3)
    };
    match position {
        "argument" => format!("{{ users(first: {literal}"),
        "directive argument" => format!("{{ __typename @include(if: {literal}"),
        "variable default" => format!("query($v: [Int] = {literal}"),
        "selection" => "{ a ".repeat(bytes / 4),
        other => unreachable!("{other}"),
    }
}

const POSITIONS: [&str; 4] = [
    "argument",
    "directive argument",
    "variable default",
    "selection",
];

fn assert_nesting_refused(body: &Value) {
    assert_eq!(error_code(body), "BAD_REQUEST", "{body}");
    let ext = &body["errors"][0]["extensions"];
    assert_eq!(ext["limit"], "limits.max_nesting", "{body}");
    assert_eq!(ext["max"], 64, "{body}");
    assert_eq!(ext["actual"], 65, "{body}");
    assert!(body["data"].is_null(), "{body}");
}

async fn still_serving(app: &TestApp) {
    let body = app.gql(None, "{ __typename }", json!({})).await;
    assert_eq!(body["data"]["__typename"], "Query", "{body}");
}

#[tokio::test]
async fn a_megabyte_of_nesting_is_refused_unparsed_in_every_position_over_post() {
    let app = spawn_for_big_documents().await;
    for position in POSITIONS {
        for open in ["[", "{"] {
            let doc = nested(position, open, 1_000_000);
            let (body, h) = app.gql_full(None, &doc, json!({})).await;
            assert_nesting_refused(&body);
            assert_eq!(statements(&h), 0, "{position} {open}");
        }
    }
    // Inside a batch too, each operation on its own.
    let batch = json!([
        { "query": nested("directive argument", "[", 1_000_000) },
        { "query": "{ __typename }" },
    ]);
    let body: Value = app.post_raw(None, &batch, None).await.json().await.unwrap();
    assert_nesting_refused(&body[0]);
    assert_eq!(body[1]["data"]["__typename"], "Query", "{body}");
    still_serving(&app).await;
}

#[tokio::test]
async fn deep_nesting_is_refused_over_get_and_apq_registration() {
    let app = spawn_for_big_documents().await;
    // GET: a URL holds less than a megabyte; 20,000 levels are still 300 times the limit.
    let doc = nested("directive argument", "[", 20_000);
    let resp = app
        .client
        .get(format!("{}/graphql", app.base))
        .query(&[("query", doc.as_str())])
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    let text = resp.text().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{text}"));
    assert_nesting_refused(&body);

    // APQ registration: the hash with its query.
    let doc = nested("argument", "{", 1_000_000);
    let hash = format!("{:x}", Sha256::digest(doc.as_bytes()));
    let register = json!({
        "query": doc,
        "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } },
    });
    let body: Value = app
        .post_raw(None, &register, None)
        .await
        .json()
        .await
        .unwrap();
    assert_nesting_refused(&body);
    // Nothing was registered: the hash alone is unknown.
    let by_hash =
        json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } });
    let body: Value = app
        .post_raw(None, &by_hash, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(error_code(&body), "PERSISTED_QUERY_NOT_FOUND", "{body}");
    still_serving(&app).await;
}

#[tokio::test]
async fn deep_nesting_is_refused_in_a_websocket_subscribe() {
    let app = spawn_for_big_documents().await;
    let url = format!("{}/graphql/ws", app.base.replacen("http://", "ws://", 1));
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert(
        header::SEC_WEBSOCKET_PROTOCOL,
        HeaderValue::from_static("graphql-transport-ws"),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    let send = |v: Value| Message::Text(v.to_string().into());
    ws.send(send(json!({ "type": "connection_init", "payload": {} })))
        .await
        .unwrap();
    let doc = format!(
        "subscription {{ notificationAdded(category: {}",
        "[".repeat(1_000_000)
    );
    ws.send(send(
        json!({ "id": "1", "type": "subscribe", "payload": { "query": doc } }),
    ))
    .await
    .unwrap();
    let mut answer = None;
    while let Some(msg) = tokio::time::timeout(std::time::Duration::from_secs(10), ws.next())
        .await
        .expect("an answer in time")
    {
        if let Message::Text(t) = msg.expect("the socket stays open") {
            let v: Value = serde_json::from_str(t.as_str()).unwrap();
            // The refusal comes as the operation's only result, then `complete`.
            if v["type"] == "next" || v["type"] == "error" {
                answer = Some(v);
                break;
            }
        }
    }
    let answer = answer.expect("an answer for the subscription");
    assert_eq!(answer["id"], "1", "{answer}");
    assert_nesting_refused(&answer["payload"]);
    still_serving(&app).await;
}

#[tokio::test]
async fn nesting_up_to_the_limit_is_parsed_and_answered_as_before() {
    let app = TestApp::spawn().await;
    // 64 levels (a brace, a parenthesis, 62 brackets): parsed; a list for a Boolean is a
    // validation error, not a refusal.
    let doc = format!(
        "{{ __typename @include(if: {}true{}) }}",
        "[".repeat(62),
        "]".repeat(62)
    );
    let body = app.gql(None, &doc, json!({})).await;
    assert_ne!(
        body["errors"][0]["extensions"]["limit"], "limits.max_nesting",
        "{body}"
    );
    // Brackets inside strings, block strings and comments are text, not nesting.
    let text = "[".repeat(5_000);
    let doc = format!("# {text}\n{{ __typename @include(if: true) }}");
    let body = app.gql(None, &doc, json!({})).await;
    assert_eq!(body["data"]["__typename"], "Query", "{body}");
}

#[tokio::test]
async fn a_manifest_with_a_document_over_the_nesting_limit_stops_the_server_at_start() {
    let dir = std::env::temp_dir().join(format!("meander-manifest-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let doc = nested("directive argument", "[", 100);
    let hash = format!("{:x}", Sha256::digest(doc.as_bytes()));
    let file = dir.join("manifest.json");
    std::fs::write(&file, json!({ hash.clone(): doc }).to_string()).unwrap();
    let mut settings = meander_gateway::config::Settings::load_profile(
        meander_gateway::config::Profile::Test,
        &Default::default(),
    )
    .unwrap();
    settings.persisted_queries.manifest_file = file.display().to_string();
    let db = common::fresh_database().await;
    let conn = sea_orm::Database::connect(&db.url).await.unwrap();
    let err = meander_gateway::app::AppState::new(settings, conn)
        .err()
        .expect("the manifest is refused");
    let message = format!("{err:#}");
    assert!(
        message.contains("limits.max_nesting") && message.contains(&hash),
        "{message}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn a_chain_of_fragments_spread_inside_each_other_is_held_to_the_nesting_limit() {
    let app = spawn_for_big_documents().await;
    // Nesting the text does not show: 5,000 fragments, each spreading the next.
    let chain = |n: usize| {
        let mut doc = String::from("{ ...f0 }");
        for i in 0..n {
            doc.push_str(&format!(" fragment f{i} on Query {{ ...f{} }}", i + 1));
        }
        doc.push_str(&format!(" fragment f{n} on Query {{ __typename }}"));
        doc
    };
    let (body, h) = app.gql_full(None, &chain(5_000), json!({})).await;
    assert_nesting_refused(&body);
    assert_eq!(statements(&h), 0);
    // A short chain is checked by the usual rules (and answers).
    let body = app.gql(None, &chain(3), json!({})).await;
    assert_eq!(body["data"]["__typename"], "Query", "{body}");
    still_serving(&app).await;
}
