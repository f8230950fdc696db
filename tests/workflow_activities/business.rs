//! Business rules of activities: ownership, scope, duplicates, the approval workflow, Bufdir
//! inclusion, proxy scope.

use super::*;

#[tokio::test]
async fn owner_attribution_on_proxy_makes_the_mentor_the_owner() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let body = app
        .gql(
            Some(&coordinator),
            &proxy_q(),
            json!({ "i": { "peerMentorId": user(MENTOR), "reason": "Registrert etter telefon", "activity": phone_call(3) } }),
        )
        .await;
    ok(&body);
    let a = &body["data"]["registerActivityForMentor"]["activity"];
    assert_eq!(a["userId"], json!(user(MENTOR)));
    assert_eq!(a["proxySubmittedBy"], json!(user(NHF_COORDINATOR)));
    assert_eq!(a["isProxyRegistration"], true);
    assert_eq!(a["localAssociationId"], json!(la("oslo")));
    assert_eq!(
        a["delegationGrants"]["nodes"],
        json!([{
            "coordinatorId": user(NHF_COORDINATOR),
            "peerMentorId": user(MENTOR),
            "localAssociationId": la("oslo"),
            "reason": "Registrert etter telefon",
        }])
    );
    assert_eq!(
        a["logs"]["nodes"],
        json!([{ "action": "PROXY_REGISTERED", "actorUserId": user(NHF_COORDINATOR), "newStatus": "PENDING_REVIEW" }])
    );
    // The activity is the mentor's: it is in their own list.
    let mentor = login(&app, MENTOR, "nhf").await;
    let body = app
        .gql(
            Some(&mentor),
            "query($id: UUID!) { activity(id: $id) { userId proxySubmitter { id } } }",
            json!({ "id": a["id"] }),
        )
        .await;
    ok(&body);
    assert_eq!(body["data"]["activity"]["userId"], json!(user(MENTOR)));
}

#[tokio::test]
async fn organization_scope_isolation_keeps_tenants_and_local_associations_apart() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let id = registered(&app, &mentor, phone_call(2)).await;
    // Another tenant and another local association answer as if the activity did not exist.
    for (email, org) in [
        (BLIND_COORDINATOR, "blindeforbundet"),
        (BERGEN_COORDINATOR, "nhf"),
    ] {
        let t = login(&app, email, org).await;
        for q in [APPROVE, REJECT, SUBMIT] {
            let body = app.gql(Some(&t), q, json!({ "id": id })).await;
            assert_eq!(error_code(&body), "NOT_FOUND", "{email}: {body}");
        }
        let body = app
            .gql(
                Some(&t),
                EDIT,
                json!({ "id": id, "i": { "durationMinutes": 10 } }),
            )
            .await;
        assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    }
    // A mentor attributes activities only to their own local associations.
    let body = register(
        &app,
        &mentor,
        with(phone_call(2), json!({ "localAssociationId": la("bergen") })),
    )
    .await;
    assert_rule(&body, "localAssociationId", "organization_scope_isolation");
    // The organization's own coordinator of the association decides.
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    ok(&app
        .gql(Some(&coordinator), APPROVE, json!({ "id": id }))
        .await);
}

#[tokio::test]
async fn duplicate_detection_flags_for_review_and_never_rejects() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let first = registered(&app, &mentor, phone_call(2)).await;
    // Same contact and type, 1 hour apart (window 24 h): registered, flagged, warned.
    let body = register(&app, &mentor, phone_call(3)).await;
    ok(&body);
    let payload = &body["data"]["registerActivity"];
    assert_eq!(payload["warnings"][0]["rule"], "duplicate_detection");
    assert_eq!(payload["warnings"][0]["field"], "contactId");
    let second = payload["activity"]["id"].as_str().unwrap().to_string();
    let body = app
        .gql(
            Some(&coordinator),
            "query($id: UUID!) { activity(id: $id) { status flags { nodes { id flagType status createdById duplicateOfActivityId } } } }",
            json!({ "id": second }),
        )
        .await;
    ok(&body);
    let flags = &body["data"]["activity"]["flags"]["nodes"];
    assert_eq!(flags.as_array().unwrap().len(), 1, "{body}");
    assert_eq!(flags[0]["flagType"], "DUPLICATE");
    assert_eq!(flags[0]["status"], "OPEN");
    assert_eq!(flags[0]["createdById"], Value::Null, "raised by the system");
    assert_eq!(flags[0]["duplicateOfActivityId"], json!(first));
    assert_eq!(body["data"]["activity"]["status"], "PENDING_REVIEW");
    // Outside the window (and another type) nothing is flagged.
    let body = register(&app, &mentor, phone_call(40)).await;
    ok(&body);
    assert_eq!(body["data"]["registerActivity"]["warnings"], json!([]));
    let body = register(
        &app,
        &mentor,
        with(
            phone_call(2),
            json!({ "activityTypeId": activity_type("nhf", "digital_meeting") }),
        ),
    )
    .await;
    ok(&body);
    assert_eq!(body["data"]["registerActivity"]["warnings"], json!([]));
    // The window comes from organization_settings.duplicate_window_hours.
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let s = entity::organization_settings::Entity::find()
        .filter(entity::organization_settings::Column::OrganizationId.eq(nhf()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am = s.into_active_model();
    am.duplicate_window_hours = Set(72);
    am.update(&app.db).await.unwrap();
    let body = register(&app, &mentor, phone_call(41)).await;
    ok(&body);
    assert_eq!(
        body["data"]["registerActivity"]["warnings"][0]["rule"],
        "duplicate_detection"
    );
    // A possible duplicate is approved only after its flag was resolved.
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": second }))
        .await;
    assert_rule(&body, "status", "approval_workflow_transition");
    let flag_id = flags[0]["id"].clone();
    ok(&app
        .gql(
            Some(&coordinator),
            RESOLVE,
            json!({ "id": flag_id, "o": "DISMISSED", "n": "To ulike samtaler" }),
        )
        .await);
    ok(&app
        .gql(Some(&coordinator), APPROVE, json!({ "id": second }))
        .await);
}

#[tokio::test]
async fn approval_workflow_transition_follows_the_state_machine_and_only_approvers_decide() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let draft = registered(
        &app,
        &mentor,
        with(phone_call(2), json!({ "status": "DRAFT" })),
    )
    .await;
    // draft -> approved is not a transition.
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": draft }))
        .await;
    assert_rule(&body, "status", "approval_workflow_transition");
    let body = app.gql(Some(&mentor), SUBMIT, json!({ "id": draft })).await;
    ok(&body);
    assert_eq!(body["data"]["submitActivity"]["status"], "PENDING_REVIEW");
    let body = app.gql(Some(&mentor), SUBMIT, json!({ "id": draft })).await;
    assert_rule(&body, "status", "approval_workflow_transition");
    // Peer mentors do not decide, not even on their own activities.
    for q in [APPROVE, REJECT] {
        let body = app.gql(Some(&mentor), q, json!({ "id": draft })).await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    }
    let body = app
        .gql(
            Some(&mentor),
            FLAG,
            json!({ "id": draft, "i": { "flagType": "SUSPICIOUS", "reason": "?" } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // pending -> flagged -> (resolve) -> approved; approved is final.
    let body = app
        .gql(Some(&coordinator), FLAG, json!({ "id": draft, "i": { "flagType": "MISSING_DOCUMENTATION", "reason": "Mangler oppmøteliste" } }))
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["flagActivity"]["activity"]["status"],
        "FLAGGED"
    );
    let flag_id = body["data"]["flagActivity"]["flag"]["id"].clone();
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": draft }))
        .await;
    assert_rule(&body, "status", "approval_workflow_transition");
    let body = app
        .gql(
            Some(&coordinator),
            RESOLVE,
            json!({ "id": flag_id, "o": "RESOLVED", "n": "Liste mottatt" }),
        )
        .await;
    ok(&body);
    let f = &body["data"]["resolveActivityFlag"]["flag"];
    assert_eq!(
        (f["status"].as_str(), f["resolvedById"].clone()),
        (Some("RESOLVED"), json!(user(NHF_COORDINATOR)))
    );
    let body = app
        .gql(
            Some(&coordinator),
            RESOLVE,
            json!({ "id": flag_id, "o": "DISMISSED" }),
        )
        .await;
    assert_rule(&body, "flagId", "approval_workflow_transition");
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": draft }))
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["approveActivity"]["activity"]["status"],
        "APPROVED"
    );
    for q in [APPROVE, REJECT, SUBMIT] {
        let body = app.gql(Some(&coordinator), q, json!({ "id": draft })).await;
        assert_rule(&body, "status", "approval_workflow_transition");
    }
    // Rejection closes the open flags; the org admin decides too.
    let other = registered(&app, &mentor, phone_call(30)).await;
    let admin = login(&app, NHF_ADMIN, "nhf").await;
    ok(&app
        .gql(
            Some(&admin),
            FLAG,
            json!({ "id": other, "i": { "flagType": "SUSPICIOUS", "reason": "Dobbelt?" } }),
        )
        .await);
    let body = app
        .gql(
            Some(&admin),
            REJECT,
            json!({ "id": other, "n": "Registrert to ganger" }),
        )
        .await;
    ok(&body);
    assert_eq!(body["data"]["rejectActivity"]["status"], "REJECTED");
    let open = entity::activity_flags::Entity::find()
        .filter(entity::activity_flags::Column::ActivityId.eq(other.parse::<Uuid>().unwrap()))
        .filter(
            entity::activity_flags::Column::Status
                .eq(entity::activity_flags::ActivityFlagStatus::Open),
        )
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(open, 0);
}

#[tokio::test]
async fn bufdir_reporting_inclusion_counts_approved_activities_only() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let admin = login(&app, NHF_ADMIN, "nhf").await;
    let window = json!({ "from": hours_ago(6), "to": hours_ago(-1) });
    let totals = |body: Value| body["data"]["reportableActivityTotals"].clone();
    let before = totals(app.gql(Some(&admin), TOTALS, window.clone()).await);
    let pending = registered(&app, &mentor, phone_call(2)).await;
    let rejected = registered(
        &app,
        &mentor,
        with(
            phone_call(3),
            json!({ "contactId": contact("nhf:jonas-haugen") }),
        ),
    )
    .await;
    let internal = registered(
        &app,
        &mentor,
        json!({ "activityTypeId": activity_type("nhf", "admin_work"), "activityDate": hours_ago(4), "durationMinutes": 90 }),
    )
    .await;
    let _draft = registered(
        &app,
        &mentor,
        with(
            phone_call(5),
            json!({ "status": "DRAFT", "activityTypeId": activity_type("nhf", "digital_meeting") }),
        ),
    )
    .await;
    assert_eq!(
        totals(app.gql(Some(&admin), TOTALS, window.clone()).await),
        before,
        "pending, drafts do not count"
    );
    ok(&app
        .gql(Some(&admin), REJECT, json!({ "id": rejected }))
        .await);
    ok(&app
        .gql(Some(&admin), APPROVE, json!({ "id": internal }))
        .await);
    assert_eq!(
        totals(app.gql(Some(&admin), TOTALS, window.clone()).await),
        before,
        "rejected and not-reported types do not count"
    );
    ok(&app
        .gql(Some(&admin), APPROVE, json!({ "id": pending }))
        .await);
    let after = totals(app.gql(Some(&admin), TOTALS, window).await);
    assert_eq!(
        after["activities"].as_i64().unwrap(),
        before["activities"].as_i64().unwrap() + 1
    );
    assert_eq!(
        after["durationMinutes"].as_i64().unwrap(),
        before["durationMinutes"].as_i64().unwrap() + 25
    );
    assert_eq!(
        after["participants"].as_i64().unwrap(),
        before["participants"].as_i64().unwrap() + 1
    );
}

#[tokio::test]
async fn coordinator_proxy_scope_limits_proxy_registration_to_shared_local_associations() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let bergen = login(&app, BERGEN_COORDINATOR, "nhf").await;
    let body = app
        .gql(Some(&coordinator), &proxy_q(), json!({ "i": { "peerMentorId": user(BERGEN_MENTOR), "activity": { "activityTypeId": activity_type("nhf", "admin_work"), "activityDate": hours_ago(2) } } }))
        .await;
    assert_rule(&body, "peerMentorId", "coordinator_proxy_scope");
    let body = app
        .gql(Some(&bergen), &proxy_q(), json!({ "i": { "peerMentorId": user(MENTOR), "activity": { "activityTypeId": activity_type("nhf", "admin_work"), "activityDate": hours_ago(2) } } }))
        .await;
    assert_rule(&body, "peerMentorId", "coordinator_proxy_scope");
    // A shared member, but an association the coordinator is not in.
    let body = app
        .gql(Some(&coordinator), &proxy_q(), json!({ "i": { "peerMentorId": user(MENTOR), "activity": with(phone_call(2), json!({ "localAssociationId": la("bergen") })) } }))
        .await;
    assert_rule(&body, "localAssociationId", "coordinator_proxy_scope");
    // Peer mentors hold no PROXY_REGISTER_ACTIVITIES.
    let mentor = login(&app, MENTOR, "nhf").await;
    let body = app
        .gql(
            Some(&mentor),
            &proxy_q(),
            json!({ "i": { "peerMentorId": user(MENTOR2), "activity": phone_call(2) } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // The org admin reaches every local association of the organization.
    let admin = login(&app, NHF_ADMIN, "nhf").await;
    let body = app
        .gql(Some(&admin), &proxy_q(), json!({ "i": { "peerMentorId": user(BERGEN_MENTOR), "activity": { "activityTypeId": activity_type("nhf", "admin_work"), "activityDate": hours_ago(2) } } }))
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["registerActivityForMentor"]["activity"]["localAssociationId"],
        json!(la("bergen"))
    );
}
