//! TLS to PostgreSQL, over a real server with TLS on: `sslmode` in `database.url` is honoured
//! and `database.ca_file` is the CA the server's certificate is verified against, for the pool
//! and the cluster's LISTEN connection; a certificate that CA did not sign, or a CA file that
//! cannot be read, stops start-up naming the setting. CI starts its PostgreSQL with `ssl=on` and
//! a server certificate for 127.0.0.1 signed by a CA made at run time, and names that CA in
//! `TEST_DATABASE_TLS_CA`; elsewhere (SQLite, or no such CA) these tests return at once, saying
//! why.

use crate::common;

use common::{TestApp, tls::TestCa};
use meander_gateway::{
    config::{Overrides, Profile, Secret, Settings},
    db,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::json;

/// The CA of the test server's certificate, when the suite runs on PostgreSQL with one.
fn server_ca(test: &str) -> Option<String> {
    let url = std::env::var("TEST_DATABASE_URL").unwrap_or_default();
    if !url.starts_with("postgres") {
        eprintln!("{test}: skipped, TLS to the database needs TEST_DATABASE_URL (PostgreSQL)");
        return None;
    }
    match std::env::var("TEST_DATABASE_TLS_CA") {
        Ok(ca) if !ca.is_empty() => Some(ca),
        _ => {
            eprintln!(
                "{test}: skipped, TEST_DATABASE_TLS_CA names no CA of the server's certificate"
            );
            None
        }
    }
}

/// `url` with `sslmode` set.
fn with_sslmode(url: &str, mode: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}sslmode={mode}")
}

/// (TLS in use, last statement) of every backend connected to the database `db` is on.
async fn backends(db: &DatabaseConnection) -> Vec<(bool, String)> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT s.ssl, COALESCE(a.query, '') AS query FROM pg_stat_activity a \
             JOIN pg_stat_ssl s ON s.pid = a.pid WHERE a.datname = current_database()",
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            (
                r.try_get::<bool>("", "ssl").unwrap(),
                r.try_get::<String>("", "query").unwrap(),
            )
        })
        .collect()
}

/// The backends, the cluster listener's among them (`TestApp` waits for it at start).
async fn backends_with_listener(app: &TestApp) -> Vec<(bool, String)> {
    let found = backends(&app.db).await;
    assert!(
        found.iter().any(|(_, q)| q.starts_with("LISTEN")),
        "no LISTEN connection: {found:?}"
    );
    found
}

/// Serves a query that reads the database (sign-in, then the viewer).
async fn serves_a_query(app: &TestApp) {
    let token = app.token("nhf.coordinator@meander.dev").await;
    let body = app
        .gql(Some(&token), "{ viewer { user { email } } }", json!({}))
        .await;
    assert_eq!(
        body["data"]["viewer"]["user"]["email"],
        json!("nhf.coordinator@meander.dev"),
        "{body}"
    );
}

#[tokio::test]
async fn database_verify_full_with_the_configured_ca_serves_queries_over_encrypted_connections() {
    let Some(ca) = server_ca("verify-full") else {
        return;
    };
    let app = TestApp::spawn_with(|s| {
        let url = with_sslmode(s.database.url.expose(), "verify-full");
        s.database.url = Secret::new(url);
        s.database.ca_file = ca;
    })
    .await;
    serves_a_query(&app).await;
    let found = backends_with_listener(&app).await;
    // The pool's connections and the listener's: every one encrypted.
    assert!(found.len() >= 2, "{found:?}");
    assert!(found.iter().all(|(ssl, _)| *ssl), "{found:?}");
}

#[tokio::test]
async fn database_sslmode_disable_connects_unencrypted() {
    if server_ca("sslmode=disable").is_none() {
        return;
    }
    let app = TestApp::spawn_with(|s| {
        let url = with_sslmode(s.database.url.expose(), "disable");
        s.database.url = Secret::new(url);
    })
    .await;
    serves_a_query(&app).await;
    let found = backends_with_listener(&app).await;
    assert!(found.len() >= 2, "{found:?}");
    assert!(found.iter().all(|(ssl, _)| !*ssl), "{found:?}");
}

/// The database settings of a test process, over the test server's `postgres` database.
fn settings(mode: &str, ca_file: &str) -> Settings {
    let url = std::env::var("TEST_DATABASE_URL").unwrap();
    let mut settings = Settings::load_profile(
        Profile::Test,
        &Overrides {
            database_url: Some(with_sslmode(&url, mode)),
            bind: Some("127.0.0.1:0".into()),
        },
    )
    .expect("test settings");
    settings.database.ca_file = ca_file.to_string();
    settings
}

#[tokio::test]
async fn database_a_certificate_the_configured_ca_did_not_sign_stops_start_up_naming_the_setting() {
    let Some(ca) = server_ca("untrusted certificate") else {
        return;
    };
    // The right CA: start-up connects (the control for what follows).
    let good = settings("verify-full", &ca);
    db::connect(&good.database).await.expect("connects");
    let listener = db::listener_options(&good.database).unwrap();
    sea_orm::sqlx::postgres::PgListener::connect_with(
        &sea_orm::sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect_with(listener)
            .await
            .expect("the listener's options connect"),
    )
    .await
    .unwrap();

    // Another CA: the primary, the replica and the listener all refuse the server.
    let other = TestCa::new("not the database's CA");
    for mode in ["verify-full", "verify-ca"] {
        let bad = settings(mode, &other.pem_path());
        let e = db::connect(&bad.database).await.unwrap_err().to_string();
        assert!(e.starts_with("database.url: TLS"), "{e}");
        assert!(e.contains("database.ca_file"), "{e}");
        assert!(e.contains("UnknownIssuer"), "{e}");
        let mut replica = settings(mode, &other.pem_path()).database;
        replica.replica_url = replica.url.clone();
        let e = db::connect_replica(&replica).await.unwrap_err().to_string();
        assert!(e.starts_with("database.replica_url: TLS"), "{e}");
        assert!(e.contains("database.ca_file"), "{e}");
        let options = db::listener_options(&bad.database).unwrap();
        let e = sea_orm::sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("UnknownIssuer"), "{e}");
    }

    // A CA file that cannot be read, or is no certificate.
    let missing = settings("verify-full", "/nonexistent/meander-ca.pem");
    let e = db::connect(&missing.database)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("database.ca_file: cannot read /nonexistent/meander-ca.pem"),
        "{e}"
    );
    let not_pem =
        std::env::temp_dir().join(format!("meander-not-a-ca-{}.pem", uuid::Uuid::new_v4()));
    std::fs::write(&not_pem, "not a certificate").unwrap();
    let e = db::connect(&settings("verify-full", &not_pem.display().to_string()).database)
        .await
        .unwrap_err()
        .to_string();
    std::fs::remove_file(&not_pem).ok();
    assert!(
        e.starts_with("database.ca_file:") && e.contains("no PEM certificate"),
        "{e}"
    );

    // A mode that verifies nothing would leave the CA file unused: refused.
    for mode in ["require", "prefer"] {
        let e = db::connect(&settings(mode, &ca).database)
            .await
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("database.url: sslmode"), "{e}");
        assert!(e.contains("database.ca_file"), "{e}");
    }
}
