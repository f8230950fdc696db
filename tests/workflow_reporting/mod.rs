//! Bufdir reporting and activity statistics over HTTP (issue 5): a hand-computed fixture of
//! activities (approved and not, in and out of the period, deleted, another organization's, a
//! `not_reported` type) checked number by number against `generateBufdirReport`, the stored
//! snapshot, `teamActivityStats` and `myActivityStats`; repeatability and versioning; who may ask.

#![allow(clippy::type_complexity)] // the fixture is a table of tuples, one line per activity

use crate::common;

use chrono::{DateTime, TimeZone, Utc};
use common::{TestApp, demo_id, error_code};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};
use uuid::Uuid;

use entity::activities::{self, ActivityStatus as S};
use entity::bufdir_reports;

const COUNTS: &str = "activityCount totalMinutes hours participantCount uniqueContactCount peerMentorCount eventCount";

fn stats_fields() -> String {
    format!(
        "from to totals {{ {COUNTS} }} byActivityType {{ activityTypeId key name bufdirCategory {COUNTS} }} byBufdirCategory {{ bufdirCategory {COUNTS} }} byLocalAssociation {{ localAssociationId name {COUNTS} }}"
    )
}

fn generate() -> String {
    format!(
        "mutation($p: UUID!) {{ generateBufdirReport(reportPeriodId: $p) {{ report {{ id version status reportPeriodId approvedActivityCount totalMinutes participantCount uniqueContactCount peerMentorCount eventCount breakdown }} stats {{ {} }} supersededReportIds }} }}",
        stats_fields()
    )
}

fn team() -> String {
    format!(
        "query($f: NaiveDate!, $t: NaiveDate!, $la: UUID) {{ teamActivityStats(from: $f, to: $t, localAssociationId: $la) {{ {} }} }}",
        stats_fields()
    )
}

fn mine() -> String {
    format!(
        "query($f: NaiveDate!, $t: NaiveDate!) {{ myActivityStats(from: $f, to: $t) {{ {} }} }}",
        stats_fields()
    )
}

fn ok(body: &Value) -> &Value {
    assert!(body["errors"].is_null(), "{body}");
    &body["data"]
}

fn rule(body: &Value) -> (&str, &str) {
    let ext = &body["errors"][0]["extensions"];
    (
        ext["field"].as_str().unwrap_or(""),
        ext["rule"].as_str().unwrap_or(""),
    )
}

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().unwrap()
}

/// An instant given in Oslo's wall-clock time (NHF's calendar).
fn oslo(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono_tz::Europe::Oslo
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

/// (activities, minutes, hours, participants, unique contacts, peer mentors, events)
type Expected = (i64, i64, f64, i64, i64, i64, i64);

fn assert_counts(v: &Value, e: Expected, what: &str) {
    let got = (
        v["activityCount"].as_i64().unwrap(),
        v["totalMinutes"].as_i64().unwrap(),
        v["hours"].as_f64().unwrap(),
        v["participantCount"].as_i64().unwrap(),
        v["uniqueContactCount"].as_i64().unwrap(),
        v["peerMentorCount"].as_i64().unwrap(),
        v["eventCount"].as_i64().unwrap(),
    );
    assert_eq!(got, e, "{what}: {v}");
}

/// The entry of `list` whose `field` is `value`.
fn find<'a>(list: &'a Value, field: &str, value: Value) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|x| x[field] == value)
        .unwrap_or_else(|| panic!("no {field} = {value} in {list}"))
}

fn without_category(list: &Value) -> Value {
    let mut list = list.clone();
    for x in list.as_array_mut().unwrap() {
        x.as_object_mut().unwrap().remove("bufdirCategory");
    }
    list
}

struct Fixture {
    period: Uuid,
    c1: Uuid,
    c2: Uuid,
    c3: Uuid,
}

async fn contact_of(app: &TestApp, org: &str, la: &str, skip: u64) -> Uuid {
    use sea_orm::QuerySelect;
    entity::contacts::Entity::find()
        .filter(entity::contacts::Column::OrganizationId.eq(demo_id("org", org)))
        .filter(entity::contacts::Column::LocalAssociationId.eq(demo_id("la", la)))
        .order_by_asc(entity::contacts::Column::Id)
        .offset(skip)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no contact {skip} in {org}/{la}"))
        .id
}

/// One activity row (all columns explicit).
#[allow(clippy::too_many_arguments)]
async fn activity(
    app: &TestApp,
    org: &str,
    mentor: &str,
    la: &str,
    kind: &str,
    date: DateTime<Utc>,
    minutes: i32,
    participants: Option<i32>,
    contact: Option<Uuid>,
    event: Option<Uuid>,
    status: S,
    deleted: bool,
) {
    activities::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(demo_id("org", org)),
        user_id: Set(user(mentor)),
        contact_id: Set(contact),
        local_association_id: Set(Some(demo_id("la", la))),
        activity_type_id: Set(demo_id("activity_type", &format!("{org}:{kind}"))),
        title: Set(Some(format!("Fixture {kind}"))),
        description: Set(None),
        activity_date: Set(date),
        duration_minutes: Set(minutes),
        location: Set(None),
        status: Set(status),
        is_proxy_registration: Set(false),
        proxy_submitted_by: Set(None),
        is_bulk_registration: Set(false),
        bulk_batch_id: Set(None),
        event_id: Set(event),
        participant_count: Set(participants),
        has_reimbursement: Set(false),
        calendar_event_id: Set(None),
        metadata: Set(None),
        synced_at: Set(None),
        import_hash: Set(None),
        created_at: Set(app.now()),
        updated_at: Set(app.now()),
        created_by_id: Set(Some(user(mentor))),
        updated_by_id: Set(Some(user(mentor))),
        deleted_at: Set(deleted.then(|| app.now())),
    }
    .insert(&app.db)
    .await
    .unwrap();
}

const OLA: &str = "nhf.mentor@meander.dev";
const INGRID: &str = "nhf.mentor2@meander.dev";
const LARS: &str = "nhf.mentor.bergen@meander.dev";

/// The hand-computed fixture: NHF, report period 2019 (created by the org admin).
///
/// | # | status   | mentor | LA     | type          | date             | min | part. | contact | event |
/// |---|----------|--------|--------|---------------|------------------|-----|-------|---------|-------|
/// | 1 | approved | Ola    | Oslo   | home_visit    | 2019-03-01       |  60 | -     | c1      |       |
/// | 2 | approved | Ola    | Oslo   | home_visit    | 2019-03-05       |  90 | 1     | c1      |       |
/// | 3 | approved | Ola    | Oslo   | phone_call    | 2019-04-01       |  30 | -     | c2      |       |
/// | 4 | approved | Ingrid | Oslo   | group_meeting | 2019-05-10       | 120 | 8     | -       | e1    |
/// | 5 | approved | Lars   | Bergen | home_visit    | 2019-06-15       |  45 | 2     | c3      |       |
/// | 6 | approved | Lars   | Bergen | admin_work    | 2019-06-16       |  30 | -     | -       |       | not_reported
/// | 7 | pending  | Ola    | Oslo   | home_visit    | 2019-07-01       |  60 | -     | c2      |       |
/// | 8 | rejected | Lars   | Bergen | phone_call    | 2019-07-02       |  30 | -     | c3      |       |
/// | 9 | approved | Ola    | Oslo   | phone_call    | 2018-12-31 23:30 |  20 | -     | c2      |       | before
/// |10 | approved | Ola    | Oslo   | phone_call    | 2020-01-01 00:00 |  20 | -     | c2      |       | after
/// |11 | approved | Ola    | Oslo   | phone_call    | 2019-12-31 23:59 |  15 | -     | c2      |       | last minute
///
/// Times of #9-#11 are Oslo's (the organization's calendar): #10 is still 31 December in UTC,
/// so counting UTC days would put it in 2019 and on the last day.
/// |12 | approved | Ola    | Oslo   | home_visit    | 2019-02-01 (deleted) | 60 | -  | c1      |       |
/// |13 | approved | Anne (Blindeforbundet, Trondheim) home_visit 2019-03-01, 90 min     |       | other org
async fn fixture(app: &TestApp, admin: &str) -> Fixture {
    let body = app
        .gql(
            Some(admin),
            "mutation($i: CreateReportPeriodInput!) { createReportPeriod(input: $i) { id } }",
            json!({ "i": { "name": "Bufdir 2019", "periodStart": "2019-01-01", "periodEnd": "2019-12-31" } }),
        )
        .await;
    let period: Uuid = ok(&body)["createReportPeriod"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let c1 = contact_of(app, "nhf", "oslo", 0).await;
    let c2 = contact_of(app, "nhf", "oslo", 1).await;
    let c3 = contact_of(app, "nhf", "bergen", 0).await;
    let e1 = entity::events::Entity::find()
        .filter(entity::events::Column::OrganizationId.eq(demo_id("org", "nhf")))
        .order_by_asc(entity::events::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("an NHF demo event")
        .id;
    let a = |y, m, d| at(y, m, d, 10, 0);
    use S::*;
    #[rustfmt::skip]
    let rows: Vec<(&str, &str, &str, DateTime<Utc>, i32, Option<i32>, Option<Uuid>, Option<Uuid>, S, bool)> = vec![
        (OLA, "oslo", "home_visit", a(2019, 3, 1), 60, None, Some(c1), None, Approved, false),
        (OLA, "oslo", "home_visit", a(2019, 3, 5), 90, Some(1), Some(c1), None, Approved, false),
        (OLA, "oslo", "phone_call", a(2019, 4, 1), 30, None, Some(c2), None, Approved, false),
        (INGRID, "oslo", "group_meeting", a(2019, 5, 10), 120, Some(8), None, Some(e1), Approved, false),
        (LARS, "bergen", "home_visit", a(2019, 6, 15), 45, Some(2), Some(c3), None, Approved, false),
        (LARS, "bergen", "admin_work", a(2019, 6, 16), 30, None, None, None, Approved, false),
        (OLA, "oslo", "home_visit", a(2019, 7, 1), 60, None, Some(c2), None, PendingReview, false),
        (LARS, "bergen", "phone_call", a(2019, 7, 2), 30, None, Some(c3), None, Rejected, false),
        (OLA, "oslo", "phone_call", oslo(2018, 12, 31, 23, 30), 20, None, Some(c2), None, Approved, false),
        (OLA, "oslo", "phone_call", oslo(2020, 1, 1, 0, 0), 20, None, Some(c2), None, Approved, false),
        (OLA, "oslo", "phone_call", oslo(2019, 12, 31, 23, 59), 15, None, Some(c2), None, Approved, false),
        (OLA, "oslo", "home_visit", a(2019, 2, 1), 60, None, Some(c1), None, Approved, true),
    ];
    for (mentor, la, kind, date, minutes, participants, contact, event, status, deleted) in rows {
        activity(
            app,
            "nhf",
            mentor,
            la,
            kind,
            date,
            minutes,
            participants,
            contact,
            event,
            status,
            deleted,
        )
        .await;
    }
    activity(
        app,
        "blindeforbundet",
        "blind.mentor@meander.dev",
        "trondheim",
        "home_visit",
        a(2019, 3, 1),
        90,
        None,
        None,
        None,
        Approved,
        false,
    )
    .await;
    Fixture { period, c1, c2, c3 }
}

mod bufdir;
mod stats;
