//! Apollo Federation v2 subgraph: `Query._entities` resolves every keyed type through the same
//! tenant- and row-scoped loaders as the by-id fields (a row outside the viewer's scope is null,
//! one statement per type however many representations), is bounded by the query limits, and
//! `Query._service { sdl }` is introspection: refused when introspection is off.
//! `tests/federation/run.sh` composes the subgraph with Apollo's own tooling.

use crate::common;

use common::{TestApp, error_code, statements};
use serde_json::{Value, json};
use uuid::Uuid;

/// The main keyed types: (type, by-id field, list field).
const TYPES: &[(&str, &str, &str)] = &[
    ("Organization", "organization", "organizations"),
    ("LocalAssociation", "localAssociation", "localAssociations"),
    ("User", "user", "users"),
    (
        "PeerMentorProfile",
        "peerMentorProfile",
        "peerMentorProfiles",
    ),
    ("Contact", "contact", "contacts"),
    ("Activity", "activity", "activities"),
    ("ActivityType", "activityType", "activityTypes"),
    ("Event", "event", "events"),
    ("Assignment", "assignment", "assignments"),
];

const ADMINS: &[&str] = &[
    "nhf.admin@meander.dev",
    "blind.admin@meander.dev",
    "hlf.admin@meander.dev",
];

const ENTITIES: &str = "query($r: [_Any!]!) { _entities(representations: $r) { __typename \
    ... on Organization { id } ... on LocalAssociation { id } ... on User { id } \
    ... on PeerMentorProfile { id } ... on Contact { id } ... on Activity { id } \
    ... on ActivityType { id } ... on Event { id } ... on Assignment { id } } }";

fn representations(ty: &str, ids: &[String]) -> Vec<Value> {
    ids.iter()
        .map(|id| json!({ "__typename": ty, "id": id }))
        .collect()
}

/// The id each entity resolved to, in order (None: null).
fn resolved(body: &Value) -> Vec<Option<String>> {
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["_entities"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["id"].as_str().map(str::to_string))
        .collect()
}

/// Up to three ids of `list` in each demo organization, as its admin sees them.
async fn ids_per_tenant(app: &TestApp, tokens: &[(&str, String)], list: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, token) in tokens {
        let q = format!("{{ {list}(first: 3) {{ nodes {{ id }} }} }}");
        let body = common::ok(app, token, &q, json!({})).await;
        for id in common::ids(&body[list]) {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

/// What the by-id field answers for each id (None: null), one aliased request.
async fn by_id(app: &TestApp, token: &str, field: &str, ids: &[String]) -> Vec<Option<String>> {
    let fields: String = ids
        .iter()
        .enumerate()
        .map(|(i, id)| format!("r{i}: {field}(id: \"{id}\") {{ id }} "))
        .collect();
    let body = common::ok(app, token, &format!("{{ {fields}}}"), json!({})).await;
    (0..ids.len())
        .map(|i| body[format!("r{i}")]["id"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn entities_resolve_exactly_as_the_by_id_fields_do() {
    let app = TestApp::spawn().await;
    let mut admins = Vec::new();
    for email in ADMINS {
        admins.push((*email, app.token(email).await));
    }
    // Viewers with different reaches: a whole organization, two local associations, own rows.
    let viewers = [
        "nhf.admin@meander.dev",
        "nhf.coordinator@meander.dev",
        "nhf.mentor2@meander.dev",
    ];
    let mut nulls_out_of_row_scope = 0;
    for (ty, one, list) in TYPES {
        let mut ids = ids_per_tenant(&app, &admins, list).await;
        let missing = Uuid::now_v7().to_string(); // no such row
        ids.push(missing.clone());
        // NHF's rows: all of them (a user can be a member of several organizations).
        let q = format!("{{ {list}(first: 100) {{ nodes {{ id }} }} }}");
        let nhf = common::ids(&common::ok(&app, &admins[0].1, &q, json!({})).await[*list]);
        let (own, foreign): (Vec<&String>, Vec<&String>) = ids
            .iter()
            .filter(|id| **id != missing)
            .partition(|id| nhf.contains(id));
        assert!(
            !own.is_empty() && !foreign.is_empty(),
            "the demo data has {ty} rows in and outside NHF"
        );
        for viewer in viewers {
            let token = app.token(viewer).await;
            let body = app
                .gql(
                    Some(&token),
                    ENTITIES,
                    json!({ "r": representations(ty, &ids) }),
                )
                .await;
            let entities = resolved(&body);
            assert_eq!(
                entities,
                by_id(&app, &token, one, &ids).await,
                "{ty} as {viewer}: _entities and {one}(id:) disagree"
            );
            for (id, got) in ids.iter().zip(&entities) {
                if foreign.contains(&id) || *id == missing {
                    assert_eq!(
                        *got, None,
                        "{ty} {id} of another tenant (or none) as {viewer}"
                    );
                } else if got.is_none() {
                    nulls_out_of_row_scope += 1;
                }
            }
            if viewer == "nhf.admin@meander.dev" {
                for (id, got) in ids.iter().zip(&entities) {
                    if own.contains(&id) {
                        assert_eq!(got.as_ref(), Some(id), "{ty} {id} of NHF as its admin");
                    }
                }
            }
            let typenames: Vec<&Value> = body["data"]["_entities"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| !e.is_null())
                .map(|e| &e["__typename"])
                .collect();
            assert!(typenames.iter().all(|t| *t == ty), "{body}");
        }
    }
    // The other tenants' rows were there to be refused, and the coordinator and the mentor were
    // refused rows of their own organization outside their local associations / own rows.
    assert!(nulls_out_of_row_scope > 0);
}

#[tokio::test]
async fn another_tenants_entity_is_null_and_own_one_is_not() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    let reps = json!([
        { "__typename": "User", "id": common::demo_id("user", "nhf.mentor@meander.dev") },
        { "__typename": "User", "id": common::demo_id("user", "blind.mentor@meander.dev") },
        { "__typename": "Organization", "id": common::demo_id("org", "nhf") },
        { "__typename": "Organization", "id": common::demo_id("org", "hlf") },
        { "__typename": "LocalAssociation", "id": common::demo_id("la", "oslo") },
        { "__typename": "LocalAssociation", "id": common::demo_id("la", "drammen") },
    ]);
    let q = "query($r: [_Any!]!) { _entities(representations: $r) { __typename \
        ... on User { id firstName } ... on Organization { id slug } ... on LocalAssociation { id name } } }";
    let body = app.gql(Some(&token), q, json!({ "r": reps })).await;
    assert!(body["errors"].is_null(), "{body}");
    let e = &body["data"]["_entities"];
    assert_eq!(e[0]["__typename"], "User");
    assert!(e[0]["firstName"].is_string(), "{body}");
    assert!(e[1].is_null(), "{body}");
    assert_eq!(e[2]["slug"], "nhf");
    assert!(e[3].is_null(), "{body}");
    assert!(e[4]["name"].is_string(), "{body}");
    assert!(e[5].is_null(), "{body}");
}

#[tokio::test]
async fn a_batch_of_representations_of_one_type_is_one_statement() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    app.gql(Some(&token), "{ __typename }", json!({})).await; // cache the viewer
    let mut admins = Vec::new();
    for email in ADMINS {
        admins.push((*email, app.token(email).await));
    }
    let mut users = ids_per_tenant(&app, &admins, "users").await;
    for _ in 0..20 {
        users.push(Uuid::now_v7().to_string());
    }
    let (one, h1) = app
        .gql_full(
            Some(&token),
            ENTITIES,
            json!({ "r": representations("User", &users[..1]) }),
        )
        .await;
    assert_eq!(resolved(&one).len(), 1);
    let (all, h) = app
        .gql_full(
            Some(&token),
            ENTITIES,
            json!({ "r": representations("User", &users) }),
        )
        .await;
    let got = resolved(&all);
    assert_eq!(got.len(), users.len());
    assert!(got.iter().any(Option::is_some) && got.iter().any(Option::is_none));
    assert_eq!(statements(&h1), 1);
    assert_eq!(statements(&h), 1, "{} User representations", users.len());

    // Several types: one statement each.
    let orgs =
        [common::demo_id("org", "nhf"), common::demo_id("org", "hlf")].map(|u| u.to_string());
    let las = [
        common::demo_id("la", "oslo"),
        common::demo_id("la", "bergen"),
    ]
    .map(|u| u.to_string());
    let mut mixed = representations("User", &users);
    mixed.extend(representations("Organization", &orgs));
    mixed.extend(representations("LocalAssociation", &las));
    let (body, h) = app
        .gql_full(Some(&token), ENTITIES, json!({ "r": mixed }))
        .await;
    assert_eq!(resolved(&body).len(), users.len() + 4);
    assert_eq!(statements(&h), 3);
}

#[tokio::test]
async fn anonymous_entities_are_refused_like_any_other_query() {
    let app = TestApp::spawn().await;
    let id = common::demo_id("user", "nhf.mentor@meander.dev");
    let reps = json!([{ "__typename": "User", "id": id }]);
    let body = app.gql(None, ENTITIES, json!({ "r": reps })).await;
    let by_id = app
        .gql(
            None,
            "query($id: UUID!) { user(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&by_id), "UNAUTHENTICATED", "{by_id}");
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");
    assert!(body["data"].is_null(), "{body}");
    assert!(!body.to_string().contains("Ola"), "{body}");
}

#[tokio::test]
async fn service_sdl_names_the_keys_and_matches_the_command_line() {
    let app = TestApp::spawn().await;
    let body = app.gql(None, "{ _service { sdl } }", json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    let sdl = body["data"]["_service"]["sdl"].as_str().unwrap();
    for (ty, _, _) in TYPES {
        assert!(
            sdl.contains(&format!("type {ty} @key(fields: \"id\")")),
            "{ty} has no @key in the subgraph SDL"
        );
    }
    assert!(sdl.contains("url: \"https://specs.apollo.dev/federation/v2.5\""));
    assert!(
        !sdl.contains("type Subscription"),
        "subscriptions are not federated"
    );
    assert_eq!(sdl, meander_gateway::graphql::federation_sdl());
}

#[tokio::test]
async fn service_sdl_is_refused_with_introspection_off() {
    let app = TestApp::spawn_with(|s| s.server.introspection = false).await;
    let token = app.token("nhf.admin@meander.dev").await;
    for q in [
        "{ _service { sdl } }",
        "{ ...F } fragment F on Query { _service { sdl } }",
    ] {
        let body = app.gql(Some(&token), q, json!({})).await;
        assert_eq!(error_code(&body), "GRAPHQL_VALIDATION_FAILED", "{body}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("introspection is disabled"), "{body}");
        assert!(body["data"].is_null(), "{body}");
        assert!(!body.to_string().contains("@key"), "{body}");
    }
    // Entities themselves still resolve: they are data, not the schema.
    let reps = json!([{ "__typename": "Organization", "id": common::demo_id("org", "nhf") }]);
    let body = app.gql(Some(&token), ENTITIES, json!({ "r": reps })).await;
    assert_eq!(resolved(&body).len(), 1);
    assert!(body["data"]["_entities"][0]["id"].is_string(), "{body}");
}

#[tokio::test]
async fn oversized_representation_lists_are_refused_by_the_complexity_limit() {
    let app = TestApp::spawn_with(|s| s.limits.max_complexity = 100).await;
    let token = app.token("nhf.admin@meander.dev").await;
    app.gql(Some(&token), "{ __typename }", json!({})).await;
    let q = "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }";
    let ids: Vec<String> = (0..100).map(|_| Uuid::now_v7().to_string()).collect();
    // Each representation costs at least 1, whatever is selected: 100 × 1 + 1.
    let (body, h) = app
        .gql_full(
            Some(&token),
            q,
            json!({ "r": representations("User", &ids) }),
        )
        .await;
    assert_eq!(error_code(&body), "QUERY_TOO_COMPLEX", "{body}");
    let ext = &body["errors"][0]["extensions"];
    assert_eq!(ext["limit"], "limits.max_complexity");
    assert_eq!(
        (ext["max"].as_u64(), ext["actual"].as_u64()),
        (Some(100), Some(101))
    );
    assert!(body["data"].is_null(), "{body}");
    assert_eq!(statements(&h), 0);
    let typename_only = "query($r: [_Any!]!) { _entities(representations: $r) { __typename } }";
    let body = app
        .gql(
            Some(&token),
            typename_only,
            json!({ "r": representations("User", &ids) }),
        )
        .await;
    assert_eq!(body["errors"][0]["extensions"]["actual"], 101, "{body}");
    // One fewer is within the limit.
    let (body, h) = app
        .gql_full(
            Some(&token),
            q,
            json!({ "r": representations("User", &ids[..99]) }),
        )
        .await;
    assert_eq!(resolved(&body).len(), 99);
    assert_eq!(statements(&h), 1);

    // A literal list counts the same, and the default limit refuses a huge list.
    let literal = format!(
        "{{ _entities(representations: [{}]) {{ ... on User {{ id }} }} }}",
        ids.iter()
            .map(|id| format!("{{ __typename: \"User\", id: \"{id}\" }}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let body = app.gql(Some(&token), &literal, json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["actual"], 101, "{body}");
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    let huge: Vec<String> = (0..10_000).map(|_| Uuid::now_v7().to_string()).collect();
    let body = app
        .gql(
            Some(&token),
            q,
            json!({ "r": representations("User", &huge) }),
        )
        .await;
    assert_eq!(error_code(&body), "QUERY_TOO_COMPLEX", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["limit"],
        "limits.max_complexity"
    );
}

#[tokio::test]
async fn malformed_representations_are_refused_with_the_reason() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    app.gql(Some(&token), "{ __typename }", json!({})).await;
    let good = json!({ "__typename": "User", "id": Uuid::now_v7() });
    for (bad, reason) in [
        (
            json!({ "__typename": "Nope", "id": Uuid::now_v7() }),
            "`Nope` is not an entity type",
        ),
        (
            json!({ "__typename": "PageInfo", "id": Uuid::now_v7() }),
            "`PageInfo` is not an entity type",
        ),
        (
            json!({ "__typename": "User", "id": "42" }),
            "`User.id` is not a UUID",
        ),
        (
            json!({ "__typename": "User" }),
            "`User` needs its key field `id`",
        ),
        (
            json!({ "id": Uuid::now_v7() }),
            "has no `__typename` string",
        ),
        (json!("User"), "is not an object"),
    ] {
        let (body, h) = app
            .gql_full(
                Some(&token),
                ENTITIES,
                json!({ "r": [good.clone(), bad.clone(), bad] }),
            )
            .await;
        assert_eq!(error_code(&body), "GRAPHQL_VALIDATION_FAILED", "{body}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.starts_with("`_entities` representation [1]: ") && message.contains(reason),
            "{body}"
        );
        assert!(message.ends_with("(and 1 more after it)"), "{body}");
        assert!(body["data"].is_null(), "{body}");
        assert_eq!(statements(&h), 0);
    }
}
