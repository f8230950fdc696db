//! Lifecycle gaps of the activity workflow: a rejected activity is corrected and submitted again
//! (`status_transition`, with its log entry), and activities are registered on someone's behalf
//! only for a peer mentor who is not deactivated (`mentor_deactivated`).

use crate::common;

use chrono::Duration;
use common::{TestApp, demo_id, error_rule, ok, ola_activity};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::{Value, json};
use uuid::Uuid;

use entity::{activity_logs, peer_mentor_profiles as profiles};

const OLA: &str = "nhf.mentor@meander.dev";
const INGRID: &str = "nhf.mentor2@meander.dev";
const COORDINATOR: &str = "nhf.coordinator@meander.dev";
const REGISTER: &str = "mutation($i: RegisterActivityInput!) { registerActivity(input: $i) { activity { id status } } }";
const SUBMIT: &str = "mutation($id: UUID!) { submitActivity(id: $id) { id status } }";
const REJECT: &str =
    "mutation($id: UUID!, $n: String) { rejectActivity(id: $id, notes: $n) { id status } }";
const APPROVE: &str = "mutation($id: UUID!) { approveActivity(id: $id) { activity { status } } }";
const EDIT: &str = "mutation($id: UUID!, $i: EditActivityInput!) { editActivity(id: $id, input: $i) { activity { id durationMinutes } } }";
const PROXY: &str = "mutation($i: RegisterActivityForMentorInput!) { registerActivityForMentor(input: $i) { activity { id userId } } }";
const BULK: &str = "mutation($i: BulkRegisterActivitiesInput!) { bulkRegisterActivities(input: $i) { activities { id userId } } }";

fn phone_call(app: &TestApp) -> Value {
    json!({
        "activityTypeId": demo_id("activity_type", "nhf:phone_call"),
        "activityDate": (app.now() - Duration::hours(3)).to_rfc3339(),
        "contactId": demo_id("contact", "nhf:astrid-solberg"),
        "durationMinutes": 25,
    })
}

async fn token(app: &TestApp, email: &str) -> String {
    app.login_payload(email, Some(demo_id("org", "nhf"))).await["accessToken"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn status_transition_a_rejected_activity_is_corrected_and_submitted_again() {
    let app = TestApp::spawn().await;
    let ola = token(&app, OLA).await;
    let coordinator = token(&app, COORDINATOR).await;
    let data = ok(&app, &ola, REGISTER, json!({ "i": phone_call(&app) })).await;
    let id: Uuid = data["registerActivity"]["activity"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    if data["registerActivity"]["activity"]["status"] == "DRAFT" {
        ok(&app, &ola, SUBMIT, json!({ "id": id })).await;
    }
    ok(
        &app,
        &coordinator,
        REJECT,
        json!({ "id": id, "n": "Wrong duration" }),
    )
    .await;

    // Corrected by its mentor, then submitted again: back in the review queue.
    let data = ok(
        &app,
        &ola,
        EDIT,
        json!({ "id": id, "i": { "durationMinutes": 45 } }),
    )
    .await;
    assert_eq!(data["editActivity"]["activity"]["durationMinutes"], 45);
    let data = ok(&app, &ola, SUBMIT, json!({ "id": id })).await;
    assert_eq!(data["submitActivity"]["status"], "PENDING_REVIEW");
    let resubmitted = activity_logs::Entity::find()
        .filter(activity_logs::Column::ActivityId.eq(id))
        .filter(
            activity_logs::Column::PreviousStatus.eq(entity::activities::ActivityStatus::Rejected),
        )
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        resubmitted.len(),
        1,
        "one log entry rejected -> pending_review"
    );
    assert_eq!(
        resubmitted[0].new_status,
        Some(entity::activities::ActivityStatus::PendingReview)
    );

    // Approved is final: neither edited nor submitted again.
    ok(&app, &coordinator, APPROVE, json!({ "id": id })).await;
    let body = app.gql(Some(&ola), SUBMIT, json!({ "id": id })).await;
    assert_eq!(error_rule(&body).0, "BAD_USER_INPUT", "{body}");
    assert_eq!(
        error_rule(&body).2,
        "approval_workflow_transition",
        "{body}"
    );
}

#[tokio::test]
async fn mentor_deactivated_proxy_and_bulk_registration_refuse_a_deactivated_mentor() {
    let app = TestApp::spawn().await;
    let coordinator = token(&app, COORDINATOR).await;
    let ola = demo_id("user", OLA);
    let ingrid = demo_id("user", INGRID);
    // Ola is deactivated; Ingrid (paused in the demo data) is not.
    let mut am = profiles::Entity::find()
        .filter(profiles::Column::UserId.eq(ola))
        .filter(profiles::Column::OrganizationId.eq(demo_id("org", "nhf")))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    am.status = Set(profiles::PeerMentorStatus::Inactive);
    am.update(&app.db).await.unwrap();

    let body = app
        .gql(
            Some(&coordinator),
            PROXY,
            json!({ "i": { "peerMentorId": ola, "activity": phone_call(&app) } }),
        )
        .await;
    assert_eq!(
        error_rule(&body),
        (
            "BAD_USER_INPUT".into(),
            "peerMentorId".into(),
            "mentor_deactivated".into()
        ),
        "{body}"
    );
    let data = ok(
        &app,
        &coordinator,
        PROXY,
        json!({ "i": { "peerMentorId": ingrid, "activity": phone_call(&app) } }),
    )
    .await;
    assert_eq!(
        data["registerActivityForMentor"]["activity"]["userId"],
        json!(ingrid)
    );

    let template = json!({
        "localAssociationId": demo_id("la", "oslo"),
        "activityTypeId": demo_id("activity_type", "nhf:group_meeting"),
        "activityDate": (app.now() - Duration::hours(5)).to_rfc3339(),
        "location": "NHF Oslo",
    });
    let mut input = template.clone();
    input["entries"] = json!([{ "peerMentorId": ingrid }, { "peerMentorId": ola }]);
    let body = app
        .gql(Some(&coordinator), BULK, json!({ "i": input }))
        .await;
    let (code, field, rule) = error_rule(&body);
    assert_eq!(code, "BAD_USER_INPUT", "{body}");
    assert!(field.ends_with("peerMentorId"), "{body}");
    assert_eq!(rule, "mentor_deactivated", "{body}");
    // Nothing of the batch was registered for Ingrid either (one transaction).
    let mut input = template;
    input["entries"] = json!([{ "peerMentorId": ingrid }]);
    ok(&app, &coordinator, BULK, json!({ "i": input })).await;
}

const DOCUMENT: &str =
    "mutation($i: CreateActivityDocumentInput!) { createActivityDocument(input: $i) { id } }";

/// A pending group meeting of Ola's (NHF: group meetings require documentation).
async fn pending_group_meeting(app: &TestApp) -> Uuid {
    ola_activity(
        app,
        "group_meeting",
        app.now() - Duration::days(2),
        120,
        entity::activities::ActivityStatus::PendingReview,
        |am| {
            am.participant_count = Set(Some(6));
            am.location = Set(Some("NHF Oslo".into()));
        },
    )
    .await
}

fn document(activity: Uuid, n: usize) -> Value {
    json!({ "i": {
        "activityId": activity,
        "documentType": "ATTENDANCE_LIST",
        "fileName": format!("deltakerliste-{n}.pdf"),
        "storagePath": format!("documents/{activity}/{n}.pdf"),
        "mimeType": "application/pdf",
        "fileSizeBytes": 1000,
    } })
}

#[tokio::test]
async fn documentation_required_an_activity_needing_documents_is_approved_only_with_one() {
    let app = TestApp::spawn().await;
    let id = pending_group_meeting(&app).await;
    let coordinator = token(&app, COORDINATOR).await;
    let body = app
        .gql(Some(&coordinator), APPROVE, json!({ "id": id }))
        .await;
    assert_eq!(
        error_rule(&body),
        (
            "BAD_USER_INPUT".into(),
            "id".into(),
            "documentation_required".into()
        ),
        "{body}"
    );
    let ola = token(&app, OLA).await;
    ok(&app, &ola, DOCUMENT, document(id, 1)).await;
    let data = ok(&app, &coordinator, APPROVE, json!({ "id": id })).await;
    assert_eq!(data["approveActivity"]["activity"]["status"], "APPROVED");
}

#[tokio::test]
async fn documents_per_activity_at_most_five_also_when_created_at_once() {
    let app = TestApp::spawn().await;
    let id = pending_group_meeting(&app).await;
    let ola = token(&app, OLA).await;
    for n in 1..=4 {
        ok(&app, &ola, DOCUMENT, document(id, n)).await;
    }
    // Two at once for the last place: exactly one gets it.
    let (a, b) = tokio::join!(
        app.gql(Some(&ola), DOCUMENT, document(id, 5)),
        app.gql(Some(&ola), DOCUMENT, document(id, 6)),
    );
    let refused: Vec<_> = [&a, &b]
        .into_iter()
        .filter(|body| !body["errors"].is_null())
        .collect();
    assert_eq!(refused.len(), 1, "{a}\n{b}");
    assert_eq!(
        error_rule(refused[0]),
        (
            "BAD_USER_INPUT".into(),
            "activityId".into(),
            "documents_per_activity".into()
        )
    );
    let live = entity::activity_documents::Entity::find()
        .filter(entity::activity_documents::Column::ActivityId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(live.len(), 5);

    // Nor by moving another activity's document onto the full one.
    let other = pending_group_meeting(&app).await;
    let data = ok(&app, &ola, DOCUMENT, document(other, 7)).await;
    let moved = data["createActivityDocument"]["id"].clone();
    let body = app
        .gql(
            Some(&ola),
            "mutation($id: UUID!, $a: UUID!) { updateActivityDocument(id: $id, input: { activityId: $a }) { id } }",
            json!({ "id": moved, "a": id }),
        )
        .await;
    assert_eq!(error_rule(&body).2, "documents_per_activity", "{body}");
}

const SYNC: &str = "mutation($i: SyncOfflineActivityInput!) { syncOfflineActivity(input: $i) { activity { id durationMinutes } replayed conflict } }";

#[tokio::test]
async fn offline_sync_conflict_resolution_the_same_activity_from_a_second_device_returns_the_server_version()
 {
    let app = TestApp::spawn().await;
    let ola = token(&app, OLA).await;
    let call = phone_call(&app);
    let first = ok(
        &app,
        &ola,
        SYNC,
        json!({ "i": { "deviceId": "phone", "clientId": "p-1", "activity": call.clone() } }),
    )
    .await;
    let first = &first["syncOfflineActivity"];
    assert_eq!(first["replayed"], false);
    // The tablet logged the same call (other client id, another duration): the server's version
    // wins, is returned, and nothing new is written.
    let mut tablet = call.clone();
    tablet["durationMinutes"] = json!(40);
    let second = ok(
        &app,
        &ola,
        SYNC,
        json!({ "i": { "deviceId": "tablet", "clientId": "t-9", "activity": tablet } }),
    )
    .await;
    let second = &second["syncOfflineActivity"];
    assert_eq!(second["activity"]["id"], first["activity"]["id"]);
    assert_eq!(second["activity"]["durationMinutes"], 25);
    assert_eq!(second["conflict"], true);
    let id: Uuid = first["activity"]["id"].as_str().unwrap().parse().unwrap();
    let flags = entity::activity_flags::Entity::find()
        .filter(entity::activity_flags::Column::ActivityId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(flags.is_empty(), "no duplicate flag: {flags:?}");
    // The tablet's later replay of its own client id finds the same server version.
    let again = ok(
        &app,
        &ola,
        SYNC,
        json!({ "i": { "deviceId": "tablet", "clientId": "t-9", "activity": call.clone() } }),
    )
    .await;
    assert_eq!(
        again["syncOfflineActivity"]["activity"]["id"],
        first["activity"]["id"]
    );
    // The same device logging a second such call is a second activity.
    let third = ok(
        &app,
        &ola,
        SYNC,
        json!({ "i": { "deviceId": "phone", "clientId": "p-2", "activity": call } }),
    )
    .await;
    assert_ne!(
        third["syncOfflineActivity"]["activity"]["id"],
        first["activity"]["id"]
    );
    assert_eq!(third["syncOfflineActivity"]["conflict"], false);
}

const BULK_WARNED: &str = "mutation($i: BulkRegisterActivitiesInput!) { bulkRegisterActivities(input: $i) { activities { id userId } warnings { rule field } } }";

#[tokio::test]
async fn duplicate_detection_two_entries_of_one_batch_with_the_same_contact_are_flagged() {
    let app = TestApp::spawn().await;
    let coordinator = token(&app, COORDINATOR).await;
    let astrid = demo_id("contact", "nhf:astrid-solberg");
    let input = json!({
        "localAssociationId": demo_id("la", "oslo"),
        "activityTypeId": demo_id("activity_type", "nhf:home_visit"),
        "activityDate": (app.now() - Duration::hours(30)).to_rfc3339(),
        "location": "Hjemme hos Astrid",
        "entries": [
            { "peerMentorId": demo_id("user", OLA), "contactId": astrid },
            { "peerMentorId": demo_id("user", INGRID), "contactId": astrid },
        ],
    });
    let data = ok(&app, &coordinator, BULK_WARNED, json!({ "i": input })).await;
    let payload = &data["bulkRegisterActivities"];
    let warned: Vec<&Value> = payload["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["rule"] == "duplicate_detection")
        .collect();
    assert!(!warned.is_empty(), "{payload}");
    let second: Uuid = payload["activities"][1]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let flags = entity::activity_flags::Entity::find()
        .filter(entity::activity_flags::Column::ActivityId.eq(second))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(flags.len(), 1, "{flags:?}");
}
