//! `feature_disabled`, generated from the one declaration of feature areas
//! (`authz::features::AREAS`): while an area is off for the organization, every table of it
//! answers FORBIDDEN with the rule and the area on reads and writes, and every operation
//! declared in it is refused; switched on, the same requests are served.

use crate::common;

use common::{TestApp, ok};
use meander_gateway::authz::features::AREAS;
use serde_json::{Value, json};

use crate::policy_matrix::camel;

/// A request for each operation declared in an area's `fields` (they take arguments).
const OPERATIONS: &[(&str, &str)] = &[
    (
        "reportableActivityTotals",
        r#"{ reportableActivityTotals(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z") { activities } }"#,
    ),
    (
        "generateBufdirReport",
        r#"mutation { generateBufdirReport(reportPeriodId: "00000000-0000-0000-0000-000000000001") { report { id } } }"#,
    ),
    (
        "matchPeerMentors",
        "{ matchPeerMentors { matchedSpecializations } }",
    ),
];

fn refused_for(body: &Value, area: &str) -> bool {
    let ext = &body["errors"][0]["extensions"];
    ext["code"] == "FORBIDDEN" && ext["rule"] == "feature_disabled" && ext["feature"] == area
}

/// Switches `area` of the admin's organization on or off (a row per area, created if missing).
async fn switch(app: &TestApp, token: &str, area: &str, on: bool) {
    let rows = ok(
        app,
        token,
        "query($k: String!) { organizationFeatures(first: 5, filter: { featureKey: { eq: $k } }) { nodes { id } } }",
        json!({ "k": area }),
    )
    .await;
    match rows["organizationFeatures"]["nodes"][0]["id"].as_str() {
        Some(id) => {
            ok(
                app,
                token,
                "mutation($id: UUID!, $on: Boolean!) { updateOrganizationFeature(id: $id, input: { isEnabled: $on }) { id } }",
                json!({ "id": id, "on": on }),
            )
            .await;
        }
        None => {
            ok(
                app,
                token,
                "mutation($k: String!, $on: Boolean!) { createOrganizationFeature(input: { featureKey: $k, isEnabled: $on }) { id } }",
                json!({ "k": area, "on": on }),
            )
            .await;
        }
    }
}

#[tokio::test]
async fn feature_disabled_every_table_and_operation_of_an_area_is_refused_while_it_is_off_and_served_once_on()
 {
    let app = TestApp::spawn().await;
    let token = app.token("hlf.admin@meander.dev").await;
    for area in AREAS {
        let mut requests: Vec<String> = area
            .tables
            .iter()
            .map(|t| {
                format!(
                    "{{ {}(first: 1) {{ pageInfo {{ hasNextPage }} }} }}",
                    camel(t)
                )
            })
            .collect();
        for field in area.fields {
            let (_, op) = OPERATIONS
                .iter()
                .find(|(f, _)| f == field)
                .unwrap_or_else(|| panic!("no probe for the declared operation {field}"));
            requests.push(op.to_string());
        }
        switch(&app, &token, area.key, false).await;
        for q in &requests {
            let body = app.gql(Some(&token), q, json!({})).await;
            assert!(
                refused_for(&body, area.key),
                "{} off: {q}\n{body}",
                area.key
            );
        }
        switch(&app, &token, area.key, true).await;
        for q in &requests {
            let body = app.gql(Some(&token), q, json!({})).await;
            assert!(
                !body.to_string().contains("feature_disabled"),
                "{} on: {q}\n{body}",
                area.key
            );
        }
    }
}

/// Writes are refused too, before anything is written, and a misspelt area key is refused so
/// it cannot look like a switch that does nothing.
#[tokio::test]
async fn feature_disabled_a_write_into_an_area_that_is_off_is_refused_and_unknown_keys_are_refused()
{
    let app = TestApp::spawn().await;
    let token = app.token("hlf.admin@meander.dev").await;
    switch(&app, &token, "courses", false).await;
    let body = app
        .gql(
            Some(&token),
            r#"mutation { createCourse(input: { title: "Grunnkurs", courseType: BASIC_TRAINING, deliveryMode: IN_PERSON }) { id } }"#,
            json!({}),
        )
        .await;
    assert!(refused_for(&body, "courses"), "{body}");
    let body = app
        .gql(
            Some(&token),
            r#"mutation { createOrganizationFeature(input: { featureKey: "course", isEnabled: true }) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        common::error_rule(&body),
        (
            "BAD_USER_INPUT".to_string(),
            "featureKey".to_string(),
            "feature_known".to_string()
        ),
        "{body}"
    );
    // The tailored app context says the same as the server.
    let data = ok(
        &app,
        &token,
        "{ viewer { appSettings { features { key enabled } } } }",
        json!({}),
    )
    .await;
    let courses = data["viewer"]["appSettings"]["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "courses")
        .cloned()
        .unwrap_or_default();
    assert_eq!(courses["enabled"], false, "{data}");
}
