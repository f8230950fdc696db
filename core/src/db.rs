//! Database connection (SQLite or PostgreSQL), migrations, and the per-request SQL statement
//! counter that the N+1 tests, the `x-sql-statements` header and the request's trace read.

use std::{
    future::Future,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, TransactionTrait,
    metric::Info,
};

use crate::config::DatabaseSettings;

mod tls;
pub use tls::listener_options;
use tls::{PgTls, connect_error};

tokio::task_local! {
    static STATEMENTS: Arc<Statements>;
}

type StatementHook = Box<dyn Fn(&Info<'_>) + Send + Sync>;

#[derive(Default)]
struct Statements {
    count: AtomicUsize,
    /// Sees each statement after it ran (the request's trace, when it records one).
    hook: Option<StatementHook>,
}

/// Counts the SQL statements run by everything awaited inside [`SqlCounter::scope`],
/// including DataLoader batches, whose spawner re-enters the scope.
#[derive(Clone, Default)]
pub struct SqlCounter(Arc<Statements>);

impl SqlCounter {
    /// A counter that also hands each statement to `hook`.
    pub fn with_hook(hook: impl Fn(&Info<'_>) + Send + Sync + 'static) -> Self {
        Self(Arc::new(Statements {
            count: AtomicUsize::new(0),
            hook: Some(Box::new(hook)),
        }))
    }

    pub fn scope<F: Future>(&self, fut: F) -> impl Future<Output = F::Output> + use<F> {
        STATEMENTS.scope(self.0.clone(), fut)
    }

    pub fn get(&self) -> usize {
        self.0.count.load(Ordering::Relaxed)
    }
}

/// The read replica's pool (`database.replica_url`), with the primary's pool and TLS settings.
pub async fn connect_replica(
    settings: &DatabaseSettings,
) -> anyhow::Result<Option<DatabaseConnection>> {
    if settings.replica_url.expose().is_empty() {
        return Ok(None);
    }
    let url = settings.replica_url.expose();
    Ok(Some(open(settings, "database.replica_url", url).await?))
}

/// The primary's pool (`database.url`).
pub async fn connect(settings: &DatabaseSettings) -> anyhow::Result<DatabaseConnection> {
    open(settings, "database.url", settings.url.expose()).await
}

/// A pool over `url` (the setting `url_key`), with `settings`' pool and TLS settings. Errors
/// name the setting at fault, never the URL (it may hold a password).
async fn open(
    settings: &DatabaseSettings,
    url_key: &str,
    url: &str,
) -> anyhow::Result<DatabaseConnection> {
    let url = url.to_string();
    if url.starts_with("sqlite:") {
        ensure_sqlite_dir(&url)?;
    }
    let tls = PgTls::load(settings, url_key, &url)?;
    // One bound on waiting for the database: a pooled connection (all busy, or the server
    // unreachable while the pool reconnects) or SQLite's write lock. Past it the request answers
    // UNAVAILABLE (`error::unavailable`) rather than queueing until the request timeout.
    let wait = Duration::from_millis(settings.acquire_timeout_ms);
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(settings.max_connections)
        .min_connections(1)
        .acquire_timeout(wait)
        // A connection that died with its server (a restart) is found out before it is handed
        // to a request, and replaced: the pool recovers by itself when the database is back.
        .test_before_acquire(true)
        .sqlx_logging(false)
        // WAL lets readers proceed while a writer commits; busy_timeout queues writers
        // instead of failing them with SQLITE_BUSY.
        .map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(wait)
                .foreign_keys(true)
        })
        .map_sqlx_postgres_opts(move |o| tls.apply(o));
    let mut db = Database::connect(opts)
        .await
        .map_err(|e| connect_error(&e, settings, url_key))?;
    db.set_metric_callback(|info| {
        let _ = STATEMENTS.try_with(|s| {
            s.count.fetch_add(1, Ordering::Relaxed);
            if let Some(hook) = &s.hook {
                hook(info);
            }
        });
    });
    Ok(db)
}

fn ensure_sqlite_dir(url: &str) -> anyhow::Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)?;
    }
    Ok(())
}

pub async fn migrate_up(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None)
        .await
        .map_err(|e| explain_pooler(e.into()))
}

/// Names the likely cause of a database error that only a transaction-mode pooler (PgBouncer
/// `pool_mode = transaction` without prepared-statement support) produces: the driver prepares
/// named statements (`sqlx_s_N`) on its session, and that pooler hands each transaction another
/// server session, where the name is missing or already taken by another client.
pub fn explain_pooler(e: anyhow::Error) -> anyhow::Error {
    if format!("{e:#}").contains("prepared statement \"sqlx_s_") {
        e.context(
            "database.url leads to a connection pooler in transaction mode, which the driver's \
             prepared statements do not survive: use session mode, or a pooler that keeps \
             prepared statements per client (README, Replicas)",
        )
    } else {
        e
    }
}

/// Key of the advisory lock a process migrates and seeds under: any fixed number, the same in
/// every replica ("meander" in ASCII).
const STARTUP_LOCK: i64 = 0x006d_6561_6e64_6572;

/// Runs `work` (migrations, the permission catalog, demo data) holding the deployment's
/// start-up lock. Neither the migrator nor the seeders expect another process doing the same at
/// the same moment: of three replicas started together on a fresh PostgreSQL database, two
/// failed (duplicate types, duplicate catalog rows). With the lock the others wait for the first,
/// then find nothing left to do. It is transaction-scoped (`pg_advisory_xact_lock`) on a
/// connection of its own: a holder that dies releases it, and a transaction-mode pooler keeps
/// it. SQLite is one process's file: no lock.
pub async fn with_startup_lock<T>(
    settings: &DatabaseSettings,
    db: &DatabaseConnection,
    work: impl Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    if db.get_database_backend() != DbBackend::Postgres {
        return work.await;
    }
    let mut own = settings.clone();
    own.max_connections = 1;
    let lock = connect(&own).await?;
    let held = lock.begin().await?;
    held.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({STARTUP_LOCK})"))
        .await?;
    let out = work.await;
    // Ending the transaction releases the lock; closing the pool would as well.
    held.rollback().await.ok();
    lock.close().await.ok();
    out
}

/// SQLite keeps no planner statistics until something runs ANALYZE, and without them it picks
/// the wrong index on the hot paths (the review queue took 176 ms instead of 0.6 ms at national
/// scale, BENCHMARKS.md). So every start runs ANALYZE, sampling at most `analysis_limit` rows
/// per index to stay fast on large files; PostgreSQL's autovacuum does this itself.
pub async fn optimize(db: &DatabaseConnection) -> anyhow::Result<()> {
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA analysis_limit = 1000")
            .await?;
        db.execute_unprepared("ANALYZE").await?;
    }
    Ok(())
}

/// Opens a transaction that will write, as a writer from its first statement. SQLite then takes
/// its write lock up front: a deferred transaction that reads first (scope checks) and writes
/// second fails with SQLITE_BUSY, whatever the busy timeout, when another writer got in between.
/// On PostgreSQL it is a plain BEGIN. Correctness never depends on it: status claims and unique
/// indexes decide between concurrent requests.
pub async fn begin_write(
    db: &DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::TransactionTrait;
    let txn = db.begin().await?;
    write_first(&txn).await?;
    Ok(txn)
}

/// Makes a just-begun SQLite transaction (or savepoint) a writer before it reads (see
/// `begin_write`); nothing on PostgreSQL, or where it already writes.
pub async fn write_first(txn: &impl ConnectionTrait) -> Result<(), sea_orm::DbErr> {
    if txn.get_database_backend() == DbBackend::Sqlite {
        // An UPDATE that matches no row: the cheapest statement that makes SQLite a writer.
        txn.execute_unprepared("UPDATE organizations SET updated_at = updated_at WHERE 1 = 0")
            .await?;
    }
    Ok(())
}

pub fn backend_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Postgres => "postgres",
        DbBackend::Sqlite => "sqlite",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prepared_statement_lost_to_a_transaction_pooler_names_the_setting() {
        let lost = explain_pooler(anyhow::anyhow!(
            "error returned from database: prepared statement \"sqlx_s_1\" already exists"
        ));
        let text = format!("{lost:#}");
        assert!(
            text.starts_with("database.url leads to a connection pooler"),
            "{text}"
        );
        assert!(text.ends_with("\"sqlx_s_1\" already exists"), "{text}");
        let other = explain_pooler(anyhow::anyhow!("connection refused"));
        assert_eq!(format!("{other:#}"), "connection refused");
    }
}
