//! Admission: what a request must pass before the gateway does any work for it, shared by the
//! GraphQL routes over HTTP (`app::http`) and over WebSocket (`app::ws`): the response media
//! type, the client's address, the rate-limit buckets, the access token (checked without the
//! database), and the answers that refuse a request (request errors, 429, 503).

use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use async_graphql::ServerError;
use axum::{
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::{AppState, limits::QueryLimits, rate_limit::RateLimiter};
use crate::{
    auth::jwt::Claims,
    error::{ApiError, UNAVAILABLE_RETRY_SECS},
    graphql::AppSchema,
};

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
pub(super) const JSON: &str = "application/json";

/// The state of the GraphQL routes: the app, its schema and the query limits made from it.
#[derive(Clone)]
pub(super) struct HttpState {
    pub(super) app: AppState,
    pub(super) schema: AppSchema,
    pub(super) limits: Arc<QueryLimits>,
}

pub(super) fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The response media type, from the Accept header (GraphQL over HTTP).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Media {
    /// `application/graphql-response+json`: request errors answer 400.
    GraphqlResponse,
    /// `application/json` (legacy, also for no Accept or `*/*`): always 200 once well-formed.
    Json,
}

impl Media {
    pub(super) fn content_type(self) -> &'static str {
        match self {
            Self::GraphqlResponse => GRAPHQL_RESPONSE_JSON,
            Self::Json => JSON,
        }
    }
}

/// Picks the media type the client prefers; `None` when it accepts neither.
pub(super) fn negotiate(headers: &HeaderMap) -> Option<Media> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(Media::Json);
    };
    let (mut gr, mut json, mut wild) = (0.0f32, 0.0f32, 0.0f32);
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let mime = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        match mime.as_str() {
            GRAPHQL_RESPONSE_JSON => gr = gr.max(q),
            JSON => json = json.max(q),
            "*/*" | "application/*" => wild = wild.max(q),
            _ => {}
        }
    }
    if gr > 0.0 && gr >= json {
        Some(Media::GraphqlResponse)
    } else if json > 0.0 || wild > 0.0 {
        Some(Media::Json)
    } else {
        None
    }
}

/// A response made only of request errors (no `data`), e.g. before execution.
pub(super) fn error_response(
    media: Media,
    status: StatusCode,
    errors: Vec<ServerError>,
    request_id: Option<&str>,
) -> Response {
    let mut response = async_graphql::Response::from_errors(errors);
    for err in &mut response.errors {
        tag_internal(err, request_id);
    }
    let body = serde_json::json!({ "errors": response.errors });
    (
        status,
        [
            (header::CONTENT_TYPE, media.content_type()),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// Whole seconds to wait (at least one), for `Retry-After` and the error.
pub(super) fn retry_after_secs(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

pub(super) fn rate_limited(media: Media, wait: Duration) -> Response {
    let secs = retry_after_secs(wait);
    let mut resp = error_response(
        media,
        StatusCode::TOO_MANY_REQUESTS,
        vec![
            ApiError::RateLimited {
                retry_after_secs: secs,
            }
            .into_server_error(),
        ],
        None,
    );
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    resp
}

/// The client's address: the TCP peer, or behind a proxy the last entry of the configured
/// header (the one the nearest proxy added; earlier entries are the client's own word).
pub(super) fn client_ip(headers: &HeaderMap, peer: SocketAddr, header_name: &str) -> IpAddr {
    if header_name.is_empty() {
        return peer.ip();
    }
    headers
        .get_all(header_name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .next_back()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(peer.ip())
}

pub(super) fn take(limiter: &RateLimiter, key: &str, cost: u32) -> Result<(), Duration> {
    limiter.check(key, cost)
}

/// The database failed before anything ran (resolving the viewer): 503 with `Retry-After`
/// when it is unreachable, 500 otherwise; never UNAUTHENTICATED, which would log clients out.
pub(super) fn database_failure(media: Media, err: ApiError, request_id: Option<&str>) -> Response {
    let unavailable = matches!(err, ApiError::Unavailable { .. });
    let status = if unavailable {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    };
    let mut resp = error_response(media, status, vec![err.into_server_error()], request_id);
    if unavailable {
        resp.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(UNAVAILABLE_RETRY_SECS),
        );
    }
    resp
}

/// Checks an access token without the database (signature, expiry, issuer, audience); the
/// session and the user are checked when the viewer is resolved. HTTP requests and WebSocket
/// connections (`app::ws`) both come through here.
pub(super) fn verify_access_token(app: &AppState, token: &str) -> Result<Claims, ApiError> {
    app.tokens.verify(token.trim()).map_err(|e| {
        tracing::info!(reason = %e, "access token refused");
        app.metrics.auth_failure("token");
        ApiError::Unauthenticated
    })
}

pub(super) fn tag_internal(err: &mut ServerError, request_id: Option<&str>) {
    let internal = err
        .extensions
        .as_ref()
        .and_then(|e| e.get("code"))
        .is_some_and(|c| *c == async_graphql::Value::from("INTERNAL"));
    if internal && let (Some(ext), Some(id)) = (err.extensions.as_mut(), request_id) {
        ext.set("requestId", id);
    }
}
