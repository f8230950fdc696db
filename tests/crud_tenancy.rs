//! Generic CRUD through GraphQL on the tenancy tables: create/read/update/list/paginate/delete
//! round trips, tenant and owner set by the server, reference checks, validation rules,
//! append-only and platform-row protections, and the audit trail of every write.

use crate::common;

use common::{TestApp, demo_id, error_code};
use serde_json::{Value, json};

const CREATE_LA: &str = "mutation($i: CreateLocalAssociationInput!) { createLocalAssociation(input: $i) { id organizationId name code isActive createdById region { name } } }";

fn rule(body: &Value) -> (&str, &str) {
    let ext = &body["errors"][0]["extensions"];
    (
        ext["field"].as_str().unwrap_or(""),
        ext["rule"].as_str().unwrap_or(""),
    )
}

#[tokio::test]
async fn local_association_round_trip_create_read_update_list_paginate_delete() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let mut ids = Vec::new();
    for (name, code) in [("Asker", "ASK"), ("Hamar", "HAM"), ("Lillestrøm", "LIL")] {
        let body = app
            .gql(
                Some(&admin),
                CREATE_LA,
                json!({ "i": { "name": name, "code": code, "regionId": demo_id("region", "ost") } }),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
        let la = &body["data"]["createLocalAssociation"];
        // Tenant and author come from the viewer, not the input.
        assert_eq!(la["organizationId"], json!(demo_id("org", "nhf")));
        assert_eq!(
            la["createdById"],
            json!(demo_id("user", "nhf.admin@meander.dev"))
        );
        assert_eq!(la["isActive"], true);
        assert_eq!(la["region"]["name"], "Region Øst");
        ids.push(la["id"].as_str().unwrap().to_string());
    }

    // Read back by id.
    let q = "query($id: UUID!) { localAssociation(id: $id) { name code } }";
    let body = app.gql(Some(&admin), q, json!({ "id": ids[1] })).await;
    assert_eq!(body["data"]["localAssociation"]["name"], "Hamar");

    // Update: omitted fields stay, null clears an optional field.
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!, $i: UpdateLocalAssociationInput!) { updateLocalAssociation(id: $id, input: $i) { name code municipality } }",
            json!({ "id": ids[1], "i": { "municipality": "Hamar kommune", "code": null } }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let la = &body["data"]["updateLocalAssociation"];
    assert_eq!(
        (
            la["name"].as_str(),
            la["code"].as_str(),
            la["municipality"].as_str()
        ),
        (Some("Hamar"), None, Some("Hamar kommune"))
    );

    // List with a filter and an ordering, forwards then backwards by cursor.
    let list = "query($after: String, $before: String, $first: Int, $last: Int) { localAssociations(first: $first, after: $after, last: $last, before: $before, filter: {code: {isNull: false}, name: {in: [\"Asker\", \"Hamar\", \"Lillestrøm\", \"NHF Oslo\"]}}, orderBy: {field: NAME, direction: DESC}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { name } } }";
    let page1 = app.gql(Some(&admin), list, json!({ "first": 2 })).await;
    assert!(page1["errors"].is_null(), "{page1}");
    let conn = &page1["data"]["localAssociations"];
    assert_eq!(conn["totalCount"], 3); // Hamar lost its code
    assert_eq!(
        conn["nodes"],
        json!([{ "name": "NHF Oslo" }, { "name": "Lillestrøm" }])
    );
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    let page2 = app
        .gql(
            Some(&admin),
            list,
            json!({ "first": 2, "after": conn["pageInfo"]["endCursor"] }),
        )
        .await;
    assert_eq!(
        page2["data"]["localAssociations"]["nodes"],
        json!([{ "name": "Asker" }])
    );
    let back = app
        .gql(
            Some(&admin),
            list,
            json!({ "last": 1, "before": page2["data"]["localAssociations"]["pageInfo"]["startCursor"] }),
        )
        .await;
    assert_eq!(
        back["data"]["localAssociations"]["nodes"],
        json!([{ "name": "Lillestrøm" }])
    );

    // Delete, then the row is gone for every read path.
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { deleteLocalAssociation(id: $id) { name } }",
            json!({ "id": ids[0] }),
        )
        .await;
    assert_eq!(body["data"]["deleteLocalAssociation"]["name"], "Asker");
    let body = app.gql(Some(&admin), q, json!({ "id": ids[0] })).await;
    assert!(
        body["errors"].is_null() && body["data"]["localAssociation"].is_null(),
        "{body}"
    );
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { deleteLocalAssociation(id: $id) { name } }",
            json!({ "id": ids[0] }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND");
}

#[tokio::test]
async fn every_write_is_audited_with_the_changed_columns() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(Some(&admin), CREATE_LA, json!({ "i": { "name": "Moss" } }))
        .await;
    let id = body["data"]["createLocalAssociation"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.gql(
        Some(&admin),
        "mutation($id: UUID!) { updateLocalAssociation(id: $id, input: {county: \"Østfold\"}) { id } }",
        json!({ "id": id }),
    )
    .await;
    let body = app
        .gql(
            Some(&admin),
            "query($id: UUID!) { auditEvents(filter: {entityId: {eq: $id}}, orderBy: {field: SEQUENCE}) { nodes { action details actor { firstName } } } verifyAuditChain { intact } }",
            json!({ "id": id }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let events = body["data"]["auditEvents"]["nodes"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["action"], "CREATE_LOCAL_ASSOCIATIONS");
    assert_eq!(events[1]["action"], "UPDATE_LOCAL_ASSOCIATIONS");
    assert_eq!(events[1]["details"]["columns"], json!(["county"]));
    assert_eq!(body["data"]["verifyAuditChain"]["intact"], true);
}

#[tokio::test]
async fn foreign_keys_must_name_rows_in_scope() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    // A region that does not exist and a region of another tenant get the same answer.
    for region in [uuid::Uuid::new_v4(), demo_id("region", "does-not-exist")] {
        let body = app
            .gql(
                Some(&admin),
                CREATE_LA,
                json!({ "i": { "name": "X", "regionId": region } }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(rule(&body), ("regionId", "reference_in_scope"));
    }
    // HLF's admin cannot attach a local association to NHF's region.
    let hlf = app.token("hlf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&hlf),
            CREATE_LA,
            json!({ "i": { "name": "X", "regionId": demo_id("region", "ost") } }),
        )
        .await;
    assert_eq!(rule(&body), ("regionId", "reference_in_scope"));
    let count = app
        .gql(
            Some(&hlf),
            "{ localAssociations(filter: {name: {eq: \"X\"}}) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        count["data"]["localAssociations"]["totalCount"], 0,
        "nothing half-written"
    );
}

#[tokio::test]
async fn validation_rules_answer_bad_user_input_with_field_and_rule() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(Some(&admin), CREATE_LA, json!({ "i": { "name": "   " } }))
        .await;
    assert_eq!(rule(&body), ("name", "required_fields"));
    let body = app
        .gql(
            Some(&admin),
            CREATE_LA,
            json!({ "i": { "name": "x".repeat(201) } }),
        )
        .await;
    assert_eq!(rule(&body), ("name", "name_length"));
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updateOrganizationSetting(id: $id, input: {defaultActivityDurationMinutes: 0}) { id } }",
            json!({ "id": demo_id("settings", "nhf") }),
        )
        .await;
    assert_eq!(
        rule(&body),
        ("defaultActivityDurationMinutes", "duration_range")
    );
}

#[tokio::test]
async fn other_tenants_rows_cannot_be_updated_or_deleted_and_answer_not_found() {
    let app = TestApp::spawn().await;
    let hlf = app.token("hlf.admin@meander.dev").await;
    for m in [
        "mutation($id: UUID!) { updateLocalAssociation(id: $id, input: {name: \"Taken\"}) { id } }",
        "mutation($id: UUID!) { deleteLocalAssociation(id: $id) { id } }",
    ] {
        let body = app
            .gql(Some(&hlf), m, json!({ "id": demo_id("la", "oslo") }))
            .await;
        assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    }
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "query($id: UUID!) { localAssociation(id: $id) { name } }",
            json!({ "id": demo_id("la", "oslo") }),
        )
        .await;
    assert_eq!(body["data"]["localAssociation"]["name"], "NHF Oslo");
}

#[tokio::test]
async fn roles_without_the_permission_are_refused_and_read_only_rows_stay_read_only() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            CREATE_LA,
            json!({ "i": { "name": "Nope" } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // A coordinator can read a local association but not change it.
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($id: UUID!) { updateLocalAssociation(id: $id, input: {name: \"Mine\"}) { id } }",
            json!({ "id": demo_id("la", "oslo") }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // System roles are shared by every tenant: an org admin reads them but cannot change them.
    let admin = app.token("nhf.admin@meander.dev").await;
    let roles = app
        .gql(
            Some(&admin),
            "{ roles(filter: {key: {eq: \"coordinator\"}}) { nodes { id isSystem } } }",
            json!({}),
        )
        .await;
    let id = roles["data"]["roles"]["nodes"][0]["id"].clone();
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updateRole(id: $id, input: {name: \"Boss\"}) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert!(
        matches!(error_code(&body), "FORBIDDEN" | "NOT_FOUND"),
        "{body}"
    );
}

#[tokio::test]
async fn peer_mentor_creates_own_preferences_owner_taken_from_the_token() {
    let app = TestApp::spawn().await;
    let mentor = app.token("nhf.mentor2@meander.dev").await;
    let body = app
        .gql(
            Some(&mentor),
            "mutation { createThemeConfig(input: {fontScale: 1.5, contrastTheme: HIGH_CONTRAST}) { userId organizationId fontScale user { firstName } } }",
            json!({}),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let t = &body["data"]["createThemeConfig"];
    assert_eq!(
        t["userId"],
        json!(demo_id("user", "nhf.mentor2@meander.dev"))
    );
    assert_eq!(t["fontScale"], 1.5);
    let body = app
        .gql(
            Some(&mentor),
            "mutation { createThemeConfig(input: {fontScale: 3.0}) { userId } }",
            json!({}),
        )
        .await;
    assert_eq!(rule(&body), ("fontScale", "font_scale_range"));
}
