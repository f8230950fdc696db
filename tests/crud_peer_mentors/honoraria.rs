//! Driver honorariums and honorarium thresholds.

use super::*;

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
