//! Layered configuration: `config/default.toml`, then `config/<profile>.toml` (each the built-in
//! copy with the file of `MEANDER_CONFIG_DIR`, default `config/`, over it), then
//! `MEANDER__SECTION__KEY` environment variables, then command-line overrides.
//! Validated once at start-up so a bad value, a mistyped value or an unknown key stops the
//! server with the key's name.

use std::{collections::BTreeMap, fmt, path::PathBuf};

use crate::clock::Clock;
use serde::{Deserialize, Serialize};

mod keys;

/// The secret shipped in `config/default.toml`; production refuses to start with it.
pub const DEVELOPMENT_JWT_SECRET: &str = "meander-development-secret-do-not-use-in-production";

// Built-in copies so the binary runs with no files around it; files on disk are laid over them.
const EMBEDDED: &[(&str, &str)] = &[
    ("default", include_str!("../../../config/default.toml")),
    (
        "development",
        include_str!("../../../config/development.toml"),
    ),
    ("test", include_str!("../../../config/test.toml")),
    (
        "production",
        include_str!("../../../config/production.toml"),
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Development,
    Test,
    Production,
}

impl Profile {
    pub fn from_env() -> Result<Self, ConfigError> {
        match std::env::var("MEANDER_PROFILE").as_deref() {
            Err(_) | Ok("") | Ok("development") => Ok(Self::Development),
            Ok("test") => Ok(Self::Test),
            Ok("production") => Ok(Self::Production),
            Ok(other) => Err(ConfigError::invalid(
                "MEANDER_PROFILE",
                format!("unknown profile `{other}` (development, test or production)"),
            )),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Development => "development",
            Self::Test => "test",
            Self::Production => "production",
        }
    }
}

/// A string that never shows up in `Debug` output (and therefore never in logs).
#[derive(Clone, Deserialize, Default)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Printed (`config check`) as `"***"`: whether a secret is set shows, never its value.
impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if self.0.is_empty() { "" } else { "***" })
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"***\"" })
    }
}

/// The highest `limits.max_nesting` a configuration may set.
pub const MAX_NESTING_CEILING: u64 = 256;

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Settings {
    #[serde(skip, default = "default_profile")]
    pub profile: Profile,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub auth: AuthSettings,
    pub graphql: GraphqlSettings,
    pub limits: LimitsSettings,
    pub http: HttpSettings,
    pub rate_limit: RateLimitSettings,
    pub persisted_queries: PersistedQueriesSettings,
    pub log: LogSettings,
    #[serde(default)]
    pub jobs: JobsSettings,
    #[serde(default)]
    pub subscriptions: SubscriptionSettings,
    #[serde(default)]
    pub tracing: TracingSettings,
    #[serde(default)]
    pub clock: ClockSettings,
}

fn default_profile() -> Profile {
    Profile::Development
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ServerSettings {
    pub bind: String,
    /// A second, internal listener (ADDR:PORT) for `/metrics`, `/healthz` and `/readyz`; empty:
    /// none (they are served on `bind` as configured).
    pub operations_bind: String,
    pub graphiql: bool,
    pub introspection: bool,
    pub metrics: bool,
    pub shutdown_grace_seconds: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DatabaseSettings {
    pub url: Secret,
    /// A read replica (streaming replication) for queries; empty: none. See `app::routing`.
    pub replica_url: Secret,
    /// After a session's mutation, its queries read the primary this long (read your writes).
    pub read_your_writes_seconds: u64,
    /// Where the cluster listener (`LISTEN`, `crate::cluster`) connects; empty: `url`. It needs
    /// a session of its own, so behind a transaction-mode pooler it names the database directly.
    pub listen_url: Secret,
    pub max_connections: u32,
    pub acquire_timeout_ms: u64,
    pub auto_migrate: bool,
    pub seed_demo: bool,
    /// PEM file of the CA(s) that signed the PostgreSQL server's certificate, trusted besides
    /// the built-in roots by `sslmode=verify-ca`/`verify-full` (`db::postgres_options`).
    pub ca_file: String,
    /// A client certificate (PEM) and its key, for servers that ask for one; both or neither.
    pub client_cert_file: String,
    pub client_key_file: String,
}

impl DatabaseSettings {
    /// The URL the cluster listener connects to (`listen_url`, else `url`).
    pub fn listen_url(&self) -> &str {
        self.listener().1
    }

    /// The cluster listener's URL with the key it comes from (for errors naming the setting).
    pub fn listener(&self) -> (&'static str, &str) {
        match self.listen_url.expose() {
            "" => ("database.url", self.url.expose()),
            url => ("database.listen_url", url),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AuthSettings {
    pub issuer: String,
    pub audience: String,
    pub algorithm: String,
    pub jwt_secret: Secret,
    pub private_key_file: String,
    pub public_key_file: String,
    pub access_token_ttl_seconds: u64,
    pub refresh_token_ttl_seconds: u64,
    pub leeway_seconds: u64,
    pub viewer_cache_seconds: u64,
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    /// Keys fetched from an external issuer's `jwks_url` are kept for the `Cache-Control:
    /// max-age` of the answer, clamped to these bounds (the lower one without a max-age).
    pub jwks_cache_min_seconds: u64,
    pub jwks_cache_max_seconds: u64,
    /// At most one fetch of an issuer's JWKS per this many seconds (a token with an unknown
    /// `kid`, stale keys, retries after a failure).
    pub jwks_refetch_interval_seconds: u64,
    /// Identity providers whose tokens `loginWithExternalToken` exchanges for a session.
    #[serde(default)]
    pub external_issuers: Vec<ExternalIssuerSettings>,
}

/// One external identity provider (`[[auth.external_issuers]]`).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ExternalIssuerSettings {
    /// Label in logs and the audit trail.
    pub name: String,
    /// Expected `iss`.
    pub issuer: String,
    /// Expected `aud` (the client id this gateway is registered under).
    pub audience: String,
    /// The one algorithm accepted (RS256, ES256, EdDSA, ...).
    pub algorithm: String,
    /// Public keys as a JWKS file (keys picked by `kid`) ...
    #[serde(default)]
    pub jwks_file: String,
    /// ... or one PEM public key ...
    #[serde(default)]
    pub public_key_file: String,
    /// ... or the issuer's JWKS endpoint (https), fetched and refreshed (`auth::jwks`).
    #[serde(default)]
    pub jwks_url: String,
    /// PEM file of a CA trusted for `jwks_url` besides the built-in roots (a private CA).
    #[serde(default)]
    pub jwks_ca_file: String,
    /// Claim holding the user's email.
    #[serde(default = "default_email_claim")]
    pub email_claim: String,
    /// Session provider recorded: bankid, vipps or external.
    #[serde(default = "default_provider")]
    pub provider: String,
    /// Organizations (ids) this issuer may sign users in to; at least one. A token never opens
    /// a session elsewhere, nor one with platform reach.
    #[serde(default)]
    pub organizations: Vec<uuid::Uuid>,
}

fn default_email_claim() -> String {
    "email".into()
}

fn default_provider() -> String {
    "external".into()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GraphqlSettings {
    pub default_page_size: u64,
    pub max_page_size: u64,
    pub sql_count_header: bool,
    /// How long a DataLoader collects keys before it runs a batch, in microseconds.
    pub loader_delay_micros: u64,
}

/// Query limits, checked before any database work.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct LimitsSettings {
    pub max_depth: u64,
    pub max_complexity: u64,
    pub max_aliases: u64,
    pub max_root_fields: u64,
    pub max_directives: u64,
    pub max_document_chars: u64,
    /// Brackets, braces and parentheses, checked on the text before parsing (`app::nesting`).
    pub max_nesting: u64,
    pub max_batch_size: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct HttpSettings {
    pub max_body_bytes: usize,
    pub request_timeout_seconds: u64,
    pub cors_allowed_origins: Vec<String>,
    pub compression: bool,
}

/// Token buckets: each holds a minute's worth and refills continuously.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RateLimitSettings {
    pub enabled: bool,
    pub client_ip_header: String,
    pub ip_requests_per_minute: u32,
    pub user_requests_per_minute: u32,
    pub login_attempts_per_minute_per_ip: u32,
    pub login_attempts_per_minute_per_account: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PersistedQueriesSettings {
    pub apq: bool,
    pub apq_cache_size: usize,
    pub manifest_file: String,
    pub require_manifest: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct LogSettings {
    pub format: String,
    pub level: String,
}

/// The scheduled task running the time-driven workflow rules (`workflows::jobs`).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct JobsSettings {
    /// Run the jobs inside the server (`jobs run` on the command line works either way).
    pub enabled: bool,
    /// Seconds between two runs.
    pub interval_seconds: u64,
}

impl Default for JobsSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            interval_seconds: 300,
        }
    }
}

/// GraphQL subscriptions over WebSocket (`/graphql/ws`, `graphql::subscription`).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SubscriptionSettings {
    /// Milliseconds between two reads of a subscriber's new notifications when nothing woke it
    /// earlier: the delay for rows written by another instance (same-instance writes wake it at
    /// once).
    pub poll_interval_ms: u64,
}

impl Default for SubscriptionSettings {
    fn default() -> Self {
        Self {
            poll_interval_ms: 2000,
        }
    }
}

/// Domain time (`clock::Clock`): empty for the system clock, or an RFC 3339 instant the clock
/// starts from (tests, demos; refused in production).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ClockSettings {
    pub now: String,
}

/// OpenTelemetry trace export over OTLP/HTTP (`app::otel`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct TracingSettings {
    pub enabled: bool,
    /// The collector's OTLP/HTTP base URL; spans go to `<endpoint>/v1/traces`.
    pub endpoint: String,
    pub service_name: String,
    /// Share of new traces kept (0 to 1); a caller's `traceparent` decides for its own traces.
    pub sample_ratio: f64,
    /// Extra request headers for the collector (e.g. an API key).
    pub headers: BTreeMap<String, Secret>,
    /// Milliseconds between two exports of the finished spans.
    pub batch_delay_ms: u64,
    /// PEM file of a CA trusted for an `https://` endpoint besides the built-in roots.
    pub ca_file: String,
}

impl Default for TracingSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            endpoint: "http://127.0.0.1:4318".into(),
            service_name: "meander-gateway".into(),
            sample_ratio: 1.0,
            headers: BTreeMap::new(),
            batch_delay_ms: 5000,
            ca_file: String::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("configuration key `{key}`: {message}")]
pub struct ConfigError {
    pub key: String,
    pub message: String,
}

impl ConfigError {
    fn invalid(key: &str, message: impl Into<String>) -> Self {
        Self {
            key: key.to_string(),
            message: message.into(),
        }
    }
}

/// Values given on the command line; they win over every layer.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub database_url: Option<String>,
    pub bind: Option<String>,
}

mod load;
#[cfg(test)]
use load::{embedded, env_source};
#[cfg(test)]
mod tests;
