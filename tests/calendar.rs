//! `calendar`: an organization's days are its own (time zone, default Europe/Oslo), not UTC
//! days: statistics, report periods and the dates in messages, at the 00:30 and 23:30 edges and
//! on both daylight-saving switches; the organization's time zone is configurable
//! (`time_zone_known`) and its locale picks the language of its messages.

use crate::common;

use chrono::{DateTime, Utc};
use common::{TestApp, demo_id, error_rule, ok, ola_activity};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use entity::activities::ActivityStatus;
use entity::notifications;

const OLA: &str = "nhf.mentor@meander.dev";
const NHF_ADMIN: &str = "nhf.admin@meander.dev";
const NHF_COORDINATOR: &str = "nhf.coordinator@meander.dev";
const MINE: &str = "query($f: NaiveDate!, $t: NaiveDate!) { myActivityStats(from: $f, to: $t) { totals { activityCount totalMinutes } } }";
const UPDATE_ORG: &str = "mutation($id: UUID!, $i: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $i) { id timeZone defaultLocale } }";

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A phone call of Ola's (NHF, Oslo) at `at`, lasting `minutes`, in `status`.
async fn activity(app: &TestApp, at: DateTime<Utc>, minutes: i32, status: ActivityStatus) -> Uuid {
    ola_activity(app, "phone_call", at, minutes, status, |_| {}).await
}

/// Ola's approved minutes on the days `from..=to` (distinct minutes per activity tell which
/// activities counted).
async fn minutes(app: &TestApp, token: &str, from: &str, to: &str) -> i64 {
    let data = ok(app, token, MINE, json!({ "f": from, "t": to })).await;
    data["myActivityStats"]["totals"]["totalMinutes"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn calendar_day_an_activity_at_00_30_counts_on_the_organizations_day() {
    let app = TestApp::spawn().await;
    // Winter (UTC+1): 00:30 on 1 February 2019 in Oslo is 23:30 UTC on 31 January.
    activity(
        &app,
        utc("2019-01-31T23:30:00Z"),
        1,
        ActivityStatus::Approved,
    )
    .await;
    // 23:30 on 31 January in Oslo.
    activity(
        &app,
        utc("2019-01-31T22:30:00Z"),
        2,
        ActivityStatus::Approved,
    )
    .await;
    // New Year: 00:30 on 1 January 2020 in Oslo is still 2019 in UTC.
    activity(
        &app,
        utc("2019-12-31T23:30:00Z"),
        4,
        ActivityStatus::Approved,
    )
    .await;
    // Summer (UTC+2): 00:30 on 1 July 2019 is 22:30 UTC on 30 June.
    activity(
        &app,
        utc("2019-06-30T22:30:00Z"),
        8,
        ActivityStatus::Approved,
    )
    .await;
    let ola = app.token(OLA).await;

    assert_eq!(minutes(&app, &ola, "2019-01-01", "2019-01-31").await, 2);
    assert_eq!(minutes(&app, &ola, "2019-02-01", "2019-02-28").await, 1);
    assert_eq!(minutes(&app, &ola, "2019-06-01", "2019-06-30").await, 0);
    assert_eq!(minutes(&app, &ola, "2019-07-01", "2019-07-01").await, 8);
    // The year's report counts 1 + 2 + 8: the New Year's activity is 2020's.
    assert_eq!(minutes(&app, &ola, "2019-01-01", "2019-12-31").await, 11);
    assert_eq!(minutes(&app, &ola, "2020-01-01", "2020-01-01").await, 4);
}

#[tokio::test]
async fn calendar_day_on_daylight_saving_switches_has_23_or_25_hours() {
    let app = TestApp::spawn().await;
    // 31 March 2019 (spring forward, 23 hours): 00:30 CET and 23:30 CEST are that day,
    // 00:30 CEST the next.
    activity(
        &app,
        utc("2019-03-30T23:30:00Z"),
        1,
        ActivityStatus::Approved,
    )
    .await;
    activity(
        &app,
        utc("2019-03-31T21:30:00Z"),
        2,
        ActivityStatus::Approved,
    )
    .await;
    activity(
        &app,
        utc("2019-03-31T22:30:00Z"),
        4,
        ActivityStatus::Approved,
    )
    .await;
    // 27 October 2019 (fall back, 25 hours): 00:30 CEST and 23:30 CET are that day.
    activity(
        &app,
        utc("2019-10-26T22:30:00Z"),
        8,
        ActivityStatus::Approved,
    )
    .await;
    activity(
        &app,
        utc("2019-10-27T22:30:00Z"),
        16,
        ActivityStatus::Approved,
    )
    .await;
    activity(
        &app,
        utc("2019-10-27T23:30:00Z"),
        32,
        ActivityStatus::Approved,
    )
    .await;
    let ola = app.token(OLA).await;

    assert_eq!(minutes(&app, &ola, "2019-03-31", "2019-03-31").await, 3);
    assert_eq!(minutes(&app, &ola, "2019-04-01", "2019-04-01").await, 4);
    assert_eq!(minutes(&app, &ola, "2019-10-27", "2019-10-27").await, 24);
    assert_eq!(minutes(&app, &ola, "2019-10-28", "2019-10-28").await, 32);
}

#[tokio::test]
async fn time_zone_known_the_organization_chooses_its_calendar() {
    let app = TestApp::spawn().await;
    let nhf = demo_id("org", "nhf");
    // 03:00 UTC on 1 February is 22:00 on 31 January in New York.
    activity(
        &app,
        utc("2019-02-01T03:00:00Z"),
        5,
        ActivityStatus::Approved,
    )
    .await;
    let ola = app.token(OLA).await;
    let admin = app.token(NHF_ADMIN).await;
    assert_eq!(minutes(&app, &ola, "2019-02-01", "2019-02-01").await, 5);

    let body = app
        .gql(
            Some(&admin),
            UPDATE_ORG,
            json!({ "id": nhf, "i": { "timeZone": "Europe/Atlantis" } }),
        )
        .await;
    assert_eq!(
        error_rule(&body),
        (
            "BAD_USER_INPUT".into(),
            "timeZone".into(),
            "time_zone_known".into()
        ),
        "{body}"
    );
    let data = ok(
        &app,
        &admin,
        UPDATE_ORG,
        json!({ "id": nhf, "i": { "timeZone": "America/New_York" } }),
    )
    .await;
    assert_eq!(data["updateOrganization"]["timeZone"], "America/New_York");
    assert_eq!(minutes(&app, &ola, "2019-02-01", "2019-02-01").await, 0);
    assert_eq!(minutes(&app, &ola, "2019-01-31", "2019-01-31").await, 5);
}

#[tokio::test]
async fn calendar_dates_in_messages_are_the_organizations_in_its_language() {
    let app = TestApp::spawn().await;
    // The server's own texts: NHF's template for decisions is switched off (templates are
    // `notification_templates.rs`'s).
    ok(
        &app,
        &app.token(NHF_ADMIN).await,
        "mutation($id: UUID!) { updateNotificationScenario(id: $id, input: { isEnabled: false }) { id } }",
        json!({ "id": demo_id("notification_scenario", "nhf:activity_reviewed") }),
    )
    .await;
    // Pending review at 00:30 on 1 February 2019 in Oslo (31 January in UTC).
    let id = activity(
        &app,
        utc("2019-01-31T23:30:00Z"),
        30,
        ActivityStatus::PendingReview,
    )
    .await;
    let coordinator = app.token(NHF_COORDINATOR).await;
    ok(
        &app,
        &coordinator,
        "mutation($id: UUID!) { approveActivity(id: $id) { activity { status } } }",
        json!({ "id": id }),
    )
    .await;
    let notice = notifications::Entity::find()
        .filter(notifications::Column::RelatedEntityId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the mentor is notified");
    assert_eq!(notice.title, "Aktivitet godkjent");
    assert_eq!(notice.body, "Aktiviteten din 1. februar 2019 er godkjent.");

    // An organization whose locale is English gets English, with the same day.
    let admin = app.token(NHF_ADMIN).await;
    ok(
        &app,
        &admin,
        UPDATE_ORG,
        json!({ "id": demo_id("org", "nhf"), "i": { "defaultLocale": "en-GB" } }),
    )
    .await;
    let id = activity(
        &app,
        utc("2019-01-31T23:30:00Z"),
        30,
        ActivityStatus::PendingReview,
    )
    .await;
    ok(
        &app,
        &coordinator,
        "mutation($id: UUID!, $r: String) { rejectActivity(id: $id, notes: $r) { status } }",
        json!({ "id": id, "r": "Wrong contact" }),
    )
    .await;
    let notice = notifications::Entity::find()
        .filter(notifications::Column::RelatedEntityId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the mentor is notified");
    assert_eq!(notice.title, "Activity rejected");
    assert_eq!(
        notice.body,
        "Your activity of 1 February 2019 was rejected."
    );
}
