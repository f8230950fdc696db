//! Routes: `/graphql` (POST; GET for queries only), `/graphql/ws` (subscriptions over
//! WebSocket, `app::ws`), `/graphiql`, `/healthz`, `/readyz`, `/metrics`. Every request gets an `x-request-id` (kept if the client sent one) that every
//! log line of the request carries and that INTERNAL errors return. With `[tracing]` on, the
//! two GraphQL routes also record an OpenTelemetry span (`app::otel`).
//!
//! A GraphQL request passes, in order, the steps of its [`Gate`]: content negotiation, the
//! per-IP bucket, decoding and batch size, token check and per-user bucket, then per operation
//! persisted-query lookup, document size, parsing and query limits (`app::prepare`), the login
//! buckets; only then is the viewer resolved (the first database work) and the operation run.
//! The pieces shared with WebSocket connections are in `app::admission`.

use std::{
    net::SocketAddr,
    sync::Arc,
    time::{Duration, Instant},
};

use async_graphql::{BatchRequest, ServerError, parser::types::OperationType};
use axum::{
    Router,
    body::Bytes,
    extract::{ConnectInfo, DefaultBodyLimit, State},
    http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use tower_http::{
    compression::CompressionLayer,
    cors::{AllowOrigin, CorsLayer},
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

use super::{
    AppState,
    admission::{
        HttpState, JSON, Media, client_ip, database_failure, error_response, header, negotiate,
        rate_limited, tag_internal, take, verify_access_token,
    },
    limits::QueryLimits,
    metrics::Outcome,
    operations,
    otel::RequestTrace,
    prepare::{Prepared, Refusal, prepare},
    rate_limit::RateLimiter,
    routing,
};
use crate::{
    auth::{jwt::Claims, session::ClientInfo},
    authz::Viewer,
    authz::support,
    config::Profile,
    db::SqlCounter,
    error::ApiResult,
    error::{ApiError, UNAVAILABLE_RETRY_SECS},
    graphql::{build_schema, context::RequestContext, loaders::Loaders},
};

mod gate;
use gate::{Gate, admit};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

impl axum::extract::FromRef<HttpState> for AppState {
    fn from_ref(state: &HttpState) -> Self {
        state.app.clone()
    }
}

pub fn router(app: AppState) -> Router {
    let schema = build_schema(app.settings.server.introspection);
    let limits = Arc::new(QueryLimits::new(
        &crate::graphql::sdl_of(&schema),
        &app.settings,
    ));
    let settings = app.settings.clone();
    let tracing = app.tracing.clone();
    let dev = settings.profile == Profile::Development;
    let state = HttpState {
        app,
        schema,
        limits,
    };
    let mut router = Router::new()
        .route("/graphql", get(graphql).post(graphql))
        .route("/graphql/ws", get(super::ws::handler));
    if let Some(tracing) = tracing {
        router = router.route_layer(axum::middleware::from_fn_with_state(
            tracing,
            super::otel::traced,
        ));
    }
    let mut router = router
        .route("/healthz", get(operations::healthz))
        .route("/readyz", get(operations::readyz));
    if settings.server.metrics {
        router = router.route("/metrics", get(operations::metrics));
    }
    if settings.server.graphiql {
        router = router
            .route("/graphiql", get(super::graphiql::page))
            .route("/graphiql/assets/{name}", get(super::graphiql::asset));
        if dev {
            router = router.route("/", get(|| async { Redirect::temporary("/graphiql") }));
        }
    }
    let mut router = router
        .with_state(state)
        .layer(DefaultBodyLimit::max(settings.http.max_body_bytes))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ));
    if settings.http.compression {
        router = router.layer(CompressionLayer::new());
    }
    router = router.layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        Duration::from_secs(settings.http.request_timeout_seconds),
    ));
    if !settings.http.cors_allowed_origins.is_empty() {
        // Validated at start-up, so every origin is a valid header value.
        let origins: Vec<HeaderValue> = settings
            .http
            .cors_allowed_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        router = router.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([
                    header::AUTHORIZATION,
                    header::CONTENT_TYPE,
                    header::ACCEPT,
                    REQUEST_ID,
                ])
                .expose_headers([REQUEST_ID, header::RETRY_AFTER])
                .max_age(Duration::from_secs(600)),
        );
    }
    router
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                let id = req
                    .extensions()
                    .get::<RequestId>()
                    .and_then(|id| id.header_value().to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                tracing::info_span!(
                    "request",
                    request_id = %id,
                    method = %req.method(),
                    path = %req.uri().path(),
                    operation_name = tracing::field::Empty,
                    user_id = tracing::field::Empty,
                    org_id = tracing::field::Empty,
                )
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// A request error with code BAD_REQUEST: the request itself is malformed (400 whatever the
/// media type).
fn malformed(r: &async_graphql::Response) -> bool {
    r.errors.iter().any(|e| {
        e.path.is_empty()
            && e.extensions
                .as_ref()
                .and_then(|x| x.get("code"))
                .is_some_and(|c| *c == async_graphql::Value::from("BAD_REQUEST"))
    })
}

/// `extensions.code` of an error.
fn code_of(e: &ServerError) -> Option<&str> {
    match e.extensions.as_ref().and_then(|x| x.get("code")) {
        Some(async_graphql::Value::String(code)) => Some(code.as_str()),
        _ => None,
    }
}

/// `extensions.code` of the first error.
fn first_code(r: &async_graphql::Response) -> Option<&str> {
    r.errors.iter().find_map(code_of)
}

/// A response as sent: a request error (nothing ran) has no `data` entry (GraphQL over HTTP).
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Answer<'a> {
    Ran(&'a async_graphql::Response),
    NotRun { errors: &'a [ServerError] },
}

impl<'a> Answer<'a> {
    fn of(r: &'a async_graphql::Response) -> Self {
        if executed(r) {
            Self::Ran(r)
        } else {
            Self::NotRun { errors: &r.errors }
        }
    }
}

/// Data present, or field errors only: the operation ran.
fn executed(r: &async_graphql::Response) -> bool {
    r.data != async_graphql::Value::Null || r.errors.iter().any(|e| !e.path.is_empty())
}

async fn graphql(
    State(state): State<HttpState>,
    method: Method,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
    trace: RequestTrace,
    body: Bytes,
) -> Response {
    let started = Instant::now();
    let app = &state.app;
    let metrics = &app.metrics;
    let request_id = header(&headers, "x-request-id");
    let Some(media) = negotiate(&headers) else {
        trace.outcome(Outcome::Rejected, Some("BAD_REQUEST"));
        return error_response(
            Media::Json,
            StatusCode::NOT_ACCEPTABLE,
            vec![
                ApiError::bad_request(
                    "Accept must allow application/graphql-response+json or application/json",
                    None,
                )
                .into_server_error(),
            ],
            None,
        );
    };
    let ip = client_ip(&headers, peer, &app.settings.rate_limit.client_ip_header).to_string();
    let gate = Gate {
        app,
        trace: &trace,
        media,
        started,
        ip: ip.clone(),
        limits_on: app.settings.rate_limit.enabled,
    };
    // One token before decoding, so malformed requests are not free.
    admit!(gate.charge(&app.rate_limits.ip, &ip, 1));
    let (is_batch, mut requests) = admit!(gate.decode(&method, &headers, &uri, &body));
    let claims = admit!(gate.claims(&headers, requests.len() as u32));

    // Each operation: Ok to run, or the request error that answers it.
    let mut prepared: Vec<Result<Prepared, ServerError>> = Vec::with_capacity(requests.len());
    for request in &mut requests {
        prepared.push(match prepare(&state, &method, request) {
            Ok(p) => Ok(p),
            Err(Refusal::Error(e)) => Err(e.into_server_error()),
            Err(Refusal::Server(e)) => Err(e),
            Err(Refusal::MethodNotAllowed) => {
                metrics.request("anonymous", Outcome::Rejected, started.elapsed());
                trace.outcome(Outcome::Rejected, None);
                return (
                    StatusCode::METHOD_NOT_ALLOWED,
                    [(header::ALLOW, "POST")],
                    "mutations and subscriptions need POST",
                )
                    .into_response();
            }
        });
    }
    let runnable = || prepared.iter().filter_map(|p| p.as_ref().ok());
    let named = runnable().find(|p| p.operation_name.is_some());
    let name: Option<String> = named
        .and_then(|p| p.operation_name.as_deref())
        .map(|name| name.chars().take(64).collect());
    if let Some(name) = &name {
        tracing::Span::current().record("operation_name", name.as_str());
    }
    let kind = named
        .or_else(|| runnable().next())
        .and_then(|p| p.kinds.first().copied());
    trace.operation(name.as_deref(), kind);
    admit!(gate.logins(&prepared));

    let counter = trace.sql_counter();
    let runs = prepared.iter().any(Result::is_ok);
    let viewer = admit!(
        gate.viewer(&claims, runs, &counter, request_id.as_deref())
            .await
    );
    let claims = claims.ok().flatten();
    // A request that only reads may read the replica (`app::routing`).
    let read_only = prepared
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .all(|p| p.kinds.iter().all(|k| *k == OperationType::Query));
    let db = routing::reads_from(
        &app.db,
        app.replica.as_ref(),
        &app.recent_writes,
        read_only,
        claims.as_ref().map(|c| c.sid),
    )
    .clone();
    let viewer_ok = viewer.as_ref().and_then(|v| v.as_ref().ok()).cloned();
    let admin = viewer_ok
        .as_ref()
        .is_some_and(|v| v.has_role("global_admin") || v.has_role("org_admin"));

    let mut responses = Vec::with_capacity(requests.len());
    let mut labels = Vec::with_capacity(requests.len());
    // Whether a mutation ran: its answer is never 503, which would invite a blind retry of
    // the root fields that did commit.
    let mut mutation_ran = false;
    for (request, prep) in requests.into_iter().zip(prepared) {
        let prep = prep.and_then(|p| {
            if app.persisted.require_manifest && !p.from_manifest && !admin {
                Err(ApiError::Rejected {
                    code: "PERSISTED_QUERY_REQUIRED",
                    message: "only persisted operations are accepted".into(),
                    limit: None,
                }
                .into_server_error())
            } else {
                Ok(p)
            }
        });
        let p = match prep {
            Ok(p) => p,
            Err(e) => {
                labels.push(metrics.operation_label(request.operation_name.as_deref()));
                responses.push(async_graphql::Response::from_errors(vec![e]));
                continue;
            }
        };
        labels.push(metrics.operation_label(p.operation_name.as_deref()));
        mutation_ran |= p.kinds.contains(&OperationType::Mutation);
        app.persisted.remember(&request);
        let client = ClientInfo {
            request_id: request_id.clone(),
            ip_address: Some(ip.clone()),
            user_agent: header(&headers, "user-agent"),
        };
        let ctx = RequestContext {
            viewer: viewer.as_ref().map(|r| match r {
                Ok(v) => Ok(v.clone()),
                Err(_) => Err(ApiError::Unauthenticated),
            }),
            claims: claims.clone(),
            client: client.clone(),
            db: db.clone(),
        };
        let loaders = Loaders::new(
            viewer_ok.clone(),
            db.clone(),
            counter.clone(),
            Duration::from_micros(app.settings.graphql.loader_delay_micros),
        );
        let request = request.data(app.services.clone()).data(ctx).data(loaders);
        // Notification subscribers are woken once the operation (its transactions) is over.
        responses.push(
            app.wakeups
                .after(counter.scope(crate::graphql::execute(&state.schema, request)))
                .await,
        );
        // Reads under a support grant are never silent: one audit event per granting tenant.
        // When that event cannot be written, the answer is withheld: a tenant's data never
        // leaves under a grant without its trace.
        if let Some(v) = viewer_ok
            .as_ref()
            .filter(|v| !v.support_organization_ids.is_empty())
            && let Err(e) =
                support::audit_support_read(&app.db, v, &client, p.operation_name.as_deref()).await
        {
            tracing::error!(error = %e, "support read audit failed; the answer is withheld");
            let withheld = ApiError::Internal(anyhow::anyhow!(
                "the read under a support grant could not be audited, so it is not answered"
            ));
            if let Some(last) = responses.last_mut() {
                *last = async_graphql::Response::from_errors(vec![withheld.into_server_error()]);
            }
        }
    }

    // Read your writes: the session's next queries read the primary (`app::routing`).
    if mutation_ran && let Some(c) = &claims {
        app.recent_writes.wrote(c.sid);
    }

    let elapsed = started.elapsed();
    let mut all_request_errors = true;
    let mut extra_headers = HeaderMap::new();
    for (response, label) in responses.iter_mut().zip(&labels) {
        // INTERNAL errors carry the request id so support can find the log lines.
        for err in &mut response.errors {
            tag_internal(err, request_id.as_deref());
        }
        let ran = executed(response);
        all_request_errors &= !ran;
        let outcome = match (ran, response.errors.is_empty()) {
            (false, _) => Outcome::Rejected,
            (true, true) => Outcome::Ok,
            (true, false) => Outcome::Error,
        };
        metrics.request(label, outcome, elapsed);
        trace.outcome(outcome, first_code(response));
        let failed_login = response
            .errors
            .iter()
            .any(|e| e.path.first() == Some(&async_graphql::PathSegment::Field("login".into())));
        if failed_login {
            metrics.auth_failure("login");
        }
        extra_headers.extend(std::mem::take(&mut response.http_headers));
    }
    metrics.sql_statements(counter.get());
    trace.sql_statements(counter.get());

    let answers: Vec<Answer> = responses.iter().map(Answer::of).collect();
    let body = if is_batch {
        serde_json::to_string(&answers)
    } else {
        serde_json::to_string(&answers[0])
    }
    .unwrap_or_default();
    // graphql-response+json: a request error (nothing ran) is 400; application/json: 200;
    // a malformed request is 400 for both.
    // The database unreachable: 503 with Retry-After, except after a mutation ran (see above),
    // which keeps its status and gets only the header.
    let unavailable = responses
        .iter()
        .any(|r| r.errors.iter().any(|e| code_of(e) == Some("UNAVAILABLE")));
    let status = if responses.iter().any(malformed) {
        StatusCode::BAD_REQUEST
    } else if unavailable && !mutation_ran {
        StatusCode::SERVICE_UNAVAILABLE
    } else if media == Media::GraphqlResponse && all_request_errors {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    if unavailable {
        extra_headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from(UNAVAILABLE_RETRY_SECS),
        );
    }
    let mut http = (
        status,
        [
            (header::CONTENT_TYPE, media.content_type()),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response();
    http.headers_mut().extend(extra_headers);
    if app.settings.graphql.sql_count_header
        && let Ok(v) = HeaderValue::from_str(&counter.get().to_string())
    {
        http.headers_mut().insert("x-sql-statements", v);
    }
    http
}
