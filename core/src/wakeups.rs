//! In-process wake-ups for `notificationAdded` subscribers (see `graphql::subscription` for the
//! whole delivery design).
//!
//! The `notifications` table is the only source of truth; a wake-up carries no data, only the
//! recipient's user id, and tells that user's subscribers on this instance to read the table now
//! instead of at their next poll. A wake-up sent before the row is committed would be read too
//! early and the row would wait for the poll, so `workflows::notifications::notify` (which runs
//! inside the workflow's transaction) only records the recipient in the running operation's
//! outbox ([`notification_written`]); [`Wakeups::after`], wrapped around each GraphQL operation
//! and each scheduled jobs run, sends the wake-ups once the operation has finished, that is
//! after its transactions committed (or rolled back: a spurious wake-up finds nothing new and
//! costs one read). The other replicas hear of it through `crate::cluster` (PostgreSQL
//! `LISTEN/NOTIFY`) and wake their subscribers of the user the same way.

use std::{
    collections::BTreeSet,
    future::Future,
    sync::{Arc, Mutex},
};

use tokio::sync::broadcast;
use uuid::Uuid;

use crate::cluster::{Outbound, Signal};

tokio::task_local! {
    static OUTBOX: Arc<Mutex<BTreeSet<Uuid>>>;
}

/// How many wake-ups a slow subscriber may fall behind before it just reads (a lagged receiver
/// treats the lag as a wake-up).
const CAPACITY: usize = 1024;

/// The per-instance wake-up channel (cheap to clone).
#[derive(Clone)]
pub struct Wakeups {
    local: broadcast::Sender<Uuid>,
    /// The other replicas (`crate::cluster`), told after the operation too.
    peers: Option<Outbound>,
}

impl Default for Wakeups {
    fn default() -> Self {
        Self {
            local: broadcast::channel(CAPACITY).0,
            peers: None,
        }
    }
}

/// The wake-up that means "every subscriber": a listener that may have missed some.
pub const EVERYONE: Uuid = Uuid::nil();

impl Wakeups {
    /// Wake-ups are sent to the other replicas too.
    pub fn with_peers(mut self, peers: Outbound) -> Self {
        self.peers = Some(peers);
        self
    }

    /// Receives the user ids of new notifications (written here or on a peer replica), or
    /// [`EVERYONE`].
    pub fn subscribe(&self) -> broadcast::Receiver<Uuid> {
        self.local.subscribe()
    }

    /// Wakes `user`'s subscribers on this instance (a peer wrote the notification).
    pub fn wake_here(&self, user: Uuid) {
        // No receiver (nobody subscribed on this instance) is not an error.
        let _ = self.local.send(user);
    }

    /// Runs `fut` with an outbox, then wakes the subscribers of every user
    /// [`notification_written`] recorded while it ran.
    pub async fn after<F: Future>(&self, fut: F) -> F::Output {
        let outbox = Arc::new(Mutex::new(BTreeSet::new()));
        let out = OUTBOX.scope(outbox.clone(), fut).await;
        let users = std::mem::take(&mut *outbox.lock().unwrap_or_else(|e| e.into_inner()));
        for user in users {
            self.wake_here(user);
            if let Some(p) = &self.peers {
                p.send(Signal::Notified { user });
            }
        }
        out
    }
}

/// Records that `user` got a notification in the running operation; its subscribers on this
/// instance are woken when the operation ends ([`Wakeups::after`]). Outside an operation (the
/// command line, a direct database write) nothing is sent: the subscribers' poll finds the row.
pub fn notification_written(user: Uuid) {
    let _ = OUTBOX.try_with(|outbox| {
        outbox
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(user);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn wakes_after_the_operation_not_during_it() {
        let wakeups = Wakeups::default();
        let mut rx = wakeups.subscribe();
        let user = Uuid::now_v7();
        wakeups
            .after(async {
                notification_written(user);
                notification_written(user);
                // Nothing is sent while the operation (its transaction) is still running.
                assert!(rx.try_recv().is_err());
            })
            .await;
        assert_eq!(rx.try_recv().unwrap(), user);
        // One wake-up per user and operation.
        assert!(rx.try_recv().is_err());
        // Outside an operation nothing is recorded.
        notification_written(user);
        wakeups.after(async {}).await;
        assert!(rx.try_recv().is_err());
    }
}
