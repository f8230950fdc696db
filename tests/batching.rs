//! Relation fields resolve through per-request, tenant-scoped DataLoaders: the number of SQL
//! statements grows with query depth, not with the number of rows.

use crate::common;

use common::{TestApp, statements};
use serde_json::json;

#[tokio::test]
async fn to_one_relations_are_batched_whatever_the_page_size() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    app.gql(Some(&token), "{ __typename }", json!({})).await; // cache the viewer
    let q =
        "query($n: Int) { localAssociations(first: $n) { nodes { name organization { slug } } } }";
    let (one, h1) = app.gql_full(Some(&token), q, json!({ "n": 1 })).await;
    let (four, h4) = app.gql_full(Some(&token), q, json!({ "n": 4 })).await;
    assert!(four["errors"].is_null(), "{four}");
    let nodes = four["data"]["localAssociations"]["nodes"]
        .as_array()
        .unwrap();
    assert_eq!(nodes.len(), 4);
    assert!(nodes.iter().all(|n| n["organization"]["slug"] == "nhf"));
    assert_eq!(
        one["data"]["localAssociations"]["nodes"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // One list query plus one batch for all organizations.
    assert_eq!(statements(&h1), 2);
    assert_eq!(statements(&h4), 2);
}

#[tokio::test]
async fn to_many_relations_paginate_in_sql_in_one_batch() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    app.gql(Some(&token), "{ __typename }", json!({})).await;
    let q = "{ organizations { nodes { slug localAssociations(first: 2) { pageInfo { hasNextPage } nodes { name } } } } }";
    let (body, h) = app.gql_full(Some(&token), q, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    let org = &body["data"]["organizations"]["nodes"][0];
    let names: Vec<&str> = org["localAssociations"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["NHF Bergen", "NHF Bærum"]);
    assert_eq!(org["localAssociations"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(statements(&h), 2);
}

#[tokio::test]
async fn nested_pages_are_bounded_by_configuration() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&token),
            "{ organizations { nodes { localAssociations(first: 5000) { nodes { name } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["rule"], "page_size_range",
        "{body}"
    );
}
