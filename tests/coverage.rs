//! Every table of DATA-MODEL.md has a migration (the table exists after migrating), an entity
//! with a GraphQL type and a connection (`things` root field named after the table), every
//! demo organization has rows in it where it is a tenant table, and a row in the permission
//! matrix (`READ_<TABLE>` in the catalog): no table lives outside the authorization engine.

use crate::common;

use common::TestApp;
use meander_gateway::authz::catalog;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

/// The table names of DATA-MODEL.md, in document order.
fn data_model_tables() -> Vec<String> {
    // The repository keeps a copy so the test runs anywhere; it must not drift from the
    // design folder when that is present.
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/DATA-MODEL.md"))
        .expect("docs/DATA-MODEL.md");
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/design/DATA-MODEL.md"
    );
    if let Ok(original) = std::fs::read_to_string(shared) {
        assert_eq!(text, original, "docs/DATA-MODEL.md differs from {shared}");
    }
    text.lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .map(str::trim)
        .filter(|t| {
            *t != "table" && !t.is_empty() && t.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        })
        .map(str::to_string)
        .collect()
}

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

#[test]
fn the_data_model_lists_91_tables() {
    let tables = data_model_tables();
    assert_eq!(tables.len(), 91, "{tables:?}");
}

#[tokio::test]
async fn every_table_has_a_migration_an_entity_a_graphql_connection_and_a_permission_row() {
    let app = TestApp::spawn().await;
    let backend = app.db.get_database_backend();
    let token = app.token("nhf.admin@meander.dev").await;
    let schema = app
        .gql(
            Some(&token),
            "{ __schema { queryType { fields { name type { name ofType { name } } } } } }",
            json!({}),
        )
        .await;
    let fields: Vec<(String, String)> = schema["data"]["__schema"]["queryType"]["fields"]
        .as_array()
        .expect("introspection")
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap_or("").to_string(),
                f["type"]["name"]
                    .as_str()
                    .or(f["type"]["ofType"]["name"].as_str())
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect();
    let permissions: Vec<String> = catalog::permissions().into_iter().map(|p| p.0).collect();
    let mut missing = Vec::new();
    for table in data_model_tables() {
        let exists = app
            .db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await;
        if exists.is_err() {
            missing.push(format!("{table}: no table (migration)"));
        }
        let many = camel(&table);
        match fields.iter().find(|(name, _)| *name == many) {
            Some((_, ty)) if ty.ends_with("Connection") => {}
            _ => missing.push(format!(
                "{table}: no `{many}` connection (entity + GraphQL type)"
            )),
        }
        let perm = format!("READ_{}", table.to_uppercase());
        if !permissions.contains(&perm) {
            missing.push(format!("{table}: no {perm} in the permission matrix"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
