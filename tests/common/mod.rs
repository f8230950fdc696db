//! Test harness: the real server on a random port over a fresh database — a temporary SQLite
//! file, or a new PostgreSQL database per test when TEST_DATABASE_URL is set.
#![allow(dead_code)]

pub mod cluster;
pub mod tls;

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
    /// The test's database (a replica borrows its primary's: None).
    _database: Option<TestDatabase>,
    /// Its read replica's, when it has one (`spawn_with_replica`).
    _replica: Option<TestDatabase>,
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

/// A migrated database holding the permission catalog and the demo set, made once per test
/// process and clock setting, then copied for each test (SQLite: the file; PostgreSQL:
/// `CREATE DATABASE ... TEMPLATE`). Migrating 91 tables and writing the demo set was most of a
/// spawn's time.
enum Template {
    Sqlite(PathBuf),
    Postgres(String),
}

static TEMPLATES: std::sync::OnceLock<
    tokio::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<Template>>>,
> = std::sync::OnceLock::new();

/// Prefix of template names; the process id follows, so a later run can remove what an
/// earlier one (no longer running) left behind.
const TEMPLATE_PREFIX: &str = "meander_tpl_";

fn process_gone(name: &str) -> bool {
    name.strip_prefix(TEMPLATE_PREFIX)
        .and_then(|rest| rest.split('_').next())
        .and_then(|pid| pid.parse::<u32>().ok())
        .is_some_and(|pid| {
            pid != std::process::id() && !PathBuf::from(format!("/proc/{pid}")).exists()
        })
}

async fn template(settings: &Settings) -> std::sync::Arc<Template> {
    let key = settings.clock.now.clone();
    let mut templates = TEMPLATES.get_or_init(Default::default).lock().await;
    if let Some(t) = templates.get(&key) {
        return t.clone();
    }
    let name = format!(
        "{TEMPLATE_PREFIX}{}_{}",
        std::process::id(),
        templates.len()
    );
    let (url, template) = match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            use sea_orm::ConnectionTrait;
            let admin = sea_orm::Database::connect(&base)
                .await
                .expect("connect TEST_DATABASE_URL");
            let stale = admin
                .query_all_raw(sea_orm::Statement::from_string(
                    admin.get_database_backend(),
                    format!(
                        "SELECT datname FROM pg_database WHERE datname LIKE '{TEMPLATE_PREFIX}%'"
                    ),
                ))
                .await
                .unwrap_or_default();
            for row in stale {
                let old: String = row.try_get("", "datname").unwrap_or_default();
                if process_gone(&old) {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{old}\""))
                        .await;
                }
            }
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create template database");
            admin.close().await.ok();
            let (prefix, _) = base
                .rsplit_once('/')
                .expect("TEST_DATABASE_URL needs a database path");
            (format!("{prefix}/{name}"), Template::Postgres(name))
        }
        _ => {
            let dir = std::env::temp_dir();
            if let Ok(entries) = std::fs::read_dir(&dir) {
                for e in entries.flatten() {
                    let file = e.file_name().to_string_lossy().into_owned();
                    if process_gone(&file) {
                        let _ = std::fs::remove_file(e.path());
                    }
                }
            }
            let file = dir.join(format!("{name}.sqlite"));
            let _ = std::fs::remove_file(&file);
            (
                format!("sqlite://{}?mode=rwc", file.display()),
                Template::Sqlite(file),
            )
        }
    };
    let mut database = settings.database.clone();
    database.url = meander_gateway::config::Secret::new(url);
    let conn = db::connect(&database).await.expect("connect template");
    db::migrate_up(&conn).await.expect("migrate");
    let now = settings.clock().now();
    seed::catalog(&conn, now).await.expect("catalog");
    seed::demo(&conn, &settings.auth, now)
        .await
        .expect("demo seed");
    db::optimize(&conn).await.expect("optimize");
    if let Template::Sqlite(_) = &template {
        use sea_orm::ConnectionTrait;
        // Everything into the main file, so a copy of that file is the whole database.
        conn.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .expect("checkpoint");
    }
    conn.close().await.ok();
    let template = std::sync::Arc::new(template);
    templates.insert(key, template.clone());
    template
}

/// A database of one test with the template's content.
async fn seeded_database(settings: &Settings) -> TestDatabase {
    let template = template(settings).await;
    let database = fresh_database().await;
    match &*template {
        Template::Sqlite(file) => {
            std::fs::copy(
                file,
                database
                    .sqlite_file
                    .as_ref()
                    .expect("a SQLite test database"),
            )
            .expect("copy the template");
        }
        Template::Postgres(name) => {
            use sea_orm::ConnectionTrait;
            let (admin_url, db_name) = database
                .postgres
                .as_ref()
                .expect("a PostgreSQL test database");
            let admin = sea_orm::Database::connect(admin_url)
                .await
                .expect("connect");
            // fresh_database made it empty; made again from the template.
            admin
                .execute_unprepared(&format!("DROP DATABASE \"{db_name}\""))
                .await
                .expect("drop the empty database");
            admin
                .execute_unprepared(&format!(
                    "CREATE DATABASE \"{db_name}\" TEMPLATE \"{name}\""
                ))
                .await
                .expect("create from the template");
            admin.close().await.ok();
        }
    }
    database
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
        // Production runs on the system clock (a set `clock.now` is refused there), also when
        // the suite runs with `MEANDER__CLOCK__NOW` on an awkward day.
        let mut extra = extra.to_vec();
        if profile == Profile::Production {
            extra.insert(0, ("clock.now", ""));
        }
        let mut settings = Settings::load_profile_with(
            profile,
            &Overrides {
                database_url: Some("sqlite::memory:".into()),
                bind: Some("127.0.0.1:0".into()),
            },
            &extra,
        )
        .expect("profile settings");
        let database = seeded_database(&settings).await;
        settings.database.url = meander_gateway::config::Secret::new(database.url.clone());
        adjust(&mut settings);
        Self::serve(settings, Some(database)).await
    }

    /// Spawns with a read replica (`database.replica_url`): a second copy of the seeded
    /// database, which, like a replica that stopped catching up, sees none of the primary's
    /// writes, so a test can tell which database answered. Returned with a connection to it.
    pub async fn spawn_with_replica() -> (Self, sea_orm::DatabaseConnection) {
        let settings = Settings::load_profile(
            Profile::Test,
            &Overrides {
                database_url: Some("sqlite::memory:".into()),
                bind: Some("127.0.0.1:0".into()),
            },
        )
        .expect("profile settings");
        let replica = seeded_database(&settings).await;
        let replica_url = replica.url.clone();
        let mut app = Self::spawn_with(|s| {
            s.database.replica_url = meander_gateway::config::Secret::new(replica_url.clone())
        })
        .await;
        let conn = sea_orm::Database::connect(&replica_url)
            .await
            .expect("connect the replica");
        app._replica = Some(replica);
        (app, conn)
    }

    /// Another replica of this gateway over the same database, with its own caches and
    /// subscribers (what scaling out is); `adjust` changes its settings only.
    pub async fn replica(&self, adjust: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = self.settings.clone();
        adjust(&mut settings);
        Self::serve(settings, None).await
    }

    async fn serve(settings: Settings, database: Option<TestDatabase>) -> Self {
        let conn = db::connect(&settings.database).await.expect("connect");
        // A listener sent to another database (`database.listen_url`) is not counted here.
        let listening = if settings.database.listen_url() == settings.database.url.expose() {
            cluster::listeners(&conn).await
        } else {
            None
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = AppState::open(settings.clone(), conn.clone())
            .await
            .expect("state");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app::serve(state, listener, async move {
            // Dropping the sender (the test ends) is not a shutdown.
            if stopped.await.is_err() {
                std::future::pending::<()>().await;
            }
        }));
        cluster::wait_for_listener(&conn, listening).await;
        Self {
            base: format!("http://{addr}"),
            client: reqwest::Client::new(),
            db: conn,
            settings,
            shutdown: std::sync::Mutex::new(Some(stop)),
            _database: database,
            _replica: None,
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

    /// GETs a path of the server (`/graphiql`, `/readyz`, ...).
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
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

/// An activity of the NHF mentor Ola (Oslo) written straight to the database: type `kind` (an
/// NHF activity type key), at `at`, `minutes` long, in `status`; `extra` sets anything else.
pub async fn ola_activity(
    app: &TestApp,
    kind: &str,
    at: chrono::DateTime<chrono::Utc>,
    minutes: i32,
    status: entity::activities::ActivityStatus,
    extra: impl FnOnce(&mut entity::activities::ActiveModel),
) -> uuid::Uuid {
    use sea_orm::{ActiveModelTrait, Set};
    let id = uuid::Uuid::now_v7();
    let ola = demo_id("user", "nhf.mentor@meander.dev");
    let mut am = entity::activities::ActiveModel {
        id: Set(id),
        organization_id: Set(demo_id("org", "nhf")),
        user_id: Set(ola),
        local_association_id: Set(Some(demo_id("la", "oslo"))),
        activity_type_id: Set(demo_id("activity_type", &format!("nhf:{kind}"))),
        activity_date: Set(at),
        duration_minutes: Set(minutes),
        status: Set(status),
        is_proxy_registration: Set(false),
        is_bulk_registration: Set(false),
        has_reimbursement: Set(false),
        created_at: Set(app.now()),
        updated_at: Set(app.now()),
        created_by_id: Set(Some(ola)),
        updated_by_id: Set(Some(ola)),
        ..Default::default()
    };
    extra(&mut am);
    am.insert(&app.db).await.unwrap();
    id
}

/// Ola's certification (his NHF profile) is valid and expires `days` from now, so the expiry job
/// tells him; returns the profile's id.
pub async fn ola_certification_expires_in(app: &TestApp, days: i64) -> uuid::Uuid {
    use entity::peer_mentor_profiles as profiles;
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    let profile = demo_id("peer_mentor_profile", "nhf-ola");
    let mut am: profiles::ActiveModel = profiles::Entity::find_by_id(profile)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    am.certification_status = Set(profiles::PeerMentorCertificationStatus::Valid);
    am.certification_expiry_date = Set(Some(app.now() + chrono::Duration::days(days)));
    am.update(&app.db).await.unwrap();
    profile
}
