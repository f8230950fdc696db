//! Graceful shutdown as long-lived connections see it. The HTTP server drains its own requests,
//! but a connection upgraded to a WebSocket is no longer the server's: without a signal of its
//! own it is cut when the process exits, and clients see close code 1006 (abnormal) instead of
//! 1001 (going away), which tells them to reconnect elsewhere.

use std::{sync::Arc, time::Duration};

use tokio::sync::watch;

/// One flag for the whole instance; every open WebSocket holds a receiver of it, so the
/// receiver count is the number of connections still to close.
#[derive(Clone)]
pub struct Shutdown(Arc<watch::Sender<bool>>);

impl Default for Shutdown {
    fn default() -> Self {
        Self(Arc::new(watch::channel(false).0))
    }
}

impl Shutdown {
    pub fn trigger(&self) {
        self.0.send_replace(true);
    }

    /// A watcher for one connection; [`Watch::stopped`] resolves once shutdown begins.
    pub fn watch(&self) -> Watch {
        Watch(self.0.subscribe())
    }

    /// Waits (at most `limit`) until every watcher is gone: each connection sent its close
    /// frame and ended.
    pub async fn closed(&self, limit: Duration) -> usize {
        let deadline = tokio::time::Instant::now() + limit;
        while self.0.receiver_count() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.0.receiver_count()
    }
}

pub struct Watch(watch::Receiver<bool>);

impl Watch {
    pub async fn stopped(&mut self) {
        // An error means the sender is gone, which only happens when the instance is.
        let _ = self.0.wait_for(|stopping| *stopping).await;
    }
}
