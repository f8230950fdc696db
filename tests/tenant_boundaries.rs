//! What crosses tenant lines: links between organizations are seen only by those they join;
//! the platform reads a tenant's people only under that tenant's support grant; a mentor who
//! withdrew location consent is not located by anyone else.

use crate::common;

use common::{TestApp, demo_id};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

const RELATIONSHIPS: &str = "{ organizationRelationships { totalCount nodes { parentOrganizationId childOrganizationId } } }";

#[tokio::test]
async fn relationships_are_visible_only_to_the_organizations_they_join() {
    let app = TestApp::spawn().await;
    let backend = app.db.get_database_backend();
    let sql = if backend == sea_orm::DbBackend::Postgres {
        "INSERT INTO organization_relationships (id, parent_organization_id, child_organization_id, relationship_type, created_at, updated_at) VALUES ($1, $2, $3, 'umbrella_of', $4, $4)"
    } else {
        "INSERT INTO organization_relationships (id, parent_organization_id, child_organization_id, relationship_type, created_at, updated_at) VALUES (?, ?, ?, 'umbrella_of', ?, ?)"
    };
    let now = app.now();
    let mut values: Vec<sea_orm::Value> = vec![
        uuid::Uuid::new_v4().into(),
        demo_id("org", "nhf").into(),
        demo_id("org", "hlf").into(),
        now.into(),
    ];
    if backend != sea_orm::DbBackend::Postgres {
        values.push(now.into());
    }
    app.db
        .execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await
        .unwrap();
    for (email, seen) in [
        ("nhf.admin@meander.dev", 1),
        ("hlf.coordinator@meander.dev", 1),
        ("blind.admin@meander.dev", 0),
        ("blind.coordinator@meander.dev", 0),
    ] {
        let token = app.token(email).await;
        let body = app.gql(Some(&token), RELATIONSHIPS, json!({})).await;
        assert_eq!(
            body["data"]["organizationRelationships"]["totalCount"], seen,
            "{email}: {body}"
        );
    }
}

#[tokio::test]
async fn the_platform_reads_no_tenant_users_without_a_support_grant() {
    let app = TestApp::spawn().await;
    let global = app.token("admin@meander.dev").await;
    let users = "{ users(first: 100) { totalCount nodes { id email phone } } }";
    let ids = |body: &serde_json::Value| -> Vec<serde_json::Value> {
        body["data"]["users"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].clone())
            .collect()
    };
    let body = app.gql(Some(&global), users, json!({})).await;
    // Its own account and the people of organizations that granted support (the demo's
    // Blindeforbundet does), not NHF's or HLF's.
    let before = ids(&body);
    assert!(
        before.contains(&json!(demo_id("user", "admin@meander.dev"))),
        "{body}"
    );
    for email in ["nhf.coordinator@meander.dev", "hlf.admin@meander.dev"] {
        assert!(
            !before.contains(&json!(demo_id("user", email))),
            "{email}: {body}"
        );
    }
    let nhf = app.token("nhf.admin@meander.dev").await;
    let grant = app
        .gql(
            Some(&nhf),
            "mutation { grantSupportAccess(input: {reason: \"Ticket: login fails\", hours: 1}) { id } }",
            json!({}),
        )
        .await;
    assert!(grant["errors"].is_null(), "{grant}");
    let body = app.gql(Some(&global), users, json!({})).await;
    let nodes = body["data"]["users"]["nodes"].as_array().unwrap();
    assert!(nodes.len() > 1, "{body}");
    // NHF's people now, with their contact details; still none of HLF's.
    let coordinator = nodes
        .iter()
        .find(|n| n["id"] == json!(demo_id("user", "nhf.coordinator@meander.dev")))
        .expect("an NHF user under the grant");
    assert_eq!(coordinator["email"], "nhf.coordinator@meander.dev");
    assert!(
        !ids(&body).contains(&json!(demo_id("user", "hlf.admin@meander.dev"))),
        "{body}"
    );
}

#[tokio::test]
async fn a_withdrawn_location_consent_hides_every_location_detail_from_staff() {
    let app = TestApp::spawn().await;
    // Lars (NHF Bergen) withdrew his consent: only the municipality was kept.
    let id = demo_id("geographic_location", "nhf-lars");
    let q =
        "query($id: UUID!) { geographicLocation(id: $id) { id areaName postalCode municipality } }";
    let coordinator = app.token("nhf.coordinator.bergen@meander.dev").await;
    let body = app.gql(Some(&coordinator), q, json!({ "id": id })).await;
    let row = &body["data"]["geographicLocation"];
    assert_eq!(row["id"], json!(id), "{body}");
    for field in ["areaName", "postalCode", "municipality"] {
        assert!(row[field].is_null(), "{field}: {body}");
    }
    let errors = body["errors"]
        .as_array()
        .expect("one error per hidden field");
    assert_eq!(errors.len(), 3, "{body}");
    assert!(
        errors
            .iter()
            .all(|e| e["extensions"]["code"] == "FORBIDDEN")
    );
    // The mentor still reads what is kept of his own location.
    let lars = app.token("nhf.mentor.bergen@meander.dev").await;
    let body = app.gql(Some(&lars), q, json!({ "id": id })).await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(body["data"]["geographicLocation"]["municipality"], "Bergen");
    // Neither can a filter tell staff where a mentor lives.
    let body = app
        .gql(
            Some(&coordinator),
            "{ geographicLocations(filter: { postalCode: { eq: \"5003\" } }) { totalCount } }",
            json!({}),
        )
        .await;
    assert!(!body["errors"].is_null(), "{body}");
}
