//! The demo data obeys the rules the gateway enforces on every write: the seeded set is what
//! people see first, and it must show nothing the rules would have refused.

use crate::common;

use common::TestApp;
use meander_gateway::authz::scopes::write_catalog;
use sea_orm::{ConnectionTrait, Statement};

/// One text column of every row `sql` answers (as `v`).
async fn texts(app: &TestApp, sql: &str) -> Vec<String> {
    let backend = app.db.get_database_backend();
    app.db
        .query_all_raw(Statement::from_string(backend, sql.to_string()))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|r| {
            r.try_get::<Option<String>>("", "v")
                .unwrap()
                .unwrap_or_default()
        })
        .collect()
}

/// `encrypted_assignment_consent_gate`: an assignment is accepted (and so later completed) only
/// by a recipient whose profile in the organization is active and accepts encrypted
/// assignments, and the consent row is theirs.
#[tokio::test]
async fn encrypted_assignment_consent_gate_every_accepted_or_completed_assignments_mentor_consented_and_was_active()
 {
    let app = TestApp::spawn().await;
    let answered = texts(
        &app,
        "SELECT a.title AS v FROM assignments a WHERE a.status IN ('accepted', 'completed') \
         AND a.deleted_at IS NULL",
    )
    .await;
    assert!(
        !answered.is_empty(),
        "the demo shows an accepted assignment"
    );
    let wrong = texts(
        &app,
        "SELECT a.title AS v FROM assignments a WHERE a.status IN ('accepted', 'completed') \
         AND a.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM peer_mentor_profiles p \
           WHERE p.organization_id = a.organization_id AND p.user_id = a.peer_mentor_id \
           AND p.deleted_at IS NULL AND p.status = 'active' \
           AND p.accepts_encrypted_assignments = TRUE AND p.consent_given_at IS NOT NULL \
           AND p.consent_version IS NOT NULL)",
    )
    .await;
    assert!(wrong.is_empty(), "accepted without consent: {wrong:?}");
    let wrong = texts(
        &app,
        "SELECT a.title AS v FROM assignments a WHERE a.status IN ('accepted', 'completed') \
         AND NOT EXISTS (SELECT 1 FROM assignment_consents c WHERE c.assignment_id = a.id \
           AND c.user_id = a.peer_mentor_id AND c.decision = 'accepted')",
    )
    .await;
    assert!(
        wrong.is_empty(),
        "accepted without the mentor's consent row: {wrong:?}"
    );
}

/// `no_self_review`: no seeded decision (approval, review, issue, countersignature, resolution)
/// was made by the user the row is about.
#[tokio::test]
async fn no_self_review_no_decided_demo_row_was_decided_by_its_subject() {
    let app = TestApp::spawn().await;
    let mut checks: Vec<(String, String)> = Vec::new();
    // Generated: every declared review column naming a user, against the row's subject.
    for c in write_catalog() {
        let Some(subject) = &c.subject else { continue };
        for review in c.review.iter().filter(|r| r.ends_with("_by_id")) {
            checks.push((
                format!("{}.{review}", c.table),
                format!(
                    "SELECT CAST(id AS TEXT) AS v FROM {} WHERE {review} = {subject}",
                    c.table
                ),
            ));
        }
    }
    assert!(checks.len() >= 5, "{checks:?}");
    // Decisions recorded on another table than the row they decide.
    for (name, sql) in [
        (
            "reimbursement_approvals.decided_by_id",
            "SELECT CAST(d.id AS TEXT) AS v FROM reimbursement_approvals d \
             JOIN travel_expense_reports r ON r.id = d.report_id WHERE d.decided_by_id = r.user_id",
        ),
        (
            "activity_flags.resolved_by_id",
            "SELECT CAST(f.id AS TEXT) AS v FROM activity_flags f \
             JOIN activities a ON a.id = f.activity_id WHERE f.resolved_by_id = a.user_id",
        ),
        (
            "activity_logs.actor_user_id (approved or rejected)",
            "SELECT CAST(l.id AS TEXT) AS v FROM activity_logs l \
             JOIN activities a ON a.id = l.activity_id \
             WHERE l.new_status IN ('approved', 'rejected') AND l.actor_user_id = a.user_id",
        ),
    ] {
        checks.push((name.into(), sql.into()));
    }
    let mut wrong = Vec::new();
    for (name, sql) in checks {
        let rows = texts(&app, &sql).await;
        if !rows.is_empty() {
            wrong.push(format!("{name}: {rows:?}"));
        }
    }
    assert!(wrong.is_empty(), "self-decided rows: {wrong:?}");
}

/// `status_transition`: every seeded status is a state its table's machine knows.
#[tokio::test]
async fn status_transition_every_demo_status_is_a_state_its_machine_knows() {
    let app = TestApp::spawn().await;
    let (mut tables, mut wrong) = (0, Vec::new());
    for c in write_catalog() {
        let Some(status) = &c.machine else { continue };
        tables += 1;
        let states = c.machine_states();
        let sql = format!(
            "SELECT DISTINCT CAST({status} AS TEXT) AS v FROM {} WHERE {status} IS NOT NULL",
            c.table
        );
        for value in texts(&app, &sql).await {
            if !states.contains(&value.as_str()) {
                wrong.push(format!("{}.{status} = {value}", c.table));
            }
        }
    }
    assert!(tables >= 30, "{tables} machines");
    assert!(wrong.is_empty(), "unknown states: {wrong:?}");
}

/// `documentation_required` and `documents_per_activity`: every approved activity of a type
/// that requires documentation carries a live document, and none carries more than five.
#[tokio::test]
async fn documentation_required_every_approved_demo_activity_that_needs_documents_has_one() {
    let app = TestApp::spawn().await;
    let undocumented = texts(
        &app,
        "SELECT CAST(a.id AS TEXT) AS v FROM activities a \
         JOIN activity_types t ON t.id = a.activity_type_id \
         WHERE a.status = 'approved' AND a.deleted_at IS NULL AND t.requires_documentation \
         AND NOT EXISTS (SELECT 1 FROM activity_documents d \
                         WHERE d.activity_id = a.id AND d.deleted_at IS NULL)",
    )
    .await;
    assert!(undocumented.is_empty(), "undocumented: {undocumented:?}");
    let crowded = texts(
        &app,
        "SELECT CAST(activity_id AS TEXT) AS v FROM activity_documents \
         WHERE deleted_at IS NULL GROUP BY activity_id HAVING COUNT(*) > 5",
    )
    .await;
    assert!(crowded.is_empty(), "more than five documents: {crowded:?}");
}

/// `seat_capacity`: no demo course has more participants in a seat than it has seats.
#[tokio::test]
async fn seat_capacity_no_demo_course_is_over_its_capacity() {
    let app = TestApp::spawn().await;
    let over = texts(
        &app,
        "SELECT CAST(c.id AS TEXT) AS v FROM courses c WHERE c.seat_capacity IS NOT NULL \
         AND c.seat_capacity < (SELECT COUNT(*) FROM course_enrollments e \
             WHERE e.course_id = c.id AND e.deleted_at IS NULL \
             AND e.status IN ('enrolled', 'completed', 'not_completed'))",
    )
    .await;
    assert!(over.is_empty(), "over capacity: {over:?}");
}

/// `feature_disabled`: no organization of the demo holds rows of a feature area it has not
/// enabled (the server would refuse every one of them). Generated from `authz::features`.
#[tokio::test]
async fn feature_disabled_no_demo_organization_has_rows_in_an_area_it_has_not_enabled() {
    let app = TestApp::spawn().await;
    let mut wrong = Vec::new();
    for area in meander_gateway::authz::features::AREAS {
        for table in area.tables {
            let orgs = texts(
                &app,
                &format!(
                    "SELECT DISTINCT o.name AS v FROM {table} t \
                     JOIN organizations o ON o.id = t.organization_id \
                     WHERE NOT EXISTS (SELECT 1 FROM organization_features f \
                       WHERE f.organization_id = t.organization_id AND f.feature_key = '{}' \
                       AND f.is_enabled = TRUE AND f.deleted_at IS NULL)",
                    area.key
                ),
            )
            .await;
            for org in orgs {
                wrong.push(format!("{org}: {table} ({})", area.key));
            }
        }
    }
    assert!(wrong.is_empty(), "rows in disabled areas: {wrong:#?}");
}

/// `prerequisites_completed`: every demo enrollment that holds a seat belongs to someone who
/// completed the course's prerequisites.
#[tokio::test]
async fn prerequisites_completed_every_seated_demo_enrollment_has_its_prerequisites_completed() {
    use entity::{course_enrollments as enrollments, courses};
    use sea_orm::EntityTrait;
    let app = TestApp::spawn().await;
    let all = enrollments::Entity::find().all(&app.db).await.unwrap();
    let courses = courses::Entity::find().all(&app.db).await.unwrap();
    let seated = [
        enrollments::CourseEnrollmentStatus::Enrolled,
        enrollments::CourseEnrollmentStatus::Completed,
        enrollments::CourseEnrollmentStatus::NotCompleted,
    ];
    for e in all
        .iter()
        .filter(|e| seated.contains(&e.status) && e.deleted_at.is_none())
    {
        let course = courses.iter().find(|c| c.id == e.course_id).unwrap();
        let required: Vec<uuid::Uuid> =
            serde_json::from_value(course.prerequisite_course_ids.clone()).unwrap();
        for r in required {
            assert!(
                all.iter().any(|d| d.user_id == e.user_id
                    && d.course_id == r
                    && d.status == enrollments::CourseEnrollmentStatus::Completed
                    && d.deleted_at.is_none()),
                "{}: seated in {} without its prerequisite {r}",
                e.id,
                course.title
            );
        }
    }
    assert!(
        all.iter().any(|e| seated.contains(&e.status)),
        "the demo seats someone"
    );
}
