//! Business rules of the peer mentor lifecycle: assignment consent, matching, coordinator notices,
//! period resets, map visibility.

use super::*;

#[tokio::test]
async fn encrypted_assignment_consent_gate_requires_consent_before_accepting() {
    let app = TestApp::spawn().await;
    let mentor = app.token(OLA).await;
    let coordinator = app.token(NHF_COORDINATOR).await;
    let ola = profile("nhf-ola");
    let nhf = demo_id("org", "nhf");

    let body = details(
        &app,
        &mentor,
        ola,
        json!({ "acceptsEncryptedAssignments": true }),
    )
    .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        rule(&body),
        (
            "acceptsEncryptedAssignments",
            "encrypted_assignment_consent_gate"
        )
    );
    // Dispatch is refused while the flag is off.
    let gate =
        lifecycle::ensure_can_receive_encrypted_assignment(&app.db, nhf, user(OLA), "recipientId")
            .await
            .unwrap_err();
    assert!(
        matches!(&gate, meander_gateway::error::ApiError::BadUserInput { rule, field, .. } if rule == "encrypted_assignment_consent_gate" && field == "recipientId"),
        "{gate:?}"
    );
    let only_consenting = json!({ "f": { "acceptsEncryptedAssignments": true } });
    let body = app
        .gql(Some(&coordinator), MATCH, only_consenting.clone())
        .await;
    assert_eq!(body["data"]["matchPeerMentors"], json!([]), "{body}");

    // Consent is the mentor's own: a coordinator cannot give it.
    let consent = json!({
        "consentGivenAt": app.now(),
        "consentVersion": "kryptert-oppdrag-v2",
        "acceptsEncryptedAssignments": true,
    });
    let body = details(&app, &coordinator, ola, consent.clone()).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = details(&app, &mentor, ola, consent).await;
    ok(&body);
    assert_eq!(
        body["data"]["updatePeerMentorDetails"]["profile"]["acceptsEncryptedAssignments"],
        true
    );
    lifecycle::ensure_can_receive_encrypted_assignment(&app.db, nhf, user(OLA), "recipientId")
        .await
        .unwrap();
    let body = app.gql(Some(&coordinator), MATCH, only_consenting).await;
    assert_eq!(
        body["data"]["matchPeerMentors"][0]["profile"]["id"],
        json!(ola)
    );
    // Withdrawing consent while still accepting is refused; withdrawing both works.
    let body = details(
        &app,
        &mentor,
        ola,
        json!({ "consentGivenAt": null, "consentVersion": null }),
    )
    .await;
    assert_eq!(
        rule(&body),
        (
            "acceptsEncryptedAssignments",
            "encrypted_assignment_consent_gate"
        )
    );
    let body = details(
        &app,
        &mentor,
        ola,
        json!({ "consentGivenAt": null, "consentVersion": null, "acceptsEncryptedAssignments": false }),
    )
    .await;
    ok(&body);
}

#[tokio::test]
async fn paused_mentor_hidden_from_assignment_matching() {
    let app = TestApp::spawn().await;
    let coordinator = app.token(NHF_COORDINATOR).await;
    place_ingrid(&app).await;
    let ids = |body: &Value| -> Vec<Value> {
        body["data"]["matchPeerMentors"]
            .as_array()
            .unwrap_or_else(|| panic!("{body}"))
            .iter()
            .map(|m| m["profile"]["id"].clone())
            .collect()
    };
    // Ingrid is paused: hidden although she is on the map.
    let body = app.gql(Some(&coordinator), MATCH, json!({})).await;
    assert_eq!(ids(&body), vec![json!(profile("nhf-ola"))], "{body}");

    let body = app
        .gql(
            Some(&coordinator),
            RESUME,
            json!({ "id": profile("nhf-ingrid") }),
        )
        .await;
    ok(&body);
    let body = app.gql(Some(&coordinator), MATCH, json!({})).await;
    assert_eq!(ids(&body).len(), 2, "{body}");

    // Pausing Ola hides him; so does the auto-pause.
    let mentor = app.token(OLA).await;
    ok(&pause(&app, &mentor, profile("nhf-ola"), None).await);
    let body = app.gql(Some(&coordinator), MATCH, json!({})).await;
    assert_eq!(ids(&body), vec![json!(profile("nhf-ingrid"))], "{body}");
    expire_certification(
        &app,
        profile("nhf-ingrid"),
        app.now() - Duration::minutes(5),
    )
    .await;
    jobs::run_once(&app.db, app.now()).await.unwrap();
    let body = app.gql(Some(&coordinator), MATCH, json!({})).await;
    assert_eq!(ids(&body), Vec::<Value>::new(), "{body}");
}

#[tokio::test]
async fn coordinator_notified_on_pause_reaches_each_coordinator_of_the_mentor() {
    let app = TestApp::spawn().await;
    let admin = app.token(NHF_ADMIN).await;
    // Bjørn (Bergen) also coordinates Oslo through a role narrowed to it.
    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": user(NHF_BERGEN_COORDINATOR), "r": role("coordinator"), "la": demo_id("la", "oslo") }),
        )
        .await;
    ok(&body);
    assert!(body["data"]["assignRole"]["peerMentorProfile"].is_null());

    let mentor = app.token(OLA).await;
    let ola = profile("nhf-ola");
    ok(&pause(&app, &mentor, ola, Some("Innlagt på sykehus")).await);
    let kari = notifications_of(&app, user(NHF_COORDINATOR), ola).await;
    assert_eq!(kari.len(), 1);
    assert!(kari[0].body.contains("Innlagt på sykehus"), "{:?}", kari[0]);
    assert_eq!(kari[0].organization_id, demo_id("org", "nhf"));
    assert_eq!(kari[0].created_by_id, Some(user(OLA)));
    assert_eq!(
        notifications_of(&app, user(NHF_BERGEN_COORDINATOR), ola)
            .await
            .len(),
        1
    );
    // Not the org admin, not the mentor, not coordinators of other associations or orgs.
    for other in [
        NHF_ADMIN,
        OLA,
        "hlf.coordinator@meander.dev",
        "blind.coordinator@meander.dev",
    ] {
        assert!(
            notifications_of(&app, user(other), ola).await.is_empty(),
            "{other}"
        );
    }
    // The coordinator reads it through the API.
    let coordinator = app.token(NHF_COORDINATOR).await;
    let body = app
        .gql(
            Some(&coordinator),
            "query($id: UUID!) { notification(id: $id) { title category } }",
            json!({ "id": kari[0].id }),
        )
        .await;
    assert!(
        body["data"]["notification"]["title"]
            .as_str()
            .is_some_and(|t| t.contains("paused")),
        "{body}"
    );
    // Resuming notifies nobody.
    ok(&app.gql(Some(&mentor), RESUME, json!({ "id": ola })).await);
    assert_eq!(
        notifications_of(&app, user(NHF_COORDINATOR), ola)
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn assignment_count_period_reset_at_the_report_period_boundary() {
    let app = TestApp::spawn().await;
    let nhf = demo_id("org", "nhf");
    let ola = profile("nhf-ola");
    let now = app.now();
    // A Bufdir period that started ten days ago is the organization's current period.
    let boundary = now.date_naive() - Duration::days(10);
    report_periods::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(nhf),
        name: Set("Bufdir testperiode".into()),
        period_start: Set(boundary),
        period_end: Set(boundary + Duration::days(180)),
        status: Set(report_periods::ReportPeriodStatus::Open),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    edit(&app, ola, |p| {
        p.assignment_period_start = Set(Some(now - Duration::days(40)));
        p.assignment_count_current_period = Set(9);
    })
    .await;

    let first = jobs::run_once(&app.db, now).await.unwrap();
    assert!(first.periods_reset >= 1, "{first}");
    let p = load(&app, ola).await;
    assert_eq!(p.assignment_count_current_period, 0);
    assert_eq!(
        p.assignment_period_start
            .map(|d| d.with_timezone(&chrono_tz::Europe::Oslo).date_naive()),
        Some(boundary)
    );
    // The crossing of the old period is closed the day before the boundary.
    let old = records::Entity::find_by_id(demo_id("assignment_honorarium_record", "nhf-ola-10"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(old.period_end, boundary.pred_opt());
    // Idempotent: the second run resets nothing.
    let second = jobs::run_once(&app.db, now).await.unwrap();
    assert_eq!(second.changes(), 0, "{second}");
    assert_eq!(
        load(&app, ola).await.assignment_period_start,
        p.assignment_period_start
    );
}

#[tokio::test]
async fn map_visibility_requires_location() {
    let app = TestApp::spawn().await;
    // Ingrid has no location.
    let ingrid_token = app.token(INGRID).await;
    let body = details(
        &app,
        &ingrid_token,
        profile("nhf-ingrid"),
        json!({ "isVisibleOnMap": true }),
    )
    .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        rule(&body),
        ("isVisibleOnMap", "map_visibility_requires_location")
    );
    // Lars withdrew his location consent: his location cannot put him on the map.
    let lars = app.token("nhf.mentor.bergen@meander.dev").await;
    let body = details(
        &app,
        &lars,
        profile("nhf-lars"),
        json!({ "isVisibleOnMap": true }),
    )
    .await;
    assert_eq!(
        rule(&body),
        ("isVisibleOnMap", "map_visibility_requires_location")
    );
    // Ola is on the map: his location cannot be removed while he stays visible.
    let ola = app.token(OLA).await;
    let body = details(
        &app,
        &ola,
        profile("nhf-ola"),
        json!({ "geographicLocationId": null }),
    )
    .await;
    assert_eq!(
        rule(&body),
        ("isVisibleOnMap", "map_visibility_requires_location")
    );
    let body = details(
        &app,
        &ola,
        profile("nhf-ola"),
        json!({ "geographicLocationId": null, "isVisibleOnMap": false }),
    )
    .await;
    ok(&body);
    // With her own consented location Ingrid can opt in.
    let loc = place_ingrid(&app).await;
    edit(&app, profile("nhf-ingrid"), |p| {
        p.geographic_location_id = Set(None);
        p.is_visible_on_map = Set(false);
    })
    .await;
    let body = details(
        &app,
        &ingrid_token,
        profile("nhf-ingrid"),
        json!({ "geographicLocationId": loc, "isVisibleOnMap": true }),
    )
    .await;
    ok(&body);
    assert_eq!(
        body["data"]["updatePeerMentorDetails"]["profile"]["isVisibleOnMap"],
        true
    );
}
