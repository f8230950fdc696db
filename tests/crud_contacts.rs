//! Generic CRUD through GraphQL on the contacts tables: round trips as the roles that may write
//! them, coordinator and peer-mentor row scopes (local associations, contacts linked to the
//! mentor), guarded personal details, private notes, and other tenants' rows answering null.

use crate::common;

use common::{TestApp, demo_id, error_code};
use meander_gateway::seed::catalog_id;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};
use uuid::Uuid;

const CREATE_CONTACT: &str = "mutation($i: CreateContactInput!) { createContact(input: $i) { id organizationId createdById status firstName lastName phone localAssociation { name } primaryPeerMentor { firstName } } }";
const CONTACT_BY_ID: &str = "query($id: UUID!) { contact(id: $id) { id firstName lastName phone email healthNotes birthDate } }";

const COORDINATOR: &str = "nhf.coordinator@meander.dev"; // NHF Oslo and Bærum
const MENTOR: &str = "nhf.mentor@meander.dev"; // NHF Oslo
const MENTOR2: &str = "nhf.mentor2@meander.dev"; // NHF Oslo

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

fn contact(key: &str) -> Uuid {
    demo_id("contact", key)
}

fn rule(body: &Value) -> (&str, &str) {
    let ext = &body["errors"][0]["extensions"];
    (
        ext["field"].as_str().unwrap_or(""),
        ext["rule"].as_str().unwrap_or(""),
    )
}

fn ok(body: &Value) {
    assert!(body["errors"].is_null(), "{body}");
}

/// Creates a contact as `token` and returns its id.
async fn create_contact(app: &TestApp, token: &str, input: Value) -> String {
    let body = app
        .gql(Some(token), CREATE_CONTACT, json!({ "i": input }))
        .await;
    ok(&body);
    body["data"]["createContact"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

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

#[tokio::test]
async fn contact_notes_round_trip_and_mentors_write_only_on_linked_contacts() {
    let app = TestApp::spawn().await;
    let mentor = app.token(MENTOR).await;
    let coord = app.token(COORDINATOR).await;
    let astrid = contact("nhf:astrid-solberg");
    let create = "mutation($i: CreateContactNoteInput!) { createContactNote(input: $i) { id noteType followUpRequired author { firstName } contact { firstName } } }";
    let body = app
        .gql(
            Some(&mentor),
            create,
            json!({ "i": { "contactId": astrid, "body": "Ringte og avtalte besøk.", "noteType": "INTERACTION" } }),
        )
        .await;
    ok(&body);
    let note = &body["data"]["createContactNote"];
    assert_eq!(note["author"]["firstName"], "Ola");
    assert_eq!(note["contact"]["firstName"], "Astrid");
    let id = note["id"].clone();
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { updateContactNote(id: $id, input: {followUpRequired: true, followUpDueDate: \"2026-12-24\", title: \"Julebesøk\"}) { followUpRequired followUpDueDate title } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["updateContactNote"]["followUpDueDate"],
        "2026-12-24"
    );
    // The coordinator lists the contact's notes with a filter and an ordering, then deletes one.
    let body = app
        .gql(
            Some(&coord),
            "query($c: UUID!) { contactNotes(filter: {contactId: {eq: $c}, followUpRequired: {eq: true}}, orderBy: {field: CREATED_AT, direction: DESC}) { totalCount nodes { title } } }",
            json!({ "c": astrid }),
        )
        .await;
    ok(&body);
    let titles: Vec<&str> = body["data"]["contactNotes"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["title"].as_str())
        .collect();
    assert!(titles.contains(&"Julebesøk"), "{body}");
    let body = app
        .gql(
            Some(&coord),
            "mutation($id: UUID!) { deleteContactNote(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let body = app
        .gql(
            Some(&mentor),
            "query($id: UUID!) { contactNote(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert!(body["data"]["contactNote"].is_null(), "{body}");
    // A contact in another local association is not a contact the mentor can name.
    let body = app
        .gql(
            Some(&mentor),
            create,
            json!({ "i": { "contactId": contact("nhf:silje-mathisen"), "body": "x" } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(rule(&body), ("contactId", "reference_in_scope"));
}

#[tokio::test]
async fn caregivers_and_relatives_follow_their_contact_and_guard_phone_numbers() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let mentor = app.token(MENTOR).await;
    let mentor2 = app.token(MENTOR2).await;
    // A fresh contact of the mentor's (linked to nobody else through activities or assignments).
    let astrid = create_contact(
        &app,
        &coord,
        json!({ "localAssociationId": demo_id("la", "oslo"), "firstName": "Astrid", "lastName": "Nygård", "primaryPeerMentorId": user(MENTOR) }),
    )
    .await;

    // Caregiver round trip as the coordinator.
    let body = app
        .gql(
            Some(&coord),
            "mutation($i: CreateCaregiverInput!) { createCaregiver(input: $i) { id relationship phone isPrimary } }",
            json!({ "i": { "contactId": astrid, "firstName": "Bjarne", "lastName": "Solberg", "relationship": "SPOUSE_PARTNER", "phone": "+47 411 11 111", "livesWithContact": true } }),
        )
        .await;
    ok(&body);
    let caregiver = body["data"]["createCaregiver"]["id"].clone();
    assert_eq!(body["data"]["createCaregiver"]["phone"], "+47 411 11 111");
    let body = app
        .gql(
            Some(&coord),
            "mutation($id: UUID!) { updateCaregiver(id: $id, input: {isEmergencyContact: true, notes: \"Hjemme etter kl 16\"}) { isEmergencyContact notes } }",
            json!({ "id": caregiver }),
        )
        .await;
    ok(&body);
    // The contact's mentor reads the caregiver with the phone; another mentor not at all.
    let q = "query($id: UUID!) { caregiver(id: $id) { firstName phone contact { firstName } } }";
    let body = app.gql(Some(&mentor), q, json!({ "id": caregiver })).await;
    ok(&body);
    assert_eq!(body["data"]["caregiver"]["phone"], "+47 411 11 111");
    let body = app.gql(Some(&mentor2), q, json!({ "id": caregiver })).await;
    assert!(
        body["errors"].is_null() && body["data"]["caregiver"].is_null(),
        "{body}"
    );
    let body = app
        .gql(
            Some(&coord),
            "query($c: UUID!) { caregivers(filter: {contactId: {eq: $c}}, orderBy: {field: CREATED_AT}) { totalCount nodes { firstName } } }",
            json!({ "c": astrid }),
        )
        .await;
    ok(&body);
    assert_eq!(body["data"]["caregivers"]["totalCount"], 1);
    let body = app
        .gql(
            Some(&coord),
            "mutation($id: UUID!) { deleteCaregiver(id: $id) { id } }",
            json!({ "id": caregiver }),
        )
        .await;
    ok(&body);

    // A relative registered by the coordinator and linked to the mentor's contact.
    let body = app
        .gql(
            Some(&coord),
            "mutation($i: CreateRelativeInput!) { createRelative(input: $i) { id phone } }",
            json!({ "i": { "localAssociationId": demo_id("la", "oslo"), "firstName": "Mia", "lastName": "Solberg", "birthYear": 2012, "phone": "+47 422 22 222" } }),
        )
        .await;
    ok(&body);
    let relative = body["data"]["createRelative"]["id"].clone();
    let rq = "query($id: UUID!) { relative(id: $id) { firstName phone contacts { nodes { relationship contact { firstName } } } } }";
    // Not linked yet: the mentor cannot see the relative.
    let body = app.gql(Some(&mentor), rq, json!({ "id": relative })).await;
    assert!(body["data"]["relative"].is_null(), "{body}");
    let body = app
        .gql(
            Some(&coord),
            "mutation($i: CreateContactRelativeInput!) { createContactRelative(input: $i) { id isNextOfKin } }",
            json!({ "i": { "contactId": astrid, "relativeId": relative, "relationship": "CHILD" } }),
        )
        .await;
    ok(&body);
    let link = body["data"]["createContactRelative"]["id"].clone();
    let body = app.gql(Some(&mentor), rq, json!({ "id": relative })).await;
    ok(&body);
    assert_eq!(body["data"]["relative"]["phone"], "+47 422 22 222");
    assert_eq!(
        body["data"]["relative"]["contacts"]["nodes"],
        json!([{ "relationship": "CHILD", "contact": { "firstName": "Astrid" } }])
    );
    // Mentors read relatives but do not change them.
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { updateRelative(id: $id, input: {notes: \"x\"}) { id } }",
            json!({ "id": relative }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // Unlinking takes the relative out of the mentor's reach again.
    let body = app
        .gql(
            Some(&coord),
            "mutation($id: UUID!) { deleteContactRelative(id: $id) { id } }",
            json!({ "id": link }),
        )
        .await;
    ok(&body);
    let body = app.gql(Some(&mentor), rq, json!({ "id": relative })).await;
    assert!(body["data"]["relative"].is_null(), "{body}");
}

#[tokio::test]
async fn personal_notes_are_private_to_their_author_whatever_the_role() {
    let app = TestApp::spawn().await;
    let coord = app.token(COORDINATOR).await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&coord),
            "mutation($i: CreatePersonalNoteInput!) { createPersonalNote(input: $i) { id userId isPinned contact { firstName } } }",
            json!({ "i": { "body": "Ring Astrid om TT-kort.", "contactId": contact("nhf:astrid-solberg"), "isPinned": true } }),
        )
        .await;
    ok(&body);
    let note = &body["data"]["createPersonalNote"];
    assert_eq!(note["userId"], json!(user(COORDINATOR)));
    assert_eq!(note["contact"]["firstName"], "Astrid");
    let id = note["id"].clone();
    let q = "query($id: UUID!) { personalNote(id: $id) { body } }";
    let body = app.gql(Some(&coord), q, json!({ "id": id })).await;
    assert_eq!(
        body["data"]["personalNote"]["body"],
        "Ring Astrid om TT-kort."
    );
    // Not even the org admin reads it, or can change it.
    let body = app.gql(Some(&admin), q, json!({ "id": id })).await;
    assert!(body["data"]["personalNote"].is_null(), "{body}");
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updatePersonalNote(id: $id, input: {body: \"x\"}) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    let body = app
        .gql(
            Some(&admin),
            "{ personalNotes { nodes { userId } } }",
            json!({}),
        )
        .await;
    for n in body["data"]["personalNotes"]["nodes"].as_array().unwrap() {
        assert_eq!(n["userId"], json!(user("nhf.admin@meander.dev")));
    }
    let body = app
        .gql(
            Some(&coord),
            "mutation($id: UUID!) { updatePersonalNote(id: $id, input: {isPinned: false, title: \"Huskeliste\"}) { isPinned title } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let body = app
        .gql(
            Some(&coord),
            "mutation($id: UUID!) { deletePersonalNote(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let body = app.gql(Some(&coord), q, json!({ "id": id })).await;
    assert!(body["data"]["personalNote"].is_null());
}

#[tokio::test]
async fn home_visit_reports_belong_to_the_visiting_mentor_and_guard_health_status() {
    let app = TestApp::spawn().await;
    let mentor = app.token(MENTOR).await;
    let mentor2 = app.token(MENTOR2).await;
    let coord = app.token(COORDINATOR).await;
    let bergen = app.token("nhf.coordinator.bergen@meander.dev").await;
    let body = app
        .gql(
            Some(&mentor),
            "mutation($i: CreateHomeVisitReportInput!) { createHomeVisitReport(input: $i) { id status peerMentorId healthStatus } }",
            json!({ "i": { "contactId": contact("nhf:astrid-solberg"), "visitDate": "2026-11-20", "healthStatus": "Bedre etter fysioterapi.", "courseInterest": true, "assistiveDeviceStatus": "ADEQUATE" } }),
        )
        .await;
    ok(&body);
    let report = &body["data"]["createHomeVisitReport"];
    assert_eq!(report["status"], "DRAFT");
    assert_eq!(report["peerMentorId"], json!(user(MENTOR)));
    let id = report["id"].clone();
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { updateHomeVisitReport(id: $id, input: {status: SUBMITTED, submittedAt: \"2026-11-20T18:00:00Z\", followUpRequired: true, followUpActions: \"Sende kursinformasjon\", followUpDueDate: \"2026-12-01\"}) { status followUpDueDate } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let q = "query($id: UUID!) { homeVisitReport(id: $id) { visitDate healthStatus peerMentor { firstName } } }";
    // The coordinator of the contact's local association reads the health status.
    let body = app.gql(Some(&coord), q, json!({ "id": id })).await;
    ok(&body);
    assert_eq!(
        body["data"]["homeVisitReport"]["healthStatus"],
        "Bedre etter fysioterapi."
    );
    // Another mentor and another local association's coordinator see no such report.
    for token in [&mentor2, &bergen] {
        let body = app.gql(Some(token), q, json!({ "id": id })).await;
        assert!(body["data"]["homeVisitReport"].is_null(), "{body}");
    }
    let body = app
        .gql(
            Some(&coord),
            "{ homeVisitReports(filter: {status: {eq: SUBMITTED}, visitDate: {gte: \"2026-11-01\"}}, orderBy: {field: VISIT_DATE, direction: DESC}) { totalCount nodes { visitDate } } }",
            json!({}),
        )
        .await;
    ok(&body);
    assert_eq!(body["data"]["homeVisitReports"]["totalCount"], 1);
    let body = app
        .gql(
            Some(&coord),
            "mutation($id: UUID!) { deleteHomeVisitReport(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let body = app.gql(Some(&mentor), q, json!({ "id": id })).await;
    assert!(body["data"]["homeVisitReport"].is_null());
}

#[tokio::test]
async fn conversation_cards_are_managed_by_org_admins_and_read_by_mentors() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let mentor = app.token(MENTOR).await;
    let create = "mutation($i: CreateConversationCardInput!) { createConversationCard(input: $i) { id locale sortOrder isActive followUpQuestions } }";
    let body = app
        .gql(
            Some(&admin),
            create,
            json!({ "i": { "category": "Fritid", "title": "Hobbyer", "prompt": "Hva liker du å gjøre på fritiden?", "followUpQuestions": ["Hva har du sluttet med?"], "sortOrder": 3 } }),
        )
        .await;
    ok(&body);
    let card = &body["data"]["createConversationCard"];
    assert_eq!(card["locale"], "nb-NO");
    assert_eq!(
        card["followUpQuestions"],
        json!(["Hva har du sluttet med?"])
    );
    let id = card["id"].clone();
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updateConversationCard(id: $id, input: {isActive: false}) { isActive } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let body = app
        .gql(
            Some(&mentor),
            "{ conversationCards(filter: {category: {eq: \"Fritid\"}}, orderBy: {field: SORT_ORDER}) { totalCount nodes { title isActive } } }",
            json!({}),
        )
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["conversationCards"]["nodes"],
        json!([{ "title": "Hobbyer", "isActive": false }])
    );
    let body = app
        .gql(
            Some(&mentor),
            create,
            json!({ "i": { "category": "X", "title": "X", "prompt": "X" } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = app
        .gql(
            Some(&admin),
            create,
            json!({ "i": { "category": "X", "title": "X", "prompt": "X", "sortOrder": -1 } }),
        )
        .await;
    assert_eq!(rule(&body), ("sortOrder", "sort_order_range"));
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { deleteConversationCard(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
}
