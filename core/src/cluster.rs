//! Replicas of the gateway over one PostgreSQL database tell each other what their caches and
//! subscribers must know, through PostgreSQL's `LISTEN/NOTIFY` on one channel
//! ([`CHANNEL`]): no broker to run, and the database every replica already needs.
//!
//! Four kinds of news travel ([`Signal`]):
//!
//! - **A notification was written for a user**: the replicas wake that user's `notificationAdded`
//!   subscribers, which read the `notifications` table at once instead of at their next poll
//!   (`crate::wakeups`). The row is the truth; the signal carries only the user id.
//! - **Cached viewers are out of date**: a role, a permission, a membership, a support grant or a
//!   feature area changed, a session ended or a user's roles moved. Every replica drops the
//!   affected entries of its viewer cache (`authz::ViewerCache`), so a revoked role stops working
//!   on every replica within the signal's travel time, not after `auth.viewer_cache_seconds`.
//! - **Rate-limit tokens were taken** (`app::rate_limit`): the replicas take them from their
//!   copy of the bucket too, so a limit holds for the whole deployment.
//! - **A session wrote** (`app::routing`): its next queries read the primary on every replica,
//!   whatever the read replica has caught up with.
//!
//! Each replica has one publisher task (signals queued by the request and job code, gathered
//! for [`GATHER`] and sent together with `pg_notify`, after the operation that caused them, so
//! never before its commit) and one listener task on a dedicated connection outside the request
//! pool, to `database.listen_url` (a transaction-mode pooler can pass a `NOTIFY`, not hold a
//! `LISTEN`). A replica ignores its own signals (it acted on them already). `NOTIFY` is not
//! durable: a listener that loses its connection may miss signals, so when it reconnects it drops
//! its whole viewer cache and wakes every subscriber, and both mechanisms keep their own fallback
//! (the subscriptions' poll, the cache's time to live). On SQLite (one process) the queue is
//! simply not drained.

use std::sync::{Arc, Mutex};

use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement,
    sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions},
};
use serde::{Deserialize, Serialize};
use tokio::{sync::mpsc, task::JoinHandle};
use uuid::Uuid;

use crate::config::DatabaseSettings;

/// The PostgreSQL notification channel all replicas listen on.
pub const CHANNEL: &str = "meander_cluster";

/// News for the other replicas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "signal", rename_all = "snake_case")]
pub enum Signal {
    /// A notification was written for `user`.
    Notified { user: Uuid },
    /// Every cached viewer may be stale (roles, permissions, memberships, grants, features).
    ViewersChanged,
    /// A session ended (logout, refresh-token replay).
    SessionEnded { session: Uuid },
    /// One user's roles or status changed.
    UserChanged { user: Uuid },
    /// A session wrote: its queries read the primary for a while (`app::routing`).
    SessionWrote { session: Uuid },
    /// `cost` tokens were taken from a rate-limit bucket (`bucket` family, hashed `key`).
    Took {
        bucket: String,
        key: String,
        cost: u32,
    },
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    /// The replica that sent it.
    from: Uuid,
    signals: Vec<Signal>,
}

/// How long the publisher gathers signals before sending them together: a replica under load
/// sends a few messages a second, whatever its request rate.
const GATHER: std::time::Duration = std::time::Duration::from_millis(10);
/// `NOTIFY` payloads must stay under 8000 bytes.
const MAX_PAYLOAD: usize = 7000;

/// Where this replica's code queues signals for the others (cheap to clone; a no-op until the
/// publisher runs).
#[derive(Clone)]
pub struct Outbound {
    tx: mpsc::UnboundedSender<Signal>,
    rx: Arc<Mutex<Option<mpsc::UnboundedReceiver<Signal>>>>,
    /// This replica.
    pub instance: Uuid,
}

impl Default for Outbound {
    fn default() -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        Self {
            tx,
            rx: Arc::new(Mutex::new(Some(rx))),
            instance: Uuid::now_v7(),
        }
    }
}

impl Outbound {
    /// Queues `signal` for the other replicas.
    pub fn send(&self, signal: Signal) {
        // Without a publisher (SQLite, or before `start`) the signal has no one to reach.
        let _ = self.tx.send(signal);
    }

    fn take_receiver(&self) -> Option<mpsc::UnboundedReceiver<Signal>> {
        self.rx.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

/// What a replica does with its peers' signals.
pub trait Apply: Send + Sync + 'static {
    fn apply(&self, signal: Signal);
    /// The listener was disconnected and may have missed signals.
    fn missed(&self);
}

/// Starts the publisher and the listener on PostgreSQL; `None` on SQLite. The listener
/// connects to `database.url` with the pool's TLS settings (`db::listener_options`).
pub fn start(
    db: &DatabaseConnection,
    settings: &DatabaseSettings,
    outbound: &Outbound,
    apply: Arc<dyn Apply>,
) -> anyhow::Result<Option<Vec<JoinHandle<()>>>> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        // Dropping the receiver makes every later `send` a cheap no-op.
        drop(outbound.take_receiver());
        return Ok(None);
    }
    let options = crate::db::listener_options(settings)?;
    let Some(rx) = outbound.take_receiver() else {
        return Ok(None);
    };
    let publisher = tokio::spawn(publish(db.clone(), outbound.instance, rx));
    let listener = tokio::spawn(listen(options, outbound.instance, apply));
    Ok(Some(vec![publisher, listener]))
}

async fn publish(db: DatabaseConnection, from: Uuid, mut rx: mpsc::UnboundedReceiver<Signal>) {
    while let Some(first) = rx.recv().await {
        tokio::time::sleep(GATHER).await;
        let mut signals = vec![first];
        while let Ok(s) = rx.try_recv() {
            signals.push(s);
        }
        send(&db, from, signals).await;
    }
}

/// Sends what `outbound` holds now (a process without a publisher, such as the command line's
/// `jobs run`); nothing on SQLite.
pub async fn flush(db: &DatabaseConnection, outbound: &Outbound) {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return;
    }
    let Some(mut rx) = outbound.take_receiver() else {
        return;
    };
    let mut signals = Vec::new();
    while let Ok(s) = rx.try_recv() {
        signals.push(s);
    }
    send(db, outbound.instance, signals).await;
}

async fn send(db: &DatabaseConnection, from: Uuid, signals: Vec<Signal>) {
    for payload in payloads(from, coalesce(signals)) {
        let sent = db
            .execute_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), payload.into()],
            ))
            .await;
        if let Err(e) = sent {
            // The peers fall back on their poll and cache expiry.
            tracing::warn!(error = %e, "cluster signals not sent");
        }
    }
}

/// Repeats dropped, tokens of one bucket and key added up.
fn coalesce(signals: Vec<Signal>) -> Vec<Signal> {
    let mut out: Vec<Signal> = Vec::with_capacity(signals.len());
    for s in signals {
        if let Signal::Took { bucket, key, cost } = &s
            && let Some(Signal::Took { cost: total, .. }) = out.iter_mut().find(
                |o| matches!(o, Signal::Took { bucket: b, key: k, .. } if b == bucket && k == key),
            )
        {
            *total = total.saturating_add(*cost);
            continue;
        }
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// The signals as `NOTIFY` payloads, each under [`MAX_PAYLOAD`] bytes.
fn payloads(from: Uuid, signals: Vec<Signal>) -> Vec<String> {
    let mut out = Vec::new();
    let mut batch: Vec<Signal> = Vec::new();
    let mut size = 0;
    for s in signals {
        let len = serde_json::to_string(&s).map_or(0, |t| t.len() + 1);
        if !batch.is_empty() && size + len > MAX_PAYLOAD {
            out.extend(
                serde_json::to_string(&Envelope {
                    from,
                    signals: std::mem::take(&mut batch),
                })
                .ok(),
            );
            size = 0;
        }
        size += len;
        batch.push(s);
    }
    if !batch.is_empty() {
        out.extend(
            serde_json::to_string(&Envelope {
                from,
                signals: batch,
            })
            .ok(),
        );
    }
    out
}

/// A pool of one connection, as `PgListener::connect` makes from a URL, made from options.
async fn listener(options: &PgConnectOptions) -> Result<PgListener, sea_orm::sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .max_lifetime(None)
        .idle_timeout(None)
        .connect_with(options.clone())
        .await?;
    let mut listener = PgListener::connect_with(&pool).await?;
    listener.ignore_pool_close_event(true);
    Ok(listener)
}

async fn listen(options: PgConnectOptions, me: Uuid, apply: Arc<dyn Apply>) {
    let mut connected = false;
    loop {
        let mut listener = match listener(&options).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "cluster listener cannot connect; retrying");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %e, "cluster listener cannot listen; retrying");
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            continue;
        }
        if connected {
            // Signals sent while we were away are lost: assume the worst.
            apply.missed();
        }
        connected = true;
        tracing::debug!(channel = CHANNEL, "cluster listener ready");
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => match serde_json::from_str::<Envelope>(n.payload()) {
                    Ok(e) if e.from != me => e.signals.into_iter().for_each(|s| apply.apply(s)),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "unreadable cluster signal"),
                },
                // The connection dropped: listen again on a fresh one, then assume the worst.
                Ok(None) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "cluster listener lost its connection");
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_travel_as_small_tagged_json_gathered_and_added_up() {
        let user = Uuid::nil();
        let took = |cost| Signal::Took {
            bucket: "login_account".into(),
            key: "ab12".into(),
            cost,
        };
        let signals = coalesce(vec![
            Signal::Notified { user },
            took(1),
            Signal::Notified { user },
            took(2),
            Signal::ViewersChanged,
        ]);
        assert_eq!(
            signals,
            vec![Signal::Notified { user }, took(3), Signal::ViewersChanged]
        );
        let text = payloads(user, signals.clone());
        assert_eq!(text.len(), 1);
        assert!(text[0].starts_with(
            r#"{"from":"00000000-0000-0000-0000-000000000000","signals":[{"signal":"notified","#
        ));
        let back: Envelope = serde_json::from_str(&text[0]).unwrap();
        assert_eq!(back.signals, signals);
        // Many signals: several payloads, each small enough for NOTIFY.
        let many: Vec<Signal> = (0..500)
            .map(|i| Signal::UserChanged {
                user: Uuid::from_u128(i),
            })
            .collect();
        let text = payloads(user, many);
        assert!(text.len() > 1);
        assert!(text.iter().all(|t| t.len() < 8000));
    }
}
