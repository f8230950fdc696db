//! Assignments: round trip, input rules, what mentors and coordinators reach, the payload.

use super::*;

#[tokio::test]
async fn assignment_round_trip_as_coordinator_create_read_update_list_paginate_delete() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let mut ids = Vec::new();
    for title in ["Oppdrag A", "Oppdrag B", "Oppdrag C"] {
        let mut input = draft(title, MENTOR2);
        input["contactId"] = json!(demo_id("contact", "nhf:jonas-haugen"));
        input["dueDate"] = json!("2026-12-31");
        let body = app
            .gql(Some(&coord), CREATE_ASSIGNMENT, json!({ "i": input }))
            .await;
        ok(&body);
        let a = &body["data"]["createAssignment"];
        // New assignments are drafts in the viewer's organization, whatever the input.
        assert_eq!(a["organizationId"], json!(demo_id("org", "nhf")));
        assert_eq!(a["status"], "DRAFT");
        assert_eq!(a["priority"], "NORMAL");
        assert_eq!(a["createdById"], json!(user(COORDINATOR)));
        assert_eq!(a["peerMentor"]["firstName"], "Ingrid");
        assert_eq!(a["coordinator"]["firstName"], "Kari");
        assert_eq!(a["contact"]["firstName"], "Jonas");
        ids.push(a["id"].as_str().unwrap().to_string());
    }

    // Read back by id; the coordinator never reads the payload.
    let body = app
        .gql(
            Some(&coord),
            "query($id: UUID!) { assignment(id: $id) { title keyReference ciphertext } }",
            json!({ "id": ids[1] }),
        )
        .await;
    assert_eq!(body["data"]["assignment"]["title"], "Oppdrag B");
    assert!(body["data"]["assignment"]["ciphertext"].is_null());
    assert_eq!(error_code(&body), "FORBIDDEN");
    assert_eq!(
        body["errors"][0]["path"],
        json!(["assignment", "ciphertext"])
    );

    // Update: omitted fields stay, null clears an optional field.
    let body = app
        .gql(
            Some(&coord),
            "mutation($id: UUID!) { updateAssignment(id: $id, input: {priority: URGENT, dueDate: null, title: \"Oppdrag B (haster)\"}) { title priority dueDate status } }",
            json!({ "id": ids[1] }),
        )
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["updateAssignment"],
        json!({ "title": "Oppdrag B (haster)", "priority": "URGENT", "dueDate": null, "status": "DRAFT" })
    );

    // List with a filter and an ordering, forwards then backwards by cursor.
    let list = "query($after: String, $before: String, $first: Int, $last: Int, $m: UUID!) { assignments(first: $first, after: $after, last: $last, before: $before, filter: {peerMentorId: {eq: $m}, status: {eq: DRAFT}, title: {startsWith: \"Oppdrag\"}}, orderBy: {field: CREATED_AT, direction: DESC}) { totalCount pageInfo { hasNextPage startCursor endCursor } nodes { id } } }";
    let m = user(MENTOR2);
    let page1 = app
        .gql(Some(&coord), list, json!({ "first": 2, "m": m }))
        .await;
    ok(&page1);
    let conn = &page1["data"]["assignments"];
    assert_eq!(conn["totalCount"], 3);
    assert_eq!(conn["nodes"], json!([{ "id": ids[2] }, { "id": ids[1] }]));
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    let page2 = app
        .gql(
            Some(&coord),
            list,
            json!({ "first": 2, "after": conn["pageInfo"]["endCursor"], "m": m }),
        )
        .await;
    assert_eq!(
        page2["data"]["assignments"]["nodes"],
        json!([{ "id": ids[0] }])
    );
    let back = app
        .gql(
            Some(&coord),
            list,
            json!({ "last": 1, "before": page2["data"]["assignments"]["pageInfo"]["startCursor"], "m": m }),
        )
        .await;
    assert_eq!(
        back["data"]["assignments"]["nodes"],
        json!([{ "id": ids[1] }])
    );

    // Delete, then by id null and a second delete finds nothing.
    let delete = "mutation($id: UUID!) { deleteAssignment(id: $id) { id } }";
    ok(&app.gql(Some(&coord), delete, json!({ "id": ids[0] })).await);
    let body = app
        .gql(
            Some(&coord),
            "query($id: UUID!) { assignment(id: $id) { id } }",
            json!({ "id": ids[0] }),
        )
        .await;
    assert!(
        body["errors"].is_null() && body["data"]["assignment"].is_null(),
        "{body}"
    );
    let body = app.gql(Some(&coord), delete, json!({ "id": ids[0] })).await;
    assert_eq!(error_code(&body), "NOT_FOUND");
}

#[tokio::test]
async fn assignment_input_rules_and_references_are_checked() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let mut not_base64 = draft("X", MENTOR);
    not_base64["ciphertext"] = json!("ikke base64!");
    let mut blank = draft(" ", MENTOR);
    blank["title"] = json!(" ");
    // A mentor of another local association is not a user the coordinator can name.
    let foreign_mentor = draft("X", BERGEN_MENTOR);
    for (input, expected) in [
        (not_base64, ("ciphertext", "ciphertext_base64")),
        (blank, ("title", "required_fields")),
        (foreign_mentor, ("peerMentorId", "reference_in_scope")),
    ] {
        let body = app
            .gql(Some(&coord), CREATE_ASSIGNMENT, json!({ "i": input }))
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(rule(&body), expected);
    }
    // Peer mentors never create assignments.
    let mentor = app.token(MENTOR).await;
    let mut own = draft("X", MENTOR);
    own["coordinatorId"] = json!(user(MENTOR));
    let body = app
        .gql(Some(&mentor), CREATE_ASSIGNMENT, json!({ "i": own }))
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn peer_mentor_sees_dispatched_assignments_to_them_never_drafts_or_others() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let mentor = app.token(MENTOR).await;
    let mut own = draft("X", MENTOR);
    own["coordinatorId"] = json!(user(MENTOR));
    let body = app
        .gql(
            Some(&coord),
            CREATE_ASSIGNMENT,
            json!({ "i": draft("Utkast", MENTOR) }),
        )
        .await;
    ok(&body);
    let draft_id = body["data"]["createAssignment"]["id"].clone();
    let q = "query($id: UUID!) { assignment(id: $id) { title status dispatches { totalCount nodes { toStatus } } } }";
    // A draft addressed to the mentor is not theirs to see yet.
    let body = app.gql(Some(&mentor), q, json!({ "id": draft_id })).await;
    assert!(
        body["errors"].is_null() && body["data"]["assignment"].is_null(),
        "{body}"
    );
    // The assignment delivered to them is, with its whole trail (Ola has not consented to
    // encrypted assignments, so he has neither opened nor accepted it).
    let body = app
        .gql(
            Some(&mentor),
            q,
            json!({ "id": assignment("nhf:astrid-besok") }),
        )
        .await;
    ok(&body);
    assert_eq!(body["data"]["assignment"]["status"], "DELIVERED");
    assert_eq!(
        body["data"]["assignment"]["dispatches"]["nodes"],
        json!([{ "toStatus": "DISPATCHED" }, { "toStatus": "DELIVERED" }])
    );
    // Another mentor's assignment is invisible, in lists and by id.
    let body = app
        .gql(
            Some(&mentor),
            q,
            json!({ "id": assignment("nhf:silje-oppfolging") }),
        )
        .await;
    assert!(body["data"]["assignment"].is_null(), "{body}");
    let body = app
        .gql(Some(&mentor), "{ assignments(first: 100) { nodes { peerMentorId status } } assignmentDispatches(first: 100) { nodes { assignment { peerMentorId } } } }", json!({}))
        .await;
    ok(&body);
    for n in body["data"]["assignments"]["nodes"].as_array().unwrap() {
        assert_eq!(n["peerMentorId"], json!(user(MENTOR)));
        assert_ne!(n["status"], "DRAFT");
    }
    for n in body["data"]["assignmentDispatches"]["nodes"]
        .as_array()
        .unwrap()
    {
        assert_eq!(n["assignment"]["peerMentorId"], json!(user(MENTOR)));
    }
    // Mentors read assignments but do not change them.
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { updateAssignment(id: $id, input: {title: \"x\"}) { id } }",
            json!({ "id": assignment("nhf:astrid-besok") }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn only_the_consenting_recipient_reads_the_payload_once_opened_and_reading_writes_nothing() {
    let app = TestApp::spawn().await;
    let id = assignment("nhf:silje-oppfolging"); // dispatched to the Bergen mentor, unread
    let reader = user(BERGEN_MENTOR);
    let q = "query($id: UUID!) { assignment(id: $id) { title ciphertext } }";
    let mentor = app.token(BERGEN_MENTOR).await;
    // Without consent to encrypted assignments on the profile: the row, but no payload.
    let body = app.gql(Some(&mentor), q, json!({ "id": id })).await;
    assert_eq!(
        body["data"]["assignment"]["title"],
        "Oppfølgingssamtale, Bergen sentrum"
    );
    assert!(body["data"]["assignment"]["ciphertext"].is_null(), "{body}");
    assert_eq!(error_code(&body), "FORBIDDEN");
    assert_eq!(receipts(&app, id, reader).await, 0);

    use entity::peer_mentor_profiles as profiles;
    profiles::Entity::update_many()
        .col_expr(
            profiles::Column::AcceptsEncryptedAssignments,
            Expr::value(true),
        )
        .filter(profiles::Column::UserId.eq(reader))
        .exec(&app.db)
        .await
        .unwrap();
    // Consent alone is not enough: the read is recorded by openAssignment, not by the field.
    let body = app.gql(Some(&mentor), q, json!({ "id": id })).await;
    assert!(body["data"]["assignment"]["ciphertext"].is_null(), "{body}");
    assert_eq!(error_code(&body), "FORBIDDEN");
    assert_eq!(receipts(&app, id, reader).await, 0);
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { openAssignment(id: $id, devicePlatform: \"android\") { firstOpen } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    assert_eq!(body["data"]["openAssignment"]["firstOpen"], true);
    for _ in 0..2 {
        let body = app.gql(Some(&mentor), q, json!({ "id": id })).await;
        ok(&body);
        assert!(
            body["data"]["assignment"]["ciphertext"]
                .as_str()
                .unwrap()
                .len()
                > 100
        );
    }
    // One receipt, however often the payload is read; the mentor sees it.
    assert_eq!(receipts(&app, id, reader).await, 1);
    let body = app
        .gql(
            Some(&mentor),
            "query($id: UUID!) { assignment(id: $id) { readReceipts { totalCount nodes { userId } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        body["data"]["assignment"]["readReceipts"]["totalCount"], 1,
        "{body}"
    );

    // The coordinator of the assignment sees the row and the receipt, never the payload.
    let coord = app.token(BERGEN_COORDINATOR).await;
    let body = app
        .gql(
            Some(&coord),
            "query($id: UUID!) { assignment(id: $id) { ciphertext readReceipts { totalCount } } }",
            json!({ "id": id }),
        )
        .await;
    assert!(body["data"]["assignment"]["ciphertext"].is_null());
    assert_eq!(body["data"]["assignment"]["readReceipts"]["totalCount"], 1);
    assert_eq!(error_code(&body), "FORBIDDEN");
}

#[tokio::test]
async fn coordinators_reach_the_assignments_and_trails_of_their_local_associations() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let body = app
        .gql(
            Some(&coord),
            "{ assignments(first: 100) { nodes { localAssociation { name } } } assignmentDispatches(first: 100) { totalCount nodes { assignment { localAssociation { name } } } } assignmentConsents(first: 100) { nodes { decision } } }",
            json!({}),
        )
        .await;
    ok(&body);
    let assignments = body["data"]["assignments"]["nodes"].as_array().unwrap();
    assert!(!assignments.is_empty());
    for n in assignments {
        assert_eq!(n["localAssociation"]["name"], "NHF Oslo");
    }
    // The Oslo trail: astrid-besok's two steps (the Oslo draft has none), and no answer yet.
    assert_eq!(body["data"]["assignmentDispatches"]["totalCount"], 2);
    assert_eq!(body["data"]["assignmentConsents"]["nodes"], json!([]));
    // Bergen's assignment answers null by id.
    let body = app
        .gql(
            Some(&coord),
            "query($id: UUID!) { assignment(id: $id) { id } }",
            json!({ "id": assignment("nhf:silje-oppfolging") }),
        )
        .await;
    assert!(body["data"]["assignment"].is_null(), "{body}");
}
