//! Defaults of activities, and concurrent registrations, decisions and replays.

use super::*;

#[tokio::test]
async fn quick_log_defaults_duration_participants_date_and_title() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let body = app
        .gql(
            Some(&mentor),
            &format!("mutation($i: QuickLogActivityInput!) {{ quickLogActivity(input: $i) {{ activity {{ {ACTIVITY_FIELDS} }} }} }}"),
            json!({ "i": { "activityTypeId": activity_type("nhf", "phone_call"), "contactId": contact("nhf:astrid-solberg") } }),
        )
        .await;
    ok(&body);
    let a = &body["data"]["quickLogActivity"]["activity"];
    assert_eq!(a["durationMinutes"], 30);
    assert_eq!(a["participantCount"], 1);
    assert_eq!(a["status"], "PENDING_REVIEW");
    assert_eq!(a["title"], "Telefonsamtale – Astrid Solberg");
    assert_eq!(a["userId"], json!(user(MENTOR)));
    assert_eq!(a["localAssociationId"], json!(la("oslo")));
    let date = chrono::DateTime::parse_from_rfc3339(a["activityDate"].as_str().unwrap()).unwrap();
    assert!((app.now() - date.with_timezone(&Utc)).num_seconds().abs() < 60);
    // The wizard without a duration takes the activity type's default (home visit: 60).
    let body = register(
        &app,
        &mentor,
        json!({ "activityTypeId": activity_type("nhf", "home_visit"), "activityDate": hours_ago(2), "contactId": contact("nhf:astrid-solberg"), "location": "Tåsen" }),
    )
    .await;
    ok(&body);
    assert_eq!(
        body["data"]["registerActivity"]["activity"]["durationMinutes"],
        60
    );
    assert_eq!(
        body["data"]["registerActivity"]["activity"]["title"],
        "Hjemmebesøk – Astrid Solberg"
    );
}

#[tokio::test]
async fn concurrent_bulk_registrations_are_each_all_or_nothing() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let before = activities_count(&app).await;
    let good = json!({ "i": bulk_input(json!([{ "peerMentorId": user(MENTOR) }, { "peerMentorId": user(MENTOR2) }])) });
    let bad = json!({ "i": bulk_input(json!([{ "peerMentorId": user(MENTOR) }, { "peerMentorId": user(MENTOR2) }, { "peerMentorId": user(BERGEN_MENTOR) }])) });
    let q = bulk_q();
    let (a, b, c, d, e) = tokio::join!(
        app.gql(Some(&coordinator), &q, good.clone()),
        app.gql(Some(&coordinator), &q, bad.clone()),
        app.gql(Some(&coordinator), &q, good.clone()),
        app.gql(Some(&coordinator), &q, good.clone()),
        app.gql(Some(&coordinator), &q, bad.clone()),
    );
    for failed in [&b, &e] {
        assert_rule(failed, "entries[2].peerMentorId", "coordinator_proxy_scope");
    }
    let mut batches = Vec::new();
    for done in [&a, &c, &d] {
        ok(done);
        let r = &done["data"]["bulkRegisterActivities"];
        assert_eq!(r["activities"].as_array().unwrap().len(), 2);
        batches.push(
            r["bulkRegistration"]["id"]
                .as_str()
                .unwrap()
                .parse::<Uuid>()
                .unwrap(),
        );
    }
    for batch in &batches {
        let n = entity::activities::Entity::find()
            .filter(entity::activities::Column::BulkBatchId.eq(*batch))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(n, 2);
    }
    assert_eq!(activities_count(&app).await, before + 6);
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
    for f in failed {
        let n = entity::activities::Entity::find()
            .filter(entity::activities::Column::BulkBatchId.eq(f.id))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(n, 0);
    }
}

#[tokio::test]
async fn concurrent_decisions_on_one_activity_have_exactly_one_winner() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let admin = login(&app, NHF_ADMIN, "nhf").await;
    let id = registered(&app, &mentor, phone_call(2)).await;
    let (a, b, c) = tokio::join!(
        app.gql(Some(&coordinator), APPROVE, json!({ "id": id })),
        app.gql(Some(&admin), REJECT, json!({ "id": id })),
        app.gql(Some(&admin), APPROVE, json!({ "id": id })),
    );
    let winners = [&a, &b, &c]
        .iter()
        .filter(|r| r["errors"].is_null())
        .count();
    assert_eq!(winners, 1, "{a}\n{b}\n{c}");
    for r in [&a, &b, &c] {
        if !r["errors"].is_null() {
            assert_rule(r, "status", "approval_workflow_transition");
        }
    }
    let changes = entity::activity_logs::Entity::find()
        .filter(entity::activity_logs::Column::ActivityId.eq(id.parse::<Uuid>().unwrap()))
        .filter(
            entity::activity_logs::Column::Action
                .eq(entity::activity_logs::ActivityLogAction::StatusChanged),
        )
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(changes, 1);
}

#[tokio::test]
async fn concurrent_offline_replays_create_one_activity() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let before = activities_count(&app).await;
    let q = sync_q();
    let input = json!({ "i": { "deviceId": "iphone-ola", "clientId": "tmp-race", "activity": phone_call(6) } });
    let (a, b, c, d) = tokio::join!(
        app.gql(Some(&mentor), &q, input.clone()),
        app.gql(Some(&mentor), &q, input.clone()),
        app.gql(Some(&mentor), &q, input.clone()),
        app.gql(Some(&mentor), &q, input.clone()),
    );
    let mut ids = Vec::new();
    let mut fresh = 0;
    for r in [&a, &b, &c, &d] {
        ok(r);
        let s = &r["data"]["syncOfflineActivity"];
        ids.push(s["activity"]["id"].clone());
        if s["replayed"] == false {
            fresh += 1;
        }
    }
    assert_eq!(fresh, 1, "exactly one sync created it");
    assert!(ids.iter().all(|i| *i == ids[0]));
    assert_eq!(activities_count(&app).await, before + 1);
}
