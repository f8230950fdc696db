//! The audit log is hash-chained per organization: intact after normal use, broken by tampering.

use crate::common;

use common::{TestApp, demo_id};
use meander_gateway::audit::verify_chain;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr};
use serde_json::json;

#[tokio::test]
async fn security_events_are_chained_and_tampering_is_detected() {
    let app = TestApp::spawn().await;
    let nhf = demo_id("org", "nhf");
    for email in [
        "nhf.admin@meander.dev",
        "nhf.coordinator@meander.dev",
        "nhf.mentor2@meander.dev",
    ] {
        app.token(email).await;
    }
    // A failed login is recorded too (as a platform event: the org is not trusted input).
    app.gql(
        None,
        "mutation { login(input: {email: \"nhf.admin@meander.dev\", password: \"x\"}) { accessToken } }",
        json!({}),
    )
    .await;
    let report = verify_chain(&app.db, Some(nhf)).await.unwrap();
    assert_eq!(report.events, 3);
    assert_eq!(report.first_broken_sequence, None);
    let platform = verify_chain(&app.db, None).await.unwrap();
    assert!(platform.events >= 1);
    assert_eq!(platform.first_broken_sequence, None);

    let second = entity::audit_events::Entity::find()
        .filter(entity::audit_events::Column::OrganizationId.eq(nhf))
        .order_by_asc(entity::audit_events::Column::Sequence)
        .all(&app.db)
        .await
        .unwrap()[1]
        .clone();
    entity::audit_events::Entity::update_many()
        .col_expr(
            entity::audit_events::Column::Action,
            Expr::value("auth.logout"),
        )
        .filter(entity::audit_events::Column::Id.eq(second.id))
        .exec(&app.db)
        .await
        .unwrap();
    let report = verify_chain(&app.db, Some(nhf)).await.unwrap();
    assert_eq!(report.first_broken_sequence, Some(2));
}

#[tokio::test]
async fn org_admins_verify_their_chain_and_others_are_forbidden() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "{ verifyAuditChain { events intact firstBrokenSequence } }",
            json!({}),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(body["data"]["verifyAuditChain"]["intact"], true);
    assert_eq!(body["data"]["verifyAuditChain"]["events"], 1);
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            "{ verifyAuditChain { intact } }",
            json!({}),
        )
        .await;
    assert_eq!(common::error_code(&body), "FORBIDDEN");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writes_in_one_organization_all_land_in_one_unbroken_chain() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let (client, base, token) = (app.client.clone(), app.base.clone(), admin.clone());
        tasks.push(tokio::spawn(async move {
            let body: serde_json::Value = client
                .post(format!("{base}/graphql"))
                .bearer_auth(token)
                .json(&json!({
                    "query": "mutation($i: CreateOrgLabelInput!) { createOrgLabel(input: $i) { id } }",
                    "variables": { "i": { "labelKey": format!("concurrent_label_{i}"), "value": "x" } }
                }))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            body
        }));
    }
    for t in tasks {
        let body = t.await.unwrap();
        assert!(body["errors"].is_null(), "{body}");
    }
    let body = app
        .gql(
            Some(&admin),
            "{ verifyAuditChain { events intact } }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["verifyAuditChain"]["intact"], true, "{body}");
}
