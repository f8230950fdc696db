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

#[tokio::test]
async fn dispatch_stores_ciphertext_and_appends_the_first_trail_row() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            DISPATCH,
            json!({ "i": input("trondheim", "blind.mentor@meander.dev") }),
        )
        .await;
    let out = &ok(&body)["dispatchAssignment"];
    assert_eq!(out["assignment"]["status"], "DISPATCHED");
    assert_eq!(
        out["assignment"]["coordinatorId"],
        json!(user("blind.coordinator@meander.dev"))
    );
    assert_eq!(out["dispatch"]["fromStatus"], Value::Null);
    assert_eq!(out["dispatch"]["toStatus"], "DISPATCHED");
    assert_eq!(out["dispatch"]["channel"], "PUSH");
    assert_eq!(
        out["dispatch"]["actorId"],
        json!(user("blind.coordinator@meander.dev"))
    );
    let id: Uuid = out["assignment"]["id"].as_str().unwrap().parse().unwrap();
    let row = assignments::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    // The server keeps exactly the client's ciphertext.
    assert_eq!(row.ciphertext, CIPHERTEXT);
    assert!(row.dispatched_at.is_some());
    assert_eq!(trail(&app, id).await, ["dispatched"]);
    // The mentor was told (title only).
    let notified = entity::notifications::Entity::find()
        .filter(entity::notifications::Column::UserId.eq(user("blind.mentor@meander.dev")))
        .filter(entity::notifications::Column::RelatedEntityId.eq(id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(notified, 1);

    // A draft made with createAssignment is dispatched with dispatchDraftAssignment.
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($i: CreateAssignmentInput!) { createAssignment(input: $i) { id status } }",
            json!({ "i": {
                "localAssociationId": demo_id("la", "trondheim"),
                "coordinatorId": user("blind.coordinator@meander.dev"),
                "peerMentorId": user("blind.mentor@meander.dev"),
                "title": "Utkast",
                "ciphertext": CIPHERTEXT,
                "keyReference": "k1",
                "encryptionScheme": "x25519-xsalsa20-poly1305",
            } }),
        )
        .await;
    let draft = ok(&body)["createAssignment"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($id: UUID!) { dispatchDraftAssignment(id: $id, channel: IN_APP) { assignment { status dispatchedAt } dispatch { fromStatus toStatus channel } } }",
            json!({ "id": draft }),
        )
        .await;
    let out = &ok(&body)["dispatchDraftAssignment"];
    assert_eq!(out["assignment"]["status"], "DISPATCHED");
    assert_eq!(out["dispatch"]["fromStatus"], "DRAFT");
    assert_eq!(out["dispatch"]["channel"], "IN_APP");
    assert!(!out["assignment"]["dispatchedAt"].is_null());
}

#[tokio::test]
async fn dispatch_assignments_permission_is_required() {
    let app = TestApp::spawn().await;
    let mentor = app.token("blind.mentor@meander.dev").await;
    let before = assignment_count(&app).await;
    let body = app
        .gql(
            Some(&mentor),
            DISPATCH,
            json!({ "i": input("trondheim", "blind.mentor@meander.dev") }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    assert_eq!(assignment_count(&app).await, before);
}

#[tokio::test]
async fn encrypted_assignment_consent_gate_refuses_a_mentor_who_does_not_accept() {
    let app = TestApp::spawn().await;
    // Ola (NHF Oslo) has not consented to encrypted assignments.
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let before = assignment_count(&app).await;
    let body = app
        .gql(
            Some(&coordinator),
            DISPATCH,
            json!({ "i": input("oslo", "nhf.mentor@meander.dev") }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        rule(&body),
        ("peerMentorId", "encrypted_assignment_consent_gate")
    );
    // Nothing half-written.
    assert_eq!(assignment_count(&app).await, before);
}

#[tokio::test]
async fn paused_mentor_hidden_from_assignment_matching_refuses_dispatch_to_a_paused_mentor() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let mut anne = profile(&app, "blindeforbundet", "blind.mentor@meander.dev")
        .await
        .into_active_model();
    anne.status = Set(profiles::PeerMentorStatus::Paused);
    anne.paused_at = Set(Some(app.now()));
    anne.update(&app.db).await.unwrap();
    let before = assignment_count(&app).await;
    let body = app
        .gql(
            Some(&coordinator),
            DISPATCH,
            json!({ "i": input("trondheim", "blind.mentor@meander.dev") }),
        )
        .await;
    assert_eq!(
        rule(&body),
        (
            "peerMentorId",
            "paused_mentor_hidden_from_assignment_matching"
        ),
        "{body}"
    );
    assert_eq!(assignment_count(&app).await, before);
}

#[tokio::test]
async fn recipient_in_local_association_and_dispatcher_scope_are_enforced() {
    let app = TestApp::spawn().await;
    // The org admin names Tromsø, but Anne is a mentor of Trondheim.
    let admin = app.token("blind.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            DISPATCH,
            json!({ "i": input("tromso", "blind.mentor@meander.dev") }),
        )
        .await;
    assert_eq!(
        rule(&body),
        ("peerMentorId", "recipient_in_local_association"),
        "{body}"
    );

    // HLF: Eva (Kristiansand) accepts encrypted assignments; the Drammen coordinator cannot
    // dispatch in Kristiansand.
    let mut eva = profile(&app, "hlf", "hlf.mentor@meander.dev")
        .await
        .into_active_model();
    eva.accepts_encrypted_assignments = Set(true);
    eva.consent_given_at = Set(Some(app.now()));
    eva.consent_version = Set(Some("kryptert-oppdrag-v2".into()));
    eva.update(&app.db).await.unwrap();
    let before = assignment_count(&app).await;
    let drammen = app.token("hlf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&drammen),
            DISPATCH,
            json!({ "i": input("kristiansand", "hlf.mentor@meander.dev") }),
        )
        .await;
    assert!(
        matches!(error_code(&body), "FORBIDDEN" | "BAD_USER_INPUT"),
        "{body}"
    );
    assert_eq!(assignment_count(&app).await, before);
    // The org admin reaches Kristiansand.
    let hlf_admin = app.token("hlf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&hlf_admin),
            DISPATCH,
            json!({ "i": input("kristiansand", "hlf.mentor@meander.dev") }),
        )
        .await;
    assert_eq!(
        ok(&body)["dispatchAssignment"]["assignment"]["status"],
        "DISPATCHED"
    );
}

#[tokio::test]
async fn required_fields_and_ciphertext_base64_reject_bad_input() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let before = assignment_count(&app).await;
    for (patch, field, expected) in [
        (json!({ "title": "  " }), "title", "required_fields"),
        (json!({ "title": "x".repeat(201) }), "title", "title_length"),
        (
            json!({ "ciphertext": "Navn: Kjell, Byåsen" }),
            "ciphertext",
            "ciphertext_base64",
        ),
        (
            json!({ "keyReference": "" }),
            "keyReference",
            "required_fields",
        ),
    ] {
        let mut i = input("trondheim", "blind.mentor@meander.dev");
        for (k, v) in patch.as_object().unwrap() {
            i[k] = v.clone();
        }
        let body = app
            .gql(Some(&coordinator), DISPATCH, json!({ "i": i }))
            .await;
        assert_eq!(rule(&body), (field, expected), "{body}");
    }
    assert_eq!(assignment_count(&app).await, before);
}

#[tokio::test]
async fn assignment_dispatches_trail_follows_every_state_change_through_completion() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let mentor = app.token("blind.mentor@meander.dev").await;
    let id = dispatch_to_anne(&app, &coordinator).await;

    let body = app.gql(Some(&mentor), DELIVERED, json!({ "id": id })).await;
    assert_eq!(
        ok(&body)["confirmAssignmentDelivered"]["assignment"]["status"],
        "DELIVERED"
    );
    // A repeat (another device) changes nothing.
    let body = app.gql(Some(&mentor), DELIVERED, json!({ "id": id })).await;
    assert!(ok(&body)["confirmAssignmentDelivered"]["dispatch"].is_null());

    let body = app.gql(Some(&mentor), OPEN, json!({ "id": id })).await;
    let opened = &ok(&body)["openAssignment"];
    assert_eq!(opened["ciphertext"], CIPHERTEXT);
    assert_eq!(opened["firstOpen"], true);
    assert_eq!(opened["assignment"]["status"], "READ");
    assert_eq!(opened["readReceipt"]["devicePlatform"], "ios");
    assert!(!opened["readReceipt"]["dispatchId"].is_null());

    let body = app.gql(Some(&mentor), ACCEPT, json!({ "id": id })).await;
    let accepted = &ok(&body)["acceptAssignment"];
    assert_eq!(accepted["assignment"]["status"], "ACCEPTED");
    assert_eq!(accepted["consent"]["decision"], "ACCEPTED");
    assert_eq!(accepted["consent"]["consentTextVersion"], "2025-01");

    let body = app.gql(Some(&mentor), COMPLETE, json!({ "id": id })).await;
    assert_eq!(
        ok(&body)["completeAssignment"]["assignment"]["status"],
        "COMPLETED"
    );

    assert_eq!(
        trail(&app, id).await,
        ["dispatched", "delivered", "read", "accepted", "completed"]
    );
    // The coordinator sees the whole trail through the generic API.
    let body = app
        .gql(
            Some(&coordinator),
            "query($id: UUID!) { assignment(id: $id) { dispatches { nodes { toStatus } } consents { nodes { decision } } readReceipts { nodes { userId } } } }",
            json!({ "id": id }),
        )
        .await;
    let a = &ok(&body)["assignment"];
    assert_eq!(a["dispatches"]["nodes"].as_array().unwrap().len(), 5);
    assert_eq!(a["consents"]["nodes"][0]["decision"], "ACCEPTED");
    assert_eq!(
        a["readReceipts"]["nodes"][0]["userId"],
        json!(user("blind.mentor@meander.dev"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn read_receipt_first_open_writes_exactly_one_receipt_under_concurrent_opens() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let mentor = app.token("blind.mentor@meander.dev").await;
    let id = dispatch_to_anne(&app, &coordinator).await;

    let opens = (0..8)
        .map(|_| (mentor.as_str(), OPEN, json!({ "id": id })))
        .collect();
    let bodies = concurrently(&app, opens).await;
    let mut first = 0;
    for body in &bodies {
        let opened = &ok(body)["openAssignment"];
        assert_eq!(opened["ciphertext"], CIPHERTEXT);
        assert_eq!(opened["assignment"]["status"], "READ");
        if opened["firstOpen"] == true {
            first += 1;
        }
    }
    assert_eq!(first, 1, "exactly one open is the first");
    let receipts = assignment_read_receipts::Entity::find()
        .filter(assignment_read_receipts::Column::AssignmentId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(receipts.len(), 1);
    // Every open answered with the same receipt.
    for body in &bodies {
        assert_eq!(
            body["data"]["openAssignment"]["readReceipt"]["id"],
            json!(receipts[0].id)
        );
    }
    // One `read` transition in the trail.
    assert_eq!(trail(&app, id).await, ["dispatched", "read"]);
    let row = assignments::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.read_at, Some(receipts[0].read_at));
}

#[tokio::test]
async fn payload_is_only_for_the_recipient_who_accepts_encrypted_assignments() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let mentor = app.token("blind.mentor@meander.dev").await;
    let id = dispatch_to_anne(&app, &coordinator).await;

    // The coordinator sees the assignment but never its payload.
    let body = app.gql(Some(&coordinator), OPEN, json!({ "id": id })).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = app
        .gql(
            Some(&coordinator),
            "query($id: UUID!) { assignment(id: $id) { title ciphertext } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(body["data"]["assignment"]["ciphertext"], Value::Null);
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // Another organization's mentor: as if it did not exist.
    let other = app.token("hlf.mentor@meander.dev").await;
    let body = app.gql(Some(&other), OPEN, json!({ "id": id })).await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    // No receipt from any of that.
    let receipts = assignment_read_receipts::Entity::find()
        .filter(assignment_read_receipts::Column::AssignmentId.eq(id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(receipts, 0);

    // The recipient withdraws consent: the payload is refused.
    let mut anne = profile(&app, "blindeforbundet", "blind.mentor@meander.dev")
        .await
        .into_active_model();
    anne.accepts_encrypted_assignments = Set(false);
    anne.update(&app.db).await.unwrap();
    let body = app.gql(Some(&mentor), OPEN, json!({ "id": id })).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = app
        .gql(
            Some(&mentor),
            "query($id: UUID!) { assignment(id: $id) { ciphertext } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn assignment_status_transition_guards_accept_decline_complete_and_cancel() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let mentor = app.token("blind.mentor@meander.dev").await;
    let id = dispatch_to_anne(&app, &coordinator).await;

    // Accepting needs the content opened first; completing needs an acceptance.
    let body = app.gql(Some(&mentor), ACCEPT, json!({ "id": id })).await;
    assert_eq!(
        rule(&body),
        ("status", "assignment_status_transition"),
        "{body}"
    );
    let body = app.gql(Some(&mentor), COMPLETE, json!({ "id": id })).await;
    assert_eq!(
        rule(&body),
        ("status", "assignment_status_transition"),
        "{body}"
    );
    // A reason goes only with a decline; the consent text version is required.
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { acceptAssignment(id: $id, consentTextVersion: \" \") { assignment { status } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        rule(&body),
        ("consentTextVersion", "required_fields"),
        "{body}"
    );

    // Decline (from dispatched) with a reason: one consent row.
    let body = app
        .gql(
            Some(&mentor),
            DECLINE,
            json!({ "id": id, "r": "Ingen kapasitet denne måneden" }),
        )
        .await;
    let declined = &ok(&body)["declineAssignment"];
    assert_eq!(declined["assignment"]["status"], "DECLINED");
    assert_eq!(declined["consent"]["decision"], "DECLINED");
    assert_eq!(
        declined["consent"]["declineReason"],
        "Ingen kapasitet denne måneden"
    );
    // No second answer, no opening a declined assignment, no cancelling it.
    let body = app.gql(Some(&mentor), ACCEPT, json!({ "id": id })).await;
    assert_eq!(rule(&body).1, "assignment_status_transition", "{body}");
    let body = app.gql(Some(&mentor), OPEN, json!({ "id": id })).await;
    assert_eq!(rule(&body).1, "assignment_status_transition", "{body}");
    let body = app
        .gql(Some(&coordinator), CANCEL, json!({ "id": id, "r": null }))
        .await;
    assert_eq!(rule(&body).1, "assignment_status_transition", "{body}");
    let consents = assignment_consents::Entity::find()
        .filter(assignment_consents::Column::AssignmentId.eq(id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(consents, 1);

    // Cancelling: only a dispatcher; afterwards the mentor cannot open it.
    let id = dispatch_to_anne(&app, &coordinator).await;
    let body = app
        .gql(Some(&mentor), CANCEL, json!({ "id": id, "r": null }))
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = app
        .gql(
            Some(&coordinator),
            CANCEL,
            json!({ "id": id, "r": "Brukeren har flyttet" }),
        )
        .await;
    let cancelled = &ok(&body)["cancelAssignment"];
    assert_eq!(cancelled["assignment"]["status"], "CANCELLED");
    assert_eq!(cancelled["dispatch"]["fromStatus"], "DISPATCHED");
    let body = app.gql(Some(&mentor), OPEN, json!({ "id": id })).await;
    assert_eq!(rule(&body).1, "assignment_status_transition", "{body}");
    assert_eq!(trail(&app, id).await, ["dispatched", "cancelled"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_accept_and_decline_leave_exactly_one_answer() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let mentor = app.token("blind.mentor@meander.dev").await;
    let id = dispatch_to_anne(&app, &coordinator).await;
    ok(&app.gql(Some(&mentor), OPEN, json!({ "id": id })).await);

    let bodies = concurrently(
        &app,
        vec![
            (mentor.as_str(), ACCEPT, json!({ "id": id })),
            (mentor.as_str(), DECLINE, json!({ "id": id, "r": null })),
        ],
    )
    .await;
    let (a, d) = (bodies[0].clone(), bodies[1].clone());
    let wins = [&a, &d].iter().filter(|b| b["errors"].is_null()).count();
    assert_eq!(wins, 1, "{a} {d}");
    for b in [&a, &d] {
        if !b["errors"].is_null() {
            assert_eq!(rule(b).1, "assignment_status_transition", "{b}");
        }
    }
    let consents = assignment_consents::Entity::find()
        .filter(assignment_consents::Column::AssignmentId.eq(id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(consents, 1);
    assert_eq!(trail(&app, id).await.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn assignment_threshold_honorar_completion_counts_once_toward_the_counter() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let mentor = app.token("blind.mentor@meander.dev").await;
    let org = demo_id("org", "blindeforbundet");
    // Anne has 14 completed assignments in the current period: the next one is the 15th.
    let start =
        meander_gateway::workflows::peer_mentors::current_period_start(&app.db, org, app.now())
            .await
            .unwrap();
    let mut anne = profile(&app, "blindeforbundet", "blind.mentor@meander.dev")
        .await
        .into_active_model();
    anne.assignment_count_current_period = Set(14);
    anne.assignment_period_start = Set(Some(start));
    anne.update(&app.db).await.unwrap();

    let id = dispatch_to_anne(&app, &coordinator).await;
    ok(&app.gql(Some(&mentor), OPEN, json!({ "id": id })).await);
    ok(&app.gql(Some(&mentor), ACCEPT, json!({ "id": id })).await);

    // The mentor and the coordinator complete it at the same time: it counts once.
    let bodies = concurrently(
        &app,
        vec![
            (mentor.as_str(), COMPLETE, json!({ "id": id })),
            (coordinator.as_str(), COMPLETE, json!({ "id": id })),
            (mentor.as_str(), COMPLETE, json!({ "id": id })),
        ],
    )
    .await;
    let winners: Vec<&Value> = bodies.iter().filter(|b| b["errors"].is_null()).collect();
    assert_eq!(winners.len(), 1, "{bodies:?}");
    for b in bodies.iter().filter(|b| !b["errors"].is_null()) {
        assert_eq!(rule(b).1, "assignment_status_transition", "{b}");
    }
    let done = &winners[0]["data"]["completeAssignment"];
    assert_eq!(done["assignment"]["status"], "COMPLETED");
    assert_eq!(done["assignmentCountCurrentPeriod"], 15);
    assert_eq!(done["honorariumRecords"][0]["assignmentCount"], 15);
    assert_eq!(done["honorariumRecords"][0]["assignmentId"], json!(id));

    let anne = profile(&app, "blindeforbundet", "blind.mentor@meander.dev").await;
    assert_eq!(anne.assignment_count_current_period, 15);
    let records = assignment_honorarium_records::Entity::find()
        .filter(assignment_honorarium_records::Column::AssignmentId.eq(id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(records, 1);
    assert_eq!(trail(&app, id).await.last().unwrap(), "completed");
}

#[tokio::test]
async fn an_assignment_counted_by_its_approved_activity_does_not_count_again_on_completion() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let mentor = app.token("blind.mentor@meander.dev").await;
    let org = demo_id("org", "blindeforbundet");
    let start =
        meander_gateway::workflows::peer_mentors::current_period_start(&app.db, org, app.now())
            .await
            .unwrap();
    let mut anne = profile(&app, "blindeforbundet", "blind.mentor@meander.dev")
        .await
        .into_active_model();
    anne.assignment_count_current_period = Set(5);
    anne.assignment_period_start = Set(Some(start));
    anne.update(&app.db).await.unwrap();
    let contact = entity::contacts::Entity::find()
        .filter(entity::contacts::Column::OrganizationId.eq(org))
        .filter(entity::contacts::Column::LocalAssociationId.eq(demo_id("la", "trondheim")))
        .filter(entity::contacts::Column::DeletedAt.is_null())
        .order_by_asc(entity::contacts::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a Trondheim contact")
        .id;

    let mut i = input("trondheim", "blind.mentor@meander.dev");
    i["contactId"] = json!(contact);
    let body = app
        .gql(Some(&coordinator), DISPATCH, json!({ "i": i }))
        .await;
    let id = ok(&body)["dispatchAssignment"]["assignment"]["id"].clone();
    ok(&app.gql(Some(&mentor), OPEN, json!({ "id": id })).await);
    ok(&app.gql(Some(&mentor), ACCEPT, json!({ "id": id })).await);

    // The visit is registered and approved: the activity workflow counts the assignment.
    let body = app
        .gql(
            Some(&mentor),
            "mutation($i: RegisterActivityInput!) { registerActivity(input: $i) { activity { id } } }",
            json!({ "i": {
                "activityTypeId": demo_id("activity_type", "blindeforbundet:phone_call"),
                "activityDate": app.now().to_rfc3339(),
                "contactId": contact,
            } }),
        )
        .await;
    let activity = ok(&body)["registerActivity"]["activity"]["id"].clone();
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($id: UUID!) { approveActivity(id: $id) { assignmentCount } }",
            json!({ "id": activity }),
        )
        .await;
    assert_eq!(ok(&body)["approveActivity"]["assignmentCount"], 6);

    // Completing the assignment afterwards does not count it a second time.
    let body = app.gql(Some(&mentor), COMPLETE, json!({ "id": id })).await;
    let done = &ok(&body)["completeAssignment"];
    assert_eq!(done["assignment"]["status"], "COMPLETED");
    assert!(done["assignmentCountCurrentPeriod"].is_null(), "{done}");
    let anne = profile(&app, "blindeforbundet", "blind.mentor@meander.dev").await;
    assert_eq!(anne.assignment_count_current_period, 6);
}
