//! Contacts: round trip, input rules, row scopes of coordinators, mentors and support, tenant isolation.

use super::*;

#[tokio::test]
async fn contact_round_trip_as_coordinator_create_read_update_list_paginate_delete() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let oslo = demo_id("la", "oslo");
    let mut ids = Vec::new();
    for (first, last) in [("Kari", "Aasen"), ("Lise", "Berntsen"), ("Tor", "Carlsen")] {
        let body = app
            .gql(
                Some(&coord),
                CREATE_CONTACT,
                json!({ "i": { "localAssociationId": oslo, "firstName": first, "lastName": last, "phone": "+47 400 00 000", "birthDate": "1950-05-17", "primaryPeerMentorId": user(MENTOR) } }),
            )
            .await;
        ok(&body);
        let c = &body["data"]["createContact"];
        // Tenant and author come from the viewer, not the input.
        assert_eq!(c["organizationId"], json!(demo_id("org", "nhf")));
        assert_eq!(c["createdById"], json!(user(COORDINATOR)));
        assert_eq!(c["status"], "ACTIVE");
        assert_eq!(c["phone"], "+47 400 00 000");
        assert_eq!(c["localAssociation"]["name"], "NHF Oslo");
        assert_eq!(c["primaryPeerMentor"]["firstName"], "Ola");
        ids.push(c["id"].as_str().unwrap().to_string());
    }

    // Read back by id, personal details included (the coordinator's local association).
    let body = app
        .gql(Some(&coord), CONTACT_BY_ID, json!({ "id": ids[1] }))
        .await;
    ok(&body);
    assert_eq!(body["data"]["contact"]["lastName"], "Berntsen");
    assert_eq!(body["data"]["contact"]["birthDate"], "1950-05-17");

    // Update: omitted fields stay, null clears an optional field.
    let body = app
        .gql(
            Some(&coord),
            "mutation($id: UUID!, $i: UpdateContactInput!) { updateContact(id: $id, input: $i) { firstName phone healthNotes municipality } }",
            json!({ "id": ids[1], "i": { "phone": null, "healthNotes": "Bruker krykker.", "municipality": "Oslo" } }),
        )
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["updateContact"],
        json!({ "firstName": "Lise", "phone": null, "healthNotes": "Bruker krykker.", "municipality": "Oslo" })
    );

    // List with a filter and an ordering, forwards then backwards by cursor.
    let list = "query($after: String, $before: String, $first: Int, $last: Int) { contacts(first: $first, after: $after, last: $last, before: $before, filter: {lastName: {in: [\"Aasen\", \"Berntsen\", \"Carlsen\"]}, status: {eq: ACTIVE}}, orderBy: {field: LAST_NAME, direction: DESC}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { lastName } } }";
    let page1 = app.gql(Some(&coord), list, json!({ "first": 2 })).await;
    ok(&page1);
    let conn = &page1["data"]["contacts"];
    assert_eq!(conn["totalCount"], 3);
    assert_eq!(
        conn["nodes"],
        json!([{ "lastName": "Carlsen" }, { "lastName": "Berntsen" }])
    );
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    let page2 = app
        .gql(
            Some(&coord),
            list,
            json!({ "first": 2, "after": conn["pageInfo"]["endCursor"] }),
        )
        .await;
    assert_eq!(
        page2["data"]["contacts"]["nodes"],
        json!([{ "lastName": "Aasen" }])
    );
    let back = app
        .gql(
            Some(&coord),
            list,
            json!({ "last": 1, "before": page2["data"]["contacts"]["pageInfo"]["startCursor"] }),
        )
        .await;
    assert_eq!(
        back["data"]["contacts"]["nodes"],
        json!([{ "lastName": "Berntsen" }])
    );

    // Delete, then the row is gone by id, and a second delete finds nothing.
    let delete = "mutation($id: UUID!) { deleteContact(id: $id) { lastName } }";
    let body = app.gql(Some(&coord), delete, json!({ "id": ids[0] })).await;
    assert_eq!(body["data"]["deleteContact"]["lastName"], "Aasen");
    let body = app
        .gql(Some(&coord), CONTACT_BY_ID, json!({ "id": ids[0] }))
        .await;
    assert!(
        body["errors"].is_null() && body["data"]["contact"].is_null(),
        "{body}"
    );
    let body = app.gql(Some(&coord), delete, json!({ "id": ids[0] })).await;
    assert_eq!(error_code(&body), "NOT_FOUND");
}

#[tokio::test]
async fn contact_input_rules_answer_bad_user_input_with_the_rule_name() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let oslo = demo_id("la", "oslo");
    for (input, expected) in [
        (
            json!({ "localAssociationId": oslo, "firstName": " ", "lastName": "X" }),
            ("firstName", "required_fields"),
        ),
        (
            json!({ "localAssociationId": oslo, "firstName": "A", "lastName": "B", "postalCode": "12" }),
            ("postalCode", "postal_code_format"),
        ),
        (
            json!({ "localAssociationId": oslo, "firstName": "A", "lastName": "B", "email": "not-an-address" }),
            ("email", "email_format"),
        ),
        (
            json!({ "localAssociationId": Uuid::new_v4(), "firstName": "A", "lastName": "B" }),
            ("localAssociationId", "reference_in_scope"),
        ),
    ] {
        let body = app
            .gql(Some(&coord), CREATE_CONTACT, json!({ "i": input }))
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(rule(&body), expected);
    }
}

#[tokio::test]
async fn coordinator_reaches_only_the_contacts_of_their_local_associations() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let body = app
        .gql(
            Some(&coord),
            "{ contacts(first: 100) { totalCount nodes { id localAssociation { name } } } }",
            json!({}),
        )
        .await;
    ok(&body);
    let nodes = body["data"]["contacts"]["nodes"].as_array().unwrap();
    let ids: Vec<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    for key in [
        "nhf:astrid-solberg",
        "nhf:jonas-haugen",
        "nhf:emma-lien",
        "nhf:per-kristiansen",
    ] {
        assert!(ids.contains(&contact(key).to_string().as_str()), "{key}");
    }
    assert_eq!(body["data"]["contacts"]["totalCount"], 4);
    for n in nodes {
        let la = n["localAssociation"]["name"].as_str().unwrap();
        assert!(la == "NHF Oslo" || la == "NHF Bærum", "{la}");
    }
    // Bergen's contact answers null by id, and the coordinator cannot create one there.
    let body = app
        .gql(
            Some(&coord),
            CONTACT_BY_ID,
            json!({ "id": contact("nhf:silje-mathisen") }),
        )
        .await;
    assert!(body["data"]["contact"].is_null(), "{body}");
    let body = app
        .gql(
            Some(&coord),
            CREATE_CONTACT,
            json!({ "i": { "localAssociationId": demo_id("la", "bergen"), "firstName": "A", "lastName": "B" } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // Moving an Oslo contact to Bergen would take it out of scope: refused, nothing changed.
    let body = app
        .gql(
            Some(&coord),
            "mutation($id: UUID!, $la: UUID!) { updateContact(id: $id, input: {localAssociationId: $la}) { id } }",
            json!({ "id": contact("nhf:astrid-solberg"), "la": demo_id("la", "bergen") }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = app
        .gql(
            Some(&coord),
            "query($id: UUID!) { contact(id: $id) { localAssociation { name } } }",
            json!({ "id": contact("nhf:astrid-solberg") }),
        )
        .await;
    assert_eq!(
        body["data"]["contact"]["localAssociation"]["name"],
        "NHF Oslo"
    );
}

#[tokio::test]
async fn peer_mentor_reaches_the_contacts_linked_to_them_with_their_personal_details() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let mentor = app.token(MENTOR).await;
    let oslo = demo_id("la", "oslo");
    // The primary peer mentor reads the contact and its personal details.
    let body = app
        .gql(
            Some(&mentor),
            CONTACT_BY_ID,
            json!({ "id": contact("nhf:astrid-solberg") }),
        )
        .await;
    ok(&body);
    assert_eq!(body["data"]["contact"]["phone"], "+47 412 34 567");
    assert!(body["data"]["contact"]["healthNotes"].is_string());

    // A contact of the same local association that is not linked to the mentor is invisible...
    let id = create_contact(
        &app,
        &coord,
        json!({ "localAssociationId": oslo, "firstName": "Synne", "lastName": "Ulvik", "phone": "+47 455 55 555", "primaryPeerMentorId": user(MENTOR2) }),
    )
    .await;
    let body = app
        .gql(Some(&mentor), CONTACT_BY_ID, json!({ "id": id }))
        .await;
    assert!(
        body["errors"].is_null() && body["data"]["contact"].is_null(),
        "{body}"
    );
    let body = app
        .gql(
            Some(&mentor),
            "query($id: UUID!) { contacts(filter: {id: {eq: $id}}) { totalCount } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(body["data"]["contacts"]["totalCount"], 0);
    // ...while the other mentor, its primary peer mentor, reads it with the phone number.
    let mentor2 = app.token(MENTOR2).await;
    let body = app
        .gql(Some(&mentor2), CONTACT_BY_ID, json!({ "id": id }))
        .await;
    assert_eq!(body["data"]["contact"]["phone"], "+47 455 55 555");

    // Once the coordinator makes the mentor its primary peer mentor, the mentor reaches it.
    let body = app
        .gql(
            Some(&coord),
            "mutation($id: UUID!, $m: UUID!) { updateContact(id: $id, input: {primaryPeerMentorId: $m}) { id } }",
            json!({ "id": id, "m": user(MENTOR) }),
        )
        .await;
    ok(&body);
    let body = app
        .gql(Some(&mentor), CONTACT_BY_ID, json!({ "id": id }))
        .await;
    assert_eq!(body["data"]["contact"]["phone"], "+47 455 55 555");

    // A mentor may register a contact only as its primary peer mentor.
    let body = app
        .gql(
            Some(&mentor),
            CREATE_CONTACT,
            json!({ "i": { "localAssociationId": oslo, "firstName": "Uten", "lastName": "Kobling" } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = app
        .gql(
            Some(&mentor),
            CREATE_CONTACT,
            json!({ "i": { "localAssociationId": oslo, "firstName": "Med", "lastName": "Kobling", "primaryPeerMentorId": user(MENTOR) } }),
        )
        .await;
    ok(&body);
    // Mentors never delete contacts.
    let new_id = body["data"]["createContact"]["id"].clone();
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { deleteContact(id: $id) { id } }",
            json!({ "id": new_id }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn another_organizations_contacts_answer_null_by_id_and_never_list() {
    let app = TestApp::spawn().await;
    let hlf = app.token("hlf.admin@meander.dev").await;
    for (field, id) in [
        ("contact", contact("nhf:astrid-solberg")),
        ("contactNote", demo_id("contact_note", "nhf:astrid-1")),
        ("caregiver", demo_id("caregiver", "nhf:astrid-datter")),
        ("relative", demo_id("relative", "nhf:emma-far")),
        (
            "homeVisitReport",
            demo_id("home_visit_report", "nhf:astrid-2026-10"),
        ),
        (
            "conversationCard",
            demo_id("conversation_card", "nhf:En vanlig dag"),
        ),
    ] {
        let body = app
            .gql(
                Some(&hlf),
                &format!("query($id: UUID!) {{ {field}(id: $id) {{ id }} }}"),
                json!({ "id": id }),
            )
            .await;
        assert!(
            body["errors"].is_null() && body["data"][field].is_null(),
            "{field}: {body}"
        );
    }
    let body = app
        .gql(
            Some(&hlf),
            "{ contacts(first: 100) { nodes { organizationId } } conversationCards { nodes { organizationId } } }",
            json!({}),
        )
        .await;
    ok(&body);
    for list in ["contacts", "conversationCards"] {
        for n in body["data"][list]["nodes"].as_array().unwrap() {
            assert_eq!(n["organizationId"], json!(demo_id("org", "hlf")), "{list}");
        }
    }
}

#[tokio::test]
async fn support_access_reads_contacts_but_never_their_personal_details() {
    let app = TestApp::spawn().await;
    let now = app.now();
    // Let platform support read contacts, and NHF grant support access for an hour.
    entity::role_permissions::ActiveModel {
        id: Set(Uuid::new_v4()),
        role_id: Set(catalog_id("role", "global_admin")),
        permission_id: Set(catalog_id("permission", "READ_CONTACTS")),
        organization_id: Set(None),
        is_granted: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    entity::support_access_grants::ActiveModel {
        id: Set(Uuid::new_v4()),
        organization_id: Set(demo_id("org", "nhf")),
        granted_to_user_id: Set(None),
        granted_by_id: Set(user("nhf.admin@meander.dev")),
        reason: Set("Feilsøking av kontaktlisten".into()),
        starts_at: Set(now - chrono::Duration::minutes(1)),
        expires_at: Set(now + chrono::Duration::hours(1)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let support = app.token("admin@meander.dev").await;
    let body = app
        .gql(
            Some(&support),
            "query($id: UUID!) { contact(id: $id) { firstName phone } }",
            json!({ "id": contact("nhf:astrid-solberg") }),
        )
        .await;
    // The row arrives; the guarded field is null with FORBIDDEN at its path.
    assert_eq!(body["data"]["contact"]["firstName"], "Astrid", "{body}");
    assert!(body["data"]["contact"]["phone"].is_null());
    assert_eq!(error_code(&body), "FORBIDDEN");
    assert_eq!(body["errors"][0]["path"], json!(["contact", "phone"]));
}
