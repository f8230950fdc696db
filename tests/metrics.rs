//! `/metrics`: Prometheus text with requests and latency by operation and outcome, SQL
//! statements per request, rate-limit rejections and auth failures.

use crate::common;

use common::TestApp;
use serde_json::json;

async fn scrape(app: &TestApp) -> String {
    let resp = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap();
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
    let resp = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
}
