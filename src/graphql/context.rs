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
}

pub trait ContextExt {
    fn app(&self) -> &AppState;
    fn db(&self) -> &DatabaseConnection {
        &self.app().db
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
