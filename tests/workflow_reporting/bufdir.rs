//! The Bufdir report: numbers against the hand-computed fixture, versions, permission and period scope.

use super::*;

#[tokio::test]
async fn bufdir_reporting_inclusion_report_numbers_match_the_hand_computed_fixture() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let fx = fixture(&app, &admin).await;
    let _ = (fx.c1, fx.c2, fx.c3);

    let body = app
        .gql(Some(&admin), &generate(), json!({ "p": fx.period }))
        .await;
    let out = &ok(&body)["generateBufdirReport"];
    let stats = &out["stats"];
    assert_eq!(stats["from"], "2019-01-01");
    assert_eq!(stats["to"], "2019-12-31");
    // Included: #1, 2, 3, 4, 5, 11 (6 is not_reported; 7, 8 not approved; 9, 10 outside;
    // 12 deleted; 13 another organization).
    assert_counts(&stats["totals"], (6, 360, 6.0, 14, 3, 3, 1), "totals");

    let by_type = &stats["byActivityType"];
    assert_eq!(by_type.as_array().unwrap().len(), 3, "{by_type}");
    let home = find(by_type, "key", json!("home_visit"));
    assert_eq!(home["bufdirCategory"], "INDIVIDUAL_SUPPORT");
    assert_eq!(
        home["activityTypeId"],
        json!(demo_id("activity_type", "nhf:home_visit"))
    );
    assert_counts(home, (3, 195, 3.25, 4, 2, 2, 0), "home_visit");
    assert_counts(
        find(by_type, "key", json!("phone_call")),
        (2, 45, 0.75, 2, 1, 1, 0),
        "phone_call",
    );
    assert_counts(
        find(by_type, "key", json!("group_meeting")),
        (1, 120, 2.0, 8, 0, 1, 1),
        "group_meeting",
    );

    let by_category = &stats["byBufdirCategory"];
    assert_eq!(
        by_category
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["bufdirCategory"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["INDIVIDUAL_SUPPORT", "PHONE_SUPPORT", "GROUP_ACTIVITY"]
    );
    assert_counts(&by_category[0], (3, 195, 3.25, 4, 2, 2, 0), "individual");
    assert_counts(&by_category[1], (2, 45, 0.75, 2, 1, 1, 0), "phone");
    assert_counts(&by_category[2], (1, 120, 2.0, 8, 0, 1, 1), "group");

    let by_la = &stats["byLocalAssociation"];
    assert_eq!(by_la.as_array().unwrap().len(), 2, "{by_la}");
    assert_eq!(by_la[0]["name"], "NHF Bergen");
    assert_eq!(
        by_la[0]["localAssociationId"],
        json!(demo_id("la", "bergen"))
    );
    assert_counts(&by_la[0], (1, 45, 0.75, 2, 1, 1, 0), "bergen");
    assert_eq!(by_la[1]["name"], "NHF Oslo");
    assert_counts(&by_la[1], (5, 315, 5.25, 12, 2, 2, 1), "oslo");

    // The stored snapshot holds the same numbers.
    let report = &out["report"];
    assert_eq!(report["version"], 1);
    assert_eq!(report["status"], "READY");
    assert_eq!(report["reportPeriodId"], json!(fx.period));
    assert_eq!(
        (
            report["approvedActivityCount"].as_i64(),
            report["totalMinutes"].as_i64(),
            report["participantCount"].as_i64(),
            report["uniqueContactCount"].as_i64(),
            report["peerMentorCount"].as_i64(),
            report["eventCount"].as_i64(),
        ),
        // Events held in 2019: none (the group meeting's event e1 was held in 2026), so the
        // activities' own participants stand (`tests/bufdir_events.rs` has held events).
        (Some(6), Some(360), Some(14), Some(3), Some(3), Some(0))
    );
    let breakdown = &report["breakdown"];
    assert_eq!(breakdown["totals"], stats["totals"]);
    // Categories are stored as their database values (snake_case).
    assert_eq!(
        without_category(&breakdown["byActivityType"]),
        without_category(&stats["byActivityType"])
    );
    assert_eq!(
        without_category(&breakdown["byBufdirCategory"]),
        without_category(&stats["byBufdirCategory"])
    );
    assert_eq!(
        breakdown["byBufdirCategory"][0]["bufdirCategory"],
        "individual_support"
    );
    assert_eq!(breakdown["byLocalAssociation"], stats["byLocalAssociation"]);
    let id: Uuid = report["id"].as_str().unwrap().parse().unwrap();
    let row = bufdir_reports::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.approved_activity_count, 6);
    assert_eq!(row.total_minutes, 360);
    assert_eq!(row.organization_id, demo_id("org", "nhf"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bufdir_report_is_repeatable_and_versioned() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let fx = fixture(&app, &admin).await;
    let first = app
        .gql(Some(&admin), &generate(), json!({ "p": fx.period }))
        .await;
    let first = ok(&first)["generateBufdirReport"].clone();
    let second = app
        .gql(Some(&admin), &generate(), json!({ "p": fx.period }))
        .await;
    let second = ok(&second)["generateBufdirReport"].clone();
    // Same input, same numbers.
    assert_eq!(first["stats"], second["stats"]);
    assert_eq!(first["report"]["breakdown"], second["report"]["breakdown"]);
    // The second generation is version 2; version 1 is superseded.
    assert_eq!(second["report"]["version"], 2);
    assert_eq!(
        second["supersededReportIds"],
        json!([first["report"]["id"]])
    );
    let rows = bufdir_reports::Entity::find()
        .filter(bufdir_reports::Column::ReportPeriodId.eq(fx.period))
        .order_by_asc(bufdir_reports::Column::Version)
        .all(&app.db)
        .await
        .unwrap();
    let states: Vec<(i32, bufdir_reports::BufdirReportStatus)> =
        rows.iter().map(|r| (r.version, r.status)).collect();
    assert_eq!(
        states,
        [
            (1, bufdir_reports::BufdirReportStatus::Superseded),
            (2, bufdir_reports::BufdirReportStatus::Ready),
        ]
    );

    // Concurrent generations get distinct versions, one of them left ready.
    let reqs: Vec<_> = (0..3)
        .map(|_| {
            app.client
                .post(format!("{}/graphql", app.base))
                .bearer_auth(&admin)
                .json(&json!({ "query": generate(), "variables": { "p": fx.period } }))
        })
        .map(|r| {
            tokio::spawn(async move { r.send().await.unwrap().json::<Value>().await.unwrap() })
        })
        .collect();
    for r in reqs {
        let body = r.await.unwrap();
        assert_eq!(
            body["data"]["generateBufdirReport"]["stats"], first["stats"],
            "{body}"
        );
    }
    let rows = bufdir_reports::Entity::find()
        .filter(bufdir_reports::Column::ReportPeriodId.eq(fx.period))
        .order_by_asc(bufdir_reports::Column::Version)
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        rows.iter().map(|r| r.version).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    let ready = rows
        .iter()
        .filter(|r| r.status == bufdir_reports::BufdirReportStatus::Ready)
        .count();
    assert_eq!(ready, 1);
}

#[tokio::test]
async fn generate_reports_permission_and_period_scope_are_enforced() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let fx = fixture(&app, &admin).await;
    for email in ["nhf.coordinator@meander.dev", "nhf.mentor2@meander.dev"] {
        let token = app.token(email).await;
        let body = app
            .gql(Some(&token), &generate(), json!({ "p": fx.period }))
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{email}: {body}");
    }
    // Another organization's admin: the period does not exist for them.
    let other = app.token("blind.admin@meander.dev").await;
    let body = app
        .gql(Some(&other), &generate(), json!({ "p": fx.period }))
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    let written = bufdir_reports::Entity::find()
        .filter(bufdir_reports::Column::ReportPeriodId.eq(fx.period))
        .all(&app.db)
        .await
        .unwrap();
    assert!(written.is_empty());
}
