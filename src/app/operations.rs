//! The operations surface: `/healthz` (the process answers), `/readyz` (the database answers)
//! and `/metrics`. Served on the public listener as configured (`server.metrics`), and, when
//! `server.operations_bind` is set, on a second listener of their own (Apollo Router's pattern),
//! so that probes and scrapers reach them on an internal address and the public port need not
//! expose metrics at all.

use std::time::Duration;

use axum::{
    Router,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

use super::AppState;
use crate::error::UNAVAILABLE_RETRY_SECS;

/// The operations listener's routes.
pub fn router(app: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(app)
}

pub(super) async fn metrics(State(app): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        app.metrics
            .render(&app.db, app.settings.database.max_connections),
    )
        .into_response()
}

pub(super) async fn healthz() -> &'static str {
    "ok"
}

/// Ready when a pooled connection answers within the acquire timeout (at most 2 s, shorter
/// than a typical probe's own timeout). It turns ready again by itself once the database is
/// back: the pool replaces dead connections on acquire.
pub(super) async fn readyz(State(app): State<AppState>) -> Response {
    let wait =
        Duration::from_millis(app.settings.database.acquire_timeout_ms).min(Duration::from_secs(2));
    match tokio::time::timeout(wait, app.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready").into_response(),
        failed => {
            let reason = match failed {
                Ok(Err(e)) => e.to_string(),
                _ => format!("no answer in {} ms", wait.as_millis()),
            };
            tracing::warn!(error = %reason, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(
                    header::RETRY_AFTER,
                    HeaderValue::from(UNAVAILABLE_RETRY_SECS),
                )],
                "database unavailable",
            )
                .into_response()
        }
    }
}
