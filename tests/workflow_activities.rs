//! Activities workflows (seed 003) over HTTP: one test per validation and business rule, named
//! after it, plus concurrency tests (bulk registrations, decisions, offline replays).

use crate::common;

use chrono::{Duration, Utc};
use common::{TestApp, demo_id, error_code};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

const NHF_ADMIN: &str = "nhf.admin@meander.dev";
const NHF_COORDINATOR: &str = "nhf.coordinator@meander.dev"; // Oslo, Bærum
const BERGEN_COORDINATOR: &str = "nhf.coordinator.bergen@meander.dev";
const MENTOR: &str = "nhf.mentor@meander.dev"; // Oslo (also HLF)
const MENTOR2: &str = "nhf.mentor2@meander.dev"; // Oslo
const BERGEN_MENTOR: &str = "nhf.mentor.bergen@meander.dev";
const BLIND_COORDINATOR: &str = "blind.coordinator@meander.dev";
const BLIND_MENTOR: &str = "blind.mentor@meander.dev";

const ACTIVITY_FIELDS: &str = "id userId status title durationMinutes participantCount activityDate localAssociationId contactId isProxyRegistration proxySubmittedBy isBulkRegistration bulkBatchId syncedAt";

fn register_q() -> String {
    format!(
        "mutation($i: RegisterActivityInput!) {{ registerActivity(input: $i) {{ activity {{ {ACTIVITY_FIELDS} }} warnings {{ rule field message }} }} }}"
    )
}

fn proxy_q() -> String {
    format!(
        "mutation($i: RegisterActivityForMentorInput!) {{ registerActivityForMentor(input: $i) {{ activity {{ {ACTIVITY_FIELDS} delegationGrants {{ nodes {{ coordinatorId peerMentorId localAssociationId reason }} }} logs {{ nodes {{ action actorUserId newStatus }} }} }} warnings {{ rule }} }} }}"
    )
}

fn bulk_q() -> String {
    format!(
        "mutation($i: BulkRegisterActivitiesInput!) {{ bulkRegisterActivities(input: $i) {{ bulkRegistration {{ id status activitiesCreated mentorCount createdById }} activities {{ {ACTIVITY_FIELDS} }} warnings {{ rule field }} }} }}"
    )
}

fn sync_q() -> String {
    format!(
        "mutation($i: SyncOfflineActivityInput!) {{ syncOfflineActivity(input: $i) {{ activity {{ {ACTIVITY_FIELDS} }} clientId replayed conflict }} }}"
    )
}

const SUBMIT: &str =
    "mutation($id: UUID!, $n: String) { submitActivity(id: $id, notes: $n) { id status } }";
const APPROVE: &str = "mutation($id: UUID!, $n: String) { approveActivity(id: $id, notes: $n) { activity { id status } assignmentCount } }";
const REJECT: &str =
    "mutation($id: UUID!, $n: String) { rejectActivity(id: $id, notes: $n) { id status } }";
const FLAG: &str = "mutation($id: UUID!, $i: FlagActivityInput!) { flagActivity(id: $id, input: $i) { activity { id status } flag { id status flagType } } }";
const RESOLVE: &str = "mutation($id: UUID!, $o: ActivityFlagResolution!, $n: String) { resolveActivityFlag(flagId: $id, outcome: $o, notes: $n) { flag { id status resolvedById resolutionNotes } activity { id status } } }";
const EDIT: &str = "mutation($id: UUID!, $i: EditActivityInput!) { editActivity(id: $id, input: $i) { activity { id title durationMinutes description } } }";
const TOTALS: &str = "query($from: DateTime!, $to: DateTime!) { reportableActivityTotals(from: $from, to: $to) { activities durationMinutes participants uniqueContacts } }";

fn nhf() -> Uuid {
    demo_id("org", "nhf")
}

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

fn activity_type(org: &str, key: &str) -> Uuid {
    demo_id("activity_type", &format!("{org}:{key}"))
}

fn contact(key: &str) -> Uuid {
    demo_id("contact", key)
}

fn la(key: &str) -> Uuid {
    demo_id("la", key)
}

/// `(field, rule)` of the first error.
fn rule(body: &Value) -> (String, String) {
    let ext = &body["errors"][0]["extensions"];
    (
        ext["field"].as_str().unwrap_or("").to_string(),
        ext["rule"].as_str().unwrap_or("").to_string(),
    )
}

fn assert_rule(body: &Value, field: &str, expected: &str) {
    assert_eq!(error_code(body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        rule(body),
        (field.to_string(), expected.to_string()),
        "{body}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

fn ok(body: &Value) {
    assert!(body["errors"].is_null(), "{body}");
}

/// Logs in to NHF (or the given org) explicitly: some demo users belong to two organizations.
async fn login(app: &TestApp, email: &str, org: &str) -> String {
    app.login_payload(email, Some(demo_id("org", org))).await["accessToken"]
        .as_str()
        .unwrap()
        .to_string()
}

fn hours_ago(h: i64) -> String {
    (common::now() - Duration::hours(h)).to_rfc3339()
}

/// A phone call of NHF with Astrid (a contact of the NHF mentor), `h` hours ago.
fn phone_call(h: i64) -> Value {
    json!({
        "activityTypeId": activity_type("nhf", "phone_call"),
        "activityDate": hours_ago(h),
        "contactId": contact("nhf:astrid-solberg"),
        "durationMinutes": 25,
    })
}

fn with(mut base: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

async fn register(app: &TestApp, token: &str, input: Value) -> Value {
    app.gql(Some(token), &register_q(), json!({ "i": input }))
        .await
}

/// Registers and returns the new activity's id (asserting success).
async fn registered(app: &TestApp, token: &str, input: Value) -> String {
    let body = register(app, token, input).await;
    ok(&body);
    body["data"]["registerActivity"]["activity"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn activities_count(app: &TestApp) -> u64 {
    entity::activities::Entity::find()
        .count(&app.db)
        .await
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Validation rules

#[tokio::test]
async fn required_fields_are_what_the_activity_type_requires() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    // A home visit needs a contact and a location.
    let visit = json!({
        "activityTypeId": activity_type("nhf", "home_visit"),
        "activityDate": hours_ago(2),
    });
    let body = register(&app, &mentor, visit.clone()).await;
    assert_rule(&body, "contactId", "required_fields");
    let body = register(
        &app,
        &mentor,
        with(
            visit.clone(),
            json!({ "contactId": contact("nhf:astrid-solberg"), "location": "  " }),
        ),
    )
    .await;
    assert_rule(&body, "location", "required_fields");
    let body = register(
        &app,
        &mentor,
        with(
            visit,
            json!({ "contactId": contact("nhf:astrid-solberg"), "location": "Tåsen" }),
        ),
    )
    .await;
    ok(&body);
    // Administrative work requires none of them.
    let body = register(
        &app,
        &mentor,
        json!({ "activityTypeId": activity_type("nhf", "admin_work"), "activityDate": hours_ago(3) }),
    )
    .await;
    ok(&body);
}

#[tokio::test]
async fn duration_range_rejects_zero_and_more_than_a_day() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let before = activities_count(&app).await;
    for minutes in [0, -5, 1441] {
        let body = register(
            &app,
            &mentor,
            with(phone_call(2), json!({ "durationMinutes": minutes })),
        )
        .await;
        assert_rule(&body, "durationMinutes", "duration_range");
    }
    assert_eq!(activities_count(&app).await, before, "nothing written");
    let body = register(
        &app,
        &mentor,
        with(phone_call(2), json!({ "durationMinutes": 1440 })),
    )
    .await;
    ok(&body);
}

#[tokio::test]
async fn valid_user_reference_rejects_unknown_users_and_non_mentors() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let body = app
        .gql(
            Some(&coordinator),
            &proxy_q(),
            json!({ "i": { "peerMentorId": Uuid::new_v4(), "activity": phone_call(2) } }),
        )
        .await;
    assert_rule(&body, "peerMentorId", "valid_user_reference");
    // An org admin is not a peer mentor.
    let body = app
        .gql(
            Some(&coordinator),
            &proxy_q(),
            json!({ "i": { "peerMentorId": user(NHF_ADMIN), "activity": phone_call(2) } }),
        )
        .await;
    assert_rule(&body, "peerMentorId", "valid_user_reference");
    // A peer mentor of another organization answers like an unknown user.
    let body = app
        .gql(
            Some(&coordinator),
            &proxy_q(),
            json!({ "i": { "peerMentorId": user(BLIND_MENTOR), "activity": phone_call(2) } }),
        )
        .await;
    assert_rule(&body, "peerMentorId", "valid_user_reference");
}

#[tokio::test]
async fn valid_contact_reference_rejects_contacts_out_of_scope() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    for c in [
        contact("nhf:silje-mathisen"), // Bergen: not linked to the mentor
        contact("blindeforbundet:kjell-rognes"), // another organization
        Uuid::new_v4(),                // does not exist
    ] {
        let body = register(
            &app,
            &mentor,
            with(phone_call(2), json!({ "contactId": c })),
        )
        .await;
        assert_rule(&body, "contactId", "valid_contact_reference");
    }
}

#[tokio::test]
async fn proxy_fields_consistency_refuses_a_proxy_registration_for_yourself() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let body = app
        .gql(
            Some(&coordinator),
            &proxy_q(),
            json!({ "i": { "peerMentorId": user(NHF_COORDINATOR), "activity": phone_call(2) } }),
        )
        .await;
    assert_rule(&body, "peerMentorId", "proxy_fields_consistency");
    // Own registrations never carry proxy fields.
    let mentor = login(&app, MENTOR, "nhf").await;
    let body = register(&app, &mentor, phone_call(2)).await;
    ok(&body);
    let a = &body["data"]["registerActivity"]["activity"];
    assert_eq!(
        (
            a["isProxyRegistration"].clone(),
            a["proxySubmittedBy"].clone()
        ),
        (json!(false), Value::Null)
    );
}

#[tokio::test]
async fn bulk_fields_consistency_refuses_empty_and_repeated_entries() {
    let app = TestApp::spawn().await;
    let start = app.now();
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let template = json!({
        "localAssociationId": la("oslo"),
        "activityTypeId": activity_type("nhf", "group_meeting"),
        "activityDate": hours_ago(5),
        "location": "NHF Oslo",
    });
    let body = app
        .gql(
            Some(&coordinator),
            &bulk_q(),
            json!({ "i": with(template.clone(), json!({ "entries": [] })) }),
        )
        .await;
    assert_rule(&body, "entries", "bulk_fields_consistency");
    let entries = json!([
        { "peerMentorId": user(MENTOR) },
        { "peerMentorId": user(MENTOR2) },
        { "peerMentorId": user(MENTOR) },
    ]);
    let body = app
        .gql(
            Some(&coordinator),
            &bulk_q(),
            json!({ "i": with(template, json!({ "entries": entries })) }),
        )
        .await;
    assert_rule(&body, "entries[2].peerMentorId", "bulk_fields_consistency");
    // Only the batch with an invalid entry is on record (as failed); nothing else was written.
    let batches = entity::bulk_registrations::Entity::find()
        .filter(entity::bulk_registrations::Column::CreatedById.eq(user(NHF_COORDINATOR)))
        .filter(entity::bulk_registrations::Column::CreatedAt.gt(start))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(
        batches[0].status,
        entity::bulk_registrations::BulkRegistrationStatus::Failed
    );
    assert_eq!(
        entity::activities::Entity::find()
            .filter(entity::activities::Column::BulkBatchId.eq(batches[0].id))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn activity_type_enum_accepts_only_active_types_of_the_organization() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    for t in [
        activity_type("blindeforbundet", "phone_call"),
        Uuid::new_v4(),
    ] {
        let body = register(
            &app,
            &mentor,
            with(phone_call(2), json!({ "activityTypeId": t })),
        )
        .await;
        assert_rule(&body, "activityTypeId", "activity_type_enum");
    }
    // An inactive type stays on old activities but takes no new ones.
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let t = entity::activity_types::Entity::find_by_id(activity_type("nhf", "phone_call"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am = t.into_active_model();
    am.is_active = Set(false);
    am.update(&app.db).await.unwrap();
    let body = register(&app, &mentor, phone_call(2)).await;
    assert_rule(&body, "activityTypeId", "activity_type_enum");
}

#[tokio::test]
async fn status_enum_allows_only_draft_or_pending_review_on_creation() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    for s in ["APPROVED", "REJECTED", "FLAGGED"] {
        let body = register(&app, &mentor, with(phone_call(2), json!({ "status": s }))).await;
        assert_rule(&body, "status", "status_enum");
    }
    let body = register(
        &app,
        &mentor,
        with(phone_call(2), json!({ "status": "DRAFT" })),
    )
    .await;
    ok(&body);
    assert_eq!(
        body["data"]["registerActivity"]["activity"]["status"],
        "DRAFT"
    );
    // Unknown values never reach the rules: GraphQL refuses them.
    let body = register(
        &app,
        &mentor,
        with(phone_call(2), json!({ "status": "DONE" })),
    )
    .await;
    assert!(!body["errors"].is_null(), "{body}");
}

#[tokio::test]
async fn title_length_rejects_blank_and_over_200_characters() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    for title in ["   ".to_string(), "x".repeat(201)] {
        let body = register(
            &app,
            &mentor,
            with(phone_call(2), json!({ "title": title })),
        )
        .await;
        assert_rule(&body, "title", "title_length");
    }
    let body = register(
        &app,
        &mentor,
        with(phone_call(2), json!({ "title": "y".repeat(200) })),
    )
    .await;
    ok(&body);
}

#[tokio::test]
async fn description_length_rejects_over_5000_characters() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let body = register(
        &app,
        &mentor,
        with(phone_call(2), json!({ "description": "d".repeat(5001) })),
    )
    .await;
    assert_rule(&body, "description", "description_length");
    let body = register(
        &app,
        &mentor,
        with(phone_call(2), json!({ "description": "d".repeat(5000) })),
    )
    .await;
    ok(&body);
}

#[tokio::test]
async fn participant_count_positive_rejects_zero_and_defaults_to_one() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    for n in [0, -1] {
        let body = register(
            &app,
            &mentor,
            with(phone_call(2), json!({ "participantCount": n })),
        )
        .await;
        assert_rule(&body, "participantCount", "participant_count_positive");
    }
    let body = register(&app, &mentor, phone_call(2)).await;
    ok(&body);
    assert_eq!(
        body["data"]["registerActivity"]["activity"]["participantCount"],
        1
    );
}

#[tokio::test]
async fn immutable_after_approval_refuses_edits_of_approved_activities() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let id = registered(&app, &mentor, phone_call(2)).await;
    // Before approval the mentor edits, and the change is logged with old and new values.
    let body = app
        .gql(
            Some(&mentor),
            EDIT,
            json!({ "id": id, "i": { "durationMinutes": 40, "title": "Samtale om hjelpemidler" } }),
        )
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["editActivity"]["activity"]["durationMinutes"],
        40
    );
    let log = entity::activity_logs::Entity::find()
        .filter(entity::activity_logs::Column::ActivityId.eq(id.parse::<Uuid>().unwrap()))
        .filter(
            entity::activity_logs::Column::Action
                .eq(entity::activity_logs::ActivityLogAction::Updated),
        )
        .one(&app.db)
        .await
        .unwrap()
        .expect("an updated log row");
    assert_eq!(
        log.changes.unwrap()["durationMinutes"],
        json!({ "from": 25, "to": 40 })
    );
    // Edits go through the field rules too.
    let body = app
        .gql(
            Some(&mentor),
            EDIT,
            json!({ "id": id, "i": { "durationMinutes": 0 } }),
        )
        .await;
    assert_rule(&body, "durationMinutes", "duration_range");

    ok(&app
        .gql(Some(&coordinator), APPROVE, json!({ "id": id }))
        .await);
    for (who, input) in [
        (&mentor, json!({ "durationMinutes": 60 })),
        (&coordinator, json!({ "description": "Etterregistrert" })),
    ] {
        let body = app
            .gql(Some(who), EDIT, json!({ "id": id, "i": input }))
            .await;
        assert_rule(&body, "id", "immutable_after_approval");
    }
    let a = entity::activities::Entity::find_by_id(id.parse::<Uuid>().unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((a.duration_minutes, a.description), (40, None));
}

// ---------------------------------------------------------------------------------------------
// Business rules

#[tokio::test]
async fn owner_attribution_on_proxy_makes_the_mentor_the_owner() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let body = app
        .gql(
            Some(&coordinator),
            &proxy_q(),
            json!({ "i": { "peerMentorId": user(MENTOR), "reason": "Registrert etter telefon", "activity": phone_call(3) } }),
        )
        .await;
    ok(&body);
    let a = &body["data"]["registerActivityForMentor"]["activity"];
    assert_eq!(a["userId"], json!(user(MENTOR)));
    assert_eq!(a["proxySubmittedBy"], json!(user(NHF_COORDINATOR)));
    assert_eq!(a["isProxyRegistration"], true);
    assert_eq!(a["localAssociationId"], json!(la("oslo")));
    assert_eq!(
        a["delegationGrants"]["nodes"],
        json!([{
            "coordinatorId": user(NHF_COORDINATOR),
            "peerMentorId": user(MENTOR),
            "localAssociationId": la("oslo"),
            "reason": "Registrert etter telefon",
        }])
    );
    assert_eq!(
        a["logs"]["nodes"],
        json!([{ "action": "PROXY_REGISTERED", "actorUserId": user(NHF_COORDINATOR), "newStatus": "PENDING_REVIEW" }])
    );
    // The activity is the mentor's: it is in their own list.
    let mentor = login(&app, MENTOR, "nhf").await;
    let body = app
        .gql(
            Some(&mentor),
            "query($id: UUID!) { activity(id: $id) { userId proxySubmitter { id } } }",
            json!({ "id": a["id"] }),
        )
        .await;
    ok(&body);
    assert_eq!(body["data"]["activity"]["userId"], json!(user(MENTOR)));
}

#[tokio::test]
async fn organization_scope_isolation_keeps_tenants_and_local_associations_apart() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let id = registered(&app, &mentor, phone_call(2)).await;
    // Another tenant and another local association answer as if the activity did not exist.
    for (email, org) in [
        (BLIND_COORDINATOR, "blindeforbundet"),
        (BERGEN_COORDINATOR, "nhf"),
    ] {
        let t = login(&app, email, org).await;
        for q in [APPROVE, REJECT, SUBMIT] {
            let body = app.gql(Some(&t), q, json!({ "id": id })).await;
            assert_eq!(error_code(&body), "NOT_FOUND", "{email}: {body}");
        }
        let body = app
            .gql(
                Some(&t),
                EDIT,
                json!({ "id": id, "i": { "durationMinutes": 10 } }),
            )
            .await;
        assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    }
    // A mentor attributes activities only to their own local associations.
    let body = register(
        &app,
        &mentor,
        with(phone_call(2), json!({ "localAssociationId": la("bergen") })),
    )
    .await;
    assert_rule(&body, "localAssociationId", "organization_scope_isolation");
    // The organization's own coordinator of the association decides.
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    ok(&app
        .gql(Some(&coordinator), APPROVE, json!({ "id": id }))
        .await);
}

#[tokio::test]
async fn duplicate_detection_flags_for_review_and_never_rejects() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let first = registered(&app, &mentor, phone_call(2)).await;
    // Same contact and type, 1 hour apart (window 24 h): registered, flagged, warned.
    let body = register(&app, &mentor, phone_call(3)).await;
    ok(&body);
    let payload = &body["data"]["registerActivity"];
    assert_eq!(payload["warnings"][0]["rule"], "duplicate_detection");
    assert_eq!(payload["warnings"][0]["field"], "contactId");
    let second = payload["activity"]["id"].as_str().unwrap().to_string();
    let body = app
        .gql(
            Some(&coordinator),
            "query($id: UUID!) { activity(id: $id) { status flags { nodes { id flagType status createdById duplicateOfActivityId } } } }",
            json!({ "id": second }),
        )
        .await;
    ok(&body);
    let flags = &body["data"]["activity"]["flags"]["nodes"];
    assert_eq!(flags.as_array().unwrap().len(), 1, "{body}");
    assert_eq!(flags[0]["flagType"], "DUPLICATE");
    assert_eq!(flags[0]["status"], "OPEN");
    assert_eq!(flags[0]["createdById"], Value::Null, "raised by the system");
    assert_eq!(flags[0]["duplicateOfActivityId"], json!(first));
    assert_eq!(body["data"]["activity"]["status"], "PENDING_REVIEW");
    // Outside the window (and another type) nothing is flagged.
    let body = register(&app, &mentor, phone_call(40)).await;
    ok(&body);
    assert_eq!(body["data"]["registerActivity"]["warnings"], json!([]));
    let body = register(
        &app,
        &mentor,
        with(
            phone_call(2),
            json!({ "activityTypeId": activity_type("nhf", "digital_meeting") }),
        ),
    )
    .await;
    ok(&body);
    assert_eq!(body["data"]["registerActivity"]["warnings"], json!([]));
    // The window comes from organization_settings.duplicate_window_hours.
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let s = entity::organization_settings::Entity::find()
        .filter(entity::organization_settings::Column::OrganizationId.eq(nhf()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am = s.into_active_model();
    am.duplicate_window_hours = Set(72);
    am.update(&app.db).await.unwrap();
    let body = register(&app, &mentor, phone_call(41)).await;
    ok(&body);
    assert_eq!(
        body["data"]["registerActivity"]["warnings"][0]["rule"],
        "duplicate_detection"
    );
    // A possible duplicate is approved only after its flag was resolved.
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": second }))
        .await;
    assert_rule(&body, "status", "approval_workflow_transition");
    let flag_id = flags[0]["id"].clone();
    ok(&app
        .gql(
            Some(&coordinator),
            RESOLVE,
            json!({ "id": flag_id, "o": "DISMISSED", "n": "To ulike samtaler" }),
        )
        .await);
    ok(&app
        .gql(Some(&coordinator), APPROVE, json!({ "id": second }))
        .await);
}

#[tokio::test]
async fn approval_workflow_transition_follows_the_state_machine_and_only_approvers_decide() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let draft = registered(
        &app,
        &mentor,
        with(phone_call(2), json!({ "status": "DRAFT" })),
    )
    .await;
    // draft -> approved is not a transition.
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": draft }))
        .await;
    assert_rule(&body, "status", "approval_workflow_transition");
    let body = app.gql(Some(&mentor), SUBMIT, json!({ "id": draft })).await;
    ok(&body);
    assert_eq!(body["data"]["submitActivity"]["status"], "PENDING_REVIEW");
    let body = app.gql(Some(&mentor), SUBMIT, json!({ "id": draft })).await;
    assert_rule(&body, "status", "approval_workflow_transition");
    // Peer mentors do not decide, not even on their own activities.
    for q in [APPROVE, REJECT] {
        let body = app.gql(Some(&mentor), q, json!({ "id": draft })).await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    }
    let body = app
        .gql(
            Some(&mentor),
            FLAG,
            json!({ "id": draft, "i": { "flagType": "SUSPICIOUS", "reason": "?" } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // pending -> flagged -> (resolve) -> approved; approved is final.
    let body = app
        .gql(Some(&coordinator), FLAG, json!({ "id": draft, "i": { "flagType": "MISSING_DOCUMENTATION", "reason": "Mangler oppmøteliste" } }))
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["flagActivity"]["activity"]["status"],
        "FLAGGED"
    );
    let flag_id = body["data"]["flagActivity"]["flag"]["id"].clone();
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": draft }))
        .await;
    assert_rule(&body, "status", "approval_workflow_transition");
    let body = app
        .gql(
            Some(&coordinator),
            RESOLVE,
            json!({ "id": flag_id, "o": "RESOLVED", "n": "Liste mottatt" }),
        )
        .await;
    ok(&body);
    let f = &body["data"]["resolveActivityFlag"]["flag"];
    assert_eq!(
        (f["status"].as_str(), f["resolvedById"].clone()),
        (Some("RESOLVED"), json!(user(NHF_COORDINATOR)))
    );
    let body = app
        .gql(
            Some(&coordinator),
            RESOLVE,
            json!({ "id": flag_id, "o": "DISMISSED" }),
        )
        .await;
    assert_rule(&body, "flagId", "approval_workflow_transition");
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": draft }))
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["approveActivity"]["activity"]["status"],
        "APPROVED"
    );
    for q in [APPROVE, REJECT, SUBMIT] {
        let body = app.gql(Some(&coordinator), q, json!({ "id": draft })).await;
        assert_rule(&body, "status", "approval_workflow_transition");
    }
    // Rejection closes the open flags; the org admin decides too.
    let other = registered(&app, &mentor, phone_call(30)).await;
    let admin = login(&app, NHF_ADMIN, "nhf").await;
    ok(&app
        .gql(
            Some(&admin),
            FLAG,
            json!({ "id": other, "i": { "flagType": "SUSPICIOUS", "reason": "Dobbelt?" } }),
        )
        .await);
    let body = app
        .gql(
            Some(&admin),
            REJECT,
            json!({ "id": other, "n": "Registrert to ganger" }),
        )
        .await;
    ok(&body);
    assert_eq!(body["data"]["rejectActivity"]["status"], "REJECTED");
    let open = entity::activity_flags::Entity::find()
        .filter(entity::activity_flags::Column::ActivityId.eq(other.parse::<Uuid>().unwrap()))
        .filter(
            entity::activity_flags::Column::Status
                .eq(entity::activity_flags::ActivityFlagStatus::Open),
        )
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(open, 0);
}

#[tokio::test]
async fn bufdir_reporting_inclusion_counts_approved_activities_only() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let admin = login(&app, NHF_ADMIN, "nhf").await;
    let window = json!({ "from": hours_ago(6), "to": hours_ago(-1) });
    let totals = |body: Value| body["data"]["reportableActivityTotals"].clone();
    let before = totals(app.gql(Some(&admin), TOTALS, window.clone()).await);
    let pending = registered(&app, &mentor, phone_call(2)).await;
    let rejected = registered(
        &app,
        &mentor,
        with(
            phone_call(3),
            json!({ "contactId": contact("nhf:jonas-haugen") }),
        ),
    )
    .await;
    let internal = registered(
        &app,
        &mentor,
        json!({ "activityTypeId": activity_type("nhf", "admin_work"), "activityDate": hours_ago(4), "durationMinutes": 90 }),
    )
    .await;
    let _draft = registered(
        &app,
        &mentor,
        with(
            phone_call(5),
            json!({ "status": "DRAFT", "activityTypeId": activity_type("nhf", "digital_meeting") }),
        ),
    )
    .await;
    assert_eq!(
        totals(app.gql(Some(&admin), TOTALS, window.clone()).await),
        before,
        "pending, drafts do not count"
    );
    ok(&app
        .gql(Some(&admin), REJECT, json!({ "id": rejected }))
        .await);
    ok(&app
        .gql(Some(&admin), APPROVE, json!({ "id": internal }))
        .await);
    assert_eq!(
        totals(app.gql(Some(&admin), TOTALS, window.clone()).await),
        before,
        "rejected and not-reported types do not count"
    );
    ok(&app
        .gql(Some(&admin), APPROVE, json!({ "id": pending }))
        .await);
    let after = totals(app.gql(Some(&admin), TOTALS, window).await);
    assert_eq!(
        after["activities"].as_i64().unwrap(),
        before["activities"].as_i64().unwrap() + 1
    );
    assert_eq!(
        after["durationMinutes"].as_i64().unwrap(),
        before["durationMinutes"].as_i64().unwrap() + 25
    );
    assert_eq!(
        after["participants"].as_i64().unwrap(),
        before["participants"].as_i64().unwrap() + 1
    );
}

#[tokio::test]
async fn coordinator_proxy_scope_limits_proxy_registration_to_shared_local_associations() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let bergen = login(&app, BERGEN_COORDINATOR, "nhf").await;
    let body = app
        .gql(Some(&coordinator), &proxy_q(), json!({ "i": { "peerMentorId": user(BERGEN_MENTOR), "activity": { "activityTypeId": activity_type("nhf", "admin_work"), "activityDate": hours_ago(2) } } }))
        .await;
    assert_rule(&body, "peerMentorId", "coordinator_proxy_scope");
    let body = app
        .gql(Some(&bergen), &proxy_q(), json!({ "i": { "peerMentorId": user(MENTOR), "activity": { "activityTypeId": activity_type("nhf", "admin_work"), "activityDate": hours_ago(2) } } }))
        .await;
    assert_rule(&body, "peerMentorId", "coordinator_proxy_scope");
    // A shared member, but an association the coordinator is not in.
    let body = app
        .gql(Some(&coordinator), &proxy_q(), json!({ "i": { "peerMentorId": user(MENTOR), "activity": with(phone_call(2), json!({ "localAssociationId": la("bergen") })) } }))
        .await;
    assert_rule(&body, "localAssociationId", "coordinator_proxy_scope");
    // Peer mentors hold no PROXY_REGISTER_ACTIVITIES.
    let mentor = login(&app, MENTOR, "nhf").await;
    let body = app
        .gql(
            Some(&mentor),
            &proxy_q(),
            json!({ "i": { "peerMentorId": user(MENTOR2), "activity": phone_call(2) } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // The org admin reaches every local association of the organization.
    let admin = login(&app, NHF_ADMIN, "nhf").await;
    let body = app
        .gql(Some(&admin), &proxy_q(), json!({ "i": { "peerMentorId": user(BERGEN_MENTOR), "activity": { "activityTypeId": activity_type("nhf", "admin_work"), "activityDate": hours_ago(2) } } }))
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["registerActivityForMentor"]["activity"]["localAssociationId"],
        json!(la("bergen"))
    );
}

fn bulk_input(entries: Value) -> Value {
    json!({
        "localAssociationId": la("oslo"),
        "activityTypeId": activity_type("nhf", "group_meeting"),
        "activityDate": hours_ago(5),
        "durationMinutes": 120,
        "title": "Likepersonsamling",
        "location": "NHF Oslo, Schweigaards gate 12",
        "participantCount": 8,
        "entries": entries,
    })
}

#[tokio::test]
async fn bulk_batch_atomicity_rolls_back_the_whole_batch_and_names_the_entry() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let before = activities_count(&app).await;
    let entries = json!([
        { "peerMentorId": user(MENTOR) },
        { "peerMentorId": user(MENTOR2), "durationMinutes": 90 },
        { "peerMentorId": user(BERGEN_MENTOR) },
    ]);
    let body = app
        .gql(
            Some(&coordinator),
            &bulk_q(),
            json!({ "i": bulk_input(entries) }),
        )
        .await;
    assert_rule(&body, "entries[2].peerMentorId", "coordinator_proxy_scope");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("entries[2]"),
        "{body}"
    );
    let body2 = app
        .gql(Some(&coordinator), &bulk_q(), json!({ "i": bulk_input(json!([{ "peerMentorId": user(MENTOR) }, { "peerMentorId": user(MENTOR2), "durationMinutes": 0 }])) }))
        .await;
    assert_rule(&body2, "entries[1].durationMinutes", "duration_range");
    assert_eq!(
        activities_count(&app).await,
        before,
        "no activity of a failed batch remains"
    );
    // The failed batches are on record, with no activities.
    let failed = entity::bulk_registrations::Entity::find()
        .filter(
            entity::bulk_registrations::Column::Status
                .eq(entity::bulk_registrations::BulkRegistrationStatus::Failed),
        )
        .filter(entity::bulk_registrations::Column::CreatedById.eq(user(NHF_COORDINATOR)))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(failed.len(), 2);
    assert!(
        failed
            .iter()
            .all(|b| b.activities_created == 0 && b.error_message.is_some())
    );

    let body = app
        .gql(Some(&coordinator), &bulk_q(), json!({ "i": bulk_input(json!([{ "peerMentorId": user(MENTOR) }, { "peerMentorId": user(MENTOR2), "durationMinutes": 90 }])) }))
        .await;
    ok(&body);
    let r = &body["data"]["bulkRegisterActivities"];
    let batch = &r["bulkRegistration"];
    assert_eq!(batch["status"], "COMPLETED");
    assert_eq!(
        (
            batch["activitiesCreated"].as_i64(),
            batch["mentorCount"].as_i64()
        ),
        (Some(2), Some(2))
    );
    assert_eq!(batch["createdById"], json!(user(NHF_COORDINATOR)));
    let acts = r["activities"].as_array().unwrap();
    assert_eq!(acts.len(), 2);
    assert_eq!(acts[0]["userId"], json!(user(MENTOR)));
    assert_eq!(acts[1]["userId"], json!(user(MENTOR2)));
    assert_eq!(acts[1]["durationMinutes"], 90);
    assert_eq!(acts[0]["durationMinutes"], 120);
    for a in acts {
        assert_eq!(a["isBulkRegistration"], true);
        assert_eq!(a["bulkBatchId"], batch["id"]);
        assert_eq!(a["isProxyRegistration"], false);
        assert_eq!(a["participantCount"], 8);
        assert_eq!(a["status"], "PENDING_REVIEW");
    }
    assert_eq!(activities_count(&app).await, before + 2);
}

#[tokio::test]
async fn activity_date_not_future_rejects_more_than_24_hours_ahead() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let body = register(
        &app,
        &mentor,
        with(phone_call(0), json!({ "activityDate": hours_ago(-25) })),
    )
    .await;
    assert_rule(&body, "activityDate", "activity_date_not_future");
    let body = register(
        &app,
        &mentor,
        with(phone_call(0), json!({ "activityDate": hours_ago(-23) })),
    )
    .await;
    ok(&body);
}

#[tokio::test]
async fn offline_sync_conflict_resolution_replays_return_the_server_version() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let input =
        json!({ "deviceId": "iphone-ola", "clientId": "tmp-0001", "activity": phone_call(6) });
    let body = app
        .gql(Some(&mentor), &sync_q(), json!({ "i": input }))
        .await;
    ok(&body);
    let first = body["data"]["syncOfflineActivity"].clone();
    assert_eq!(
        (first["replayed"].as_bool(), first["conflict"].as_bool()),
        (Some(false), Some(false))
    );
    assert!(first["activity"]["syncedAt"].is_string(), "{first}");
    let before = activities_count(&app).await;
    // The same replay, and a replay with edited fields: the server version wins.
    for activity in [
        phone_call(6),
        with(phone_call(6), json!({ "durationMinutes": 55 })),
    ] {
        let body = app
            .gql(Some(&mentor), &sync_q(), json!({ "i": { "deviceId": "iphone-ola", "clientId": "tmp-0001", "activity": activity } }))
            .await;
        ok(&body);
        let again = &body["data"]["syncOfflineActivity"];
        assert_eq!(again["replayed"], true);
        assert_eq!(again["activity"], first["activity"]);
    }
    // From the mentor's other device, with the same client id: the same activity.
    let body = app
        .gql(Some(&mentor), &sync_q(), json!({ "i": { "deviceId": "ipad-ola", "clientId": "tmp-0001", "activity": phone_call(6) } }))
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["syncOfflineActivity"]["activity"]["id"],
        first["activity"]["id"]
    );
    assert_eq!(activities_count(&app).await, before);
    let mappings = entity::offline_id_mappings::Entity::find()
        .filter(entity::offline_id_mappings::Column::ClientId.eq("tmp-0001"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(mappings.len(), 2, "one per device");
    let server: Uuid = first["activity"]["id"].as_str().unwrap().parse().unwrap();
    assert!(mappings.iter().all(|m| m.server_id == server
        && m.entity_type == "activities"
        && m.user_id == user(MENTOR)));
    // Another user's client id is theirs alone.
    let mentor2 = login(&app, MENTOR2, "nhf").await;
    let body = app
        .gql(Some(&mentor2), &sync_q(), json!({ "i": { "deviceId": "iphone-ola", "clientId": "tmp-0001", "activity": { "activityTypeId": activity_type("nhf", "admin_work"), "activityDate": hours_ago(1) } } }))
        .await;
    ok(&body);
    assert_eq!(body["data"]["syncOfflineActivity"]["replayed"], false);
    let body = app
        .gql(
            Some(&mentor),
            &sync_q(),
            json!({ "i": { "deviceId": " ", "clientId": "x", "activity": phone_call(6) } }),
        )
        .await;
    assert_rule(&body, "deviceId", "required_fields");
}

#[tokio::test]
async fn audit_trail_on_status_change_records_actor_statuses_and_notes() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let id = registered(
        &app,
        &mentor,
        with(phone_call(2), json!({ "status": "DRAFT" })),
    )
    .await;
    ok(&app
        .gql(
            Some(&mentor),
            SUBMIT,
            json!({ "id": id, "n": "Klar for godkjenning" }),
        )
        .await);
    ok(&app
        .gql(
            Some(&coordinator),
            APPROVE,
            json!({ "id": id, "n": "Godkjent" }),
        )
        .await);
    let body = app
        .gql(
            Some(&coordinator),
            "query($id: UUID!) { activity(id: $id) { logs { nodes { action actorUserId previousStatus newStatus notes createdAt } } } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let logs: Vec<Value> = body["data"]["activity"]["logs"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            assert!(l["createdAt"].is_string());
            json!([
                l["action"],
                l["actorUserId"],
                l["previousStatus"],
                l["newStatus"],
                l["notes"]
            ])
        })
        .collect();
    assert_eq!(
        logs,
        vec![
            json!(["CREATED", user(MENTOR), null, "DRAFT", null]),
            json!([
                "STATUS_CHANGED",
                user(MENTOR),
                "DRAFT",
                "PENDING_REVIEW",
                "Klar for godkjenning"
            ]),
            json!([
                "STATUS_CHANGED",
                user(NHF_COORDINATOR),
                "PENDING_REVIEW",
                "APPROVED",
                "Godkjent"
            ]),
        ]
    );
    // The mentor reads the history of their own activity; logs are never written by clients.
    let body = app
        .gql(
            Some(&mentor),
            "query($id: UUID!) { activity(id: $id) { logs { totalCount } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(body["data"]["activity"]["logs"]["totalCount"], 3, "{body}");
}

#[tokio::test]
async fn assignment_threshold_counting_counts_an_approved_assignment_activity_once() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, BLIND_MENTOR, "blindeforbundet").await;
    let coordinator = login(&app, BLIND_COORDINATOR, "blindeforbundet").await;
    let profile = || async {
        entity::peer_mentor_profiles::Entity::find()
            .filter(entity::peer_mentor_profiles::Column::UserId.eq(user(BLIND_MENTOR)))
            .filter(
                entity::peer_mentor_profiles::Column::OrganizationId
                    .eq(demo_id("org", "blindeforbundet")),
            )
            .filter(entity::peer_mentor_profiles::Column::DeletedAt.is_null())
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .assignment_count_current_period
    };
    // Kjell has an assignment dispatched to the mentor (read, not completed yet).
    let call = json!({
        "activityTypeId": activity_type("blindeforbundet", "phone_call"),
        "activityDate": hours_ago(2),
        "contactId": contact("blindeforbundet:kjell-rognes"),
    });
    let first = registered(&app, &mentor, call.clone()).await;
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": first }))
        .await;
    ok(&body);
    let counted = body["data"]["approveActivity"]["assignmentCount"]
        .as_i64()
        .expect("counted");
    assert_eq!(profile().await as i64, counted);
    // A second approved activity for the same assignment does not count again.
    let second = registered(
        &app,
        &mentor,
        with(call, json!({ "activityDate": hours_ago(30) })),
    )
    .await;
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": second }))
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["approveActivity"]["assignmentCount"],
        Value::Null
    );
    assert_eq!(profile().await as i64, counted);
    // Activities without an assignment, and rejected ones, never count.
    let other = registered(
        &app,
        &mentor,
        json!({ "activityTypeId": activity_type("blindeforbundet", "phone_call"), "activityDate": hours_ago(3), "contactId": contact("blindeforbundet:ragnhild-aune") }),
    )
    .await;
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": other }))
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["approveActivity"]["assignmentCount"],
        Value::Null
    );
    assert_eq!(profile().await as i64, counted);
}

// ---------------------------------------------------------------------------------------------
// Defaults

#[tokio::test]
async fn quick_log_defaults_duration_participants_date_and_title() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let body = app
        .gql(
            Some(&mentor),
            &format!("mutation($i: QuickLogActivityInput!) {{ quickLogActivity(input: $i) {{ activity {{ {ACTIVITY_FIELDS} }} }} }}"),
            json!({ "i": { "activityTypeId": activity_type("nhf", "phone_call"), "contactId": contact("nhf:astrid-solberg") } }),
        )
        .await;
    ok(&body);
    let a = &body["data"]["quickLogActivity"]["activity"];
    assert_eq!(a["durationMinutes"], 30);
    assert_eq!(a["participantCount"], 1);
    assert_eq!(a["status"], "PENDING_REVIEW");
    assert_eq!(a["title"], "Telefonsamtale – Astrid Solberg");
    assert_eq!(a["userId"], json!(user(MENTOR)));
    assert_eq!(a["localAssociationId"], json!(la("oslo")));
    let date = chrono::DateTime::parse_from_rfc3339(a["activityDate"].as_str().unwrap()).unwrap();
    assert!((app.now() - date.with_timezone(&Utc)).num_seconds().abs() < 60);
    // The wizard without a duration takes the activity type's default (home visit: 60).
    let body = register(
        &app,
        &mentor,
        json!({ "activityTypeId": activity_type("nhf", "home_visit"), "activityDate": hours_ago(2), "contactId": contact("nhf:astrid-solberg"), "location": "Tåsen" }),
    )
    .await;
    ok(&body);
    assert_eq!(
        body["data"]["registerActivity"]["activity"]["durationMinutes"],
        60
    );
    assert_eq!(
        body["data"]["registerActivity"]["activity"]["title"],
        "Hjemmebesøk – Astrid Solberg"
    );
}

// ---------------------------------------------------------------------------------------------
// Concurrency

#[tokio::test]
async fn concurrent_bulk_registrations_are_each_all_or_nothing() {
    let app = TestApp::spawn().await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let before = activities_count(&app).await;
    let good = json!({ "i": bulk_input(json!([{ "peerMentorId": user(MENTOR) }, { "peerMentorId": user(MENTOR2) }])) });
    let bad = json!({ "i": bulk_input(json!([{ "peerMentorId": user(MENTOR) }, { "peerMentorId": user(MENTOR2) }, { "peerMentorId": user(BERGEN_MENTOR) }])) });
    let q = bulk_q();
    let (a, b, c, d, e) = tokio::join!(
        app.gql(Some(&coordinator), &q, good.clone()),
        app.gql(Some(&coordinator), &q, bad.clone()),
        app.gql(Some(&coordinator), &q, good.clone()),
        app.gql(Some(&coordinator), &q, good.clone()),
        app.gql(Some(&coordinator), &q, bad.clone()),
    );
    for failed in [&b, &e] {
        assert_rule(failed, "entries[2].peerMentorId", "coordinator_proxy_scope");
    }
    let mut batches = Vec::new();
    for done in [&a, &c, &d] {
        ok(done);
        let r = &done["data"]["bulkRegisterActivities"];
        assert_eq!(r["activities"].as_array().unwrap().len(), 2);
        batches.push(
            r["bulkRegistration"]["id"]
                .as_str()
                .unwrap()
                .parse::<Uuid>()
                .unwrap(),
        );
    }
    for batch in &batches {
        let n = entity::activities::Entity::find()
            .filter(entity::activities::Column::BulkBatchId.eq(*batch))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(n, 2);
    }
    assert_eq!(activities_count(&app).await, before + 6);
    let failed = entity::bulk_registrations::Entity::find()
        .filter(
            entity::bulk_registrations::Column::Status
                .eq(entity::bulk_registrations::BulkRegistrationStatus::Failed),
        )
        .filter(entity::bulk_registrations::Column::CreatedById.eq(user(NHF_COORDINATOR)))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(failed.len(), 2);
    for f in failed {
        let n = entity::activities::Entity::find()
            .filter(entity::activities::Column::BulkBatchId.eq(f.id))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(n, 0);
    }
}

#[tokio::test]
async fn concurrent_decisions_on_one_activity_have_exactly_one_winner() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let coordinator = login(&app, NHF_COORDINATOR, "nhf").await;
    let admin = login(&app, NHF_ADMIN, "nhf").await;
    let id = registered(&app, &mentor, phone_call(2)).await;
    let (a, b, c) = tokio::join!(
        app.gql(Some(&coordinator), APPROVE, json!({ "id": id })),
        app.gql(Some(&admin), REJECT, json!({ "id": id })),
        app.gql(Some(&admin), APPROVE, json!({ "id": id })),
    );
    let winners = [&a, &b, &c]
        .iter()
        .filter(|r| r["errors"].is_null())
        .count();
    assert_eq!(winners, 1, "{a}\n{b}\n{c}");
    for r in [&a, &b, &c] {
        if !r["errors"].is_null() {
            assert_rule(r, "status", "approval_workflow_transition");
        }
    }
    let changes = entity::activity_logs::Entity::find()
        .filter(entity::activity_logs::Column::ActivityId.eq(id.parse::<Uuid>().unwrap()))
        .filter(
            entity::activity_logs::Column::Action
                .eq(entity::activity_logs::ActivityLogAction::StatusChanged),
        )
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(changes, 1);
}

#[tokio::test]
async fn concurrent_offline_replays_create_one_activity() {
    let app = TestApp::spawn().await;
    let mentor = login(&app, MENTOR, "nhf").await;
    let before = activities_count(&app).await;
    let q = sync_q();
    let input = json!({ "i": { "deviceId": "iphone-ola", "clientId": "tmp-race", "activity": phone_call(6) } });
    let (a, b, c, d) = tokio::join!(
        app.gql(Some(&mentor), &q, input.clone()),
        app.gql(Some(&mentor), &q, input.clone()),
        app.gql(Some(&mentor), &q, input.clone()),
        app.gql(Some(&mentor), &q, input.clone()),
    );
    let mut ids = Vec::new();
    let mut fresh = 0;
    for r in [&a, &b, &c, &d] {
        ok(r);
        let s = &r["data"]["syncOfflineActivity"];
        ids.push(s["activity"]["id"].clone());
        if s["replayed"] == false {
            fresh += 1;
        }
    }
    assert_eq!(fresh, 1, "exactly one sync created it");
    assert!(ids.iter().all(|i| *i == ids[0]));
    assert_eq!(activities_count(&app).await, before + 1);
}
