//! Dispatching an assignment: what is stored, who may dispatch, to whom.

use super::*;

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
