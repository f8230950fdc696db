//! Activities through GraphQL: CRUD round trips as the roles that may write them, the seed 003
//! field rules by name, `status` owned by the workflow, coordinator and peer mentor scopes
//! (activities, documents, logs, flags, delegation grants, calendar integrations), and other
//! organizations' rows answering null.

use crate::common;

use chrono::Duration;
use common::{TestApp, demo_id, error_code};
use serde_json::{Value, json};

fn ok(body: &Value) -> &Value {
    assert!(body["errors"].is_null(), "{body}");
    &body["data"]
}

fn titles(conn: &Value) -> Vec<String> {
    conn["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("no nodes in {conn}"))
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_string())
        .collect()
}

const CREATE: &str = "mutation($i: RegisterActivityInput!) { registerActivity(input: $i) { activity { id title status durationMinutes isProxyRegistration userId peerMentor { firstName } activityType { key } localAssociation { name } } } }";
const READ: &str =
    "query($id: UUID!) { activity(id: $id) { id title durationMinutes description status } }";

#[tokio::test]
async fn peer_mentor_creates_reads_updates_lists_pages_and_deletes_an_own_activity() {
    let app = TestApp::spawn().await;
    let mentor = app.token("nhf.mentor@meander.dev").await;
    let when = (app.now() - Duration::hours(2)).to_rfc3339();
    let body = app
        .gql(
            Some(&mentor),
            CREATE,
            json!({ "i": {
                "activityTypeId": demo_id("activity_type", "nhf:admin_work"),
                "activityDate": when,
                "localAssociationId": demo_id("la", "oslo"),
                "title": "Hjemmebesøk på Sagene",
                "durationMinutes": 45,
                "status": "DRAFT",
            } }),
        )
        .await;
    let created = ok(&body)["registerActivity"]["activity"].clone();
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["status"], "DRAFT");
    assert_eq!(created["isProxyRegistration"], false);
    assert_eq!(created["peerMentor"]["firstName"], "Ola");
    assert_eq!(created["activityType"]["key"], "admin_work");
    assert_eq!(created["localAssociation"]["name"], "NHF Oslo");

    let body = app.gql(Some(&mentor), READ, json!({ "id": id })).await;
    assert_eq!(ok(&body)["activity"]["title"], "Hjemmebesøk på Sagene");

    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!, $i: EditActivityInput!) { editActivity(id: $id, input: $i) { activity { title durationMinutes description status } } }",
            json!({ "id": id, "i": { "durationMinutes": 75, "description": "Snakket om BPA." } }),
        )
        .await;
    let updated = &ok(&body)["editActivity"]["activity"];
    assert_eq!(updated["durationMinutes"], 75);
    assert_eq!(updated["description"], "Snakket om BPA.");
    assert_eq!(updated["status"], "DRAFT");

    // Ola's approved and draft activities in NHF: the new draft, the bulk-registered gathering
    // (9 days ago) and the home visit at Tåsen (20 days ago).
    let list = "query($f: ActivityFilter, $first: Int, $after: String, $last: Int, $before: String) {
        activities(filter: $f, first: $first, after: $after, last: $last, before: $before, orderBy: {field: ACTIVITY_DATE, direction: DESC}) {
            totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { title } } }";
    let f = json!({ "status": { "in": ["APPROVED", "DRAFT"] } });
    let body = app
        .gql(Some(&mentor), list, json!({ "f": f, "first": 2 }))
        .await;
    let page1 = &ok(&body)["activities"];
    assert_eq!(page1["totalCount"], 3);
    assert_eq!(
        titles(page1),
        vec!["Hjemmebesøk på Sagene", "Likepersonsamling Oslo"]
    );
    assert_eq!(page1["pageInfo"]["hasNextPage"], true);
    let body = app
        .gql(
            Some(&mentor),
            list,
            json!({ "f": f, "first": 2, "after": page1["pageInfo"]["endCursor"] }),
        )
        .await;
    let page2 = &ok(&body)["activities"];
    assert_eq!(titles(page2), vec!["Hjemmebesøk på Tåsen"]);
    assert_eq!(page2["pageInfo"]["hasPreviousPage"], true);
    let body = app
        .gql(
            Some(&mentor),
            list,
            json!({ "f": f, "last": 1, "before": page2["pageInfo"]["startCursor"] }),
        )
        .await;
    assert_eq!(
        titles(&ok(&body)["activities"]),
        vec!["Likepersonsamling Oslo"]
    );

    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { deleteActivity(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let body = app.gql(Some(&mentor), READ, json!({ "id": id })).await;
    assert!(ok(&body)["activity"].is_null());
}

#[tokio::test]
async fn activities_and_flags_are_written_only_through_their_workflows() {
    let app = TestApp::spawn().await;
    let mentor = app.token("nhf.mentor@meander.dev").await;
    // No generic create/update that could skip seed 003's rules (dates, scope, required
    // fields, immutable_after_approval), and no generic flag writes.
    let body = app
        .gql(
            None,
            "{ __schema { mutationType { fields { name } } } }",
            json!({}),
        )
        .await;
    let names: Vec<&str> = ok(&body)["__schema"]["mutationType"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    for absent in [
        "createActivity",
        "updateActivity",
        "createActivityFlag",
        "updateActivityFlag",
        "deleteActivityFlag",
    ] {
        assert!(!names.contains(&absent), "{absent} is in the schema");
    }
    // Status and proxy fields are not edit inputs.
    let id = demo_id("activity", "nhf:telefon-oppfolging");
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { editActivity(id: $id, input: { status: APPROVED }) { activity { status } } }",
            json!({ "id": id }),
        )
        .await;
    assert!(
        !body["errors"].is_null(),
        "status must not be an edit input: {body}"
    );
    let body = app
        .gql(
            Some(&mentor),
            CREATE,
            json!({ "i": {
                "activityTypeId": demo_id("activity_type", "nhf:phone_call"),
                "activityDate": app.now().to_rfc3339(),
                "proxySubmittedBy": demo_id("user", "nhf.coordinator@meander.dev"),
            } }),
        )
        .await;
    assert!(
        !body["errors"].is_null(),
        "proxy fields must not be register inputs: {body}"
    );
    let body = app.gql(Some(&mentor), READ, json!({ "id": id })).await;
    assert_eq!(ok(&body)["activity"]["status"], "PENDING_REVIEW");
}

#[tokio::test]
async fn approved_activities_cannot_be_deleted_and_deletes_are_logged() {
    let app = TestApp::spawn().await;
    let mentor = app.token("nhf.mentor@meander.dev").await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let delete = "mutation($id: UUID!) { deleteActivity(id: $id, notes: \"registrert to ganger\") { id status } }";
    // An approved activity of the mentor's: immutable, for its owner and the org admin alike.
    let approved = app
        .gql(
            Some(&mentor),
            "{ activities(first: 1, filter: { status: { eq: APPROVED } }) { nodes { id } } }",
            json!({}),
        )
        .await;
    let approved = ok(&approved)["activities"]["nodes"][0]["id"].clone();
    for token in [&mentor, &admin] {
        let body = app
            .gql(Some(token), delete, json!({ "id": approved }))
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(
            body["errors"][0]["extensions"]["rule"], "immutable_after_approval",
            "{body}"
        );
    }
    let body = app
        .gql(Some(&mentor), READ, json!({ "id": approved }))
        .await;
    assert_eq!(ok(&body)["activity"]["status"], "APPROVED");
    // A pending one goes, and its log says who deleted it from which status.
    let pending = demo_id("activity", "nhf:telefon-oppfolging");
    let body = app
        .gql(Some(&mentor), delete, json!({ "id": pending }))
        .await;
    assert_eq!(ok(&body)["deleteActivity"]["status"], "PENDING_REVIEW");
    let body = app.gql(Some(&mentor), READ, json!({ "id": pending })).await;
    assert!(ok(&body)["activity"].is_null());
    let body = app
        .gql(
            Some(&admin),
            "query($id: UUID!) { activityLogs(first: 5, filter: { activityId: { eq: $id }, action: { eq: DELETED } }) { nodes { previousStatus notes actor { email } } } }",
            json!({ "id": pending }),
        )
        .await;
    let log = &ok(&body)["activityLogs"]["nodes"][0];
    assert_eq!(log["previousStatus"], "PENDING_REVIEW", "{body}");
    assert_eq!(log["notes"], "registrert to ganger");
    assert_eq!(log["actor"]["email"], "nhf.mentor@meander.dev");
}

#[tokio::test]
async fn activity_field_rules_answer_bad_user_input_with_the_seed_rule_names() {
    let app = TestApp::spawn().await;
    let mentor = app.token("nhf.mentor@meander.dev").await;
    let base = json!({
        "activityTypeId": demo_id("activity_type", "nhf:admin_work"),
        "activityDate": app.now().to_rfc3339(),
    });
    let cases = [
        ("title", json!("x".repeat(201)), "title_length"),
        ("title", json!("   "), "title_length"),
        ("description", json!("x".repeat(5001)), "description_length"),
        ("durationMinutes", json!(0), "duration_range"),
        ("durationMinutes", json!(1441), "duration_range"),
        ("participantCount", json!(0), "participant_count_positive"),
    ];
    for (field, value, rule) in cases {
        let mut input = base.clone();
        input[field] = value;
        let body = app.gql(Some(&mentor), CREATE, json!({ "i": input })).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{field}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["rule"], rule, "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    // The same rules guard edits.
    let body = app
        .gql(
            Some(&mentor),
            "mutation($id: UUID!) { editActivity(id: $id, input: { durationMinutes: -5 }) { activity { id } } }",
            json!({ "id": demo_id("activity", "nhf:telefon-oppfolging") }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["rule"], "duration_range",
        "{body}"
    );
}

#[tokio::test]
async fn coordinator_reaches_activities_of_their_local_associations_only() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            "{ activities(first: 50) { totalCount nodes { title localAssociation { name } } } }",
            json!({}),
        )
        .await;
    let conn = &ok(&body)["activities"];
    assert_eq!(conn["totalCount"], 8, "{conn}");
    for n in conn["nodes"].as_array().unwrap() {
        assert_eq!(n["localAssociation"]["name"], "NHF Oslo", "{n}");
    }
    // Bergen's activity is invisible by id, and cannot be the target of a flag.
    let bergen = demo_id("activity", "nhf:gruppetreff-bergen");
    let body = app
        .gql(Some(&coordinator), READ, json!({ "id": bergen }))
        .await;
    assert!(ok(&body)["activity"].is_null());
    let flag = "mutation($id: UUID!, $i: FlagActivityInput!) { flagActivity(id: $id, input: $i) { flag { id status flagType raisedBy { firstName } activity { title } } } }";
    let body = app
        .gql(
            Some(&coordinator),
            flag,
            json!({ "id": bergen, "i": { "flagType": "SUSPICIOUS", "reason": "Sjekk antall deltakere." } }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    // A flag on an Oslo activity works and records who raised it.
    let body = app
        .gql(
            Some(&coordinator),
            flag,
            json!({ "id": demo_id("activity", "nhf:telefon-proxy"), "i": { "flagType": "NEEDS_REVIEW", "reason": "Mangler kontaktperson." } }),
        )
        .await;
    let created = &ok(&body)["flagActivity"]["flag"];
    assert_eq!(created["status"], "OPEN");
    assert_eq!(created["raisedBy"]["firstName"], "Kari");
    // Creating an activity attributed to Bergen is outside the coordinator's scope.
    let body = app
        .gql(
            Some(&coordinator),
            CREATE,
            json!({ "i": {
                "activityTypeId": demo_id("activity_type", "nhf:group_meeting"),
                "activityDate": app.now().to_rfc3339(),
                "localAssociationId": demo_id("la", "bergen"),
            } }),
        )
        .await;
    assert!(!body["errors"].is_null(), "{body}");
    // A bulk registration for Oslo, with the selected mentors counted.
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($i: CreateBulkRegistrationInput!) { createBulkRegistration(input: $i) { status mentorCount coordinator { firstName } } }",
            json!({ "i": {
                "localAssociationId": demo_id("la", "oslo"),
                "activityTypeId": demo_id("activity_type", "nhf:group_meeting"),
                "activityDate": app.now().to_rfc3339(),
                "peerMentorIds": [demo_id("user", "nhf.mentor@meander.dev"), demo_id("user", "nhf.mentor2@meander.dev")],
                "title": "Kurskveld",
            } }),
        )
        .await;
    let bulk = &ok(&body)["createBulkRegistration"];
    assert_eq!(bulk["status"], "DRAFT");
    assert_eq!(bulk["mentorCount"], 2);
    assert_eq!(bulk["coordinator"]["firstName"], "Kari");
}

#[tokio::test]
async fn peer_mentor_sees_own_activities_logs_documents_and_grants_but_no_flags() {
    let app = TestApp::spawn().await;
    let ingrid = app.token("nhf.mentor2@meander.dev").await;
    let body = app
        .gql(
            Some(&ingrid),
            "{ activities { totalCount } activityLogs { totalCount } delegationGrants { totalCount } }",
            json!({}),
        )
        .await;
    let data = ok(&body);
    assert_eq!(data["activities"]["totalCount"], 3, "{data}");
    assert_eq!(data["activityLogs"]["totalCount"], 5, "{data}");
    assert_eq!(data["delegationGrants"]["totalCount"], 0, "{data}");
    let body = app
        .gql(Some(&ingrid), "{ activityFlags { totalCount } }", json!({}))
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");

    let ola = app.token("nhf.mentor@meander.dev").await;
    let body = app
        .gql(
            Some(&ola),
            "{ delegationGrants { nodes { coordinatorId coordinator { firstName } activity { title } } } }",
            json!({}),
        )
        .await;
    let grants = &ok(&body)["delegationGrants"]["nodes"];
    assert_eq!(grants.as_array().unwrap().len(), 1, "{grants}");
    assert_eq!(
        grants[0]["coordinatorId"],
        demo_id("user", "nhf.coordinator@meander.dev").to_string()
    );
    assert_eq!(
        grants[0]["activity"]["title"],
        "Telefonsamtale (registrert av koordinator)"
    );
    // The coordinator's user row itself is outside a peer mentor's user scope.
    assert!(grants[0]["coordinator"].is_null(), "{grants}");

    // Documents: on own activities only; someone else's activity is not a valid reference.
    let doc = "mutation($i: CreateActivityDocumentInput!) { createActivityDocument(input: $i) { id documentType activity { title } } }";
    let input = |activity: &str| {
        json!({ "i": {
            "activityId": demo_id("activity", activity),
            "documentType": "INVITATION",
            "fileName": "invitasjon.pdf",
            "storagePath": "nhf/activities/invitasjon.pdf",
            "mimeType": "application/pdf",
            "fileSizeBytes": 20480,
        } })
    };
    let body = app.gql(Some(&ola), doc, input("nhf:samling-ola")).await;
    assert_eq!(
        ok(&body)["createActivityDocument"]["activity"]["title"],
        "Likepersonsamling Oslo"
    );
    let body = app.gql(Some(&ola), doc, input("nhf:samling-ingrid")).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["rule"],
        "reference_in_scope"
    );
    // Ingrid sees her own gathering's attendance list, not the documents of Ola's activity.
    let body = app
        .gql(
            Some(&ingrid),
            "{ activityDocuments { totalCount nodes { activityId } } }",
            json!({}),
        )
        .await;
    let docs = &ok(&body)["activityDocuments"];
    assert_eq!(docs["totalCount"], 1, "{body}");
    assert_eq!(
        docs["nodes"][0]["activityId"],
        json!(demo_id("activity", "nhf:samling-ingrid"))
    );
}

#[tokio::test]
async fn calendar_integrations_are_personal_and_their_tokens_are_not_in_the_schema() {
    let app = TestApp::spawn().await;
    let ingrid = app.token("nhf.mentor2@meander.dev").await;
    let body = app
        .gql(
            Some(&ingrid),
            "mutation { createCalendarIntegration(input: { provider: GOOGLE, lookbackDays: 30 }) { id provider syncDirection syncEnabled user { firstName } } }",
            json!({}),
        )
        .await;
    let created = &ok(&body)["createCalendarIntegration"];
    assert_eq!(created["syncDirection"], "IMPORT");
    assert_eq!(created["user"]["firstName"], "Ingrid");
    let body = app
        .gql(
            Some(&ingrid),
            "mutation { createCalendarIntegration(input: { provider: APPLE, lookbackDays: 400 }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["rule"], "lookback_days_range",
        "{body}"
    );
    // Not even the org admin sees another user's calendar connection.
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "{ calendarIntegrations { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(ok(&body)["calendarIntegrations"]["totalCount"], 0);
    let body = app
        .gql(
            Some(&ingrid),
            "{ calendarIntegrations { nodes { accessTokenCiphertext } } }",
            json!({}),
        )
        .await;
    assert!(
        !body["errors"].is_null(),
        "tokens must not be queryable: {body}"
    );
}

#[tokio::test]
async fn org_admin_manages_activity_types_and_other_organizations_rows_answer_null() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "mutation { createActivityType(input: { key: \"cafe_meeting\", name: \"Likepersonkafé\", bufdirCategory: GROUP_ACTIVITY, allowsMultipleParticipants: true }) { id key defaultDurationMinutes isActive } }",
            json!({}),
        )
        .await;
    let created = ok(&body)["createActivityType"].clone();
    assert_eq!(created["defaultDurationMinutes"], 30);
    let id = created["id"].as_str().unwrap().to_string();
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updateActivityType(id: $id, input: { isActive: false, defaultDurationMinutes: 90 }) { isActive defaultDurationMinutes } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(ok(&body)["updateActivityType"]["isActive"], false);
    let body = app
        .gql(
            Some(&admin),
            "mutation { createActivityType(input: { key: \"Bad Key\", name: \"X\", bufdirCategory: EVENT }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["rule"], "key_format",
        "{body}"
    );
    let body = app
        .gql(
            Some(&admin),
            "{ activityTypes(filter: { isActive: { eq: true } }, orderBy: { field: SORT_ORDER }) { totalCount nodes { key } } }",
            json!({}),
        )
        .await;
    assert_eq!(ok(&body)["activityTypes"]["totalCount"], 5);
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { deleteActivityType(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);

    let q = "query($a: UUID!, $t: UUID!, $d: UUID!, $b: UUID!) { activity(id: $a) { id } activityType(id: $t) { id } activityDocument(id: $d) { id } bulkRegistration(id: $b) { id } }";
    let foreign = json!({
        "a": demo_id("activity", "hlf:horselskafe"),
        "t": demo_id("activity_type", "hlf:home_visit"),
        "d": demo_id("activity_document", "hlf:horselskafe:bilde"),
        "b": demo_id("bulk_registration", "blindeforbundet:turgruppe-bymarka"),
    });
    let body = app.gql(Some(&admin), q, foreign).await;
    let data = ok(&body);
    for f in [
        "activity",
        "activityType",
        "activityDocument",
        "bulkRegistration",
    ] {
        assert!(data[f].is_null(), "{f}: {data}");
    }
    // The same by-id fields answer for the admin's own organization.
    let own = json!({
        "a": demo_id("activity", "nhf:gruppetreff-bergen"),
        "t": demo_id("activity_type", "nhf:home_visit"),
        "d": demo_id("activity_document", "nhf:gruppetreff-bergen:invitasjon"),
        "b": demo_id("bulk_registration", "nhf:likepersonkurs-oslo"),
    });
    let body = app.gql(Some(&admin), q, own).await;
    let data = ok(&body);
    for f in [
        "activity",
        "activityType",
        "activityDocument",
        "bulkRegistration",
    ] {
        assert!(!data[f].is_null(), "{f}: {data}");
    }
}
