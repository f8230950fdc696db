//! Keyed token buckets (per IP, per user, per login account): each bucket holds `per_minute`
//! tokens and refills continuously.
//!
//! Kept in memory and shared by the replicas: every token a replica takes is told to the others
//! (`crate::cluster`, PostgreSQL `LISTEN/NOTIFY`, coalesced so a busy replica sends a few
//! messages a second, not one per request), which take it from their copy of the bucket too.
//! So a limit holds for the whole deployment, give or take what the replicas take in the few
//! milliseconds a message travels, with no statement on the request's path and no other store
//! to run. Keys travel and are kept only as a hash (an IP address or an email is personal data).

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use sha2::{Digest, Sha256};

use crate::cluster::{Outbound, Signal};

struct Bucket {
    tokens: f64,
    at: Instant,
}

pub struct RateLimiter {
    /// The bucket family's name (`ip`, `user`, `login_ip`, `login_account`) on the wire.
    name: &'static str,
    capacity: f64,
    per_second: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
    peers: Option<Outbound>,
}

/// Buckets kept before idle (full) ones are dropped, so the map cannot grow without bound.
const PRUNE_ABOVE: usize = 10_000;

impl RateLimiter {
    pub fn per_minute(name: &'static str, n: u32) -> Self {
        Self {
            name,
            capacity: f64::from(n),
            per_second: f64::from(n) / 60.0,
            buckets: Mutex::new(HashMap::new()),
            peers: None,
        }
    }

    /// Tokens taken here are taken from the other replicas' buckets too.
    pub fn with_peers(mut self, peers: Outbound) -> Self {
        self.peers = Some(peers);
        self
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Takes `cost` tokens from `key`'s bucket, or says how long until there are enough.
    pub fn check(&self, key: &str, cost: u32) -> Result<(), Duration> {
        let key = hashed(key);
        let taken = self.take(&key, cost, false);
        if taken.is_ok()
            && let Some(p) = &self.peers
        {
            p.send(Signal::Took {
                bucket: self.name.to_string(),
                key,
                cost,
            });
        }
        taken
    }

    /// A peer replica took `cost` tokens from the bucket of `key` (already hashed): taken here
    /// too, into debt if need be (bounded by one bucket), so the next request here waits for it.
    pub fn absorb(&self, key: &str, cost: u32) {
        let _ = self.take(key, cost, true);
    }

    fn take(&self, key: &str, cost: u32, force: bool) -> Result<(), Duration> {
        let now = Instant::now();
        // A cost over the bucket's size takes the full bucket, so it can pass at all.
        let cost = f64::from(cost).min(self.capacity);
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > PRUNE_ABOVE {
            let (cap, rate) = (self.capacity, self.per_second);
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * rate < cap);
        }
        let bucket = buckets.entry(key.to_string()).or_insert(Bucket {
            tokens: self.capacity,
            at: now,
        });
        let elapsed = now.duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.capacity);
        bucket.at = now;
        if force {
            bucket.tokens = (bucket.tokens - cost).max(-self.capacity);
            return Ok(());
        }
        if bucket.tokens >= cost {
            bucket.tokens -= cost;
            Ok(())
        } else {
            let missing = cost - bucket.tokens;
            Err(Duration::from_secs_f64(missing / self.per_second))
        }
    }
}

/// The key as kept and sent: 16 bytes of its SHA-256, in hex.
fn hashed(key: &str) -> String {
    Sha256::digest(key.as_bytes())[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_its_capacity_then_refuses_with_a_wait() {
        let l = RateLimiter::per_minute("ip", 3);
        for _ in 0..3 {
            assert!(l.check("a", 1).is_ok());
        }
        let wait = l.check("a", 1).unwrap_err();
        // One token refills in 20 s.
        assert!(wait > Duration::from_secs(19) && wait <= Duration::from_secs(20));
        assert!(l.check("b", 1).is_ok(), "keys have their own buckets");
    }

    #[test]
    fn a_cost_over_the_capacity_takes_a_full_bucket() {
        let l = RateLimiter::per_minute("ip", 2);
        assert!(l.check("a", 5).is_ok());
        let wait = l.check("a", 5).unwrap_err();
        assert!(wait > Duration::from_secs(59) && wait <= Duration::from_secs(60));
    }

    #[test]
    fn tokens_a_peer_took_are_taken_here_too() {
        let here = RateLimiter::per_minute("login_account", 3);
        let key = hashed("kari@example.org");
        here.absorb(&key, 2);
        assert!(here.check("kari@example.org", 1).is_ok());
        assert!(
            here.check("kari@example.org", 1).is_err(),
            "2 there + 1 here = 3"
        );
        // A flood elsewhere puts the bucket in debt, at most one bucket deep.
        let other = RateLimiter::per_minute("login_account", 3);
        for _ in 0..100 {
            other.absorb(&key, 3);
        }
        let wait = other.check("kari@example.org", 1).unwrap_err();
        assert!(wait <= Duration::from_secs(120), "{wait:?}");
    }
}
