use std::{sync::Arc, time::Duration};

use sea_orm::DatabaseConnection;

use super::{
    Shutdown, metrics::Metrics, otel::Tracing, persisted::PersistedQueries,
    rate_limit::RateLimiter, routing::RecentWrites,
};
use crate::{
    auth::{external::ExternalIssuers, jwt::TokenService},
    authz::ViewerCache,
    cluster::{Apply, Outbound, Signal},
    config::Settings,
    graphql::context::Services,
    wakeups::{EVERYONE, Wakeups},
};

/// The rate-limit buckets, shared with the other replicas (`app::rate_limit`).
pub struct RateLimits {
    pub ip: RateLimiter,
    pub user: RateLimiter,
    pub login_ip: RateLimiter,
    pub login_account: RateLimiter,
}

/// Shared by every request; cheap to clone. What resolvers reach is `services` (the API
/// crate's `Services`, read through `Deref`: `state.settings`, `state.db`, ...); the rest is the
/// HTTP edge's own.
#[derive(Clone)]
pub struct AppState {
    pub services: Arc<Services>,
    pub rate_limits: Arc<RateLimits>,
    pub persisted: Arc<PersistedQueries>,
    pub metrics: Arc<Metrics>,
    /// OpenTelemetry trace export, when `tracing.enabled`.
    pub tracing: Option<Arc<Tracing>>,
    /// Tells WebSocket connections the instance is stopping.
    pub shutdown: Shutdown,
    /// Signals for the other replicas (`crate::cluster`), sent by `app::serve`'s publisher.
    pub peers: Outbound,
    /// The read replica queries read, if configured (`app::routing`).
    pub replica: Option<DatabaseConnection>,
    /// Sessions that wrote recently: they read the primary (`app::routing`).
    pub recent_writes: Arc<RecentWrites>,
}

impl std::ops::Deref for AppState {
    type Target = Services;
    fn deref(&self) -> &Services {
        &self.services
    }
}

impl AppState {
    pub fn new(settings: Settings, db: DatabaseConnection) -> anyhow::Result<Self> {
        let peers = Outbound::default();
        let tokens = TokenService::from_settings(&settings.auth)?;
        let external_issuers = ExternalIssuers::from_settings(&settings.auth)?;
        let viewers = ViewerCache::new(
            Duration::from_secs(settings.auth.viewer_cache_seconds),
            settings.clock(),
        )
        .with_peers(peers.clone());
        let r = &settings.rate_limit;
        let shared = |name, n| RateLimiter::per_minute(name, n).with_peers(peers.clone());
        let rate_limits = RateLimits {
            ip: shared("ip", r.ip_requests_per_minute),
            user: shared("user", r.user_requests_per_minute),
            login_ip: shared("login_ip", r.login_attempts_per_minute_per_ip),
            login_account: shared("login_account", r.login_attempts_per_minute_per_account),
        };
        let persisted =
            PersistedQueries::load(&settings.persisted_queries, settings.limits.max_nesting)?;
        let tracing = Tracing::from_settings(&settings.tracing, &db)?;
        let wakeups = Wakeups::default().with_peers(peers.clone());
        Ok(Self {
            tracing,
            rate_limits: Arc::new(rate_limits),
            persisted: Arc::new(persisted),
            metrics: Arc::new(Metrics::default()),
            recent_writes: Arc::new(RecentWrites::new(
                Duration::from_secs(settings.database.read_your_writes_seconds),
                Some(peers.clone()),
            )),
            replica: None,
            peers,
            shutdown: Shutdown::default(),
            services: Arc::new(Services {
                tokens: Arc::new(tokens),
                external_issuers: Arc::new(external_issuers),
                wakeups,
                clock: settings.clock(),
                settings: Arc::new(settings),
                db,
                viewers: Arc::new(viewers),
            }),
        })
    }

    /// `new`, with the read replica of `database.replica_url` connected (`app::routing`): the
    /// state a server runs on.
    pub async fn open(settings: Settings, db: DatabaseConnection) -> anyhow::Result<Self> {
        let replica = crate::db::connect_replica(&settings.database).await?;
        let mut state = Self::new(settings, db)?;
        state.replica = replica;
        Ok(state)
    }
}

/// What this replica does with its peers' signals (`crate::cluster`).
pub struct Peers {
    pub viewers: Arc<ViewerCache>,
    pub wakeups: Wakeups,
    pub rate_limits: Arc<RateLimits>,
    pub recent_writes: Arc<RecentWrites>,
}

impl Apply for Peers {
    fn apply(&self, signal: Signal) {
        match signal {
            Signal::Notified { user } => self.wakeups.wake_here(user),
            Signal::SessionWrote { session } => self.recent_writes.wrote_here(session),
            Signal::Took { bucket, key, cost } => {
                let r = &self.rate_limits;
                if let Some(limiter) = [&r.ip, &r.user, &r.login_ip, &r.login_account]
                    .into_iter()
                    .find(|l| l.name() == bucket)
                {
                    limiter.absorb(&key, cost);
                }
            }
            other => self.viewers.apply(other),
        }
    }

    fn missed(&self) {
        self.viewers.apply(Signal::ViewersChanged);
        self.wakeups.wake_here(EVERYONE);
    }
}
