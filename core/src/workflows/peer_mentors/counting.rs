//! Peer mentor lifecycle: assignment counting, honorarium thresholds and the counting period.

use super::*;

/// Start of the organization's current Bufdir reporting period: the report period containing
/// today (the latest-starting one if several), else the period the organization's
/// `report_period_cycle` implies (annual: 1 January; semiannual: 1 January or 1 July). Today
/// and the period's first instant are the organization's (`calendar`), not UTC's.
pub async fn current_period_start<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<DateTime<Utc>> {
    let calendar = Calendar::of(db, organization).await?;
    let today = calendar.day_of(now);
    let period = report_periods::Entity::find()
        .filter(report_periods::Column::OrganizationId.eq(organization))
        .filter(report_periods::Column::DeletedAt.is_null())
        .filter(report_periods::Column::PeriodStart.lte(today))
        .filter(report_periods::Column::PeriodEnd.gte(today))
        .order_by_desc(report_periods::Column::PeriodStart)
        .one(db)
        .await?;
    if let Some(p) = period {
        return Ok(calendar.start_of(p.period_start));
    }
    let cycle = organization_settings::Entity::find()
        .filter(organization_settings::Column::OrganizationId.eq(organization))
        .filter(organization_settings::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .map(|s| s.report_period_cycle)
        .unwrap_or(organization_settings::ReportPeriodCycle::Annual);
    let month = match cycle {
        organization_settings::ReportPeriodCycle::Annual => 1,
        organization_settings::ReportPeriodCycle::Semiannual if today.month() >= 7 => 7,
        organization_settings::ReportPeriodCycle::Semiannual => 1,
    };
    Ok(calendar.start_of(NaiveDate::from_ymd_opt(today.year(), month, 1).expect("first of month")))
}

/// `assignment_count_period_reset`: when the profile's counting period started before
/// `period_start`, the counter goes back to 0, the period start advances, and the honorarium
/// records of the old period are closed. Returns whether it reset (idempotent: a second call
/// with the same boundary changes nothing). A profile without a period start only gets one.
pub async fn reset_period_if_due(
    txn: &DatabaseTransaction,
    profile: &profiles::Model,
    period_start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let had_start = match profile.assignment_period_start {
        Some(s) if s >= period_start => return Ok(false),
        Some(_) => true,
        None => false,
    };
    // Claimed on the old period start: of two concurrent resets exactly one changes it.
    let mut sets = vec![(
        profiles::Column::AssignmentPeriodStart,
        Expr::value(Some(period_start)),
    )];
    if had_start {
        sets.push((
            profiles::Column::AssignmentCountCurrentPeriod,
            Expr::value(0),
        ));
    }
    let system = System::job(now);
    let reset = system
        .update_where::<profiles::Entity>(
            txn,
            Condition::all()
                .add(profiles::Column::Id.eq(profile.id))
                .add(
                    Condition::any()
                        .add(profiles::Column::AssignmentPeriodStart.is_null())
                        .add(profiles::Column::AssignmentPeriodStart.lt(period_start)),
                ),
            sets,
            "assignment_count_period_reset",
            json!({ "previousCount": profile.assignment_count_current_period }),
        )
        .await?;
    if reset.is_empty() {
        return Ok(false); // another run reset it first
    }
    // The old period's honorarium records close (under the profile's claim just taken), on the
    // organization's day before the new period.
    let new_start = Calendar::of(txn, profile.organization_id)
        .await?
        .day_of(period_start);
    system
        .update_where::<records::Entity>(
            txn,
            Condition::all()
                .add(records::Column::OrganizationId.eq(profile.organization_id))
                .add(records::Column::UserId.eq(profile.user_id))
                .add(records::Column::PeriodEnd.is_null())
                .add(records::Column::PeriodStart.lt(new_start)),
            vec![(
                records::Column::PeriodEnd,
                Expr::value(new_start.pred_opt()),
            )],
            "assignment_count_period_reset",
            json!({}),
        )
        .await?;
    Ok(true)
}

pub(super) async fn crossing_exists(
    txn: &DatabaseTransaction,
    profile: &profiles::Model,
    threshold: Uuid,
    period_start: NaiveDate,
) -> ApiResult<bool> {
    Ok(records::Entity::find()
        .filter(records::Column::OrganizationId.eq(profile.organization_id))
        .filter(records::Column::UserId.eq(profile.user_id))
        .filter(records::Column::HonorariumThresholdId.eq(threshold))
        .filter(records::Column::PeriodStart.eq(period_start))
        .filter(records::Column::DeletedAt.is_null())
        .one(txn)
        .await?
        .is_some())
}

/// `assignment_threshold_honorar`: one `assignment_honorarium_records` row per threshold of
/// the organization (`honorarium_thresholds`, active and valid today) crossed when the count
/// went from `old` to `new`, per counting period. Idempotent: a crossing already recorded for
/// the period (also by a concurrent request, through the unique index) is not recorded again.
pub async fn record_threshold_crossings(
    txn: &DatabaseTransaction,
    by: Option<Uuid>,
    profile: &profiles::Model,
    old: i32,
    new: i32,
    assignment_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<Vec<records::Model>> {
    if new <= old {
        return Ok(Vec::new());
    }
    let calendar = Calendar::of(txn, profile.organization_id).await?;
    let today = calendar.day_of(now);
    let crossed = thresholds::Entity::find()
        .filter(thresholds::Column::OrganizationId.eq(profile.organization_id))
        .filter(thresholds::Column::IsActive.eq(true))
        .filter(thresholds::Column::DeletedAt.is_null())
        .filter(thresholds::Column::AssignmentCount.gt(old))
        .filter(thresholds::Column::AssignmentCount.lte(new))
        .filter(
            Condition::any()
                .add(thresholds::Column::ValidFrom.is_null())
                .add(thresholds::Column::ValidFrom.lte(today)),
        )
        .filter(
            Condition::any()
                .add(thresholds::Column::ValidTo.is_null())
                .add(thresholds::Column::ValidTo.gte(today)),
        )
        .order_by_asc(thresholds::Column::AssignmentCount)
        .all(txn)
        .await?;
    if crossed.is_empty() {
        return Ok(Vec::new());
    }
    let period_start = match profile.assignment_period_start {
        Some(s) => calendar.day_of(s),
        None => calendar.day_of(current_period_start(txn, profile.organization_id, now).await?),
    };
    let mentor = users::Entity::find_by_id(profile.user_id)
        .one(txn)
        .await?
        .map(|u| format!("{} {}", u.first_name, u.last_name))
        .unwrap_or_default();
    let mut out = Vec::new();
    for t in crossed {
        if crossing_exists(txn, profile, t.id, period_start).await? {
            continue;
        }
        let coordinators = if t.notify_coordinator {
            coordinators_of(txn, profile.organization_id, profile.user_id, now).await?
        } else {
            Vec::new()
        };
        let am = records::ActiveModel {
            user_id: Set(profile.user_id),
            honorarium_threshold_id: Set(t.id),
            assignment_id: Set(assignment_id),
            period_start: Set(period_start),
            period_end: Set(None),
            assignment_count: Set(new),
            crossed_at: Set(now),
            status: Set(records::AssignmentHonorariumStatus::Pending),
            amount_ore: Set(t.rate_amount_ore),
            coordinator_notified_at: Set((!coordinators.is_empty()).then_some(now)),
            paid_at: Set(None),
            ..Default::default()
        };
        let sp = txn.begin().await?;
        let record = match System::acting(now, by)
            .insert::<records::Entity>(
                &sp,
                by,
                profile.organization_id,
                am,
                "assignment_threshold_honorar",
            )
            .await
        {
            Ok(r) => {
                sp.commit().await?;
                r
            }
            Err(e) => {
                sp.rollback().await?;
                if crossing_exists(txn, profile, t.id, period_start).await? {
                    continue;
                }
                return Err(e);
            }
        };
        let text = crate::workflows::messages::honorarium_threshold(
            &calendar,
            &mentor,
            &t.name,
            t.assignment_count,
        );
        let notice = Notice {
            category: notifications::NotificationCategory::Achievement,
            channel: notifications::NotificationChannel::InApp,
            title: text.title,
            body: text.body,
            related: Some(("assignment_honorarium_records", record.id)),
            data: json!({
                "userId": profile.user_id,
                "thresholdId": t.id,
                "assignmentCount": new,
            }),
            rule: "assignment_threshold_honorar",
            scenario: Some(Scenario {
                trigger: Trigger::HonorariumThreshold,
                offset_days: None,
                values: vec![
                    ("mentor", mentor.clone()),
                    ("threshold", t.name.clone()),
                    ("count", t.assignment_count.to_string()),
                ],
                fixed_channel: false,
            }),
        };
        for c in &coordinators {
            notify(txn, by, profile.organization_id, *c, &notice, now).await?;
        }
        out.push(record);
    }
    Ok(out)
}

/// Counts one completed assignment for `mentor` (for the assignment and activity workflows):
/// resets the period first if it rolled over, increments the counter in SQL (concurrent
/// completions never lose a count), and records the thresholds crossed. `None` when the user
/// has no live profile in the organization. The caller makes sure an assignment counts once.
pub async fn count_completed_assignment(
    txn: &DatabaseTransaction,
    by: Option<Uuid>,
    organization: Uuid,
    mentor: Uuid,
    assignment_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<Option<(profiles::Model, Vec<records::Model>)>> {
    let Some(profile) = live_profile(txn, organization, mentor).await? else {
        return Ok(None);
    };
    let boundary = current_period_start(txn, organization, now).await?;
    reset_period_if_due(txn, &profile, boundary, now).await?;
    // Incremented in SQL: concurrent completions never lose a count.
    System::acting(now, by)
        .update_where::<profiles::Entity>(
            txn,
            Condition::all().add(profiles::Column::Id.eq(profile.id)),
            vec![(
                profiles::Column::AssignmentCountCurrentPeriod,
                Expr::col(profiles::Column::AssignmentCountCurrentPeriod).add(1),
            )],
            "assignment_threshold_counting",
            json!({ "assignmentId": assignment_id }),
        )
        .await?;
    let profile = profiles::Entity::find_by_id(profile.id)
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let new = profile.assignment_count_current_period;
    let crossings =
        record_threshold_crossings(txn, by, &profile, new - 1, new, assignment_id, now).await?;
    Ok(Some((profile, crossings)))
}

/// A coordinator's or org admin's correction of a mentor's count in the current period
/// (`assignment_count_non_negative`); thresholds crossed upwards are recorded.
pub async fn set_assignment_count(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    profile_id: Uuid,
    count: i32,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> ApiResult<(profiles::Model, Vec<records::Model>)> {
    let viewer = writer.viewer;
    if !is_staff(viewer, "UPDATE_PEER_MENTOR_PROFILES") {
        return Err(ApiError::forbidden(
            "coordinators and org admins correct assignment counts",
        ));
    }
    let profile = writer
        .find_for::<profiles::Entity>(txn, Action::Update, profile_id)
        .await?;
    if profile.user_id == viewer.user_id {
        return Err(ApiError::forbidden(
            "you cannot correct your own assignment count",
        ));
    }
    validation::at_least("count", Some(count), 0, "assignment_count_non_negative")?;
    validation::text_max(
        "reason",
        trimmed(reason.clone()).as_deref(),
        REASON_MAX_CHARS,
        "reason_length",
    )?;
    let boundary = current_period_start(txn, profile.organization_id, now).await?;
    let profile = if reset_period_if_due(txn, &profile, boundary, now).await? {
        profiles::Entity::find_by_id(profile.id)
            .one(txn)
            .await?
            .ok_or(ApiError::NotFound)?
    } else {
        profile
    };
    let old = profile.assignment_count_current_period;
    let mut am = profile.into_active_model();
    am.assignment_count_current_period = Set(count);
    let updated = writer.update::<profiles::Entity>(txn, am).await?;
    let crossings =
        record_threshold_crossings(txn, Some(viewer.user_id), &updated, old, count, None, now)
            .await?;
    Ok((updated, crossings))
}
