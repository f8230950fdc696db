//! The policy matrix, generated from the permission catalog: for every system role and every
//! table, reading a list, updating and deleting through GraphQL answer exactly as the default
//! matrix declares: FORBIDDEN without the permission; with it, a list (possibly empty) or, for
//! an id that names no row in reach, NOT_FOUND. Tables without update/delete mutations
//! (append-only or computed) are skipped for those actions.

use crate::common;

use common::{TestApp, error_code};
use meander_gateway::authz::catalog;
use serde_json::{Value, json};
use uuid::Uuid;

/// (login, column of the role in the matrix)
const ROLES: [(&str, usize); 4] = [
    ("admin@meander.dev", 0),
    ("nhf.admin@meander.dev", 1),
    ("nhf.coordinator@meander.dev", 2),
    ("nhf.mentor2@meander.dev", 3),
];

fn camel(table: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for ch in table.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

fn names(schema: &Value, root: &str) -> Vec<(String, String)> {
    schema["data"]["__schema"][root]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_string(),
                f["type"]["name"]
                    .as_str()
                    .or(f["type"]["ofType"]["name"].as_str())
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_role_entity_and_action_answers_as_the_default_matrix_declares() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let schema = app
        .gql(
            Some(&admin),
            "{ __schema { queryType { fields { name type { name ofType { name } } } } mutationType { fields { name type { name ofType { name } } } } } }",
            json!({}),
        )
        .await;
    let queries = names(&schema, "queryType");
    let mutations: Vec<String> = names(&schema, "mutationType")
        .into_iter()
        .map(|m| m.0)
        .collect();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for (login, column) in ROLES {
        let token = app.token(login).await;
        for row in catalog::matrix() {
            let (resource, letters) = (row.0, [row.1, row.2, row.3, row.4][column]);
            let table = resource.to_lowercase();
            let many = camel(&table);
            let Some((_, connection)) = queries.iter().find(|(n, _)| *n == many) else {
                mismatches.push(format!("{table}: no `{many}` query"));
                continue;
            };
            let node = connection.trim_end_matches("Connection");
            // Read: a list, or FORBIDDEN.
            let body = app
                .gql(
                    Some(&token),
                    &format!("{{ {many}(first: 1) {{ totalCount }} }}"),
                    json!({}),
                )
                .await;
            let expected = if letters.contains('R') {
                ""
            } else {
                "FORBIDDEN"
            };
            if error_code(&body) != expected {
                mismatches.push(format!(
                    "{login} READ {table}: expected {expected:?}, got {body}"
                ));
            }
            checked += 1;
            // Update and delete: NOT_FOUND for an id in no one's reach, or FORBIDDEN.
            for (verb, letter, args) in [("update", 'U', ", input: {}"), ("delete", 'D', "")] {
                let field = format!("{verb}{node}");
                if !mutations.contains(&field) {
                    continue;
                }
                let body = app
                    .gql(
                        Some(&token),
                        &format!("mutation($id: UUID!) {{ {field}(id: $id{args}) {{ id }} }}"),
                        json!({ "id": Uuid::new_v4() }),
                    )
                    .await;
                let expected = if letters.contains(letter) {
                    "NOT_FOUND"
                } else {
                    "FORBIDDEN"
                };
                if error_code(&body) != expected {
                    mismatches.push(format!("{login} {field}: expected {expected}, got {body}"));
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "only {checked} checks ran");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
