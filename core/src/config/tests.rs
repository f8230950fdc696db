//! Unit tests of loading and validating the settings.

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
fn the_cluster_listener_connects_to_listen_url_or_else_to_url() {
    let mut s = base();
    s.database.url = Secret::new("postgres://meander@pgbouncer:6432/meander");
    assert_eq!(
        s.database.listen_url(),
        "postgres://meander@pgbouncer:6432/meander"
    );
    s.database.listen_url = Secret::new("postgres://meander@db:5432/meander");
    assert_eq!(
        s.database.listen_url(),
        "postgres://meander@db:5432/meander"
    );
    s.validate().unwrap();
    assert!(!format!("{s:?}").contains("db:5432"), "redacted");
    s.database.listen_url = Secret::new("sqlite://data/other.sqlite");
    let e = s.validate().unwrap_err();
    assert_eq!(e.key, "database.listen_url");
    assert!(e.message.contains("same kind as database.url"), "{e}");
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
    for bad in ["ftp://collector:4318", "collector:4318", "https://", ""] {
        s.tracing.endpoint = bad.into();
        assert_eq!(s.validate().unwrap_err().key, "tracing.endpoint", "{bad}");
    }
    s.tracing.endpoint = "https://collector.example:4318".into();
    s.validate().unwrap();
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
fn database_tls_files_and_jwks_bounds_are_checked() {
    let mut s = base();
    s.database.url = Secret::new("postgres://db.internal/meander?sslmode=verify-full");
    s.database.ca_file = "/etc/meander/db-ca.pem".into();
    s.validate().unwrap();
    // The files are for PostgreSQL; a client certificate needs its key.
    s.database.url = Secret::new("sqlite::memory:");
    assert_eq!(s.validate().unwrap_err().key, "database.ca_file");
    s.database.url = Secret::new("postgres://db.internal/meander?sslmode=verify-full");
    s.database.client_cert_file = "/etc/meander/client.pem".into();
    assert_eq!(s.validate().unwrap_err().key, "database.client_key_file");
    s.database.client_key_file = "/etc/meander/client.key".into();
    s.validate().unwrap();

    let mut s = base();
    s.auth.jwks_cache_min_seconds = 0;
    assert_eq!(s.validate().unwrap_err().key, "auth.jwks_cache_min_seconds");
    s.auth.jwks_cache_min_seconds = s.auth.jwks_cache_max_seconds + 1;
    assert_eq!(s.validate().unwrap_err().key, "auth.jwks_cache_min_seconds");
    s.auth.jwks_cache_min_seconds = 300;
    s.auth.jwks_cache_max_seconds = 30 * 86_400;
    assert_eq!(s.validate().unwrap_err().key, "auth.jwks_cache_max_seconds");
    s.auth.jwks_cache_max_seconds = 86_400;
    s.auth.jwks_refetch_interval_seconds = 0;
    assert_eq!(
        s.validate().unwrap_err().key,
        "auth.jwks_refetch_interval_seconds"
    );
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

#[test]
fn config_check_prints_every_section_and_no_secret() {
    let mut s = base();
    s.auth.jwt_secret = Secret::new("s3cret-value");
    s.database.url = Secret::new("postgres://meander:pa55word@db/meander");
    let text = s.to_toml();
    assert!(text.starts_with("# profile: development\n"), "{text}");
    for section in [
        "[server]",
        "[database]",
        "[auth]",
        "[limits]",
        "[rate_limit]",
    ] {
        assert!(text.contains(section), "{section} missing");
    }
    assert!(
        !text.contains("s3cret") && !text.contains("pa55word"),
        "{text}"
    );
    assert!(text.contains("jwt_secret = \"***\""));
    // What it prints reads back as the same settings.
    let back: toml::Value = toml::from_str(&text).unwrap();
    assert_eq!(
        back["server"]["bind"].as_str(),
        Some(s.server.bind.as_str())
    );
}

#[test]
fn the_operations_listener_needs_an_address_of_its_own() {
    let mut s = base();
    s.server.operations_bind = "internal".into();
    assert_eq!(s.validate().unwrap_err().key, "server.operations_bind");
    s.server.operations_bind = s.server.bind.clone();
    assert_eq!(s.validate().unwrap_err().key, "server.operations_bind");
    s.server.operations_bind = "127.0.0.1:9090".into();
    s.validate().unwrap();
}
