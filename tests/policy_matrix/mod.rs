//! The policy matrix, generated from the permission catalog: for every system role and every
//! table, reading a list, creating, updating and deleting through GraphQL answer exactly as the
//! default matrix declares: FORBIDDEN without the permission; with it, a list (possibly empty),
//! a create that passes the permission gate (its input, made up from the input type, may still
//! be refused for what it says), or, for an id that names no row in reach, NOT_FOUND. Then every
//! role probes a real row of another organization (one that gave no support grant) in every
//! table: by id it is null, and update/delete answer NOT_FOUND, exactly as for an id that does
//! not exist. Tables without create/update/delete mutations are skipped for those actions.
//! Last, inside one organization: every table gets a planted copy of one of its rows that
//! belongs to another local association (for the coordinator) or to a fellow peer mentor (for
//! the peer mentor), with references moved to planted parents; by id it is null, list counts do
//! not grow, update/delete answer NOT_FOUND, unless the table is listed as in reach by design.

use crate::common;

use common::{TestApp, demo_id, error_code};
use meander_gateway::authz::catalog;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

/// (login, column of the role in the matrix)
const ROLES: [(&str, usize); 4] = [
    ("admin@meander.dev", 0),
    ("nhf.admin@meander.dev", 1),
    ("nhf.coordinator@meander.dev", 2),
    ("nhf.mentor2@meander.dev", 3),
];

pub(crate) fn camel(table: &str) -> String {
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

const TYPES: &str = "{ __schema { types { name kind enumValues { name } inputFields { name defaultValue type { kind name ofType { kind name ofType { kind name } } } } } } }";

/// A value of the named input type made up from its introspection: required fields only.
fn made_up(types: &[Value], name: &str) -> Value {
    let ty = types.iter().find(|t| t["name"] == name).unwrap();
    match ty["kind"].as_str().unwrap() {
        "ENUM" => ty["enumValues"][0]["name"].clone(),
        "INPUT_OBJECT" => {
            let mut out = serde_json::Map::new();
            for f in ty["inputFields"].as_array().unwrap() {
                if f["type"]["kind"] != "NON_NULL" || !f["defaultValue"].is_null() {
                    continue;
                }
                let inner = &f["type"]["ofType"];
                let value = if inner["kind"] == "LIST" {
                    json!([])
                } else {
                    made_up(types, inner["name"].as_str().unwrap())
                };
                out.insert(f["name"].as_str().unwrap().to_string(), value);
            }
            Value::Object(out)
        }
        _ => match name {
            "Int" => json!(1),
            "Float" => json!(1.0),
            "Boolean" => json!(false),
            "UUID" => json!(Uuid::new_v4()),
            "DateTime" => json!("2026-01-05T10:00:00Z"),
            "NaiveDate" => json!("2026-01-05"),
            "JSON" => json!({}),
            _ => json!("x"),
        },
    }
}

/// The root query fields (name, type) and mutation names, by introspection.
pub(crate) async fn root_fields(
    app: &TestApp,
    token: &str,
) -> (Vec<(String, String)>, Vec<String>) {
    let schema = app
        .gql(
            Some(token),
            "{ __schema { queryType { fields { name type { name ofType { name } } } } mutationType { fields { name type { name ofType { name } } } } } }",
            json!({}),
        )
        .await;
    let mutations = names(&schema, "mutationType")
        .into_iter()
        .map(|m| m.0)
        .collect();
    (names(&schema, "queryType"), mutations)
}

/// `update<Node>` and `delete<Node>` (where they exist) on `id`: NOT_FOUND when the role holds
/// the permission (the id is out of its reach), FORBIDDEN otherwise. Returns how many ran and
/// the mismatches.
async fn update_and_delete(
    app: &TestApp,
    token: &str,
    node: &str,
    id: Uuid,
    letters: &str,
    mutations: &[String],
) -> (usize, Vec<String>) {
    let (mut runs, mut wrong) = (0, Vec::new());
    for (verb, letter, args) in [("update", 'U', ", input: {}"), ("delete", 'D', "")] {
        let field = format!("{verb}{node}");
        if !mutations.contains(&field) {
            continue;
        }
        let body = app
            .gql(
                Some(token),
                &format!("mutation($id: UUID!) {{ {field}(id: $id{args}) {{ id }} }}"),
                json!({ "id": id }),
            )
            .await;
        let expected = if letters.contains(letter) {
            "NOT_FOUND"
        } else {
            "FORBIDDEN"
        };
        if error_code(&body) != expected {
            wrong.push(format!("{field}: expected {expected}, got {body}"));
        }
        runs += 1;
    }
    (runs, wrong)
}

/// The root list, node type and by-id query of a table: (`contacts`, `Contact`, `contact`).
pub(crate) fn table_api(
    queries: &[(String, String)],
    table: &str,
) -> Option<(String, String, String)> {
    let many = camel(table);
    let node = queries
        .iter()
        .find(|(n, _)| *n == many)
        .map(|(_, c)| c.trim_end_matches("Connection").to_string())?;
    let one = queries
        .iter()
        .find(|(n, t)| *t == node && *n != many)
        .map(|(n, _)| n.clone())?;
    Some((many, node, one))
}

/// Columns of a table and its foreign keys (column, referenced table), from the database.
mod every_role;
mod planted;
