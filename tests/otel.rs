//! OpenTelemetry trace export (`[tracing]`): a fake OTLP/HTTP collector in the test receives the
//! JSON export. A named operation is one server span named after it, with request id, status,
//! outcome, user and organization ids and the SQL statement count, and one child span per
//! statement; never a token, an email, variables or the query text. An incoming `traceparent`
//! is continued; a WebSocket upgrade is a span too; with tracing off nothing is sent; spans
//! still queued are sent at shutdown.

use crate::common;

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{Router, body::Bytes, extract::State, http::HeaderMap, routing::post};
use common::{
    DEMO_PASSWORD, TestApp,
    tls::{HttpsServer, TestCa},
};
use meander_gateway::{
    app::{self, AppState},
    config::{Overrides, Profile, Secret, Settings},
    db,
};
use serde_json::{Value, json};

type Received = Arc<Mutex<Vec<(HeaderMap, String)>>>;

/// A fake collector: keeps the headers and body of every export it receives.
pub(crate) struct Collector {
    pub(crate) base: String,
    received: Received,
    /// When it speaks HTTPS (`start_https`).
    _https: Option<HttpsServer>,
}

impl Collector {
    async fn start() -> Self {
        let (app, received) = Self::router();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self {
            base,
            received,
            _https: None,
        }
    }

    /// The collector over HTTPS, its certificate signed by `ca`.
    pub(crate) async fn start_https(ca: &TestCa) -> Self {
        let (app, received) = Self::router();
        let server = HttpsServer::start(app, ca).await;
        Self {
            base: server.base.clone(),
            received,
            _https: Some(server),
        }
    }

    fn router() -> (Router, Received) {
        let received = Received::default();
        let app = Router::new()
            .route(
                "/v1/traces",
                post(
                    |State(received): State<Received>, headers: HeaderMap, body: Bytes| async move {
                        let body = String::from_utf8_lossy(&body).into_owned();
                        received.lock().unwrap().push((headers, body));
                        ([("content-type", "application/json")], "{}")
                    },
                ),
            )
            .with_state(received.clone());
        (app, received)
    }

    /// The headers of every export received.
    pub(crate) fn headers(&self) -> Vec<HeaderMap> {
        let received = self.received.lock().unwrap();
        received.iter().map(|(h, _)| h.clone()).collect()
    }

    /// Every export as received (to search for what must never be sent).
    fn text(&self) -> String {
        let received = self.received.lock().unwrap();
        let bodies: Vec<_> = received.iter().map(|(_, body)| body.as_str()).collect();
        bodies.join("\n")
    }

    /// Every span received, with its resource's `service.name` added as `service`.
    pub(crate) fn spans(&self) -> Vec<Value> {
        let mut spans = Vec::new();
        for (_, body) in self.received.lock().unwrap().iter() {
            let export: Value = serde_json::from_str(body).expect("an OTLP JSON export");
            for rs in export["resourceSpans"].as_array().into_iter().flatten() {
                let service = attr(&rs["resource"], "service.name");
                for ss in rs["scopeSpans"].as_array().into_iter().flatten() {
                    for span in ss["spans"].as_array().into_iter().flatten() {
                        let mut span = span.clone();
                        span["service"] = service.clone();
                        spans.push(span);
                    }
                }
            }
        }
        spans
    }

    /// The server span of the request with this `x-request-id`, once it arrived.
    pub(crate) async fn span_of(&self, request_id: &str) -> Value {
        self.wait_for(|s| attr(s, "meander.request_id") == request_id)
            .await
    }

    /// The first span that `matches`, once it arrived.
    async fn wait_for(&self, matches: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(span) = self.spans().into_iter().find(|s| matches(s)) {
                return span;
            }
            assert!(Instant::now() < deadline, "not received: {}", self.text());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// An attribute's value (OTLP JSON sends integers as strings), or Null.
pub(crate) fn attr(item: &Value, key: &str) -> Value {
    item["attributes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["key"] == key)
        .map(|a| {
            let v = &a["value"];
            v.get("stringValue")
                .or_else(|| v.get("intValue"))
                .cloned()
                .unwrap_or_else(|| v.clone())
        })
        .unwrap_or(Value::Null)
}

pub(crate) fn traced(collector: &Collector, service: &str) -> impl FnOnce(&mut Settings) {
    let (endpoint, service) = (collector.base.clone(), service.to_string());
    move |s| {
        s.tracing.enabled = true;
        s.tracing.endpoint = endpoint;
        s.tracing.service_name = service;
        s.tracing.batch_delay_ms = 50;
    }
}

pub(crate) async fn send(
    app: &TestApp,
    request_id: &str,
    token: Option<&str>,
    traceparent: Option<&str>,
    query: &str,
) -> reqwest::Response {
    let mut req = app
        .client
        .post(format!("{}/graphql", app.base))
        .header("x-request-id", request_id)
        .json(&json!({ "query": query }));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(tp) = traceparent {
        req = req.header("traceparent", tp);
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), 200);
    resp
}

#[tokio::test]
async fn a_named_operation_is_one_span_with_ids_and_counts_but_no_secrets() {
    let collector = Collector::start().await;
    let app = TestApp::spawn_with(|s| {
        traced(&collector, "meander-gateway")(s);
        s.tracing
            .headers
            .insert("x-collector-key".into(), Secret::new("collector-key-1"));
    })
    .await;
    let login = app.login_payload("nhf.coordinator@meander.dev", None).await;
    let token = login["accessToken"].as_str().unwrap();
    let org = login["organizationId"].as_str().unwrap();
    let query = "query WhoAmI { viewer { user { id email } } }";
    let resp = send(&app, "otel-who", Some(token), None, query).await;
    let sql = common::statements(resp.headers());
    let body: Value = resp.json().await.unwrap();
    let user = body["data"]["viewer"]["user"]["id"].as_str().unwrap();

    let span = collector.span_of("otel-who").await;
    assert_eq!(span["name"], "WhoAmI", "{span}");
    assert_eq!(span["kind"], 2, "SERVER");
    assert_eq!(span["service"], "meander-gateway");
    assert_eq!(attr(&span, "graphql.operation.name"), "WhoAmI");
    assert_eq!(attr(&span, "graphql.operation.type"), "query");
    assert_eq!(attr(&span, "user.id"), user);
    assert_eq!(attr(&span, "meander.org_id"), org);
    assert_eq!(attr(&span, "meander.outcome"), "ok");
    assert_eq!(attr(&span, "http.response.status_code"), "200");
    assert_eq!(attr(&span, "meander.sql_statements"), sql.to_string());
    assert!(sql > 0);
    let spans = collector.spans();
    assert_eq!(spans.iter().filter(|s| s["name"] == "WhoAmI").count(), 1);
    // One child span per counted statement: its kind and table, nothing else of the SQL.
    let children: Vec<_> = spans
        .iter()
        .filter(|s| s["parentSpanId"] == span["spanId"] && s["traceId"] == span["traceId"])
        .collect();
    assert_eq!(children.len(), sql, "{children:?}");
    for child in children {
        assert_eq!(child["kind"], 3, "CLIENT");
        assert!(child["name"].as_str().unwrap().starts_with("SELECT"));
        assert!(!attr(child, "db.system.name").is_null());
        assert!(attr(child, "db.query.text").is_null());
    }
    // The login: an anonymous mutation, whose email and password stay out of the export.
    assert!(
        spans.iter().any(|s| s["name"] == "graphql"
            && attr(s, "graphql.operation.type") == "mutation"
            && attr(s, "user.id").is_null()),
        "{spans:?}"
    );
    let received = collector.received.lock().unwrap().clone();
    assert!(
        received
            .iter()
            .all(|(h, _)| h["x-collector-key"] == "collector-key-1"
                && h["content-type"] == "application/json")
    );
    let text = collector.text();
    for secret in [
        token,
        DEMO_PASSWORD,
        "nhf.coordinator@meander.dev",
        "viewer { user",
        "LoginInput",
    ] {
        assert!(!text.contains(secret), "{secret} was exported");
    }
}

#[tokio::test]
async fn a_traceparent_makes_the_gateway_span_a_child_of_the_callers() {
    let collector = Collector::start().await;
    let app = TestApp::spawn_with(traced(&collector, "meander-gateway")).await;
    // The caller did not sample its trace: the gateway follows (parent-based sampling).
    let unsampled = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
    send(
        &app,
        "otel-unsampled",
        None,
        Some(unsampled),
        "query Ping { __typename }",
    )
    .await;
    let sampled = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    send(
        &app,
        "otel-parent",
        None,
        Some(sampled),
        "query Ping { __typename }",
    )
    .await;

    let span = collector.span_of("otel-parent").await;
    assert_eq!(span["traceId"], "4bf92f3577b34da6a3ce929d0e0e4736");
    assert_eq!(span["parentSpanId"], "00f067aa0ba902b7");
    assert_ne!(span["spanId"], "00f067aa0ba902b7");
    assert_eq!(span["name"], "Ping");
    // Sent before the sampled one through the same export queue, it would be here by now.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !collector
            .text()
            .contains("0af7651916cd43dd8448eb211c80319c")
    );
    // Without a traceparent the gateway starts a trace of its own.
    send(&app, "otel-root", None, None, "{ __typename }").await;
    let root = collector.span_of("otel-root").await;
    assert_eq!(root["name"], "graphql");
    assert!(
        root["parentSpanId"].as_str().unwrap_or("").is_empty(),
        "{root}"
    );
    assert_ne!(root["traceId"], span["traceId"]);
}

#[tokio::test]
async fn a_websocket_upgrade_is_a_span_too() {
    let collector = Collector::start().await;
    let app = TestApp::spawn_with(traced(&collector, "meander-gateway")).await;
    let _ws = crate::subscriptions::connect(&app).await;
    let span = collector.wait_for(|s| s["name"] == "GET /graphql/ws").await;
    assert_eq!(span["kind"], 2, "SERVER");
    assert_eq!(attr(&span, "http.response.status_code"), "101");
    assert_eq!(attr(&span, "http.route"), "/graphql/ws");
    assert!(!attr(&span, "meander.request_id").is_null());
}

#[tokio::test]
async fn with_tracing_off_nothing_is_sent() {
    // Both instances point at one collector; only the one with tracing on may reach it.
    let collector = Collector::start().await;
    let on = traced(&collector, "meander-on");
    let off = TestApp::spawn_with(|s| {
        traced(&collector, "meander-off")(s);
        s.tracing.enabled = false;
    })
    .await;
    let on = TestApp::spawn_with(on).await;
    send(&off, "otel-off", None, None, "query Ping { __typename }").await;
    send(&on, "otel-on", None, None, "query Ping { __typename }").await;

    let span = collector.span_of("otel-on").await;
    assert_eq!(span["service"], "meander-on");
    // Several export intervals after the off instance's request.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let spans = collector.spans();
    assert!(
        spans.iter().all(|s| s["service"] == "meander-on"),
        "{spans:?}"
    );
    assert!(!collector.text().contains("otel-off"));
}

#[tokio::test]
async fn spans_still_queued_are_sent_at_shutdown() {
    let collector = Collector::start().await;
    let database = common::fresh_database().await;
    let mut settings = Settings::load_profile_with(
        Profile::Test,
        &Overrides {
            database_url: Some(database.url.clone()),
            bind: None,
        },
        &[],
    )
    .unwrap();
    traced(&collector, "meander-gateway")(&mut settings);
    // No export before shutdown.
    settings.tracing.batch_delay_ms = 60_000;
    settings.server.shutdown_grace_seconds = 1;
    let conn = db::connect(&settings.database).await.unwrap();
    db::migrate_up(&conn).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let state = AppState::new(settings, conn).unwrap();
    let server = tokio::spawn(app::serve(state, listener, async {
        let _ = stopped.await;
    }));

    let resp = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .header("x-request-id", "otel-shutdown")
        .json(&json!({ "query": "query Ping { __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    drop(resp);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(collector.spans().is_empty());
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    let spans = collector.spans();
    assert!(
        spans
            .iter()
            .any(|s| attr(s, "meander.request_id") == "otel-shutdown" && s["name"] == "Ping"),
        "{spans:?}"
    );
}
