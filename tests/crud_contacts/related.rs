//! The rows that hang off a contact: notes, caregivers and relatives, personal notes, home-visit reports; and conversation cards.

use super::*;

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
