//! Encrypted assignments over HTTP (issue 5): dispatch with seed 002's recipient gates, the
//! append-only dispatch trail, delivery, the guarded payload and exactly-one read receipt under
//! concurrent opens, accept/decline consents, completion counting toward the honorarium
//! thresholds once, cancellation, and the status machine.

use crate::common;

use common::{TestApp, demo_id, error_code};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::{Value, json};
use uuid::Uuid;

use entity::assignments;
use entity::{
    assignment_consents, assignment_dispatches, assignment_honorarium_records,
    assignment_read_receipts, peer_mentor_profiles as profiles,
};

const DISPATCH: &str = "mutation($i: DispatchAssignmentInput!) { dispatchAssignment(input: $i) { assignment { id status peerMentorId coordinatorId localAssociationId } dispatch { id fromStatus toStatus channel actorId } } }";
const DELIVERED: &str = "mutation($id: UUID!) { confirmAssignmentDelivered(id: $id) { assignment { status deliveredAt } dispatch { toStatus } } }";
const OPEN: &str = "mutation($id: UUID!) { openAssignment(id: $id, devicePlatform: \"ios\") { ciphertext keyReference encryptionScheme firstOpen assignment { status readAt } readReceipt { id userId devicePlatform dispatchId } } }";
const ACCEPT: &str = "mutation($id: UUID!) { acceptAssignment(id: $id, consentTextVersion: \"2025-01\") { assignment { status respondedAt } consent { decision consentTextVersion userId } } }";
const DECLINE: &str = "mutation($id: UUID!, $r: String) { declineAssignment(id: $id, consentTextVersion: \"2025-01\", reason: $r) { assignment { status } consent { decision declineReason } } }";
const COMPLETE: &str = "mutation($id: UUID!) { completeAssignment(id: $id) { assignment { status completedAt } assignmentCountCurrentPeriod honorariumRecords { assignmentCount assignmentId } } }";
const CANCEL: &str = "mutation($id: UUID!, $r: String) { cancelAssignment(id: $id, reason: $r) { assignment { status cancellationReason } dispatch { fromStatus toStatus } } }";

const CIPHERTEXT: &str = "q2F0YWxvZy1vZi1jaXBoZXJ0ZXh0LW9ubHk=";

fn ok(body: &Value) -> &Value {
    assert!(body["errors"].is_null(), "{body}");
    &body["data"]
}

fn rule(body: &Value) -> (&str, &str) {
    let ext = &body["errors"][0]["extensions"];
    (
        ext["field"].as_str().unwrap_or(""),
        ext["rule"].as_str().unwrap_or(""),
    )
}

/// Sends the requests at the same time (each on its own task) and returns the bodies in order.
async fn concurrently(app: &TestApp, requests: Vec<(&str, &str, Value)>) -> Vec<Value> {
    let mut handles = Vec::new();
    for (token, query, variables) in requests {
        let req = app
            .client
            .post(format!("{}/graphql", app.base))
            .bearer_auth(token)
            .json(&json!({ "query": query, "variables": variables }));
        handles.push(tokio::spawn(async move {
            req.send()
                .await
                .expect("request")
                .json::<Value>()
                .await
                .expect("json body")
        }));
    }
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

fn input(la: &str, mentor: &str) -> Value {
    json!({
        "localAssociationId": demo_id("la", la),
        "peerMentorId": user(mentor),
        "title": "Hjemmebesøk, Lademoen",
        "ciphertext": CIPHERTEXT,
        "keyReference": format!("mentor-key:{mentor}:v1"),
        "encryptionScheme": "x25519-xsalsa20-poly1305",
        "priority": "HIGH",
    })
}

async fn assignment_count(app: &TestApp) -> u64 {
    assignments::Entity::find().count(&app.db).await.unwrap()
}

async fn trail(app: &TestApp, id: Uuid) -> Vec<String> {
    assignment_dispatches::Entity::find()
        .filter(assignment_dispatches::Column::AssignmentId.eq(id))
        .order_by_asc(assignment_dispatches::Column::OccurredAt)
        .order_by_asc(assignment_dispatches::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| format!("{:?}", d.to_status).to_lowercase())
        .collect()
}

async fn profile(app: &TestApp, org: &str, email: &str) -> profiles::Model {
    profiles::Entity::find()
        .filter(profiles::Column::OrganizationId.eq(demo_id("org", org)))
        .filter(profiles::Column::UserId.eq(user(email)))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// Blindeforbundet's coordinator dispatches to Anne (Trondheim, accepts encrypted assignments).
async fn dispatch_to_anne(app: &TestApp, coordinator: &str) -> Uuid {
    let body = app
        .gql(
            Some(coordinator),
            DISPATCH,
            json!({ "i": input("trondheim", "blind.mentor@meander.dev") }),
        )
        .await;
    let id = ok(&body)["dispatchAssignment"]["assignment"]["id"]
        .as_str()
        .unwrap();
    id.parse().unwrap()
}

mod counting;
mod dispatch;
mod lifecycle;
