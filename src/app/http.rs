//! Routes: `/graphql` (POST; GET for queries only), `/graphiql`, `/healthz`, `/readyz`.
//! Every request gets an `x-request-id` (kept if the client sent one) that every log line of
//! the request carries and that INTERNAL errors return.

use std::{net::SocketAddr, sync::Arc};

use async_graphql::{ServerError, http::GraphiQLSource};
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::{
    Router,
    extract::{ConnectInfo, State},
    http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    routing::get,
};
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    trace::TraceLayer,
};

use super::AppState;
use crate::{
    auth::session::ClientInfo,
    authz::support,
    config::Profile,
    db::SqlCounter,
    error::ApiError,
    graphql::{AppSchema, build_schema, context::RequestContext, loaders::Loaders},
};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

#[derive(Clone)]
struct HttpState {
    app: AppState,
    schema: AppSchema,
}

pub fn router(app: AppState) -> Router {
    let schema = build_schema(app.settings.server.introspection);
    let graphiql = app.settings.server.graphiql;
    let dev = app.settings.profile == Profile::Development;
    let state = HttpState { app, schema };
    let mut router = Router::new()
        .route("/graphql", get(graphql).post(graphql))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz));
    if graphiql {
        router = router.route("/graphiql", get(graphiql_page));
        if dev {
            router = router.route("/", get(|| async { Redirect::temporary("/graphiql") }));
        }
    }
    router
        .with_state(state)
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req
                .extensions()
                .get::<RequestId>()
                .and_then(|id| id.header_value().to_str().ok())
                .unwrap_or_default()
                .to_string();
            tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path(), user_id = tracing::field::Empty)
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<HttpState>) -> Response {
    match state.app.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

async fn graphiql_page() -> Html<String> {
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .title("Meander gateway")
            .finish(),
    )
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

async fn graphql(
    State(state): State<HttpState>,
    method: Method,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    request: GraphQLRequest,
) -> Response {
    let mut request = request.into_inner();
    let request_id = header(&headers, "x-request-id");
    if method == Method::GET {
        // GET is for queries only (GraphQL over HTTP): a mutation must not be a safe request.
        if let Ok(doc) = request.parsed_query() {
            let mutates = doc
                .operations
                .iter()
                .any(|(_, op)| op.node.ty != async_graphql::parser::types::OperationType::Query);
            if mutates {
                return (
                    StatusCode::METHOD_NOT_ALLOWED,
                    [(axum::http::header::ALLOW, "POST")],
                    "mutations and subscriptions need POST",
                )
                    .into_response();
            }
        }
    }

    let app = &state.app;
    let bearer = header(&headers, "authorization")
        .and_then(|h| h.strip_prefix("Bearer ").map(str::to_string));
    let counter = SqlCounter::default();
    let (viewer, claims) = match bearer {
        None => (None, None),
        Some(token) => match app.tokens.verify(token.trim()) {
            Ok(claims) => {
                let v = counter.scope(app.viewers.resolve(&app.db, &claims)).await;
                (Some(v), Some(claims))
            }
            Err(e) => {
                tracing::info!(reason = %e, "access token refused");
                (Some(Err(ApiError::Unauthenticated)), None)
            }
        },
    };
    if let Some(Ok(v)) = &viewer {
        tracing::Span::current().record("user_id", tracing::field::display(v.user_id));
    }
    let loaders = Loaders::new(
        viewer.as_ref().and_then(|v| v.as_ref().ok()).cloned(),
        app.db.clone(),
        counter.clone(),
    );
    let ctx = RequestContext {
        viewer: viewer.map(|r| r.map(|v: Arc<_>| v)),
        claims,
        client: ClientInfo {
            request_id: request_id.clone(),
            ip_address: Some(peer.ip().to_string()),
            user_agent: header(&headers, "user-agent"),
        },
    };
    let support_reader = ctx
        .viewer
        .as_ref()
        .and_then(|v| v.as_ref().ok())
        .filter(|v| !v.support_organization_ids.is_empty())
        .cloned();
    let client = ctx.client.clone();
    let operation = request.operation_name.clone();
    let request = request.data(app.clone()).data(ctx).data(loaders);
    let mut response = counter.scope(state.schema.execute(request)).await;
    if let Some(viewer) = support_reader
        && let Err(e) =
            support::audit_support_read(&app.db, &viewer, &client, operation.as_deref()).await
    {
        tracing::error!(error = %e, "support read audit failed");
    }

    // INTERNAL errors carry the request id so support can find the log lines.
    for err in &mut response.errors {
        tag_internal(err, request_id.as_deref());
    }
    let mut http = GraphQLResponse::from(response).into_response();
    if app.settings.graphql.sql_count_header
        && let Ok(v) = HeaderValue::from_str(&counter.get().to_string())
    {
        http.headers_mut().insert("x-sql-statements", v);
    }
    http
}

fn tag_internal(err: &mut ServerError, request_id: Option<&str>) {
    let internal = err
        .extensions
        .as_ref()
        .and_then(|e| e.get("code"))
        .is_some_and(|c| *c == async_graphql::Value::from("INTERNAL"));
    if internal && let (Some(ext), Some(id)) = (err.extensions.as_mut(), request_id) {
        ext.set("requestId", id);
    }
}
