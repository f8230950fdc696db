//! Events and workshops through GraphQL: CRUD round trips as the roles that may write them,
//! coordinator and peer mentor scopes, and other organizations' rows answering null.

use crate::common;

use common::{TestApp, demo_id, error_code};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use uuid::Uuid;

const EVENT_FIELDS: &str = "id title kind status startsAt endsAt capacity localAssociationId organizerId organizer { firstName } localAssociation { name }";

fn titles(conn: &Value) -> Vec<String> {
    conn["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("no nodes in {conn}"))
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_string())
        .collect()
}

fn ok(body: &Value) -> &Value {
    assert!(body["errors"].is_null(), "{body}");
    &body["data"]
}

/// A live contact of the local association, from the contacts domain's demo rows.
async fn contact_in(app: &TestApp, la: &str) -> Uuid {
    use entity::contacts;
    contacts::Entity::find()
        .filter(contacts::Column::LocalAssociationId.eq(demo_id("la", la)))
        .filter(contacts::Column::DeletedAt.is_null())
        .order_by_asc(contacts::Column::CreatedAt)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no demo contact in {la}"))
        .id
}

#[tokio::test]
async fn org_admin_creates_reads_updates_lists_pages_and_deletes_an_event() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let create = format!(
        "mutation($i: CreateEventInput!) {{ createEvent(input: $i) {{ {EVENT_FIELDS} }} }}"
    );
    let body = app
        .gql(
            Some(&admin),
            &create,
            json!({ "i": {
                "organizerId": demo_id("user", "nhf.coordinator@meander.dev"),
                "localAssociationId": demo_id("la", "baerum"),
                "title": "Likepersonkafé i Sandvika",
                "kind": "CAFE_MEETING",
                "startsAt": "2026-10-06T16:00:00Z",
                "endsAt": "2026-10-06T18:00:00Z",
                "capacity": 20,
            } }),
        )
        .await;
    let created = ok(&body)["createEvent"].clone();
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["status"], "DRAFT");
    assert_eq!(created["organizer"]["firstName"], "Kari");
    assert_eq!(created["localAssociation"]["name"], "NHF Bærum");

    let read = format!("query($id: UUID!) {{ event(id: $id) {{ {EVENT_FIELDS} }} }}");
    let body = app.gql(Some(&admin), &read, json!({ "id": id })).await;
    assert_eq!(ok(&body)["event"]["title"], "Likepersonkafé i Sandvika");

    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!, $i: UpdateEventInput!) { updateEvent(id: $id, input: $i) { status capacity location } }",
            json!({ "id": id, "i": { "status": "PUBLISHED", "capacity": null, "location": "Sandvika bibliotek" } }),
        )
        .await;
    let updated = &ok(&body)["updateEvent"];
    assert_eq!(updated["status"], "PUBLISHED");
    assert!(updated["capacity"].is_null());
    assert_eq!(updated["location"], "Sandvika bibliotek");

    // NHF now has three published events (Bergen talk, summer party, the new one).
    let list = "query($f: EventFilter, $first: Int, $after: String, $last: Int, $before: String) {
        events(filter: $f, first: $first, after: $after, last: $last, before: $before, orderBy: {field: STARTS_AT, direction: DESC}) {
            totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { title } } }";
    let published = json!({ "status": { "eq": "PUBLISHED" } });
    let body = app
        .gql(Some(&admin), list, json!({ "f": published, "first": 2 }))
        .await;
    let page1 = &ok(&body)["events"];
    assert_eq!(page1["totalCount"], 3);
    assert_eq!(
        titles(page1),
        vec!["Temakveld: rettigheter og NAV", "Likepersonkafé i Sandvika"]
    );
    assert_eq!(page1["pageInfo"]["hasNextPage"], true);
    let body = app
        .gql(
            Some(&admin),
            list,
            json!({ "f": published, "first": 2, "after": page1["pageInfo"]["endCursor"] }),
        )
        .await;
    let page2 = &ok(&body)["events"];
    assert_eq!(titles(page2), vec!["Sommerfest for likepersoner"]);
    assert_eq!(page2["pageInfo"]["hasNextPage"], false);
    assert_eq!(page2["pageInfo"]["hasPreviousPage"], true);
    let body = app
        .gql(
            Some(&admin),
            list,
            json!({ "f": published, "last": 1, "before": page2["pageInfo"]["startCursor"] }),
        )
        .await;
    assert_eq!(
        titles(&ok(&body)["events"]),
        vec!["Likepersonkafé i Sandvika"]
    );

    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { deleteEvent(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let body = app.gql(Some(&admin), &read, json!({ "id": id })).await;
    assert!(ok(&body)["event"].is_null());
}

#[tokio::test]
async fn event_input_rules_name_the_field_and_rule() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }",
            json!({ "i": {
                "organizerId": demo_id("user", "nhf.admin@meander.dev"),
                "title": "x".repeat(201),
                "kind": "LECTURE",
                "startsAt": "2026-10-06T16:00:00Z",
                "endsAt": "2026-10-06T18:00:00Z",
            } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["rule"], "title_length");
    assert_eq!(body["errors"][0]["extensions"]["field"], "title");
    // An organizer from another organization is no reference you can make.
    let body = app
        .gql(
            Some(&admin),
            "mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }",
            json!({ "i": {
                "organizerId": demo_id("user", "hlf.admin@meander.dev"),
                "title": "Fremmed arrangør",
                "kind": "LECTURE",
                "startsAt": "2026-10-06T16:00:00Z",
                "endsAt": "2026-10-06T18:00:00Z",
            } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["rule"],
        "reference_in_scope"
    );
}

#[tokio::test]
async fn coordinator_registers_and_confirms_a_contact_at_an_organization_wide_event() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let contact = contact_in(&app, "oslo").await;
    // The organization-wide summer party: in every coordinator's reach.
    let event = demo_id("event", "nhf:sommerfest");
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($i: CreateEventParticipantInput!) { createEventParticipant(input: $i) { id status userId contact { id } event { title } } }",
            json!({ "i": { "eventId": event, "contactId": contact, "signedUpAt": "2026-03-01T10:00:00Z" } }),
        )
        .await;
    let created = ok(&body)["createEventParticipant"].clone();
    assert_eq!(created["status"], "SIGNED_UP");
    assert!(
        created["userId"].is_null(),
        "the user must not default to the coordinator"
    );
    assert_eq!(created["contact"]["id"], contact.to_string());
    let id = created["id"].as_str().unwrap().to_string();

    let body = app
        .gql(
            Some(&coordinator),
            "mutation($id: UUID!, $i: UpdateEventParticipantInput!) { updateEventParticipant(id: $id, input: $i) { status attendedAt } }",
            json!({ "id": id, "i": { "status": "ATTENDED", "attendedAt": "2026-03-10T16:05:00Z" } }),
        )
        .await;
    assert_eq!(ok(&body)["updateEventParticipant"]["status"], "ATTENDED");

    let body = app
        .gql(
            Some(&coordinator),
            "query($e: UUID!) { event(id: $e) { participants { totalCount } } eventParticipants(filter: {eventId: {eq: $e}, status: {eq: ATTENDED}}, orderBy: {field: CREATED_AT, direction: DESC}) { totalCount nodes { id } } }",
            json!({ "e": event }),
        )
        .await;
    let data = ok(&body);
    assert_eq!(data["eventParticipants"]["totalCount"], 1);
    assert_eq!(data["event"]["participants"]["totalCount"], 4);
    assert_eq!(data["eventParticipants"]["nodes"][0]["id"], id.as_str());

    let body = app
        .gql(
            Some(&coordinator),
            "mutation($id: UUID!) { deleteEventParticipant(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let body = app
        .gql(
            Some(&coordinator),
            "query($id: UUID!) { eventParticipant(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert!(ok(&body)["eventParticipant"].is_null());
}

#[tokio::test]
async fn coordinator_sees_events_of_their_associations_and_organization_wide_ones() {
    let app = TestApp::spawn().await;
    let bergen = app.token("nhf.coordinator.bergen@meander.dev").await;
    let body = app
        .gql(
            Some(&bergen),
            "query($oslo: UUID!) { events(orderBy: {field: STARTS_AT}) { totalCount nodes { title } } event(id: $oslo) { id } }",
            json!({ "oslo": demo_id("event", "nhf:kafe-oslo") }),
        )
        .await;
    let data = ok(&body);
    assert_eq!(
        titles(&data["events"]),
        vec![
            "Sommerfest for likepersoner",
            "Temakveld: rettigheter og NAV"
        ]
    );
    assert!(
        data["event"].is_null(),
        "an Oslo event is outside Bergen's scope"
    );
    // Nor can a participant be added to it: the event is no reference the coordinator can make.
    let body = app
        .gql(
            Some(&bergen),
            "mutation($i: CreateEventParticipantInput!) { createEventParticipant(input: $i) { id } }",
            json!({ "i": {
                "eventId": demo_id("event", "nhf:kafe-oslo"),
                "userId": demo_id("user", "nhf.mentor.bergen@meander.dev"),
                "signedUpAt": "2026-03-01T10:00:00Z",
            } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["rule"],
        "reference_in_scope"
    );
}

#[tokio::test]
async fn peer_mentor_reads_all_org_events_but_only_their_own_participations() {
    let app = TestApp::spawn().await;
    let mentor = app.token("nhf.mentor2@meander.dev").await;
    let body = app
        .gql(
            Some(&mentor),
            "{ events { totalCount } eventParticipants { totalCount nodes { userId event { title } } } }",
            json!({}),
        )
        .await;
    let data = ok(&body);
    assert_eq!(data["events"]["totalCount"], 3);
    assert_eq!(data["eventParticipants"]["totalCount"], 2);
    let me = demo_id("user", "nhf.mentor2@meander.dev").to_string();
    for n in data["eventParticipants"]["nodes"].as_array().unwrap() {
        assert_eq!(n["userId"], me.as_str());
    }
    // Through the event, too, only their own participation shows.
    let body = app
        .gql(
            Some(&mentor),
            "query($e: UUID!) { event(id: $e) { participants { totalCount } } }",
            json!({ "e": demo_id("event", "nhf:kafe-oslo") }),
        )
        .await;
    assert_eq!(ok(&body)["event"]["participants"]["totalCount"], 1);
}

#[tokio::test]
async fn peer_mentor_signs_up_and_withdraws_but_not_for_others_and_creates_no_events() {
    let app = TestApp::spawn().await;
    let mentor = app.token("nhf.mentor2@meander.dev").await;
    let me = demo_id("user", "nhf.mentor2@meander.dev");
    let signup = "mutation($i: CreateEventParticipantInput!) { createEventParticipant(input: $i) { id status } }";
    let event = demo_id("event", "nhf:temakveld-bergen");
    let body = app
        .gql(
            Some(&mentor),
            signup,
            json!({ "i": { "eventId": event, "userId": me, "signedUpAt": "2026-11-20T08:00:00Z" } }),
        )
        .await;
    let id = ok(&body)["createEventParticipant"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!, $i: UpdateEventParticipantInput!) { updateEventParticipant(id: $id, input: $i) { status } }",
            json!({ "id": id, "i": { "status": "WITHDRAWN", "withdrawnAt": "2026-11-25T08:00:00Z" } }),
        )
        .await;
    assert_eq!(ok(&body)["updateEventParticipant"]["status"], "WITHDRAWN");
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { deleteEventParticipant(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");

    // Signing up a colleague is refused: the mentor cannot even name another user.
    let body = app
        .gql(
            Some(&mentor),
            signup,
            json!({ "i": { "eventId": event, "userId": demo_id("user", "nhf.mentor@meander.dev"), "signedUpAt": "2026-11-20T08:00:00Z" } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["rule"],
        "reference_in_scope"
    );

    let body = app
        .gql(
            Some(&mentor),
            "mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }",
            json!({ "i": {
                "organizerId": me,
                "title": "Egen kafé",
                "kind": "CAFE_MEETING",
                "startsAt": "2026-10-06T16:00:00Z",
                "endsAt": "2026-10-06T18:00:00Z",
            } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn another_organizations_events_and_workshops_by_id_are_null() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "query($e: UUID!, $p: UUID!, $s: UUID!, $n: UUID!, $t: UUID!) {
                event(id: $e) { id } eventParticipant(id: $p) { id } workshopSession(id: $s) { id }
                workshopNote(id: $n) { id } workshopTask(id: $t) { id } }",
            json!({
                "e": demo_id("event", "hlf:horselskafe-drammen"),
                "p": demo_id("event_participant", "blindeforbundet:samtalegruppe-trondheim:blind.mentor@meander.dev"),
                "s": demo_id("workshop_session", "blindeforbundet:karriere-1"),
                "n": demo_id("workshop_note", "blindeforbundet:karriere-1:0"),
                "t": demo_id("workshop_task", "blindeforbundet:karriere-1:0"),
            }),
        )
        .await;
    let data = ok(&body);
    for field in [
        "event",
        "eventParticipant",
        "workshopSession",
        "workshopNote",
        "workshopTask",
    ] {
        assert!(data[field].is_null(), "{field}: {body}");
    }
    let body = app
        .gql(
            Some(&admin),
            "{ workshopSessions { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(ok(&body)["workshopSessions"]["totalCount"], 1);
}

#[tokio::test]
async fn coordinator_runs_a_workshop_with_participants_notes_and_tasks() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let mentor = demo_id("user", "blind.mentor@meander.dev");
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($i: CreateWorkshopSessionInput!) { createWorkshopSession(input: $i) { id status facilitator { firstName } } }",
            json!({ "i": {
                "facilitatorId": demo_id("user", "blind.coordinator@meander.dev"),
                "localAssociationId": demo_id("la", "trondheim"),
                "title": "Karriereverksted 3: nettverk",
                "kind": "CAREER_WORKSHOP",
                "seriesName": "Karriereverksted våren 2026",
                "sessionNumber": 3,
                "startsAt": "2026-12-09T09:00:00Z",
                "endsAt": "2026-12-09T12:00:00Z",
            } }),
        )
        .await;
    let session = ok(&body)["createWorkshopSession"].clone();
    assert_eq!(session["status"], "PLANNED");
    assert_eq!(session["facilitator"]["firstName"], "Siri");
    let sid = session["id"].as_str().unwrap().to_string();

    let body = app
        .gql(
            Some(&coordinator),
            "mutation($p: CreateWorkshopParticipantInput!, $n: CreateWorkshopNoteInput!) {
                createWorkshopParticipant(input: $p) { id status }
                createWorkshopNote(input: $n) { id kind author { firstName } } }",
            json!({
                "p": { "workshopSessionId": sid, "userId": mentor, "enrolledAt": "2026-11-20T10:00:00Z" },
                "n": { "workshopSessionId": sid, "authorId": demo_id("user", "blind.coordinator@meander.dev"), "kind": "SUMMARY", "body": "Plan: elevator pitch og LinkedIn." },
            }),
        )
        .await;
    let data = ok(&body);
    assert_eq!(data["createWorkshopParticipant"]["status"], "ENROLLED");
    assert_eq!(data["createWorkshopNote"]["author"]["firstName"], "Siri");

    let create_task =
        "mutation($i: CreateWorkshopTaskInput!) { createWorkshopTask(input: $i) { id status } }";
    let mut task_ids = Vec::new();
    for (title, due) in [
        ("Lag en elevator pitch", "2026-12-16"),
        ("Oppdater LinkedIn-profilen", "2026-12-12"),
        ("Kontakt én person i bransjen", "2026-12-20"),
    ] {
        let body = app
            .gql(
                Some(&coordinator),
                create_task,
                json!({ "i": { "workshopSessionId": sid, "title": title, "assigneeId": mentor, "dueDate": due } }),
            )
            .await;
        task_ids.push(
            ok(&body)["createWorkshopTask"]["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($id: UUID!, $i: UpdateWorkshopTaskInput!) { updateWorkshopTask(id: $id, input: $i) { status completedAt } }",
            json!({ "id": task_ids[1], "i": { "status": "DONE", "completedAt": "2026-12-11T19:00:00Z" } }),
        )
        .await;
    assert_eq!(ok(&body)["updateWorkshopTask"]["status"], "DONE");

    let tasks = "query($s: UUID!, $first: Int, $after: String, $last: Int, $before: String) {
        workshopTasks(filter: {workshopSessionId: {eq: $s}}, orderBy: {field: DUE_DATE}, first: $first, after: $after, last: $last, before: $before) {
            totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { title status } } }";
    let body = app
        .gql(Some(&coordinator), tasks, json!({ "s": sid, "first": 2 }))
        .await;
    let p1 = &ok(&body)["workshopTasks"];
    assert_eq!(p1["totalCount"], 3);
    assert_eq!(
        titles(p1),
        vec!["Oppdater LinkedIn-profilen", "Lag en elevator pitch"]
    );
    let body = app
        .gql(
            Some(&coordinator),
            tasks,
            json!({ "s": sid, "first": 2, "after": p1["pageInfo"]["endCursor"] }),
        )
        .await;
    let p2 = &ok(&body)["workshopTasks"];
    assert_eq!(titles(p2), vec!["Kontakt én person i bransjen"]);
    let body = app
        .gql(
            Some(&coordinator),
            tasks,
            json!({ "s": sid, "last": 1, "before": p2["pageInfo"]["startCursor"] }),
        )
        .await;
    assert_eq!(
        titles(&ok(&body)["workshopTasks"]),
        vec!["Lag en elevator pitch"]
    );

    let body = app
        .gql(
            Some(&coordinator),
            "query($s: UUID!) { workshopSession(id: $s) { participants { totalCount } notes { totalCount } tasks { totalCount } } }",
            json!({ "s": sid }),
        )
        .await;
    let s = &ok(&body)["workshopSession"];
    assert_eq!(s["participants"]["totalCount"], 1);
    assert_eq!(s["notes"]["totalCount"], 1);
    assert_eq!(s["tasks"]["totalCount"], 3);

    let body = app
        .gql(
            Some(&coordinator),
            "mutation($id: UUID!) { deleteWorkshopSession(id: $id) { id } }",
            json!({ "id": sid }),
        )
        .await;
    ok(&body);
    let body = app
        .gql(
            Some(&coordinator),
            "query($s: UUID!) { workshopSession(id: $s) { id } }",
            json!({ "s": sid }),
        )
        .await;
    assert!(ok(&body)["workshopSession"].is_null());
}

#[tokio::test]
async fn facilitating_peer_mentor_reaches_notes_and_tasks_that_participants_do_not() {
    let app = TestApp::spawn().await;
    let session = demo_id("workshop_session", "nhf:veiledning-oslo");
    let q = "query($s: UUID!) { workshopSession(id: $s) { title participants { totalCount } notes { totalCount } tasks { totalCount } }
        workshopNotes { totalCount } workshopTasks { totalCount nodes { title } } }";
    // The facilitator (a peer mentor) sees everything of their session.
    let facilitator = app.token("nhf.mentor@meander.dev").await;
    let body = app
        .gql(Some(&facilitator), q, json!({ "s": session }))
        .await;
    let data = ok(&body);
    assert_eq!(data["workshopSession"]["participants"]["totalCount"], 1);
    assert_eq!(data["workshopSession"]["notes"]["totalCount"], 1);
    assert_eq!(data["workshopSession"]["tasks"]["totalCount"], 1);
    // The participant sees the session and the task assigned to them, never the notes.
    let participant = app.token("nhf.mentor2@meander.dev").await;
    let body = app
        .gql(Some(&participant), q, json!({ "s": session }))
        .await;
    let data = ok(&body);
    assert_eq!(
        data["workshopSession"]["title"],
        "Gruppeveiledning for nye likepersoner"
    );
    assert_eq!(data["workshopSession"]["notes"]["totalCount"], 0);
    assert_eq!(data["workshopNotes"]["totalCount"], 0);
    assert_eq!(
        titles(&data["workshopTasks"]),
        vec!["Les veilederen om taushetsplikt"]
    );
    // A peer mentor with nothing to do with the session does not see it.
    let other = app.token("nhf.mentor.bergen@meander.dev").await;
    let body = app.gql(Some(&other), q, json!({ "s": session })).await;
    let data = ok(&body);
    assert!(data["workshopSession"].is_null());
    assert_eq!(data["workshopTasks"]["totalCount"], 0);
}
