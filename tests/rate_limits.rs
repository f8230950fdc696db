//! Rate limits (`[rate_limit]`): token buckets per IP, per user, and for login per IP and per
//! account; an empty bucket answers 429 with RATE_LIMITED and Retry-After.

use crate::common;

use common::{DEMO_PASSWORD, TestApp, error_code};
use serde_json::{Value, json};

const LOGIN: &str = "mutation($i: LoginInput!) { login(input: $i) { accessToken } }";

async fn post(app: &TestApp, token: Option<&str>, body: Value) -> (u16, Option<u64>, Value) {
    let resp = app.post_raw(token, &body, None).await;
    let status = resp.status().as_u16();
    let retry = resp
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().parse().unwrap());
    (status, retry, resp.json().await.unwrap())
}

fn login(email: &str, password: &str) -> Value {
    json!({ "query": LOGIN, "variables": { "i": { "email": email, "password": password } } })
}

#[tokio::test]
async fn an_ip_over_its_rate_gets_429_rate_limited_with_retry_after() {
    let app = TestApp::spawn_with(|s| s.rate_limit.ip_requests_per_minute = 3).await;
    let q = json!({ "query": "{ __typename }" });
    for _ in 0..3 {
        let (status, _, _) = post(&app, None, q.clone()).await;
        assert_eq!(status, 200);
    }
    let (status, retry, body) = post(&app, None, q).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(error_code(&body), "RATE_LIMITED");
    // One token of three per minute comes back in 20 s.
    assert_eq!(retry, Some(20));
    assert_eq!(body["errors"][0]["extensions"]["retryAfter"], 20);
}

#[tokio::test]
async fn a_batch_costs_one_token_per_operation() {
    let app = TestApp::spawn_with(|s| s.rate_limit.ip_requests_per_minute = 3).await;
    let op = json!({ "query": "{ __typename }" });
    let (status, _, _) = post(&app, None, json!([op.clone(), op.clone()])).await;
    assert_eq!(status, 200);
    let (status, _, _) = post(&app, None, json!([op.clone(), op])).await;
    assert_eq!(status, 429);
}

#[tokio::test]
async fn each_user_has_a_bucket_of_their_own() {
    let app = TestApp::spawn_with(|s| s.rate_limit.user_requests_per_minute = 2).await;
    let a = app.token("nhf.admin@meander.dev").await;
    let b = app.token("hlf.admin@meander.dev").await;
    let q = json!({ "query": "{ viewer { user { id } } }" });
    for _ in 0..2 {
        let (status, _, body) = post(&app, Some(&a), q.clone()).await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, retry, body) = post(&app, Some(&a), q.clone()).await;
    assert_eq!(status, 429);
    assert_eq!(error_code(&body), "RATE_LIMITED");
    assert_eq!(retry, Some(30));
    let (status, _, body) = post(&app, Some(&b), q).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn login_attempts_are_limited_per_account_whatever_the_case_of_the_email() {
    let app = TestApp::spawn_with(|s| s.rate_limit.login_attempts_per_minute_per_account = 2).await;
    for email in ["nhf.mentor@meander.dev", "NHF.Mentor@meander.dev "] {
        let (status, _, body) = post(&app, None, login(email, "wrong password")).await;
        assert_eq!(status, 200);
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    }
    // Even the right password waits now.
    let (status, retry, body) =
        post(&app, None, login("nhf.mentor@meander.dev", DEMO_PASSWORD)).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(error_code(&body), "RATE_LIMITED");
    assert_eq!(retry, Some(30));
    // An inline literal email counts too.
    let inline = json!({ "query": format!(
        r#"mutation {{ login(input: {{ email: "nhf.mentor@meander.dev", password: "{DEMO_PASSWORD}" }}) {{ accessToken }} }}"#
    ) });
    let (status, _, _) = post(&app, None, inline).await;
    assert_eq!(status, 429);
    // Another account is not affected.
    let (status, _, body) = post(&app, None, login("nhf.admin@meander.dev", DEMO_PASSWORD)).await;
    assert_eq!(status, 200);
    assert!(body["data"]["login"]["accessToken"].is_string(), "{body}");
}

#[tokio::test]
async fn login_attempts_are_limited_per_ip_across_accounts() {
    let app = TestApp::spawn_with(|s| s.rate_limit.login_attempts_per_minute_per_ip = 2).await;
    for email in ["nhf.admin@meander.dev", "hlf.admin@meander.dev"] {
        let (status, _, _) = post(&app, None, login(email, DEMO_PASSWORD)).await;
        assert_eq!(status, 200);
    }
    let (status, _, body) = post(&app, None, login("blind.admin@meander.dev", DEMO_PASSWORD)).await;
    assert_eq!(status, 429);
    assert_eq!(error_code(&body), "RATE_LIMITED");
    // Other operations from the same IP go on.
    let (status, _, _) = post(&app, None, json!({ "query": "{ __typename }" })).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn behind_a_proxy_the_configured_header_names_the_client() {
    let app = TestApp::spawn_with(|s| {
        s.rate_limit.client_ip_header = "x-forwarded-for".into();
        s.rate_limit.ip_requests_per_minute = 1;
    })
    .await;
    let send = |xff: &'static str| {
        app.client
            .post(format!("{}/graphql", app.base))
            .header("x-forwarded-for", xff)
            .json(&json!({ "query": "{ __typename }" }))
            .send()
    };
    assert_eq!(send("10.9.9.9, 203.0.113.1").await.unwrap().status(), 200);
    // The client's own (first) entry does not make a new bucket; the proxy's (last) does.
    assert_eq!(send("10.9.9.8, 203.0.113.1").await.unwrap().status(), 429);
    assert_eq!(send("203.0.113.2").await.unwrap().status(), 200);
}

#[tokio::test]
async fn rate_limiting_can_be_switched_off() {
    let app = TestApp::spawn_with(|s| {
        s.rate_limit.enabled = false;
        s.rate_limit.ip_requests_per_minute = 1;
    })
    .await;
    for _ in 0..3 {
        let (status, _, _) = post(&app, None, json!({ "query": "{ __typename }" })).await;
        assert_eq!(status, 200);
    }
}

#[tokio::test]
async fn aliased_logins_in_one_request_each_take_a_login_token() {
    let app = TestApp::spawn_with(|s| s.rate_limit.login_attempts_per_minute_per_account = 2).await;
    let guesses = json!({ "query": r#"
        mutation { ...Guesses
          c: login(input: { email: "nhf.mentor@meander.dev", password: "guess3" }) { accessToken } }
        fragment Guesses on Mutation {
          a: login(input: { email: "nhf.mentor@meander.dev", password: "guess1" }) { accessToken }
          b: login(input: { email: "nhf.mentor@meander.dev", password: "guess2" }) { accessToken }
        }"# });
    let (status, _, body) = post(&app, None, guesses).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(error_code(&body), "RATE_LIMITED");
    // The same field twice under one response key runs once and counts once.
    let merged = json!({ "query": r#"mutation {
        login(input: { email: "hlf.mentor@meander.dev", password: "guess" }) { accessToken }
        login(input: { email: "hlf.mentor@meander.dev", password: "guess" }) { refreshToken } }"# });
    let (status, _, body) = post(&app, None, merged).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn malformed_requests_count_against_the_ip_bucket_too() {
    let app = TestApp::spawn_with(|s| s.rate_limit.ip_requests_per_minute = 2).await;
    for _ in 0..2 {
        let resp = app
            .client
            .post(format!("{}/graphql", app.base))
            .header("content-type", "application/json")
            .body("{ not json")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400);
    }
    let (status, _, _) = post(&app, None, json!({ "query": "{ __typename }" })).await;
    assert_eq!(status, 429);
}
