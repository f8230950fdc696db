//! Pairings seen from both sides, and the append-only availability history.

use super::*;

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
