//! Test harness: the real server on a random port over a fresh database — a temporary SQLite
//! file, or a new PostgreSQL database per test when TEST_DATABASE_URL is set.
#![allow(dead_code)]

use std::path::PathBuf;

use meander_gateway::{
    app::{self, AppState},
    config::{Overrides, Profile, Settings},
    db, seed,
};
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use uuid::Uuid;

#[allow(unused_imports)]
pub use meander_gateway::seed::{DEMO_PASSWORD, demo_id};

/// Now on the clock every test app of this process starts with (the test profile's `clock.now`,
/// which `MEANDER__CLOCK__NOW` sets), for helpers that build dates without an app at hand.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    static CLOCK: std::sync::OnceLock<meander_gateway::clock::Clock> = std::sync::OnceLock::new();
    CLOCK
        .get_or_init(|| {
            Settings::load_profile(Profile::Test, &Overrides::default())
                .expect("test settings")
                .clock()
        })
        .now()
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: sea_orm::DatabaseConnection,
    pub settings: Settings,
    /// Starts the server's graceful shutdown (`shut_down`).
    shutdown: std::sync::Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
    _database: TestDatabase,
}

/// A database of one test: a temporary SQLite file, or a PostgreSQL database created for it.
/// Removed when dropped (also when the test panics), so a full run leaves nothing behind.
pub struct TestDatabase {
    pub url: String,
    sqlite_file: Option<PathBuf>,
    /// (admin url, database name)
    postgres: Option<(String, String)>,
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(f) = &self.sqlite_file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", f.display()));
            }
        }
        if let Some((admin, name)) = self.postgres.take() {
            // Drop runs inside the test's runtime: do the async work on a thread of its own.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async {
                    use sea_orm::ConnectionTrait;
                    if let Ok(c) = sea_orm::Database::connect(&admin).await {
                        let _ = c
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await;
                        c.close().await.ok();
                    }
                });
            })
            .join();
        }
    }
}

pub async fn fresh_database() -> TestDatabase {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let name = format!("meander_test_{}", Uuid::new_v4().simple());
            let admin = sea_orm::Database::connect(&base)
                .await
                .expect("connect TEST_DATABASE_URL");
            use sea_orm::ConnectionTrait;
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create test database");
            admin.close().await.ok();
            let (prefix, _) = base
                .rsplit_once('/')
                .expect("TEST_DATABASE_URL needs a database path");
            TestDatabase {
                url: format!("{prefix}/{name}"),
                sqlite_file: None,
                postgres: Some((base.clone(), name)),
            }
        }
        _ => {
            let file = std::env::temp_dir()
                .join(format!("meander-test-{}.sqlite", Uuid::new_v4().simple()));
            TestDatabase {
                url: format!("sqlite://{}?mode=rwc", file.display()),
                sqlite_file: Some(file),
                postgres: None,
            }
        }
    }
}

impl TestApp {
    /// Spawns with the demo data set.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        Self::spawn_profile(Profile::Test, &[], adjust).await
    }

    /// Spawns with another profile; `extra` config overrides apply before validation (the
    /// production profile needs a JWT secret). Demo data is seeded whatever the profile.
    pub async fn spawn_profile(
        profile: Profile,
        extra: &[(&str, &str)],
        adjust: impl FnOnce(&mut Settings),
    ) -> Self {
        let database = fresh_database().await;
        // Production runs on the system clock (a set `clock.now` is refused there), also when
        // the suite runs with `MEANDER__CLOCK__NOW` on an awkward day.
        let mut extra = extra.to_vec();
        if profile == Profile::Production {
            extra.insert(0, ("clock.now", ""));
        }
        let mut settings = Settings::load_profile_with(
            profile,
            &Overrides {
                database_url: Some(database.url.clone()),
                bind: Some("127.0.0.1:0".into()),
            },
            &extra,
        )
        .expect("profile settings");
        adjust(&mut settings);
        let conn = db::connect(&settings.database).await.expect("connect");
        db::migrate_up(&conn).await.expect("migrate");
        let now = settings.clock().now();
        seed::catalog(&conn, now).await.expect("catalog");
        seed::demo(&conn, &settings.auth, now)
            .await
            .expect("demo seed");
        db::optimize(&conn).await.expect("optimize");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = AppState::new(settings.clone(), conn.clone()).expect("state");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app::serve(state, listener, async move {
            // Dropping the sender (the test ends) is not a shutdown.
            if stopped.await.is_err() {
                std::future::pending::<()>().await;
            }
        }));
        Self {
            base: format!("http://{addr}"),
            client: reqwest::Client::new(),
            db: conn,
            settings,
            shutdown: std::sync::Mutex::new(Some(stop)),
            _database: database,
        }
    }

    /// Begins the server's graceful shutdown, as SIGTERM does.
    pub fn shut_down(&self) {
        if let Some(stop) = self.shutdown.lock().unwrap().take() {
            let _ = stop.send(());
        }
    }

    /// Now on the server's clock (`MEANDER__CLOCK__NOW` moves it): tests count their dates from
    /// here, as the demo data does, never from the machine's date.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.settings.clock().now()
    }

    /// The date `days` from now (negative: in the past), as `YYYY-MM-DD`.
    pub fn date(&self, days: i64) -> String {
        (self.now() + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    }

    /// POSTs a GraphQL request; returns the JSON body and the response headers.
    pub async fn gql_full(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (Value, HeaderMap) {
        let mut req = self
            .client
            .post(format!("{}/graphql", self.base))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request");
        let headers = resp.headers().clone();
        (resp.json().await.expect("json body"), headers)
    }

    /// POSTs any JSON body to /graphql with an optional token and Accept header.
    pub async fn post_raw(
        &self,
        token: Option<&str>,
        body: &Value,
        accept: Option<&str>,
    ) -> reqwest::Response {
        let mut req = self
            .client
            .post(format!("{}/graphql", self.base))
            .json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(a) = accept {
            req = req.header("accept", a);
        }
        req.send().await.expect("request")
    }

    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        self.gql_full(token, query, variables).await.0
    }

    /// Logs in a demo user; returns the whole `login` payload.
    pub async fn login_payload(&self, email: &str, org: Option<Uuid>) -> Value {
        let body = self
            .gql(
                None,
                "mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken organizationId } }",
                json!({ "i": { "email": email, "password": DEMO_PASSWORD, "organizationId": org } }),
            )
            .await;
        assert!(body["errors"].is_null(), "login {email} failed: {body}");
        body["data"]["login"].clone()
    }

    /// Logs in a demo user; returns the access token.
    pub async fn token(&self, email: &str) -> String {
        self.login_payload(email, None).await["accessToken"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

/// `extensions.code` of the first error.
pub fn error_code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
}

/// SQL statements the request ran (`x-sql-statements`, enabled in the test profile).
pub fn statements(h: &HeaderMap) -> usize {
    h["x-sql-statements"].to_str().unwrap().parse().unwrap()
}

// Helpers shared by the CRUD tests.

/// The `data` of a request that must succeed.
pub async fn ok(app: &TestApp, token: &str, query: &str, vars: Value) -> Value {
    let body = app.gql(Some(token), query, vars).await;
    assert!(body["errors"].is_null(), "{query}\n{body}");
    body["data"].clone()
}

/// (code, field, rule) of the first error.
pub fn error_rule(body: &Value) -> (String, String, String) {
    let ext = &body["errors"][0]["extensions"];
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    (s(&ext["code"]), s(&ext["field"]), s(&ext["rule"]))
}

pub fn ids(conn: &Value) -> Vec<String> {
    conn["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect()
}

/// Walks `field` one row at a time forward (first/after) and backward (last/before) with the
/// same filter and ordering; both walks must agree with one big page and with `totalCount`.
pub async fn walk_both_ways(
    app: &TestApp,
    token: &str,
    field: &str,
    types: (&str, &str),
    filter: Value,
    order: Value,
) -> Vec<String> {
    let q = format!(
        "query($f: {}, $o: {}, $first: Int, $after: String, $last: Int, $before: String) {{
            {field}(filter: $f, orderBy: $o, first: $first, after: $after, last: $last, before: $before) {{
                totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} nodes {{ id }} }} }}",
        types.0, types.1
    );
    let all = ok(
        app,
        token,
        &q,
        json!({ "f": filter, "o": order, "first": 50 }),
    )
    .await;
    let expected = ids(&all[field]);
    assert_eq!(all[field]["totalCount"], expected.len(), "{all}");
    let mut forward = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let d = ok(
            app,
            token,
            &q,
            json!({ "f": filter, "o": order, "first": 1, "after": after }),
        )
        .await;
        forward.extend(ids(&d[field]));
        let info = &d[field]["pageInfo"];
        if !info["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = info["endCursor"].as_str().map(str::to_string);
        assert!(forward.len() <= expected.len(), "forward walk does not end");
    }
    let mut backward = Vec::new();
    let mut before: Option<String> = None;
    loop {
        let d = ok(
            app,
            token,
            &q,
            json!({ "f": filter, "o": order, "last": 1, "before": before }),
        )
        .await;
        backward.splice(0..0, ids(&d[field]));
        let info = &d[field]["pageInfo"];
        if !info["hasPreviousPage"].as_bool().unwrap() {
            break;
        }
        before = info["startCursor"].as_str().map(str::to_string);
        assert!(
            backward.len() <= expected.len(),
            "backward walk does not end"
        );
    }
    assert_eq!(forward, expected);
    assert_eq!(backward, expected);
    expected
}
