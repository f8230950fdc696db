//! OpenTelemetry trace export (`[tracing]`, off by default): a server span per request to
//! `/graphql` and per `/graphql/ws` upgrade, continuing the caller's W3C `traceparent`, with a
//! client span per SQL statement; sent in batches as OTLP/HTTP JSON, over http or https
//! (`meander_core::https`, trusting `tracing.ca_file` besides the built-in roots).
//!
//! Per app instance, not global: the provider lives in `AppState` (tests run many apps in one
//! process, and logging owns the global `tracing` subscriber). The pipeline fills the span with
//! what it already knows (request id, operation, viewer ids, outcome, SQL counter); spans carry
//! ids only, never tokens, emails, variables or the query text.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, SystemTime},
};

use async_graphql::parser::types::OperationType;
use axum::{
    extract::{FromRequestParts, MatchedPath, Request, State},
    http::{HeaderMap, request::Parts},
    middleware::Next,
    response::Response,
};
use opentelemetry::{
    Context, InstrumentationScope, KeyValue,
    propagation::TextMapPropagator,
    trace::{SpanKind, Status, TraceContextExt, Tracer, TracerProvider},
};
use opentelemetry_http::{Bytes, HttpClient, HttpError};
use opentelemetry_otlp::{Protocol, WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::{
    Resource,
    propagation::TraceContextPropagator,
    trace::{BatchConfigBuilder, BatchSpanProcessor, Sampler, SdkTracer, SdkTracerProvider},
};
use sea_orm::{DatabaseConnection, DbBackend, metric::Info};
use uuid::Uuid;

use super::metrics::{Outcome, is_plain_name};
use crate::{config::TracingSettings, db::SqlCounter, https::HttpsClient};

const EXPORT_TIMEOUT: Duration = Duration::from_secs(10);

/// The instance's tracer provider; `None` in `AppState` when tracing is off.
pub struct Tracing {
    provider: SdkTracerProvider,
    tracer: SdkTracer,
    propagator: TraceContextPropagator,
    /// `db.system.name` of the SQL spans.
    db_system: &'static str,
}

impl Tracing {
    /// Must run inside the Tokio runtime that serves the app: exports run on it.
    pub fn from_settings(
        settings: &TracingSettings,
        db: &DatabaseConnection,
    ) -> anyhow::Result<Option<Arc<Self>>> {
        if !settings.enabled {
            return Ok(None);
        }
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| anyhow::anyhow!("tracing needs a Tokio runtime"))?;
        let headers: HashMap<String, String> = settings
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), v.expose().to_string()))
            .collect();
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_protocol(Protocol::HttpJson)
            .with_endpoint(format!(
                "{}/v1/traces",
                settings.endpoint.trim_end_matches('/')
            ))
            .with_timeout(EXPORT_TIMEOUT)
            .with_headers(headers)
            .with_http_client(OnRuntime {
                runtime,
                // A collector answers with a small status message.
                client: HttpsClient::new(
                    "tracing.ca_file",
                    &settings.ca_file,
                    EXPORT_TIMEOUT,
                    1 << 20,
                )?,
            })
            .build()?;
        let batches = BatchSpanProcessor::builder(exporter)
            .with_batch_config(
                BatchConfigBuilder::default()
                    .with_scheduled_delay(Duration::from_millis(settings.batch_delay_ms))
                    .build(),
            )
            .build();
        let provider = SdkTracerProvider::builder()
            .with_span_processor(batches)
            .with_sampler(Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(
                settings.sample_ratio,
            ))))
            .with_resource(
                Resource::builder()
                    .with_service_name(settings.service_name.clone())
                    .with_attribute(KeyValue::new("service.version", env!("CARGO_PKG_VERSION")))
                    .build(),
            )
            .build();
        let tracer = provider.tracer_with_scope(
            InstrumentationScope::builder("meander-gateway")
                .with_version(env!("CARGO_PKG_VERSION"))
                .build(),
        );
        let db_system = match db.get_database_backend() {
            DbBackend::Postgres => "postgresql",
            DbBackend::Sqlite => "sqlite",
            _ => "other_sql",
        };
        Ok(Some(Arc::new(Self {
            provider,
            tracer,
            propagator: TraceContextPropagator::new(),
            db_system,
        })))
    }

    /// Sends the spans not yet exported and stops the export thread.
    pub async fn shutdown(&self) {
        let provider = self.provider.clone();
        // Blocks until the last batch is sent, and the export runs on this runtime.
        let result = tokio::task::spawn_blocking(move || provider.shutdown()).await;
        if let Ok(Err(e)) = result {
            tracing::warn!(error = %e, "trace export shutdown");
        }
    }

    fn start(&self, req: &Request) -> Context {
        let headers = req.headers();
        let parent = self
            .propagator
            .extract(&opentelemetry_http::HeaderExtractor(headers));
        let route = req
            .extensions()
            .get::<MatchedPath>()
            .map_or(req.uri().path(), MatchedPath::as_str)
            .to_string();
        // Renamed after the operation once it is known.
        let name = if route == "/graphql" {
            "graphql".to_string()
        } else {
            format!("{} {route}", req.method())
        };
        let mut attributes = vec![
            KeyValue::new("http.request.method", req.method().to_string()),
            KeyValue::new("http.route", route),
        ];
        if let Some(id) = request_id(headers) {
            attributes.push(KeyValue::new("meander.request_id", id));
        }
        let span = self
            .tracer
            .span_builder(name)
            .with_kind(SpanKind::Server)
            .with_attributes(attributes)
            .start_with_context(&self.tracer, &parent);
        parent.with_span(span)
    }
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Route layer of `/graphql` and `/graphql/ws` when tracing is on: opens the server span,
/// hands it to the handler (`RequestTrace`), and ends it with the response status.
pub(super) async fn traced(
    State(tracing): State<Arc<Tracing>>,
    mut req: Request,
    next: Next,
) -> Response {
    let cx = tracing.start(&req);
    let trace = RequestTrace(Some(Arc::new(Recording {
        cx: cx.clone(),
        tracing,
        outcome: Mutex::new(None),
    })));
    req.extensions_mut().insert(trace);
    let response = next.run(req).await;
    let span = cx.span();
    let status = response.status();
    span.set_attribute(KeyValue::new(
        "http.response.status_code",
        i64::from(status.as_u16()),
    ));
    if status.is_server_error() {
        span.set_status(Status::error(status.as_str().to_string()));
    }
    span.end();
    response
}

/// What the pipeline records on the request's span; does nothing when tracing is off or the
/// trace is not sampled.
#[derive(Clone, Default)]
pub struct RequestTrace(Option<Arc<Recording>>);

struct Recording {
    cx: Context,
    tracing: Arc<Tracing>,
    /// The worst outcome so far (a batch has one per operation).
    outcome: Mutex<Option<Outcome>>,
}

/// The span `traced` opened, or an idle one where tracing is off.
impl<S: Send + Sync> FromRequestParts<S> for RequestTrace {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Self>().cloned().unwrap_or_default())
    }
}

impl RequestTrace {
    fn recording(&self) -> Option<&Recording> {
        self.0
            .as_deref()
            .filter(|r| r.cx.span().span_context().is_sampled())
    }

    /// The operation (the first named one of a batch), as the request's log span has it.
    pub fn operation(&self, name: Option<&str>, kind: Option<OperationType>) {
        let Some(r) = self.recording() else { return };
        let span = r.cx.span();
        match name.filter(|n| !n.is_empty() && is_plain_name(n)) {
            Some(name) => {
                span.update_name(name.to_string());
                span.set_attribute(KeyValue::new("graphql.operation.name", name.to_string()));
            }
            None => span.update_name("graphql"),
        }
        if let Some(kind) = kind {
            let kind = match kind {
                OperationType::Query => "query",
                OperationType::Mutation => "mutation",
                OperationType::Subscription => "subscription",
            };
            span.set_attribute(KeyValue::new("graphql.operation.type", kind));
        }
    }

    /// The verified token's user and organization.
    pub fn viewer(&self, user: Uuid, org: Option<Uuid>) {
        let Some(r) = self.recording() else { return };
        let span = r.cx.span();
        span.set_attribute(KeyValue::new("user.id", user.to_string()));
        if let Some(org) = org {
            span.set_attribute(KeyValue::new("meander.org_id", org.to_string()));
        }
    }

    /// How the request (or one operation of a batch) ended, with the error code if it failed.
    pub fn outcome(&self, outcome: Outcome, code: Option<&str>) {
        let Some(r) = self.recording() else { return };
        let mut worst = r.outcome.lock().unwrap_or_else(|e| e.into_inner());
        if worst.is_some_and(|w| w >= outcome) {
            return;
        }
        *worst = Some(outcome);
        let span = r.cx.span();
        span.set_attribute(KeyValue::new("meander.outcome", outcome.label()));
        if outcome != Outcome::Ok {
            let code = code.unwrap_or(outcome.label()).to_string();
            span.set_attribute(KeyValue::new("error.type", code.clone()));
            span.set_status(Status::error(code));
        }
    }

    pub fn sql_statements(&self, n: usize) {
        let Some(r) = self.recording() else { return };
        r.cx.span()
            .set_attribute(KeyValue::new("meander.sql_statements", n as i64));
    }

    /// The request's SQL counter; while the trace records, each statement also becomes a
    /// child span (statement kind and first table only: no SQL text, no values).
    pub fn sql_counter(&self) -> SqlCounter {
        let Some(r) = self.recording() else {
            return SqlCounter::default();
        };
        let (parent, tracer, system) =
            (r.cx.clone(), r.tracing.tracer.clone(), r.tracing.db_system);
        SqlCounter::with_hook(move |info: &Info<'_>| {
            let end = SystemTime::now();
            let (operation, table) = summarize(&info.statement.sql);
            let mut attributes = vec![
                KeyValue::new("db.system.name", system),
                KeyValue::new("db.operation.name", operation),
            ];
            let name = match table {
                Some(table) => {
                    attributes.push(KeyValue::new("db.collection.name", table.to_string()));
                    format!("{operation} {table}")
                }
                None => operation.to_string(),
            };
            let mut span = tracer
                .span_builder(name)
                .with_kind(SpanKind::Client)
                .with_start_time(end.checked_sub(info.elapsed).unwrap_or(end))
                .with_attributes(attributes)
                .start_with_context(&tracer, &parent);
            use opentelemetry::trace::Span as _;
            if info.failed {
                span.set_status(Status::error("statement failed"));
            }
            span.end_with_timestamp(end);
        })
    }
}

/// The statement's kind and the first table it names (a plain identifier), from the SQL text
/// with placeholders; literals never reach the span.
fn summarize(sql: &str) -> (&'static str, Option<&str>) {
    const KINDS: [&str; 10] = [
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
        "WITH",
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "SAVEPOINT",
        "RELEASE",
    ];
    let mut words = sql.split_whitespace();
    let first = words.next().unwrap_or("");
    let kind = KINDS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(first))
        .copied()
        .unwrap_or("OTHER");
    let mut rest = std::iter::once(first).chain(words).peekable();
    while let Some(word) = rest.next() {
        let names_table = ["FROM", "INTO", "JOIN"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(word))
            || (kind == "UPDATE" && word.eq_ignore_ascii_case("UPDATE"));
        if names_table && let Some(table) = rest.peek().and_then(|w| identifier(w)) {
            return (kind, Some(table));
        }
    }
    (kind, None)
}

/// `users`, `"users"` or `` `users` `` (what follows it, e.g. `"users",`, is cut off).
fn identifier(word: &str) -> Option<&str> {
    let word = word.trim_start_matches(['"', '`']);
    let end = word
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(word.len());
    let name = &word[..end];
    (!name.is_empty() && name.len() <= 63 && !name.starts_with(|c: char| c.is_ascii_digit()))
        .then_some(name)
}

/// Exports run on the app's Tokio runtime: the batch processor calls the client from a thread
/// of its own, where hyper has no runtime (nor the client's timer).
#[derive(Debug)]
struct OnRuntime {
    runtime: tokio::runtime::Handle,
    client: HttpsClient,
}

#[async_trait::async_trait]
impl HttpClient for OnRuntime {
    async fn send_bytes(
        &self,
        request: axum::http::Request<Bytes>,
    ) -> Result<axum::http::Response<Bytes>, HttpError> {
        let client = self.client.clone();
        self.runtime
            .spawn(async move { client.send(request).await })
            .await?
    }
}

#[cfg(test)]
mod tests {
    use super::summarize;

    #[test]
    fn statements_are_summarized_by_kind_and_first_table() {
        let cases = [
            (
                r#"SELECT "users"."id" FROM "users" WHERE "users"."email" = $1"#,
                ("SELECT", Some("users")),
            ),
            (
                r#"SELECT * FROM (SELECT "a"."id", ROW_NUMBER() OVER (PARTITION BY "a"."org") FROM "activities" AS "a") AS "t""#,
                ("SELECT", Some("activities")),
            ),
            (
                r#"INSERT INTO "audit_events" ("id", "payload") VALUES ($1, $2)"#,
                ("INSERT", Some("audit_events")),
            ),
            (
                r#"UPDATE "sessions" SET "revoked_at" = $1 WHERE "id" = $2"#,
                ("UPDATE", Some("sessions")),
            ),
            (
                r#"DELETE FROM "activities" WHERE "id" = $1"#,
                ("DELETE", Some("activities")),
            ),
            ("SELECT pg_advisory_xact_lock($1)", ("SELECT", None)),
            ("BEGIN", ("BEGIN", None)),
            ("VACUUM", ("OTHER", None)),
        ];
        for (sql, expected) in cases {
            assert_eq!(summarize(sql), expected, "{sql}");
        }
    }
}
