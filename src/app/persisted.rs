//! Persisted operations: Apollo automatic persisted queries (APQ, an LRU of queries by sha256)
//! and an allow-list manifest (JSON map of sha256 hex -> query) loaded at start.

use std::{collections::HashMap, num::NonZeroUsize, sync::Mutex};

use async_graphql::Request;
use lru::LruCache;
use sha2::{Digest, Sha256};

use crate::{config::PersistedQueriesSettings, error::ApiError};

pub struct PersistedQueries {
    apq: Option<Mutex<LruCache<String, String>>>,
    manifest: HashMap<String, String>,
    pub require_manifest: bool,
}

pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl PersistedQueries {
    /// Reads the manifest; each of its documents must be within `max_nesting` (`app::nesting`),
    /// so a manifest cannot bring in what a client could not send.
    pub fn load(settings: &PersistedQueriesSettings, max_nesting: u64) -> anyhow::Result<Self> {
        let manifest = if settings.manifest_file.is_empty() {
            HashMap::new()
        } else {
            let text = std::fs::read_to_string(&settings.manifest_file).map_err(|e| {
                anyhow::anyhow!(
                    "persisted_queries.manifest_file `{}`: {e}",
                    settings.manifest_file
                )
            })?;
            let map: HashMap<String, String> = serde_json::from_str(&text).map_err(|e| {
                anyhow::anyhow!(
                    "persisted_queries.manifest_file `{}` is not a JSON map of sha256 -> query: {e}",
                    settings.manifest_file
                )
            })?;
            // A wrong hash would let the client-visible id name a different query.
            for (hash, query) in &map {
                if sha256_hex(query) != hash.to_ascii_lowercase() {
                    anyhow::bail!(
                        "persisted_queries.manifest_file `{}`: {hash} is not the sha256 of its query",
                        settings.manifest_file
                    );
                }
                if let Err(e) = super::limits::check_nesting(query, max_nesting) {
                    anyhow::bail!(
                        "persisted_queries.manifest_file `{}`: {hash}: {e}",
                        settings.manifest_file
                    );
                }
            }
            map.into_iter()
                .map(|(h, q)| (h.to_ascii_lowercase(), q))
                .collect()
        };
        let apq = match (settings.apq, NonZeroUsize::new(settings.apq_cache_size)) {
            (true, Some(n)) => Some(Mutex::new(LruCache::new(n))),
            _ => None,
        };
        Ok(Self {
            apq,
            manifest,
            require_manifest: settings.require_manifest,
        })
    }

    /// Fills in the query of a hash-only request and checks a hash sent with its query.
    /// Returns whether the query is one of the manifest's.
    pub fn resolve(&self, request: &mut Request) -> Result<bool, ApiError> {
        let hash = request
            .extensions
            .0
            .get("persistedQuery")
            .and_then(|p| match p {
                async_graphql::Value::Object(o) => o.get("sha256Hash"),
                _ => None,
            })
            .and_then(|h| match h {
                async_graphql::Value::String(s) => Some(s.to_ascii_lowercase()),
                _ => None,
            });
        let Some(hash) = hash else {
            return Ok(self.manifest.contains_key(&sha256_hex(&request.query)));
        };
        if request.query.is_empty() {
            if let Some(q) = self.manifest.get(&hash) {
                request.query = q.clone();
                return Ok(true);
            }
            let cached = self.apq.as_ref().and_then(|apq| {
                apq.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(&hash)
                    .cloned()
            });
            return match cached {
                Some(q) => {
                    request.query = q;
                    Ok(false)
                }
                None => Err(ApiError::Rejected {
                    code: "PERSISTED_QUERY_NOT_FOUND",
                    message: "PersistedQueryNotFound".into(),
                    limit: None,
                }),
            };
        }
        if sha256_hex(&request.query) != hash {
            return Err(ApiError::bad_request(
                "provided sha256Hash does not match the query",
                None,
            ));
        }
        if self.manifest.contains_key(&hash) {
            return Ok(true);
        }
        Ok(false)
    }

    /// Remembers a query for APQ; called only once it passed the limits and the allow-list.
    pub fn remember(&self, request: &Request) {
        if let Some(apq) = &self.apq
            && request.extensions.0.contains_key("persistedQuery")
            && !request.query.is_empty()
        {
            apq.lock()
                .unwrap_or_else(|e| e.into_inner())
                .put(sha256_hex(&request.query), request.query.clone());
        }
    }
}
