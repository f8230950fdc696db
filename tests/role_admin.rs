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
