//! Replicas over one database (`crate::cluster`): on PostgreSQL, what one replica writes or
//! revokes reaches the others through `LISTEN/NOTIFY`, not through their polls or cache expiry.
//! Each test runs two gateway servers (their own caches and subscribers) over the test's
//! database. SQLite is one process by design: there the same scenario shows the fallback (a
//! subscriber's poll) and a revocation on the instance that holds the viewer.

use std::time::{Duration, Instant};

use crate::{
    common::{self, TestApp, demo_id},
    subscriptions::{APPROVE, login, next_notification, pending_activity, subscribed},
};
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, QueryFilter};
use serde_json::{Value, json};

fn postgres(app: &TestApp) -> bool {
    app.db.get_database_backend() == DbBackend::Postgres
}

#[tokio::test]
async fn cluster_a_notification_written_through_one_replica_reaches_a_subscriber_on_another() {
    let on_postgres = std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty());
    // On PostgreSQL no poll can deliver it within the test: only the peer's signal can.
    let poll_ms = if on_postgres { 600_000 } else { 300 };
    let a = TestApp::spawn_with(|s| s.subscriptions.poll_interval_ms = poll_ms).await;
    assert_eq!(postgres(&a), on_postgres);
    let b = a.replica(|_| {}).await;
    let mentor = login(&a, "nhf.mentor@meander.dev", "nhf").await;
    let coordinator = login(&b, "nhf.coordinator@meander.dev", "nhf").await;
    let activity = pending_activity(&b, &mentor).await;
    let mut ws = subscribed(&a, &mentor, None).await;

    let started = Instant::now();
    let body = b
        .gql(Some(&coordinator), APPROVE, json!({ "id": activity }))
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let n = next_notification(&mut ws).await;
    let elapsed = started.elapsed();
    assert_eq!(n["relatedEntityId"], json!(activity));
    eprintln!("approval on replica B reached the subscriber on replica A in {elapsed:?}");
    if on_postgres {
        assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    }
}

async fn contacts(app: &TestApp, token: &str) -> Value {
    app.gql(
        Some(token),
        "{ contacts(first: 1) { totalCount } }",
        json!({}),
    )
    .await
}

#[tokio::test]
async fn cluster_a_role_revoked_on_one_replica_stops_working_on_every_replica_at_once() {
    // Viewers are cached for an hour: only a signal can make replica A forget one in time.
    let a = TestApp::spawn_with(|s| s.auth.viewer_cache_seconds = 3600).await;
    let b = a.replica(|_| {}).await;
    let coordinator = a.token("nhf.coordinator@meander.dev").await;
    let admin = b.token("nhf.admin@meander.dev").await;
    let body = contacts(&a, &coordinator).await;
    assert!(body["errors"].is_null(), "cached on A: {body}");

    let role = entity::user_roles::Entity::find()
        .filter(
            entity::user_roles::Column::UserId.eq(demo_id("user", "nhf.coordinator@meander.dev")),
        )
        .filter(entity::user_roles::Column::OrganizationId.eq(demo_id("org", "nhf")))
        .one(&a.db)
        .await
        .unwrap()
        .expect("the coordinator's role");
    // Revoked on B when there are replicas to tell; on SQLite, on A itself.
    let (revoker, admin) = if postgres(&a) {
        (&b, admin)
    } else {
        (&a, a.token("nhf.admin@meander.dev").await)
    };
    let started = Instant::now();
    let body = revoker
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { revokeRole(userRoleId: $id) { userRole { revokedAt } } }",
            json!({ "id": role.id }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    loop {
        let body = contacts(&a, &coordinator).await;
        if common::error_code(&body) == "FORBIDDEN" {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "replica A still serves the revoked role: {body}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    eprintln!(
        "revocation took effect on replica A after {:?}",
        started.elapsed()
    );
}

async fn wrong_login(app: &TestApp) -> Value {
    app.gql(
        None,
        "mutation($i: LoginInput!) { login(input: $i) { accessToken } }",
        json!({ "i": { "email": "nhf.mentor@meander.dev", "password": "not the password" } }),
    )
    .await
}

#[tokio::test]
async fn cluster_a_login_rate_limit_holds_across_replicas() {
    // Three attempts a minute per account, for the whole deployment.
    let a = TestApp::spawn_with(|s| s.rate_limit.login_attempts_per_minute_per_account = 3).await;
    let b = a.replica(|_| {}).await;
    for _ in 0..2 {
        let body = wrong_login(&a).await;
        assert_eq!(common::error_code(&body), "UNAUTHENTICATED", "{body}");
    }
    // B has heard of A's two attempts (on SQLite, one process: A again).
    let other = if postgres(&a) { &b } else { &a };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let body = wrong_login(other).await;
    assert_eq!(common::error_code(&body), "UNAUTHENTICATED", "{body}");
    let body = wrong_login(other).await;
    assert_eq!(common::error_code(&body), "RATE_LIMITED", "{body}");
}

const NAME: &str = "query($id: UUID!) { organization(id: $id) { name } }";

async fn org_name(app: &TestApp, token: &str) -> String {
    let body = app
        .gql(Some(token), NAME, json!({ "id": demo_id("org", "nhf") }))
        .await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["organization"]["name"]
        .as_str()
        .unwrap()
        .to_string()
}

/// `database.replica_url`: queries read the replica, mutations the primary, and a session that
/// wrote reads its own writes (the primary) for `database.read_your_writes_seconds`.
#[tokio::test]
async fn read_replica_serves_queries_and_a_session_reads_its_own_writes() {
    use sea_orm::ConnectionTrait;
    let (app, replica) = TestApp::spawn_with_replica().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    // Only the replica has this name: a query that shows it was read there.
    let backend = replica.get_database_backend();
    replica
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            backend,
            "UPDATE organizations SET name = $1 WHERE id = $2",
            ["NHF (replica)".into(), demo_id("org", "nhf").into()],
        ))
        .await
        .unwrap();
    assert_eq!(org_name(&app, &admin).await, "NHF (replica)");

    // The admin renames the organization: written to the primary ...
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updateOrganization(id: $id, input: { name: \"Norges Handikapforbund (ny)\" }) { name } }",
            json!({ "id": demo_id("org", "nhf") }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    // ... and read back from it by the same session, while others still read the replica.
    assert_eq!(org_name(&app, &admin).await, "Norges Handikapforbund (ny)");
    assert_eq!(org_name(&app, &coordinator).await, "NHF (replica)");
}

/// The command line's `jobs run` is one more process over the database: the notifications it
/// writes reach the servers' subscribers through the same signals.
#[tokio::test]
async fn cluster_notifications_written_by_the_command_lines_jobs_reach_a_servers_subscriber() {
    let on_postgres = std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty());
    let poll_ms = if on_postgres { 600_000 } else { 300 };
    let app = TestApp::spawn_with(|s| s.subscriptions.poll_interval_ms = poll_ms).await;
    let mentor = login(&app, "nhf.mentor@meander.dev", "nhf").await;
    let mut ws = subscribed(&app, &mentor, Some("CERTIFICATION")).await;
    // Ola's certification now expires in ten days: the job tells him.
    let profile = common::ola_certification_expires_in(&app, 10).await;

    let started = Instant::now();
    let report = meander_gateway::workflows::jobs::run_and_signal(&app.db, app.now())
        .await
        .unwrap();
    assert!(report.certifications_expiring_soon >= 1, "{report}");
    let n = next_notification(&mut ws).await;
    let elapsed = started.elapsed();
    assert_eq!(n["relatedEntityId"], json!(profile));
    eprintln!("the command line's notification reached the subscriber in {elapsed:?}");
    if on_postgres {
        assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    }
}

/// `database.listen_url`: the listener connects there, not to `database.url` (behind a
/// transaction-mode pooler `url` cannot hold a `LISTEN`). A replica listening on another database
/// hears nothing of its peers; one listening where they publish hears them at once.
#[tokio::test]
async fn cluster_a_replica_listens_where_database_listen_url_says() {
    use async_graphql::futures_util::StreamExt;
    use meander_gateway::config::Secret;
    let a = TestApp::spawn_with(|s| s.subscriptions.poll_interval_ms = 600_000).await;
    if !postgres(&a) {
        return; // SQLite is one process: no listener.
    }
    let elsewhere = common::fresh_database().await;
    let deaf = a
        .replica(|s| s.database.listen_url = Secret::new(elsewhere.url.clone()))
        .await;
    let url = a.settings.database.url.clone();
    let hearing = a.replica(|s| s.database.listen_url = url).await;
    let mentor = login(&a, "nhf.mentor@meander.dev", "nhf").await;
    let coordinator = login(&a, "nhf.coordinator@meander.dev", "nhf").await;
    let activity = pending_activity(&a, &mentor).await;
    let mut on_deaf = subscribed(&deaf, &mentor, None).await;
    let mut on_hearing = subscribed(&hearing, &mentor, None).await;
    // Both subscriptions have made their first read (which would send a newer row) before it.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let body = a
        .gql(Some(&coordinator), APPROVE, json!({ "id": activity }))
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let n = next_notification(&mut on_hearing).await;
    assert_eq!(n["relatedEntityId"], json!(activity));
    // The same signal went out; the replica listening on another database never got it.
    let heard = tokio::time::timeout(Duration::from_millis(800), async {
        while let Some(Ok(msg)) = on_deaf.next().await {
            if msg.is_text() {
                return Some(msg);
            }
        }
        None
    })
    .await;
    assert!(
        !matches!(heard, Ok(Some(_))),
        "a replica listening elsewhere was told: {heard:?}"
    );
}
