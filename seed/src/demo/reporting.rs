//! Demo rows of the reporting domain in every demo organization: a badge catalog and awards,
//! computed 2025 summaries and benefit estimates per peer mentor, Bufdir reporting periods with
//! a submitted 2025 report, custom report definitions and accounting export jobs.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::json;

use super::demo_id;
use entity::{
    accounting_exports as exports, achievement_badges as badges, benefit_estimates, bufdir_reports,
    custom_report_definitions as custom_reports, impact_summaries, report_periods, user_badges,
};

const ORGS: [&str; 3] = ["nhf", "blindeforbundet", "hlf"];

/// (org, admin email, peer mentor emails)
const PEOPLE: &[(&str, &str, &[&str])] = &[
    (
        "nhf",
        "nhf.admin@meander.dev",
        &[
            "nhf.mentor@meander.dev",
            "nhf.mentor2@meander.dev",
            "nhf.mentor.bergen@meander.dev",
        ],
    ),
    (
        "blindeforbundet",
        "blind.admin@meander.dev",
        &["blind.mentor@meander.dev"],
    ),
    (
        "hlf",
        "hlf.admin@meander.dev",
        &["hlf.mentor@meander.dev", "nhf.mentor@meander.dev"],
    ),
];

/// (key, name, description, icon, metric, threshold, window)
const BADGES: &[(
    &str,
    &str,
    &str,
    &str,
    badges::AchievementBadgeMetric,
    i32,
    badges::AchievementBadgeWindow,
)] = &[
    (
        "first_activity",
        "Første aktivitet",
        "Du har registrert din første godkjente aktivitet som likeperson.",
        "star",
        badges::AchievementBadgeMetric::ActivityCount,
        1,
        badges::AchievementBadgeWindow::AllTime,
    ),
    (
        "activities_50",
        "50 aktiviteter",
        "Femti godkjente aktiviteter: du gjør en forskjell for mange.",
        "medal",
        badges::AchievementBadgeMetric::ActivityCount,
        50,
        badges::AchievementBadgeWindow::AllTime,
    ),
    (
        "hours_year_25",
        "25 timer i år",
        "Minst 25 timer frivillig innsats i løpet av ett kalenderår.",
        "clock",
        badges::AchievementBadgeMetric::ActivityHours,
        25,
        badges::AchievementBadgeWindow::CalendarYear,
    ),
    (
        "one_year",
        "Ett år som likeperson",
        "Ett helt år som aktiv likeperson.",
        "cake",
        badges::AchievementBadgeMetric::YearsActive,
        1,
        badges::AchievementBadgeWindow::AllTime,
    ),
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid demo date")
}

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .expect("valid demo time")
}

/// Inserts this domain's demo rows; runs inside the demo transaction after the identity core.
pub async fn seed<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> anyhow::Result<()> {
    for org_key in ORGS {
        let org = demo_id("org", org_key);
        for (i, (key, name, description, icon, metric, threshold, window)) in
            BADGES.iter().enumerate()
        {
            badges::ActiveModel {
                id: Set(demo_id("badge", &format!("{org_key}:{key}"))),
                organization_id: Set(org),
                key: Set(key.to_string()),
                name: Set(name.to_string()),
                description: Set(Some(description.to_string())),
                icon: Set(icon.to_string()),
                metric: Set(*metric),
                threshold: Set(*threshold),
                measurement_window: Set(*window),
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

    for (org_key, admin, mentors) in PEOPLE {
        let org = demo_id("org", org_key);
        let admin = demo_id("user", admin);
        for (n, email) in mentors.iter().enumerate() {
            let user = demo_id("user", email);
            let key = format!("{org_key}:{email}");
            // Everyone has their first activity; the first mentor of each org also the 2025
            // hours badge.
            let mut awards = vec![("first_activity", None, at(2025, 2, 3 + n as u32, 14), 1)];
            if n == 0 {
                awards.push(("hours_year_25", Some(2025), at(2025, 9, 18, 10), 26));
            }
            for (badge, year, awarded_at, value) in awards {
                user_badges::ActiveModel {
                    id: Set(demo_id("user_badge", &format!("{key}:{badge}:{year:?}"))),
                    organization_id: Set(org),
                    user_id: Set(user),
                    achievement_badge_id: Set(demo_id("badge", &format!("{org_key}:{badge}"))),
                    period_year: Set(year),
                    awarded_at: Set(awarded_at),
                    metric_value: Set(Some(value)),
                    seen_at: Set(Some(awarded_at + chrono::Duration::hours(5))),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }

            let activities = 38 - 9 * n as i32;
            let minutes = activities as i64 * 55;
            let contacts = 6 - n as i32;
            impact_summaries::ActiveModel {
                id: Set(demo_id("impact_summary", &format!("{key}:2025"))),
                organization_id: Set(org),
                user_id: Set(user),
                period_kind: Set(impact_summaries::ImpactSummaryPeriod::Annual),
                period_start: Set(date(2025, 1, 1)),
                period_end: Set(date(2025, 12, 31)),
                activity_count: Set(activities),
                total_minutes: Set(minutes),
                unique_contact_count: Set(contacts),
                event_count: Set(4 - n as i32),
                assignment_count: Set(if *org_key == "blindeforbundet" { 7 } else { 0 }),
                badges_earned: Set(if n == 0 { 2 } else { 1 }),
                activity_type_breakdown: Set(json!([
                    { "activityType": "Hjemmebesøk", "count": activities / 2, "minutes": minutes / 2 },
                    { "activityType": "Telefonsamtale", "count": activities - activities / 2, "minutes": minutes - minutes / 2 },
                ])),
                highlights: Set(json!({
                    "busiestMonth": "oktober",
                    "longestStreakWeeks": 6 - n,
                    "message": "Takk for innsatsen i 2025!",
                })),
                computed_at: Set(at(2026, 1, 5, 3)),
                published_at: Set(Some(at(2026, 1, 15, 8))),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
            // 2026 first half: computed, not yet published to the mentor.
            impact_summaries::ActiveModel {
                id: Set(demo_id("impact_summary", &format!("{key}:2026h1"))),
                organization_id: Set(org),
                user_id: Set(user),
                period_kind: Set(impact_summaries::ImpactSummaryPeriod::HalfYear),
                period_start: Set(date(2026, 1, 1)),
                period_end: Set(date(2026, 6, 30)),
                activity_count: Set(activities / 2),
                total_minutes: Set(minutes / 2),
                unique_contact_count: Set(contacts - 1),
                event_count: Set(1),
                assignment_count: Set(0),
                badges_earned: Set(0),
                activity_type_breakdown: Set(json!([])),
                highlights: Set(json!({})),
                computed_at: Set(now),
                published_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;

            let hourly_value_ore = 50_000; // NOK 500 per volunteer hour
            benefit_estimates::ActiveModel {
                id: Set(demo_id("benefit_estimate", &format!("{key}:2025"))),
                organization_id: Set(org),
                user_id: Set(user),
                period_start: Set(date(2025, 1, 1)),
                period_end: Set(date(2025, 12, 31)),
                volunteer_minutes: Set(minutes),
                hourly_value_ore: Set(hourly_value_ore),
                estimated_value_ore: Set(minutes * hourly_value_ore / 60),
                contacts_helped: Set(contacts),
                travel_km: Set(412.5 - 80.0 * n as f64),
                methodology_version: Set("2025.1".into()),
                assumptions: Set(json!({
                    "hourlyValueSource": "SSB gjennomsnittlig timelønn 2025, avrundet",
                    "includesTravelTime": false,
                })),
                computed_at: Set(at(2026, 1, 5, 3)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }

        let p2025 = demo_id("report_period", &format!("{org_key}:2025"));
        for (period, year, status) in [
            (p2025, 2025, report_periods::ReportPeriodStatus::Submitted),
            (
                demo_id("report_period", &format!("{org_key}:2026")),
                2026,
                report_periods::ReportPeriodStatus::Open,
            ),
        ] {
            report_periods::ActiveModel {
                id: Set(period),
                organization_id: Set(org),
                name: Set(format!("Bufdir {year}")),
                period_start: Set(date(year, 1, 1)),
                period_end: Set(date(year, 12, 31)),
                submission_deadline: Set(Some(date(year + 1, 3, 1))),
                status: Set(status),
                created_at: Set(now),
                updated_at: Set(now),
                created_by_id: Set(Some(admin)),
                updated_by_id: Set(Some(admin)),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }

        let scale = mentors.len() as i32;
        for (version, status) in [
            (1, bufdir_reports::BufdirReportStatus::Superseded),
            (2, bufdir_reports::BufdirReportStatus::Submitted),
        ] {
            let submitted = status == bufdir_reports::BufdirReportStatus::Submitted;
            bufdir_reports::ActiveModel {
                id: Set(demo_id("bufdir_report", &format!("{org_key}:2025:v{version}"))),
                organization_id: Set(org),
                report_period_id: Set(p2025),
                version: Set(version),
                status: Set(status),
                generated_at: Set(Some(at(2026, 2, 10 + version as u32, 9))),
                approved_activity_count: Set(29 * scale + version),
                total_minutes: Set(1_650 * scale as i64 + 30 * version as i64),
                participant_count: Set(41 * scale + version),
                unique_contact_count: Set(5 * scale),
                peer_mentor_count: Set(scale),
                event_count: Set(3 * scale),
                breakdown: Set(json!({
                    "byBufdirCategory": { "likepersonsamtale": 18 * scale, "gruppeaktivitet": 11 * scale + version },
                    "note": "Kun godkjente aktiviteter er talt med.",
                })),
                submitted_at: Set(submitted.then(|| at(2026, 2, 20, 13))),
                bufdir_reference: Set(
                    submitted.then(|| format!("BUFDIR-2025-{}", org_key.to_uppercase())),
                ),
                error_message: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                created_by_id: Set(Some(admin)),
                updated_by_id: Set(Some(admin)),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }

        for (key, name, description, source, visualization, shared) in [
            (
                "activities_per_la",
                "Aktiviteter per lokallag",
                "Godkjente aktiviteter per lokallag og måned, til styremøtene.",
                custom_reports::CustomReportSource::Activities,
                custom_reports::CustomReportVisualization::BarChart,
                true,
            ),
            (
                "expenses_per_mentor",
                "Reiseutgifter per likeperson",
                "Sum reiseutgifter per likeperson og kvartal.",
                custom_reports::CustomReportSource::Expenses,
                custom_reports::CustomReportVisualization::Table,
                false,
            ),
        ] {
            custom_reports::ActiveModel {
                id: Set(demo_id("custom_report", &format!("{org_key}:{key}"))),
                organization_id: Set(org),
                name: Set(name.into()),
                description: Set(Some(description.into())),
                source: Set(source),
                filters: Set(json!([{ "field": "status", "op": "eq", "value": "approved" }])),
                group_by: Set(json!(["localAssociation", "month"])),
                columns: Set(json!([
                    { "field": "localAssociation" },
                    { "field": "month" },
                    { "aggregate": "count" },
                    { "aggregate": "sum", "field": "durationMinutes" },
                ])),
                visualization: Set(visualization),
                is_shared: Set(shared),
                last_run_at: Set(Some(at(2026, 3, 2, 9))),
                created_at: Set(now),
                updated_at: Set(now),
                created_by_id: Set(Some(admin)),
                updated_by_id: Set(Some(admin)),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }

        let format = match *org_key {
            "hlf" => exports::AccountingExportFormat::Dynamics,
            "blindeforbundet" => exports::AccountingExportFormat::Xledger,
            _ => exports::AccountingExportFormat::Csv,
        };
        exports::ActiveModel {
            id: Set(demo_id("accounting_export", &format!("{org_key}:2026-01"))),
            organization_id: Set(org),
            format: Set(format),
            status: Set(exports::AccountingExportStatus::Succeeded),
            date_from: Set(date(2026, 1, 1)),
            date_to: Set(date(2026, 1, 31)),
            parameters: Set(json!({ "includeAlreadyExported": false })),
            started_at: Set(Some(at(2026, 2, 1, 6))),
            finished_at: Set(Some(at(2026, 2, 1, 6) + chrono::Duration::seconds(42))),
            file_path: Set(Some(format!(
                "exports/{org_key}/2026-01.{}",
                match format {
                    exports::AccountingExportFormat::Csv => "csv",
                    _ => "xml",
                }
            ))),
            file_size_bytes: Set(Some(18_432)),
            record_count: Set(Some(57)),
            error_message: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(admin)),
            updated_by_id: Set(Some(admin)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        exports::ActiveModel {
            id: Set(demo_id("accounting_export", &format!("{org_key}:2026-02"))),
            organization_id: Set(org),
            format: Set(format),
            status: Set(exports::AccountingExportStatus::Queued),
            date_from: Set(date(2026, 2, 1)),
            date_to: Set(date(2026, 2, 28)),
            parameters: Set(json!({ "includeAlreadyExported": false })),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(admin)),
            updated_by_id: Set(Some(admin)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
