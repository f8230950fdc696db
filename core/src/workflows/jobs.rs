//! Time-driven rules of the peer mentor lifecycle (seed 002), run by the scheduled task inside
//! the server every `jobs.interval_seconds` ([`spawn`]) and on demand by `meander-gateway jobs
//! run` ([`run_once`]):
//!
//! 1. `auto_pause_on_certification_expiry`: active or paused mentors whose certification expiry
//!    date has passed (and whose certification is required) become `auto_paused`, the
//!    certification `expired`; an availability row and the coordinators' notifications follow.
//! 2. Scheduled resume: paused mentors whose `resume_at` has come are active again.
//! 3. `assignment_count_period_reset`: counters whose period started before the organization's
//!    current report period go back to 0.
//! 4. Certification reminders: certifications expiring within 30 days become `expiring_soon`
//!    (the mentor is notified once), and due `certification_reminders` are sent as notifications
//!    (to the coordinators as well when the reminder says so).
//!
//! Every step is idempotent: each change is claimed with a conditional UPDATE on the state it
//! leaves (so a second run, or a second server instance running at the same moment, finds
//! nothing to do), and each profile or reminder is handled in its own transaction.

use std::{fmt, time::Duration};

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
    sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::messages;
use super::notifications::{Notice, Scenario, Trigger, notify};
use super::peer_mentors::{
    self as lifecycle, Actor, AvailabilitySource, CertificationStatus, EXPIRING_SOON_DAYS, Status,
    StatusChange,
};
use crate::{
    authz::writes_system::System,
    calendar::Calendar,
    error::{ApiError, ApiResult},
};
use entity::{
    certification_reminders as reminders, certifications, notifications,
    peer_mentor_profiles as profiles,
};

/// What one run changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct JobReport {
    pub auto_paused: usize,
    pub auto_resumed: usize,
    pub periods_reset: usize,
    pub certifications_expiring_soon: usize,
    pub reminders_sent: usize,
}

impl JobReport {
    /// Number of changes in all steps.
    pub fn changes(&self) -> usize {
        self.auto_paused
            + self.auto_resumed
            + self.periods_reset
            + self.certifications_expiring_soon
            + self.reminders_sent
    }
}

impl fmt::Display for JobReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "auto-paused {}, auto-resumed {}, counting periods reset {}, certifications expiring soon {}, certification reminders sent {}",
            self.auto_paused,
            self.auto_resumed,
            self.periods_reset,
            self.certifications_expiring_soon,
            self.reminders_sent
        )
    }
}

/// Runs every time-driven rule once, as of `now`.
/// `run_once` for the command line: the notifications it writes wake their recipients'
/// subscribers on the running servers (`crate::cluster`), as the servers' own runs do.
pub async fn run_and_signal(db: &DatabaseConnection, now: DateTime<Utc>) -> ApiResult<JobReport> {
    let peers = crate::cluster::Outbound::default();
    let wakeups = crate::wakeups::Wakeups::default().with_peers(peers.clone());
    let report = wakeups.after(run_once(db, now)).await?;
    crate::cluster::flush(db, &peers).await;
    Ok(report)
}

pub async fn run_once(db: &DatabaseConnection, now: DateTime<Utc>) -> ApiResult<JobReport> {
    Ok(JobReport {
        auto_paused: auto_pause_expired(db, now).await?,
        auto_resumed: resume_scheduled(db, now).await?,
        periods_reset: reset_periods(db, now).await?,
        certifications_expiring_soon: mark_expiring_soon(db, now).await?,
        reminders_sent: send_due_reminders(db, now).await?,
    })
}

/// Starts the scheduled task: `run_once` now and then every `interval` until the runtime stops
/// (or the handle is aborted). Failures are logged and retried at the next tick.
pub fn spawn(
    db: DatabaseConnection,
    interval: Duration,
    wakeups: crate::wakeups::Wakeups,
    clock: crate::clock::Clock,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // Notification subscribers on this instance are woken once the run committed.
            match wakeups.after(run_once(&db, clock.now())).await {
                Ok(report) if report.changes() > 0 => {
                    tracing::info!(%report, "scheduled jobs ran");
                }
                Ok(_) => tracing::debug!("scheduled jobs: nothing to do"),
                Err(ApiError::Internal(e)) => {
                    tracing::warn!(error = format!("{e:#}"), "scheduled jobs failed")
                }
                Err(e) => tracing::warn!(error = %e, "scheduled jobs failed"),
            }
        }
    })
}

/// A change another run made first is refused by the status claim: not an error here.
fn lost_race(e: &ApiError) -> bool {
    matches!(e, ApiError::BadUserInput { rule, .. } if rule == "status_transition_guard")
}

async fn transition(
    db: &DatabaseConnection,
    profile: profiles::Model,
    change: StatusChange,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let txn = crate::db::begin_write(db).await?;
    match lifecycle::change_status(&txn, &Actor::System(now), profile, change).await {
        Ok(_) => {
            txn.commit().await?;
            Ok(true)
        }
        Err(e) if lost_race(&e) => {
            txn.rollback().await?;
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// `auto_pause_on_certification_expiry`.
pub async fn auto_pause_expired(db: &DatabaseConnection, now: DateTime<Utc>) -> ApiResult<usize> {
    let due = profiles::Entity::find()
        .filter(profiles::Column::DeletedAt.is_null())
        .filter(profiles::Column::Status.is_in([Status::Active, Status::Paused]))
        .filter(profiles::Column::CertificationExpiryDate.lte(now))
        .filter(profiles::Column::CertificationStatus.ne(CertificationStatus::NotRequired))
        .all(db)
        .await?;
    let mut changed = 0;
    for p in due {
        // `certification_drives_profile`: a renewal recorded in time keeps the mentor active.
        let txn = crate::db::begin_write(db).await?;
        let renewed = lifecycle::apply_renewed_certification(&txn, &p, None, now).await?;
        txn.commit().await?;
        if renewed.is_some() {
            continue;
        }
        let change = StatusChange {
            to: Status::AutoPaused,
            reason: Some("Certification expired".into()),
            resume_at: None,
            source: AvailabilitySource::CertificationExpiry,
            certification_expired: true,
            now,
        };
        if transition(db, p, change, now).await? {
            changed += 1;
        }
    }
    Ok(changed)
}

/// Paused mentors whose scheduled resume has come are active again.
pub async fn resume_scheduled(db: &DatabaseConnection, now: DateTime<Utc>) -> ApiResult<usize> {
    let due = profiles::Entity::find()
        .filter(profiles::Column::DeletedAt.is_null())
        .filter(profiles::Column::Status.eq(Status::Paused))
        .filter(profiles::Column::ResumeAt.lte(now))
        .all(db)
        .await?;
    let mut changed = 0;
    for p in due {
        if !lifecycle::certification_allows_activity(&p, now) {
            continue; // the auto-pause step handles it
        }
        let change = StatusChange {
            to: Status::Active,
            reason: Some("Scheduled resume".into()),
            resume_at: None,
            source: AvailabilitySource::ScheduledResume,
            certification_expired: false,
            now,
        };
        if transition(db, p, change, now).await? {
            changed += 1;
        }
    }
    Ok(changed)
}

/// `assignment_count_period_reset` for every organization with peer mentors.
pub async fn reset_periods(db: &DatabaseConnection, now: DateTime<Utc>) -> ApiResult<usize> {
    let organizations: Vec<Uuid> = profiles::Entity::find()
        .select_only()
        .column(profiles::Column::OrganizationId)
        .filter(profiles::Column::DeletedAt.is_null())
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut changed = 0;
    for org in organizations {
        let boundary = lifecycle::current_period_start(db, org, now).await?;
        let due = profiles::Entity::find()
            .filter(profiles::Column::OrganizationId.eq(org))
            .filter(profiles::Column::DeletedAt.is_null())
            .filter(
                sea_orm::Condition::any()
                    .add(profiles::Column::AssignmentPeriodStart.is_null())
                    .add(profiles::Column::AssignmentPeriodStart.lt(boundary)),
            )
            .all(db)
            .await?;
        for p in due {
            let txn = crate::db::begin_write(db).await?;
            if lifecycle::reset_period_if_due(&txn, &p, boundary, now).await? {
                changed += 1;
            }
            txn.commit().await?;
        }
    }
    Ok(changed)
}

/// Certifications expiring within `EXPIRING_SOON_DAYS` become `expiring_soon`; the mentor is
/// notified once (on that change).
pub async fn mark_expiring_soon(db: &DatabaseConnection, now: DateTime<Utc>) -> ApiResult<usize> {
    let horizon = now + chrono::Duration::days(EXPIRING_SOON_DAYS);
    let due = profiles::Entity::find()
        .filter(profiles::Column::DeletedAt.is_null())
        .filter(profiles::Column::CertificationStatus.eq(CertificationStatus::Valid))
        .filter(profiles::Column::CertificationExpiryDate.gt(now))
        .filter(profiles::Column::CertificationExpiryDate.lte(horizon))
        .all(db)
        .await?;
    let mut changed = 0;
    for p in due {
        let txn = crate::db::begin_write(db).await?;
        // Claimed on its valid status: of two concurrent runs exactly one notifies.
        let changed_rows = System::job(now)
            .update_where::<profiles::Entity>(
                &txn,
                Condition::all()
                    .add(profiles::Column::Id.eq(p.id))
                    .add(profiles::Column::CertificationStatus.eq(CertificationStatus::Valid)),
                vec![(
                    profiles::Column::CertificationStatus,
                    Expr::value(CertificationStatus::ExpiringSoon),
                )],
                "certification_reminder",
                json!({}),
            )
            .await?;
        if changed_rows.is_empty() {
            txn.rollback().await?;
            continue;
        }
        let calendar = Calendar::of(&txn, p.organization_id).await?;
        let expires = p
            .certification_expiry_date
            .map(|d| calendar.day_of(d).to_string())
            .unwrap_or_default();
        let text = messages::certification_expiring(&calendar, p.certification_expiry_date);
        let days = p
            .certification_expiry_date
            .map(|d| (calendar.day_of(d) - calendar.day_of(now)).num_days() as i32);
        let notice = Notice {
            category: notifications::NotificationCategory::Certification,
            channel: notifications::NotificationChannel::InApp,
            title: text.title,
            body: text.body,
            related: Some(("peer_mentor_profiles", p.id)),
            data: json!({ "peerMentorProfileId": p.id, "expiresOn": expires }),
            rule: "certification_reminder",
            scenario: Some(Scenario {
                trigger: Trigger::CertificateExpiry,
                offset_days: days,
                values: messages::certificate_values(
                    &calendar,
                    None,
                    p.certification_expiry_date.map(|d| calendar.day_of(d)),
                    days,
                ),
                fixed_channel: false,
            }),
        };
        notify(&txn, None, p.organization_id, p.user_id, &notice, now).await?;
        txn.commit().await?;
        changed += 1;
    }
    Ok(changed)
}

fn channel_of(c: reminders::CertificationReminderChannel) -> notifications::NotificationChannel {
    match c {
        reminders::CertificationReminderChannel::Push => notifications::NotificationChannel::Push,
        reminders::CertificationReminderChannel::Email => notifications::NotificationChannel::Email,
        reminders::CertificationReminderChannel::Sms => notifications::NotificationChannel::Sms,
        reminders::CertificationReminderChannel::InApp => notifications::NotificationChannel::InApp,
    }
}

/// Sends the scheduled `certification_reminders` that are due: a notification to the holder
/// (and their coordinators when `notify_coordinator`), then the reminder is `sent`.
pub async fn send_due_reminders(db: &DatabaseConnection, now: DateTime<Utc>) -> ApiResult<usize> {
    let due = reminders::Entity::find()
        .filter(reminders::Column::DeletedAt.is_null())
        .filter(reminders::Column::Status.eq(reminders::CertificationReminderStatus::Scheduled))
        .filter(reminders::Column::RemindAt.lte(now))
        .all(db)
        .await?;
    let mut sent = 0;
    for r in due {
        let txn = crate::db::begin_write(db).await?;
        let claimed = System::job(now)
            .claim_move::<reminders::Entity>(
                &txn,
                &r,
                reminders::CertificationReminderStatus::Sent.into(),
                vec![(reminders::Column::SentAt, Expr::value(Some(now)))],
                "certification_reminder",
                json!({}),
            )
            .await?;
        if claimed.is_none() {
            txn.rollback().await?;
            continue;
        }
        let certification = certifications::Entity::find_by_id(r.certification_id)
            .one(&txn)
            .await?;
        let calendar = Calendar::of(&txn, r.organization_id).await?;
        let expires_on = certification.as_ref().and_then(|c| c.expires_on);
        let text = messages::certification_reminder(
            &calendar,
            certification.as_ref().map(|c| c.name.as_str()),
            expires_on,
            r.days_before_expiry,
        );
        let expires = expires_on.map(|d| d.to_string());
        let mut notice = Notice {
            category: notifications::NotificationCategory::Certification,
            channel: channel_of(r.channel),
            title: text.title,
            body: text.body,
            related: Some(("certifications", r.certification_id)),
            data: json!({
                "certificationId": r.certification_id,
                "reminderId": r.id,
                "expiresOn": expires,
                "daysBeforeExpiry": r.days_before_expiry,
            }),
            rule: "certification_reminder",
            scenario: Some(Scenario {
                trigger: Trigger::CertificateExpiry,
                offset_days: Some(r.days_before_expiry),
                values: messages::certificate_values(
                    &calendar,
                    certification.as_ref().map(|c| c.name.as_str()),
                    expires_on,
                    Some(r.days_before_expiry),
                ),
                fixed_channel: true,
            }),
        };
        notify(&txn, None, r.organization_id, r.user_id, &notice, now).await?;
        if r.notify_coordinator {
            // The coordinators' copy is the server's own text: the scenario is the mentor's.
            notice.scenario = None;
            notice.channel = notifications::NotificationChannel::InApp;
            notice.title = messages::certification_reminder_to_coordinator(
                &calendar,
                certification.as_ref().map(|c| c.name.as_str()),
            );
            notice.data["userId"] = json!(r.user_id);
            for c in lifecycle::coordinators_of(&txn, r.organization_id, r.user_id, now).await? {
                notify(&txn, None, r.organization_id, c, &notice, now).await?;
            }
        }
        txn.commit().await?;
        sent += 1;
    }
    Ok(sent)
}
