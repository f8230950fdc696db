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

mod batches;
mod business;
mod defaults_concurrency;
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

mod validation;
