//! Row scopes through the generic entity queries: tenant isolation, coordinator local
//! associations, peer mentor own rows, no existence leaks, counts and cursors in scope.

use crate::common;

use common::{TestApp, demo_id, error_code, statements};
use serde_json::{Value, json};

fn names(conn: &Value, field: &str) -> Vec<String> {
    conn["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n[field].as_str().unwrap().to_string())
        .collect()
}

const USERS: &str = "query($f: UserFilter) { users(first: 50, filter: $f, orderBy: {field: LAST_NAME}) { totalCount nodes { firstName lastName } } }";

#[tokio::test]
async fn coordinator_sees_only_members_of_their_local_associations() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.coordinator@meander.dev").await;
    let body = app.gql(Some(&token), USERS, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    let mut seen = names(&body["data"]["users"], "firstName");
    seen.sort();
    assert_eq!(seen, vec!["Ingrid", "Kari", "Ola"]);
    assert_eq!(body["data"]["users"]["totalCount"], 3);
}

#[tokio::test]
async fn peer_mentor_sees_only_themself_and_org_admin_the_whole_org() {
    let app = TestApp::spawn().await;
    let mentor = app.token("nhf.mentor2@meander.dev").await;
    let body = app.gql(Some(&mentor), USERS, json!({})).await;
    assert_eq!(names(&body["data"]["users"], "firstName"), vec!["Ingrid"]);
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app.gql(Some(&admin), USERS, json!({})).await;
    assert_eq!(body["data"]["users"]["totalCount"], 6, "{body}");
}

#[tokio::test]
async fn another_tenants_row_by_id_is_null_not_forbidden() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    let q = "query($u: UUID!, $o: UUID!, $l: UUID!) { user(id: $u) { id } organization(id: $o) { id } localAssociation(id: $l) { id } }";
    let body = app
        .gql(
            Some(&token),
            q,
            json!({ "u": demo_id("user", "blind.mentor@meander.dev"), "o": demo_id("org", "hlf"), "l": demo_id("la", "drammen") }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    assert!(body["data"]["user"].is_null());
    assert!(body["data"]["organization"].is_null());
    assert!(body["data"]["localAssociation"].is_null());
    // The same fields answer for rows in scope.
    let own = app
        .gql(
            Some(&token),
            q,
            json!({ "u": demo_id("user", "nhf.mentor@meander.dev"), "o": demo_id("org", "nhf"), "l": demo_id("la", "oslo") }),
        )
        .await;
    assert!(
        !own["data"]["user"].is_null()
            && !own["data"]["organization"].is_null()
            && !own["data"]["localAssociation"].is_null()
    );
}

#[tokio::test]
async fn filters_on_foreign_ids_find_nothing_and_count_nothing() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    let q = "query($f: LocalAssociationFilter) { localAssociations(filter: $f) { totalCount nodes { id } } }";
    let body = app
        .gql(
            Some(&token),
            q,
            json!({ "f": { "organizationId": { "eq": demo_id("org", "hlf") } } }),
        )
        .await;
    assert_eq!(body["data"]["localAssociations"]["totalCount"], 0, "{body}");
    let body = app
        .gql(
            Some(&token),
            USERS,
            json!({ "f": { "id": { "eq": demo_id("user", "hlf.admin@meander.dev") } } }),
        )
        .await;
    assert_eq!(body["data"]["users"]["totalCount"], 0, "{body}");
}

#[tokio::test]
async fn a_coordinator_of_another_association_cannot_see_the_member() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.coordinator.bergen@meander.dev").await;
    let body = app
        .gql(
            Some(&token),
            "query($u: UUID!) { user(id: $u) { id } }",
            json!({ "u": demo_id("user", "nhf.mentor@meander.dev") }),
        )
        .await;
    assert!(body["data"]["user"].is_null(), "{body}");
    let body = app.gql(Some(&token), USERS, json!({})).await;
    let mut seen = names(&body["data"]["users"], "firstName");
    seen.sort();
    assert_eq!(seen, vec!["Bjørn", "Lars"]);
}

#[tokio::test]
async fn coordinator_email_rule_allows_members_of_the_same_association() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&token),
            "query($u: UUID!) { user(id: $u) { email } }",
            json!({ "u": demo_id("user", "nhf.mentor2@meander.dev") }),
        )
        .await;
    assert_eq!(
        body["data"]["user"]["email"], "nhf.mentor2@meander.dev",
        "{body}"
    );
}

#[tokio::test]
async fn every_viewer_sees_only_their_own_organization() {
    let app = TestApp::spawn().await;
    let token = app.token("hlf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&token),
            "{ organizations { totalCount nodes { slug } } }",
            json!({}),
        )
        .await;
    assert_eq!(names(&body["data"]["organizations"], "slug"), vec!["hlf"]);
    let admin = app.token("admin@meander.dev").await;
    let body = app
        .gql(Some(&admin), "{ organizations { totalCount } }", json!({}))
        .await;
    assert_eq!(body["data"]["organizations"]["totalCount"], 3, "{body}");
}

#[tokio::test]
async fn a_missing_permission_is_forbidden_for_the_whole_list() {
    let app = TestApp::spawn().await;
    // Peer mentors hold no READ_AUDIT_EVENTS: the whole list is refused, not emptied.
    let mentor = app.token("nhf.mentor2@meander.dev").await;
    let body = app
        .gql(Some(&mentor), "{ auditEvents { nodes { id } } }", json!({}))
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn cursor_pagination_walks_both_directions() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    let q = "query($first: Int, $after: String, $last: Int, $before: String) {
        localAssociations(first: $first, after: $after, last: $last, before: $before, orderBy: {field: NAME}) {
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { name } } }";
    let p1 = app.gql(Some(&token), q, json!({ "first": 2 })).await;
    let c = &p1["data"]["localAssociations"];
    assert_eq!(names(c, "name"), vec!["NHF Bergen", "NHF Bærum"]);
    assert_eq!(c["pageInfo"]["hasNextPage"], true);
    let p2 = app
        .gql(
            Some(&token),
            q,
            json!({ "first": 2, "after": c["pageInfo"]["endCursor"] }),
        )
        .await;
    let c2 = &p2["data"]["localAssociations"];
    assert_eq!(names(c2, "name"), vec!["NHF Oslo", "NHF Stavanger"]);
    assert_eq!(c2["pageInfo"]["hasNextPage"], false);
    assert_eq!(c2["pageInfo"]["hasPreviousPage"], true);
    let back = app
        .gql(
            Some(&token),
            q,
            json!({ "last": 1, "before": c2["pageInfo"]["startCursor"] }),
        )
        .await;
    let cb = &back["data"]["localAssociations"];
    assert_eq!(names(cb, "name"), vec!["NHF Bærum"]);
    assert_eq!(cb["pageInfo"]["hasPreviousPage"], true);
    let tail = app.gql(Some(&token), q, json!({ "last": 3 })).await;
    assert_eq!(
        names(&tail["data"]["localAssociations"], "name"),
        vec!["NHF Bærum", "NHF Oslo", "NHF Stavanger"]
    );
}

#[tokio::test]
async fn a_cursor_from_another_tenant_is_no_boundary() {
    let app = TestApp::spawn().await;
    let hlf = app.token("hlf.admin@meander.dev").await;
    let q = "query($after: String) { localAssociations(first: 1, after: $after) { pageInfo { endCursor } nodes { name } } }";
    let foreign = app.gql(Some(&hlf), q, json!({})).await["data"]["localAssociations"]["pageInfo"]
        ["endCursor"]
        .clone();
    let nhf = app.token("nhf.admin@meander.dev").await;
    let body = app.gql(Some(&nhf), q, json!({ "after": foreign })).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["rule"], "cursor_stale");
}

#[tokio::test]
async fn page_size_is_bounded_by_configuration() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&token),
            "{ users(first: 1000) { nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["rule"], "page_size_range");
    assert_eq!(body["errors"][0]["extensions"]["field"], "first");
}

#[tokio::test]
async fn total_count_costs_a_query_only_when_asked() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    app.gql(Some(&token), "{ __typename }", json!({})).await; // resolve and cache the viewer
    let (_, without) = app
        .gql_full(Some(&token), "{ users { nodes { id } } }", json!({}))
        .await;
    let (_, with) = app
        .gql_full(
            Some(&token),
            "{ users { totalCount nodes { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(statements(&without), 1);
    assert_eq!(statements(&with), 2);
}

#[tokio::test]
async fn a_foreign_row_planted_behind_an_own_relation_resolves_to_null() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let app = TestApp::spawn().await;
    // Corrupt data on purpose: an NHF activity whose contact is one of HLF's.
    let foreign = entity::contacts::Entity::find()
        .filter(entity::contacts::Column::OrganizationId.eq(demo_id("org", "hlf")))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let activity = demo_id("activity", "nhf:telefon-oppfolging");
    entity::activities::Entity::update_many()
        .col_expr(
            entity::activities::Column::ContactId,
            Expr::value(foreign.id),
        )
        .filter(entity::activities::Column::Id.eq(activity))
        .exec(&app.db)
        .await
        .unwrap();
    for login in ["nhf.admin@meander.dev", "nhf.mentor@meander.dev"] {
        let token = app.token(login).await;
        let body = app
            .gql(
                Some(&token),
                "query($id: UUID!) { activity(id: $id) { id contactId contact { id firstName } } }",
                json!({ "id": activity }),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
        let a = &body["data"]["activity"];
        assert_eq!(a["id"], json!(activity), "{login}");
        assert!(a["contact"].is_null(), "{login} reached {}", a["contact"]);
        // Filtering on the foreign id finds it neither.
        let body = app
            .gql(
                Some(&token),
                "query($c: UUID!) { contacts(filter: { id: { eq: $c } }) { totalCount } }",
                json!({ "c": foreign.id }),
            )
            .await;
        assert_eq!(body["data"]["contacts"]["totalCount"], 0, "{body}");
    }
}

#[tokio::test]
async fn creates_cannot_name_a_foreign_organization_or_its_rows() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    // The organization is never an input: it comes from the session.
    let body = app
        .gql(
            Some(&token),
            "mutation($o: UUID!, $l: UUID!) { createContact(input: { organizationId: $o, localAssociationId: $l, firstName: \"A\", lastName: \"B\" }) { id } }",
            json!({ "o": demo_id("org", "hlf"), "l": demo_id("la", "oslo") }),
        )
        .await;
    assert!(!body["errors"].is_null(), "{body}");
    assert!(body["data"].is_null() || body["data"]["createContact"].is_null());
    // A foreign local association is a reference out of scope.
    let body = app
        .gql(
            Some(&token),
            "mutation($l: UUID!) { createContact(input: { localAssociationId: $l, firstName: \"A\", lastName: \"B\" }) { id } }",
            json!({ "l": demo_id("la", "drammen") }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["rule"],
        "reference_in_scope"
    );
    // The same input with an own association lands in the admin's organization.
    let body = app
        .gql(
            Some(&token),
            "mutation($l: UUID!) { createContact(input: { localAssociationId: $l, firstName: \"A\", lastName: \"B\" }) { organizationId } }",
            json!({ "l": demo_id("la", "oslo") }),
        )
        .await;
    assert_eq!(
        body["data"]["createContact"]["organizationId"],
        json!(demo_id("org", "nhf")),
        "{body}"
    );
}
