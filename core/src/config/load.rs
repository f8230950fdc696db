//! Reading the layers into `Settings` and validating them once, at start-up.

use std::net::SocketAddr;

use super::*;

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
        self.operations_addr()?;
        let replica = self.database.replica_url.expose();
        let scheme = |u: &str| {
            u.split(':')
                .next()
                .unwrap_or("")
                .replace("postgresql", "postgres")
        };
        for (key, other) in [
            ("database.replica_url", replica),
            ("database.listen_url", self.database.listen_url.expose()),
        ] {
            if !other.is_empty() && scheme(other) != scheme(self.database.url.expose()) {
                return Err(ConfigError::invalid(
                    key,
                    "must be a database of the same kind as database.url",
                ));
            }
        }
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
        let d = &self.database;
        let tls_files = [
            ("database.ca_file", &d.ca_file),
            ("database.client_cert_file", &d.client_cert_file),
            ("database.client_key_file", &d.client_key_file),
        ];
        if let Some((key, _)) = tls_files.iter().find(|(_, f)| !f.is_empty())
            && url.starts_with("sqlite:")
        {
            return Err(ConfigError::invalid(
                key,
                "is for PostgreSQL over TLS; database.url is SQLite",
            ));
        }
        if d.client_cert_file.is_empty() != d.client_key_file.is_empty() {
            return Err(ConfigError::invalid(
                "database.client_key_file",
                "database.client_cert_file and database.client_key_file go together",
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
                || http::HeaderValue::from_str(origin).is_err()
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
        let a = &self.auth;
        if a.jwks_cache_min_seconds == 0 || a.jwks_cache_min_seconds > a.jwks_cache_max_seconds {
            return Err(ConfigError::invalid(
                "auth.jwks_cache_min_seconds",
                "must be at least 1 and at most auth.jwks_cache_max_seconds",
            ));
        }
        if a.jwks_cache_max_seconds > 7 * 86_400 {
            return Err(ConfigError::invalid(
                "auth.jwks_cache_max_seconds",
                "must be at most 604800 (a week)",
            ));
        }
        if !(1..=86_400).contains(&a.jwks_refetch_interval_seconds) {
            return Err(ConfigError::invalid(
                "auth.jwks_refetch_interval_seconds",
                "must be between 1 and 86400",
            ));
        }
        let t = &self.tracing;
        if t.enabled {
            let uri: Option<http::Uri> = t.endpoint.parse().ok();
            if !uri.is_some_and(|u| {
                matches!(u.scheme_str(), Some("http" | "https")) && u.host().is_some()
            }) {
                return Err(ConfigError::invalid(
                    "tracing.endpoint",
                    format!("`{}` is not an http:// or https:// URL", t.endpoint),
                ));
            }
            if t.service_name.trim().is_empty() {
                return Err(ConfigError::invalid(
                    "tracing.service_name",
                    "must not be empty",
                ));
            }
            for (name, value) in &t.headers {
                if http::HeaderName::from_bytes(name.as_bytes()).is_err()
                    || http::HeaderValue::from_str(value.expose()).is_err()
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

    /// The operations listener's address, if one is configured (`server.operations_bind`).
    pub fn operations_addr(&self) -> Result<Option<SocketAddr>, ConfigError> {
        if self.server.operations_bind.is_empty() {
            return Ok(None);
        }
        let addr: SocketAddr = self.server.operations_bind.parse().map_err(|_| {
            ConfigError::invalid(
                "server.operations_bind",
                format!("`{}` is not ADDR:PORT", self.server.operations_bind),
            )
        })?;
        if self.server.operations_bind == self.server.bind && addr.port() != 0 {
            return Err(ConfigError::invalid(
                "server.operations_bind",
                "must differ from server.bind",
            ));
        }
        Ok(Some(addr))
    }

    /// The effective settings as TOML, secrets shown as `***` (`config check`).
    pub fn to_toml(&self) -> String {
        let body = toml::to_string_pretty(self).unwrap_or_else(|e| format!("# {e}\n"));
        format!("# profile: {}\n{body}", self.profile.name())
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
pub(super) fn embedded(layer: &str) -> config::File<config::FileSourceString, config::FileFormat> {
    let text = EMBEDDED
        .iter()
        .find(|(name, _)| *name == layer)
        .map_or("", |(_, t)| *t);
    config::File::from_str(text, config::FileFormat::Toml)
}

/// `MEANDER__SECTION__KEY` variables; list keys take comma-separated values.
pub(super) fn env_source() -> config::Environment {
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
