//! The HTTP application: state, routes (GraphQL over HTTP and, for subscriptions, over
//! WebSocket), and the server loop with graceful shutdown.

mod admission;
mod graphiql;
mod http;
pub mod limits;
pub mod metrics;
pub mod nesting;
pub mod operations;
pub mod otel;
pub mod persisted;
mod prepare;
pub mod rate_limit;
pub mod routing;
mod shutdown;
mod state;
mod ws;

pub use http::router;
pub use shutdown::Shutdown;
pub use state::AppState;

use std::time::Duration;

use tokio::net::TcpListener;

/// Serves until SIGTERM/SIGINT (or `shutdown` resolves), then lets requests drain.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let grace = Duration::from_secs(state.settings.server.shutdown_grace_seconds);
    // The time-driven workflow rules run next to the server and stop with it.
    let jobs = state.settings.jobs.enabled.then(|| {
        crate::workflows::jobs::spawn(
            state.db.clone(),
            Duration::from_secs(state.settings.jobs.interval_seconds),
            state.wakeups.clone(),
            state.clock,
        )
    });
    // Replicas over one PostgreSQL database hear of each other's changes.
    let peers = crate::cluster::start(
        &state.db,
        state.settings.database.listen_url(),
        &state.peers,
        std::sync::Arc::new(state::Peers {
            viewers: state.viewers.clone(),
            wakeups: state.wakeups.clone(),
            rate_limits: state.rate_limits.clone(),
            recent_writes: state.recent_writes.clone(),
        }),
    );
    // Probes and scrapers on an internal address of their own, stopped with the server.
    let operations = match state.settings.operations_addr()? {
        Some(addr) => {
            let listener = TcpListener::bind(addr).await?;
            tracing::info!(addr = %listener.local_addr()?, "operations listener");
            let ops = operations::router(state.clone());
            Some(tokio::spawn(async move {
                if let Err(e) = axum::serve(listener, ops).await {
                    tracing::error!(error = %e, "operations listener failed");
                }
            }))
        }
        None => None,
    };
    let tracing = state.tracing.clone();
    let stopping = state.shutdown.clone();
    let app = router(state);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let ws_stopping = stopping.clone();
    let server = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown.await;
        tracing::info!("shutting down: draining in-flight requests");
        let _ = tx.send(());
        ws_stopping.trigger();
    });
    let drained = async {
        let _ = rx.await;
        tokio::time::sleep(grace).await;
    };
    let result = tokio::select! {
        r = server => r.map_err(anyhow::Error::from),
        _ = drained => {
            tracing::warn!("grace period over; closing remaining connections");
            Ok(())
        }
    };
    // WebSockets close with 1001 on the signal; give them the time to say so.
    let open = stopping.closed(grace.min(Duration::from_secs(5))).await;
    if open > 0 {
        tracing::warn!(open, "WebSocket connections still open at exit");
    }
    if let Some(jobs) = jobs {
        jobs.abort();
    }
    for task in peers.into_iter().flatten().chain(operations) {
        task.abort();
    }
    if let Some(tracing) = tracing {
        tracing.shutdown().await;
    }
    result
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
