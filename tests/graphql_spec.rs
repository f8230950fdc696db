//! Spec-exact answers (issue 12, `graphql::spec`): parse and validation errors carry the codes
//! Apollo clients know on every transport, variables and Int values are coerced before anything
//! runs, directive arguments are type-checked, an all-skipped query answers `{}`, response keys
//! follow the selection, and introspection off is an error.

use crate::{common, subscriptions};

use common::{TestApp, error_code};
use serde_json::{Value, json};

const GR: &str = "application/graphql-response+json";

/// POSTs `query` (with `variables`) as application/json; returns status and body.
async fn post(app: &TestApp, query: &str, variables: Value) -> (u16, Value) {
    let resp = app
        .post_raw(
            None,
            &json!({ "query": query, "variables": variables }),
            None,
        )
        .await;
    (resp.status().as_u16(), resp.json().await.unwrap())
}

#[tokio::test]
async fn parse_and_validation_errors_carry_apollo_codes_on_post_get_batches_and_websocket() {
    let app = TestApp::spawn().await;
    let cases = [
        ("{ __typename", "GRAPHQL_PARSE_FAILED"),
        ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
    ];
    for (query, code) in cases {
        let (_, body) = post(&app, query, json!({})).await;
        assert_eq!(error_code(&body), code, "POST {query}: {body}");

        let get: Value = app
            .client
            .get(format!("{}/graphql", app.base))
            .query(&[("query", query)])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(error_code(&get), code, "GET {query}: {get}");

        let batch = json!([{ "query": "{ __typename }" }, { "query": query }]);
        let resp = app.post_raw(None, &batch, None).await;
        let batch: Value = resp.json().await.unwrap();
        assert_eq!(batch[0]["data"]["__typename"], "Query", "{batch}");
        assert_eq!(error_code(&batch[1]), code, "batch {query}: {batch}");
    }
    let (mut ws, _) = subscriptions::init(&app, json!({})).await;
    for (id, (query, code)) in [
        ("1", ("subscription {", "GRAPHQL_PARSE_FAILED")),
        ("2", ("subscription { nope }", "GRAPHQL_VALIDATION_FAILED")),
    ] {
        subscriptions::send(
            &mut ws,
            json!({ "id": id, "type": "subscribe", "payload": { "query": query } }),
        )
        .await;
        let msg = subscriptions::next_json(&mut ws).await;
        assert_eq!(
            msg["payload"]["errors"][0]["extensions"]["code"], code,
            "{msg}"
        );
        let done = subscriptions::next_json(&mut ws).await;
        assert_eq!(done, json!({ "type": "complete", "id": id }));
    }
}

#[tokio::test]
async fn request_errors_have_no_data_entry_and_their_status_follows_the_media_type() {
    let app = TestApp::spawn().await;
    for query in [
        "{",
        "{ nope }",
        "query($n: Int!) { __typename @include(if: true) }",
    ] {
        for (accept, status) in [(GR, 400), ("application/json", 200)] {
            let resp = app
                .post_raw(None, &json!({ "query": query }), Some(accept))
                .await;
            assert_eq!(resp.status().as_u16(), status, "{query} as {accept}");
            let body: Value = resp.json().await.unwrap();
            assert!(body.get("data").is_none(), "{query}: {body}");
            assert!(error_code(&body).starts_with("GRAPHQL_"), "{body}");
        }
    }
}

#[tokio::test]
async fn int_literals_and_variables_outside_32_bits_are_validation_errors_not_partial_data() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    for literal in ["2147483648", "-2147483649", "99999999999"] {
        let query = format!("{{ __typename organizations(first: {literal}) {{ totalCount }} }}");
        let body = app.gql(Some(&token), &query, json!({})).await;
        assert_eq!(error_code(&body), "GRAPHQL_VALIDATION_FAILED", "{body}");
        assert!(body.get("data").is_none(), "no partial data: {body}");
    }
    let query = "query($n: Int) { __typename organizations(first: $n) { totalCount } }";
    for n in [json!(2147483648i64), json!(-2147483649i64), json!("ten")] {
        let body = app.gql(Some(&token), query, json!({ "n": n })).await;
        assert_eq!(
            error_code(&body),
            "GRAPHQL_VALIDATION_FAILED",
            "{n}: {body}"
        );
        assert!(body.get("data").is_none(), "no partial data: {body}");
    }
    let body = app.gql(Some(&token), query, json!({ "n": 5 })).await;
    assert!(body["errors"].is_null(), "{body}");
    // A required variable missing is a request error too (200 with application/json).
    let (status, body) = post(
        &app,
        "query($b: Boolean!) { __typename @skip(if: $b) }",
        json!({}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(error_code(&body), "GRAPHQL_VALIDATION_FAILED", "{body}");
}

#[tokio::test]
async fn directive_arguments_are_type_checked_on_every_field() {
    let app = TestApp::spawn().await;
    for query in [
        r#"{ __typename @include(if: "yes") }"#,
        "{ __typename @skip(if: 1) }",
        "{ __typename @include }",
        "{ __typename @include(if: $undefined) }",
        "{ __typename @deprecated }",
        r#"{ a: __typename b: __typename @skip(if: "no") }"#,
        "query($b: String!) { __typename @include(if: $b) }",
    ] {
        let (_, body) = post(&app, query, json!({ "b": "x" })).await;
        assert_eq!(
            error_code(&body),
            "GRAPHQL_VALIDATION_FAILED",
            "{query}: {body}"
        );
    }
    // A variable used only in a directive of __typename is used.
    let query = "query($b: Boolean!) { __typename @include(if: $b) }";
    let (_, body) = post(&app, query, json!({ "b": true })).await;
    assert_eq!(body, json!({ "data": { "__typename": "Query" } }));
    let (_, body) = post(&app, query, json!({ "b": "yes" })).await;
    assert_eq!(error_code(&body), "GRAPHQL_VALIDATION_FAILED", "{body}");
}

#[tokio::test]
async fn a_query_whose_fields_are_all_skipped_answers_an_empty_object() {
    let app = TestApp::spawn().await;
    for query in [
        "{ __typename @include(if: false) }",
        "{ __typename @skip(if: true) }",
        "{ ... @include(if: false) { __typename } }",
    ] {
        let (status, body) = post(&app, query, json!({})).await;
        assert_eq!((status, body), (200, json!({ "data": {} })), "{query}");
    }
}

#[tokio::test]
async fn response_keys_follow_the_selection_order() {
    let app = TestApp::spawn().await;
    let token = app.token("nhf.admin@meander.dev").await;
    // The database field finishes last; its key still comes first, as selected.
    let query = "{ z: organizations(first: 50) { nodes { name id } } a: __typename \
                 ... on Query { m: __typename } b: __typename }";
    let text = app
        .client
        .post(format!("{}/graphql", app.base))
        .bearer_auth(&token)
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = |key: &str| text.find(key).unwrap_or_else(|| panic!("{key} in {text}"));
    assert!(at("\"z\"") < at("\"a\""), "{text}");
    assert!(
        at("\"a\"") < at("\"m\"") && at("\"m\"") < at("\"b\""),
        "{text}"
    );
    assert!(at("\"name\"") < at("\"id\""), "{text}");
}

#[tokio::test]
async fn with_introspection_off_schema_and_type_are_errors_not_null() {
    let app = TestApp::spawn_with(|s| s.server.introspection = false).await;
    for query in [
        "{ __schema { queryType { name } } }",
        r#"{ __type(name: "Query") { name } }"#,
        "{ ...F } fragment F on Query { __schema { types { name } } }",
    ] {
        let (_, body) = post(&app, query, json!({})).await;
        assert_eq!(
            error_code(&body),
            "GRAPHQL_VALIDATION_FAILED",
            "{query}: {body}"
        );
        assert!(body.get("data").is_none(), "{body}");
    }
    let (_, body) = post(&app, "{ __typename }", json!({})).await;
    assert_eq!(body["data"]["__typename"], "Query");
}
