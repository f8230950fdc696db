//! Completed assignments and the honorarium counter: each counts once.

use super::*;

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
