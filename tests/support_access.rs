//! Support access: global admins read a tenant's operational data only under an active grant
//! from that tenant's admin, read-only, every request audited; revocation ends it at once.

use crate::common;

use common::{TestApp, demo_id, error_code};
use serde_json::json;

const LAS: &str = "{ localAssociations(first: 50) { totalCount nodes { organizationId } } }";

#[tokio::test]
async fn global_admin_reads_tenant_data_only_under_an_active_grant_and_only_reads() {
    let app = TestApp::spawn().await;
    let global = app.token("admin@meander.dev").await;
    let body = app.gql(Some(&global), LAS, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    // The demo data has an active grant at Blindeforbundet (2 local associations), an expired
    // one at NHF and a revoked one at HLF: only the active one opens anything.
    assert_eq!(body["data"]["localAssociations"]["totalCount"], 2, "{body}");
    for n in body["data"]["localAssociations"]["nodes"]
        .as_array()
        .unwrap()
    {
        assert_eq!(
            n["organizationId"],
            json!(demo_id("org", "blindeforbundet"))
        );
    }

    let nhf = app.token("nhf.admin@meander.dev").await;
    let grant = app
        .gql(
            Some(&nhf),
            "mutation { grantSupportAccess(input: {reason: \"Ticket: sync fails\", hours: 2}) { id expiresAt } }",
            json!({}),
        )
        .await;
    assert!(grant["errors"].is_null(), "{grant}");
    let grant_id = grant["data"]["grantSupportAccess"]["id"].clone();

    let body = app.gql(Some(&global), LAS, json!({})).await;
    assert_eq!(body["data"]["localAssociations"]["totalCount"], 6, "{body}");
    let nhf_rows = body["data"]["localAssociations"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["organizationId"] == json!(demo_id("org", "nhf")))
        .count();
    assert_eq!(nhf_rows, 4, "the granting tenant's rows, and HLF's none");
    // Read-only: no update through the grant.
    let body = app
        .gql(
            Some(&global),
            "mutation($id: UUID!) { updateLocalAssociation(id: $id, input: {name: \"Support was here\"}) { id } }",
            json!({ "id": demo_id("la", "oslo") }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");

    // The tenant sees each support request in its audit log.
    let audit = app
        .gql(
            Some(&nhf),
            "{ auditEvents(filter: {action: {eq: \"SUPPORT_ACCESS_READ\"}}) { totalCount nodes { actor { firstName } } } }",
            json!({}),
        )
        .await;
    assert!(
        audit["data"]["auditEvents"]["totalCount"].as_i64().unwrap() >= 2,
        "{audit}"
    );

    // Revocation ends access immediately.
    let body = app
        .gql(
            Some(&nhf),
            "mutation($id: UUID!) { revokeSupportAccess(id: $id, reason: \"done\") { revokedAt } }",
            json!({ "id": grant_id }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let body = app.gql(Some(&global), LAS, json!({})).await;
    assert_eq!(body["data"]["localAssociations"]["totalCount"], 2);
}

#[tokio::test]
async fn only_org_admins_grant_and_only_to_platform_support() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            "mutation { grantSupportAccess(input: {reason: \"x\", hours: 1}) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");
    let nhf = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&nhf),
            "mutation($u: UUID!) { grantSupportAccess(input: {reason: \"x\", hours: 1, grantedToUserId: $u}) { id } }",
            json!({ "u": demo_id("user", "hlf.admin@meander.dev") }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["rule"],
        "support_grantee_platform_admin"
    );
    let body = app
        .gql(
            Some(&nhf),
            "mutation { grantSupportAccess(input: {reason: \"x\", hours: 500}) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["rule"],
        "support_grant_duration_range"
    );
}

#[tokio::test]
async fn support_access_policy_disabled_refuses_grants_and_honours_none() {
    use entity::organization_settings as settings;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

    let app = TestApp::spawn().await;
    let disable = |org: &str| {
        settings::Entity::update_many()
            .col_expr(
                settings::Column::SupportAccessPolicy,
                Expr::value(settings::SupportAccessPolicy::Disabled),
            )
            .filter(settings::Column::OrganizationId.eq(demo_id("org", org)))
            .exec(&app.db)
    };
    // Blindeforbundet's active demo grant stops counting once it disables support access.
    disable("blindeforbundet").await.unwrap();
    let global = app.token("admin@meander.dev").await;
    let body = app.gql(Some(&global), LAS, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(body["data"]["localAssociations"]["totalCount"], 0, "{body}");

    // And an organization that disabled it cannot grant it.
    disable("nhf").await.unwrap();
    let nhf = app.token("nhf.admin@meander.dev").await;
    let grant = app
        .gql(
            Some(&nhf),
            "mutation { grantSupportAccess(input: {reason: \"Ticket 7\", hours: 2}) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&grant), "FORBIDDEN", "{grant}");
    assert_eq!(
        grant["errors"][0]["extensions"]["rule"],
        "support_access_policy_disabled"
    );
}

/// The support-read audit is part of the answer: when its event cannot be written (here a
/// trigger refuses it), the tenant's rows are not returned.
#[tokio::test]
async fn a_support_read_whose_audit_cannot_be_written_is_not_answered() {
    use sea_orm::{ConnectionTrait, DatabaseBackend};
    let app = TestApp::spawn().await;
    let nhf = app.token("nhf.admin@meander.dev").await;
    let grant = app
        .gql(
            Some(&nhf),
            "mutation { grantSupportAccess(input: {reason: \"Ticket: audit\", hours: 2}) { id } }",
            json!({}),
        )
        .await;
    assert!(grant["errors"].is_null(), "{grant}");
    let refuse = match app.db.get_database_backend() {
        DatabaseBackend::Postgres => {
            "CREATE FUNCTION refuse_support_reads() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN IF NEW.action = 'SUPPORT_ACCESS_READ' THEN RAISE EXCEPTION 'refused'; END IF; \
             RETURN NEW; END $$; \
             CREATE TRIGGER refuse_support_reads BEFORE INSERT ON audit_events \
             FOR EACH ROW EXECUTE FUNCTION refuse_support_reads();"
        }
        _ => {
            "CREATE TRIGGER refuse_support_reads BEFORE INSERT ON audit_events \
             WHEN NEW.action = 'SUPPORT_ACCESS_READ' BEGIN SELECT RAISE(ABORT, 'refused'); END;"
        }
    };
    app.db.execute_unprepared(refuse).await.unwrap();

    let global = app.token("admin@meander.dev").await;
    let body = app.gql(Some(&global), LAS, json!({})).await;
    assert!(body["data"].is_null(), "{body}");
    assert_eq!(error_code(&body), "INTERNAL", "{body}");
    assert!(
        !body
            .to_string()
            .contains(&demo_id("org", "nhf").to_string()),
        "{body}"
    );
}
