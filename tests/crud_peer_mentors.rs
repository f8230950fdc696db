//! CRUD over GraphQL for the peer mentor tables: profiles (seed 002 field rules; `status` is not
//! a generic input), the append-only availability history, locations with guarded coordinates,
//! pairings, honorarium thresholds and records, driver honorariums and declarations, NDAs,
//! referral links and recruitments; row scopes of coordinators and peer mentors, and tenant
//! isolation.

use crate::common;

use common::{TestApp, demo_id, error_code, error_rule as rule, ids, ok, walk_both_ways};
use serde_json::json;

fn user(email: &str) -> String {
    demo_id("user", email).to_string()
}

fn profile(key: &str) -> String {
    demo_id("peer_mentor_profile", key).to_string()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

const ADMIN: &str = "nhf.admin@meander.dev";
const KARI: &str = "nhf.coordinator@meander.dev";
const BJORN: &str = "nhf.coordinator.bergen@meander.dev";
const OLA: &str = "nhf.mentor@meander.dev";
const INGRID: &str = "nhf.mentor2@meander.dev";
const LARS: &str = "nhf.mentor.bergen@meander.dev";

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
async fn pairings_are_seen_by_both_sides_and_by_coordinators_of_either_side() {
    let app = TestApp::spawn().await;
    let list = "{ mentorPairings(first: 50) { totalCount nodes { id } } }";
    let seed_pairing = demo_id("mentor_pairing", "nhf-ola-ingrid").to_string();
    let ingrid = app.token(INGRID).await;
    let d = ok(&app, &ingrid, list, json!({})).await;
    assert_eq!(ids(&d["mentorPairings"]), vec![seed_pairing.clone()]);
    let lars = app.token(LARS).await;
    let d = ok(&app, &lars, list, json!({})).await;
    assert_eq!(d["mentorPairings"]["totalCount"], 0);
    let bjorn = app.token(BJORN).await;
    let d = ok(&app, &bjorn, list, json!({})).await;
    assert_eq!(d["mentorPairings"]["totalCount"], 0);

    // The org admin pairs Ola (Oslo) with Lars (Bergen): Bergen's coordinator now sees it.
    let admin = app.token(ADMIN).await;
    let created = ok(
        &app,
        &admin,
        "mutation($i: CreateMentorPairingInput!) { createMentorPairing(input: $i) { id status mentor { user { firstName } } mentee { user { firstName } } } }",
        json!({ "i": { "mentorProfileId": profile("nhf-ola"), "menteeProfileId": profile("nhf-lars"), "goals": "Første hjemmebesøk", "startedOn": "2025-11-01" } }),
    )
    .await;
    let row = &created["createMentorPairing"];
    assert_eq!(row["status"], "PROPOSED");
    assert_eq!(row["mentor"]["user"]["firstName"], "Ola");
    assert_eq!(row["mentee"]["user"]["firstName"], "Lars");
    let id = row["id"].as_str().unwrap().to_string();
    let d = ok(&app, &bjorn, list, json!({})).await;
    assert_eq!(ids(&d["mentorPairings"]), vec![id.clone()]);
    let d = ok(&app, &lars, list, json!({})).await;
    assert_eq!(ids(&d["mentorPairings"]), vec![id.clone()]);
    let kari = app.token(KARI).await;
    let both = walk_both_ways(
        &app,
        &kari,
        "mentorPairings",
        ("MentorPairingFilter", "MentorPairingOrderBy"),
        json!({ "mentorProfileId": { "eq": profile("nhf-ola") } }),
        json!({ "field": "CREATED_AT" }),
    )
    .await;
    assert_eq!(both, vec![seed_pairing.clone(), id.clone()]);
    let d = ok(
        &app,
        &kari,
        "query($id: UUID!) { peerMentorProfile(id: $id) { pairingsAsMentor { totalCount } pairingsAsMentee { totalCount } } }",
        json!({ "id": profile("nhf-ola") }),
    )
    .await;
    assert_eq!(d["peerMentorProfile"]["pairingsAsMentor"]["totalCount"], 2);
    assert_eq!(d["peerMentorProfile"]["pairingsAsMentee"]["totalCount"], 0);

    // Kari cannot pair Ingrid with Lars: his profile is outside her reach.
    let refused = app
        .gql(
            Some(&kari),
            "mutation($i: CreateMentorPairingInput!) { createMentorPairing(input: $i) { id } }",
            json!({ "i": { "mentorProfileId": profile("nhf-ingrid"), "menteeProfileId": profile("nhf-lars") } }),
        )
        .await;
    assert_eq!(
        rule(&refused),
        (
            "BAD_USER_INPUT".into(),
            "menteeProfileId".into(),
            "reference_in_scope".into()
        )
    );
    let updated = ok(
        &app,
        &kari,
        "mutation($id: UUID!) { updateMentorPairing(id: $id, input: { status: ACTIVE, meetingFrequency: \"Ukentlig\" }) { status meetingFrequency } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(updated["updateMentorPairing"]["status"], "ACTIVE");
    // A mentee reads the pairing but does not change it.
    let denied = app
        .gql(
            Some(&lars),
            "mutation($id: UUID!) { updateMentorPairing(id: $id, input: { goals: \"Egne mål\" }) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN");
    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteMentorPairing(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(
        &app,
        &admin,
        "query($id: UUID!) { mentorPairing(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(gone["mentorPairing"].is_null());
}

#[tokio::test]
async fn availability_history_is_append_only_and_follows_the_mentor_scope() {
    let app = TestApp::spawn().await;
    let kari = app.token(KARI).await;
    let d = ok(
        &app,
        &kari,
        "query($id: UUID!) { peerMentorProfile(id: $id) { availabilityHistory { nodes { status previousStatus source reason } } } }",
        json!({ "id": profile("nhf-ingrid") }),
    )
    .await;
    let history = d["peerMentorProfile"]["availabilityHistory"]["nodes"]
        .as_array()
        .unwrap();
    assert_eq!(history.len(), 2, "{d}");
    assert_eq!(history[0]["status"], "ACTIVE");
    assert!(history[0]["previousStatus"].is_null());
    assert_eq!(history[1]["status"], "PAUSED");
    assert_eq!(history[1]["previousStatus"], "ACTIVE");
    assert_eq!(history[1]["source"], "MENTOR");
    let listed = walk_both_ways(
        &app,
        &kari,
        "peerMentorAvailability",
        (
            "PeerMentorAvailabilityFilter",
            "PeerMentorAvailabilityOrderBy",
        ),
        json!({ "peerMentorProfileId": { "eq": profile("nhf-ingrid") } }),
        json!({ "field": "EFFECTIVE_FROM", "direction": "DESC" }),
    )
    .await;
    assert_eq!(
        listed,
        vec![
            demo_id("peer_mentor_availability", "nhf-ingrid:2").to_string(),
            demo_id("peer_mentor_availability", "nhf-ingrid:1").to_string(),
        ]
    );
    let bjorn = app.token(BJORN).await;
    let d = ok(
        &app,
        &bjorn,
        "query($id: UUID!) { peerMentorAvailabilityRecord(id: $id) { id } }",
        json!({ "id": demo_id("peer_mentor_availability", "nhf-ingrid:2") }),
    )
    .await;
    assert!(d["peerMentorAvailabilityRecord"].is_null());
    // No generic writes: status changes go through the lifecycle workflow.
    let body = app
        .gql(
            Some(&kari),
            "mutation { deletePeerMentorAvailability(id: \"00000000-0000-0000-0000-000000000000\") { id } }",
            json!({}),
        )
        .await;
    assert!(!body["errors"].is_null());
}

#[tokio::test]
async fn drivers_submit_honorariums_coordinators_approve_and_admins_delete() {
    let app = TestApp::spawn().await;
    let lars = app.token(LARS).await;
    let created = ok(
        &app,
        &lars,
        "mutation($i: CreateDriverHonorariumInput!) { createDriverHonorarium(input: $i) { id status amountOre distanceKm user { firstName } } }",
        json!({ "i": { "userId": user(LARS), "drivenOn": "2025-11-10", "distanceKm": 12.5, "amountOre": 4375, "rateOrePerKm": 350, "purpose": "Kjøring til likepersonstreff", "fromArea": "Fana", "toArea": "Åsane" } }),
    )
    .await;
    let row = &created["createDriverHonorarium"];
    assert_eq!(row["status"], "DRAFT");
    assert_eq!(row["distanceKm"], 12.5);
    let id = row["id"].as_str().unwrap().to_string();
    let bad = app
        .gql(
            Some(&lars),
            "mutation($id: UUID!) { updateDriverHonorarium(id: $id, input: { distanceKm: -1.0 }) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        rule(&bad),
        (
            "BAD_USER_INPUT".into(),
            "distanceKm".into(),
            "distance_range".into()
        )
    );
    // no_self_review: the driver decides nothing about their own honorarium, and a decided
    // status needs the decider (a database rule).
    for (input, expected) in [
        (
            json!({ "approvedById": user(LARS) }),
            ("FORBIDDEN", "approvedById", "no_self_review"),
        ),
        (
            json!({ "paidAt": "2025-11-20T09:00:00Z" }),
            ("FORBIDDEN", "paidAt", "no_self_review"),
        ),
        // A driver never decides their own claim (the state machine names a decider).
        (
            json!({ "status": "APPROVED" }),
            ("FORBIDDEN", "status", "status_transition"),
        ),
    ] {
        let bad = app
            .gql(
                Some(&lars),
                "mutation($id: UUID!, $i: UpdateDriverHonorariumInput!) { updateDriverHonorarium(id: $id, input: $i) { id } }",
                json!({ "id": id, "i": input }),
            )
            .await;
        assert_eq!(
            rule(&bad),
            (expected.0.into(), expected.1.into(), expected.2.into()),
            "{input}"
        );
    }
    let bad = app
        .gql(
            Some(&lars),
            "mutation($i: CreateDriverHonorariumInput!) { createDriverHonorarium(input: $i) { id } }",
            json!({ "i": { "userId": user(LARS), "drivenOn": "2025-11-11", "distanceKm": 3.0, "amountOre": 1050, "approvedById": user(LARS), "approvedAt": "2025-11-11T10:00:00Z" } }),
        )
        .await;
    assert_eq!(
        rule(&bad),
        (
            "FORBIDDEN".into(),
            "approvedById".into(),
            "no_self_review".into()
        )
    );
    ok(
        &app,
        &lars,
        "mutation($id: UUID!) { updateDriverHonorarium(id: $id, input: { status: SUBMITTED }) { status } }",
        json!({ "id": id }),
    )
    .await;
    let bjorn = app.token(BJORN).await;
    let approved = ok(
        &app,
        &bjorn,
        "mutation($id: UUID!, $by: UUID!) { updateDriverHonorarium(id: $id, input: { status: APPROVED, approvedById: $by, approvedAt: \"2025-11-12T09:00:00Z\" }) { status approvedBy { firstName } } }",
        json!({ "id": id, "by": user(BJORN) }),
    )
    .await;
    assert_eq!(
        approved["updateDriverHonorarium"]["approvedBy"]["firstName"],
        "Bjørn"
    );
    let listed = walk_both_ways(
        &app,
        &bjorn,
        "driverHonorariums",
        ("DriverHonorariumFilter", "DriverHonorariumOrderBy"),
        json!({ "userId": { "eq": user(LARS) } }),
        json!({ "field": "DRIVEN_ON", "direction": "DESC" }),
    )
    .await;
    assert_eq!(listed.len(), 2);
    assert!(listed.contains(&id));
    // Oslo's coordinator does not see Bergen's driver.
    let kari = app.token(KARI).await;
    let d = ok(
        &app,
        &kari,
        "query($id: UUID!) { driverHonorarium(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(d["driverHonorarium"].is_null());
    let denied = app
        .gql(
            Some(&lars),
            "mutation($id: UUID!) { deleteDriverHonorarium(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN");
    let admin = app.token(ADMIN).await;
    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteDriverHonorarium(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(
        &app,
        &admin,
        "query($id: UUID!) { driverHonorarium(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(gone["driverHonorarium"].is_null());

    // A Blindeforbundet honorarium names the assignment that required the driving.
    let blind = app.token("blind.coordinator@meander.dev").await;
    let d = ok(
        &app,
        &blind,
        "query($id: UUID!) { driverHonorarium(id: $id) { assignmentId amountOre } }",
        json!({ "id": demo_id("driver_honorarium", "blind-anne-1") }),
    )
    .await;
    assert_eq!(
        d["driverHonorarium"]["assignmentId"],
        demo_id("assignment", "blindeforbundet:ragnhild-mobil").to_string()
    );
    assert_eq!(d["driverHonorarium"]["amountOre"], 8225);
}

#[tokio::test]
async fn declarations_and_ndas_are_signed_by_mentors_and_registered_by_coordinators() {
    let app = TestApp::spawn().await;
    let ingrid = app.token(INGRID).await;
    let declared = ok(
        &app,
        &ingrid,
        "mutation($i: CreateDriverConfidentialityDeclarationInput!) { createDriverConfidentialityDeclaration(input: $i) { id declarationVersion signatureMethod user { firstName } } }",
        json!({ "i": { "userId": user(INGRID), "declarationVersion": "2025-01", "signedAt": "2025-11-01T10:00:00Z", "signatureMethod": "IN_APP" } }),
    )
    .await;
    assert_eq!(
        declared["createDriverConfidentialityDeclaration"]["user"]["firstName"],
        "Ingrid"
    );
    let kari = app.token(KARI).await;
    let refused = app
        .gql(
            Some(&kari),
            "mutation($i: CreateDriverConfidentialityDeclarationInput!) { createDriverConfidentialityDeclaration(input: $i) { id } }",
            json!({ "i": { "userId": user(LARS), "declarationVersion": "2025-01", "signedAt": "2025-11-01T10:00:00Z", "signatureMethod": "PAPER" } }),
        )
        .await;
    assert_eq!(rule(&refused).2, "reference_in_scope");

    // Kari sends Ingrid an NDA; Ingrid signs it.
    let nda = ok(
        &app,
        &kari,
        "mutation($i: CreateNdaAgreementInput!) { createNdaAgreement(input: $i) { id status } }",
        json!({ "i": { "userId": user(INGRID), "documentTitle": "Taushetserklæring for likepersoner", "documentVersion": "2025" } }),
    )
    .await;
    assert_eq!(nda["createNdaAgreement"]["status"], "PENDING");
    let nda_id = nda["createNdaAgreement"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let signed = ok(
        &app,
        &ingrid,
        "mutation($id: UUID!) { updateNdaAgreement(id: $id, input: { status: SIGNED, signedAt: \"2020-11-02T18:30:00Z\", signatureMethod: BANKID }) { status signatureMethod } }",
        json!({ "id": nda_id }),
    )
    .await;
    assert_eq!(signed["updateNdaAgreement"]["signatureMethod"], "BANKID");
    let bad = app
        .gql(
            Some(&kari),
            "mutation($id: UUID!) { updateNdaAgreement(id: $id, input: { documentVersion: \" \" }) { id } }",
            json!({ "id": nda_id }),
        )
        .await;
    assert_eq!(
        rule(&bad),
        (
            "BAD_USER_INPUT".into(),
            "documentVersion".into(),
            "required_fields".into()
        )
    );
    let signed_in_oslo = walk_both_ways(
        &app,
        &kari,
        "ndaAgreements",
        ("NdaAgreementFilter", "NdaAgreementOrderBy"),
        json!({ "status": { "eq": "SIGNED" } }),
        json!({ "field": "SIGNED_AT", "direction": "DESC" }),
    )
    .await;
    assert_eq!(
        signed_in_oslo,
        vec![
            demo_id("nda_agreement", "nhf-ola").to_string(),
            nda_id.clone()
        ]
    );
    let admin = app.token(ADMIN).await;
    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteNdaAgreement(id: $id) { id } }",
        json!({ "id": nda_id }),
    )
    .await;
    let gone = ok(
        &app,
        &ingrid,
        "query($id: UUID!) { ndaAgreement(id: $id) { id } }",
        json!({ "id": nda_id }),
    )
    .await;
    assert!(gone["ndaAgreement"].is_null());
}

#[tokio::test]
async fn mentors_manage_their_referral_links_and_read_their_recruitments() {
    let app = TestApp::spawn().await;
    let ingrid = app.token(INGRID).await;
    let created = ok(
        &app,
        &ingrid,
        "mutation($i: CreateReferralLinkInput!) { createReferralLink(input: $i) { id code channel isActive clickCount registrationCount user { firstName } } }",
        json!({ "i": { "code": "INGRID-OSL", "channel": "QR_CODE", "campaign": "Julemarked", "localAssociationId": demo_id("la", "oslo") } }),
    )
    .await;
    let row = &created["createReferralLink"];
    assert_eq!(row["user"]["firstName"], "Ingrid");
    assert_eq!(row["clickCount"], 0);
    let id = row["id"].as_str().unwrap().to_string();
    let bad = app
        .gql(
            Some(&ingrid),
            "mutation($i: CreateReferralLinkInput!) { createReferralLink(input: $i) { id } }",
            json!({ "i": { "code": "ingrid oslo" } }),
        )
        .await;
    assert_eq!(
        rule(&bad),
        (
            "BAD_USER_INPUT".into(),
            "code".into(),
            "referral_code_format".into()
        )
    );
    ok(
        &app,
        &ingrid,
        "mutation($id: UUID!) { updateReferralLink(id: $id, input: { isActive: false }) { isActive } }",
        json!({ "id": id }),
    )
    .await;
    let mine = ok(
        &app,
        &ingrid,
        "{ referralLinks { nodes { id } } }",
        json!({}),
    )
    .await;
    assert_eq!(ids(&mine["referralLinks"]), vec![id.clone()]);
    ok(
        &app,
        &ingrid,
        "mutation($id: UUID!) { deleteReferralLink(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(
        &app,
        &ingrid,
        "query($id: UUID!) { referralLink(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(gone["referralLink"].is_null());

    // Ola's link and the referrals it brought; recruitments are read-only for mentors.
    let ola = app.token(OLA).await;
    let d = ok(
        &app,
        &ola,
        "query($id: UUID!) { referralLink(id: $id) { code recruitments { totalCount nodes { status recruitedUser { firstName } } } } }",
        json!({ "id": demo_id("referral_link", "OLA-NHF-2025") }),
    )
    .await;
    assert_eq!(d["referralLink"]["recruitments"]["totalCount"], 2, "{d}");
    let denied = app
        .gql(
            Some(&ola),
            "mutation($i: CreateMemberRecruitmentInput!) { createMemberRecruitment(input: $i) { id } }",
            json!({ "i": { "userId": user(OLA), "clickedAt": "2025-11-01T10:00:00Z" } }),
        )
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN");
    let ingrid_sees = ok(
        &app,
        &ingrid,
        "{ memberRecruitments { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(ingrid_sees["memberRecruitments"]["totalCount"], 0);

    let admin = app.token(ADMIN).await;
    let rec = ok(
        &app,
        &admin,
        "mutation($i: CreateMemberRecruitmentInput!) { createMemberRecruitment(input: $i) { id status user { firstName } } }",
        json!({ "i": { "userId": user(LARS), "clickedAt": "2025-11-01T10:00:00Z", "channel": "SMS" } }),
    )
    .await;
    let rec_id = rec["createMemberRecruitment"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let clicks = walk_both_ways(
        &app,
        &admin,
        "memberRecruitments",
        ("MemberRecruitmentFilter", "MemberRecruitmentOrderBy"),
        json!({ "status": { "eq": "CLICKED" } }),
        json!({ "field": "CLICKED_AT" }),
    )
    .await;
    assert_eq!(
        sorted(clicks),
        sorted(vec![
            rec_id.clone(),
            demo_id("member_recruitment", "nhf-click").to_string()
        ])
    );
    let kari = app.token(KARI).await;
    let d = ok(
        &app,
        &kari,
        "{ memberRecruitments { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(
        d["memberRecruitments"]["totalCount"], 2,
        "Ola's two, not Lars's"
    );
    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteMemberRecruitment(id: $id) { id } }",
        json!({ "id": rec_id }),
    )
    .await;
    let gone = ok(
        &app,
        &admin,
        "query($id: UUID!) { memberRecruitment(id: $id) { id } }",
        json!({ "id": rec_id }),
    )
    .await;
    assert!(gone["memberRecruitment"].is_null());
}

#[tokio::test]
async fn org_admins_configure_honorarium_thresholds_and_mentors_read_their_crossings() {
    let app = TestApp::spawn().await;
    let admin = app.token("blind.admin@meander.dev").await;
    let created = ok(
        &app,
        &admin,
        "mutation($i: CreateHonorariumThresholdInput!) { createHonorariumThreshold(input: $i) { id kind isActive notifyCoordinator } }",
        json!({ "i": { "name": "Milepæl 10", "assignmentCount": 10, "kind": "NOTIFICATION_ONLY" } }),
    )
    .await;
    assert_eq!(created["createHonorariumThreshold"]["isActive"], true);
    let id = created["createHonorariumThreshold"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let bad = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updateHonorariumThreshold(id: $id, input: { assignmentCount: 0 }) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(rule(&bad).2, "assignment_count_range");
    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { updateHonorariumThreshold(id: $id, input: { description: \"Koordinator varsles\" }) { description } }",
        json!({ "id": id }),
    )
    .await;
    let ordered = walk_both_ways(
        &app,
        &admin,
        "honorariumThresholds",
        ("HonorariumThresholdFilter", "HonorariumThresholdOrderBy"),
        json!({ "isActive": { "eq": true } }),
        json!({ "field": "ASSIGNMENT_COUNT" }),
    )
    .await;
    assert_eq!(
        ordered,
        vec![
            demo_id("honorarium_threshold", "blindeforbundet-3").to_string(),
            id.clone(),
            demo_id("honorarium_threshold", "blindeforbundet-15").to_string(),
        ]
    );
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let denied = app
        .gql(
            Some(&coordinator),
            "mutation($i: CreateHonorariumThresholdInput!) { createHonorariumThreshold(input: $i) { id } }",
            json!({ "i": { "name": "Egen", "assignmentCount": 5, "kind": "HIGHER_RATE" } }),
        )
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN");
    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { deleteHonorariumThreshold(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let gone = ok(
        &app,
        &admin,
        "query($id: UUID!) { honorariumThreshold(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert!(gone["honorariumThreshold"].is_null());

    // Records: the admin corrects, the mentor reads their own.
    let bad = app
        .gql(
            Some(&admin),
            "mutation($i: CreateAssignmentHonorariumRecordInput!) { createAssignmentHonorariumRecord(input: $i) { id } }",
            json!({ "i": { "userId": user("blind.mentor@meander.dev"), "honorariumThresholdId": demo_id("honorarium_threshold", "blindeforbundet-15"), "periodStart": "2025-01-01", "assignmentCount": -1, "crossedAt": "2025-11-01T10:00:00Z" } }),
        )
        .await;
    assert_eq!(rule(&bad).2, "assignment_count_non_negative");
    let mentor = app.token("blind.mentor@meander.dev").await;
    let d = ok(
        &app,
        &mentor,
        "{ assignmentHonorariumRecords { nodes { id status amountOre honorariumThreshold { name } assignmentId } } honorariumThresholds { totalCount } }",
        json!({}),
    )
    .await;
    let nodes = d["assignmentHonorariumRecords"]["nodes"]
        .as_array()
        .unwrap();
    assert_eq!(nodes.len(), 1, "{d}");
    assert_eq!(nodes[0]["honorariumThreshold"]["name"], "Kontorhonorar");
    assert_eq!(nodes[0]["status"], "PAID");
    assert_eq!(d["honorariumThresholds"]["totalCount"], 2);
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
