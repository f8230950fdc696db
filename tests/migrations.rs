//! Migrations run forward, back and forward again on the test database (SQLite or PostgreSQL).

use crate::common;

use meander_gateway::{config::DatabaseSettings, db};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Statement};

#[tokio::test]
async fn migrations_run_up_down_and_up_again() {
    let database = common::fresh_database().await;
    let url = database.url.clone();
    let conn = db::connect(&DatabaseSettings {
        url: meander_gateway::config::Secret::new(url),
        max_connections: 2,
        acquire_timeout_ms: 5000,
        auto_migrate: false,
        seed_demo: false,
        replica_url: Default::default(),
        read_your_writes_seconds: 0,
        ca_file: String::new(),
        client_cert_file: String::new(),
        client_key_file: String::new(),
        listen_url: Default::default(),
    })
    .await
    .unwrap();
    Migrator::up(&conn, None).await.unwrap();
    let backend = conn.get_database_backend();
    // The users table and the hot-path partial index of the last migration.
    let count = || async {
        let sql = if backend == sea_orm::DbBackend::Sqlite {
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE (type = 'table' AND name = 'users') \
             OR (type = 'index' AND name = 'idx_activities_review_queue')"
        } else {
            "SELECT (SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'users' \
             AND table_schema = current_schema()) + (SELECT COUNT(*) FROM pg_indexes \
             WHERE indexname = 'idx_activities_review_queue' AND schemaname = current_schema()) AS n"
        };
        let row = conn
            .query_one_raw(Statement::from_string(backend, sql))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    };
    assert_eq!(count().await, 2);
    Migrator::down(&conn, None).await.unwrap();
    assert_eq!(count().await, 0);
    Migrator::up(&conn, None).await.unwrap();
    assert_eq!(count().await, 2);
}

#[tokio::test]
async fn enum_columns_reject_unknown_values() {
    let app = common::TestApp::spawn().await;
    let backend = app.db.get_database_backend();
    let err = app
        .db
        .execute_raw(Statement::from_string(
            backend,
            "UPDATE users SET status = 'superuser' WHERE email = 'nhf.admin@meander.dev'",
        ))
        .await;
    assert!(
        err.is_err(),
        "CHECK constraint must refuse an unknown status"
    );
}

#[tokio::test]
async fn a_system_role_key_is_unique_although_its_organization_is_null() {
    let app = common::TestApp::spawn().await;
    let backend = app.db.get_database_backend();
    let now = if backend == sea_orm::DbBackend::Sqlite {
        "datetime('now')"
    } else {
        "now()"
    };
    let sql = format!(
        "INSERT INTO roles (id, organization_id, key, name, is_system, reach, created_at, updated_at) \
         VALUES ('{}', NULL, 'coordinator', 'Copy', true, 'own', {now}, {now})",
        uuid::Uuid::new_v4()
    );
    let dup = app
        .db
        .execute_raw(Statement::from_string(backend, sql))
        .await;
    assert!(
        dup.is_err(),
        "a second system role `coordinator` must be refused"
    );
}

#[tokio::test]
async fn sqlite_gets_planner_statistics_at_start() {
    let app = common::TestApp::spawn().await;
    let backend = app.db.get_database_backend();
    if backend != sea_orm::DbBackend::Sqlite {
        return; // PostgreSQL's autovacuum keeps its own statistics
    }
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM sqlite_stat1 WHERE tbl = 'activities'",
        ))
        .await
        .expect("sqlite_stat1 exists once ANALYZE ran")
        .unwrap();
    assert!(row.try_get::<i64>("", "n").unwrap() > 0);
}

/// Migration 13 on a database migrated before it: the link columns are added to the existing
/// `users` table (a fresh database has them from migration 1), and removed again on the way down.
#[tokio::test]
async fn external_identity_links_are_added_to_an_existing_users_table() {
    let database = common::fresh_database().await;
    let conn = db::connect(&DatabaseSettings {
        url: meander_gateway::config::Secret::new(database.url.clone()),
        max_connections: 2,
        acquire_timeout_ms: 5000,
        auto_migrate: false,
        seed_demo: false,
        replica_url: Default::default(),
        read_your_writes_seconds: 0,
        ca_file: String::new(),
        client_cert_file: String::new(),
        client_key_file: String::new(),
        listen_url: Default::default(),
    })
    .await
    .unwrap();
    Migrator::up(&conn, None).await.unwrap();
    let manager = migration::SchemaManager::new(&conn);
    // Migration 13 and every later one are rolled back.
    let after_12 = (Migrator::migrations().len() - 12) as u32;
    Migrator::down(&conn, Some(after_12)).await.unwrap();
    assert!(
        !manager
            .has_column("users", "external_subject")
            .await
            .unwrap()
    );
    assert!(
        !manager
            .has_index("users", "uq_users_external_issuer_external_subject")
            .await
            .unwrap()
    );
    Migrator::up(&conn, None).await.unwrap();
    for column in ["external_issuer", "external_subject", "external_linked_at"] {
        assert!(
            manager.has_column("users", column).await.unwrap(),
            "{column}"
        );
    }
    assert!(
        manager
            .has_index("users", "uq_users_external_issuer_external_subject")
            .await
            .unwrap()
    );
}
