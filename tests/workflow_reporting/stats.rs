//! Activity statistics of a coordinator's team and of the viewer.

use super::*;

#[tokio::test]
async fn team_activity_stats_count_only_the_coordinators_local_associations() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let _fx = fixture(&app, &admin).await;
    let range = |la: Option<Uuid>| json!({ "f": "2019-01-01", "t": "2019-12-31", "la": la });

    // Kari coordinates Oslo and Bærum: #1, 2, 3, 4, 11.
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let body = app.gql(Some(&coordinator), &team(), range(None)).await;
    let stats = &ok(&body)["teamActivityStats"];
    assert_counts(&stats["totals"], (5, 315, 5.25, 12, 2, 2, 1), "oslo team");
    assert_eq!(stats["byLocalAssociation"].as_array().unwrap().len(), 1);
    assert_eq!(stats["byLocalAssociation"][0]["name"], "NHF Oslo");
    // Naming Oslo gives the same; Bergen is not hers.
    let body = app
        .gql(
            Some(&coordinator),
            &team(),
            range(Some(demo_id("la", "oslo"))),
        )
        .await;
    assert_eq!(ok(&body)["teamActivityStats"]["totals"], stats["totals"]);
    let body = app
        .gql(
            Some(&coordinator),
            &team(),
            range(Some(demo_id("la", "bergen"))),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // Another organization's local association is not a reference she can make.
    let body = app
        .gql(
            Some(&coordinator),
            &team(),
            range(Some(demo_id("la", "trondheim"))),
        )
        .await;
    assert_eq!(
        rule(&body),
        ("localAssociationId", "reference_in_scope"),
        "{body}"
    );

    // The org admin's Bergen: #5 and the not_reported #6 (statistics keep every category).
    let body = app
        .gql(Some(&admin), &team(), range(Some(demo_id("la", "bergen"))))
        .await;
    let stats = &ok(&body)["teamActivityStats"];
    assert_counts(&stats["totals"], (2, 75, 1.25, 3, 1, 1, 0), "bergen team");
    assert_counts(
        find(
            &stats["byBufdirCategory"],
            "bufdirCategory",
            json!("NOT_REPORTED"),
        ),
        (1, 30, 0.5, 1, 0, 1, 0),
        "not reported",
    );
    // The whole organization: #1-6 and 11.
    let body = app.gql(Some(&admin), &team(), range(None)).await;
    assert_counts(
        &ok(&body)["teamActivityStats"]["totals"],
        (7, 390, 6.5, 15, 3, 3, 1),
        "nhf team",
    );

    // Peer mentors have no team statistics.
    let mentor = app.token("nhf.mentor2@meander.dev").await;
    let body = app.gql(Some(&mentor), &team(), range(None)).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn my_activity_stats_count_only_the_viewers_own_approved_activities() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let _fx = fixture(&app, &admin).await;
    let range = json!({ "f": "2019-01-01", "t": "2019-12-31" });

    let lars = app.token(LARS).await;
    let body = app.gql(Some(&lars), &mine(), range.clone()).await;
    let stats = &ok(&body)["myActivityStats"];
    assert_counts(&stats["totals"], (2, 75, 1.25, 3, 1, 1, 0), "lars");
    assert_eq!(stats["byBufdirCategory"].as_array().unwrap().len(), 2);

    let ingrid = app.token(INGRID).await;
    let body = app.gql(Some(&ingrid), &mine(), range.clone()).await;
    assert_counts(
        &ok(&body)["myActivityStats"]["totals"],
        (1, 120, 2.0, 8, 0, 1, 1),
        "ingrid",
    );

    // Ola: #1, 2, 3, 11 (one day only: #11 on the last day, Oslo's, not #10).
    let ola = app.login_payload(OLA, Some(demo_id("org", "nhf"))).await["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    let body = app.gql(Some(&ola), &mine(), range.clone()).await;
    assert_counts(
        &ok(&body)["myActivityStats"]["totals"],
        (4, 195, 3.25, 4, 2, 1, 0),
        "ola",
    );
    let body = app
        .gql(
            Some(&ola),
            &mine(),
            json!({ "f": "2019-12-31", "t": "2019-12-31" }),
        )
        .await;
    assert_counts(
        &ok(&body)["myActivityStats"]["totals"],
        (1, 15, 0.25, 1, 1, 1, 0),
        "ola last day",
    );
    // An empty range answers zeros; a reversed one is refused.
    let body = app
        .gql(
            Some(&ola),
            &mine(),
            json!({ "f": "2015-01-01", "t": "2015-12-31" }),
        )
        .await;
    assert_counts(
        &ok(&body)["myActivityStats"]["totals"],
        (0, 0, 0.0, 0, 0, 0, 0),
        "empty",
    );
    let body = app
        .gql(
            Some(&ola),
            &mine(),
            json!({ "f": "2019-12-31", "t": "2019-01-01" }),
        )
        .await;
    assert_eq!(rule(&body), ("to", "date_range"), "{body}");
}
