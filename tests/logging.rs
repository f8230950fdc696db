//! Structured logs: a request's log lines carry request id, operation name, user id and org
//! id, and never the token or the login's email and password.

use crate::common;

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicBool, Ordering},
};

use common::{DEMO_PASSWORD, TestApp};
use serde_json::{Value, json};

/// Log output collected while `recording` is on.
#[derive(Clone, Default)]
struct Capture {
    buf: Arc<Mutex<Vec<u8>>>,
    recording: Arc<AtomicBool>,
}

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.recording.load(Ordering::Relaxed) {
            self.buf.lock().unwrap().extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn request_logs_carry_ids_and_operation_but_no_secrets() {
    // A process-wide subscriber, as in the server (a thread-scoped one misses events when
    // other tests of this binary register the same callsites concurrently). Lines of those
    // tests may be captured too: they must not carry secrets either.
    let capture = Capture::default();
    let writer = capture.clone();
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_env_filter("tower_http=debug,meander_gateway=info")
        .with_writer(move || writer.clone())
        .init();
    capture.recording.store(true, Ordering::Relaxed);

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

    capture.recording.store(false, Ordering::Relaxed);
    let text = String::from_utf8(capture.buf.lock().unwrap().clone()).unwrap();
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
