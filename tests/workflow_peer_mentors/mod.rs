//! Peer mentor lifecycle (seed 002) over HTTP: one test per named rule (validation and
//! business rules), every status change in `peer_mentor_availability`, the scheduled jobs (in
//! the server, from the library and through `jobs run`), `matchPeerMentors`, and concurrent
//! pauses.

use crate::common;

use chrono::Duration;
use common::{TestApp, demo_id, error_code};
use meander_gateway::workflows::{jobs, peer_mentors as lifecycle};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::{Value, json};
use uuid::Uuid;

use entity::{
    assignment_honorarium_records as records, geographic_locations as locations,
    honorarium_thresholds as thresholds, notifications, peer_mentor_availability as availability,
    peer_mentor_profiles as profiles, report_periods, user_roles,
};

const PAUSE: &str = "mutation($i: PausePeerMentorInput!) { pausePeerMentor(input: $i) { profile { id status pauseReason pausedAt resumeAt } warnings { rule } } }";
const RESUME: &str =
    "mutation($id: UUID!) { resumePeerMentor(profileId: $id) { profile { id status pausedAt } } }";
const DEACTIVATE: &str = "mutation($i: DeactivatePeerMentorInput!) { deactivatePeerMentor(input: $i) { profile { id status } } }";
const DETAILS: &str = "mutation($id: UUID!, $i: UpdatePeerMentorDetailsInput!) { updatePeerMentorDetails(profileId: $id, input: $i) { profile { id referralCode yearsOfExperience specializations certificationExpiryDate certificationStatus consentGivenAt consentVersion acceptsEncryptedAssignments isVisibleOnMap geographicLocationId } warnings { rule field message } } }";
const COUNT: &str = "mutation($i: SetPeerMentorAssignmentCountInput!) { setPeerMentorAssignmentCount(input: $i) { profile { assignmentCountCurrentPeriod } honorariumRecords { assignmentCount amountOre periodStart coordinatorNotifiedAt status } } }";
const ASSIGN: &str = "mutation($u: UUID!, $r: UUID!, $la: UUID) { assignRole(userId: $u, roleId: $r, localAssociationId: $la) { userRole { id userId localAssociationId } peerMentorProfile { id status } } }";
const REVOKE: &str = "mutation($id: UUID!) { revokeRole(userRoleId: $id) { userRole { id revokedAt } peerMentorProfile { id status } } }";
const MATCH: &str = "query($f: MatchPeerMentorsFilter) { matchPeerMentors(filter: $f) { profile { id userId } distanceKm matchedSpecializations } }";

const NHF_ADMIN: &str = "nhf.admin@meander.dev";
const NHF_COORDINATOR: &str = "nhf.coordinator@meander.dev";
const NHF_BERGEN_COORDINATOR: &str = "nhf.coordinator.bergen@meander.dev";
const OLA: &str = "nhf.mentor@meander.dev";
const INGRID: &str = "nhf.mentor2@meander.dev";

fn profile(key: &str) -> Uuid {
    demo_id("peer_mentor_profile", key)
}

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

fn role(key: &str) -> Uuid {
    meander_gateway::seed::catalog_id("role", key)
}

/// (field, rule) of the first error.
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

async fn pause(app: &TestApp, token: &str, profile: Uuid, reason: Option<&str>) -> Value {
    app.gql(
        Some(token),
        PAUSE,
        json!({ "i": { "profileId": profile, "pauseReason": reason } }),
    )
    .await
}

async fn details(app: &TestApp, token: &str, profile: Uuid, input: Value) -> Value {
    app.gql(Some(token), DETAILS, json!({ "id": profile, "i": input }))
        .await
}

async fn load(app: &TestApp, id: Uuid) -> profiles::Model {
    profiles::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn edit(app: &TestApp, id: Uuid, f: impl FnOnce(&mut profiles::ActiveModel)) {
    let mut am: profiles::ActiveModel = load(app, id).await.into();
    f(&mut am);
    am.update(&app.db).await.unwrap();
}

/// The mentor's certification ran out at `at`: the profile says so, and so do their
/// certification records (`certification_drives_profile` would renew a profile whose records
/// run longer).
async fn expire_certification(app: &TestApp, id: Uuid, at: chrono::DateTime<chrono::Utc>) {
    let p = load(app, id).await;
    let yesterday = (at - Duration::days(1)).date_naive();
    entity::certifications::Entity::update_many()
        .col_expr(
            entity::certifications::Column::ExpiresOn,
            sea_orm::sea_query::Expr::value(Some(yesterday)),
        )
        .col_expr(
            entity::certifications::Column::Status,
            sea_orm::sea_query::Expr::value(entity::certifications::CertificationStatus::Expired),
        )
        .filter(entity::certifications::Column::UserId.eq(p.user_id))
        .filter(entity::certifications::Column::OrganizationId.eq(p.organization_id))
        .exec(&app.db)
        .await
        .unwrap();
    edit(app, id, |p| p.certification_expiry_date = Set(Some(at))).await;
}

async fn history(app: &TestApp, id: Uuid) -> Vec<availability::Model> {
    availability::Entity::find()
        .filter(availability::Column::PeerMentorProfileId.eq(id))
        .order_by_asc(availability::Column::EffectiveFrom)
        .order_by_asc(availability::Column::CreatedAt)
        .all(&app.db)
        .await
        .unwrap()
}

async fn notifications_of(app: &TestApp, user: Uuid, related: Uuid) -> Vec<notifications::Model> {
    notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user))
        .filter(notifications::Column::RelatedEntityId.eq(related))
        .all(&app.db)
        .await
        .unwrap()
}

/// Gives Ingrid (Oslo, paused in the demo) a consented location in Bærum, shown on the map.
async fn place_ingrid(app: &TestApp) -> Uuid {
    let now = app.now();
    let loc = locations::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(demo_id("org", "nhf")),
        user_id: Set(user(INGRID)),
        area_name: Set(Some("Sandvika, Bærum".into())),
        municipality: Set(Some("Bærum".into())),
        latitude: Set(Some(59.8896)),
        longitude: Set(Some(10.5236)),
        precision_meters: Set(Some(500)),
        source: Set(locations::GeographicLocationSource::Manual),
        consent_given_at: Set(Some(now - Duration::days(3))),
        consent_version: Set(Some("gdpr-lokasjon-2024".into())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    edit(app, profile("nhf-ingrid"), |p| {
        p.geographic_location_id = Set(Some(loc.id));
        p.is_visible_on_map = Set(true);
    })
    .await;
    loc.id
}

mod assignments;
mod history;
mod roles;
mod validation;
