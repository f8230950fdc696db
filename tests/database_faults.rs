//! Database faults: the gateway answers fast and plainly while its database is out of reach,
//! and recovers by itself; WebSocket clients are told when the instance stops.
//!
//! - UNAVAILABLE (HTTP 503, `Retry-After`) within `database.acquire_timeout_ms`, whether every
//!   pooled connection is busy, the server is gone (PostgreSQL behind a proxy the test cuts)
//!   or, on SQLite, another process holds the write lock;
//! - never UNAUTHENTICATED because the viewer could not be looked up;
//! - `/readyz` false during the fault, true again after it, with no restart;
//! - close code 1001 to WebSocket clients on graceful shutdown.

use crate::common;

use std::{
    net::SocketAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use async_graphql::futures_util::StreamExt;
use common::{TestApp, error_code};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::{Value, json};
use tokio::{
    net::{TcpListener, TcpStream},
    task::JoinHandle,
};
use tokio_tungstenite::tungstenite::{Message, protocol::frame::coding::CloseCode};

use crate::subscriptions::{connect, next_json, send};

const COORDINATOR: &str = "nhf.coordinator@meander.dev";
const VIEWER: &str = "{ viewer { user { id } } }";
/// What the fault tests set `database.acquire_timeout_ms` to.
const ACQUIRE_MS: u64 = 400;
/// An answer within the acquire timeout and this much more is "fast".
const SLACK: Duration = Duration::from_millis(2500);

async fn post(
    app: &TestApp,
    token: Option<&str>,
    query: &str,
) -> (StatusCode, Option<String>, Value) {
    let resp = app.post_raw(token, &json!({ "query": query }), None).await;
    let status = resp.status();
    let retry = resp
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (status, retry, resp.json().await.expect("json"))
}

async fn ready(app: &TestApp) -> StatusCode {
    app.get("/readyz").await.status()
}

/// Asserts the answer of a read during a fault: 503, Retry-After, UNAVAILABLE, fast.
fn assert_unavailable(
    started: Instant,
    (status, retry, body): &(StatusCode, Option<String>, Value),
) {
    assert_eq!(*status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(retry.as_deref(), Some("1"), "{body}");
    assert_eq!(error_code(body), "UNAVAILABLE", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["retryAfter"], 1, "{body}");
    let took = started.elapsed();
    assert!(
        took < Duration::from_millis(ACQUIRE_MS) + SLACK,
        "waited {took:?} for the database"
    );
}

/// Polls until the viewer query answers again (the pool reconnecting on its own).
async fn recovers(app: &TestApp, token: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, _, body) = post(app, Some(token), VIEWER).await;
        if status == StatusCode::OK && body["errors"].is_null() {
            break;
        }
        assert!(Instant::now() < deadline, "no recovery: {status} {body}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(ready(app).await, StatusCode::OK);
}

#[tokio::test]
async fn pool_exhaustion_answers_unavailable_503_with_retry_after_within_the_acquire_timeout() {
    let app = TestApp::spawn_with(|s| {
        s.database.max_connections = 1;
        s.database.acquire_timeout_ms = ACQUIRE_MS;
    })
    .await;
    let cached = app.token(COORDINATOR).await;
    let (status, _, body) = post(&app, Some(&cached), VIEWER).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let fresh = app.token("nhf.admin@meander.dev").await;

    // The test takes the pool's only connection and keeps it.
    let held = app.db.begin().await.unwrap();
    // A viewer that must be looked up: that fails on the database, not on the token.
    let started = Instant::now();
    assert_unavailable(started, &post(&app, Some(&fresh), VIEWER).await);
    // A cached viewer gets as far as the first field that reads, which fails the same way.
    let started = Instant::now();
    assert_unavailable(
        started,
        &post(
            &app,
            Some(&cached),
            "{ activities(first: 1) { nodes { id } } }",
        )
        .await,
    );
    assert_eq!(ready(&app).await, StatusCode::SERVICE_UNAVAILABLE);
    // A WebSocket's connection_init cannot be checked either: 1013 "try again later",
    // not 4403, so the client keeps its token and retries.
    let (_ws, answer) = crate::subscriptions::init(&app, json!({ "token": fresh })).await;
    match answer {
        Message::Close(Some(frame)) => {
            assert_eq!(frame.code, CloseCode::Again, "{frame:?}");
            assert!(frame.reason.starts_with("UNAVAILABLE"), "{frame:?}");
        }
        other => panic!("expected a close frame, got {other:?}"),
    }

    held.rollback().await.unwrap();
    recovers(&app, &fresh).await;
}

/// A TCP proxy on loopback in front of PostgreSQL that the test cuts (every connection
/// dropped, new ones closed at once) and restores: a database restart as the gateway sees it.
struct Proxy {
    addr: SocketAddr,
    up: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    async fn start(upstream: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let up = Arc::new(AtomicBool::new(true));
        let links: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let (accepting, linking) = (up.clone(), links.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !accepting.load(Ordering::SeqCst) {
                    continue; // dropped: the connection closes at once
                }
                let upstream = upstream.clone();
                let link = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                linking.lock().unwrap().push(link);
            }
        });
        Self { addr, up, links }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

/// `host:port` of a database URL.
fn host_port(url: &str) -> String {
    let rest = url.split_once("://").unwrap().1;
    let authority = rest.split('/').next().unwrap();
    authority.rsplit('@').next().unwrap().to_string()
}

#[tokio::test]
async fn an_unreachable_database_fails_requests_fast_and_the_gateway_recovers_by_itself() {
    let postgres = std::env::var("TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres"));
    if postgres {
        // The server restarting: every connection gone, new ones refused, then back.
        let upstream = std::env::var("TEST_DATABASE_URL")
            .map(|u| host_port(&u))
            .unwrap();
        let proxy = Proxy::start(upstream.clone()).await;
        let via = proxy.addr.to_string();
        let app = TestApp::spawn_with(|s| {
            let url = s.database.url.expose().replacen(&upstream, &via, 1);
            s.database.url = meander_gateway::config::Secret::new(url);
            s.database.acquire_timeout_ms = ACQUIRE_MS;
            s.auth.viewer_cache_seconds = 0;
        })
        .await;
        let token = app.token(COORDINATOR).await;
        assert_eq!(ready(&app).await, StatusCode::OK);

        proxy.cut();
        for _ in 0..3 {
            let started = Instant::now();
            assert_unavailable(started, &post(&app, Some(&token), VIEWER).await);
        }
        assert_eq!(ready(&app).await, StatusCode::SERVICE_UNAVAILABLE);

        proxy.restore();
        recovers(&app, &token).await;
    } else {
        // SQLite's equivalent: another process holds the write lock past the acquire timeout.
        let app = TestApp::spawn_with(|s| s.database.acquire_timeout_ms = ACQUIRE_MS).await;
        let other = sea_orm::Database::connect(app.settings.database.url.expose())
            .await
            .unwrap();
        other.execute_unprepared("BEGIN IMMEDIATE").await.unwrap();
        let started = Instant::now();
        // A login writes its session: it waits for the lock, then answers UNAVAILABLE. It is a
        // mutation, so the status stays 200 (a blind retry of a mutation is the client's call),
        // with Retry-After.
        let (status, retry, body) = post(
            &app,
            None,
            &format!(
                r#"mutation {{ login(input: {{ email: "{COORDINATOR}", password: "{}" }}) {{ accessToken }} }}"#,
                common::DEMO_PASSWORD
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(retry.as_deref(), Some("1"), "{body}");
        assert_eq!(error_code(&body), "UNAVAILABLE", "{body}");
        assert!(started.elapsed() < Duration::from_millis(ACQUIRE_MS) + SLACK);
        // Reads go on under WAL.
        assert_eq!(ready(&app).await, StatusCode::OK);

        other.execute_unprepared("COMMIT").await.unwrap();
        let token = app.token(COORDINATOR).await;
        recovers(&app, &token).await;
    }
}

#[tokio::test]
async fn websocket_clients_are_told_going_away_1001_on_graceful_shutdown() {
    let app = TestApp::spawn().await;
    let token = app.token(COORDINATOR).await;
    let mut ws = connect(&app).await;
    send(
        &mut ws,
        json!({ "type": "connection_init", "payload": { "token": token } }),
    )
    .await;
    assert_eq!(next_json(&mut ws).await["type"], "connection_ack");
    send(
        &mut ws,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { notificationAdded { id } }" } }),
    )
    .await;

    app.shut_down();
    let close = loop {
        match tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("close in time")
        {
            Some(Ok(Message::Close(frame))) => break frame,
            Some(Ok(_)) => continue,
            other => panic!("expected a close frame, got {other:?}"),
        }
    };
    let frame = close.expect("a close code");
    assert_eq!(frame.code, CloseCode::Away, "{frame:?}");
}
