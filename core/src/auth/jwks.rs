//! An external issuer's public keys fetched from its `jwks_url` (https only) and kept fresh.
//!
//! - The keys of an answer are kept for its `Cache-Control: max-age`, clamped between
//!   `auth.jwks_cache_min_seconds` and `auth.jwks_cache_max_seconds` (the lower bound when the
//!   answer gives none, or says `no-cache`/`no-store`); the first token after that fetches again
//!   before it is checked, so keys the issuer removed stop verifying within the upper bound.
//! - A token whose `kid` is not among the keys fetches at once (the issuer rotated), but an
//!   issuer's JWKS is fetched at most once per `auth.jwks_refetch_interval_seconds`, whatever
//!   asks: tokens with made-up `kid`s cannot make the gateway hammer the issuer. Callers that
//!   arrive while a fetch is under way wait for it and share its keys.
//! - A failed fetch (issuer down, bad answer) keeps the last good keys and is logged with the
//!   issuer's name and the reason. Start-up does not wait for the first fetch: until keys have
//!   arrived, the issuer's tokens are refused (the next fetch is tried on demand, at most once
//!   per interval).

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use jsonwebtoken::{DecodingKey, jwk::JwkSet};

use crate::https::{HttpsClient, describe};

/// Longest wait for the issuer's answer.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest JWKS accepted (a real one is a few KiB).
const MAX_BYTES: usize = 1 << 20;

/// Keys by `kid` (a key without one gets its position in the set).
pub type KeySet = HashMap<String, DecodingKey>;

/// How long fetched keys are kept, and how often the JWKS may be fetched.
#[derive(Debug, Clone, Copy)]
pub struct Freshness {
    pub min: Duration,
    pub max: Duration,
    pub refetch: Duration,
}

/// Why keys are asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Before a token is checked: fetch only if the keys are past their time.
    Fresh,
    /// A token names a `kid` the keys lack: fetch unless one was fetched within the interval.
    UnknownKid,
}

pub struct RemoteKeys {
    /// The issuer's configured name (logs).
    issuer: String,
    uri: http::Uri,
    client: HttpsClient,
    freshness: Freshness,
    keys: RwLock<Arc<KeySet>>,
    /// Held while fetching: callers queue behind one fetch instead of starting their own.
    fetch: tokio::sync::Mutex<FetchState>,
}

#[derive(Default)]
struct FetchState {
    /// When the last fetch started (rate limit).
    last_attempt: Option<Instant>,
    /// Until when the keys of the last good fetch may be used without asking again.
    fresh_until: Option<Instant>,
}

impl RemoteKeys {
    /// `ca_key`/`ca_file`: the setting naming a CA trusted besides the built-in roots.
    pub fn new(
        issuer: &str,
        uri: http::Uri,
        ca_key: &str,
        ca_file: &str,
        freshness: Freshness,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            issuer: issuer.to_string(),
            uri,
            client: HttpsClient::new(ca_key, ca_file, FETCH_TIMEOUT, MAX_BYTES)?,
            freshness,
            keys: RwLock::default(),
            fetch: tokio::sync::Mutex::default(),
        })
    }

    /// The keys as last fetched (empty before the first good fetch).
    pub fn current(&self) -> Arc<KeySet> {
        self.keys.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Fetches the JWKS if `need` calls for it and the rate limit allows; returns the keys
    /// then current. A failed fetch leaves the last good keys in place.
    pub async fn refresh(&self, need: Need) -> Arc<KeySet> {
        let asked = Instant::now();
        let mut state = self.fetch.lock().await;
        let now = Instant::now();
        let fetched_since_asked = state.last_attempt.is_some_and(|t| t >= asked);
        let too_soon = state
            .last_attempt
            .is_some_and(|t| now.duration_since(t) < self.freshness.refetch);
        let fresh = state.fresh_until.is_some_and(|t| now < t);
        if fetched_since_asked || too_soon || (need == Need::Fresh && fresh) {
            return self.current();
        }
        state.last_attempt = Some(now);
        match self.fetch_once().await {
            Ok((keys, max_age)) => {
                let keep = clamp(max_age, &self.freshness);
                tracing::debug!(issuer = %self.issuer, keys = keys.len(), ?keep, "JWKS fetched");
                state.fresh_until = Some(Instant::now() + keep);
                *self.keys.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(keys);
            }
            Err(reason) => {
                // Only the issuer's name and what went wrong: no token, no URL query.
                tracing::warn!(
                    issuer = %self.issuer,
                    error = %reason,
                    "JWKS fetch failed; the last good keys stay in use"
                );
            }
        }
        self.current()
    }

    async fn fetch_once(&self) -> Result<(KeySet, Option<u64>), String> {
        let response = self
            .client
            .get(&self.uri)
            .await
            .map_err(|e| describe(e.as_ref()))?;
        if !response.status().is_success() {
            return Err(format!("the issuer answered {}", response.status()));
        }
        let max_age = max_age(response.headers());
        let set: JwkSet =
            serde_json::from_slice(response.body()).map_err(|e| format!("not a JWKS: {e}"))?;
        let keys = key_set(&set, |index, e| {
            tracing::warn!(issuer = %self.issuer, key = index, error = %e, "JWKS key skipped");
        });
        if keys.is_empty() {
            return Err("the JWKS holds no usable key".into());
        }
        Ok((keys, max_age))
    }
}

/// The usable keys of `set`; `skipped` hears of each key that is not (its position, why).
pub fn key_set(set: &JwkSet, mut skipped: impl FnMut(usize, String)) -> KeySet {
    let mut keys = KeySet::new();
    for (i, jwk) in set.keys.iter().enumerate() {
        match DecodingKey::from_jwk(jwk) {
            Ok(key) => {
                let kid = jwk.common.key_id.clone().unwrap_or_else(|| i.to_string());
                keys.insert(kid, key);
            }
            Err(e) => skipped(i, e.to_string()),
        }
    }
    keys
}

/// The `max-age` of a `Cache-Control` header; `no-cache` and `no-store` count as 0.
fn max_age(headers: &http::HeaderMap) -> Option<u64> {
    let mut age = None;
    for value in headers.get_all(http::header::CACHE_CONTROL) {
        for directive in value.to_str().unwrap_or_default().split(',') {
            let directive = directive.trim();
            if directive.eq_ignore_ascii_case("no-cache")
                || directive.eq_ignore_ascii_case("no-store")
            {
                return Some(0);
            }
            if let Some((name, value)) = directive.split_once('=')
                && name.trim().eq_ignore_ascii_case("max-age")
            {
                age = value.trim().trim_matches('"').parse().ok().or(age);
            }
        }
    }
    age
}

/// How long keys with this `max-age` are kept.
fn clamp(max_age: Option<u64>, freshness: &Freshness) -> Duration {
    max_age
        .map_or(freshness.min, Duration::from_secs)
        .clamp(freshness.min, freshness.max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        for v in values {
            h.append(http::header::CACHE_CONTROL, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn max_age_is_read_from_cache_control_and_clamped_to_the_bounds() {
        assert_eq!(max_age(&headers(&["public, max-age=3600"])), Some(3600));
        assert_eq!(
            max_age(&headers(&["Max-Age=\"60\", must-revalidate"])),
            Some(60)
        );
        assert_eq!(max_age(&headers(&["public", "max-age=7"])), Some(7));
        assert_eq!(max_age(&headers(&["no-store"])), Some(0));
        assert_eq!(max_age(&headers(&["max-age=10, no-cache"])), Some(0));
        assert_eq!(max_age(&headers(&["public"])), None);
        assert_eq!(max_age(&headers(&["max-age=soon"])), None);
        assert_eq!(max_age(&headers(&[])), None);
        let f = Freshness {
            min: Duration::from_secs(300),
            max: Duration::from_secs(86_400),
            refetch: Duration::from_secs(60),
        };
        assert_eq!(clamp(Some(3600), &f), Duration::from_secs(3600));
        assert_eq!(clamp(Some(5), &f), f.min);
        assert_eq!(clamp(Some(0), &f), f.min);
        assert_eq!(clamp(Some(10_000_000), &f), f.max);
        assert_eq!(clamp(None, &f), f.min);
    }
}
