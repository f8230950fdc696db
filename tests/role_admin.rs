//! Org admins manage their organization's roles without escalation or reaching other tenants.

use crate::common;

use common::{TestApp, demo_id, error_code};
use serde_json::json;

const CREATE: &str = "mutation($i: CreateRoleInput!) { createRole(input: $i) { id key reach isSystem organizationId } }";
const SET: &str = "mutation($r: UUID!, $p: String!, $g: Boolean!) { setRolePermission(roleId: $r, permission: $p, granted: $g) { key } }";

fn role_id(key: &str) -> uuid::Uuid {
    meander_gateway::seed::catalog_id("role", key)
}

#[tokio::test]
async fn an_org_admin_creates_a_custom_role_from_permissions_they_hold() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            CREATE,
            json!({ "i": { "key": "mentor_lead", "name": "Mentor lead", "reach": "LOCAL_ASSOCIATION", "permissions": ["READ_USERS", "APPROVE_ACTIVITIES"] } }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let role = &body["data"]["createRole"];
    assert_eq!(role["isSystem"], false);
    assert_eq!(role["organizationId"], json!(demo_id("org", "nhf")));
    // The key is taken now.
    let again = app
        .gql(Some(&admin), CREATE, json!({ "i": { "key": "mentor_lead", "name": "X", "reach": "OWN", "permissions": [] } }))
        .await;
    assert_eq!(error_code(&again), "CONFLICT", "{again}");
}

#[tokio::test]
async fn nobody_grants_what_they_do_not_hold() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(Some(&admin), CREATE, json!({ "i": { "key": "sneaky", "name": "Sneaky", "reach": "ORGANIZATION", "permissions": ["CREATE_ORGANIZATIONS"] } }))
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = app
        .gql(
            Some(&admin),
            SET,
            json!({ "r": role_id("coordinator"), "p": "DELETE_ORGANIZATIONS", "g": true }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            CREATE,
            json!({ "i": { "key": "mine", "name": "Mine", "reach": "OWN", "permissions": [] } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn bad_role_input_names_the_rule() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            CREATE,
            json!({ "i": { "key": "Bad Key!", "name": "X", "reach": "OWN", "permissions": [] } }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["rule"], "role_key_format",
        "{body}"
    );
    let body = app
        .gql(Some(&admin), CREATE, json!({ "i": { "key": "platformish", "name": "X", "reach": "PLATFORM", "permissions": [] } }))
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["rule"], "role_reach_tenant",
        "{body}"
    );
}

#[tokio::test]
async fn an_override_changes_only_the_admins_organization_and_takes_effect_at_once() {
    let app = TestApp::spawn().await;
    let nhf_coordinator = app.token("nhf.coordinator@meander.dev").await;
    let hlf_coordinator = app.token("hlf.coordinator@meander.dev").await;
    let users = "{ users { totalCount } }";
    assert!(app.gql(Some(&nhf_coordinator), users, json!({})).await["errors"].is_null());
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            SET,
            json!({ "r": role_id("coordinator"), "p": "READ_USERS", "g": false }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    // Same instance: the cached viewer was dropped, so the change applies to the next request.
    let body = app.gql(Some(&nhf_coordinator), users, json!({})).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = app.gql(Some(&hlf_coordinator), users, json!({})).await;
    assert!(body["errors"].is_null(), "HLF keeps the default: {body}");
}

#[tokio::test]
async fn another_organizations_custom_role_does_not_exist_for_you() {
    let app = TestApp::spawn().await;
    let nhf = app.token("nhf.admin@meander.dev").await;
    let created = app
        .gql(Some(&nhf), CREATE, json!({ "i": { "key": "nhf_only", "name": "NHF only", "reach": "OWN", "permissions": ["READ_USERS"] } }))
        .await;
    let id = created["data"]["createRole"]["id"].clone();
    let blind = app.token("blind.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&blind),
            SET,
            json!({ "r": id, "p": "READ_USERS", "g": false }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    let body = app
        .gql(
            Some(&nhf),
            SET,
            json!({ "r": role_id("global_admin"), "p": "READ_USERS", "g": false }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

/// The local associations of the contacts `token` reads.
async fn contact_associations(app: &TestApp, token: &str) -> std::collections::BTreeSet<String> {
    let body = app
        .gql(
            Some(token),
            "{ contacts(first: 100) { nodes { localAssociationId } } }",
            json!({}),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["contacts"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["localAssociationId"].as_str().map(str::to_string))
        .collect()
}

// Needs the policy.rs change described in the report (row conditions built per grant from
// `Viewer::for_grant`); the viewer already keeps the associations per role assignment.
#[tokio::test]
async fn a_role_narrowed_to_one_local_association_narrows_only_itself() {
    use entity::user_roles;
    use sea_orm::{ActiveModelTrait, Set};

    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let bergen = demo_id("la", "bergen").to_string();
    assert!(contact_associations(&app, &admin).await.contains(&bergen));
    // Kari coordinates Oslo and Bærum; a custom role that reads events only, narrowed to Bergen.
    let created = app
        .gql(
            Some(&admin),
            CREATE,
            json!({ "i": { "key": "event_helper", "name": "Event helper",
                           "reach": "LOCAL_ASSOCIATION", "permissions": ["READ_EVENTS"] } }),
        )
        .await;
    assert!(created["errors"].is_null(), "{created}");
    let role: uuid::Uuid = created["data"]["createRole"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let now = app.now();
    user_roles::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        user_id: Set(demo_id("user", "nhf.coordinator@meander.dev")),
        role_id: Set(role),
        organization_id: Set(Some(demo_id("org", "nhf"))),
        local_association_id: Set(Some(demo_id("la", "bergen"))),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let kari = app.token("nhf.coordinator@meander.dev").await;
    let seen = contact_associations(&app, &kari).await;
    assert!(
        !seen.contains(&bergen),
        "the coordinator role widened to Bergen: {seen:?}"
    );
    assert!(
        seen.contains(&demo_id("la", "oslo").to_string()),
        "{seen:?}"
    );
}

// Needs the generic mutations of `graphql::model` (deleteRole, updateRole, the user_roles,
// role_permissions and memberships mutations) to call `ViewerCache::after_write` once committed.
#[tokio::test]
async fn deleting_a_role_drops_the_cached_viewers_of_its_holders() {
    use entity::user_roles;
    use sea_orm::{ActiveModelTrait, Set};

    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let created = app
        .gql(
            Some(&admin),
            CREATE,
            json!({ "i": { "key": "role_reader", "name": "Role reader",
                           "reach": "ORGANIZATION", "permissions": ["READ_ROLE_PERMISSIONS"] } }),
        )
        .await;
    assert!(created["errors"].is_null(), "{created}");
    let role = created["data"]["createRole"]["id"].clone();
    let now = app.now();
    user_roles::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        user_id: Set(demo_id("user", "nhf.mentor2@meander.dev")),
        role_id: Set(role.as_str().unwrap().parse().unwrap()),
        organization_id: Set(Some(demo_id("org", "nhf"))),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let mentor = app.token("nhf.mentor2@meander.dev").await;
    let permissions = |body: serde_json::Value| body["data"]["viewer"]["permissions"].to_string();
    let before = app
        .gql(Some(&mentor), "{ viewer { permissions } }", json!({}))
        .await;
    assert!(permissions(before).contains("READ_ROLE_PERMISSIONS"));
    let deleted = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { deleteRole(id: $id) { id } }",
            json!({ "id": role }),
        )
        .await;
    assert!(deleted["errors"].is_null(), "{deleted}");
    // Within the cache lifetime (30 s in tests), the holder's next request no longer has it.
    let after = app
        .gql(Some(&mentor), "{ viewer { permissions } }", json!({}))
        .await;
    assert!(!permissions(after).contains("READ_ROLE_PERMISSIONS"));
}
