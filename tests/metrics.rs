//! `/metrics`: Prometheus text with requests and latency by operation and outcome, SQL
//! statements per request, rate-limit rejections and auth failures.

use crate::common;

use common::TestApp;
use serde_json::json;

async fn scrape(app: &TestApp) -> String {
    let resp = app.get("/metrics").await;
    assert_eq!(resp.status(), 200);
    resp.text().await.unwrap()
}

/// The value of the sample line that starts with `prefix` (name and labels).
fn sample(text: &str, prefix: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn requests_are_counted_by_operation_name_and_outcome() {
    let app = TestApp::spawn().await;
    app.gql(None, "query Ping { __typename }", json!({})).await;
    app.gql(None, "query Ping { __typename }", json!({})).await;
    app.gql(None, "{ users { totalCount } }", json!({})).await;
    app.gql(None, "{ nope }", json!({})).await;
    let text = scrape(&app).await;
    assert_eq!(
        sample(
            &text,
            r#"meander_graphql_requests_total{operation="Ping",outcome="ok"}"#
        ),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            r#"meander_graphql_requests_total{operation="anonymous",outcome="error"}"#
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            r#"meander_graphql_requests_total{operation="anonymous",outcome="rejected"}"#
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            r#"meander_graphql_request_duration_seconds_count{operation="Ping",outcome="ok"}"#
        ),
        Some(2.0)
    );
    assert_eq!(
        sample(&text, "meander_sql_statements_per_request_count"),
        Some(4.0)
    );
}

#[tokio::test]
async fn client_chosen_operation_names_cannot_explode_the_label_set() {
    let app = TestApp::spawn().await;
    for i in 0..205 {
        app.gql(None, &format!("query Op{i} {{ __typename }}"), json!({}))
            .await;
    }
    let text = scrape(&app).await;
    let series = text
        .lines()
        .filter(|l| l.starts_with("meander_graphql_requests_total{"))
        .count();
    assert_eq!(series, 201, "200 names and \"other\"");
    assert_eq!(
        sample(
            &text,
            r#"meander_graphql_requests_total{operation="other",outcome="ok"}"#
        ),
        Some(5.0)
    );
}

#[tokio::test]
async fn rate_limit_rejections_and_auth_failures_are_counted() {
    let app = TestApp::spawn_with(|s| s.rate_limit.login_attempts_per_minute_per_account = 1).await;
    let login = "mutation($i: LoginInput!) { login(input: $i) { accessToken } }";
    let vars = json!({ "i": { "email": "nhf.admin@meander.dev", "password": "wrong" } });
    app.gql(None, login, vars.clone()).await;
    app.gql(None, login, vars).await;
    app.gql(Some("not-a-token"), "{ __typename }", json!({}))
        .await;
    let text = scrape(&app).await;
    assert_eq!(
        sample(
            &text,
            r#"meander_rate_limit_rejections_total{bucket="login_account"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(&text, r#"meander_auth_failures_total{kind="login"}"#),
        Some(1.0)
    );
    assert_eq!(
        sample(&text, r#"meander_auth_failures_total{kind="token"}"#),
        Some(1.0)
    );
}

#[tokio::test]
async fn metrics_can_be_switched_off() {
    let app = TestApp::spawn_with(|s| s.server.metrics = false).await;
    let resp = app.get("/metrics").await;
    assert_eq!(resp.status(), 404);
}

/// The operations listener (`server.operations_bind`): health, readiness and metrics on an
/// internal address of their own, with build, process, runtime and pool gauges; the public
/// port then need not serve metrics.
#[tokio::test]
async fn operations_listener_serves_health_readiness_and_metrics_apart_from_the_public_port() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let ops = free.local_addr().unwrap();
    drop(free);
    let app = TestApp::spawn_with(|s| {
        s.server.operations_bind = ops.to_string();
        s.server.metrics = false;
    })
    .await;
    app.gql(None, "query Ping { __typename }", json!({})).await;
    let get = |path: &str| {
        let url = format!("http://{ops}{path}");
        let client = app.client.clone();
        async move {
            // The listener starts with the server: give it a moment on a busy machine.
            for _ in 0..50 {
                if let Ok(r) = client.get(&url).send().await {
                    return (r.status().as_u16(), r.text().await.unwrap());
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            panic!("no operations listener at {url}");
        }
    };
    assert_eq!(get("/healthz").await, (200, "ok".to_string()));
    assert_eq!(get("/readyz").await, (200, "ready".to_string()));
    let (status, text) = get("/metrics").await;
    assert_eq!(status, 200);
    assert_eq!(
        sample(
            &text,
            r#"meander_graphql_requests_total{operation="Ping",outcome="ok"}"#
        ),
        Some(1.0)
    );
    assert!(text.contains(&format!(
        r#"meander_build_info{{version="{}""#,
        env!("CARGO_PKG_VERSION")
    )));
    for gauge in [
        "meander_runtime_workers ",
        "meander_runtime_alive_tasks ",
        "meander_db_pool_max_connections ",
        r#"meander_db_pool_connections{state="idle"}"#,
        "meander_process_start_time_seconds ",
    ] {
        assert!(sample(&text, gauge).is_some(), "{gauge} missing:\n{text}");
    }
    if cfg!(target_os = "linux") {
        let rss = sample(&text, "meander_process_resident_memory_bytes ").unwrap();
        assert!(rss > 1_000_000.0, "{rss}");
        assert!(sample(&text, "meander_process_open_fds ").unwrap() > 3.0);
        assert!(sample(&text, "meander_process_cpu_seconds ").is_some());
    }
    // Not on the public port.
    assert_eq!(app.get("/metrics").await.status(), 404);
}
