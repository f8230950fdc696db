//! Generic CRUD through GraphQL on the assignments tables: assignment round trips as a
//! coordinator, the recipient-only encrypted payload (with its consent gate and first-read
//! receipt), mentor and coordinator row scopes, the append-only dispatch trail, encrypted
//! document metadata and powers of attorney, and other tenants' rows answering null.

use crate::common;

use common::{TestApp, demo_id, error_code};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use uuid::Uuid;

const COORDINATOR: &str = "nhf.coordinator@meander.dev"; // NHF Oslo and Bærum
const BERGEN_COORDINATOR: &str = "nhf.coordinator.bergen@meander.dev";
const MENTOR: &str = "nhf.mentor@meander.dev"; // NHF Oslo
const MENTOR2: &str = "nhf.mentor2@meander.dev"; // NHF Oslo
const BERGEN_MENTOR: &str = "nhf.mentor.bergen@meander.dev";

const CREATE_ASSIGNMENT: &str = "mutation($i: CreateAssignmentInput!) { createAssignment(input: $i) { id organizationId status priority title createdById peerMentor { firstName } coordinator { firstName } contact { firstName } } }";

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

fn assignment(key: &str) -> Uuid {
    demo_id("assignment", key)
}

fn ok(body: &Value) {
    assert!(body["errors"].is_null(), "{body}");
}

fn rule(body: &Value) -> (&str, &str) {
    let ext = &body["errors"][0]["extensions"];
    (
        ext["field"].as_str().unwrap_or(""),
        ext["rule"].as_str().unwrap_or(""),
    )
}

fn draft(title: &str, mentor: &str) -> Value {
    json!({
        "localAssociationId": demo_id("la", "oslo"),
        "coordinatorId": user(COORDINATOR),
        "peerMentorId": user(mentor),
        "title": title,
        "ciphertext": "q83vEjRWeJASNFZ4kKvN7w==",
        "keyReference": format!("mentor-key:{mentor}:v1"),
        "encryptionScheme": "x25519-xsalsa20-poly1305",
    })
}

async fn receipts(app: &TestApp, assignment: Uuid, reader: Uuid) -> u64 {
    use entity::assignment_read_receipts as r;
    r::Entity::find()
        .filter(r::Column::AssignmentId.eq(assignment))
        .filter(r::Column::UserId.eq(reader))
        .count(&app.db)
        .await
        .unwrap()
}

mod assignments;
mod records;
