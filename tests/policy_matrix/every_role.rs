//! Every role, table and action against the default matrix; another organization's rows by id.

use super::*;

#[tokio::test]
async fn every_role_entity_and_action_answers_as_the_default_matrix_declares() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let (queries, mutations) = root_fields(&app, &admin).await;
    let types = app.gql(Some(&admin), TYPES, json!({})).await;
    let types = types["data"]["__schema"]["types"]
        .as_array()
        .unwrap()
        .clone();
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
            // Create: the permission gate comes first, whatever the input says.
            let create = format!("create{node}");
            if mutations.contains(&create) {
                let input = made_up(&types, &format!("Create{node}Input"));
                let body = app
                    .gql(
                        Some(&token),
                        &format!(
                            "mutation($i: Create{node}Input!) {{ {create}(input: $i) {{ id }} }}"
                        ),
                        json!({ "i": input }),
                    )
                    .await;
                let gated = body["errors"][0]["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with("missing permission"));
                if gated == letters.contains('C') {
                    mismatches.push(format!(
                        "{login} {create}: expected {}, got {body}",
                        if gated {
                            "past the permission gate"
                        } else {
                            "FORBIDDEN"
                        }
                    ));
                }
                checked += 1;
            }
            // Update and delete: NOT_FOUND for an id in no one's reach, or FORBIDDEN.
            let (runs, wrong) =
                update_and_delete(&app, &token, node, Uuid::new_v4(), letters, &mutations).await;
            checked += runs;
            mismatches.extend(wrong.into_iter().map(|w| format!("{login} {w}")));
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

#[tokio::test]
async fn another_organizations_rows_are_unreachable_by_id_for_every_role_and_table() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let (queries, mutations) = root_fields(&app, &admin).await;
    // HLF revoked its support grant: no role here reaches its rows.
    let hlf = demo_id("org", "hlf");
    let backend = app.db.get_database_backend();
    let mut probes = Vec::new();
    for row in catalog::matrix() {
        let table = row.0.to_lowercase();
        let column = if table == "organizations" {
            "id"
        } else {
            "organization_id"
        };
        let placeholder = if backend == DbBackend::Postgres {
            "$1"
        } else {
            "?"
        };
        let sql = format!("SELECT id FROM {table} WHERE {column} = {placeholder} LIMIT 1");
        // Tables without an organization column (users, permissions, ...) are reached through
        // memberships and covered by the row scope tests.
        let Ok(Some(found)) = app
            .db
            .query_one_raw(Statement::from_sql_and_values(backend, sql, [hlf.into()]))
            .await
        else {
            continue;
        };
        let id: Uuid = found.try_get("", "id").unwrap();
        let (_, node, one) =
            table_api(&queries, &table).unwrap_or_else(|| panic!("{table}: no by-id query"));
        probes.push((table, row, node, one, id));
    }
    assert!(probes.len() > 60, "only {} tables probed", probes.len());
    let mut leaks = Vec::new();
    for (login, column) in ROLES {
        let token = app.token(login).await;
        for (table, row, node, one, id) in &probes {
            let letters = [row.1, row.2, row.3, row.4][column];
            if column == 0 && row.1.contains('C') {
                continue; // platform tables (organizations): the global admin manages them all
            }
            let body = app
                .gql(
                    Some(&token),
                    &format!("query($id: UUID!) {{ {one}(id: $id) {{ id }} }}"),
                    json!({ "id": id }),
                )
                .await;
            let ok = if letters.contains('R') {
                body["errors"].is_null() && body["data"][one.as_str()].is_null()
            } else {
                error_code(&body) == "FORBIDDEN"
            };
            if !ok {
                leaks.push(format!("{login} {one}({table} of HLF): {body}"));
            }
            let (_, wrong) = update_and_delete(&app, &token, node, *id, letters, &mutations).await;
            leaks.extend(
                wrong
                    .into_iter()
                    .map(|w| format!("{login} ({table} of HLF) {w}")),
            );
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}
