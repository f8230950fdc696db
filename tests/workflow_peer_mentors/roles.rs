//! Business rules of the peer mentor lifecycle: one profile per role, no escalation, auto-pause,
//! honorarium thresholds.

use super::*;

#[tokio::test]
async fn one_profile_per_peer_mentor_role_assignment_creates_and_revocation_deactivates() {
    let app = TestApp::spawn().await;
    let admin = app.token(NHF_ADMIN).await;
    let bjorn = user(NHF_BERGEN_COORDINATOR);
    let nhf = demo_id("org", "nhf");
    let live = || {
        profiles::Entity::find()
            .filter(profiles::Column::UserId.eq(bjorn))
            .filter(profiles::Column::OrganizationId.eq(nhf))
            .filter(profiles::Column::DeletedAt.is_null())
            .count(&app.db)
    };
    assert_eq!(live().await.unwrap(), 0);

    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": bjorn, "r": role("peer_mentor"), "la": demo_id("la", "bergen") }),
        )
        .await;
    ok(&body);
    let payload = &body["data"]["assignRole"];
    assert_eq!(payload["userRole"]["userId"], json!(bjorn));
    assert_eq!(payload["peerMentorProfile"]["status"], "ACTIVE");
    let profile_id: Uuid = payload["peerMentorProfile"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let first_role = payload["userRole"]["id"].as_str().unwrap().to_string();
    assert_eq!(live().await.unwrap(), 1);
    let created = load(&app, profile_id).await;
    assert_eq!(created.assignment_count_current_period, 0);
    assert!(created.assignment_period_start.is_some());
    assert_eq!(
        created.certification_status,
        profiles::PeerMentorCertificationStatus::Pending
    );
    assert_eq!(history(&app, profile_id).await.len(), 1);

    // The same assignment twice is a conflict; a second peer_mentor role keeps one profile.
    let again = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": bjorn, "r": role("peer_mentor"), "la": demo_id("la", "bergen") }),
        )
        .await;
    assert_eq!(error_code(&again), "CONFLICT", "{again}");
    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": bjorn, "r": role("peer_mentor") }),
        )
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["assignRole"]["peerMentorProfile"]["id"],
        json!(profile_id)
    );
    let second_role = body["data"]["assignRole"]["userRole"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(live().await.unwrap(), 1);

    // Revoking one of two peer_mentor roles keeps the profile active; the last one deactivates.
    let body = app
        .gql(Some(&admin), REVOKE, json!({ "id": first_role }))
        .await;
    ok(&body);
    assert!(body["data"]["revokeRole"]["userRole"]["revokedAt"].is_string());
    assert_eq!(
        body["data"]["revokeRole"]["peerMentorProfile"]["status"],
        "ACTIVE"
    );
    let body = app
        .gql(Some(&admin), REVOKE, json!({ "id": second_role }))
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["revokeRole"]["peerMentorProfile"]["status"],
        "INACTIVE"
    );
    let again = app
        .gql(Some(&admin), REVOKE, json!({ "id": second_role }))
        .await;
    assert_eq!(error_code(&again), "CONFLICT", "{again}");
    let rows = history(&app, profile_id).await;
    let last = rows.last().unwrap();
    assert_eq!(last.status, profiles::PeerMentorStatus::Inactive);
    assert_eq!(
        last.source,
        availability::PeerMentorAvailabilitySource::System
    );

    // Assigning the role again reactivates the same profile.
    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": bjorn, "r": role("peer_mentor") }),
        )
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["assignRole"]["peerMentorProfile"],
        json!({ "id": profile_id, "status": "ACTIVE" })
    );
    assert_eq!(live().await.unwrap(), 1);
}

#[tokio::test]
async fn assign_role_never_escalates() {
    let app = TestApp::spawn().await;
    let bjorn = user(NHF_BERGEN_COORDINATOR);
    // Without MANAGE_ROLES.
    let coordinator = app.token(NHF_COORDINATOR).await;
    let body = app
        .gql(
            Some(&coordinator),
            ASSIGN,
            json!({ "u": bjorn, "r": role("peer_mentor") }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // Never a platform role.
    let admin = app.token(NHF_ADMIN).await;
    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": bjorn, "r": role("global_admin") }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // Never a role granting a permission the assigner lacks: the org takes APPROVE_ACTIVITIES
    // from its org admins, who then cannot hand out the coordinator role that has it.
    let body = app
        .gql(
            Some(&admin),
            "mutation($r: UUID!) { setRolePermission(roleId: $r, permission: \"APPROVE_ACTIVITIES\", granted: false) { key } }",
            json!({ "r": role("org_admin") }),
        )
        .await;
    ok(&body);
    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": user(INGRID), "r": role("coordinator"), "la": demo_id("la", "oslo") }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("APPROVE_ACTIVITIES"),
        "{body}"
    );
    // Nothing was written by the refused attempts.
    let held = user_roles::Entity::find()
        .filter(user_roles::Column::UserId.is_in([bjorn, user(INGRID)]))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(held, 2, "only the demo roles remain");
}

#[tokio::test]
async fn auto_pause_on_certification_expiry_pauses_notifies_and_is_idempotent() {
    let app = TestApp::spawn().await;
    let ola = profile("nhf-ola");
    expire_certification(&app, ola, app.now() - Duration::hours(1)).await;

    let first = jobs::run_once(&app.db, app.now()).await.unwrap();
    assert_eq!(first.auto_paused, 1, "{first}");
    let second = jobs::run_once(&app.db, app.now()).await.unwrap();
    assert_eq!(second.changes(), 0, "second run: {second}");

    let p = load(&app, ola).await;
    assert_eq!(p.status, profiles::PeerMentorStatus::AutoPaused);
    assert_eq!(
        p.certification_status,
        profiles::PeerMentorCertificationStatus::Expired
    );
    assert!(p.paused_at.is_some());
    let last = history(&app, ola).await.pop().unwrap();
    assert_eq!(
        (last.previous_status, last.status, last.source),
        (
            Some(profiles::PeerMentorStatus::Active),
            profiles::PeerMentorStatus::AutoPaused,
            availability::PeerMentorAvailabilitySource::CertificationExpiry
        )
    );
    let notes = notifications_of(&app, user(NHF_COORDINATOR), ola).await;
    assert_eq!(notes.len(), 1);
    assert_eq!(
        notes[0].category,
        notifications::NotificationCategory::Certification
    );

    // Resuming needs a renewed certification.
    let mentor = app.token(OLA).await;
    let body = app.gql(Some(&mentor), RESUME, json!({ "id": ola })).await;
    assert_eq!(rule(&body), ("status", "status_transition_guard"), "{body}");
    let admin = app.token(NHF_ADMIN).await;
    let body = details(
        &app,
        &admin,
        ola,
        json!({ "certificationExpiryDate": app.now() + Duration::days(700) }),
    )
    .await;
    ok(&body);
    assert_eq!(
        body["data"]["updatePeerMentorDetails"]["profile"]["certificationStatus"],
        "VALID"
    );
    let body = app.gql(Some(&mentor), RESUME, json!({ "id": ola })).await;
    ok(&body);
    assert_eq!(
        body["data"]["resumePeerMentor"]["profile"]["status"],
        "ACTIVE"
    );
    // Not-required certifications never pause.
    edit(&app, ola, |p| {
        p.certification_expiry_date = Set(Some(app.now() - Duration::hours(1)));
        p.certification_status = Set(profiles::PeerMentorCertificationStatus::NotRequired);
    })
    .await;
    let third = jobs::run_once(&app.db, app.now()).await.unwrap();
    assert_eq!(third.auto_paused, 0, "{third}");
}

#[tokio::test]
async fn assignment_threshold_honorar_records_each_crossing_once_per_period() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let anne = profile("blind-anne");
    let blind = demo_id("org", "blindeforbundet");
    let now = app.now();
    // A known period and count, and a third threshold from the organization's table.
    let start = lifecycle::current_period_start(&app.db, blind, now)
        .await
        .unwrap();
    edit(&app, anne, |p| {
        p.assignment_period_start = Set(Some(start));
        p.assignment_count_current_period = Set(2);
    })
    .await;
    thresholds::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(blind),
        name: Set("Milepæl 7".into()),
        assignment_count: Set(7),
        kind: Set(thresholds::HonorariumThresholdKind::NotificationOnly),
        rate_amount_ore: Set(None),
        notify_coordinator: Set(false),
        is_active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let set = |count: i32| {
        app.gql(
            Some(&coordinator),
            COUNT,
            json!({ "i": { "profileId": anne, "count": count } }),
        )
    };
    let crossed = |body: &Value| -> Vec<i64> {
        body["data"]["setPeerMentorAssignmentCount"]["honorariumRecords"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["amountOre"].as_i64().unwrap_or(0))
            .collect()
    };

    // 2 -> 3: the office honorarium (3rd assignment), with its amount; coordinators notified.
    let body = set(3).await;
    ok(&body);
    assert_eq!(crossed(&body), vec![30_000], "{body}");
    let record = &body["data"]["setPeerMentorAssignmentCount"]["honorariumRecords"][0];
    assert_eq!(record["status"], "PENDING");
    // The period starts on the organization's day (Oslo), not the UTC day of its first instant.
    assert_eq!(
        record["periodStart"],
        json!(start.with_timezone(&chrono_tz::Europe::Oslo).date_naive())
    );
    assert!(record["coordinatorNotifiedAt"].is_string());
    // 3 -> 16: the 7 milestone (no amount) and the higher rate (15th).
    let body = set(16).await;
    assert_eq!(crossed(&body), vec![0, 45_000], "{body}");
    // Down and up again in the same period: nothing new.
    ok(&set(2).await);
    let body = set(16).await;
    assert_eq!(crossed(&body), Vec::<i64>::new(), "{body}");

    let in_period = records::Entity::find()
        .filter(records::Column::UserId.eq(user("blind.mentor@meander.dev")))
        .filter(
            records::Column::PeriodStart
                .eq(start.with_timezone(&chrono_tz::Europe::Oslo).date_naive()),
        )
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(in_period, 3);
    let notified = notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user("blind.coordinator@meander.dev")))
        .filter(notifications::Column::RelatedEntityType.eq("assignment_honorarium_records"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(notified, 2, "thresholds 3 and 15 notify, 7 does not");

    // The counting function other workflows call: 16 -> 17 crosses nothing.
    let txn = sea_orm::TransactionTrait::begin(&app.db).await.unwrap();
    let (p, crossings) = lifecycle::count_completed_assignment(
        &txn,
        None,
        blind,
        user("blind.mentor@meander.dev"),
        None,
        app.now(),
    )
    .await
    .unwrap()
    .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(
        (p.assignment_count_current_period, crossings.len()),
        (17, 0)
    );
}
