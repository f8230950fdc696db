//! Validation rules of activities.

use super::*;

#[tokio::test]
async fn required_fields_are_what_the_activity_type_requires() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    // A home visit needs a contact and a location.
    let visit = json!({
        "activityTypeId": activity_type("nhf", "home_visit"),
        "activityDate": hours_ago(2),
    });
    let body = register(&app, &mentor, visit.clone()).await;
    assert_rule(&body, "contactId", "required_fields");
    let body = register(
        &app,
        &mentor,
        with(
            visit.clone(),
            json!({ "contactId": contact("nhf:astrid-solberg"), "location": "  " }),
        ),
    )
    .await;
    assert_rule(&body, "location", "required_fields");
    let body = register(
        &app,
        &mentor,
        with(
            visit,
            json!({ "contactId": contact("nhf:astrid-solberg"), "location": "Tåsen" }),
        ),
    )
    .await;
    ok(&body);
    // Administrative work requires none of them.
    let body = register(
        &app,
        &mentor,
        json!({ "activityTypeId": activity_type("nhf", "admin_work"), "activityDate": hours_ago(3) }),
    )
    .await;
    ok(&body);
}

#[tokio::test]
async fn duration_range_rejects_zero_and_more_than_a_day() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let before = activities_count(&app).await;
    for minutes in [0, -5, 1441] {
        let body = register(
            &app,
            &mentor,
            with(phone_call(2), json!({ "durationMinutes": minutes })),
        )
        .await;
        assert_rule(&body, "durationMinutes", "duration_range");
    }
    assert_eq!(activities_count(&app).await, before, "nothing written");
    let body = register(
        &app,
        &mentor,
        with(phone_call(2), json!({ "durationMinutes": 1440 })),
    )
    .await;
    ok(&body);
}

#[tokio::test]
async fn valid_user_reference_rejects_unknown_users_and_non_mentors() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let body = app
        .gql(
            Some(&coordinator),
            &proxy_q(),
            json!({ "i": { "peerMentorId": Uuid::new_v4(), "activity": phone_call(2) } }),
        )
        .await;
    assert_rule(&body, "peerMentorId", "valid_user_reference");
    // An org admin is not a peer mentor.
    let body = app
        .gql(
            Some(&coordinator),
            &proxy_q(),
            json!({ "i": { "peerMentorId": user(NHF_ADMIN), "activity": phone_call(2) } }),
        )
        .await;
    assert_rule(&body, "peerMentorId", "valid_user_reference");
    // A peer mentor of another organization answers like an unknown user.
    let body = app
        .gql(
            Some(&coordinator),
            &proxy_q(),
            json!({ "i": { "peerMentorId": user(BLIND_MENTOR), "activity": phone_call(2) } }),
        )
        .await;
    assert_rule(&body, "peerMentorId", "valid_user_reference");
}

#[tokio::test]
async fn valid_contact_reference_rejects_contacts_out_of_scope() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    for c in [
        contact("nhf:silje-mathisen"), // Bergen: not linked to the mentor
        contact("blindeforbundet:kjell-rognes"), // another organization
        Uuid::new_v4(),                // does not exist
    ] {
        let body = register(
            &app,
            &mentor,
            with(phone_call(2), json!({ "contactId": c })),
        )
        .await;
        assert_rule(&body, "contactId", "valid_contact_reference");
    }
}

#[tokio::test]
async fn proxy_fields_consistency_refuses_a_proxy_registration_for_yourself() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let body = app
        .gql(
            Some(&coordinator),
            &proxy_q(),
            json!({ "i": { "peerMentorId": user(NHF_COORDINATOR), "activity": phone_call(2) } }),
        )
        .await;
    assert_rule(&body, "peerMentorId", "proxy_fields_consistency");
    // Own registrations never carry proxy fields.
    let mentor = login(&app, MENTOR, "nhf").await;
    let body = register(&app, &mentor, phone_call(2)).await;
    ok(&body);
    let a = &body["data"]["registerActivity"]["activity"];
    assert_eq!(
        (
            a["isProxyRegistration"].clone(),
            a["proxySubmittedBy"].clone()
        ),
        (json!(false), Value::Null)
    );
}

#[tokio::test]
async fn bulk_fields_consistency_refuses_empty_and_repeated_entries() {
    let app = TestApp::spawn().await;
    let start = app.now();
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let template = json!({
        "localAssociationId": la("oslo"),
        "activityTypeId": activity_type("nhf", "group_meeting"),
        "activityDate": hours_ago(5),
        "location": "NHF Oslo",
    });
    let body = app
        .gql(
            Some(&coordinator),
            &bulk_q(),
            json!({ "i": with(template.clone(), json!({ "entries": [] })) }),
        )
        .await;
    assert_rule(&body, "entries", "bulk_fields_consistency");
    let entries = json!([
        { "peerMentorId": user(MENTOR) },
        { "peerMentorId": user(MENTOR2) },
        { "peerMentorId": user(MENTOR) },
    ]);
    let body = app
        .gql(
            Some(&coordinator),
            &bulk_q(),
            json!({ "i": with(template, json!({ "entries": entries })) }),
        )
        .await;
    assert_rule(&body, "entries[2].peerMentorId", "bulk_fields_consistency");
    // Only the batch with an invalid entry is on record (as failed); nothing else was written.
    let batches = entity::bulk_registrations::Entity::find()
        .filter(entity::bulk_registrations::Column::CreatedById.eq(user(NHF_COORDINATOR)))
        .filter(entity::bulk_registrations::Column::CreatedAt.gt(start))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(
        batches[0].status,
        entity::bulk_registrations::BulkRegistrationStatus::Failed
    );
    assert_eq!(
        entity::activities::Entity::find()
            .filter(entity::activities::Column::BulkBatchId.eq(batches[0].id))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn activity_type_enum_accepts_only_active_types_of_the_organization() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    for t in [
        activity_type("blindeforbundet", "phone_call"),
        Uuid::new_v4(),
    ] {
        let body = register(
            &app,
            &mentor,
            with(phone_call(2), json!({ "activityTypeId": t })),
        )
        .await;
        assert_rule(&body, "activityTypeId", "activity_type_enum");
    }
    // An inactive type stays on old activities but takes no new ones.
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let t = entity::activity_types::Entity::find_by_id(activity_type("nhf", "phone_call"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am = t.into_active_model();
    am.is_active = Set(false);
    am.update(&app.db).await.unwrap();
    let body = register(&app, &mentor, phone_call(2)).await;
    assert_rule(&body, "activityTypeId", "activity_type_enum");
}

#[tokio::test]
async fn status_enum_allows_only_draft_or_pending_review_on_creation() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    for s in ["APPROVED", "REJECTED", "FLAGGED"] {
        let body = register(&app, &mentor, with(phone_call(2), json!({ "status": s }))).await;
        assert_rule(&body, "status", "status_enum");
    }
    let body = register(
        &app,
        &mentor,
        with(phone_call(2), json!({ "status": "DRAFT" })),
    )
    .await;
    ok(&body);
    assert_eq!(
        body["data"]["registerActivity"]["activity"]["status"],
        "DRAFT"
    );
    // Unknown values never reach the rules: GraphQL refuses them.
    let body = register(
        &app,
        &mentor,
        with(phone_call(2), json!({ "status": "DONE" })),
    )
    .await;
    assert!(!body["errors"].is_null(), "{body}");
}

#[tokio::test]
async fn title_length_rejects_blank_and_over_200_characters() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    for title in ["   ".to_string(), "x".repeat(201)] {
        let body = register(
            &app,
            &mentor,
            with(phone_call(2), json!({ "title": title })),
        )
        .await;
        assert_rule(&body, "title", "title_length");
    }
    let body = register(
        &app,
        &mentor,
        with(phone_call(2), json!({ "title": "y".repeat(200) })),
    )
    .await;
    ok(&body);
}

#[tokio::test]
async fn description_length_rejects_over_5000_characters() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let body = register(
        &app,
        &mentor,
        with(phone_call(2), json!({ "description": "d".repeat(5001) })),
    )
    .await;
    assert_rule(&body, "description", "description_length");
    let body = register(
        &app,
        &mentor,
        with(phone_call(2), json!({ "description": "d".repeat(5000) })),
    )
    .await;
    ok(&body);
}

#[tokio::test]
async fn participant_count_positive_rejects_zero_and_defaults_to_one() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    for n in [0, -1] {
        let body = register(
            &app,
            &mentor,
            with(phone_call(2), json!({ "participantCount": n })),
        )
        .await;
        assert_rule(&body, "participantCount", "participant_count_positive");
    }
    let body = register(&app, &mentor, phone_call(2)).await;
    ok(&body);
    assert_eq!(
        body["data"]["registerActivity"]["activity"]["participantCount"],
        1
    );
}

#[tokio::test]
async fn immutable_after_approval_refuses_edits_of_approved_activities() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let id = registered(&app, &mentor, phone_call(2)).await;
    // Before approval the mentor edits, and the change is logged with old and new values.
    let body = app
        .gql(
            Some(&mentor),
            EDIT,
            json!({ "id": id, "i": { "durationMinutes": 40, "title": "Samtale om hjelpemidler" } }),
        )
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["editActivity"]["activity"]["durationMinutes"],
        40
    );
    let log = entity::activity_logs::Entity::find()
        .filter(entity::activity_logs::Column::ActivityId.eq(id.parse::<Uuid>().unwrap()))
        .filter(
            entity::activity_logs::Column::Action
                .eq(entity::activity_logs::ActivityLogAction::Updated),
        )
        .one(&app.db)
        .await
        .unwrap()
        .expect("an updated log row");
    assert_eq!(
        log.changes.unwrap()["durationMinutes"],
        json!({ "from": 25, "to": 40 })
    );
    // Edits go through the field rules too.
    let body = app
        .gql(
            Some(&mentor),
            EDIT,
            json!({ "id": id, "i": { "durationMinutes": 0 } }),
        )
        .await;
    assert_rule(&body, "durationMinutes", "duration_range");

    ok(&app
        .gql(Some(&coordinator), APPROVE, json!({ "id": id }))
        .await);
    for (who, input) in [
        (&mentor, json!({ "durationMinutes": 60 })),
        (&coordinator, json!({ "description": "Etterregistrert" })),
    ] {
        let body = app
            .gql(Some(who), EDIT, json!({ "id": id, "i": input }))
            .await;
        assert_rule(&body, "id", "immutable_after_approval");
    }
    let a = entity::activities::Entity::find_by_id(id.parse::<Uuid>().unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((a.duration_minutes, a.description), (40, None));
}
