//! Write rules (`authz::write_rules`), generated from the declarations (`write_catalog`):
//!
//! 1. Column permissions: for every table with a generic update, every role (org admin,
//!    coordinator, peer mentor) and every column of its input, an update of a row the role may
//!    update answers exactly as declared: allowed columns are written, the others answer
//!    FORBIDDEN with `field` and `rule`, and nothing is written.
//! 2. Decision columns (approver, reviewer, issuer, payer, counters the rules keep), found by
//!    name in the schema whatever the declarations say: a peer mentor sets none of them.
//!    Widening a declaration (dropping a `review:` column, say) fails here.
//! 3. State machines: every status column x every (from, to) pair x coordinator and peer
//!    mentor x subject of the row or not: the generic update moves it exactly when the machine
//!    has the move and names the viewer's relation (or never, for workflow-owned machines).
//! 4. Every status column has a state machine, and the machine knows exactly the column's values.

use crate::common;
use crate::policy_matrix::{camel, root_fields, table_api};

use common::{TestApp, demo_id, error_code};
use meander_gateway::authz::{
    Reach,
    scopes::write_catalog,
    write_rules::{ColumnClasses, Relation, column_verdict},
};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

/// (login, staff reach?)
const ROLES: [(&str, bool); 3] = [
    ("nhf.admin@meander.dev", true),
    ("nhf.coordinator@meander.dev", true),
    ("nhf.mentor@meander.dev", false),
];

async fn login(app: &TestApp, email: &str) -> String {
    app.login_payload(email, Some(demo_id("org", "nhf"))).await["accessToken"]
        .as_str()
        .unwrap()
        .to_string()
}

fn snake(field: &str) -> String {
    let mut out = String::new();
    for ch in field.chars() {
        if ch.is_ascii_uppercase() {
            out.push('_');
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

/// The input fields of `Update<node>Input`.
async fn update_fields(app: &TestApp, token: &str, node: &str) -> Vec<String> {
    let body = app
        .gql(
            Some(token),
            "query($n: String!) { __type(name: $n) { inputFields { name } } }",
            json!({ "n": format!("Update{node}Input") }),
        )
        .await;
    body["data"]["__type"]["inputFields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["name"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

async fn update(app: &TestApp, token: &str, node: &str, id: Uuid, input: Value) -> Value {
    app.gql(
        Some(token),
        &format!(
            "mutation($id: UUID!, $i: Update{node}Input!) {{ update{node}(id: $id, input: $i) {{ id }} }}"
        ),
        json!({ "id": id, "i": input }),
    )
    .await
}

/// Rows of `many` the role may update (an empty update goes through), up to `limit`.
async fn updatable_rows(
    app: &TestApp,
    token: &str,
    many: &str,
    node: &str,
    limit: usize,
) -> Vec<Uuid> {
    let body = app
        .gql(
            Some(token),
            &format!("{{ {many}(first: 40) {{ nodes {{ id }} }} }}"),
            json!({}),
        )
        .await;
    let mut out = Vec::new();
    for n in body["data"][many]["nodes"].as_array().into_iter().flatten() {
        let id: Uuid = n["id"].as_str().unwrap().parse().unwrap();
        if update(app, token, node, id, json!({})).await["errors"].is_null() {
            out.push(id);
            if out.len() == limit {
                break;
            }
        }
    }
    out
}

fn sql(backend: DbBackend, text: &str) -> String {
    if backend == DbBackend::Postgres {
        text.replacen('?', "$1", 1).replacen('?', "$2", 1)
    } else {
        text.to_string()
    }
}

async fn text_of(app: &TestApp, table: &str, column: &str, id: Uuid) -> Option<String> {
    let backend = app.db.get_database_backend();
    let row = app
        .db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql(
                backend,
                &format!("SELECT CAST({column} AS TEXT) AS v FROM {table} WHERE id = ?"),
            ),
            [id.into()],
        ))
        .await
        .unwrap()?;
    row.try_get::<Option<String>>("", "v").unwrap()
}

/// Sets a column through SQL; false when a table constraint refuses the value (a state that
/// needs other columns set, say).
async fn set_column(
    app: &TestApp,
    table: &str,
    column: &str,
    value: sea_orm::Value,
    id: Uuid,
) -> bool {
    let backend = app.db.get_database_backend();
    app.db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql(
                backend,
                &format!("UPDATE {table} SET {column} = ? WHERE id = ?"),
            ),
            [value, id.into()],
        ))
        .await
        .is_ok()
}

/// The rule a refusal names, or "" for an answer without a write-rule refusal.
fn refusal(body: &Value) -> (String, String) {
    if error_code(body) != "FORBIDDEN" {
        return (String::new(), String::new());
    }
    let ext = &body["errors"][0]["extensions"];
    (
        ext["field"].as_str().unwrap_or("").to_string(),
        ext["rule"].as_str().unwrap_or("").to_string(),
    )
}

/// What the declaration says of a generic update setting `column` on a row in `state`.
fn declared(c: &ColumnClasses, column: &str, staff: bool, state: Option<&str>) -> Option<String> {
    if let Some(rule) = column_verdict(column, true, staff, c) {
        return Some(rule.to_string());
    }
    let frozen = state.is_some_and(|s| c.machine_frozen.contains(&s));
    (frozen && c.machine.as_deref() != Some(column)).then(|| "decided_row_frozen".to_string())
}

#[tokio::test]
async fn every_input_column_of_every_table_is_writable_exactly_as_declared_for_each_role() {
    let app = TestApp::spawn().await;
    let catalog = write_catalog();
    let (mut checked, mut refused, mut wrong) = (0, 0, Vec::new());
    for (email, staff) in ROLES {
        let token = login(&app, email).await;
        let (queries, mutations) = root_fields(&app, &token).await;
        for c in &catalog {
            let Some((many, node, one)) = table_api(&queries, &c.table) else {
                continue;
            };
            if !mutations.contains(&format!("update{node}")) {
                continue;
            }
            let Some(id) = updatable_rows(&app, &token, &many, &node, 1).await.pop() else {
                continue;
            };
            for field in update_fields(&app, &token, &node).await {
                let column = snake(&field);
                // The current value, echoed back: what a form that sends every field does.
                let read = app
                    .gql(
                        Some(&token),
                        &format!("query($id: UUID!) {{ {one}(id: $id) {{ {field} }} }}"),
                        json!({ "id": id }),
                    )
                    .await;
                let value = &read["data"][&one][&field];
                if !read["errors"].is_null() || value.is_object() {
                    continue; // not readable as a scalar by this role
                }
                let state = match &c.machine {
                    Some(m) => text_of(&app, &c.table, m, id).await,
                    None => None,
                };
                let expected = declared(c, &column, staff, state.as_deref());
                let stamp = text_of(&app, &c.table, "updated_at", id).await;
                let body = update(&app, &token, &node, id, json!({ &field: value })).await;
                let (got_field, got_rule) = refusal(&body);
                checked += 1;
                match &expected {
                    Some(rule) => {
                        refused += 1;
                        if got_field != field || &got_rule != rule {
                            wrong.push(format!(
                                "{email} {node}.{field}: expected {rule}, got {body}"
                            ));
                        } else if text_of(&app, &c.table, "updated_at", id).await != stamp {
                            wrong.push(format!("{email} {node}.{field}: refused but written"));
                        }
                    }
                    None if !got_rule.is_empty() => {
                        wrong.push(format!(
                            "{email} {node}.{field}: expected allowed, got {body}"
                        ));
                    }
                    None => {}
                }
            }
        }
    }
    eprintln!("column matrix: {checked} columns checked, {refused} refused as declared");
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // The matrix ran over the real surface: hundreds of columns, refusals among them.
    assert!(
        checked > 300 && refused > 40,
        "checked {checked}, refused {refused}"
    );
}

/// Columns that record a decision about a row or what the rules counted, by name.
const DECISION_COLUMNS: [&str; 12] = [
    "approvedById",
    "approvedAt",
    "reviewedById",
    "reviewedAt",
    "paidAt",
    "issuedById",
    "countersignedById",
    "witnessedById",
    "verifiedAt",
    "crossedAt",
    "assignmentCount",
    "coordinatorNotifiedAt",
];

#[tokio::test]
async fn a_peer_mentor_sets_no_decision_column_on_any_table() {
    let app = TestApp::spawn().await;
    let token = login(&app, "nhf.mentor@meander.dev").await;
    let admin = login(&app, "nhf.admin@meander.dev").await;
    let mentor = demo_id("user", "nhf.mentor@meander.dev");
    let (queries, mutations) = root_fields(&app, &token).await;
    let (mut probed, mut wrong) = (0, Vec::new());
    for c in write_catalog() {
        let Some((many, node, one)) = table_api(&queries, &c.table) else {
            continue;
        };
        if !mutations.contains(&format!("update{node}")) {
            continue;
        }
        let fields = update_fields(&app, &token, &node).await;
        let decisions: Vec<_> = fields
            .iter()
            .filter(|f| DECISION_COLUMNS.contains(&f.as_str()))
            .collect();
        if decisions.is_empty() {
            continue;
        }
        let mut rows = updatable_rows(&app, &token, &many, &node, 3).await;
        if let (true, Some(subject)) = (rows.is_empty(), &c.subject) {
            // None of the mentor's own yet: hand them one of the organization's.
            let body = app
                .gql(
                    Some(&admin),
                    &format!("{{ {many}(first: 5) {{ nodes {{ id }} }} }}"),
                    json!({}),
                )
                .await;
            for n in body["data"][&many]["nodes"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let id: Uuid = n["id"].as_str().unwrap().parse().unwrap();
                if set_column(&app, &c.table, subject, mentor.into(), id).await {
                    rows.push(id);
                    break;
                }
            }
        }
        for id in rows {
            // An undecided state, so that only the column's own rule can refuse.
            if let (Some(status), Some((from, _, _))) = (&c.machine, c.machine_moves.first()) {
                set_column(&app, &c.table, status, (*from).into(), id).await;
            }
            for field in &decisions {
                let read = app
                    .gql(
                        Some(&token),
                        &format!("query($id: UUID!) {{ {one}(id: $id) {{ {field} }} }}"),
                        json!({ "id": id }),
                    )
                    .await;
                // The mentor's own user id stands in for "I decided", a timestamp for "now".
                let value = if field.ends_with("ById") {
                    json!(mentor)
                } else if *field == "assignmentCount" {
                    json!(99)
                } else {
                    json!(app.now())
                };
                let body = update(&app, &token, &node, id, json!({ field.as_str(): value })).await;
                probed += 1;
                if error_code(&body) != "FORBIDDEN" {
                    wrong.push(format!(
                        "{node}.{field} (was {}): {body}",
                        read["data"][&one][field.as_str()]
                    ));
                }
            }
        }
    }
    eprintln!("decision columns: {probed} probed");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(probed >= 12, "probed {probed}");
}

#[tokio::test]
async fn every_state_machine_move_is_allowed_exactly_to_whom_it_names() {
    let app = TestApp::spawn().await;
    let (mut checked, mut wrong) = (0, Vec::new());
    for (email, staff) in &ROLES {
        // The org admin decides with the organization reach (the moves `OrgDecider` names).
        let reach = if email.starts_with("nhf.admin") {
            Reach::Organization
        } else {
            Reach::LocalAssociation
        };
        let token = login(&app, email).await;
        let me = demo_id("user", email);
        let (queries, mutations) = root_fields(&app, &token).await;
        for c in write_catalog() {
            let Some(status) = c.machine.clone() else {
                continue;
            };
            let Some((many, node, _)) = table_api(&queries, &c.table) else {
                continue;
            };
            if !mutations.contains(&format!("update{node}"))
                || !update_fields(&app, &token, &node)
                    .await
                    .contains(&camel(&status))
            {
                continue; // no generic path to the status: the workflow's tests cover it
            }
            let Some(id) = updatable_rows(&app, &token, &many, &node, 1).await.pop() else {
                continue;
            };
            let subject_column = c.subject.clone();
            // Someone else in the same local association (Oslo) as the row's other subject.
            let other = if *email == "nhf.mentor2@meander.dev" {
                demo_id("user", "nhf.mentor@meander.dev")
            } else {
                demo_id("user", "nhf.mentor2@meander.dev")
            };
            let mut states: Vec<&str> = c
                .machine_moves
                .iter()
                .flat_map(|(f, t, _)| [*f, *t])
                .collect();
            states.sort();
            states.dedup();
            for subject in [true, false] {
                let Some(s) = &subject_column else { continue };
                let who = if subject { me } else { other };
                if !set_column(&app, &c.table, s, who.into(), id).await {
                    continue; // a unique key refuses this subject for the row
                }
                for from in &states {
                    for to in &states {
                        if from == to {
                            continue;
                        }
                        if !set_column(&app, &c.table, &status, (*from).into(), id).await {
                            continue;
                        }
                        let body = update(
                            &app,
                            &token,
                            &node,
                            id,
                            json!({ &status: to.to_uppercase() }),
                        )
                        .await;
                        let relation = Relation {
                            subject,
                            staff: staff.then_some(reach),
                        };
                        let allowed = !c.machine_workflow
                            && c.machine_moves
                                .iter()
                                .any(|(f, t, by)| f == from && t == to && by.allows(relation));
                        let (field, rule) = refusal(&body);
                        let refused_by_rules = field == camel(&status)
                            && ["status_transition", "no_self_review", "status_via_workflow"]
                                .contains(&rule.as_str());
                        // Out of the role's reach once the subject moved: refused too.
                        let out_of_reach = error_code(&body) == "NOT_FOUND";
                        checked += 1;
                        if allowed == (refused_by_rules || out_of_reach) {
                            wrong.push(format!(
                                "{email} {node} {from}->{to} subject={subject}: expected {}, got {body}",
                                if allowed { "allowed" } else { "refused" }
                            ));
                        }
                    }
                }
            }
        }
    }
    eprintln!("state machines: {checked} moves checked");
    assert!(
        wrong.is_empty(),
        "{} mismatches:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(checked > 100, "checked {checked}");
}

/// Tables whose `status` column is no lifecycle (why: beside their declarations).
const STATUS_WITHOUT_MACHINE: [&str; 3] = [
    // An append-only log: the outcome of one attempt.
    "sync_logs",
    // An append-only history of what a profile's status became.
    "peer_mentor_availability",
    // Guarded by the lifecycle workflow's own rule (`status_transition_guard`), no generic input.
    "peer_mentor_profiles",
];

async fn has_status_column(app: &TestApp, table: &str) -> bool {
    let backend = app.db.get_database_backend();
    app.db
        .query_all_raw(Statement::from_string(
            backend,
            format!("SELECT status FROM {table} WHERE 1 = 0"),
        ))
        .await
        .is_ok()
}

/// The values of the enum a node's `status` field returns, as stored (lowercase).
async fn status_values(app: &TestApp, token: &str, node: &str) -> Vec<String> {
    let body = app
        .gql(
            Some(token),
            "query($n: String!) { __type(name: $n) { fields { name type { name kind ofType { name } } } } }",
            json!({ "n": node }),
        )
        .await;
    let fields = body["data"]["__type"]["fields"].as_array().cloned();
    let Some(status) = fields.into_iter().flatten().find(|f| f["name"] == "status") else {
        return Vec::new();
    };
    let ty = &status["type"];
    let name = ty["name"]
        .as_str()
        .or(ty["ofType"]["name"].as_str())
        .unwrap();
    let body = app
        .gql(
            Some(token),
            "query($n: String!) { __type(name: $n) { enumValues { name } } }",
            json!({ "n": name }),
        )
        .await;
    let mut values: Vec<String> = body["data"]["__type"]["enumValues"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| v["name"].as_str().unwrap().to_lowercase())
        .collect();
    values.sort();
    values
}

#[tokio::test]
async fn every_status_column_has_a_state_machine_that_knows_exactly_its_values() {
    let app = TestApp::spawn().await;
    let token = login(&app, "nhf.admin@meander.dev").await;
    let (queries, _) = root_fields(&app, &token).await;
    let (mut machines, mut wrong) = (0, Vec::new());
    for c in write_catalog() {
        if !has_status_column(&app, &c.table).await {
            continue;
        }
        if STATUS_WITHOUT_MACHINE.contains(&c.table.as_str()) {
            assert!(
                c.machine.is_none(),
                "{} is exempt but has a machine",
                c.table
            );
            continue;
        }
        if c.machine.as_deref() != Some("status") {
            wrong.push(format!("{}: status has no state machine", c.table));
            continue;
        }
        machines += 1;
        let states = c.machine_states();
        for (i, (from, to, _)) in c.machine_moves.iter().enumerate() {
            if from == to
                || c.machine_moves[..i]
                    .iter()
                    .any(|(f, t, _)| f == from && t == to)
            {
                wrong.push(format!("{}: move {from}->{to} repeated or idle", c.table));
            }
        }
        let Some((_, node, _)) = table_api(&queries, &c.table) else {
            continue;
        };
        let values = status_values(&app, &token, &node).await;
        if values.is_empty() || values != states {
            wrong.push(format!(
                "{}: the machine knows {states:?}, the column holds {values:?}",
                c.table
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(machines >= 30, "{machines} machines");
}

/// States that record someone else's decision about the row, by name whatever the declarations
/// say (like `DECISION_COLUMNS`).
const DECISION_STATES: [&str; 6] = [
    "approved",
    "rejected",
    "returned",
    "reviewed",
    "paid",
    "member_confirmed",
];

#[test]
fn no_self_review_no_machine_lets_a_rows_subject_move_it_into_a_decision() {
    use meander_gateway::authz::write_rules::By;
    let mut wrong = Vec::new();
    for c in write_catalog() {
        for (from, to, by) in &c.machine_moves {
            if DECISION_STATES.contains(to)
                && !matches!(by, By::Decider | By::OrgDecider | By::System)
            {
                wrong.push(format!("{}: {from} -> {to} by {by:?}", c.table));
            }
        }
    }
    // Widening a decision (`Decider` -> `Staff`, say) fails here.
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
