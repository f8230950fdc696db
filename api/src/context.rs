//! What a resolver can reach: the shared state, the per-request viewer and client info.

use std::sync::Arc;

use async_graphql::Context;
use sea_orm::DatabaseConnection;

use meander_core::{
    auth::{
        external::ExternalIssuers,
        jwt::{Claims, TokenService},
        session::{Authenticator, ClientInfo},
    },
    authz::{Viewer, ViewerCache},
    clock::Clock,
    config::Settings,
    error::{ApiError, ApiResult},
    wakeups::Wakeups,
};

/// What resolvers reach of the running server, put into every request as `Arc<Services>`.
/// The HTTP edge's state (`app::AppState`) holds one and adds what only the edge needs (tokens,
/// rate limits, metrics, replicas), so this crate knows nothing of HTTP.
pub struct Services {
    pub settings: Arc<Settings>,
    /// Domain time for every request, job and notification of this instance.
    pub clock: Clock,
    /// The primary database (a request's own database is `RequestContext::db`).
    pub db: DatabaseConnection,
    pub viewers: Arc<ViewerCache>,
    /// Wakes this instance's notification subscribers after an operation wrote notifications.
    pub wakeups: Wakeups,
    pub tokens: Arc<TokenService>,
    pub external_issuers: Arc<ExternalIssuers>,
}

impl Services {
    /// Logins, refreshes and logouts, on the primary database and the domain clock.
    pub fn authenticator(&self) -> Authenticator<'_> {
        Authenticator {
            db: &self.db,
            tokens: &self.tokens,
            settings: &self.settings.auth,
            clock: self.clock,
        }
    }
}

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
        use $crate::context::ContextExt as _;
        let $writer = ::meander_core::authz::writes::Writer {
            viewer: $ctx.viewer()?,
            client: &$ctx.request().client,
            now: $ctx.now(),
        };
        let $txn = ::meander_core::db::begin_write($ctx.db())
            .await
            .map_err(::meander_core::error::ApiError::from)?;
        let out = $body;
        $txn.commit()
            .await
            .map_err(::meander_core::error::ApiError::from)?;
        out
    }};
}

pub trait ContextExt {
    fn app(&self) -> &Arc<Services>;
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
    fn app(&self) -> &Arc<Services> {
        self.data_unchecked::<Arc<Services>>()
    }
    fn request(&self) -> &RequestContext {
        self.data_unchecked::<RequestContext>()
    }
}
