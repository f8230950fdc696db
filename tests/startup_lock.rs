//! Replicas starting together over one PostgreSQL database take turns migrating and seeding
//! (`db::with_startup_lock`). Without the lock, two of three such start-ups on a fresh database
//! failed on duplicate rows of the catalogs they were all writing. SQLite is one process's file:
//! nothing to prove there.

use crate::common;

use meander_gateway::{
    config::{Overrides, Profile, Secret, Settings},
    db, seed,
};
use sea_orm::{ConnectionTrait, Statement};

#[tokio::test]
async fn replicas_starting_together_on_a_fresh_database_all_migrate_and_seed_once() {
    let database = common::fresh_database().await;
    if !database.url.starts_with("postgres") {
        eprintln!("skipped: the start-up lock is PostgreSQL's (set TEST_DATABASE_URL)");
        return;
    }
    let mut settings = Settings::load_profile(Profile::Test, &Overrides::default()).unwrap();
    settings.database.url = Secret::new(database.url.clone());
    let now = settings.clock().now();
    // Three processes' pools, each running the server's start-up work at the same moment.
    let mut starts = Vec::new();
    for _ in 0..3 {
        let settings = settings.database.clone();
        starts.push(tokio::spawn(async move {
            let conn = db::connect(&settings).await?;
            let work = async {
                db::migrate_up(&conn).await?;
                seed::catalog(&conn, now).await?;
                Ok(())
            };
            let out = db::with_startup_lock(&settings, &conn, work).await;
            conn.close().await.ok();
            out
        }));
    }
    for (i, start) in starts.into_iter().enumerate() {
        let outcome: anyhow::Result<()> = start.await.unwrap();
        assert!(
            outcome.is_ok(),
            "start-up {i} failed: {:#}",
            outcome.unwrap_err()
        );
    }
    // One catalog: every permission once.
    let conn = db::connect(&settings.database).await.unwrap();
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT COUNT(*) AS n, COUNT(DISTINCT name) AS k FROM permissions",
        ))
        .await
        .unwrap()
        .unwrap();
    let (n, k): (i64, i64) = (row.try_get("", "n").unwrap(), row.try_get("", "k").unwrap());
    assert!(n > 0 && n == k, "{n} permission rows for {k} names");
    conn.close().await.ok();
}
