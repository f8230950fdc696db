//! Demo rows of the expenses domain in every demo organization: expense types (copies of the
//! system defaults with each organization's tweaks), auto-approval rules, and travel expense
//! reports in several states with their items, receipts and approval records. Reports tied to
//! an activity point at the activities seed's rows. Money in øre, mileage in kilometres.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::json;
use uuid::Uuid;

use super::demo_id;
use entity::{
    expense_auto_approval_rules as rules, expense_items as items, expense_types as types, receipts,
    reimbursement_approvals as approvals, travel_expense_reports as reports,
};

use approvals::ReimbursementDecision as D;
use reports::ExpenseReportStatus as R;
use types::ExpenseCategory as Cat;

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

fn type_id(org: &str, key: &str) -> Uuid {
    demo_id("expense_type", &format!("{org}:{key}"))
}

/// State rate for driving allowance (statens sats), øre per km.
const MILEAGE_RATE: i64 = 350;

/// (key, name, category, receipt threshold in øre, max amount, requires description)
type TypeRow = (
    &'static str,
    &'static str,
    Cat,
    Option<i64>,
    Option<i64>,
    bool,
);

#[rustfmt::skip]
const DEFAULT_TYPES: &[TypeRow] = &[
    ("mileage", "Kilometergodtgjørelse", Cat::Mileage, None, None, false),
    ("toll", "Bompenger", Cat::Toll, Some(0), Some(50_000), false),
    ("parking", "Parkering", Cat::Parking, Some(0), Some(50_000), false),
    ("public_transit", "Kollektivtransport", Cat::PublicTransit, Some(10_000), Some(150_000), false),
];

struct Item {
    type_key: &'static str,
    description: Option<&'static str>,
    amount_ore: i64,
    /// (km, from, to)
    mileage: Option<(f64, &'static str, &'static str)>,
    /// (merchant, file)
    receipt: Option<(&'static str, &'static str)>,
}

struct Report {
    key: &'static str,
    org: &'static str,
    la: &'static str,
    mentor: &'static str,
    activity: Option<&'static str>,
    purpose: &'static str,
    days_ago: i64,
    status: R,
    items: Vec<Item>,
    /// decision, decided by (None = auto rule), rule key, comment
    approval: Option<(
        D,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    )>,
}

fn mileage(km: f64, from: &'static str, to: &'static str) -> Item {
    Item {
        type_key: "mileage",
        description: None,
        amount_ore: (km * MILEAGE_RATE as f64).round() as i64,
        mileage: Some((km, from, to)),
        receipt: None,
    }
}

fn outlay(
    type_key: &'static str,
    amount_ore: i64,
    receipt: Option<(&'static str, &'static str)>,
) -> Item {
    Item {
        type_key,
        description: None,
        amount_ore,
        mileage: None,
        receipt,
    }
}

fn report_rows() -> Vec<Report> {
    vec![
        Report {
            key: "nhf:tasen",
            org: "nhf",
            la: "oslo",
            mentor: "nhf.mentor@meander.dev",
            activity: Some("nhf:hjemmebesok-tasen"),
            purpose: "Hjemmebesøk hos medlem på Tåsen",
            days_ago: 20,
            status: R::Approved,
            items: vec![
                mileage(24.6, "Torshov, Oslo", "Tåsen, Oslo"),
                outlay("parking", 6_000, Some(("EasyPark", "easypark-tasen.jpg"))),
            ],
            approval: Some((D::AutoApproved, None, Some("small-amounts"), None)),
        },
        Report {
            key: "nhf:bergen-gruppetreff",
            org: "nhf",
            la: "bergen",
            mentor: "nhf.mentor.bergen@meander.dev",
            activity: Some("nhf:gruppetreff-bergen"),
            purpose: "Reise til gruppetreff på Kvarteret",
            days_ago: 16,
            status: R::Draft,
            items: vec![outlay(
                "toll",
                4_700,
                Some(("Ferde AS", "bompenger-bergen.pdf")),
            )],
            approval: None,
        },
        Report {
            key: "blindeforbundet:stolav",
            org: "blindeforbundet",
            la: "trondheim",
            mentor: "blind.mentor@meander.dev",
            activity: Some("blindeforbundet:ledsagelse-stolav"),
            purpose: "Ledsagelse til St. Olavs hospital",
            days_ago: 6,
            status: R::Submitted,
            items: vec![Item {
                description: Some("Taxi fra Byåsen til St. Olavs; bruker kunne ikke ta buss."),
                ..outlay("taxi", 28_500, Some(("Trøndertaxi", "taxi-kvittering.jpg")))
            }],
            approval: Some((D::Pending, None, None, None)),
        },
        Report {
            key: "blindeforbundet:byasen",
            org: "blindeforbundet",
            la: "trondheim",
            mentor: "blind.mentor@meander.dev",
            activity: Some("blindeforbundet:hjemmebesok-byasen"),
            purpose: "Hjemmebesøk på Byåsen",
            days_ago: 18,
            status: R::Approved,
            items: vec![mileage(11.2, "Lade, Trondheim", "Byåsen, Trondheim")],
            approval: Some((
                D::Approved,
                Some("blind.coordinator@meander.dev"),
                None,
                None,
            )),
        },
        Report {
            key: "hlf:kristiansand",
            org: "hlf",
            la: "kristiansand",
            mentor: "hlf.mentor@meander.dev",
            activity: Some("hlf:horeapparat-veiledning"),
            purpose: "Veiledning om høreapparat i Kristiansand sentrum",
            days_ago: 22,
            status: R::Paid,
            items: vec![
                mileage(38.0, "Vennesla", "Kristiansand sentrum"),
                outlay("toll", 4_400, Some(("Ferde AS", "ferde-faktura.pdf"))),
            ],
            approval: Some((
                D::Approved,
                Some("hlf.admin@meander.dev"),
                None,
                Some("Attestert."),
            )),
        },
        Report {
            key: "hlf:drammen-buss",
            org: "hlf",
            la: "drammen",
            mentor: "nhf.mentor@meander.dev",
            activity: Some("hlf:hjemmebesok-proxy"),
            purpose: "Buss til hjemmebesøk på Bragernes",
            days_ago: 5,
            status: R::Returned,
            items: vec![outlay("public_transit", 15_200, None)],
            approval: Some((
                D::Returned,
                Some("hlf.coordinator@meander.dev"),
                None,
                Some("Beløp over 100 kr krever kvittering. Legg ved billett fra Brakar-appen."),
            )),
        },
    ]
}

/// Inserts this domain's demo rows; runs inside the demo transaction after the identity core.
pub async fn seed<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> anyhow::Result<()> {
    for org in ["nhf", "blindeforbundet", "hlf"] {
        let mut rows: Vec<TypeRow> = DEFAULT_TYPES.to_vec();
        if org == "blindeforbundet" {
            rows.push(("taxi", "Drosje", Cat::Taxi, Some(0), Some(100_000), true));
        }
        for (i, (key, name, category, threshold, max, description)) in rows.into_iter().enumerate()
        {
            types::ActiveModel {
                id: Set(type_id(org, key)),
                organization_id: Set(demo_id("org", org)),
                key: Set(key.into()),
                name: Set(name.into()),
                description: Set(None),
                category: Set(category),
                rate_ore_per_km: Set((category == Cat::Mileage).then_some(MILEAGE_RATE)),
                max_amount_ore: Set(max),
                receipt_threshold_ore: Set(threshold),
                requires_description: Set(description),
                // HLF: driving and public transit cannot be claimed for the same trip.
                exclusive_group: Set((org == "hlf"
                    && matches!(category, Cat::Mileage | Cat::PublicTransit))
                .then(|| "travel_mode".into())),
                accounting_code: Set(Some(format!("71{}0", 4 + i))),
                is_system_default: Set(key != "taxi"),
                sort_order: Set(i as i32 * 10),
                is_active: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }

    // (org, key, name, expense type, max total øre, max km)
    let rule_rows: &[(&str, &str, &str, Option<&str>, Option<i64>, Option<f64>)] = &[
        (
            "nhf",
            "small-amounts",
            "Små beløp under 500 kr",
            None,
            Some(50_000),
            None,
        ),
        (
            "blindeforbundet",
            "short-drives",
            "Kjøring under 30 km",
            Some("mileage"),
            None,
            Some(30.0),
        ),
        (
            "hlf",
            "short-drives",
            "Korte kjøreturer",
            Some("mileage"),
            Some(30_000),
            Some(50.0),
        ),
    ];
    for (i, (org, key, name, type_key, max_total, max_km)) in rule_rows.iter().enumerate() {
        rules::ActiveModel {
            id: Set(demo_id("expense_rule", &format!("{org}:{key}"))),
            organization_id: Set(demo_id("org", org)),
            name: Set(name.to_string()),
            description: Set(Some(
                "Godkjennes automatisk når alle vilkår er oppfylt og kvitteringer er lagt ved."
                    .into(),
            )),
            expense_type_id: Set(type_key.map(|t| type_id(org, t))),
            max_total_amount_ore: Set(*max_total),
            max_distance_km: Set(*max_km),
            require_receipts: Set(true),
            require_approved_activity: Set(*org == "hlf"),
            priority: Set(10 * (i as i32 + 1)),
            is_active: Set(true),
            valid_from: Set(chrono::NaiveDate::from_ymd_opt(2025, 1, 1)),
            valid_to: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    for r in report_rows() {
        let org = demo_id("org", r.org);
        let id = demo_id("expense_report", r.key);
        let mentor = user(r.mentor);
        let day = (now - Duration::days(r.days_ago)).date_naive();
        let total: i64 = r.items.iter().map(|i| i.amount_ore).sum();
        let submitted =
            (r.status != R::Draft).then(|| now - Duration::days(r.days_ago) + Duration::hours(20));
        reports::ActiveModel {
            id: Set(id),
            organization_id: Set(org),
            user_id: Set(mentor),
            local_association_id: Set(demo_id("la", r.la)),
            activity_id: Set(r.activity.map(|a| demo_id("activity", a))),
            purpose: Set(r.purpose.into()),
            period_start: Set(day),
            period_end: Set(day),
            status: Set(r.status),
            submitted_at: Set(submitted),
            paid_at: Set((r.status == R::Paid).then(|| now - Duration::days(r.days_ago - 10))),
            accounting_reference: Set((r.status == R::Paid).then(|| "XL-2026-00417".into())),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(mentor)),
            updated_by_id: Set(Some(mentor)),
            ..Default::default()
        }
        .insert(db)
        .await?;

        for (n, item) in r.items.iter().enumerate() {
            let item_id = demo_id("expense_item", &format!("{}:{n}", r.key));
            items::ActiveModel {
                id: Set(item_id),
                organization_id: Set(org),
                report_id: Set(id),
                expense_type_id: Set(type_id(r.org, item.type_key)),
                expense_date: Set(day),
                description: Set(item.description.map(Into::into)),
                amount_ore: Set(item.amount_ore),
                distance_km: Set(item.mileage.map(|m| m.0)),
                rate_ore_per_km: Set(item.mileage.map(|_| MILEAGE_RATE)),
                from_location: Set(item.mileage.map(|m| m.1.into())),
                to_location: Set(item.mileage.map(|m| m.2.into())),
                passenger_count: Set(item.mileage.map(|_| 0)),
                receipt_required: Set(item.mileage.is_none()),
                created_at: Set(now),
                updated_at: Set(now),
                created_by_id: Set(Some(mentor)),
                updated_by_id: Set(Some(mentor)),
                ..Default::default()
            }
            .insert(db)
            .await?;
            if let Some((merchant, file)) = item.receipt {
                let photo = file.ends_with(".jpg");
                receipts::ActiveModel {
                    id: Set(demo_id("receipt", &format!("{}:{n}", r.key))),
                    organization_id: Set(org),
                    expense_item_id: Set(item_id),
                    storage_path: Set(format!("{}/receipts/{item_id}/{file}", r.org)),
                    thumbnail_path: Set(
                        photo.then(|| format!("{}/receipts/{item_id}/thumb-{file}", r.org))
                    ),
                    file_name: Set(file.into()),
                    mime_type: Set(if photo {
                        "image/jpeg"
                    } else {
                        "application/pdf"
                    }
                    .into()),
                    file_size_bytes: Set(if photo { 348_160 } else { 61_440 }),
                    capture_source: Set(if photo {
                        receipts::ReceiptCaptureSource::Camera
                    } else {
                        receipts::ReceiptCaptureSource::Upload
                    }),
                    amount_ore: Set(Some(item.amount_ore)),
                    merchant_name: Set(Some(merchant.into())),
                    receipt_date: Set(Some(day)),
                    created_at: Set(now),
                    updated_at: Set(now),
                    created_by_id: Set(Some(mentor)),
                    updated_by_id: Set(Some(mentor)),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
        }

        if let Some((decision, decider, rule, comment)) = r.approval {
            let decided_at =
                (decision != D::Pending).then(|| submitted.unwrap_or(now) + Duration::hours(30));
            let actor = decider.map(user);
            let mut history = vec![json!({
                "at": submitted, "actorId": mentor, "from": "draft", "to": "submitted", "comment": null
            })];
            if let Some(at) = decided_at {
                history.push(json!({
                    "at": at, "actorId": actor, "from": "pending", "to": decision, "comment": comment
                }));
            }
            approvals::ActiveModel {
                id: Set(demo_id("reimbursement_approval", r.key)),
                organization_id: Set(org),
                report_id: Set(id),
                decision: Set(decision),
                auto_approval_rule_id: Set(
                    rule.map(|k| demo_id("expense_rule", &format!("{}:{k}", r.org)))
                ),
                decided_by_id: Set(actor),
                decided_at: Set(decided_at),
                approved_amount_ore: Set(
                    matches!(decision, D::Approved | D::AutoApproved).then_some(total)
                ),
                comment: Set(comment.map(Into::into)),
                history: Set(json!(history)),
                created_at: Set(submitted.unwrap_or(now)),
                updated_at: Set(decided_at.unwrap_or(now)),
                created_by_id: Set(Some(mentor)),
                updated_by_id: Set(actor.or(Some(mentor))),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}
