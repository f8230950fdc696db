//! An assignment's life after dispatch: the trail, the first open, the payload, the status guards, concurrent answers.

use super::*;

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
