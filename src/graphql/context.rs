//! What a resolver can reach: the shared state, the per-request viewer and client info.

use std::sync::Arc;

use async_graphql::Context;
use sea_orm::DatabaseConnection;

use crate::{
    app::AppState,
    auth::{jwt::Claims, session::ClientInfo},
    authz::Viewer,
    error::{ApiError, ApiResult},
};

/// Per-request data, put into the GraphQL request by the HTTP handler.
pub struct RequestContext {
    /// `None` without a token; `Err` when a token was sent but refused.
    pub viewer: Option<Result<Arc<Viewer>, ApiError>>,
    pub claims: Option<Claims>,
    pub client: ClientInfo,
    /// The database this request reads and writes: the primary, or for a request of queries
    /// only the read replica (`app::routing`).
    pub db: DatabaseConnection,
}

/// The one transaction scaffold of a resolver that writes: the viewer's `Writer` (with the
/// request's instant) and a writing transaction (`db::begin_write`), committed when `body` got
/// through; on an error (`?`)
/// the transaction is dropped, so nothing is half-written.
/// `in_transaction!(ctx, |txn, writer| flow::approve(&txn, &writer, id).await?)`.
#[macro_export]
macro_rules! in_transaction {
    ($ctx:expr, |$txn:ident, $writer:ident| $body:expr) => {{
        use $crate::graphql::context::ContextExt as _;
        let $writer = $crate::authz::writes::Writer {
            viewer: $ctx.viewer()?,
            client: &$ctx.request().client,
            now: $ctx.now(),
        };
        let $txn = $crate::db::begin_write($ctx.db())
            .await
            .map_err($crate::error::ApiError::from)?;
        let out = $body;
        $txn.commit().await.map_err($crate::error::ApiError::from)?;
        out
    }};
}

pub trait ContextExt {
    fn app(&self) -> &AppState;
    /// The request's database (`RequestContext::db`).
    fn db(&self) -> &DatabaseConnection {
        &self.request().db
    }
    fn request(&self) -> &RequestContext;
    /// Now on the domain clock (`clock::Clock`).
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.app().clock.now()
    }
    /// The signed-in viewer, or UNAUTHENTICATED.
    fn viewer(&self) -> ApiResult<&Arc<Viewer>> {
        match &self.request().viewer {
            Some(Ok(v)) => Ok(v),
            _ => Err(ApiError::Unauthenticated),
        }
    }
}

impl ContextExt for Context<'_> {
    fn app(&self) -> &AppState {
        self.data_unchecked::<AppState>()
    }
    fn request(&self) -> &RequestContext {
        self.data_unchecked::<RequestContext>()
    }
}
