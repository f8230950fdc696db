//! Business rules of activities: bulk batches, future dates, offline sync, the audit trail,
//! assignment counting.

use super::*;

#[tokio::test]
async fn bulk_batch_atomicity_rolls_back_the_whole_batch_and_names_the_entry() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let before = activities_count(&app).await;
    let entries = json!([
        { "peerMentorId": user(MENTOR) },
        { "peerMentorId": user(MENTOR2), "durationMinutes": 90 },
        { "peerMentorId": user(BERGEN_MENTOR) },
    ]);
    let body = app
        .gql(
            Some(&coordinator),
            &bulk_q(),
            json!({ "i": bulk_input(entries) }),
        )
        .await;
    assert_rule(&body, "entries[2].peerMentorId", "coordinator_proxy_scope");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("entries[2]"),
        "{body}"
    );
    let body2 = app
        .gql(Some(&coordinator), &bulk_q(), json!({ "i": bulk_input(json!([{ "peerMentorId": user(MENTOR) }, { "peerMentorId": user(MENTOR2), "durationMinutes": 0 }])) }))
        .await;
    assert_rule(&body2, "entries[1].durationMinutes", "duration_range");
    assert_eq!(
        activities_count(&app).await,
        before,
        "no activity of a failed batch remains"
    );
    // The failed batches are on record, with no activities.
    let failed = entity::bulk_registrations::Entity::find()
        .filter(
            entity::bulk_registrations::Column::Status
                .eq(entity::bulk_registrations::BulkRegistrationStatus::Failed),
        )
        .filter(entity::bulk_registrations::Column::CreatedById.eq(user(NHF_COORDINATOR)))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(failed.len(), 2);
    assert!(
        failed
            .iter()
            .all(|b| b.activities_created == 0 && b.error_message.is_some())
    );

    let body = app
        .gql(Some(&coordinator), &bulk_q(), json!({ "i": bulk_input(json!([{ "peerMentorId": user(MENTOR) }, { "peerMentorId": user(MENTOR2), "durationMinutes": 90 }])) }))
        .await;
    ok(&body);
    let r = &body["data"]["bulkRegisterActivities"];
    let batch = &r["bulkRegistration"];
    assert_eq!(batch["status"], "COMPLETED");
    assert_eq!(
        (
            batch["activitiesCreated"].as_i64(),
            batch["mentorCount"].as_i64()
        ),
        (Some(2), Some(2))
    );
    assert_eq!(batch["createdById"], json!(user(NHF_COORDINATOR)));
    let acts = r["activities"].as_array().unwrap();
    assert_eq!(acts.len(), 2);
    assert_eq!(acts[0]["userId"], json!(user(MENTOR)));
    assert_eq!(acts[1]["userId"], json!(user(MENTOR2)));
    assert_eq!(acts[1]["durationMinutes"], 90);
    assert_eq!(acts[0]["durationMinutes"], 120);
    for a in acts {
        assert_eq!(a["isBulkRegistration"], true);
        assert_eq!(a["bulkBatchId"], batch["id"]);
        assert_eq!(a["isProxyRegistration"], false);
        assert_eq!(a["participantCount"], 8);
        assert_eq!(a["status"], "PENDING_REVIEW");
    }
    assert_eq!(activities_count(&app).await, before + 2);
}

#[tokio::test]
async fn activity_date_not_future_rejects_more_than_24_hours_ahead() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let body = register(
        &app,
        &mentor,
        with(phone_call(0), json!({ "activityDate": hours_ago(-25) })),
    )
    .await;
    assert_rule(&body, "activityDate", "activity_date_not_future");
    let body = register(
        &app,
        &mentor,
        with(phone_call(0), json!({ "activityDate": hours_ago(-23) })),
    )
    .await;
    ok(&body);
}

#[tokio::test]
async fn offline_sync_conflict_resolution_replays_return_the_server_version() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let input =
        json!({ "deviceId": "iphone-ola", "clientId": "tmp-0001", "activity": phone_call(6) });
    let body = app
        .gql(Some(&mentor), &sync_q(), json!({ "i": input }))
        .await;
    ok(&body);
    let first = body["data"]["syncOfflineActivity"].clone();
    assert_eq!(
        (first["replayed"].as_bool(), first["conflict"].as_bool()),
        (Some(false), Some(false))
    );
    assert!(first["activity"]["syncedAt"].is_string(), "{first}");
    let before = activities_count(&app).await;
    // The same replay, and a replay with edited fields: the server version wins.
    for activity in [
        phone_call(6),
        with(phone_call(6), json!({ "durationMinutes": 55 })),
    ] {
        let body = app
            .gql(Some(&mentor), &sync_q(), json!({ "i": { "deviceId": "iphone-ola", "clientId": "tmp-0001", "activity": activity } }))
            .await;
        ok(&body);
        let again = &body["data"]["syncOfflineActivity"];
        assert_eq!(again["replayed"], true);
        assert_eq!(again["activity"], first["activity"]);
    }
    // From the mentor's other device, with the same client id: the same activity.
    let body = app
        .gql(Some(&mentor), &sync_q(), json!({ "i": { "deviceId": "ipad-ola", "clientId": "tmp-0001", "activity": phone_call(6) } }))
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["syncOfflineActivity"]["activity"]["id"],
        first["activity"]["id"]
    );
    assert_eq!(activities_count(&app).await, before);
    let mappings = entity::offline_id_mappings::Entity::find()
        .filter(entity::offline_id_mappings::Column::ClientId.eq("tmp-0001"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(mappings.len(), 2, "one per device");
    let server: Uuid = first["activity"]["id"].as_str().unwrap().parse().unwrap();
    assert!(mappings.iter().all(|m| m.server_id == server
        && m.entity_type == "activities"
        && m.user_id == user(MENTOR)));
    // Another user's client id is theirs alone.
    let mentor2 = login(&app, MENTOR2, "nhf").await;
    let body = app
        .gql(Some(&mentor2), &sync_q(), json!({ "i": { "deviceId": "iphone-ola", "clientId": "tmp-0001", "activity": { "activityTypeId": activity_type("nhf", "admin_work"), "activityDate": hours_ago(1) } } }))
        .await;
    ok(&body);
    assert_eq!(body["data"]["syncOfflineActivity"]["replayed"], false);
    let body = app
        .gql(
            Some(&mentor),
            &sync_q(),
            json!({ "i": { "deviceId": " ", "clientId": "x", "activity": phone_call(6) } }),
        )
        .await;
    assert_rule(&body, "deviceId", "required_fields");
}

#[tokio::test]
async fn audit_trail_on_status_change_records_actor_statuses_and_notes() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let id = registered(
        &app,
        &mentor,
        with(phone_call(2), json!({ "status": "DRAFT" })),
    )
    .await;
    ok(&app
        .gql(
            Some(&mentor),
            SUBMIT,
            json!({ "id": id, "n": "Klar for godkjenning" }),
        )
        .await);
    ok(&app
        .gql(
            Some(&coordinator),
            APPROVE,
            json!({ "id": id, "n": "Godkjent" }),
        )
        .await);
    let body = app
        .gql(
            Some(&coordinator),
            "query($id: UUID!) { activity(id: $id) { logs { nodes { action actorUserId previousStatus newStatus notes createdAt } } } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let logs: Vec<Value> = body["data"]["activity"]["logs"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            assert!(l["createdAt"].is_string());
            json!([
                l["action"],
                l["actorUserId"],
                l["previousStatus"],
                l["newStatus"],
                l["notes"]
            ])
        })
        .collect();
    assert_eq!(
        logs,
        vec![
            json!(["CREATED", user(MENTOR), null, "DRAFT", null]),
            json!([
                "STATUS_CHANGED",
                user(MENTOR),
                "DRAFT",
                "PENDING_REVIEW",
                "Klar for godkjenning"
            ]),
            json!([
                "STATUS_CHANGED",
                user(NHF_COORDINATOR),
                "PENDING_REVIEW",
                "APPROVED",
                "Godkjent"
            ]),
        ]
    );
    // The mentor reads the history of their own activity; logs are never written by clients.
    let body = app
        .gql(
            Some(&mentor),
            "query($id: UUID!) { activity(id: $id) { logs { totalCount } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(body["data"]["activity"]["logs"]["totalCount"], 3, "{body}");
}

#[tokio::test]
async fn assignment_threshold_counting_counts_an_approved_assignment_activity_once() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, BLIND_MENTOR, "blindeforbundet").await;
    let coordinator = login(&app, BLIND_COORDINATOR, "blindeforbundet").await;
    let profile = || async {
        entity::peer_mentor_profiles::Entity::find()
            .filter(entity::peer_mentor_profiles::Column::UserId.eq(user(BLIND_MENTOR)))
            .filter(
                entity::peer_mentor_profiles::Column::OrganizationId
                    .eq(demo_id("org", "blindeforbundet")),
            )
            .filter(entity::peer_mentor_profiles::Column::DeletedAt.is_null())
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .assignment_count_current_period
    };
    // Kjell has an assignment dispatched to the mentor (read, not completed yet).
    let call = json!({
        "activityTypeId": activity_type("blindeforbundet", "phone_call"),
        "activityDate": hours_ago(2),
        "contactId": contact("blindeforbundet:kjell-rognes"),
    });
    let first = registered(&app, &mentor, call.clone()).await;
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": first }))
        .await;
    ok(&body);
    let counted = body["data"]["approveActivity"]["assignmentCount"]
        .as_i64()
        .expect("counted");
    assert_eq!(profile().await as i64, counted);
    // A second approved activity for the same assignment does not count again.
    let second = registered(
        &app,
        &mentor,
        with(call, json!({ "activityDate": hours_ago(30) })),
    )
    .await;
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": second }))
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["approveActivity"]["assignmentCount"],
        Value::Null
    );
    assert_eq!(profile().await as i64, counted);
    // Activities without an assignment, and rejected ones, never count.
    let other = registered(
        &app,
        &mentor,
        json!({ "activityTypeId": activity_type("blindeforbundet", "phone_call"), "activityDate": hours_ago(3), "contactId": contact("blindeforbundet:ragnhild-aune") }),
    )
    .await;
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": other }))
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["approveActivity"]["assignmentCount"],
        Value::Null
    );
    assert_eq!(profile().await as i64, counted);
}
