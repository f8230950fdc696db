//! Peer mentor lifecycle: status changes.

use super::*;

/// One status change of a profile.
pub struct StatusChange {
    pub to: Status,
    pub reason: Option<String>,
    pub resume_at: Option<DateTime<Utc>>,
    pub source: AvailabilitySource,
    /// Also set `certification_status = expired` (the auto-pause).
    pub certification_expired: bool,
    pub now: DateTime<Utc>,
}

/// Claims a profile for a status change while its status is one of `allowed` (a conditional
/// UPDATE that changes nothing): of concurrent changes exactly one claims it, the others wait for it
/// (row lock in PostgreSQL, write lock in SQLite) and then find the status changed. Called
/// first in a transaction, before any read, so that SQLite takes the write lock up front.
pub async fn claim(
    txn: &DatabaseTransaction,
    profile_id: Uuid,
    allowed: &[Status],
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    System::job(now)
        .claim::<profiles::Entity>(
            txn,
            profile_id,
            Condition::all().add(profiles::Column::Status.is_in(allowed.iter().copied())),
        )
        .await
}

/// Changes a profile's status: `status_transition_guard`, a claim on the old status (exactly
/// one of several concurrent changes wins; the others are refused by the guard), the update,
/// one `peer_mentor_availability` row, and the coordinators' notifications on a pause.
pub async fn change_status(
    txn: &DatabaseTransaction,
    actor: &Actor<'_>,
    profile: profiles::Model,
    change: StatusChange,
) -> ApiResult<profiles::Model> {
    let from = profile.status;
    if !transition_allowed(from, change.to) {
        return Err(guard(format!(
            "a peer mentor cannot go from {} to {}",
            status_name(from),
            status_name(change.to)
        )));
    }
    if !claim(txn, profile.id, &[from], change.now).await? {
        return Err(guard(
            "the peer mentor's status changed meanwhile; reload and try again",
        ));
    }
    let was_paused = matches!(from, Status::Paused | Status::AutoPaused);
    let pausing = matches!(change.to, Status::Paused | Status::AutoPaused);
    let mut am = profile.clone().into_active_model();
    am.status = Set(change.to);
    am.paused_at = Set(if pausing {
        profile
            .paused_at
            .filter(|_| was_paused)
            .or(Some(change.now))
    } else {
        None
    });
    am.pause_reason = Set(if pausing { change.reason.clone() } else { None });
    am.resume_at = Set(if change.to == Status::Paused {
        change.resume_at
    } else {
        None
    });
    if change.certification_expired {
        am.certification_status = Set(CertificationStatus::Expired);
    }
    let updated = update_profile_as(txn, actor, am, "status_transition_guard").await?;
    let history = availability::ActiveModel {
        user_id: Set(profile.user_id),
        peer_mentor_profile_id: Set(profile.id),
        previous_status: Set(Some(from)),
        status: Set(change.to),
        reason: Set(change.reason.clone()),
        source: Set(change.source),
        effective_from: Set(change.now),
        effective_until: Set(if change.to == Status::Paused {
            change.resume_at
        } else {
            None
        }),
        ..Default::default()
    };
    insert_as::<availability::Entity>(
        txn,
        actor,
        profile.organization_id,
        history,
        "status_transition_guard",
    )
    .await?;
    if pausing {
        notify_pause(
            txn,
            actor.user_id(),
            &updated,
            change.reason.as_deref(),
            change.now,
        )
        .await?;
    }
    Ok(updated)
}

pub(super) fn source_for(viewer: &Viewer, profile: &profiles::Model) -> AvailabilitySource {
    if profile.user_id == viewer.user_id {
        AvailabilitySource::Mentor
    } else {
        AvailabilitySource::Coordinator
    }
}

pub(super) fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Pauses an active mentor (the mentor, or a coordinator/org admin in scope).
pub async fn pause(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    profile_id: Uuid,
    pause_reason: Option<String>,
    resume_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ApiResult<profiles::Model> {
    let claimed = claim(txn, profile_id, &[Status::Active], now).await?;
    let profile = writer
        .find_for::<profiles::Entity>(txn, Action::Update, profile_id)
        .await?;
    let reason = trimmed(pause_reason);
    validation::text_max(
        "pause_reason",
        reason.as_deref(),
        profiles::PAUSE_REASON_MAX_CHARS,
        "pause_reason_length",
    )?;
    if resume_at.is_some_and(|r| r <= now) {
        return Err(ApiError::bad_input(
            "resumeAt",
            "resume_at_future_date",
            "resumeAt must be in the future",
        ));
    }
    if !claimed || profile.status != Status::Active {
        return Err(guard(format!(
            "only an active peer mentor can be paused (this one is {})",
            status_name(profile.status)
        )));
    }
    let source = source_for(writer.viewer, &profile);
    change_status(
        txn,
        &Actor::User(writer),
        profile,
        StatusChange {
            to: Status::Paused,
            reason,
            resume_at,
            source,
            certification_expired: false,
            now,
        },
    )
    .await
}

/// Resumes a paused mentor; an auto-paused one only once the certification is valid again.
pub async fn resume(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    profile_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<profiles::Model> {
    let claimed = claim(txn, profile_id, &[Status::Paused, Status::AutoPaused], now).await?;
    let mut profile = writer
        .find_for::<profiles::Entity>(txn, Action::Update, profile_id)
        .await?;
    // A renewal recorded since the auto-pause lets the mentor be resumed.
    if claimed
        && profile.status == Status::AutoPaused
        && !certification_allows_activity(&profile, now)
        && let Some(renewed) =
            apply_renewed_certification(txn, &profile, Some(writer.viewer.user_id), now).await?
    {
        profile = renewed;
    }
    match profile.status {
        _ if !claimed && matches!(profile.status, Status::Paused | Status::AutoPaused) => {
            return Err(guard(
                "the peer mentor's status changed meanwhile; reload and try again",
            ));
        }
        Status::Paused => {}
        Status::AutoPaused if certification_allows_activity(&profile, now) => {}
        Status::AutoPaused => {
            return Err(guard(
                "the certification has expired: record its renewal (a certification that runs \
                 longer) before resuming",
            ));
        }
        Status::Active => return Err(guard("the peer mentor is already active")),
        Status::Inactive => {
            return Err(guard(
                "an inactive peer mentor is reactivated by assigning the peer_mentor role",
            ));
        }
    }
    let source = source_for(writer.viewer, &profile);
    change_status(
        txn,
        &Actor::User(writer),
        profile,
        StatusChange {
            to: Status::Active,
            reason: None,
            resume_at: None,
            source,
            certification_expired: false,
            now,
        },
    )
    .await
}

/// Deactivates a mentor (coordinators and org admins; the mentor keeps history and reports).
pub async fn deactivate(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    profile_id: Uuid,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> ApiResult<profiles::Model> {
    if !is_staff(writer.viewer, "UPDATE_PEER_MENTOR_PROFILES") {
        return Err(ApiError::forbidden(
            "coordinators and org admins deactivate peer mentors",
        ));
    }
    let claimed = claim(
        txn,
        profile_id,
        &[Status::Active, Status::Paused, Status::AutoPaused],
        now,
    )
    .await?;
    let profile = writer
        .find_for::<profiles::Entity>(txn, Action::Update, profile_id)
        .await?;
    let reason = trimmed(reason);
    validation::text_max(
        "reason",
        reason.as_deref(),
        REASON_MAX_CHARS,
        "reason_length",
    )?;
    if !claimed || profile.status == Status::Inactive {
        return Err(guard("the peer mentor is already inactive"));
    }
    change_status(
        txn,
        &Actor::User(writer),
        profile,
        StatusChange {
            to: Status::Inactive,
            reason,
            resume_at: None,
            source: AvailabilitySource::Coordinator,
            certification_expired: false,
            now,
        },
    )
    .await
}
