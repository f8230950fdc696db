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

// ---------------------------------------------------------------------------------------------
// Validation rules

#[tokio::test]
async fn status_transition_guard_refuses_transitions_outside_the_lifecycle() {
    let app = TestApp::spawn().await;
    let coordinator = app.token(NHF_COORDINATOR).await;
    let ola = profile("nhf-ola");

    // Active mentors cannot be resumed.
    let body = app
        .gql(Some(&coordinator), RESUME, json!({ "id": ola }))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(rule(&body), ("status", "status_transition_guard"));

    // Paused once, not twice.
    ok(&pause(&app, &coordinator, ola, Some("Ferie")).await);
    let body = pause(&app, &coordinator, ola, Some("Ferie")).await;
    assert_eq!(rule(&body), ("status", "status_transition_guard"), "{body}");

    // Inactive mentors come back only through the peer_mentor role.
    let ingrid = profile("nhf-ingrid");
    let body = app
        .gql(
            Some(&coordinator),
            DEACTIVATE,
            json!({ "i": { "profileId": ingrid, "reason": "Sluttet" } }),
        )
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["deactivatePeerMentor"]["profile"]["status"],
        "INACTIVE"
    );
    for (query, vars) in [
        (RESUME, json!({ "id": ingrid })),
        (PAUSE, json!({ "i": { "profileId": ingrid } })),
        (DEACTIVATE, json!({ "i": { "profileId": ingrid } })),
    ] {
        let body = app.gql(Some(&coordinator), query, vars).await;
        assert_eq!(rule(&body), ("status", "status_transition_guard"), "{body}");
    }
    // The mentor cannot deactivate themselves; that is the organization's decision.
    let mentor = app.token(OLA).await;
    let body = app
        .gql(
            Some(&mentor),
            DEACTIVATE,
            json!({ "i": { "profileId": ola } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn pause_reason_length_rejects_more_than_500_characters() {
    let app = TestApp::spawn().await;
    let mentor = app.token(OLA).await;
    let ola = profile("nhf-ola");
    let body = pause(&app, &mentor, ola, Some(&"x".repeat(501))).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(rule(&body), ("pauseReason", "pause_reason_length"));
    // Nothing was written.
    assert_eq!(
        load(&app, ola).await.status,
        profiles::PeerMentorStatus::Active
    );
    assert_eq!(history(&app, ola).await.len(), 1);

    let body = pause(&app, &mentor, ola, Some(&"x".repeat(500))).await;
    ok(&body);
    let p = &body["data"]["pausePeerMentor"]["profile"];
    assert_eq!(p["status"], "PAUSED");
    assert_eq!(p["pauseReason"].as_str().unwrap().len(), 500);
    assert!(p["pausedAt"].is_string());
}

#[tokio::test]
async fn certification_expiry_future_date_rejects_a_date_in_the_past() {
    let app = TestApp::spawn().await;
    let admin = app.token(NHF_ADMIN).await;
    let ola = profile("nhf-ola");
    let yesterday = app.now() - Duration::days(1);
    let body = details(
        &app,
        &admin,
        ola,
        json!({ "certificationExpiryDate": yesterday }),
    )
    .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        rule(&body),
        (
            "certificationExpiryDate",
            "certification_expiry_future_date"
        )
    );

    let next_year = app.now() + Duration::days(365);
    let body = details(
        &app,
        &admin,
        ola,
        json!({ "certificationExpiryDate": next_year }),
    )
    .await;
    ok(&body);
    // Certification data is the organization's: the mentor cannot extend it.
    let mentor = app.token(OLA).await;
    let body = details(
        &app,
        &mentor,
        ola,
        json!({ "certificationExpiryDate": next_year }),
    )
    .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn referral_code_format_rejects_malformed_codes() {
    let app = TestApp::spawn().await;
    let mentor = app.token(OLA).await;
    let ola = profile("nhf-ola");
    for bad in [
        "AB",
        "lower-case",
        "-ABC",
        "ABC-",
        "WITH SPACE",
        &"A".repeat(33),
    ] {
        let body = details(&app, &mentor, ola, json!({ "referralCode": bad })).await;
        assert_eq!(
            rule(&body),
            ("referralCode", "referral_code_format"),
            "{bad}: {body}"
        );
    }
    let body = details(&app, &mentor, ola, json!({ "referralCode": "OLA-2026" })).await;
    ok(&body);
    assert_eq!(
        body["data"]["updatePeerMentorDetails"]["profile"]["referralCode"],
        "OLA-2026"
    );
    // Unique within the organization (Lars's code in NHF); another tenant's code (Anne's in
    // Blindeforbundet) is no answer to learn: it is taken like any free one.
    let body = details(&app, &mentor, ola, json!({ "referralCode": "LARS-BGO" })).await;
    assert_eq!(error_code(&body), "CONFLICT", "{body}");
    let body = details(&app, &mentor, ola, json!({ "referralCode": "ANNE-TRD-01" })).await;
    ok(&body);
}

#[tokio::test]
async fn assignment_count_non_negative_rejects_a_negative_count() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let anne = profile("blind-anne");
    let body = app
        .gql(
            Some(&coordinator),
            COUNT,
            json!({ "i": { "profileId": anne, "count": -1 } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(rule(&body), ("count", "assignment_count_non_negative"));
    assert_eq!(load(&app, anne).await.assignment_count_current_period, 14);

    let body = app
        .gql(
            Some(&coordinator),
            COUNT,
            json!({ "i": { "profileId": anne, "count": 0, "reason": "Feilregistrering" } }),
        )
        .await;
    ok(&body);
    // A mentor never corrects their own counter.
    let mentor = app.token("blind.mentor@meander.dev").await;
    let body = app
        .gql(
            Some(&mentor),
            COUNT,
            json!({ "i": { "profileId": anne, "count": 20 } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn consent_version_required_with_timestamp_pairs_the_two_fields() {
    let app = TestApp::spawn().await;
    let mentor = app.token(OLA).await;
    let ola = profile("nhf-ola");
    let now = app.now();
    let body = details(&app, &mentor, ola, json!({ "consentGivenAt": now })).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        rule(&body),
        ("consentVersion", "consent_version_required_with_timestamp")
    );
    let body = details(&app, &mentor, ola, json!({ "consentVersion": "v3" })).await;
    assert_eq!(
        rule(&body),
        ("consentGivenAt", "consent_version_required_with_timestamp"),
        "{body}"
    );
    let body = details(
        &app,
        &mentor,
        ola,
        json!({ "consentGivenAt": now, "consentVersion": "  " }),
    )
    .await;
    assert_eq!(
        rule(&body),
        ("consentVersion", "consent_version_required_with_timestamp"),
        "{body}"
    );
    let body = details(
        &app,
        &mentor,
        ola,
        json!({ "consentGivenAt": now, "consentVersion": "kryptert-oppdrag-v3" }),
    )
    .await;
    ok(&body);
    assert_eq!(
        body["data"]["updatePeerMentorDetails"]["profile"]["consentVersion"],
        "kryptert-oppdrag-v3"
    );
}

#[tokio::test]
async fn years_of_experience_range_accepts_0_to_80() {
    let app = TestApp::spawn().await;
    let mentor = app.token(OLA).await;
    let ola = profile("nhf-ola");
    for bad in [-1, 81, 1000] {
        let body = details(&app, &mentor, ola, json!({ "yearsOfExperience": bad })).await;
        assert_eq!(
            rule(&body),
            ("yearsOfExperience", "years_of_experience_range"),
            "{bad}: {body}"
        );
    }
    for good in [0, 80] {
        let body = details(&app, &mentor, ola, json!({ "yearsOfExperience": good })).await;
        ok(&body);
        assert_eq!(
            body["data"]["updatePeerMentorDetails"]["profile"]["yearsOfExperience"],
            good
        );
    }
}

#[tokio::test]
async fn specializations_known_values_warns_without_rejecting() {
    let app = TestApp::spawn().await;
    let mentor = app.token(OLA).await;
    let ola = profile("nhf-ola");
    let body = details(
        &app,
        &mentor,
        ola,
        json!({ "specializations": ["stroke", "Juggling", "stroke"] }),
    )
    .await;
    ok(&body);
    let payload = &body["data"]["updatePeerMentorDetails"];
    // Saved (normalized, deduplicated) despite the unknown tag.
    assert_eq!(
        payload["profile"]["specializations"],
        json!(["stroke", "juggling"])
    );
    let warnings = payload["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{payload}");
    assert_eq!(warnings[0]["rule"], "specializations_known_values");
    assert_eq!(warnings[0]["field"], "specializations");
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .contains("juggling")
    );

    let body = details(&app, &mentor, ola, json!({ "specializations": ["stroke"] })).await;
    assert_eq!(
        body["data"]["updatePeerMentorDetails"]["warnings"],
        json!([])
    );
}

#[tokio::test]
async fn tenant_isolation_keeps_references_and_rows_inside_the_organization() {
    let app = TestApp::spawn().await;
    let admin = app.token(NHF_ADMIN).await;
    let ola = profile("nhf-ola");

    // A location of another organization, or of another mentor: refused alike.
    for loc in [
        demo_id("geographic_location", "blind-anne"),
        demo_id("geographic_location", "nhf-lars"),
        Uuid::new_v4(),
    ] {
        let body = details(&app, &admin, ola, json!({ "geographicLocationId": loc })).await;
        assert_eq!(
            rule(&body),
            ("geographicLocationId", "tenant_isolation"),
            "{body}"
        );
    }
    // Another organization's profile does not exist for this viewer.
    let coordinator = app.token(NHF_COORDINATOR).await;
    let body = pause(&app, &coordinator, profile("blind-anne"), None).await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    let body = details(&app, &admin, profile("blind-anne"), json!({ "bio": "x" })).await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    // Roles only for members of the organization, in its own local associations.
    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": user("blind.mentor@meander.dev"), "r": role("peer_mentor") }),
        )
        .await;
    assert_eq!(rule(&body), ("userId", "tenant_isolation"), "{body}");
    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": user(NHF_BERGEN_COORDINATOR), "r": role("peer_mentor"), "la": demo_id("la", "trondheim") }),
        )
        .await;
    assert_eq!(
        rule(&body),
        ("localAssociationId", "tenant_isolation"),
        "{body}"
    );
    let body = app
        .gql(
            Some(&admin),
            REVOKE,
            json!({ "id": demo_id("user_role", "blind.mentor@meander.dev:blindeforbundet:peer_mentor") }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    assert_eq!(
        load(&app, profile("blind-anne")).await.status,
        profiles::PeerMentorStatus::Active
    );
}

// ---------------------------------------------------------------------------------------------
// Business rules

#[tokio::test]
async fn one_profile_per_peer_mentor_role_assignment_creates_and_revocation_deactivates() {
    let app = TestApp::spawn().await;
    let admin = app.token(NHF_ADMIN).await;
    let bjorn = user(NHF_BERGEN_COORDINATOR);
    let nhf = demo_id("org", "nhf");
    let live = || {
        profiles::Entity::find()
            .filter(profiles::Column::UserId.eq(bjorn))
            .filter(profiles::Column::OrganizationId.eq(nhf))
            .filter(profiles::Column::DeletedAt.is_null())
            .count(&app.db)
    };
    assert_eq!(live().await.unwrap(), 0);

    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": bjorn, "r": role("peer_mentor"), "la": demo_id("la", "bergen") }),
        )
        .await;
    ok(&body);
    let payload = &body["data"]["assignRole"];
    assert_eq!(payload["userRole"]["userId"], json!(bjorn));
    assert_eq!(payload["peerMentorProfile"]["status"], "ACTIVE");
    let profile_id: Uuid = payload["peerMentorProfile"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let first_role = payload["userRole"]["id"].as_str().unwrap().to_string();
    assert_eq!(live().await.unwrap(), 1);
    let created = load(&app, profile_id).await;
    assert_eq!(created.assignment_count_current_period, 0);
    assert!(created.assignment_period_start.is_some());
    assert_eq!(
        created.certification_status,
        profiles::PeerMentorCertificationStatus::Pending
    );
    assert_eq!(history(&app, profile_id).await.len(), 1);

    // The same assignment twice is a conflict; a second peer_mentor role keeps one profile.
    let again = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": bjorn, "r": role("peer_mentor"), "la": demo_id("la", "bergen") }),
        )
        .await;
    assert_eq!(error_code(&again), "CONFLICT", "{again}");
    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": bjorn, "r": role("peer_mentor") }),
        )
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["assignRole"]["peerMentorProfile"]["id"],
        json!(profile_id)
    );
    let second_role = body["data"]["assignRole"]["userRole"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(live().await.unwrap(), 1);

    // Revoking one of two peer_mentor roles keeps the profile active; the last one deactivates.
    let body = app
        .gql(Some(&admin), REVOKE, json!({ "id": first_role }))
        .await;
    ok(&body);
    assert!(body["data"]["revokeRole"]["userRole"]["revokedAt"].is_string());
    assert_eq!(
        body["data"]["revokeRole"]["peerMentorProfile"]["status"],
        "ACTIVE"
    );
    let body = app
        .gql(Some(&admin), REVOKE, json!({ "id": second_role }))
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["revokeRole"]["peerMentorProfile"]["status"],
        "INACTIVE"
    );
    let again = app
        .gql(Some(&admin), REVOKE, json!({ "id": second_role }))
        .await;
    assert_eq!(error_code(&again), "CONFLICT", "{again}");
    let rows = history(&app, profile_id).await;
    let last = rows.last().unwrap();
    assert_eq!(last.status, profiles::PeerMentorStatus::Inactive);
    assert_eq!(
        last.source,
        availability::PeerMentorAvailabilitySource::System
    );

    // Assigning the role again reactivates the same profile.
    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": bjorn, "r": role("peer_mentor") }),
        )
        .await;
    ok(&body);
    assert_eq!(
        body["data"]["assignRole"]["peerMentorProfile"],
        json!({ "id": profile_id, "status": "ACTIVE" })
    );
    assert_eq!(live().await.unwrap(), 1);
}

#[tokio::test]
async fn assign_role_never_escalates() {
    let app = TestApp::spawn().await;
    let bjorn = user(NHF_BERGEN_COORDINATOR);
    // Without MANAGE_ROLES.
    let coordinator = app.token(NHF_COORDINATOR).await;
    let body = app
        .gql(
            Some(&coordinator),
            ASSIGN,
            json!({ "u": bjorn, "r": role("peer_mentor") }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // Never a platform role.
    let admin = app.token(NHF_ADMIN).await;
    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": bjorn, "r": role("global_admin") }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // Never a role granting a permission the assigner lacks: the org takes APPROVE_ACTIVITIES
    // from its org admins, who then cannot hand out the coordinator role that has it.
    let body = app
        .gql(
            Some(&admin),
            "mutation($r: UUID!) { setRolePermission(roleId: $r, permission: \"APPROVE_ACTIVITIES\", granted: false) { key } }",
            json!({ "r": role("org_admin") }),
        )
        .await;
    ok(&body);
    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": user(INGRID), "r": role("coordinator"), "la": demo_id("la", "oslo") }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("APPROVE_ACTIVITIES"),
        "{body}"
    );
    // Nothing was written by the refused attempts.
    let held = user_roles::Entity::find()
        .filter(user_roles::Column::UserId.is_in([bjorn, user(INGRID)]))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(held, 2, "only the demo roles remain");
}

#[tokio::test]
async fn auto_pause_on_certification_expiry_pauses_notifies_and_is_idempotent() {
    let app = TestApp::spawn().await;
    let ola = profile("nhf-ola");
    expire_certification(&app, ola, app.now() - Duration::hours(1)).await;

    let first = jobs::run_once(&app.db, app.now()).await.unwrap();
    assert_eq!(first.auto_paused, 1, "{first}");
    let second = jobs::run_once(&app.db, app.now()).await.unwrap();
    assert_eq!(second.changes(), 0, "second run: {second}");

    let p = load(&app, ola).await;
    assert_eq!(p.status, profiles::PeerMentorStatus::AutoPaused);
    assert_eq!(
        p.certification_status,
        profiles::PeerMentorCertificationStatus::Expired
    );
    assert!(p.paused_at.is_some());
    let last = history(&app, ola).await.pop().unwrap();
    assert_eq!(
        (last.previous_status, last.status, last.source),
        (
            Some(profiles::PeerMentorStatus::Active),
            profiles::PeerMentorStatus::AutoPaused,
            availability::PeerMentorAvailabilitySource::CertificationExpiry
        )
    );
    let notes = notifications_of(&app, user(NHF_COORDINATOR), ola).await;
    assert_eq!(notes.len(), 1);
    assert_eq!(
        notes[0].category,
        notifications::NotificationCategory::Certification
    );

    // Resuming needs a renewed certification.
    let mentor = app.token(OLA).await;
    let body = app.gql(Some(&mentor), RESUME, json!({ "id": ola })).await;
    assert_eq!(rule(&body), ("status", "status_transition_guard"), "{body}");
    let admin = app.token(NHF_ADMIN).await;
    let body = details(
        &app,
        &admin,
        ola,
        json!({ "certificationExpiryDate": app.now() + Duration::days(700) }),
    )
    .await;
    ok(&body);
    assert_eq!(
        body["data"]["updatePeerMentorDetails"]["profile"]["certificationStatus"],
        "VALID"
    );
    let body = app.gql(Some(&mentor), RESUME, json!({ "id": ola })).await;
    ok(&body);
    assert_eq!(
        body["data"]["resumePeerMentor"]["profile"]["status"],
        "ACTIVE"
    );
    // Not-required certifications never pause.
    edit(&app, ola, |p| {
        p.certification_expiry_date = Set(Some(app.now() - Duration::hours(1)));
        p.certification_status = Set(profiles::PeerMentorCertificationStatus::NotRequired);
    })
    .await;
    let third = jobs::run_once(&app.db, app.now()).await.unwrap();
    assert_eq!(third.auto_paused, 0, "{third}");
}

#[tokio::test]
async fn assignment_threshold_honorar_records_each_crossing_once_per_period() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let anne = profile("blind-anne");
    let blind = demo_id("org", "blindeforbundet");
    let now = app.now();
    // A known period and count, and a third threshold from the organization's table.
    let start = lifecycle::current_period_start(&app.db, blind, now)
        .await
        .unwrap();
    edit(&app, anne, |p| {
        p.assignment_period_start = Set(Some(start));
        p.assignment_count_current_period = Set(2);
    })
    .await;
    thresholds::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(blind),
        name: Set("Milepæl 7".into()),
        assignment_count: Set(7),
        kind: Set(thresholds::HonorariumThresholdKind::NotificationOnly),
        rate_amount_ore: Set(None),
        notify_coordinator: Set(false),
        is_active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let set = |count: i32| {
        app.gql(
            Some(&coordinator),
            COUNT,
            json!({ "i": { "profileId": anne, "count": count } }),
        )
    };
    let crossed = |body: &Value| -> Vec<i64> {
        body["data"]["setPeerMentorAssignmentCount"]["honorariumRecords"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["amountOre"].as_i64().unwrap_or(0))
            .collect()
    };

    // 2 -> 3: the office honorarium (3rd assignment), with its amount; coordinators notified.
    let body = set(3).await;
    ok(&body);
    assert_eq!(crossed(&body), vec![30_000], "{body}");
    let record = &body["data"]["setPeerMentorAssignmentCount"]["honorariumRecords"][0];
    assert_eq!(record["status"], "PENDING");
    // The period starts on the organization's day (Oslo), not the UTC day of its first instant.
    assert_eq!(
        record["periodStart"],
        json!(start.with_timezone(&chrono_tz::Europe::Oslo).date_naive())
    );
    assert!(record["coordinatorNotifiedAt"].is_string());
    // 3 -> 16: the 7 milestone (no amount) and the higher rate (15th).
    let body = set(16).await;
    assert_eq!(crossed(&body), vec![0, 45_000], "{body}");
    // Down and up again in the same period: nothing new.
    ok(&set(2).await);
    let body = set(16).await;
    assert_eq!(crossed(&body), Vec::<i64>::new(), "{body}");

    let in_period = records::Entity::find()
        .filter(records::Column::UserId.eq(user("blind.mentor@meander.dev")))
        .filter(
            records::Column::PeriodStart
                .eq(start.with_timezone(&chrono_tz::Europe::Oslo).date_naive()),
        )
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(in_period, 3);
    let notified = notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user("blind.coordinator@meander.dev")))
        .filter(notifications::Column::RelatedEntityType.eq("assignment_honorarium_records"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(notified, 2, "thresholds 3 and 15 notify, 7 does not");

    // The counting function other workflows call: 16 -> 17 crosses nothing.
    let txn = sea_orm::TransactionTrait::begin(&app.db).await.unwrap();
    let (p, crossings) = lifecycle::count_completed_assignment(
        &txn,
        None,
        blind,
        user("blind.mentor@meander.dev"),
        None,
        app.now(),
    )
    .await
    .unwrap()
    .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(
        (p.assignment_count_current_period, crossings.len()),
        (17, 0)
    );
}

#[tokio::test]
async fn encrypted_assignment_consent_gate_requires_consent_before_accepting() {
    let app = TestApp::spawn().await;
    let mentor = app.token(OLA).await;
    let coordinator = app.token(NHF_COORDINATOR).await;
    let ola = profile("nhf-ola");
    let nhf = demo_id("org", "nhf");

    let body = details(
        &app,
        &mentor,
        ola,
        json!({ "acceptsEncryptedAssignments": true }),
    )
    .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        rule(&body),
        (
            "acceptsEncryptedAssignments",
            "encrypted_assignment_consent_gate"
        )
    );
    // Dispatch is refused while the flag is off.
    let gate =
        lifecycle::ensure_can_receive_encrypted_assignment(&app.db, nhf, user(OLA), "recipientId")
            .await
            .unwrap_err();
    assert!(
        matches!(&gate, meander_gateway::error::ApiError::BadUserInput { rule, field, .. } if rule == "encrypted_assignment_consent_gate" && field == "recipientId"),
        "{gate:?}"
    );
    let only_consenting = json!({ "f": { "acceptsEncryptedAssignments": true } });
    let body = app
        .gql(Some(&coordinator), MATCH, only_consenting.clone())
        .await;
    assert_eq!(body["data"]["matchPeerMentors"], json!([]), "{body}");

    // Consent is the mentor's own: a coordinator cannot give it.
    let consent = json!({
        "consentGivenAt": app.now(),
        "consentVersion": "kryptert-oppdrag-v2",
        "acceptsEncryptedAssignments": true,
    });
    let body = details(&app, &coordinator, ola, consent.clone()).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = details(&app, &mentor, ola, consent).await;
    ok(&body);
    assert_eq!(
        body["data"]["updatePeerMentorDetails"]["profile"]["acceptsEncryptedAssignments"],
        true
    );
    lifecycle::ensure_can_receive_encrypted_assignment(&app.db, nhf, user(OLA), "recipientId")
        .await
        .unwrap();
    let body = app.gql(Some(&coordinator), MATCH, only_consenting).await;
    assert_eq!(
        body["data"]["matchPeerMentors"][0]["profile"]["id"],
        json!(ola)
    );
    // Withdrawing consent while still accepting is refused; withdrawing both works.
    let body = details(
        &app,
        &mentor,
        ola,
        json!({ "consentGivenAt": null, "consentVersion": null }),
    )
    .await;
    assert_eq!(
        rule(&body),
        (
            "acceptsEncryptedAssignments",
            "encrypted_assignment_consent_gate"
        )
    );
    let body = details(
        &app,
        &mentor,
        ola,
        json!({ "consentGivenAt": null, "consentVersion": null, "acceptsEncryptedAssignments": false }),
    )
    .await;
    ok(&body);
}

#[tokio::test]
async fn paused_mentor_hidden_from_assignment_matching() {
    let app = TestApp::spawn().await;
    let coordinator = app.token(NHF_COORDINATOR).await;
    place_ingrid(&app).await;
    let ids = |body: &Value| -> Vec<Value> {
        body["data"]["matchPeerMentors"]
            .as_array()
            .unwrap_or_else(|| panic!("{body}"))
            .iter()
            .map(|m| m["profile"]["id"].clone())
            .collect()
    };
    // Ingrid is paused: hidden although she is on the map.
    let body = app.gql(Some(&coordinator), MATCH, json!({})).await;
    assert_eq!(ids(&body), vec![json!(profile("nhf-ola"))], "{body}");

    let body = app
        .gql(
            Some(&coordinator),
            RESUME,
            json!({ "id": profile("nhf-ingrid") }),
        )
        .await;
    ok(&body);
    let body = app.gql(Some(&coordinator), MATCH, json!({})).await;
    assert_eq!(ids(&body).len(), 2, "{body}");

    // Pausing Ola hides him; so does the auto-pause.
    let mentor = app.token(OLA).await;
    ok(&pause(&app, &mentor, profile("nhf-ola"), None).await);
    let body = app.gql(Some(&coordinator), MATCH, json!({})).await;
    assert_eq!(ids(&body), vec![json!(profile("nhf-ingrid"))], "{body}");
    expire_certification(
        &app,
        profile("nhf-ingrid"),
        app.now() - Duration::minutes(5),
    )
    .await;
    jobs::run_once(&app.db, app.now()).await.unwrap();
    let body = app.gql(Some(&coordinator), MATCH, json!({})).await;
    assert_eq!(ids(&body), Vec::<Value>::new(), "{body}");
}

#[tokio::test]
async fn coordinator_notified_on_pause_reaches_each_coordinator_of_the_mentor() {
    let app = TestApp::spawn().await;
    let admin = app.token(NHF_ADMIN).await;
    // Bjørn (Bergen) also coordinates Oslo through a role narrowed to it.
    let body = app
        .gql(
            Some(&admin),
            ASSIGN,
            json!({ "u": user(NHF_BERGEN_COORDINATOR), "r": role("coordinator"), "la": demo_id("la", "oslo") }),
        )
        .await;
    ok(&body);
    assert!(body["data"]["assignRole"]["peerMentorProfile"].is_null());

    let mentor = app.token(OLA).await;
    let ola = profile("nhf-ola");
    ok(&pause(&app, &mentor, ola, Some("Innlagt på sykehus")).await);
    let kari = notifications_of(&app, user(NHF_COORDINATOR), ola).await;
    assert_eq!(kari.len(), 1);
    assert!(kari[0].body.contains("Innlagt på sykehus"), "{:?}", kari[0]);
    assert_eq!(kari[0].organization_id, demo_id("org", "nhf"));
    assert_eq!(kari[0].created_by_id, Some(user(OLA)));
    assert_eq!(
        notifications_of(&app, user(NHF_BERGEN_COORDINATOR), ola)
            .await
            .len(),
        1
    );
    // Not the org admin, not the mentor, not coordinators of other associations or orgs.
    for other in [
        NHF_ADMIN,
        OLA,
        "hlf.coordinator@meander.dev",
        "blind.coordinator@meander.dev",
    ] {
        assert!(
            notifications_of(&app, user(other), ola).await.is_empty(),
            "{other}"
        );
    }
    // The coordinator reads it through the API.
    let coordinator = app.token(NHF_COORDINATOR).await;
    let body = app
        .gql(
            Some(&coordinator),
            "query($id: UUID!) { notification(id: $id) { title category } }",
            json!({ "id": kari[0].id }),
        )
        .await;
    assert!(
        body["data"]["notification"]["title"]
            .as_str()
            .is_some_and(|t| t.contains("paused")),
        "{body}"
    );
    // Resuming notifies nobody.
    ok(&app.gql(Some(&mentor), RESUME, json!({ "id": ola })).await);
    assert_eq!(
        notifications_of(&app, user(NHF_COORDINATOR), ola)
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn assignment_count_period_reset_at_the_report_period_boundary() {
    let app = TestApp::spawn().await;
    let nhf = demo_id("org", "nhf");
    let ola = profile("nhf-ola");
    let now = app.now();
    // A Bufdir period that started ten days ago is the organization's current period.
    let boundary = now.date_naive() - Duration::days(10);
    report_periods::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(nhf),
        name: Set("Bufdir testperiode".into()),
        period_start: Set(boundary),
        period_end: Set(boundary + Duration::days(180)),
        status: Set(report_periods::ReportPeriodStatus::Open),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    edit(&app, ola, |p| {
        p.assignment_period_start = Set(Some(now - Duration::days(40)));
        p.assignment_count_current_period = Set(9);
    })
    .await;

    let first = jobs::run_once(&app.db, now).await.unwrap();
    assert!(first.periods_reset >= 1, "{first}");
    let p = load(&app, ola).await;
    assert_eq!(p.assignment_count_current_period, 0);
    assert_eq!(
        p.assignment_period_start
            .map(|d| d.with_timezone(&chrono_tz::Europe::Oslo).date_naive()),
        Some(boundary)
    );
    // The crossing of the old period is closed the day before the boundary.
    let old = records::Entity::find_by_id(demo_id("assignment_honorarium_record", "nhf-ola-10"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(old.period_end, boundary.pred_opt());
    // Idempotent: the second run resets nothing.
    let second = jobs::run_once(&app.db, now).await.unwrap();
    assert_eq!(second.changes(), 0, "{second}");
    assert_eq!(
        load(&app, ola).await.assignment_period_start,
        p.assignment_period_start
    );
}

#[tokio::test]
async fn map_visibility_requires_location() {
    let app = TestApp::spawn().await;
    // Ingrid has no location.
    let ingrid_token = app.token(INGRID).await;
    let body = details(
        &app,
        &ingrid_token,
        profile("nhf-ingrid"),
        json!({ "isVisibleOnMap": true }),
    )
    .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        rule(&body),
        ("isVisibleOnMap", "map_visibility_requires_location")
    );
    // Lars withdrew his location consent: his location cannot put him on the map.
    let lars = app.token("nhf.mentor.bergen@meander.dev").await;
    let body = details(
        &app,
        &lars,
        profile("nhf-lars"),
        json!({ "isVisibleOnMap": true }),
    )
    .await;
    assert_eq!(
        rule(&body),
        ("isVisibleOnMap", "map_visibility_requires_location")
    );
    // Ola is on the map: his location cannot be removed while he stays visible.
    let ola = app.token(OLA).await;
    let body = details(
        &app,
        &ola,
        profile("nhf-ola"),
        json!({ "geographicLocationId": null }),
    )
    .await;
    assert_eq!(
        rule(&body),
        ("isVisibleOnMap", "map_visibility_requires_location")
    );
    let body = details(
        &app,
        &ola,
        profile("nhf-ola"),
        json!({ "geographicLocationId": null, "isVisibleOnMap": false }),
    )
    .await;
    ok(&body);
    // With her own consented location Ingrid can opt in.
    let loc = place_ingrid(&app).await;
    edit(&app, profile("nhf-ingrid"), |p| {
        p.geographic_location_id = Set(None);
        p.is_visible_on_map = Set(false);
    })
    .await;
    let body = details(
        &app,
        &ingrid_token,
        profile("nhf-ingrid"),
        json!({ "geographicLocationId": loc, "isVisibleOnMap": true }),
    )
    .await;
    ok(&body);
    assert_eq!(
        body["data"]["updatePeerMentorDetails"]["profile"]["isVisibleOnMap"],
        true
    );
}

// ---------------------------------------------------------------------------------------------
// Availability history, matching, jobs, concurrency

#[tokio::test]
async fn every_status_change_writes_peer_mentor_availability() {
    let app = TestApp::spawn().await;
    let ola = profile("nhf-ola");
    let mentor = app.token(OLA).await;
    let coordinator = app.token(NHF_COORDINATOR).await;
    let resume_at = app.now() + Duration::days(14);
    let body = app
        .gql(
            Some(&mentor),
            PAUSE,
            json!({ "i": { "profileId": ola, "pauseReason": "Ferie", "resumeAt": resume_at } }),
        )
        .await;
    ok(&body);
    ok(&app
        .gql(Some(&coordinator), RESUME, json!({ "id": ola }))
        .await);
    ok(&app
        .gql(
            Some(&coordinator),
            DEACTIVATE,
            json!({ "i": { "profileId": ola, "reason": "Flyttet" } }),
        )
        .await);
    use availability::PeerMentorAvailabilitySource as Src;
    use profiles::PeerMentorStatus as S;
    let rows = history(&app, ola).await;
    let changes: Vec<_> = rows[1..]
        .iter()
        .map(|r| (r.previous_status, r.status, r.source, r.reason.clone()))
        .collect();
    assert_eq!(
        changes,
        vec![
            (
                Some(S::Active),
                S::Paused,
                Src::Mentor,
                Some("Ferie".into())
            ),
            (Some(S::Paused), S::Active, Src::Coordinator, None),
            (
                Some(S::Active),
                S::Inactive,
                Src::Coordinator,
                Some("Flyttet".into())
            ),
        ]
    );
    assert_eq!(
        rows[1].effective_until.map(|t| t.timestamp()),
        Some(resume_at.timestamp())
    );
    assert_eq!(rows[1].created_by_id, Some(user(OLA)));
    assert_eq!(rows[1].organization_id, demo_id("org", "nhf"));
}

#[tokio::test]
async fn match_peer_mentors_in_scope_nearest_first() {
    let app = TestApp::spawn().await;
    place_ingrid(&app).await;
    edit(&app, profile("nhf-ingrid"), |p| {
        p.status = Set(profiles::PeerMentorStatus::Active);
    })
    .await;
    let coordinator = app.token(NHF_COORDINATOR).await;
    let oslo = json!({ "lat": 59.9139, "lng": 10.7522 });
    let near = |radius: f64| {
        let mut n = oslo.clone();
        n["radiusKm"] = json!(radius);
        n
    };

    let body = app
        .gql(
            Some(&coordinator),
            MATCH,
            json!({ "f": { "near": near(30.0) } }),
        )
        .await;
    ok(&body);
    let found = body["data"]["matchPeerMentors"].as_array().unwrap();
    assert_eq!(found.len(), 2, "{body}");
    assert_eq!(found[0]["profile"]["id"], json!(profile("nhf-ola")));
    assert_eq!(found[1]["profile"]["id"], json!(profile("nhf-ingrid")));
    let (d0, d1) = (
        found[0]["distanceKm"].as_f64().unwrap(),
        found[1]["distanceKm"].as_f64().unwrap(),
    );
    assert!(d0 < 2.0 && (10.0..16.0).contains(&d1), "{d0} {d1}");

    let body = app
        .gql(
            Some(&coordinator),
            MATCH,
            json!({ "f": { "near": near(5.0) } }),
        )
        .await;
    assert_eq!(
        body["data"]["matchPeerMentors"].as_array().unwrap().len(),
        1
    );
    let body = app
        .gql(
            Some(&coordinator),
            MATCH,
            json!({ "f": { "specializations": ["mobility_impairment"], "near": near(30.0) } }),
        )
        .await;
    let found = body["data"]["matchPeerMentors"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{body}");
    assert_eq!(found[0]["profile"]["id"], json!(profile("nhf-ingrid")));
    assert_eq!(
        found[0]["matchedSpecializations"],
        json!(["mobility_impairment"])
    );

    // Scope: the Bergen coordinator sees neither; the org admin sees both; other orgs none.
    let bergen = app.token(NHF_BERGEN_COORDINATOR).await;
    let body = app.gql(Some(&bergen), MATCH, json!({})).await;
    assert_eq!(body["data"]["matchPeerMentors"], json!([]), "{body}");
    let admin = app.token(NHF_ADMIN).await;
    let body = app.gql(Some(&admin), MATCH, json!({})).await;
    assert_eq!(
        body["data"]["matchPeerMentors"].as_array().unwrap().len(),
        2
    );
    let blind = app.token("blind.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&blind),
            MATCH,
            json!({ "f": { "near": near(1000.0) } }),
        )
        .await;
    let ids: Vec<_> = body["data"]["matchPeerMentors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["profile"]["id"].clone())
        .collect();
    assert_eq!(ids, vec![json!(profile("blind-anne"))], "{body}");

    // Mentors do not match mentors; nonsense radii are refused.
    let mentor = app.token(OLA).await;
    let body = app.gql(Some(&mentor), MATCH, json!({})).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = app
        .gql(
            Some(&coordinator),
            MATCH,
            json!({ "f": { "near": near(-1.0) } }),
        )
        .await;
    assert_eq!(rule(&body), ("near.radiusKm", "radius_range"), "{body}");
}

#[tokio::test]
async fn certification_drives_profile_a_renewed_certification_lets_the_auto_paused_mentor_resume() {
    let app = TestApp::spawn().await;
    let ola = profile("nhf-ola");
    expire_certification(&app, ola, app.now() - Duration::hours(1)).await;
    jobs::run_once(&app.db, app.now()).await.unwrap();
    assert_eq!(
        load(&app, ola).await.status,
        profiles::PeerMentorStatus::AutoPaused
    );

    // The coordinator records the renewed certification: the profile follows it, and Ola can
    // resume.
    let admin = app.token(NHF_ADMIN).await;
    let today = app.now().date_naive();
    let body = app
        .gql(
            Some(&admin),
            "mutation($i: CreateCertificationInput!) { createCertification(input: $i) { id } }",
            json!({ "i": {
                "userId": user(OLA),
                "name": "Likepersonsertifisering (fornyet)",
                "issuedOn": today,
                "expiresOn": today + Duration::days(730),
            } }),
        )
        .await;
    ok(&body);
    let mentor = app.token(OLA).await;
    let body = app.gql(Some(&mentor), RESUME, json!({ "id": ola })).await;
    ok(&body);
    assert_eq!(
        body["data"]["resumePeerMentor"]["profile"]["status"],
        "ACTIVE"
    );
    let p = load(&app, ola).await;
    assert_eq!(
        p.certification_status,
        profiles::PeerMentorCertificationStatus::Valid
    );
    // Valid until the end of the certificate's last day, where the organization is.
    let last_day = p.certification_expiry_date.map(|d| {
        (d - Duration::seconds(1))
            .with_timezone(&chrono_tz::Europe::Oslo)
            .date_naive()
    });
    assert_eq!(last_day, Some(today + Duration::days(730)));

    // A renewal recorded before the job runs keeps the mentor from being paused at all.
    let ingrid = profile("nhf-ingrid");
    edit(&app, ingrid, |p| {
        p.status = Set(profiles::PeerMentorStatus::Active);
        p.certification_status = Set(profiles::PeerMentorCertificationStatus::Valid);
        p.certification_expiry_date = Set(Some(app.now() - Duration::minutes(1)));
    })
    .await;
    let body = app
        .gql(
            Some(&admin),
            "mutation($i: CreateCertificationInput!) { createCertification(input: $i) { id } }",
            json!({ "i": {
                "userId": user(INGRID),
                "name": "Likepersonsertifisering",
                "issuedOn": today,
                "expiresOn": today + Duration::days(365),
            } }),
        )
        .await;
    ok(&body);
    let run = jobs::run_once(&app.db, app.now()).await.unwrap();
    assert_eq!(run.auto_paused, 0, "{run}");
    let p = load(&app, ingrid).await;
    assert_eq!(p.status, profiles::PeerMentorStatus::Active);
    assert!(p.certification_expiry_date > Some(app.now()));
}

#[tokio::test]
async fn jobs_run_command_is_idempotent() {
    let app = TestApp::spawn().await;
    expire_certification(&app, profile("nhf-ola"), app.now() - Duration::hours(2)).await;
    let run = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_meander-gateway"))
            .args([
                "--database-url",
                app.settings.database.url.expose(),
                "jobs",
                "run",
            ])
            .env("MEANDER_PROFILE", "test")
            .output()
            .expect("run meander-gateway jobs run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let first = run();
    assert!(first.contains("auto-paused 1,"), "{first}");
    assert_eq!(
        load(&app, profile("nhf-ola")).await.status,
        profiles::PeerMentorStatus::AutoPaused
    );
    let second = run();
    assert_eq!(
        second.trim(),
        "auto-paused 0, auto-resumed 0, counting periods reset 0, certifications expiring soon 0, certification reminders sent 0"
    );
    assert_eq!(history(&app, profile("nhf-ola")).await.len(), 2);
}

#[tokio::test]
async fn scheduled_jobs_run_inside_the_server() {
    let app = TestApp::spawn_with(|s| {
        s.jobs.enabled = true;
        s.jobs.interval_seconds = 1;
    })
    .await;
    let ingrid = profile("nhf-ingrid");
    // A scheduled resume that is due, and an expired certification.
    edit(&app, ingrid, |p| {
        p.resume_at = Set(Some(app.now() - Duration::minutes(1)));
    })
    .await;
    expire_certification(&app, profile("nhf-ola"), app.now() - Duration::minutes(1)).await;
    let mut done = false;
    for _ in 0..100 {
        let ola = load(&app, profile("nhf-ola")).await.status;
        let ing = load(&app, ingrid).await.status;
        if ola == profiles::PeerMentorStatus::AutoPaused
            && ing == profiles::PeerMentorStatus::Active
        {
            done = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(done, "the scheduled task did not run the jobs");
    let last = history(&app, ingrid).await.pop().unwrap();
    assert_eq!(
        last.source,
        availability::PeerMentorAvailabilitySource::ScheduledResume
    );
    // Later ticks change nothing more.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(history(&app, ingrid).await.len(), 3);
    assert_eq!(history(&app, profile("nhf-ola")).await.len(), 2);
}

#[tokio::test]
async fn concurrent_pauses_change_the_status_exactly_once() {
    let app = TestApp::spawn().await;
    let ola = profile("nhf-ola");
    let tokens = [
        app.token(OLA).await,
        app.token(NHF_COORDINATOR).await,
        app.token(NHF_ADMIN).await,
    ];
    let bodies = futures_join(
        (0..6)
            .map(|i| pause(&app, &tokens[i % 3], ola, Some("Samtidig")))
            .collect(),
    )
    .await;
    let ok_count = bodies.iter().filter(|b| b["errors"].is_null()).count();
    assert_eq!(ok_count, 1, "{bodies:#?}");
    for b in bodies.iter().filter(|b| !b["errors"].is_null()) {
        assert_eq!(rule(b), ("status", "status_transition_guard"), "{b}");
    }
    let paused = history(&app, ola)
        .await
        .into_iter()
        .filter(|r| r.status == profiles::PeerMentorStatus::Paused)
        .count();
    assert_eq!(paused, 1);
    assert_eq!(
        notifications_of(&app, user(NHF_COORDINATOR), ola)
            .await
            .len(),
        1
    );
}

/// Polls all futures concurrently (like `futures::future::join_all`, without the dependency).
async fn futures_join<F: std::future::Future<Output = Value>>(futs: Vec<F>) -> Vec<Value> {
    let handles: Vec<_> = futs.into_iter().map(Box::pin).collect();
    let mut results: Vec<Option<Value>> = vec![None; handles.len()];
    let mut handles: Vec<_> = handles.into_iter().map(Some).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, slot) in handles.iter_mut().enumerate() {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        results[i] = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    results.into_iter().map(Option::unwrap).collect()
}
