//! Validation rules of the peer mentor lifecycle.

use super::*;

#[tokio::test]
async fn status_transition_guard_refuses_transitions_outside_the_lifecycle() {
    let app = TestApp::spawn().await;
    let coordinator = app.token(NHF_COORDINATOR).await;
    let ola = profile("nhf-ola");

    // Active mentors cannot be resumed.
    let body = app
        .gql(Some(&coordinator), RESUME, json!({ "id": ola }))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(rule(&body), ("status", "status_transition_guard"));

    // Paused once, not twice.
    ok(&pause(&app, &coordinator, ola, Some("Ferie")).await);
    let body = pause(&app, &coordinator, ola, Some("Ferie")).await;
    assert_eq!(rule(&body), ("status", "status_transition_guard"), "{body}");

    // Inactive mentors come back only through the peer_mentor role.
    let ingrid = profile("nhf-ingrid");
    let body = app
        .gql(
            Some(&coordinator),
            DEACTIVATE,
            json!({ "i": { "profileId": ingrid, "reason": "Sluttet" } }),
        )
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["deactivatePeerMentor"]["profile"]["status"],
        "INACTIVE"
    );
    for (query, vars) in [
        (RESUME, json!({ "id": ingrid })),
        (PAUSE, json!({ "i": { "profileId": ingrid } })),
        (DEACTIVATE, json!({ "i": { "profileId": ingrid } })),
    ] {
        let body = app.gql(Some(&coordinator), query, vars).await;
        assert_eq!(rule(&body), ("status", "status_transition_guard"), "{body}");
    }
    // The mentor cannot deactivate themselves; that is the organization's decision.
    let mentor = app.token(OLA).await;
    let body = app
        .gql(
            Some(&mentor),
            DEACTIVATE,
            json!({ "i": { "profileId": ola } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn pause_reason_length_rejects_more_than_500_characters() {
    let app = TestApp::spawn().await;
    let mentor = app.token(OLA).await;
    let ola = profile("nhf-ola");
    let body = pause(&app, &mentor, ola, Some(&"x".repeat(501))).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(rule(&body), ("pauseReason", "pause_reason_length"));
    // Nothing was written.
    assert_eq!(
        load(&app, ola).await.status,
        profiles::PeerMentorStatus::Active
    );
    assert_eq!(history(&app, ola).await.len(), 1);

    let body = pause(&app, &mentor, ola, Some(&"x".repeat(500))).await;
    ok(&body);
    let p = &body["data"]["pausePeerMentor"]["profile"];
    assert_eq!(p["status"], "PAUSED");
    assert_eq!(p["pauseReason"].as_str().unwrap().len(), 500);
    assert!(p["pausedAt"].is_string());
}

#[tokio::test]
async fn certification_expiry_future_date_rejects_a_date_in_the_past() {
    let app = TestApp::spawn().await;
    let admin = app.token(NHF_ADMIN).await;
    let ola = profile("nhf-ola");
    let yesterday = app.now() - Duration::days(1);
    let body = details(
        &app,
        &admin,
        ola,
        json!({ "certificationExpiryDate": yesterday }),
    )
    .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        rule(&body),
        (
            "certificationExpiryDate",
            "certification_expiry_future_date"
        )
    );

    let next_year = app.now() + Duration::days(365);
    let body = details(
        &app,
        &admin,
        ola,
        json!({ "certificationExpiryDate": next_year }),
    )
    .await;
    ok(&body);
    // Certification data is the organization's: the mentor cannot extend it.
    let mentor = app.token(OLA).await;
    let body = details(
        &app,
        &mentor,
        ola,
        json!({ "certificationExpiryDate": next_year }),
    )
    .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn referral_code_format_rejects_malformed_codes() {
    let app = TestApp::spawn().await;
    let mentor = app.token(OLA).await;
    let ola = profile("nhf-ola");
    for bad in [
        "AB",
        "lower-case",
        "-ABC",
        "ABC-",
        "WITH SPACE",
        &"A".repeat(33),
    ] {
        let body = details(&app, &mentor, ola, json!({ "referralCode": bad })).await;
        assert_eq!(
            rule(&body),
            ("referralCode", "referral_code_format"),
            "{bad}: {body}"
        );
    }
    let body = details(&app, &mentor, ola, json!({ "referralCode": "OLA-2026" })).await;
    ok(&body);
    assert_eq!(
        body["data"]["updatePeerMentorDetails"]["profile"]["referralCode"],
        "OLA-2026"
    );
    // Unique within the organization (Lars's code in NHF); another tenant's code (Anne's in
    // Blindeforbundet) is no answer to learn: it is taken like any free one.
    let body = details(&app, &mentor, ola, json!({ "referralCode": "LARS-BGO" })).await;
    assert_eq!(error_code(&body), "CONFLICT", "{body}");
    let body = details(&app, &mentor, ola, json!({ "referralCode": "ANNE-TRD-01" })).await;
    ok(&body);
}

#[tokio::test]
async fn assignment_count_non_negative_rejects_a_negative_count() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let anne = profile("blind-anne");
    let body = app
        .gql(
            Some(&coordinator),
            COUNT,
            json!({ "i": { "profileId": anne, "count": -1 } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(rule(&body), ("count", "assignment_count_non_negative"));
    assert_eq!(load(&app, anne).await.assignment_count_current_period, 14);

    let body = app
        .gql(
            Some(&coordinator),
            COUNT,
            json!({ "i": { "profileId": anne, "count": 0, "reason": "Feilregistrering" } }),
        )
        .await;
    ok(&body);
    // A mentor never corrects their own counter.
    let mentor = app.token("blind.mentor@meander.dev").await;
    let body = app
        .gql(
            Some(&mentor),
            COUNT,
            json!({ "i": { "profileId": anne, "count": 20 } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn consent_version_required_with_timestamp_pairs_the_two_fields() {
    let app = TestApp::spawn().await;
    let mentor = app.token(OLA).await;
    let ola = profile("nhf-ola");
    let now = app.now();
    let body = details(&app, &mentor, ola, json!({ "consentGivenAt": now })).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        rule(&body),
        ("consentVersion", "consent_version_required_with_timestamp")
    );
    let body = details(&app, &mentor, ola, json!({ "consentVersion": "v3" })).await;
    assert_eq!(
        rule(&body),
        ("consentGivenAt", "consent_version_required_with_timestamp"),
        "{body}"
    );
    let body = details(
        &app,
        &mentor,
        ola,
        json!({ "consentGivenAt": now, "consentVersion": "  " }),
    )
    .await;
    assert_eq!(
        rule(&body),
        ("consentVersion", "consent_version_required_with_timestamp"),
        "{body}"
    );
    let body = details(
        &app,
        &mentor,
        ola,
        json!({ "consentGivenAt": now, "consentVersion": "kryptert-oppdrag-v3" }),
    )
    .await;
    ok(&body);
    assert_eq!(
        body["data"]["updatePeerMentorDetails"]["profile"]["consentVersion"],
        "kryptert-oppdrag-v3"
    );
}

#[tokio::test]
async fn years_of_experience_range_accepts_0_to_80() {
    let app = TestApp::spawn().await;
    let mentor = app.token(OLA).await;
    let ola = profile("nhf-ola");
    for bad in [-1, 81, 1000] {
        let body = details(&app, &mentor, ola, json!({ "yearsOfExperience": bad })).await;
        assert_eq!(
            rule(&body),
            ("yearsOfExperience", "years_of_experience_range"),
            "{bad}: {body}"
        );
    }
    for good in [0, 80] {
        let body = details(&app, &mentor, ola, json!({ "yearsOfExperience": good })).await;
        ok(&body);
        assert_eq!(
            body["data"]["updatePeerMentorDetails"]["profile"]["yearsOfExperience"],
            good
        );
    }
}

#[tokio::test]
async fn specializations_known_values_warns_without_rejecting() {
    let app = TestApp::spawn().await;
    let mentor = app.token(OLA).await;
    let ola = profile("nhf-ola");
    let body = details(
        &app,
        &mentor,
        ola,
        json!({ "specializations": ["stroke", "Juggling", "stroke"] }),
    )
    .await;
    ok(&body);
    let payload = &body["data"]["updatePeerMentorDetails"];
    // Saved (normalized, deduplicated) despite the unknown tag.
    assert_eq!(
        payload["profile"]["specializations"],
        json!(["stroke", "juggling"])
    );
    let warnings = payload["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{payload}");
    assert_eq!(warnings[0]["rule"], "specializations_known_values");
    assert_eq!(warnings[0]["field"], "specializations");
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .contains("juggling")
    );

    let body = details(&app, &mentor, ola, json!({ "specializations": ["stroke"] })).await;
    assert_eq!(
        body["data"]["updatePeerMentorDetails"]["warnings"],
        json!([])
    );
}

#[tokio::test]
async fn tenant_isolation_keeps_references_and_rows_inside_the_organization() {
    let app = TestApp::spawn().await;
    let admin = app.token(NHF_ADMIN).await;
    let ola = profile("nhf-ola");

    // A location of another organization, or of another mentor: refused alike.
    for loc in [
        demo_id("geographic_location", "blind-anne"),
        demo_id("geographic_location", "nhf-lars"),
        Uuid::new_v4(),
    ] {
        let body = details(&app, &admin, ola, json!({ "geographicLocationId": loc })).await;
        assert_eq!(
            rule(&body),
            ("geographicLocationId", "tenant_isolation"),
            "{body}"
        );
    }
    // Another organization's profile does not exist for this viewer.
    let coordinator = app.token(NHF_COORDINATOR).await;
    let body = pause(&app, &coordinator, profile("blind-anne"), None).await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    let body = details(&app, &admin, profile("blind-anne"), json!({ "bio": "x" })).await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    // Roles only for members of the organization, in its own local associations.
    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": user("blind.mentor@meander.dev"), "r": role("peer_mentor") }),
        )
        .await;
    assert_eq!(rule(&body), ("userId", "tenant_isolation"), "{body}");
    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": user(NHF_BERGEN_COORDINATOR), "r": role("peer_mentor"), "la": demo_id("la", "trondheim") }),
        )
        .await;
    assert_eq!(
        rule(&body),
        ("localAssociationId", "tenant_isolation"),
        "{body}"
    );
    let body = app
        .gql(
            Some(&admin),
            REVOKE,
            json!({ "id": demo_id("user_role", "blind.mentor@meander.dev:blindeforbundet:peer_mentor") }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    assert_eq!(
        load(&app, profile("blind-anne")).await.status,
        profiles::PeerMentorStatus::Active
    );
}
