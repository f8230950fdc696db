//! Recognition and reporting through GraphQL: CRUD round trips as org admin, read-only computed
//! tables, coordinator and peer mentor scopes, and other organizations' rows answering null.

use crate::common;

use common::{TestApp, demo_id, error_code};
use serde_json::{Value, json};

fn ok(body: &Value) -> &Value {
    assert!(body["errors"].is_null(), "{body}");
    &body["data"]
}

fn strings(conn: &Value, field: &str) -> Vec<String> {
    conn["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("no nodes in {conn}"))
        .iter()
        .map(|n| n[field].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn org_admin_creates_reads_updates_lists_pages_and_deletes_report_periods() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "mutation($i: CreateReportPeriodInput!) { createReportPeriod(input: $i) { id name status periodStart periodEnd } }",
            json!({ "i": { "name": "Bufdir 2027", "periodStart": "2027-01-01", "periodEnd": "2027-12-31", "submissionDeadline": "2028-03-01" } }),
        )
        .await;
    let created = ok(&body)["createReportPeriod"].clone();
    assert_eq!(created["status"], "OPEN");
    assert_eq!(created["periodStart"], "2027-01-01");
    let id = created["id"].as_str().unwrap().to_string();

    let read = "query($id: UUID!) { reportPeriod(id: $id) { name status organization { slug } } }";
    let body = app.gql(Some(&admin), read, json!({ "id": id })).await;
    assert_eq!(ok(&body)["reportPeriod"]["organization"]["slug"], "nhf");

    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!, $i: UpdateReportPeriodInput!) { updateReportPeriod(id: $id, input: $i) { name status } }",
            json!({ "id": id, "i": { "name": "Bufdir 2027 (foreløpig)", "status": "CLOSED" } }),
        )
        .await;
    assert_eq!(ok(&body)["updateReportPeriod"]["status"], "CLOSED");

    let list = "query($first: Int, $after: String, $last: Int, $before: String) {
        reportPeriods(filter: {periodStart: {gte: \"2025-01-01\"}}, orderBy: {field: PERIOD_START, direction: DESC}, first: $first, after: $after, last: $last, before: $before) {
            totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { name } } }";
    let body = app.gql(Some(&admin), list, json!({ "first": 2 })).await;
    let p1 = &ok(&body)["reportPeriods"];
    assert_eq!(p1["totalCount"], 3);
    assert_eq!(
        strings(p1, "name"),
        vec!["Bufdir 2027 (foreløpig)", "Bufdir 2026"]
    );
    assert_eq!(p1["pageInfo"]["hasNextPage"], true);
    let body = app
        .gql(
            Some(&admin),
            list,
            json!({ "first": 2, "after": p1["pageInfo"]["endCursor"] }),
        )
        .await;
    let p2 = &ok(&body)["reportPeriods"];
    assert_eq!(strings(p2, "name"), vec!["Bufdir 2025"]);
    assert_eq!(p2["pageInfo"]["hasPreviousPage"], true);
    let body = app
        .gql(
            Some(&admin),
            list,
            json!({ "last": 1, "before": p2["pageInfo"]["startCursor"] }),
        )
        .await;
    assert_eq!(
        strings(&ok(&body)["reportPeriods"], "name"),
        vec!["Bufdir 2026"]
    );

    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { deleteReportPeriod(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let body = app.gql(Some(&admin), read, json!({ "id": id })).await;
    assert!(ok(&body)["reportPeriod"].is_null());
}

#[tokio::test]
async fn org_admin_defines_a_badge_awards_it_and_takes_both_back() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "mutation($i: CreateAchievementBadgeInput!) { createAchievementBadge(input: $i) { id key measurementWindow isActive } }",
            json!({ "i": { "key": "contacts_10", "name": "Ti kontakter", "icon": "people", "metric": "UNIQUE_CONTACTS", "threshold": 10, "sortOrder": 50 } }),
        )
        .await;
    let badge = ok(&body)["createAchievementBadge"].clone();
    assert_eq!(badge["measurementWindow"], "ALL_TIME");
    let badge_id = badge["id"].as_str().unwrap().to_string();

    let mentor2 = demo_id("user", "nhf.mentor2@meander.dev");
    let body = app
        .gql(
            Some(&admin),
            "mutation($i: CreateUserBadgeInput!) { createUserBadge(input: $i) { id user { firstName } badge { name } seenAt } }",
            json!({ "i": { "userId": mentor2, "achievementBadgeId": badge_id, "awardedAt": "2026-05-01T12:00:00Z", "metricValue": 10 } }),
        )
        .await;
    let award = ok(&body)["createUserBadge"].clone();
    assert_eq!(award["user"]["firstName"], "Ingrid");
    assert_eq!(award["badge"]["name"], "Ti kontakter");
    assert!(award["seenAt"].is_null());
    let award_id = award["id"].as_str().unwrap().to_string();

    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!, $i: UpdateUserBadgeInput!) { updateUserBadge(id: $id, input: $i) { seenAt } }",
            json!({ "id": award_id, "i": { "seenAt": "2026-05-02T08:00:00Z" } }),
        )
        .await;
    assert!(!ok(&body)["updateUserBadge"]["seenAt"].is_null());

    let body = app
        .gql(
            Some(&admin),
            "query($u: UUID!, $b: UUID!) {
                userBadges(filter: {userId: {eq: $u}}, orderBy: {field: AWARDED_AT, direction: DESC}) { totalCount nodes { badge { key } } }
                achievementBadge(id: $b) { awards { totalCount } } }",
            json!({ "u": mentor2, "b": badge_id }),
        )
        .await;
    let data = ok(&body);
    assert_eq!(data["userBadges"]["totalCount"], 2);
    assert_eq!(
        data["userBadges"]["nodes"][0]["badge"]["key"],
        "contacts_10"
    );
    assert_eq!(data["achievementBadge"]["awards"]["totalCount"], 1);

    // A bad key names its rule.
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!, $i: UpdateAchievementBadgeInput!) { updateAchievementBadge(id: $id, input: $i) { key } }",
            json!({ "id": badge_id, "i": { "key": "Ti Kontakter!" } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["rule"], "badge_key_format");

    for (mutation, id) in [
        ("deleteUserBadge", &award_id),
        ("deleteAchievementBadge", &badge_id),
    ] {
        let body = app
            .gql(
                Some(&admin),
                &format!("mutation($id: UUID!) {{ {mutation}(id: $id) {{ id }} }}"),
                json!({ "id": id }),
            )
            .await;
        ok(&body);
    }
    let body = app
        .gql(
            Some(&admin),
            "query($a: UUID!, $b: UUID!) { userBadge(id: $a) { id } achievementBadge(id: $b) { id } }",
            json!({ "a": award_id, "b": badge_id }),
        )
        .await;
    assert!(ok(&body)["userBadge"].is_null());
    assert!(ok(&body)["achievementBadge"].is_null());
}

#[tokio::test]
async fn org_admin_round_trips_a_custom_report_definition() {
    let app = TestApp::spawn().await;
    let admin = app.token("hlf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "mutation($i: CreateCustomReportDefinitionInput!) { createCustomReportDefinition(input: $i) { id visualization isShared groupBy } }",
            json!({ "i": { "name": "Aktiviteter per type", "source": "ACTIVITIES", "groupBy": ["activityType"], "columns": [{ "aggregate": "count" }] } }),
        )
        .await;
    let created = ok(&body)["createCustomReportDefinition"].clone();
    assert_eq!(created["visualization"], "TABLE");
    assert_eq!(created["isShared"], false);
    assert_eq!(created["groupBy"], json!(["activityType"]));
    let id = created["id"].as_str().unwrap().to_string();

    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!, $i: UpdateCustomReportDefinitionInput!) { updateCustomReportDefinition(id: $id, input: $i) { isShared visualization } }",
            json!({ "id": id, "i": { "isShared": true, "visualization": "PIE_CHART" } }),
        )
        .await;
    assert_eq!(
        ok(&body)["updateCustomReportDefinition"]["visualization"],
        "PIE_CHART"
    );

    let body = app
        .gql(
            Some(&admin),
            "{ customReportDefinitions(filter: {source: {eq: ACTIVITIES}}, orderBy: {field: NAME}) { totalCount nodes { name } } }",
            json!({}),
        )
        .await;
    let list = &ok(&body)["customReportDefinitions"];
    assert_eq!(
        strings(list, "name"),
        vec!["Aktiviteter per lokallag", "Aktiviteter per type"]
    );

    // Coordinators see only the shared definitions.
    let coordinator = app.token("hlf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            "{ customReportDefinitions { totalCount nodes { isShared } } }",
            json!({}),
        )
        .await;
    let list = &ok(&body)["customReportDefinitions"];
    assert_eq!(list["totalCount"], 2);
    assert!(
        list["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["isShared"] == true)
    );

    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { deleteCustomReportDefinition(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let body = app
        .gql(
            Some(&admin),
            "query($id: UUID!) { customReportDefinition(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert!(ok(&body)["customReportDefinition"].is_null());
}

#[tokio::test]
async fn org_admin_queues_and_discards_an_accounting_export() {
    let app = TestApp::spawn().await;
    let admin = app.token("blind.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "mutation($i: CreateAccountingExportInput!) { createAccountingExport(input: $i) { id status format dateFrom dateTo filePath } }",
            json!({ "i": { "format": "XLEDGER", "dateFrom": "2026-03-01", "dateTo": "2026-03-31" } }),
        )
        .await;
    let job = ok(&body)["createAccountingExport"].clone();
    assert_eq!(job["status"], "QUEUED", "the server sets the status");
    assert!(job["filePath"].is_null());
    let id = job["id"].as_str().unwrap().to_string();

    let body = app
        .gql(
            Some(&admin),
            "{ accountingExports(filter: {status: {eq: QUEUED}}, orderBy: {field: CREATED_AT, direction: DESC}) { totalCount nodes { id } } }",
            json!({}),
        )
        .await;
    let list = &ok(&body)["accountingExports"];
    assert_eq!(list["totalCount"], 2);
    assert_eq!(list["nodes"][0]["id"], id.as_str());

    // The coordinator reads the jobs but cannot queue one.
    let coordinator = app.token("blind.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($i: CreateAccountingExportInput!) { createAccountingExport(input: $i) { id } }",
            json!({ "i": { "format": "CSV", "dateFrom": "2026-03-01", "dateTo": "2026-03-31" } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    let body = app
        .gql(
            Some(&coordinator),
            "{ accountingExports { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(ok(&body)["accountingExports"]["totalCount"], 3);

    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { deleteAccountingExport(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let body = app
        .gql(
            Some(&admin),
            "query($id: UUID!) { accountingExport(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert!(ok(&body)["accountingExport"].is_null());
}

#[tokio::test]
async fn computed_and_generated_tables_have_no_mutations() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "{ __schema { mutationType { fields { name } } } }",
            json!({}),
        )
        .await;
    let names: Vec<String> = ok(&body)["__schema"]["mutationType"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    for present in [
        "createReportPeriod",
        "createAccountingExport",
        "deleteAccountingExport",
    ] {
        assert!(names.iter().any(|n| n == present), "{present} missing");
    }
    for absent in [
        "createImpactSummary",
        "updateImpactSummary",
        "createBenefitEstimate",
        "deleteBenefitEstimate",
        "createBufdirReport",
        "updateBufdirReport",
        "deleteBufdirReport",
        "updateAccountingExport",
    ] {
        assert!(
            !names.iter().any(|n| n == absent),
            "{absent} must not exist"
        );
    }
}

#[tokio::test]
async fn org_admin_reads_generated_bufdir_reports_with_their_period() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "query($p: UUID!) {
                bufdirReports(filter: {status: {eq: SUBMITTED}}) { totalCount nodes { version approvedActivityCount bufdirReference reportPeriod { name } } }
                reportPeriod(id: $p) { bufdirReports { totalCount } } }",
            json!({ "p": demo_id("report_period", "nhf:2025") }),
        )
        .await;
    let data = ok(&body);
    assert_eq!(data["bufdirReports"]["totalCount"], 1);
    let report = &data["bufdirReports"]["nodes"][0];
    assert_eq!(report["version"], 2);
    assert_eq!(report["bufdirReference"], "BUFDIR-2025-NHF");
    assert_eq!(report["reportPeriod"]["name"], "Bufdir 2025");
    assert_eq!(data["reportPeriod"]["bufdirReports"]["totalCount"], 2);
}

#[tokio::test]
async fn peer_mentor_sees_only_their_own_badges_and_published_summaries() {
    let app = TestApp::spawn().await;
    let mentor = app.token("nhf.mentor2@meander.dev").await;
    let me = demo_id("user", "nhf.mentor2@meander.dev").to_string();
    let body = app
        .gql(
            Some(&mentor),
            "{ achievementBadges { totalCount }
               userBadges { totalCount nodes { userId badge { key } } }
               impactSummaries { totalCount nodes { userId periodKind publishedAt } }
               benefitEstimates { totalCount nodes { userId estimatedValueOre } } }",
            json!({}),
        )
        .await;
    let data = ok(&body);
    assert_eq!(data["achievementBadges"]["totalCount"], 4);
    assert_eq!(data["userBadges"]["totalCount"], 1);
    assert_eq!(data["userBadges"]["nodes"][0]["userId"], me.as_str());
    assert_eq!(
        data["userBadges"]["nodes"][0]["badge"]["key"],
        "first_activity"
    );
    // The computed 2026 half-year summary is not published yet.
    assert_eq!(data["impactSummaries"]["totalCount"], 1);
    assert_eq!(data["impactSummaries"]["nodes"][0]["periodKind"], "ANNUAL");
    assert_eq!(data["impactSummaries"]["nodes"][0]["userId"], me.as_str());
    assert_eq!(data["benefitEstimates"]["totalCount"], 1);

    // Report tables are not the peer mentor's.
    for q in [
        "{ reportPeriods { totalCount } }",
        "{ bufdirReports { totalCount } }",
        "{ customReportDefinitions { totalCount } }",
        "{ accountingExports { totalCount } }",
    ] {
        let body = app.gql(Some(&mentor), q, json!({})).await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{q}: {body}");
    }
    // Nor can they award themselves a badge.
    let body = app
        .gql(
            Some(&mentor),
            "mutation($i: CreateUserBadgeInput!) { createUserBadge(input: $i) { id } }",
            json!({ "i": { "userId": me, "achievementBadgeId": demo_id("badge", "nhf:activities_50"), "awardedAt": "2026-05-01T12:00:00Z" } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn coordinator_reads_reports_and_summaries_of_their_associations_members() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&coordinator),
            "{ impactSummaries(filter: {periodKind: {eq: ANNUAL}}) { totalCount }
               userBadges { totalCount }
               bufdirReports { totalCount }
               reportPeriods { totalCount } }",
            json!({}),
        )
        .await;
    let data = ok(&body);
    // Ola and Ingrid are in Oslo; Lars (Bergen) is outside this coordinator's reach.
    assert_eq!(data["impactSummaries"]["totalCount"], 2);
    assert_eq!(data["userBadges"]["totalCount"], 3);
    assert_eq!(data["bufdirReports"]["totalCount"], 2);
    assert_eq!(data["reportPeriods"]["totalCount"], 2);
    let body = app
        .gql(
            Some(&coordinator),
            "mutation($i: CreateReportPeriodInput!) { createReportPeriod(input: $i) { id } }",
            json!({ "i": { "name": "Bufdir 2027", "periodStart": "2027-01-01", "periodEnd": "2027-12-31" } }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn another_organizations_reporting_rows_by_id_are_null() {
    let app = TestApp::spawn().await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "query($b: UUID!, $ub: UUID!, $is: UUID!, $be: UUID!, $rp: UUID!, $br: UUID!, $cr: UUID!, $ae: UUID!) {
                achievementBadge(id: $b) { id } userBadge(id: $ub) { id } impactSummary(id: $is) { id }
                benefitEstimate(id: $be) { id } reportPeriod(id: $rp) { id } bufdirReport(id: $br) { id }
                customReportDefinition(id: $cr) { id } accountingExport(id: $ae) { id } }",
            json!({
                "b": demo_id("badge", "hlf:first_activity"),
                "ub": demo_id("user_badge", "hlf:hlf.mentor@meander.dev:first_activity:None"),
                "is": demo_id("impact_summary", "blindeforbundet:blind.mentor@meander.dev:2025"),
                "be": demo_id("benefit_estimate", "hlf:nhf.mentor@meander.dev:2025"),
                "rp": demo_id("report_period", "hlf:2025"),
                "br": demo_id("bufdir_report", "hlf:2025:v2"),
                "cr": demo_id("custom_report", "blindeforbundet:activities_per_la"),
                "ae": demo_id("accounting_export", "hlf:2026-01"),
            }),
        )
        .await;
    let data = ok(&body);
    for field in [
        "achievementBadge",
        "userBadge",
        "impactSummary",
        "benefitEstimate",
        "reportPeriod",
        "bufdirReport",
        "customReportDefinition",
        "accountingExport",
    ] {
        assert!(data[field].is_null(), "{field}: {body}");
    }
    // The same ids answer in their own organization.
    let hlf = app.token("hlf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&hlf),
            "query($br: UUID!) { bufdirReport(id: $br) { version } }",
            json!({ "br": demo_id("bufdir_report", "hlf:2025:v2") }),
        )
        .await;
    assert_eq!(ok(&body)["bufdirReport"]["version"], 2);
}
