//! Layered configuration: `config/default.toml`, then `config/<profile>.toml` (each the built-in
//! copy with the file of `MEANDER_CONFIG_DIR`, default `config/`, over it), then
//! `MEANDER__SECTION__KEY` environment variables, then command-line overrides.
//! Validated once at start-up so a bad value, a mistyped value or an unknown key stops the
//! server with the key's name.

use std::{collections::BTreeMap, fmt, net::SocketAddr, path::PathBuf};

use crate::clock::Clock;
use serde::Deserialize;

mod keys;

/// The secret shipped in `config/default.toml`; production refuses to start with it.
pub const DEVELOPMENT_JWT_SECRET: &str = "meander-development-secret-do-not-use-in-production";

// Built-in copies so the binary runs with no files around it; files on disk are laid over them.
const EMBEDDED: &[(&str, &str)] = &[
    ("default", include_str!("../../config/default.toml")),
    ("development", include_str!("../../config/development.toml")),
    ("test", include_str!("../../config/test.toml")),
    ("production", include_str!("../../config/production.toml")),
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

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"***\"" })
    }
}

/// The highest `limits.max_nesting` a configuration may set.
pub const MAX_NESTING_CEILING: u64 = 256;

#[derive(Debug, Clone, Deserialize)]
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

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub bind: String,
    pub graphiql: bool,
    pub introspection: bool,
    pub metrics: bool,
    pub shutdown_grace_seconds: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    pub url: Secret,
    pub max_connections: u32,
    pub acquire_timeout_ms: u64,
    pub auto_migrate: bool,
    pub seed_demo: bool,
}

#[derive(Debug, Clone, Deserialize)]
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
    /// Identity providers whose tokens `loginWithExternalToken` exchanges for a session.
    #[serde(default)]
    pub external_issuers: Vec<ExternalIssuerSettings>,
}

/// One external identity provider (`[[auth.external_issuers]]`).
#[derive(Debug, Clone, Deserialize)]
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
    /// ... or one PEM public key.
    #[serde(default)]
    pub public_key_file: String,
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

#[derive(Debug, Clone, Deserialize)]
pub struct GraphqlSettings {
    pub default_page_size: u64,
    pub max_page_size: u64,
    pub sql_count_header: bool,
    /// How long a DataLoader collects keys before it runs a batch, in microseconds.
    pub loader_delay_micros: u64,
}

/// Query limits, checked before any database work.
#[derive(Debug, Clone, Deserialize)]
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

#[derive(Debug, Clone, Deserialize)]
pub struct HttpSettings {
    pub max_body_bytes: usize,
    pub request_timeout_seconds: u64,
    pub cors_allowed_origins: Vec<String>,
    pub compression: bool,
}

/// Token buckets: each holds a minute's worth and refills continuously.
#[derive(Debug, Clone, Deserialize)]
pub struct RateLimitSettings {
    pub enabled: bool,
    pub client_ip_header: String,
    pub ip_requests_per_minute: u32,
    pub user_requests_per_minute: u32,
    pub login_attempts_per_minute_per_ip: u32,
    pub login_attempts_per_minute_per_account: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PersistedQueriesSettings {
    pub apq: bool,
    pub apq_cache_size: usize,
    pub manifest_file: String,
    pub require_manifest: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    pub format: String,
    pub level: String,
}

/// The scheduled task running the time-driven workflow rules (`workflows::jobs`).
#[derive(Debug, Clone, Deserialize)]
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
#[derive(Debug, Clone, Deserialize)]
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
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ClockSettings {
    pub now: String,
}

/// OpenTelemetry trace export over OTLP/HTTP (`app::otel`).
#[derive(Debug, Clone, Deserialize)]
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

impl Settings {
    /// Reads the layers for the profile named by `MEANDER_PROFILE`.
    pub fn load(overrides: &Overrides) -> Result<Self, ConfigError> {
        Self::load_profile(Profile::from_env()?, overrides)
    }

    /// Like `load`, for an explicit profile (tests use `Profile::Test`).
    pub fn load_profile(profile: Profile, overrides: &Overrides) -> Result<Self, ConfigError> {
        Self::load_profile_with(profile, overrides, &[])
    }

    /// Like `load_profile`, with extra `key = value` overrides applied last (before
    /// validation), e.g. a production-profile test's own JWT secret.
    pub fn load_profile_with(
        profile: Profile,
        overrides: &Overrides,
        extra: &[(&str, &str)],
    ) -> Result<Self, ConfigError> {
        let dir = std::env::var("MEANDER_CONFIG_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|_| PathBuf::from("config"));
        // Each layer: the built-in copy, then the file of the same name over it, so a file
        // holding a few keys changes those keys and leaves the rest at their defaults.
        let mut builder = config::Config::builder();
        for layer in ["default", profile.name()] {
            builder = builder.add_source(embedded(layer));
            let path = dir.join(format!("{layer}.toml"));
            if let Ok(text) = std::fs::read_to_string(&path) {
                builder =
                    builder.add_source(config::File::from_str(&text, config::FileFormat::Toml));
            }
        }
        builder = builder.add_source(env_source());
        if let Some(url) = &overrides.database_url {
            builder = builder
                .set_override("database.url", url.as_str())
                .map_err(from_config)?;
        }
        if let Some(bind) = &overrides.bind {
            builder = builder
                .set_override("server.bind", bind.as_str())
                .map_err(from_config)?;
        }
        for (key, value) in extra {
            builder = builder.set_override(*key, *value).map_err(from_config)?;
        }
        let known = config::Config::builder()
            .add_source(embedded("default"))
            .build()
            .map(|c| keys::known_keys(&c))
            .unwrap_or_default();
        let mut settings = keys::deserialize(builder.build().map_err(from_config)?, &known)?;
        settings.profile = profile;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks every value whose type alone does not make it valid.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.bind_addr()?;
        let url = self.database.url.expose();
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(ConfigError::invalid(
                "database.url",
                "must start with sqlite:, postgres:// or postgresql://",
            ));
        }
        if self.database.max_connections == 0 {
            return Err(ConfigError::invalid(
                "database.max_connections",
                "must be at least 1",
            ));
        }
        let request_ms = self.http.request_timeout_seconds.saturating_mul(1000);
        if self.database.acquire_timeout_ms == 0 || self.database.acquire_timeout_ms >= request_ms {
            return Err(ConfigError::invalid(
                "database.acquire_timeout_ms",
                format!(
                    "must be at least 1 and under http.request_timeout_seconds ({request_ms} ms), \
                     so a request waiting for the database answers UNAVAILABLE before it times out"
                ),
            ));
        }
        match self.auth.algorithm.as_str() {
            "HS256" => {
                if self.auth.jwt_secret.expose().len() < 32 {
                    return Err(ConfigError::invalid(
                        "auth.jwt_secret",
                        "must be at least 32 bytes for HS256",
                    ));
                }
            }
            "EdDSA" | "RS256" => {
                if self.auth.private_key_file.is_empty() || self.auth.public_key_file.is_empty() {
                    return Err(ConfigError::invalid(
                        "auth.private_key_file",
                        "EdDSA/RS256 need auth.private_key_file and auth.public_key_file (PEM)",
                    ));
                }
            }
            other => {
                return Err(ConfigError::invalid(
                    "auth.algorithm",
                    format!("`{other}` is not one of HS256, EdDSA, RS256"),
                ));
            }
        }
        if self.auth.issuer.is_empty() {
            return Err(ConfigError::invalid("auth.issuer", "must not be empty"));
        }
        if self.auth.audience.is_empty() {
            return Err(ConfigError::invalid("auth.audience", "must not be empty"));
        }
        if !(60..=86_400).contains(&self.auth.access_token_ttl_seconds) {
            return Err(ConfigError::invalid(
                "auth.access_token_ttl_seconds",
                "must be between 60 and 86400",
            ));
        }
        if self.auth.refresh_token_ttl_seconds < self.auth.access_token_ttl_seconds {
            return Err(ConfigError::invalid(
                "auth.refresh_token_ttl_seconds",
                "must not be shorter than the access token's",
            ));
        }
        if self.auth.leeway_seconds > 300 {
            return Err(ConfigError::invalid(
                "auth.leeway_seconds",
                "must be at most 300",
            ));
        }
        if self.auth.viewer_cache_seconds > 300 {
            return Err(ConfigError::invalid(
                "auth.viewer_cache_seconds",
                "must be at most 300",
            ));
        }
        if self.auth.argon2_memory_kib < 8 * self.auth.argon2_iterations.max(1)
            || self.auth.argon2_iterations == 0
        {
            return Err(ConfigError::invalid(
                "auth.argon2_memory_kib",
                "argon2 cost is out of range",
            ));
        }
        if self.graphql.default_page_size == 0
            || self.graphql.default_page_size > self.graphql.max_page_size
        {
            return Err(ConfigError::invalid(
                "graphql.default_page_size",
                "must be between 1 and graphql.max_page_size",
            ));
        }
        if self.graphql.max_page_size > 1000 {
            return Err(ConfigError::invalid(
                "graphql.max_page_size",
                "must be at most 1000",
            ));
        }
        let l = &self.limits;
        for (key, value) in [
            ("limits.max_depth", l.max_depth),
            ("limits.max_complexity", l.max_complexity),
            ("limits.max_aliases", l.max_aliases),
            ("limits.max_root_fields", l.max_root_fields),
            ("limits.max_directives", l.max_directives),
            ("limits.max_document_chars", l.max_document_chars),
            ("limits.max_batch_size", l.max_batch_size),
            ("limits.max_nesting", l.max_nesting),
        ] {
            if value == 0 && key != "limits.max_aliases" && key != "limits.max_directives" {
                return Err(ConfigError::invalid(key, "must be at least 1"));
            }
        }
        // The parser's stack holds a few hundred levels in every build profile; more would let a
        // configuration re-open the crash the limit exists for.
        if l.max_nesting > MAX_NESTING_CEILING {
            return Err(ConfigError::invalid(
                "limits.max_nesting",
                format!("must be at most {MAX_NESTING_CEILING}"),
            ));
        }
        if self.http.max_body_bytes < 1024 {
            return Err(ConfigError::invalid(
                "http.max_body_bytes",
                "must be at least 1024",
            ));
        }
        if self.http.request_timeout_seconds == 0 {
            return Err(ConfigError::invalid(
                "http.request_timeout_seconds",
                "must be at least 1",
            ));
        }
        for origin in &self.http.cors_allowed_origins {
            if !(origin.starts_with("https://") || origin.starts_with("http://"))
                || origin.ends_with('/')
                || axum::http::HeaderValue::from_str(origin).is_err()
            {
                return Err(ConfigError::invalid(
                    "http.cors_allowed_origins",
                    format!("`{origin}` is not an origin like https://admin.example.org"),
                ));
            }
        }
        let r = &self.rate_limit;
        for (key, value) in [
            (
                "rate_limit.ip_requests_per_minute",
                r.ip_requests_per_minute,
            ),
            (
                "rate_limit.user_requests_per_minute",
                r.user_requests_per_minute,
            ),
            (
                "rate_limit.login_attempts_per_minute_per_ip",
                r.login_attempts_per_minute_per_ip,
            ),
            (
                "rate_limit.login_attempts_per_minute_per_account",
                r.login_attempts_per_minute_per_account,
            ),
        ] {
            if value == 0 {
                return Err(ConfigError::invalid(key, "must be at least 1"));
            }
        }
        if self.persisted_queries.apq && self.persisted_queries.apq_cache_size == 0 {
            return Err(ConfigError::invalid(
                "persisted_queries.apq_cache_size",
                "must be at least 1 when apq is on",
            ));
        }
        if self.persisted_queries.require_manifest
            && self.persisted_queries.manifest_file.is_empty()
        {
            return Err(ConfigError::invalid(
                "persisted_queries.manifest_file",
                "require_manifest needs a manifest file",
            ));
        }
        if !matches!(self.log.format.as_str(), "pretty" | "json") {
            return Err(ConfigError::invalid(
                "log.format",
                "must be `pretty` or `json`",
            ));
        }
        if !(1..=86_400).contains(&self.jobs.interval_seconds) {
            return Err(ConfigError::invalid(
                "jobs.interval_seconds",
                "must be between 1 and 86400",
            ));
        }
        Clock::from_setting(&self.clock.now).map_err(|m| ConfigError::invalid("clock.now", m))?;
        if self.profile == Profile::Production && !self.clock.now.trim().is_empty() {
            return Err(ConfigError::invalid(
                "clock.now",
                "a set clock is for tests and demos; production runs on the system clock",
            ));
        }
        if !(50..=600_000).contains(&self.subscriptions.poll_interval_ms) {
            return Err(ConfigError::invalid(
                "subscriptions.poll_interval_ms",
                "must be between 50 and 600000",
            ));
        }
        let t = &self.tracing;
        if t.enabled {
            let uri: Option<axum::http::Uri> = t.endpoint.parse().ok();
            if !uri.is_some_and(|u| u.scheme_str() == Some("http") && u.host().is_some()) {
                return Err(ConfigError::invalid(
                    "tracing.endpoint",
                    format!(
                        "`{}` is not an http:// URL (https needs a TLS client, not built in: \
                         send to a collector on the host or the private network)",
                        t.endpoint
                    ),
                ));
            }
            if t.service_name.trim().is_empty() {
                return Err(ConfigError::invalid(
                    "tracing.service_name",
                    "must not be empty",
                ));
            }
            for (name, value) in &t.headers {
                if axum::http::HeaderName::from_bytes(name.as_bytes()).is_err()
                    || axum::http::HeaderValue::from_str(value.expose()).is_err()
                {
                    return Err(ConfigError::invalid(
                        "tracing.headers",
                        format!("`{name}` is not a valid header name and value"),
                    ));
                }
            }
        }
        if !(0.0..=1.0).contains(&t.sample_ratio) {
            return Err(ConfigError::invalid(
                "tracing.sample_ratio",
                "must be between 0 and 1",
            ));
        }
        if !(1..=60_000).contains(&t.batch_delay_ms) {
            return Err(ConfigError::invalid(
                "tracing.batch_delay_ms",
                "must be between 1 and 60000",
            ));
        }
        if self.profile == Profile::Production {
            if self.auth.algorithm == "HS256"
                && self.auth.jwt_secret.expose() == DEVELOPMENT_JWT_SECRET
            {
                return Err(ConfigError::invalid(
                    "auth.jwt_secret",
                    "the production profile refuses the development secret",
                ));
            }
            if self.database.seed_demo {
                return Err(ConfigError::invalid(
                    "database.seed_demo",
                    "the production profile refuses demo seeding",
                ));
            }
        }
        Ok(())
    }

    /// The clock the server, the jobs and the demo seed share (validated with the settings).
    pub fn clock(&self) -> Clock {
        Clock::from_setting(&self.clock.now).unwrap_or_default()
    }

    pub fn bind_addr(&self) -> Result<SocketAddr, ConfigError> {
        self.server.bind.parse().map_err(|_| {
            ConfigError::invalid(
                "server.bind",
                format!("`{}` is not ADDR:PORT", self.server.bind),
            )
        })
    }
}

/// The built-in copy of a layer (empty for an unknown name).
fn embedded(layer: &str) -> config::File<config::FileSourceString, config::FileFormat> {
    let text = EMBEDDED
        .iter()
        .find(|(name, _)| *name == layer)
        .map_or("", |(_, t)| *t);
    config::File::from_str(text, config::FileFormat::Toml)
}

/// `MEANDER__SECTION__KEY` variables; list keys take comma-separated values.
fn env_source() -> config::Environment {
    config::Environment::with_prefix("MEANDER")
        .prefix_separator("__")
        .separator("__")
        .try_parsing(true)
        .list_separator(",")
        .with_list_parse_key("http.cors_allowed_origins")
}

fn from_config(err: config::ConfigError) -> ConfigError {
    // The config crate names the key in its message ("missing field `x` for key `auth`").
    ConfigError {
        key: "config".to_string(),
        message: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Settings {
        let text = EMBEDDED[0].1;
        config::Config::builder()
            .add_source(config::File::from_str(text, config::FileFormat::Toml))
            .build()
            .unwrap()
            .try_deserialize()
            .unwrap()
    }

    #[test]
    fn defaults_are_valid_for_development() {
        base().validate().unwrap();
    }

    #[test]
    fn a_database_wait_at_or_over_the_request_timeout_is_refused() {
        let mut s = base();
        s.database.acquire_timeout_ms = s.http.request_timeout_seconds * 1000;
        assert_eq!(s.validate().unwrap_err().key, "database.acquire_timeout_ms");
        s.database.acquire_timeout_ms = 0;
        assert_eq!(s.validate().unwrap_err().key, "database.acquire_timeout_ms");
    }

    #[test]
    fn production_refuses_the_development_secret() {
        let mut s = base();
        s.profile = Profile::Production;
        s.database.seed_demo = false;
        assert_eq!(s.validate().unwrap_err().key, "auth.jwt_secret");
    }

    #[test]
    fn production_refuses_demo_seeding() {
        let mut s = base();
        s.profile = Profile::Production;
        s.auth.jwt_secret = Secret::new("x".repeat(40));
        assert_eq!(s.validate().unwrap_err().key, "database.seed_demo");
    }

    #[test]
    fn bad_values_name_their_key() {
        let mut s = base();
        s.server.bind = "nowhere".into();
        assert_eq!(s.validate().unwrap_err().key, "server.bind");
        let mut s = base();
        s.graphql.default_page_size = 500;
        assert_eq!(s.validate().unwrap_err().key, "graphql.default_page_size");
        let mut s = base();
        s.auth.algorithm = "none".into();
        assert_eq!(s.validate().unwrap_err().key, "auth.algorithm");
        let mut s = base();
        s.jobs.interval_seconds = 0;
        assert_eq!(s.validate().unwrap_err().key, "jobs.interval_seconds");
        s.jobs.interval_seconds = 300;
        s.subscriptions.poll_interval_ms = 0;
        assert_eq!(
            s.validate().unwrap_err().key,
            "subscriptions.poll_interval_ms"
        );
    }

    #[test]
    fn tracing_is_off_by_default_and_checked_when_on() {
        let mut s = base();
        assert!(!s.tracing.enabled);
        s.tracing.enabled = true;
        s.validate().unwrap();
        for bad in ["https://collector:4318", "collector:4318", ""] {
            s.tracing.endpoint = bad.into();
            assert_eq!(s.validate().unwrap_err().key, "tracing.endpoint", "{bad}");
        }
        s.tracing.endpoint = "http://collector:4318".into();
        s.tracing.sample_ratio = 1.5;
        assert_eq!(s.validate().unwrap_err().key, "tracing.sample_ratio");
        s.tracing.sample_ratio = 0.25;
        s.tracing
            .headers
            .insert("x-api key".into(), Secret::new("k"));
        assert_eq!(s.validate().unwrap_err().key, "tracing.headers");
    }

    #[test]
    fn list_keys_come_comma_separated_from_the_environment() {
        let env = config::Map::from([
            (
                "MEANDER__HTTP__CORS_ALLOWED_ORIGINS".to_string(),
                "https://a.example,https://b.example".to_string(),
            ),
            (
                "MEANDER__SERVER__BIND".to_string(),
                "0.0.0.0:9000".to_string(),
            ),
        ]);
        let s: Settings = config::Config::builder()
            .add_source(config::File::from_str(
                EMBEDDED[0].1,
                config::FileFormat::Toml,
            ))
            .add_source(env_source().source(Some(env)))
            .build()
            .unwrap()
            .try_deserialize()
            .unwrap();
        assert_eq!(
            s.http.cors_allowed_origins,
            ["https://a.example", "https://b.example"]
        );
        assert_eq!(s.server.bind, "0.0.0.0:9000");
        s.validate().unwrap();
    }

    #[test]
    fn limits_and_origins_are_validated() {
        let mut s = base();
        s.limits.max_depth = 0;
        assert_eq!(s.validate().unwrap_err().key, "limits.max_depth");
        let mut s = base();
        s.http.cors_allowed_origins = vec!["https://ok.example/".into()];
        assert_eq!(s.validate().unwrap_err().key, "http.cors_allowed_origins");
        let mut s = base();
        s.persisted_queries.require_manifest = true;
        assert_eq!(
            s.validate().unwrap_err().key,
            "persisted_queries.manifest_file"
        );
    }

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let s = base();
        let text = format!("{s:?}");
        assert!(!text.contains(DEVELOPMENT_JWT_SECRET));
        assert!(!text.contains("sqlite://data"));
        let mut s = base();
        s.tracing
            .headers
            .insert("x-api-key".into(), Secret::new("collector-key-123"));
        assert!(!format!("{s:?}").contains("collector-key-123"));
    }
}
