//! Which database a GraphQL request reads (`database.replica_url`).
//!
//! With a read replica configured, a request made only of queries reads the replica: lists,
//! reports and statistics, where a replica's lag of a moment is acceptable. Everything else
//! uses the primary: a request with a mutation, subscriptions, the viewer's resolution (a
//! revoked session must not linger on a lagging replica), the support-read audit. And so that
//! nobody misses their own change, a session that wrote reads the primary for
//! `database.read_your_writes_seconds` afterwards, on every replica of the gateway (the write is
//! told to the others through `crate::cluster`).

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::cluster::{Outbound, Signal};

/// Sessions that wrote recently, kept for the read-your-writes window.
pub struct RecentWrites {
    window: Duration,
    sessions: Mutex<HashMap<Uuid, Instant>>,
    peers: Option<Outbound>,
}

/// Entries kept before expired ones are dropped.
const PRUNE_ABOVE: usize = 10_000;

impl RecentWrites {
    pub fn new(window: Duration, peers: Option<Outbound>) -> Self {
        Self {
            window,
            sessions: Mutex::new(HashMap::new()),
            peers,
        }
    }

    /// `session` wrote: its queries read the primary for the window, here and on the peers.
    pub fn wrote(&self, session: Uuid) {
        self.wrote_here(session);
        if let Some(p) = &self.peers {
            p.send(Signal::SessionWrote { session });
        }
    }

    /// A peer's `wrote`.
    pub fn wrote_here(&self, session: Uuid) {
        let now = Instant::now();
        let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        if sessions.len() > PRUNE_ABOVE {
            let window = self.window;
            sessions.retain(|_, at| now.duration_since(*at) < window);
        }
        sessions.insert(session, now);
    }

    fn recent(&self, session: Uuid) -> bool {
        self.sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&session)
            .is_some_and(|at| at.elapsed() < self.window)
    }
}

/// The database a request reads: the replica only for `read_only` requests of a session (or of
/// nobody) that has not written within the window.
pub fn reads_from<'a>(
    primary: &'a DatabaseConnection,
    replica: Option<&'a DatabaseConnection>,
    recent: &RecentWrites,
    read_only: bool,
    session: Option<Uuid>,
) -> &'a DatabaseConnection {
    match replica {
        Some(r) if read_only && !session.is_some_and(|s| recent.recent(s)) => r,
        _ => primary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_that_wrote_reads_its_writes_until_the_window_ends() {
        let recent = RecentWrites::new(Duration::from_millis(50), None);
        let session = Uuid::now_v7();
        assert!(!recent.recent(session));
        recent.wrote(session);
        assert!(recent.recent(session));
        assert!(
            !recent.recent(Uuid::now_v7()),
            "other sessions are not affected"
        );
        std::thread::sleep(Duration::from_millis(60));
        assert!(!recent.recent(session));
    }
}
