//! The cluster listener of a test app on PostgreSQL (`meander_gateway::cluster`): it connects in
//! the background after start, and replicas hear each other only once it has.

/// The connections listening for cluster signals on `db`'s database; `None` on SQLite.
pub async fn listeners(db: &sea_orm::DatabaseConnection) -> Option<usize> {
    use sea_orm::ConnectionTrait;
    if db.get_database_backend() != sea_orm::DbBackend::Postgres {
        return None;
    }
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT count(*) AS n FROM pg_stat_activity \
             WHERE datname = current_database() AND query LIKE 'LISTEN %'",
        ))
        .await
        .expect("count the cluster listeners")?;
    Some(row.try_get::<i64>("", "n").unwrap_or_default() as usize)
}

/// Waits until `db`'s database has more listening connections than `before` (the count before
/// an app started): that app's listener is connected, so no test's signal goes out before it.
pub async fn wait_for_listener(db: &sea_orm::DatabaseConnection, before: Option<usize>) {
    let Some(before) = before else { return };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while listeners(db).await.unwrap_or_default() <= before {
        assert!(
            std::time::Instant::now() < deadline,
            "the cluster listener did not connect"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}
