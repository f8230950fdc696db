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

#[tokio::test]
async fn bufdir_reporting_inclusion_report_numbers_match_the_hand_computed_fixture() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let fx = fixture(&app, &admin).await;
    let _ = (fx.c1, fx.c2, fx.c3);

    let body = app
        .gql(Some(&admin), &generate(), json!({ "p": fx.period }))
        .await;
    let out = &ok(&body)["generateBufdirReport"];
    let stats = &out["stats"];
    assert_eq!(stats["from"], "2019-01-01");
    assert_eq!(stats["to"], "2019-12-31");
    // Included: #1, 2, 3, 4, 5, 11 (6 is not_reported; 7, 8 not approved; 9, 10 outside;
    // 12 deleted; 13 another organization).
    assert_counts(&stats["totals"], (6, 360, 6.0, 14, 3, 3, 1), "totals");

    let by_type = &stats["byActivityType"];
    assert_eq!(by_type.as_array().unwrap().len(), 3, "{by_type}");
    let home = find(by_type, "key", json!("home_visit"));
    assert_eq!(home["bufdirCategory"], "INDIVIDUAL_SUPPORT");
    assert_eq!(
        home["activityTypeId"],
        json!(demo_id("activity_type", "nhf:home_visit"))
    );
    assert_counts(home, (3, 195, 3.25, 4, 2, 2, 0), "home_visit");
    assert_counts(
        find(by_type, "key", json!("phone_call")),
        (2, 45, 0.75, 2, 1, 1, 0),
        "phone_call",
    );
    assert_counts(
        find(by_type, "key", json!("group_meeting")),
        (1, 120, 2.0, 8, 0, 1, 1),
        "group_meeting",
    );

    let by_category = &stats["byBufdirCategory"];
    assert_eq!(
        by_category
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["bufdirCategory"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["INDIVIDUAL_SUPPORT", "PHONE_SUPPORT", "GROUP_ACTIVITY"]
    );
    assert_counts(&by_category[0], (3, 195, 3.25, 4, 2, 2, 0), "individual");
    assert_counts(&by_category[1], (2, 45, 0.75, 2, 1, 1, 0), "phone");
    assert_counts(&by_category[2], (1, 120, 2.0, 8, 0, 1, 1), "group");

    let by_la = &stats["byLocalAssociation"];
    assert_eq!(by_la.as_array().unwrap().len(), 2, "{by_la}");
    assert_eq!(by_la[0]["name"], "NHF Bergen");
    assert_eq!(
        by_la[0]["localAssociationId"],
        json!(demo_id("la", "bergen"))
    );
    assert_counts(&by_la[0], (1, 45, 0.75, 2, 1, 1, 0), "bergen");
    assert_eq!(by_la[1]["name"], "NHF Oslo");
    assert_counts(&by_la[1], (5, 315, 5.25, 12, 2, 2, 1), "oslo");

    // The stored snapshot holds the same numbers.
    let report = &out["report"];
    assert_eq!(report["version"], 1);
    assert_eq!(report["status"], "READY");
    assert_eq!(report["reportPeriodId"], json!(fx.period));
    assert_eq!(
        (
            report["approvedActivityCount"].as_i64(),
            report["totalMinutes"].as_i64(),
            report["participantCount"].as_i64(),
            report["uniqueContactCount"].as_i64(),
            report["peerMentorCount"].as_i64(),
            report["eventCount"].as_i64(),
        ),
        // Events held in 2019: none (the group meeting's event e1 was held in 2026), so the
        // activities' own participants stand (`tests/bufdir_events.rs` has held events).
        (Some(6), Some(360), Some(14), Some(3), Some(3), Some(0))
    );
    let breakdown = &report["breakdown"];
    assert_eq!(breakdown["totals"], stats["totals"]);
    // Categories are stored as their database values (snake_case).
    assert_eq!(
        without_category(&breakdown["byActivityType"]),
        without_category(&stats["byActivityType"])
    );
    assert_eq!(
        without_category(&breakdown["byBufdirCategory"]),
        without_category(&stats["byBufdirCategory"])
    );
    assert_eq!(
        breakdown["byBufdirCategory"][0]["bufdirCategory"],
        "individual_support"
    );
    assert_eq!(breakdown["byLocalAssociation"], stats["byLocalAssociation"]);
    let id: Uuid = report["id"].as_str().unwrap().parse().unwrap();
    let row = bufdir_reports::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.approved_activity_count, 6);
    assert_eq!(row.total_minutes, 360);
    assert_eq!(row.organization_id, demo_id("org", "nhf"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bufdir_report_is_repeatable_and_versioned() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let fx = fixture(&app, &admin).await;
    let first = app
        .gql(Some(&admin), &generate(), json!({ "p": fx.period }))
        .await;
    let first = ok(&first)["generateBufdirReport"].clone();
    let second = app
        .gql(Some(&admin), &generate(), json!({ "p": fx.period }))
        .await;
    let second = ok(&second)["generateBufdirReport"].clone();
    // Same input, same numbers.
    assert_eq!(first["stats"], second["stats"]);
    assert_eq!(first["report"]["breakdown"], second["report"]["breakdown"]);
    // The second generation is version 2; version 1 is superseded.
    assert_eq!(second["report"]["version"], 2);
    assert_eq!(
        second["supersededReportIds"],
        json!([first["report"]["id"]])
    );
    let rows = bufdir_reports::Entity::find()
        .filter(bufdir_reports::Column::ReportPeriodId.eq(fx.period))
        .order_by_asc(bufdir_reports::Column::Version)
        .all(&app.db)
        .await
        .unwrap();
    let states: Vec<(i32, bufdir_reports::BufdirReportStatus)> =
        rows.iter().map(|r| (r.version, r.status)).collect();
    assert_eq!(
        states,
        [
            (1, bufdir_reports::BufdirReportStatus::Superseded),
            (2, bufdir_reports::BufdirReportStatus::Ready),
        ]
    );

    // Concurrent generations get distinct versions, one of them left ready.
    let reqs: Vec<_> = (0..3)
        .map(|_| {
            app.client
                .post(format!("{}/graphql", app.base))
                .bearer_auth(&admin)
                .json(&json!({ "query": generate(), "variables": { "p": fx.period } }))
        })
        .map(|r| {
            tokio::spawn(async move { r.send().await.unwrap().json::<Value>().await.unwrap() })
        })
        .collect();
    for r in reqs {
        let body = r.await.unwrap();
        assert_eq!(
            body["data"]["generateBufdirReport"]["stats"], first["stats"],
            "{body}"
        );
    }
    let rows = bufdir_reports::Entity::find()
        .filter(bufdir_reports::Column::ReportPeriodId.eq(fx.period))
        .order_by_asc(bufdir_reports::Column::Version)
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        rows.iter().map(|r| r.version).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    let ready = rows
        .iter()
        .filter(|r| r.status == bufdir_reports::BufdirReportStatus::Ready)
        .count();
    assert_eq!(ready, 1);
}

#[tokio::test]
async fn generate_reports_permission_and_period_scope_are_enforced() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let fx = fixture(&app, &admin).await;
    for email in ["nhf.coordinator@meander.dev", "nhf.mentor2@meander.dev"] {
        let token = app.token(email).await;
        let body = app
            .gql(Some(&token), &generate(), json!({ "p": fx.period }))
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{email}: {body}");
    }
    // Another organization's admin: the period does not exist for them.
    let other = app.token("blind.admin@meander.dev").await;
    let body = app
        .gql(Some(&other), &generate(), json!({ "p": fx.period }))
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    let written = bufdir_reports::Entity::find()
        .filter(bufdir_reports::Column::ReportPeriodId.eq(fx.period))
        .all(&app.db)
        .await
        .unwrap();
    assert!(written.is_empty());
}

#[tokio::test]
async fn team_activity_stats_count_only_the_coordinators_local_associations() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let _fx = fixture(&app, &admin).await;
    let range = |la: Option<Uuid>| json!({ "f": "2019-01-01", "t": "2019-12-31", "la": la });

    // Kari coordinates Oslo and Bærum: #1, 2, 3, 4, 11.
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let body = app.gql(Some(&coordinator), &team(), range(None)).await;
    let stats = &ok(&body)["teamActivityStats"];
    assert_counts(&stats["totals"], (5, 315, 5.25, 12, 2, 2, 1), "oslo team");
    assert_eq!(stats["byLocalAssociation"].as_array().unwrap().len(), 1);
    assert_eq!(stats["byLocalAssociation"][0]["name"], "NHF Oslo");
    // Naming Oslo gives the same; Bergen is not hers.
    let body = app
        .gql(
            Some(&coordinator),
            &team(),
            range(Some(demo_id("la", "oslo"))),
        )
        .await;
    assert_eq!(ok(&body)["teamActivityStats"]["totals"], stats["totals"]);
    let body = app
        .gql(
            Some(&coordinator),
            &team(),
            range(Some(demo_id("la", "bergen"))),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    // Another organization's local association is not a reference she can make.
    let body = app
        .gql(
            Some(&coordinator),
            &team(),
            range(Some(demo_id("la", "trondheim"))),
        )
        .await;
    assert_eq!(
        rule(&body),
        ("localAssociationId", "reference_in_scope"),
        "{body}"
    );

    // The org admin's Bergen: #5 and the not_reported #6 (statistics keep every category).
    let body = app
        .gql(Some(&admin), &team(), range(Some(demo_id("la", "bergen"))))
        .await;
    let stats = &ok(&body)["teamActivityStats"];
    assert_counts(&stats["totals"], (2, 75, 1.25, 3, 1, 1, 0), "bergen team");
    assert_counts(
        find(
            &stats["byBufdirCategory"],
            "bufdirCategory",
            json!("NOT_REPORTED"),
        ),
        (1, 30, 0.5, 1, 0, 1, 0),
        "not reported",
    );
    // The whole organization: #1-6 and 11.
    let body = app.gql(Some(&admin), &team(), range(None)).await;
    assert_counts(
        &ok(&body)["teamActivityStats"]["totals"],
        (7, 390, 6.5, 15, 3, 3, 1),
        "nhf team",
    );

    // Peer mentors have no team statistics.
    let mentor = app.token("nhf.mentor2@meander.dev").await;
    let body = app.gql(Some(&mentor), &team(), range(None)).await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn my_activity_stats_count_only_the_viewers_own_approved_activities() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let _fx = fixture(&app, &admin).await;
    let range = json!({ "f": "2019-01-01", "t": "2019-12-31" });

    let lars = app.token(LARS).await;
    let body = app.gql(Some(&lars), &mine(), range.clone()).await;
    let stats = &ok(&body)["myActivityStats"];
    assert_counts(&stats["totals"], (2, 75, 1.25, 3, 1, 1, 0), "lars");
    assert_eq!(stats["byBufdirCategory"].as_array().unwrap().len(), 2);

    let ingrid = app.token(INGRID).await;
    let body = app.gql(Some(&ingrid), &mine(), range.clone()).await;
    assert_counts(
        &ok(&body)["myActivityStats"]["totals"],
        (1, 120, 2.0, 8, 0, 1, 1),
        "ingrid",
    );

    // Ola: #1, 2, 3, 11 (one day only: #11 on the last day, Oslo's, not #10).
    let ola = app.login_payload(OLA, Some(demo_id("org", "nhf"))).await["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    let body = app.gql(Some(&ola), &mine(), range.clone()).await;
    assert_counts(
        &ok(&body)["myActivityStats"]["totals"],
        (4, 195, 3.25, 4, 2, 1, 0),
        "ola",
    );
    let body = app
        .gql(
            Some(&ola),
            &mine(),
            json!({ "f": "2019-12-31", "t": "2019-12-31" }),
        )
        .await;
    assert_counts(
        &ok(&body)["myActivityStats"]["totals"],
        (1, 15, 0.25, 1, 1, 1, 0),
        "ola last day",
    );
    // An empty range answers zeros; a reversed one is refused.
    let body = app
        .gql(
            Some(&ola),
            &mine(),
            json!({ "f": "2015-01-01", "t": "2015-12-31" }),
        )
        .await;
    assert_counts(
        &ok(&body)["myActivityStats"]["totals"],
        (0, 0, 0.0, 0, 0, 0, 0),
        "empty",
    );
    let body = app
        .gql(
            Some(&ola),
            &mine(),
            json!({ "f": "2019-12-31", "t": "2019-01-01" }),
        )
        .await;
    assert_eq!(rule(&body), ("to", "date_range"), "{body}");
}
