//! Keyed token buckets (per IP, per user, per login account): each bucket holds `per_minute`
//! tokens and refills continuously. In memory, per instance: N replicas allow N times the rate.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

struct Bucket {
    tokens: f64,
    at: Instant,
}

pub struct RateLimiter {
    capacity: f64,
    per_second: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

/// Buckets kept before idle (full) ones are dropped, so the map cannot grow without bound.
const PRUNE_ABOVE: usize = 10_000;

impl RateLimiter {
    pub fn per_minute(n: u32) -> Self {
        Self {
            capacity: f64::from(n),
            per_second: f64::from(n) / 60.0,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes `cost` tokens from `key`'s bucket, or says how long until there are enough.
    pub fn check(&self, key: &str, cost: u32) -> Result<(), Duration> {
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
        if bucket.tokens >= cost {
            bucket.tokens -= cost;
            Ok(())
        } else {
            let missing = cost - bucket.tokens;
            Err(Duration::from_secs_f64(missing / self.per_second))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_its_capacity_then_refuses_with_a_wait() {
        let l = RateLimiter::per_minute(3);
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
        let l = RateLimiter::per_minute(2);
        assert!(l.check("a", 5).is_ok());
        let wait = l.check("a", 5).unwrap_err();
        assert!(wait > Duration::from_secs(59) && wait <= Duration::from_secs(60));
    }
}
