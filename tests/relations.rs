//! Relations go both ways: every to-one relation field (`Activity.peerMentor`) has a to-many
//! inverse on its target (`User.activities`), one per foreign key, except the tenant
//! (`Organization`, whose rows nearly every table points to). The inverse reads the same rows as
//! the root connection filtered on the foreign key, in the viewer's scope.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use common::{TestApp, demo_id, ok};
use serde_json::{Value, json};

const TYPES: &str = "{ __schema { types { name kind fields {
    name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }";

/// The named type under any NON_NULL / LIST wrappers: (kind, name).
fn named(t: &Value) -> (String, String) {
    let mut t = t;
    while t["name"].is_null() && !t["ofType"].is_null() {
        t = &t["ofType"];
    }
    (
        t["kind"].as_str().unwrap_or("").to_string(),
        t["name"].as_str().unwrap_or("").to_string(),
    )
}

#[tokio::test]
async fn every_to_one_relation_has_a_to_many_inverse_except_the_tenant() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    let data = ok(&app, &token, TYPES, json!({})).await;
    let types = data["__schema"]["types"].as_array().expect("types");
    let names: BTreeSet<&str> = types.iter().filter_map(|t| t["name"].as_str()).collect();
    // Entity types: the object types with a connection type (one per table).
    let entities: BTreeSet<&str> = types
        .iter()
        .filter(|t| t["kind"] == "OBJECT")
        .filter_map(|t| t["name"].as_str())
        .filter(|n| names.contains(format!("{n}Connection").as_str()))
        .collect();
    assert!(entities.len() >= 91, "{entities:?}");
    let fields = |t: &Value| -> Vec<(String, String, String)> {
        t["fields"]
            .as_array()
            .map(|fs| {
                fs.iter()
                    .map(|f| {
                        let (kind, name) = named(&f["type"]);
                        (f["name"].as_str().unwrap().to_string(), kind, name)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    // (source, target) -> to-one fields of source returning target.
    let mut to_one: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    // (target, source) -> fields of target returning SourceConnection.
    let mut to_many: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for t in types
        .iter()
        .filter(|t| t["name"].as_str().is_some_and(|n| entities.contains(n)))
    {
        let source = t["name"].as_str().unwrap().to_string();
        for (field, kind, ty) in fields(t) {
            if kind == "OBJECT" && entities.contains(ty.as_str()) {
                to_one
                    .entry((source.clone(), ty.clone()))
                    .or_default()
                    .push(field.clone());
            }
            if let Some(inner) = ty.strip_suffix("Connection")
                && entities.contains(inner)
            {
                to_many
                    .entry((source.clone(), inner.to_string()))
                    .or_default()
                    .push(field);
            }
        }
    }
    assert!(to_one.len() > 100, "{to_one:?}");
    let mut missing = Vec::new();
    let mut checked = 0;
    for ((source, target), rels) in &to_one {
        if target == "Organization" {
            continue;
        }
        checked += rels.len();
        let inverses = to_many
            .get(&(target.clone(), source.clone()))
            .map(Vec::len)
            .unwrap_or(0);
        // One inverse per foreign key: two fks of a table to one target need two connections.
        if inverses < rels.len() {
            missing.push(format!(
                "{source}.{rels:?} -> {target}: {inverses} field(s) of type {source}Connection"
            ));
        }
    }
    assert!(checked >= 140, "only {checked} to-one relations found");
    assert!(
        missing.is_empty(),
        "to-one relations without a to-many inverse:\n{}",
        missing.join("\n")
    );

    // Every to-many connection runs its SQL on this backend: one request per entity type with
    // connections, reading them on the first rows of its root connection (a table the viewer
    // may not read at all answers FORBIDDEN, nothing else may fail).
    let query = root_connections(types);
    let (mut requests, mut counted) = (0, 0);
    for t in types
        .iter()
        .filter(|t| t["name"].as_str().is_some_and(|n| entities.contains(n)))
    {
        let name = t["name"].as_str().unwrap();
        let conns: Vec<String> = fields(t)
            .into_iter()
            .filter(|(_, _, ty)| {
                ty.strip_suffix("Connection")
                    .is_some_and(|inner| entities.contains(inner))
            })
            .map(|(f, _, _)| format!("{f}(first: 2) {{ totalCount nodes {{ id }} }}"))
            .collect();
        if conns.is_empty() {
            continue;
        }
        let root = &query[&format!("{name}Connection")];
        let q = format!(
            "{{ {root}(first: 3) {{ nodes {{ id {} }} }} }}",
            conns.join(" ")
        );
        let body = app.gql(Some(&token), &q, json!({})).await;
        for e in body["errors"].as_array().into_iter().flatten() {
            assert_eq!(e["extensions"]["code"], "FORBIDDEN", "{name}: {q}\n{body}");
        }
        requests += 1;
        counted += body.to_string().matches("\"totalCount\"").count();
    }
    assert!(
        requests >= 30 && counted >= 150,
        "{requests} requests, {counted} connections read"
    );
}

/// Connection type name -> the root field returning it.
fn root_connections(types: &[Value]) -> BTreeMap<String, String> {
    let query = types
        .iter()
        .find(|t| t["name"] == "Query")
        .expect("Query type");
    query["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (named(&f["type"]).1, f["name"].as_str().unwrap().to_string()))
        .collect()
}

#[tokio::test]
async fn a_user_lists_their_activities_as_the_filtered_root_connection_does() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.coordinator@meander.dev").await;
    let q = "query($u: UUID!) {
        user(id: $u) {
            activities(first: 5) { totalCount pageInfo { hasNextPage } nodes { id peerMentor { id } } }
            proxyRegisteredActivities(first: 5) { totalCount nodes { id } }
        }
        all: activities(filter: { userId: { eq: $u } }, first: 100) { totalCount nodes { id } }
        proxied: activities(filter: { proxySubmittedBy: { eq: $u } }, first: 100) { totalCount }
    }";
    let mentor = demo_id("user", "nhf.mentor@meander.dev");
    let d = ok(&app, &token, q, json!({ "u": mentor })).await;
    let rel = &d["user"]["activities"];
    let total = d["all"]["totalCount"].as_u64().unwrap();
    assert!(total > 0, "the demo mentor has activities: {d}");
    assert_eq!(rel["totalCount"].as_u64().unwrap(), total, "{d}");
    let nodes = rel["nodes"].as_array().unwrap();
    assert_eq!(nodes.len() as u64, total.min(5), "{d}");
    assert_eq!(rel["pageInfo"]["hasNextPage"], total > 5, "{d}");
    let all: BTreeSet<String> = common::ids(&d["all"]).into_iter().collect();
    for n in nodes {
        assert!(all.contains(n["id"].as_str().unwrap()), "{d}");
        assert_eq!(n["peerMentor"]["id"], mentor.to_string(), "{d}");
    }
    assert_eq!(
        d["user"]["proxyRegisteredActivities"]["totalCount"], d["proxied"]["totalCount"],
        "{d}"
    );

    // The coordinator's own proxy registrations (a nullable fk) through the same inverse.
    let me = demo_id("user", "nhf.coordinator@meander.dev");
    let d = ok(&app, &token, q, json!({ "u": me })).await;
    assert_eq!(
        d["user"]["proxyRegisteredActivities"]["totalCount"], d["proxied"]["totalCount"],
        "{d}"
    );

    // A user of another organization: null, not an empty connection (no existence leak).
    let other = demo_id("user", "blind.mentor@meander.dev");
    let d = ok(&app, &token, q, json!({ "u": other })).await;
    assert!(d["user"].is_null(), "{d}");
    assert_eq!(d["all"]["totalCount"], 0, "{d}");
}
