//! OTLP trace export to an `https://` collector (`tracing.endpoint`), through the gateway's one
//! HTTPS client: the collector's certificate is verified against `tracing.ca_file` (and the
//! built-in roots), so spans and the collector's secret header travel encrypted to it and to
//! no collector the CA did not certify; an unreadable CA file stops start-up. The collector is the fake one of `otel.rs`, on TLS.

use crate::{
    common::{TestApp, tls::TestCa},
    otel::{Collector, attr, send, traced},
};

use std::time::Duration;

use meander_gateway::{app::otel::Tracing, config::Secret};

#[tokio::test]
async fn spans_are_exported_to_an_https_collector_the_configured_ca_certified() {
    let ca = TestCa::new("collector CA");
    let collector = Collector::start_https(&ca).await;
    assert!(collector.base.starts_with("https://"));
    let ca_file = ca.pem_path();
    let app = TestApp::spawn_with(|s| {
        traced(&collector, "meander-gateway")(s);
        s.tracing.ca_file = ca_file;
        s.tracing
            .headers
            .insert("x-collector-key".into(), Secret::new("collector-key-tls"));
    })
    .await;
    send(&app, "otel-tls", None, None, "query Probe { __typename }").await;
    let span = collector.span_of("otel-tls").await;
    assert_eq!(span["name"], "Probe", "{span}");
    assert_eq!(attr(&span, "meander.outcome"), "ok");
    let headers = collector.headers();
    assert!(
        headers
            .iter()
            .all(|h| h["x-collector-key"] == "collector-key-tls"),
        "{headers:?}"
    );
}

#[tokio::test]
async fn no_span_reaches_an_https_collector_the_configured_ca_did_not_certify() {
    let ca = TestCa::new("collector CA");
    let stranger = TestCa::new("some other CA");
    let collector = Collector::start_https(&ca).await;
    let ca_file = stranger.pem_path();
    let app = TestApp::spawn_with(|s| {
        traced(&collector, "meander-gateway")(s);
        s.tracing.ca_file = ca_file;
    })
    .await;
    send(
        &app,
        "otel-untrusted",
        None,
        None,
        "query Probe { __typename }",
    )
    .await;
    // Exports run every 50 ms; a second is many of them. The request itself was served.
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(
        collector.spans().is_empty(),
        "sent to an untrusted collector"
    );

    // A CA file that cannot be read stops start-up, naming the setting.
    let mut settings = app.settings.tracing.clone();
    settings.ca_file = "/nonexistent/collector-ca.pem".into();
    match Tracing::from_settings(&settings, &app.db) {
        Ok(_) => panic!("an unreadable tracing.ca_file was accepted"),
        Err(e) => assert!(
            e.to_string()
                .starts_with("tracing.ca_file: cannot read /nonexistent/collector-ca.pem"),
            "{e}"
        ),
    }
}
