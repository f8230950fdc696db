//! Expenses through GraphQL: a peer mentor's report with items and receipts (totals follow the
//! items), paging and ordering, field rules, coordinator and peer mentor scopes, configuration
//! tables for org admins, and other organizations' rows answering null.

use crate::common;

use common::{TestApp, demo_id, error_code};
use serde_json::{Value, json};

fn ok(body: &Value) -> &Value {
    assert!(body["errors"].is_null(), "{body}");
    &body["data"]
}

const REPORT: &str = "query($id: UUID!) { travelExpenseReport(id: $id) { id purpose status totalAmountOre totalDistanceKm items { nodes { amountOre receipts { nodes { fileName } } } } } }";

#[tokio::test]
async fn peer_mentor_files_a_report_whose_totals_follow_its_items_then_deletes_it() {
    let app = TestApp::spawn().await;
    let eva = app.token("hlf.mentor@meander.dev").await;
    // Two days ago: newer than the demo's paid report (22 days before the same clock).
    let day = app.date(-2);
    let body = app
        .gql(
            Some(&eva),
            "mutation($i: CreateTravelExpenseReportInput!) { createTravelExpenseReport(input: $i) { id status claimant { firstName } localAssociation { name } } }",
            json!({ "i": {
                "localAssociationId": demo_id("la", "kristiansand"),
                "purpose": "Hjemmebesøk i Søgne",
                "periodStart": day,
                "periodEnd": day,
            } }),
        )
        .await;
    let report = ok(&body)["createTravelExpenseReport"].clone();
    let id = report["id"].as_str().unwrap().to_string();
    assert_eq!(report["status"], "DRAFT");
    assert_eq!(report["claimant"]["firstName"], "Eva");
    assert_eq!(report["localAssociation"]["name"], "HLF Kristiansand");

    let item = "mutation($i: CreateExpenseItemInput!) { createExpenseItem(input: $i) { id amountOre expenseType { key } } }";
    let body = app
        .gql(
            Some(&eva),
            item,
            json!({ "i": {
                "reportId": id, "expenseTypeId": demo_id("expense_type", "hlf:mileage"),
                "expenseDate": day, "amountOre": 4375,
                "distanceKm": 12.5, "rateOrePerKm": 350, "fromLocation": "Kristiansand", "toLocation": "Søgne",
            } }),
        )
        .await;
    assert_eq!(
        ok(&body)["createExpenseItem"]["expenseType"]["key"],
        "mileage"
    );
    let body = app
        .gql(
            Some(&eva),
            item,
            json!({ "i": {
                "reportId": id, "expenseTypeId": demo_id("expense_type", "hlf:toll"),
                "expenseDate": day, "amountOre": 4400, "receiptRequired": true,
            } }),
        )
        .await;
    let toll = ok(&body)["createExpenseItem"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = app
        .gql(
            Some(&eva),
            "mutation($i: CreateReceiptInput!) { createReceipt(input: $i) { id expenseItem { amountOre } } }",
            json!({ "i": {
                "expenseItemId": toll, "storagePath": "hlf/receipts/bom.jpg", "fileName": "bom.jpg",
                "mimeType": "image/jpeg", "fileSizeBytes": 150000, "captureSource": "CAMERA", "amountOre": 4400,
            } }),
        )
        .await;
    assert_eq!(ok(&body)["createReceipt"]["expenseItem"]["amountOre"], 4400);

    let body = app.gql(Some(&eva), REPORT, json!({ "id": id })).await;
    let read = &ok(&body)["travelExpenseReport"];
    assert_eq!(read["totalAmountOre"], 8775);
    assert_eq!(read["totalDistanceKm"], 12.5);
    assert_eq!(read["items"]["nodes"].as_array().unwrap().len(), 2);

    let body = app
        .gql(
            Some(&eva),
            "mutation($id: UUID!) { updateExpenseItem(id: $id, input: { amountOre: 5200 }) { amountOre } }",
            json!({ "id": toll }),
        )
        .await;
    assert_eq!(ok(&body)["updateExpenseItem"]["amountOre"], 5200);
    let body = app
        .gql(
            Some(&eva),
            "mutation($id: UUID!) { updateTravelExpenseReport(id: $id, input: { purpose: \"Hjemmebesøk og hørselskafé i Søgne\" }) { purpose status } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(ok(&body)["updateTravelExpenseReport"]["status"], "DRAFT");
    let body = app.gql(Some(&eva), REPORT, json!({ "id": id })).await;
    assert_eq!(ok(&body)["travelExpenseReport"]["totalAmountOre"], 9575);

    // Eva's reports: the paid one from the demo (22 days ago) and the new draft, by period.
    let list = "query($f: TravelExpenseReportFilter, $first: Int, $after: String, $last: Int, $before: String) {
        travelExpenseReports(filter: $f, first: $first, after: $after, last: $last, before: $before, orderBy: {field: PERIOD_START, direction: DESC}) {
            totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { purpose status } } }";
    let body = app.gql(Some(&eva), list, json!({ "first": 1 })).await;
    let page1 = &ok(&body)["travelExpenseReports"];
    assert_eq!(page1["totalCount"], 2);
    assert_eq!(page1["nodes"][0]["status"], "DRAFT");
    assert_eq!(page1["pageInfo"]["hasNextPage"], true);
    let body = app
        .gql(
            Some(&eva),
            list,
            json!({ "first": 1, "after": page1["pageInfo"]["endCursor"] }),
        )
        .await;
    let page2 = &ok(&body)["travelExpenseReports"];
    assert_eq!(page2["nodes"][0]["status"], "PAID");
    assert_eq!(page2["pageInfo"]["hasNextPage"], false);
    let body = app
        .gql(
            Some(&eva),
            list,
            json!({ "last": 1, "before": page2["pageInfo"]["startCursor"] }),
        )
        .await;
    assert_eq!(
        ok(&body)["travelExpenseReports"]["nodes"][0]["status"],
        "DRAFT"
    );
    let body = app
        .gql(
            Some(&eva),
            list,
            json!({ "f": { "status": { "eq": "PAID" } } }),
        )
        .await;
    assert_eq!(ok(&body)["travelExpenseReports"]["totalCount"], 1);

    // Deleting an item drops it from the total; deleting the report hides it.
    let body = app
        .gql(
            Some(&eva),
            "mutation($id: UUID!) { deleteExpenseItem(id: $id) { id } }",
            json!({ "id": toll }),
        )
        .await;
    ok(&body);
    let body = app.gql(Some(&eva), REPORT, json!({ "id": id })).await;
    assert_eq!(ok(&body)["travelExpenseReport"]["totalAmountOre"], 4375);
    let body = app
        .gql(
            Some(&eva),
            "mutation($id: UUID!) { deleteTravelExpenseReport(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    ok(&body);
    let body = app.gql(Some(&eva), REPORT, json!({ "id": id })).await;
    assert!(ok(&body)["travelExpenseReport"].is_null());
}

#[tokio::test]
async fn expense_field_rules_name_the_field_and_rule() {
    let app = TestApp::spawn().await;
    let eva = app.token("hlf.mentor@meander.dev").await;
    let report = demo_id("expense_report", "hlf:kristiansand");
    let cases = [
        (json!({ "amountOre": -1 }), "amountOre", "amount_range"),
        (
            json!({ "amountOre": 100, "distanceKm": 0.0, "rateOrePerKm": 350 }),
            "distanceKm",
            "distance_range",
        ),
        (
            json!({ "amountOre": 100, "passengerCount": 9 }),
            "passengerCount",
            "passenger_count_range",
        ),
    ];
    for (extra, field, rule) in cases {
        let mut input = json!({ "reportId": report, "expenseTypeId": demo_id("expense_type", "hlf:mileage"), "expenseDate": app.date(-3) });
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        let body = app
            .gql(
                Some(&eva),
                "mutation($i: CreateExpenseItemInput!) { createExpenseItem(input: $i) { id } }",
                json!({ "i": input }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
        assert_eq!(body["errors"][0]["extensions"]["rule"], rule, "{body}");
    }
    let body = app
        .gql(
            Some(&eva),
            &format!("mutation {{ createTravelExpenseReport(input: {{ localAssociationId: \"00000000-0000-0000-0000-000000000000\", purpose: \" \", periodStart: \"{d}\", periodEnd: \"{d}\" }}) {{ id }} }}", d = app.date(-3)),
            json!({}),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["rule"], "required_fields",
        "{body}"
    );
    // Status belongs to the reimbursement workflow.
    let body = app
        .gql(
            Some(&eva),
            "mutation($id: UUID!) { updateTravelExpenseReport(id: $id, input: { status: APPROVED }) { id } }",
            json!({ "id": report }),
        )
        .await;
    assert!(!body["errors"].is_null(), "{body}");
}

#[tokio::test]
async fn coordinator_reads_and_attests_reports_of_their_local_association_only() {
    let app = TestApp::spawn().await;
    let tor = app.token("hlf.coordinator@meander.dev").await;
    let body = app
        .gql(
            Some(&tor),
            "{ travelExpenseReports { totalCount nodes { purpose claimant { firstName } approvals { nodes { id decision } } } } expenseItems { totalCount } receipts { totalCount } reimbursementApprovals { totalCount } }",
            json!({}),
        )
        .await;
    let data = ok(&body);
    assert_eq!(data["travelExpenseReports"]["totalCount"], 1, "{data}");
    assert_eq!(
        data["travelExpenseReports"]["nodes"][0]["purpose"],
        "Buss til hjemmebesøk på Bragernes"
    );
    assert_eq!(data["expenseItems"]["totalCount"], 1);
    assert_eq!(data["receipts"]["totalCount"], 0);
    assert_eq!(data["reimbursementApprovals"]["totalCount"], 1);
    let approval = data["travelExpenseReports"]["nodes"][0]["approvals"]["nodes"][0].clone();
    assert_eq!(approval["decision"], "RETURNED");
    let body = app
        .gql(
            Some(&tor),
            "mutation($id: UUID!) { updateReimbursementApproval(id: $id, input: { comment: \"Kvittering mottatt på e-post.\" }) { comment decision } }",
            json!({ "id": approval["id"] }),
        )
        .await;
    assert_eq!(
        ok(&body)["updateReimbursementApproval"]["decision"],
        "RETURNED"
    );

    // Kristiansand's report is outside Tor's local association; reports are not his to file.
    let body = app
        .gql(
            Some(&tor),
            REPORT,
            json!({ "id": demo_id("expense_report", "hlf:kristiansand") }),
        )
        .await;
    assert!(ok(&body)["travelExpenseReport"].is_null());
    let body = app
        .gql(
            Some(&tor),
            &format!("mutation($la: UUID!) {{ createTravelExpenseReport(input: {{ localAssociationId: $la, purpose: \"Kjøring\", periodStart: \"{d}\", periodEnd: \"{d}\" }}) {{ id }} }}", d = app.date(-3)),
            json!({ "la": demo_id("la", "drammen") }),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn peer_mentor_sees_only_own_reports_and_the_organizations_expense_configuration() {
    let app = TestApp::spawn().await;
    let ingrid = app.token("nhf.mentor2@meander.dev").await;
    let body = app
        .gql(
            Some(&ingrid),
            "{ travelExpenseReports { totalCount } expenseItems { totalCount } receipts { totalCount } reimbursementApprovals { totalCount } expenseTypes(orderBy: {field: SORT_ORDER}) { totalCount nodes { key } } }",
            json!({}),
        )
        .await;
    let data = ok(&body);
    for f in [
        "travelExpenseReports",
        "expenseItems",
        "receipts",
        "reimbursementApprovals",
    ] {
        assert_eq!(data[f]["totalCount"], 0, "{f}: {data}");
    }
    assert_eq!(data["expenseTypes"]["totalCount"], 4);
    assert_eq!(data["expenseTypes"]["nodes"][0]["key"], "mileage");
    let body = app
        .gql(
            Some(&ingrid),
            "{ expenseAutoApprovalRules { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(ok(&body)["expenseAutoApprovalRules"]["totalCount"], 1);
    let body = app
        .gql(
            Some(&ingrid),
            "mutation { createExpenseAutoApprovalRule(input: { name: \"Alt\" }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body}");

    // Ola sees his NHF report, its receipt and its automatic approval.
    let ola = app.token("nhf.mentor@meander.dev").await;
    let body = app
        .gql(
            Some(&ola),
            "{ reimbursementApprovals { nodes { decision autoApprovalRule { name } report { purpose totalAmountOre activity { title } } } } receipts { totalCount } }",
            json!({}),
        )
        .await;
    let data = ok(&body);
    let approval = &data["reimbursementApprovals"]["nodes"][0];
    assert_eq!(approval["decision"], "AUTO_APPROVED");
    assert_eq!(
        approval["autoApprovalRule"]["name"],
        "Små beløp under 500 kr"
    );
    assert_eq!(approval["report"]["totalAmountOre"], 14610);
    assert_eq!(
        approval["report"]["activity"]["title"],
        "Hjemmebesøk på Tåsen"
    );
    assert_eq!(data["receipts"]["totalCount"], 1);
}

#[tokio::test]
async fn org_admin_manages_expense_configuration_and_other_organizations_rows_answer_null() {
    let app = TestApp::spawn().await;
    let admin = app.token("hlf.admin@meander.dev").await;
    let body = app
        .gql(
            Some(&admin),
            "mutation { createExpenseType(input: { key: \"ferry\", name: \"Ferje\", category: PUBLIC_TRANSIT, receiptThresholdOre: 0, sortOrder: 50 }) { id isSystemDefault } }",
            json!({}),
        )
        .await;
    let ty = ok(&body)["createExpenseType"].clone();
    assert_eq!(ty["isSystemDefault"], false);
    let body = app
        .gql(
            Some(&admin),
            "mutation($t: UUID!) { createExpenseAutoApprovalRule(input: { name: \"Ferje under 200 kr\", expenseTypeId: $t, maxTotalAmountOre: 20000 }) { id priority expenseType { key } } }",
            json!({ "t": ty["id"] }),
        )
        .await;
    let rule = ok(&body)["createExpenseAutoApprovalRule"].clone();
    assert_eq!(rule["expenseType"]["key"], "ferry");
    assert_eq!(rule["priority"], 100);
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { updateExpenseAutoApprovalRule(id: $id, input: { isActive: false }) { isActive } }",
            json!({ "id": rule["id"] }),
        )
        .await;
    assert_eq!(
        ok(&body)["updateExpenseAutoApprovalRule"]["isActive"],
        false
    );
    let body = app
        .gql(
            Some(&admin),
            "{ expenseAutoApprovalRules(orderBy: {field: PRIORITY}, filter: {isActive: {eq: true}}) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(ok(&body)["expenseAutoApprovalRules"]["totalCount"], 1);
    let body = app
        .gql(
            Some(&admin),
            "mutation($id: UUID!) { deleteExpenseAutoApprovalRule(id: $id) { id } }",
            json!({ "id": rule["id"] }),
        )
        .await;
    ok(&body);

    let q = "query($r: UUID!, $i: UUID!, $c: UUID!, $a: UUID!, $t: UUID!) { travelExpenseReport(id: $r) { id } expenseItem(id: $i) { id } receipt(id: $c) { id } reimbursementApproval(id: $a) { id } expenseType(id: $t) { id } }";
    let nhf = json!({
        "r": demo_id("expense_report", "nhf:tasen"),
        "i": demo_id("expense_item", "nhf:tasen:0"),
        "c": demo_id("receipt", "nhf:tasen:1"),
        "a": demo_id("reimbursement_approval", "nhf:tasen"),
        "t": demo_id("expense_type", "nhf:mileage"),
    });
    let body = app.gql(Some(&admin), q, nhf).await;
    let data = ok(&body);
    for f in [
        "travelExpenseReport",
        "expenseItem",
        "receipt",
        "reimbursementApproval",
        "expenseType",
    ] {
        assert!(data[f].is_null(), "{f}: {data}");
    }
    let own = json!({
        "r": demo_id("expense_report", "hlf:kristiansand"),
        "i": demo_id("expense_item", "hlf:kristiansand:0"),
        "c": demo_id("receipt", "hlf:kristiansand:1"),
        "a": demo_id("reimbursement_approval", "hlf:kristiansand"),
        "t": demo_id("expense_type", "hlf:mileage"),
    });
    let body = app.gql(Some(&admin), q, own).await;
    let data = ok(&body);
    for f in [
        "travelExpenseReport",
        "expenseItem",
        "receipt",
        "reimbursementApproval",
        "expenseType",
    ] {
        assert!(!data[f].is_null(), "{f}: {data}");
    }
}
