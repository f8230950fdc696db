//! Profiles: the generic update's field rules, row scopes, guarded coordinates, tenant isolation.

use super::*;

#[tokio::test]
async fn generic_profile_update_covers_self_description_only_and_lists_both_ways() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let id = profile("nhf-ola");
    let updated = ok(
        &app,
        &admin,
        "mutation($id: UUID!) { updatePeerMentorProfile(id: $id, input: { bio: \"Likeperson i Oslo.\", yearsOfExperience: 4 }) { bio yearsOfExperience status user { firstName } } }",
        json!({ "id": id }),
    )
    .await;
    let row = &updated["updatePeerMentorProfile"];
    assert_eq!(row["yearsOfExperience"], 4);
    assert_eq!(row["user"]["firstName"], "Ola");
    // The matching's inputs go through `updatePeerMentorDetails` and its rules only
    // (`column_server_only` on the generic path, nothing written).
    for input in [
        json!({ "specializations": ["wheelchair_user"] }),
        json!({ "referralCode": "OLA-NHF-2026" }),
    ] {
        let body = app
            .gql(
                Some(&admin),
                "mutation($id: UUID!, $i: UpdatePeerMentorProfileInput!) { updatePeerMentorProfile(id: $id, input: $i) { id } }",
                json!({ "id": id, "i": input }),
            )
            .await;
        let field = input.as_object().unwrap().keys().next().unwrap().clone();
        assert_eq!(
            rule(&body),
            ("FORBIDDEN".into(), field, "column_server_only".into()),
            "{body}"
        );
    }
    // Status, certification, counters and consent belong to the lifecycle workflow; profiles
    // are created by assignRole. None of these are generic inputs or mutations.
    for m in [
        "mutation($id: UUID!) { updatePeerMentorProfile(id: $id, input: { status: PAUSED }) { id } }",
        "mutation($id: UUID!) { updatePeerMentorProfile(id: $id, input: { certificationStatus: NOT_REQUIRED }) { id } }",
        "mutation($id: UUID!) { updatePeerMentorProfile(id: $id, input: { assignmentCountCurrentPeriod: 99 }) { id } }",
        "mutation($id: UUID!) { deletePeerMentorProfile(id: $id) { id } }",
    ] {
        let refused = app.gql(Some(&admin), m, json!({ "id": id })).await;
        assert!(!refused["errors"].is_null(), "{m}: {refused}");
    }
    let all = walk_both_ways(
        &app,
        &admin,
        "peerMentorProfiles",
        ("PeerMentorProfileFilter", "PeerMentorProfileOrderBy"),
        json!({ "status": { "in": ["ACTIVE", "PAUSED"] } }),
        json!({ "field": "CREATED_AT", "direction": "DESC" }),
    )
    .await;
    assert!(all.contains(&id), "{all:?}");
}

#[tokio::test]
async fn profile_field_rules_carry_the_seed_002_rule_names() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    // The generic update's own rules, and the workflow's for the referral code (the one path
    // that may set it).
    let q = "mutation($id: UUID!, $i: UpdatePeerMentorProfileInput!) { updatePeerMentorProfile(id: $id, input: $i) { id } }";
    let details = "mutation($id: UUID!, $i: UpdatePeerMentorDetailsInput!) { updatePeerMentorDetails(profileId: $id, input: $i) { profile { id } } }";
    let cases = [
        (
            json!({ "yearsOfExperience": 81 }),
            "yearsOfExperience",
            "years_of_experience_range",
        ),
        (
            json!({ "yearsOfExperience": -1 }),
            "yearsOfExperience",
            "years_of_experience_range",
        ),
        (
            json!({ "referralCode": "ola nhf" }),
            "referralCode",
            "referral_code_format",
        ),
        (
            json!({ "referralCode": "AB" }),
            "referralCode",
            "referral_code_format",
        ),
    ];
    for (input, field, rule_name) in cases {
        let q = if field == "referralCode" { details } else { q };
        let body = app
            .gql(
                Some(&admin),
                q,
                json!({ "id": profile("nhf-ola"), "i": input }),
            )
            .await;
        assert_eq!(
            rule(&body),
            ("BAD_USER_INPUT".into(), field.into(), rule_name.into()),
            "{input}"
        );
    }
    // The boundaries are accepted.
    ok(
        &app,
        &admin,
        q,
        json!({ "id": profile("nhf-ola"), "i": { "yearsOfExperience": 80 } }),
    )
    .await;
    ok(
        &app,
        &admin,
        details,
        json!({ "id": profile("nhf-ola"), "i": { "referralCode": "OLA-NHF-2026" } }),
    )
    .await;
}

#[tokio::test]
async fn coordinators_reach_profiles_of_their_associations_and_mentors_only_their_own() {
    let app = TestApp::spawn().await;
    let list = "{ peerMentorProfiles(first: 50) { totalCount nodes { id } } }";
    let kari = app.token(KARI).await;
    let d = ok(&app, &kari, list, json!({})).await;
    assert_eq!(
        sorted(ids(&d["peerMentorProfiles"])),
        sorted(vec![profile("nhf-ola"), profile("nhf-ingrid")])
    );
    let lars_by_kari = ok(
        &app,
        &kari,
        "query($id: UUID!) { peerMentorProfile(id: $id) { id } }",
        json!({ "id": profile("nhf-lars") }),
    )
    .await;
    assert!(lars_by_kari["peerMentorProfile"].is_null());
    let bjorn = app.token(BJORN).await;
    let d = ok(&app, &bjorn, list, json!({})).await;
    assert_eq!(ids(&d["peerMentorProfiles"]), vec![profile("nhf-lars")]);

    // A coordinator edits a mentor in reach, not one outside it.
    ok(
        &app,
        &kari,
        "mutation($id: UUID!) { updatePeerMentorProfile(id: $id, input: { yearsOfExperience: 2 }) { id } }",
        json!({ "id": profile("nhf-ingrid") }),
    )
    .await;
    let denied = app
        .gql(
            Some(&kari),
            "mutation($id: UUID!) { updatePeerMentorProfile(id: $id, input: { yearsOfExperience: 2 }) { id } }",
            json!({ "id": profile("nhf-lars") }),
        )
        .await;
    assert_eq!(error_code(&denied), "NOT_FOUND");

    let ingrid = app.token(INGRID).await;
    let d = ok(&app, &ingrid, list, json!({})).await;
    assert_eq!(ids(&d["peerMentorProfiles"]), vec![profile("nhf-ingrid")]);
    ok(
        &app,
        &ingrid,
        "mutation($id: UUID!) { updatePeerMentorProfile(id: $id, input: { bio: \"Tilbake i januar.\" }) { bio } }",
        json!({ "id": profile("nhf-ingrid") }),
    )
    .await;
    let other = app
        .gql(
            Some(&ingrid),
            "mutation($id: UUID!) { updatePeerMentorProfile(id: $id, input: { bio: \"Kapret\" }) { bio } }",
            json!({ "id": profile("nhf-ola") }),
        )
        .await;
    assert_eq!(error_code(&other), "NOT_FOUND");
}

#[tokio::test]
async fn coordinates_are_readable_by_the_mentor_and_by_staff_only_with_consent() {
    let app = TestApp::spawn().await;
    let q = "query($id: UUID!) { geographicLocation(id: $id) { municipality latitude longitude } }";
    let kari = app.token(KARI).await;
    let d = ok(
        &app,
        &kari,
        q,
        json!({ "id": demo_id("geographic_location", "nhf-ola") }),
    )
    .await;
    assert_eq!(d["geographicLocation"]["latitude"], 59.9225);
    assert_eq!(d["geographicLocation"]["longitude"], 10.759);
    // Through the profile relation too.
    let d = ok(
        &app,
        &kari,
        "query($id: UUID!) { peerMentorProfile(id: $id) { geographicLocation { latitude } } }",
        json!({ "id": profile("nhf-ola") }),
    )
    .await;
    assert_eq!(
        d["peerMentorProfile"]["geographicLocation"]["latitude"],
        59.9225
    );

    // Lars withdrew his consent: his coordinator sees the row, not where he lives (not even
    // the municipality that was kept for him).
    let bjorn = app.token(BJORN).await;
    let body = app
        .gql(
            Some(&bjorn),
            "query($id: UUID!) { geographicLocation(id: $id) { id municipality latitude longitude } }",
            json!({ "id": demo_id("geographic_location", "nhf-lars") }),
        )
        .await;
    let row = &body["data"]["geographicLocation"];
    assert!(row["id"].is_string(), "{body}");
    assert!(
        row["municipality"].is_null() && row["latitude"].is_null(),
        "{body}"
    );
    assert_eq!(error_code(&body), "FORBIDDEN");
    assert_eq!(body["errors"][0]["path"][1], "municipality");

    // The mentor manages their own location.
    let ingrid = app.token(INGRID).await;
    let created = ok(
        &app,
        &ingrid,
        "mutation($i: CreateGeographicLocationInput!) { createGeographicLocation(input: $i) { id source latitude user { firstName } } }",
        json!({ "i": {
            "areaName": "Sagene, Oslo", "postalCode": "0461", "municipality": "Oslo",
            "latitude": 59.938, "longitude": 10.757, "precisionMeters": 500, "source": "POSTAL_CODE",
            "consentGivenAt": "2025-10-01T12:00:00Z", "consentVersion": "gdpr-lokasjon-2024",
        } }),
    )
    .await;
    let row = &created["createGeographicLocation"];
    assert_eq!(row["user"]["firstName"], "Ingrid");
    assert_eq!(row["latitude"], 59.938);
    let id = row["id"].as_str().unwrap().to_string();
    let d = ok(&app, &kari, q, json!({ "id": id })).await;
    assert_eq!(d["geographicLocation"]["latitude"], 59.938);
    let bad = app
        .gql(
            Some(&ingrid),
            "mutation($id: UUID!) { updateGeographicLocation(id: $id, input: { postalCode: \"04x1\" }) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(rule(&bad).2, "postal_code_format");
    let bad = app
        .gql(
            Some(&ingrid),
            "mutation($id: UUID!) { updateGeographicLocation(id: $id, input: { latitude: 91.0 }) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(rule(&bad).2, "latitude_range");
    let mine = walk_both_ways(
        &app,
        &kari,
        "geographicLocations",
        ("GeographicLocationFilter", "GeographicLocationOrderBy"),
        json!({ "userId": { "in": [user(OLA), user(INGRID)] } }),
        json!({ "field": "CREATED_AT" }),
    )
    .await;
    assert_eq!(
        mine,
        vec![
            demo_id("geographic_location", "nhf-ola").to_string(),
            id.clone()
        ]
    );
    // Coordinators read locations; they do not change them.
    let denied = app
        .gql(
            Some(&kari),
            "mutation($id: UUID!) { updateGeographicLocation(id: $id, input: { areaName: \"Torshov\" }) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN");
    ok(
        &app,
        &ingrid,
        "mutation($id: UUID!) { deleteGeographicLocation(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(&app, &ingrid, q, json!({ "id": id })).await;
    assert!(gone["geographicLocation"].is_null());
}

#[tokio::test]
async fn another_organizations_peer_mentor_rows_answer_null_by_id() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let rows = [
        ("peerMentorProfile", profile("blind-anne")),
        (
            "peerMentorAvailabilityRecord",
            demo_id("peer_mentor_availability", "hlf-ola:2").to_string(),
        ),
        (
            "geographicLocation",
            demo_id("geographic_location", "blind-anne").to_string(),
        ),
        (
            "mentorPairing",
            demo_id("mentor_pairing", "hlf-eva-ola").to_string(),
        ),
        (
            "honorariumThreshold",
            demo_id("honorarium_threshold", "hlf-3").to_string(),
        ),
        (
            "assignmentHonorariumRecord",
            demo_id("assignment_honorarium_record", "blind-anne-3").to_string(),
        ),
        (
            "driverHonorarium",
            demo_id("driver_honorarium", "hlf-eva-1").to_string(),
        ),
        (
            "driverConfidentialityDeclaration",
            demo_id("driver_confidentiality_declaration", "blind-anne").to_string(),
        ),
        (
            "ndaAgreement",
            demo_id("nda_agreement", "hlf-eva").to_string(),
        ),
        (
            "referralLink",
            demo_id("referral_link", "ANNE-TRD-01").to_string(),
        ),
        (
            "memberRecruitment",
            demo_id("member_recruitment", "hlf-abandoned").to_string(),
        ),
    ];
    for (field, id) in &rows {
        let d = ok(
            &app,
            &admin,
            &format!("query($id: UUID!) {{ {field}(id: $id) {{ id }} }}"),
            json!({ "id": id }),
        )
        .await;
        assert!(d[*field].is_null(), "{field}: {d}");
    }
    // Writing one is NOT_FOUND, as if it did not exist.
    let upd = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updatePeerMentorProfile(id: $id, input: { bio: \"Kapret\" }) { id } }",
            json!({ "id": profile("blind-anne") }),
        )
        .await;
    assert_eq!(error_code(&upd), "NOT_FOUND");
    // Ola is a mentor in HLF too, but NHF's admin never sees his HLF profile.
    let d = ok(
        &app,
        &admin,
        "query($u: UUID!) { peerMentorProfiles(filter: { userId: { eq: $u } }) { nodes { id } } }",
        json!({ "u": user(OLA) }),
    )
    .await;
    assert_eq!(ids(&d["peerMentorProfiles"]), vec![profile("nhf-ola")]);
}
