//! `seat_capacity`: an enrolled participant takes one of the course's seats (declared as the
//! enrollments' `limit`); the last seat goes to one of two concurrent enrollments.
//! `enrollment_open`, `enrollment_deadline`, `prerequisites_completed`: the enrollments'
//! `admission` (one asks to join an open course before its deadline; a seat needs the
//! prerequisite courses completed).

use crate::common;

use common::{TestApp, demo_id, error_rule, ok};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};
use uuid::Uuid;

use entity::{course_enrollments as enrollments, courses};

const ENROLL: &str = "mutation($id: UUID!) { updateCourseEnrollment(id: $id, input: { status: ENROLLED }) { id status } }";

async fn course(app: &TestApp, seats: Option<i32>) -> Uuid {
    course_with(app, seats, None).await
}

async fn course_with(
    app: &TestApp,
    seats: Option<i32>,
    deadline: Option<chrono::DateTime<chrono::Utc>>,
) -> Uuid {
    let id = Uuid::now_v7();
    courses::ActiveModel {
        enrollment_deadline: Set(deadline),
        id: Set(id),
        organization_id: Set(demo_id("org", "nhf")),
        title: Set("Likepersonkurs, ettermiddag".into()),
        course_type: Set(courses::CourseType::BasicTraining),
        delivery_mode: Set(courses::CourseDeliveryMode::InPerson),
        status: Set(courses::CourseStatus::Open),
        prerequisite_course_ids: Set(json!([])),
        seat_capacity: Set(seats),
        grants_certification: Set(false),
        created_at: Set(app.now()),
        updated_at: Set(app.now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    id
}

async fn pending(app: &TestApp, course: Uuid, email: &str) -> Uuid {
    let id = Uuid::now_v7();
    enrollments::ActiveModel {
        id: Set(id),
        organization_id: Set(demo_id("org", "nhf")),
        user_id: Set(demo_id("user", email)),
        course_id: Set(course),
        status: Set(enrollments::CourseEnrollmentStatus::Pending),
        enrolled_at: Set(app.now()),
        certification_eligible: Set(false),
        created_at: Set(app.now()),
        updated_at: Set(app.now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    id
}

fn refused(body: &Value) -> bool {
    !body["errors"].is_null()
}

#[tokio::test]
async fn seat_capacity_two_enrollments_for_the_last_seat_one_wins() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let one_seat = course(&app, Some(1)).await;
    let ola = pending(&app, one_seat, "nhf.mentor@meander.dev").await;
    let ingrid = pending(&app, one_seat, "nhf.mentor2@meander.dev").await;

    let (a, b) = tokio::join!(
        app.gql(Some(&admin), ENROLL, json!({ "id": ola })),
        app.gql(Some(&admin), ENROLL, json!({ "id": ingrid })),
    );
    let losers: Vec<&Value> = [&a, &b].into_iter().filter(|b| refused(b)).collect();
    assert_eq!(losers.len(), 1, "{a}\n{b}");
    assert_eq!(
        error_rule(losers[0]),
        (
            "BAD_USER_INPUT".into(),
            "courseId".into(),
            "seat_capacity".into()
        )
    );
    let seated = [ola, ingrid].len() - still_pending(&app, &[ola, ingrid]).await;
    assert_eq!(seated, 1);

    // The one left waits on the waitlist (not a seat); a cancelled seat frees a place for them.
    let winner = if refused(&a) { ingrid } else { ola };
    let loser = if refused(&a) { ola } else { ingrid };
    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { updateCourseEnrollment(id: $id, input: { status: WAITLISTED }) { id } }",
        json!({ "id": loser }),
    )
    .await;
    ok(
        &app,
        &admin,
        "mutation($id: UUID!) { updateCourseEnrollment(id: $id, input: { status: CANCELLED }) { id } }",
        json!({ "id": winner }),
    )
    .await;
    let data = ok(&app, &admin, ENROLL, json!({ "id": loser })).await;
    assert_eq!(data["updateCourseEnrollment"]["status"], "ENROLLED");

    // A course without a capacity takes everyone.
    let open = course(&app, None).await;
    for email in ["nhf.mentor@meander.dev", "nhf.mentor2@meander.dev"] {
        let id = pending(&app, open, email).await;
        ok(&app, &admin, ENROLL, json!({ "id": id })).await;
    }
}

/// How many of `ids` are still pending.
async fn still_pending(app: &TestApp, ids: &[Uuid]) -> usize {
    let mut n = 0;
    for id in ids {
        let row = enrollments::Entity::find_by_id(*id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        if row.status == enrollments::CourseEnrollmentStatus::Pending {
            n += 1;
        }
    }
    n
}

const APPLY: &str = "mutation($i: CreateCourseEnrollmentInput!) { createCourseEnrollment(input: $i) { id status } }";

fn application(email: &str, course: Uuid) -> Value {
    json!({ "i": { "userId": demo_id("user", email), "courseId": course, "enrolledAt": "2026-11-02T09:00:00Z" } })
}

#[tokio::test]
async fn enrollment_open_and_enrollment_deadline_one_asks_to_join_an_open_course_before_its_deadline()
 {
    let app = TestApp::spawn().await;
    let ingrid = app.token("nhf.mentor2@meander.dev").await;
    let completed = demo_id("course", "nhf-grunnkurs");
    let body = app
        .gql(
            Some(&ingrid),
            APPLY,
            application("nhf.mentor2@meander.dev", completed),
        )
        .await;
    assert_eq!(
        error_rule(&body),
        (
            "BAD_USER_INPUT".into(),
            "courseId".into(),
            "enrollment_open".into()
        ),
        "{body}"
    );
    let closed_yesterday =
        course_with(&app, None, Some(app.now() - chrono::Duration::days(1))).await;
    let body = app
        .gql(
            Some(&ingrid),
            APPLY,
            application("nhf.mentor2@meander.dev", closed_yesterday),
        )
        .await;
    assert_eq!(error_rule(&body).2, "enrollment_deadline", "{body}");
    let closes_tomorrow =
        course_with(&app, None, Some(app.now() + chrono::Duration::days(1))).await;
    let data = ok(
        &app,
        &ingrid,
        APPLY,
        application("nhf.mentor2@meander.dev", closes_tomorrow),
    )
    .await;
    assert_eq!(data["createCourseEnrollment"]["status"], "PENDING");
}

#[tokio::test]
async fn prerequisites_completed_a_seat_needs_the_prerequisite_courses_completed() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    // Ingrid applied for the specialization, whose prerequisite is the basic course.
    let applied = demo_id("course_enrollment", "nhf-ingrid-fordypning");
    let body = app
        .gql(Some(&admin), ENROLL, json!({ "id": applied }))
        .await;
    assert_eq!(
        error_rule(&body),
        (
            "BAD_USER_INPUT".into(),
            "courseId".into(),
            "prerequisites_completed".into()
        ),
        "{body}"
    );
    // Enrolled in the basic course is not completed.
    let basic = pending(
        &app,
        demo_id("course", "nhf-grunnkurs"),
        "nhf.mentor2@meander.dev",
    )
    .await;
    let mut row: enrollments::ActiveModel = enrollments::Entity::find_by_id(basic)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    row.status = Set(enrollments::CourseEnrollmentStatus::Enrolled);
    let row = row.update(&app.db).await.unwrap();
    let body = app
        .gql(Some(&admin), ENROLL, json!({ "id": applied }))
        .await;
    assert_eq!(error_rule(&body).2, "prerequisites_completed", "{body}");
    // Completed, the seat is hers.
    let mut row: enrollments::ActiveModel = row.into();
    row.status = Set(enrollments::CourseEnrollmentStatus::Completed);
    row.update(&app.db).await.unwrap();
    let data = ok(&app, &admin, ENROLL, json!({ "id": applied })).await;
    assert_eq!(data["updateCourseEnrollment"]["status"], "ENROLLED");
}
