//! Structured logs: a request's log lines carry request id, operation name, user id and org
//! id, and never the token or the login's email and password.

mod common;

use std::{
    io::Write,
    sync::{Arc, Mutex},
};

use common::{DEMO_PASSWORD, TestApp};
use serde_json::{Value, json};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn request_logs_carry_ids_and_operation_but_no_secrets() {
    let capture = Capture::default();
    let writer = capture.clone();
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_env_filter("tower_http=debug,meander_gateway=info")
        .with_writer(move || writer.clone())
        .init();

    let app = TestApp::spawn().await;
    let login = app.login_payload("nhf.coordinator@meander.dev", None).await;
    let token = login["accessToken"].as_str().unwrap().to_string();
    let org = login["organizationId"].as_str().unwrap().to_string();
    let resp = app
        .client
        .post(format!("{}/graphql", app.base))
        .bearer_auth(&token)
        .header("x-request-id", "req-log-1")
        .json(&json!({ "query": "query WhoAmI { viewer { user { id } } }" }))
        .send()
        .await
        .unwrap();
    let body: Value = resp.json().await.unwrap();
    let user_id = body["data"]["viewer"]["user"]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let text = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    let line: Value = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|l| {
            l["span"]["request_id"] == "req-log-1" && l["message"] == "finished processing request"
        })
        .unwrap_or_else(|| panic!("no log line of the request in {text}"));
    let span = &line["span"];
    assert_eq!(span["operation_name"], "WhoAmI", "{line}");
    assert_eq!(span["user_id"], user_id.as_str(), "{line}");
    assert_eq!(span["org_id"], org.as_str(), "{line}");
    assert!(!text.contains(&token), "the access token is never logged");
    assert!(!text.contains(DEMO_PASSWORD));
    assert!(!text.contains("nhf.coordinator@meander.dev"));
}
