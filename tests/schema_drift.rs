//! Migrations are frozen SQL (`migration/src/frozen.rs`), so nothing ties them to the entities
//! any more except this test: after a fresh migrate, every table has exactly the columns its
//! entity declares, with the same types and nullability, on the database under test (SQLite, or
//! PostgreSQL with TEST_DATABASE_URL). An entity column added without a migration fails here.
//!
//! How: each entity's table is created again from the entity under a scratch name, inside a
//! transaction that is rolled back, and the database's own description of both tables
//! (`pragma_table_info` / `information_schema.columns`) is compared, so both go through the
//! same type normalisation.

use crate::common;

use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, Schema, Statement,
    TransactionTrait, sea_query::Alias,
};

/// (column, type, not null) as the database describes them, sorted by column.
async fn describe(txn: &DatabaseTransaction, table: &str) -> Vec<(String, String, bool)> {
    let backend = txn.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => format!(
            "SELECT name AS c, lower(type) AS t, \"notnull\" <> 0 AS n FROM pragma_table_info('{table}') ORDER BY name"
        ),
        _ => format!(
            "SELECT column_name::text AS c, udt_name::text AS t, is_nullable = 'NO' AS n \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             AND table_name = '{table}' ORDER BY column_name"
        ),
    };
    txn.query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.try_get::<String>("", "c").unwrap(),
                r.try_get::<String>("", "t").unwrap(),
                r.try_get::<bool>("", "n").unwrap(),
            )
        })
        .collect()
}

/// The differences between `table` and the same table created from its entity now.
async fn drift<E: EntityTrait + Default>(txn: &DatabaseTransaction) -> Option<String> {
    let entity = E::default();
    let table = entity.table_name().to_string();
    let scratch = format!("drift_{table}");
    let backend = txn.get_database_backend();
    let mut create = Schema::new(backend).create_table_from_entity(entity);
    create.table(Alias::new(&scratch));
    txn.execute(&create).await.unwrap();
    let (migrated, declared) = (describe(txn, &table).await, describe(txn, &scratch).await);
    (migrated != declared).then(|| {
        let only = |a: &[(String, String, bool)], b: &[(String, String, bool)]| {
            a.iter()
                .filter(|x| !b.contains(x))
                .cloned()
                .collect::<Vec<_>>()
        };
        format!(
            "{table}: migrated only {:?}; entity only {:?}",
            only(&migrated, &declared),
            only(&declared, &migrated)
        )
    })
}

macro_rules! check_all {
    ($txn:expr, $($table:ident,)*) => {{
        let mut drifted = Vec::new();
        let mut count = 0usize;
        $(
            count += 1;
            if let Some(d) = drift::<entity::$table::Entity>($txn).await {
                drifted.push(d);
            }
        )*
        (count, drifted)
    }};
}

#[tokio::test]
async fn a_fresh_migrate_creates_every_table_exactly_as_its_entity_declares() {
    let database = common::fresh_database().await;
    let mut settings = meander_gateway::config::Settings::load_profile(
        meander_gateway::config::Profile::Test,
        &meander_gateway::config::Overrides {
            database_url: Some(database.url.clone()),
            bind: None,
        },
    )
    .unwrap();
    settings.database.max_connections = 2;
    let conn = meander_gateway::db::connect(&settings.database)
        .await
        .unwrap();
    meander_gateway::db::migrate_up(&conn).await.unwrap();
    let txn = conn.begin().await.unwrap();
    let (count, drifted) = check_all!(
        &txn,
        accessibility_preferences,
        accounting_exports,
        achievement_badges,
        activities,
        activity_documents,
        activity_flags,
        activity_logs,
        activity_types,
        assignment_consents,
        assignment_dispatches,
        assignment_honorarium_records,
        assignment_read_receipts,
        assignments,
        audit_events,
        auth_sessions,
        benefit_estimates,
        biometric_credentials,
        bufdir_reports,
        bulk_registrations,
        calendar_integrations,
        caregivers,
        certification_reminders,
        certification_renewals,
        certifications,
        contact_notes,
        contact_relatives,
        contacts,
        conversation_cards,
        course_enrollments,
        courses,
        custom_report_definitions,
        delegation_grants,
        demo_requests,
        driver_confidentiality_declarations,
        driver_honorariums,
        encrypted_documents,
        event_participants,
        events,
        expense_auto_approval_rules,
        expense_items,
        expense_types,
        faq_entries,
        geographic_locations,
        home_visit_reports,
        honorarium_thresholds,
        impact_summaries,
        integration_configs,
        local_associations,
        member_recruitments,
        mentor_pairings,
        national_associations,
        nda_agreements,
        notification_preferences,
        notification_scenarios,
        notifications,
        offline_id_mappings,
        offline_sync_queue,
        org_labels,
        organization_features,
        organization_relationships,
        organization_settings,
        organizations,
        passkey_credentials,
        peer_mentor_availability,
        peer_mentor_profiles,
        permissions,
        personal_notes,
        poa_documents,
        push_notification_configs,
        receipts,
        referral_links,
        refresh_tokens,
        regions,
        reimbursement_approvals,
        relatives,
        report_periods,
        resource_links,
        role_permissions,
        roles,
        support_access_grants,
        sync_logs,
        theme_configs,
        travel_expense_reports,
        user_badges,
        user_organization_memberships,
        user_roles,
        users,
        workshop_notes,
        workshop_participants,
        workshop_sessions,
        workshop_tasks,
    );
    txn.rollback().await.unwrap();
    assert!(drifted.is_empty(), "schema drift:\n{}", drifted.join("\n"));

    // Every migrated table is in the list above (a new table needs a line here too).
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => {
            "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' \
            AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations'"
        }
        _ => {
            "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() \
            AND table_type = 'BASE TABLE' AND table_name <> 'seaql_migrations'"
        }
    };
    let row = conn
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap() as usize, count);
    conn.close().await.ok();
}
