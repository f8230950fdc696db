//! Attended event participants in the Bufdir report (`bufdir_event_attendance`): a held
//! (completed) event of the period adds its confirmed attendees and its unregistered walk-ins
//! to the report's participants and counts as an event held; an activity registered for it
//! gives its own participant number way to the event's attendance, so nobody is counted twice.

use crate::common;

use common::{TestApp, demo_id, ok, ola_activity};
use entity::{activities::ActivityStatus, events};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};

const REPORT: &str = "mutation($p: UUID!) { generateBufdirReport(reportPeriodId: $p) { report { approvedActivityCount participantCount eventCount breakdown } stats { totals { participantCount } } } }";

async fn report(app: &TestApp, admin: &str, period: &str) -> Value {
    ok(app, admin, REPORT, json!({ "p": period })).await["generateBufdirReport"].clone()
}

fn n(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[tokio::test]
async fn bufdir_event_attendance_held_events_add_their_attendees_once() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let period = ok(
        &app,
        &admin,
        "mutation { createReportPeriod(input: { name: \"Mars 2026\", periodStart: \"2026-03-01\", periodEnd: \"2026-03-31\" }) { id } }",
        json!({}),
    )
    .await["createReportPeriod"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // The café of 10 March was held: Ola and two members attended (Ingrid did not turn up),
    // and four came in without signing up.
    let before = report(&app, &admin, &period).await;
    let r = &before["report"];
    let events_part = &r["breakdown"]["events"];
    assert_eq!(n(&r["eventCount"]), 1, "{r}");
    assert_eq!(n(&events_part["eventsHeld"]), 1);
    assert_eq!(n(&events_part["registeredAttendees"]), 3);
    assert_eq!(n(&events_part["unregisteredAttendees"]), 4);
    let activities_own = n(&before["stats"]["totals"]["participantCount"]);
    assert_eq!(
        n(&r["participantCount"]),
        activities_own - n(&events_part["activityParticipantsReplaced"]) + 7,
        "{r}"
    );

    // Ola logs the café as a group meeting with 6 participants: one more activity, but the
    // café's attendance already counts its people.
    let kafe = demo_id("event", "nhf:kafe-oslo");
    ola_activity(
        &app,
        "group_meeting",
        "2026-03-10T15:00:00Z".parse().unwrap(),
        120,
        ActivityStatus::Approved,
        |a| {
            a.event_id = Set(Some(kafe));
            a.participant_count = Set(Some(6));
        },
    )
    .await;
    let logged = report(&app, &admin, &period).await;
    assert_eq!(
        n(&logged["report"]["approvedActivityCount"]),
        n(&r["approvedActivityCount"]) + 1
    );
    assert_eq!(
        n(&logged["stats"]["totals"]["participantCount"]),
        activities_own + 6,
        "the activity statistics count the activity's own participants"
    );
    assert_eq!(
        n(&logged["report"]["participantCount"]),
        n(&r["participantCount"]),
        "counted once: {logged}"
    );

    // Two more walk-ins are recorded: two more participants.
    let event = events::Entity::find_by_id(kafe)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: events::ActiveModel = event.clone().into();
    am.unregistered_attendee_count = Set(event.unregistered_attendee_count + 2);
    am.update(&app.db).await.unwrap();
    let walk_ins = report(&app, &admin, &period).await;
    assert_eq!(
        n(&walk_ins["report"]["participantCount"]),
        n(&r["participantCount"]) + 2
    );

    // An event that was not held (published, cancelled) counts no one, and its activity keeps
    // its own participants.
    let mut am: events::ActiveModel = events::Entity::find_by_id(kafe)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    am.status = Set(events::EventStatus::Cancelled);
    am.update(&app.db).await.unwrap();
    let cancelled = report(&app, &admin, &period).await;
    assert_eq!(n(&cancelled["report"]["eventCount"]), 0);
    assert_eq!(
        n(&cancelled["report"]["participantCount"]),
        activities_own + 6
    );
}
