//! Peer mentor lifecycle (seed 002): the validation and business rules of
//! `peer_mentor_profiles`, named after the seed's rules.
//!
//! - Status changes (`pause`, `resume`, `deactivate`, role revocation, the scheduled auto-pause
//!   and auto-resume) all go through [`change_status`]: `status_transition_guard`, a claim on the
//!   old status so that exactly one concurrent change wins, one `peer_mentor_availability` row per
//!   change, and `coordinator_notified_on_pause`.
//! - Role administration with the lifecycle: [`assign_role`] (`one_profile_per_peer_mentor`,
//!   no escalation) and [`revoke_role`] (the profile is deactivated with the last peer_mentor
//!   role).
//! - [`update_details`]: the profile fields a mentor or coordinator edits, with the field rules
//!   (`certification_expiry_future_date`, `referral_code_format`,
//!   `consent_version_required_with_timestamp`, `years_of_experience_range`,
//!   `map_visibility_requires_location`, `tenant_isolation`, `encrypted_assignment_consent_gate`)
//!   and the `specializations_known_values` warning.
//! - Assignment counting: [`count_completed_assignment`] (for the assignment and activity
//!   workflows) and [`set_assignment_count`] (a coordinator's correction) record
//!   `assignment_threshold_honorar` crossings; [`reset_period_if_due`] is
//!   `assignment_count_period_reset`.
//! - [`match_peer_mentors`]: `paused_mentor_hidden_from_assignment_matching`, map opt-in and
//!   location consent, ordered by distance (haversine in Rust over the scoped candidates: SQL
//!   trigonometry is not portable between SQLite and PostgreSQL).
//! - [`ensure_can_receive_encrypted_assignment`]: `encrypted_assignment_consent_gate` for the
//!   dispatch of encrypted assignments.
//!
//! Writes made on behalf of a signed-in user go through `authz::writes::Writer` (tenant, scope
//! before and after, audit). Rows the rules write for other people (coordinators'
//! notifications, honorarium records) and everything the scheduled jobs write are system writes:
//! through `authz::writes_system::System` (the organization comes from the profile, the author
//! is the acting user or none for jobs; machine-checked and audited all the same).

use std::collections::{BTreeMap, BTreeSet};

use crate::{authz::writes_system::System, calendar::Calendar};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait,
    DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    authz::{Action, Reach, Secured, Viewer, scoped, writes::Writer},
    error::{ApiError, ApiResult},
};
use entity::{
    assignment_honorarium_records as records, geographic_locations as locations,
    honorarium_thresholds as thresholds, local_associations, notifications, organization_settings,
    peer_mentor_availability as availability, peer_mentor_profiles as profiles, permissions,
    report_periods, role_permissions, roles, user_organization_memberships as memberships,
    user_roles, users,
};

pub use entity::peer_mentor_availability::PeerMentorAvailabilitySource as AvailabilitySource;
pub use entity::peer_mentor_profiles::{
    PeerMentorCertificationStatus as CertificationStatus, PeerMentorStatus as Status,
};

/// Key of the system role whose holders have a peer mentor profile.
pub const PEER_MENTOR_ROLE: &str = "peer_mentor";
/// Longest accepted `bio`.
pub const BIO_MAX_CHARS: usize = 2000;
/// Longest accepted reason of a deactivation or an assignment-count correction.
pub const REASON_MAX_CHARS: usize = 500;
/// A certification expiring within this many days is `expiring_soon`.
pub const EXPIRING_SOON_DAYS: i64 = 30;
/// Widest radius `matchPeerMentors` accepts.
pub const MAX_MATCH_RADIUS_KM: f64 = 1000.0;

/// A rule that held but wants attention (answered in the payload's `warnings`, never rejecting).
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub rule: String,
    pub field: String,
    pub message: String,
}

/// A change to an optional column: leave it, clear it, or set it.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Patch<T> {
    #[default]
    Keep,
    Clear,
    Set(T),
}

impl<T: Clone> Patch<T> {
    fn resolve(&self, current: Option<T>) -> Option<T> {
        match self {
            Self::Keep => current,
            Self::Clear => None,
            Self::Set(v) => Some(v.clone()),
        }
    }

    fn is_keep(&self) -> bool {
        matches!(self, Self::Keep)
    }

    fn value(&self) -> Option<&T> {
        match self {
            Self::Set(v) => Some(v),
            _ => None,
        }
    }
}

/// Who makes a change: a signed-in user (every write through the `Writer`), or the server's
/// scheduled jobs at the instant of their run.
pub enum Actor<'a> {
    User(&'a Writer<'a>),
    System(DateTime<Utc>),
}

impl Actor<'_> {
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Self::User(w) => Some(w.viewer.user_id),
            Self::System(_) => None,
        }
    }

    /// The change's instant on the domain clock.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Self::User(w) => w.now,
            Self::System(now) => *now,
        }
    }
}

fn guard(message: impl Into<String>) -> ApiError {
    ApiError::bad_input("status", "status_transition_guard", message)
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Active => "active",
        Status::Paused => "paused",
        Status::AutoPaused => "auto_paused",
        Status::Inactive => "inactive",
    }
}

/// Whether the viewer holds `permission` beyond their own rows (coordinators, org admins).
pub fn is_staff(viewer: &Viewer, permission: &str) -> bool {
    viewer.reaches(permission).is_some_and(|r| {
        r.iter()
            .any(|r| matches!(r, Reach::LocalAssociation | Reach::Organization))
    })
}

/// `status_transition_guard`: the lifecycle's allowed transitions. Who may make them is decided
/// by the operation (only the jobs auto-pause; only a role assignment reactivates).
pub fn transition_allowed(from: Status, to: Status) -> bool {
    use Status::*;
    matches!(
        (from, to),
        (Active, Paused | AutoPaused | Inactive)
            | (Paused, Active | AutoPaused | Inactive)
            | (AutoPaused, Active | Inactive)
            | (Inactive, Active)
    )
}

/// Whether the certification allows the mentor to be active at `now`.
pub fn certification_allows_activity(p: &profiles::Model, now: DateTime<Utc>) -> bool {
    match p.certification_status {
        CertificationStatus::NotRequired => true,
        CertificationStatus::Expired => false,
        _ => p.certification_expiry_date.is_none_or(|d| d > now),
    }
}

/// `certification_drives_profile`: the mentor's certification records decide the profile's
/// expiry. When a live, unrevoked certification of the mentor in the organization runs longer
/// than the profile says (a renewal), the profile takes its end (the start of the day after
/// `expires_on`, the organization's day) and a valid or expiring-soon status, written by the
/// server for `actor` (None: a job). `None` when no certification runs longer.
pub async fn apply_renewed_certification(
    txn: &DatabaseTransaction,
    profile: &profiles::Model,
    actor: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<Option<profiles::Model>> {
    use entity::certifications;
    if profile.certification_status == CertificationStatus::NotRequired {
        return Ok(None);
    }
    let calendar = Calendar::of(txn, profile.organization_id).await?;
    let latest = certifications::Entity::find()
        .filter(certifications::Column::OrganizationId.eq(profile.organization_id))
        .filter(certifications::Column::UserId.eq(profile.user_id))
        .filter(certifications::Column::DeletedAt.is_null())
        .filter(certifications::Column::RevokedAt.is_null())
        .filter(certifications::Column::Status.is_in([
            certifications::CertificationStatus::Active,
            certifications::CertificationStatus::ExpiringSoon,
        ]))
        .filter(certifications::Column::ExpiresOn.is_not_null())
        .order_by_desc(certifications::Column::ExpiresOn)
        .one(txn)
        .await?;
    let Some(ends) = latest
        .and_then(|c| c.expires_on)
        .and_then(|d| d.succ_opt())
        .map(|d| calendar.start_of(d))
    else {
        return Ok(None);
    };
    if ends <= now || profile.certification_expiry_date.is_some_and(|d| d >= ends) {
        return Ok(None);
    }
    let status = if ends - now <= chrono::Duration::days(EXPIRING_SOON_DAYS) {
        CertificationStatus::ExpiringSoon
    } else {
        CertificationStatus::Valid
    };
    let mut am = profile.clone().into_active_model();
    am.certification_expiry_date = Set(Some(ends));
    am.certification_status = Set(status);
    let updated = System::acting(now, actor)
        .update::<profiles::Entity>(txn, am, "certification_drives_profile")
        .await?;
    Ok(Some(updated))
}

// ---------------------------------------------------------------------------------------------
// System writes and notifications

/// Inserts as the actor: through the `Writer` for a user, as a system write for the jobs.
async fn insert_as<E>(
    txn: &DatabaseTransaction,
    actor: &Actor<'_>,
    organization: Uuid,
    am: E::ActiveModel,
    rule: &str,
) -> ApiResult<E::Model>
where
    E: Secured,
    E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
    E::Model: IntoActiveModel<E::ActiveModel>,
{
    match actor {
        Actor::User(w) => w.insert::<E>(txn, am).await,
        Actor::System(now) => {
            System::job(*now)
                .insert::<E>(txn, None, organization, am, rule)
                .await
        }
    }
}

/// Updates a profile as the actor (scope before and after for a user; audited either way).
async fn update_profile_as(
    txn: &DatabaseTransaction,
    actor: &Actor<'_>,
    am: profiles::ActiveModel,
    rule: &str,
) -> ApiResult<profiles::Model> {
    match actor {
        Actor::User(w) => w.update::<profiles::Entity>(txn, am).await,
        Actor::System(now) => {
            System::job(*now)
                .update::<profiles::Entity>(txn, am, rule)
                .await
        }
    }
}

/// The coordinators of a mentor: holders of a local-association role in the organization whose
/// local associations (memberships or the role's own narrowing) include one of the mentor's.
pub async fn coordinators_of<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    mentor: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Uuid>> {
    let mentor_las: BTreeSet<Uuid> = memberships::Entity::find()
        .filter(memberships::Column::UserId.eq(mentor))
        .filter(memberships::Column::OrganizationId.eq(organization))
        .filter(memberships::Column::DeletedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|m| m.local_association_id)
        .collect();
    if mentor_las.is_empty() {
        return Ok(Vec::new());
    }
    let role_ids: Vec<Uuid> = roles::Entity::find()
        .filter(roles::Column::Reach.eq(roles::RoleReach::LocalAssociation))
        .filter(
            Condition::any()
                .add(roles::Column::OrganizationId.is_null())
                .add(roles::Column::OrganizationId.eq(organization)),
        )
        .filter(roles::Column::DeletedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    if role_ids.is_empty() {
        return Ok(Vec::new());
    }
    let holders = user_roles::Entity::find()
        .filter(user_roles::Column::RoleId.is_in(role_ids))
        .filter(user_roles::Column::OrganizationId.eq(organization))
        .filter(user_roles::Column::RevokedAt.is_null())
        .filter(user_roles::Column::DeletedAt.is_null())
        .filter(
            Condition::any()
                .add(user_roles::Column::ValidUntil.is_null())
                .add(user_roles::Column::ValidUntil.gt(now)),
        )
        .all(db)
        .await?;
    let mut found = BTreeSet::new();
    for h in &holders {
        if let Some(la) = h.local_association_id
            && mentor_las.contains(&la)
        {
            found.insert(h.user_id);
        }
    }
    let holder_ids: BTreeSet<Uuid> = holders.iter().map(|h| h.user_id).collect();
    if !holder_ids.is_empty() {
        let shared = memberships::Entity::find()
            .filter(memberships::Column::UserId.is_in(holder_ids))
            .filter(memberships::Column::OrganizationId.eq(organization))
            .filter(memberships::Column::DeletedAt.is_null())
            .filter(memberships::Column::LocalAssociationId.is_in(mentor_las))
            .all(db)
            .await?;
        found.extend(shared.into_iter().map(|m| m.user_id));
    }
    found.remove(&mentor);
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let active = users::Entity::find()
        .filter(users::Column::Id.is_in(found))
        .filter(users::Column::Status.eq(users::UserStatus::Active))
        .filter(users::Column::DeletedAt.is_null())
        .order_by_asc(users::Column::Id)
        .all(db)
        .await?;
    Ok(active.into_iter().map(|u| u.id).collect())
}

/// What a notification says and what it is about.
pub struct Notice {
    pub category: notifications::NotificationCategory,
    pub channel: notifications::NotificationChannel,
    pub title: String,
    pub body: String,
    pub related: Option<(&'static str, Uuid)>,
    pub data: serde_json::Value,
    pub rule: &'static str,
}

/// Writes one notification row for `user` (delivery to devices is the notification engine's;
/// the row starts `pending`), unless they opted out of it (`wants`: `None`). The only place
/// workflows write notifications: it also queues the wake-up of the recipient's
/// `notificationAdded` subscriptions (`crate::wakeups`).
pub async fn notify(
    txn: &DatabaseTransaction,
    by: Option<Uuid>,
    organization: Uuid,
    user: Uuid,
    notice: &Notice,
    now: DateTime<Utc>,
) -> ApiResult<Option<notifications::Model>> {
    if !wants(txn, organization, user, notice).await? {
        return Ok(None);
    }
    let am = notifications::ActiveModel {
        user_id: Set(user),
        scenario_id: Set(None),
        channel: Set(notice.channel),
        category: Set(notice.category),
        title: Set(notice.title.clone()),
        body: Set(notice.body.clone()),
        related_entity_type: Set(notice.related.map(|(t, _)| t.to_string())),
        related_entity_id: Set(notice.related.map(|(_, id)| id)),
        data: Set(notice.data.clone()),
        status: Set(notifications::NotificationStatus::Pending),
        ..Default::default()
    };
    let row = System::acting(now, by)
        .insert::<notifications::Entity>(txn, by, organization, am, notice.rule)
        .await?;
    // The recipient's subscribers on this instance are woken once the operation is over
    // (after this transaction committed); other instances find the row by polling.
    crate::wakeups::notification_written(user);
    Ok(Some(row))
}

/// `notification_opt_in`: whether `user` takes `notice`. Refused by an opt-out of the channel
/// (`notification_preferences` without a scenario, `isEnabled: false`) or, for push, when every
/// registered device of theirs has the notice's category switched off (assignment alerts,
/// activity reminders, certificate expiry warnings, event updates, achievements). System and
/// expense notices, and users who said nothing, are always written.
async fn wants(
    txn: &DatabaseTransaction,
    organization: Uuid,
    user: Uuid,
    notice: &Notice,
) -> ApiResult<bool> {
    use entity::{notification_preferences as prefs, push_notification_configs as push};
    use notifications::{NotificationCategory as Category, NotificationChannel as Channel};
    if matches!(notice.category, Category::System) {
        return Ok(true);
    }
    let opted_out = prefs::Entity::find()
        .filter(prefs::Column::OrganizationId.eq(organization))
        .filter(prefs::Column::UserId.eq(user))
        .filter(prefs::Column::Channel.eq(notice.channel))
        .filter(prefs::Column::ScenarioId.is_null())
        .filter(prefs::Column::IsEnabled.eq(false))
        .filter(prefs::Column::DeletedAt.is_null())
        .one(txn)
        .await?
        .is_some();
    if opted_out {
        return Ok(false);
    }
    if notice.channel != Channel::Push {
        return Ok(true);
    }
    let devices = push::Entity::find()
        .filter(push::Column::OrganizationId.eq(organization))
        .filter(push::Column::UserId.eq(user))
        .filter(push::Column::IsEnabled.eq(true))
        .filter(push::Column::TokenInvalidatedAt.is_null())
        .filter(push::Column::DeletedAt.is_null())
        .all(txn)
        .await?;
    let takes = |d: &push::Model| match notice.category {
        Category::Assignment => d.assignment_alerts,
        Category::Activity => d.activity_reminders,
        Category::Certification => d.certificate_expiry_warnings,
        Category::Event => d.event_updates,
        Category::Achievement => d.achievements,
        Category::Expense | Category::System => true,
    };
    Ok(devices.is_empty() || devices.iter().any(takes))
}

/// `coordinator_notified_on_pause`: one notification per coordinator of the mentor.
async fn notify_pause(
    txn: &DatabaseTransaction,
    by: Option<Uuid>,
    profile: &profiles::Model,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Uuid>> {
    let coordinators = coordinators_of(txn, profile.organization_id, profile.user_id, now).await?;
    if coordinators.is_empty() {
        return Ok(coordinators);
    }
    let name = users::Entity::find_by_id(profile.user_id)
        .one(txn)
        .await?
        .map(|u| format!("{} {}", u.first_name, u.last_name))
        .unwrap_or_else(|| "A peer mentor".into());
    let automatic = profile.status == Status::AutoPaused;
    let notice = Notice {
        category: if automatic {
            notifications::NotificationCategory::Certification
        } else {
            notifications::NotificationCategory::System
        },
        channel: notifications::NotificationChannel::InApp,
        title: if automatic {
            format!("{name} was paused: certification expired")
        } else {
            format!("{name} is paused")
        },
        body: match reason {
            Some(r) => format!("{name} is not available for assignments. Reason: {r}"),
            None => format!("{name} is not available for assignments."),
        },
        related: Some(("peer_mentor_profiles", profile.id)),
        data: json!({
            "peerMentorProfileId": profile.id,
            "userId": profile.user_id,
            "status": status_name(profile.status),
            "resumeAt": profile.resume_at,
        }),
        rule: "coordinator_notified_on_pause",
    };
    for c in &coordinators {
        notify(txn, by, profile.organization_id, *c, &notice, now).await?;
    }
    Ok(coordinators)
}

// ---------------------------------------------------------------------------------------------
// Status changes

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

fn source_for(viewer: &Viewer, profile: &profiles::Model) -> AvailabilitySource {
    if profile.user_id == viewer.user_id {
        AvailabilitySource::Mentor
    } else {
        AvailabilitySource::Coordinator
    }
}

fn trimmed(s: Option<String>) -> Option<String> {
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
    if reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > profiles::PAUSE_REASON_MAX_CHARS)
    {
        return Err(ApiError::bad_input(
            "pauseReason",
            "pause_reason_length",
            format!(
                "pauseReason must be at most {} characters",
                profiles::PAUSE_REASON_MAX_CHARS
            ),
        ));
    }
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
    if reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > REASON_MAX_CHARS)
    {
        return Err(ApiError::bad_input(
            "reason",
            "reason_length",
            format!("reason must be at most {REASON_MAX_CHARS} characters"),
        ));
    }
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

// ---------------------------------------------------------------------------------------------
// Role assignment and the profile (one_profile_per_peer_mentor)

pub async fn live_profile<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    user: Uuid,
) -> ApiResult<Option<profiles::Model>> {
    Ok(profiles::Entity::find()
        .filter(profiles::Column::OrganizationId.eq(organization))
        .filter(profiles::Column::UserId.eq(user))
        .filter(profiles::Column::DeletedAt.is_null())
        .one(db)
        .await?)
}

/// The permissions `role` grants in `organization`: platform defaults, then the
/// organization's overrides.
async fn role_grants<C: ConnectionTrait>(
    db: &C,
    role: Uuid,
    organization: Uuid,
) -> ApiResult<Vec<String>> {
    let rows = role_permissions::Entity::find()
        .find_also_related(permissions::Entity)
        .filter(role_permissions::Column::RoleId.eq(role))
        .filter(
            Condition::any()
                .add(role_permissions::Column::OrganizationId.is_null())
                .add(role_permissions::Column::OrganizationId.eq(organization)),
        )
        .filter(role_permissions::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let mut effective: BTreeMap<String, bool> = BTreeMap::new();
    for org_rows in [false, true] {
        for (rp, perm) in &rows {
            if let Some(perm) = perm
                && rp.organization_id.is_some() == org_rows
            {
                effective.insert(perm.name.clone(), rp.is_granted);
            }
        }
    }
    Ok(effective
        .into_iter()
        .filter_map(|(name, granted)| granted.then_some(name))
        .collect())
}

/// No escalation: never a platform role, and every permission the role grants must be one the
/// assigner holds with at least the role's reach. One allowance: a role of reach `own` may carry
/// CREATE permissions on resources the assigner can read (self-service records only the
/// assignee creates for themselves, e.g. assignment consents and read receipts, which no admin
/// may create on a mentor's behalf).
fn ensure_no_escalation(viewer: &Viewer, role: &roles::Model, grants: &[String]) -> ApiResult<()> {
    if role.reach == roles::RoleReach::Platform {
        return Err(ApiError::forbidden(format!(
            "{} is a platform role, assigned by the platform only (no_escalation)",
            role.key
        )));
    }
    let reach = Reach::from(role.reach);
    for p in grants {
        let held = viewer
            .reaches(p)
            .and_then(|r| r.iter().max().copied())
            .is_some_and(|max| max >= reach);
        let self_service = reach == Reach::Own
            && p.strip_prefix("CREATE_")
                .is_some_and(|resource| viewer.can(&format!("READ_{resource}")));
        if !held && !self_service {
            return Err(ApiError::forbidden(format!(
                "role {} grants {p}, which you do not hold (no_escalation)",
                role.key
            )));
        }
    }
    Ok(())
}

fn require_manage_roles(viewer: &Viewer) -> ApiResult<Uuid> {
    if !viewer.can("MANAGE_ROLES") {
        return Err(ApiError::forbidden("missing permission MANAGE_ROLES"));
    }
    viewer
        .organization_id
        .ok_or_else(|| ApiError::forbidden("role administration needs an organization session"))
}

fn isolation(field: &str, what: &str) -> ApiError {
    ApiError::bad_input(
        field,
        "tenant_isolation",
        format!("{field} does not name {what} in your organization"),
    )
}

/// `one_profile_per_peer_mentor`: the live profile of `user`, created (active, with its first
/// availability row) or reactivated when inactive.
pub async fn ensure_profile(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    organization: Uuid,
    user: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<profiles::Model> {
    if let Some(existing) = live_profile(txn, organization, user).await? {
        if existing.status != Status::Inactive {
            return Ok(existing);
        }
        return change_status(
            txn,
            &Actor::User(writer),
            existing,
            StatusChange {
                to: Status::Active,
                reason: Some("peer_mentor role assigned again".into()),
                resume_at: None,
                source: AvailabilitySource::System,
                certification_expired: false,
                now,
            },
        )
        .await;
    }
    let period_start = current_period_start(txn, organization, now).await?;
    let am = profiles::ActiveModel {
        user_id: Set(user),
        status: Set(Status::Active),
        assignment_count_current_period: Set(0),
        assignment_period_start: Set(Some(period_start)),
        certification_status: Set(CertificationStatus::Pending),
        accepts_encrypted_assignments: Set(false),
        is_visible_on_map: Set(false),
        ..Default::default()
    };
    // Two concurrent assignments: the unique (organization, user) index lets one insert win.
    let sp = txn.begin().await?;
    let created = match writer.insert::<profiles::Entity>(&sp, am).await {
        Ok(p) => {
            sp.commit().await?;
            p
        }
        Err(e) => {
            sp.rollback().await?;
            return match live_profile(txn, organization, user).await? {
                Some(p) => Ok(p),
                None => Err(e),
            };
        }
    };
    let history = availability::ActiveModel {
        user_id: Set(user),
        peer_mentor_profile_id: Set(created.id),
        previous_status: Set(None),
        status: Set(Status::Active),
        reason: Set(Some("peer_mentor role assigned".into())),
        source: Set(AvailabilitySource::System),
        effective_from: Set(now),
        effective_until: Set(None),
        ..Default::default()
    };
    writer.insert::<availability::Entity>(txn, history).await?;
    Ok(created)
}

/// Assigns `role_id` to `user_id` in the viewer's organization (MANAGE_ROLES, no escalation),
/// optionally narrowed to a local association; the peer_mentor role also creates the profile.
pub async fn assign_role(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    user_id: Uuid,
    role_id: Uuid,
    local_association_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<(user_roles::Model, Option<profiles::Model>)> {
    let viewer = writer.viewer;
    let org = require_manage_roles(viewer)?;
    let role = scoped::<roles::Entity>(viewer, Action::Read)?
        .filter(roles::Column::Id.eq(role_id))
        .one(txn)
        .await?
        .ok_or_else(|| isolation("roleId", "a role"))?;
    let grants = role_grants(txn, role.id, org).await?;
    ensure_no_escalation(viewer, &role, &grants)?;
    scoped::<users::Entity>(viewer, Action::Read)?
        .filter(users::Column::Id.eq(user_id))
        .one(txn)
        .await?
        .ok_or_else(|| isolation("userId", "a member"))?;
    if let Some(la) = local_association_id {
        scoped::<local_associations::Entity>(viewer, Action::Read)?
            .filter(local_associations::Column::Id.eq(la))
            .one(txn)
            .await?
            .ok_or_else(|| isolation("localAssociationId", "a local association"))?;
    }
    let la_match = match local_association_id {
        Some(la) => user_roles::Column::LocalAssociationId.eq(la),
        None => user_roles::Column::LocalAssociationId.is_null(),
    };
    let held = user_roles::Entity::find()
        .filter(user_roles::Column::UserId.eq(user_id))
        .filter(user_roles::Column::RoleId.eq(role.id))
        .filter(user_roles::Column::OrganizationId.eq(org))
        .filter(la_match)
        .filter(user_roles::Column::RevokedAt.is_null())
        .filter(user_roles::Column::DeletedAt.is_null())
        .one(txn)
        .await?;
    if held.is_some() {
        return Err(ApiError::Conflict(format!(
            "the user already holds the role {} there",
            role.key
        )));
    }
    let assignment = writer
        .insert::<user_roles::Entity>(
            txn,
            user_roles::ActiveModel {
                user_id: Set(user_id),
                role_id: Set(role.id),
                local_association_id: Set(local_association_id),
                valid_until: Set(None),
                revoked_at: Set(None),
                ..Default::default()
            },
        )
        .await?;
    let profile = if role.key == PEER_MENTOR_ROLE {
        Some(ensure_profile(txn, writer, org, user_id, now).await?)
    } else {
        None
    };
    Ok((assignment, profile))
}

/// Revokes a role assignment of the viewer's organization (MANAGE_ROLES, no escalation); when
/// the user's last peer_mentor role goes, the profile becomes inactive.
pub async fn revoke_role(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    user_role_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<(user_roles::Model, Option<profiles::Model>)> {
    let viewer = writer.viewer;
    let org = require_manage_roles(viewer)?;
    let row = writer
        .find_for::<user_roles::Entity>(txn, Action::Update, user_role_id)
        .await?;
    if row.revoked_at.is_some() {
        return Err(ApiError::Conflict("the role is already revoked".into()));
    }
    let role = roles::Entity::find_by_id(row.role_id)
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let grants = role_grants(txn, role.id, org).await?;
    ensure_no_escalation(viewer, &role, &grants)?;
    // Claim the row: of two concurrent revocations one wins, the other is a conflict.
    let claimed = writer
        .claim::<user_roles::Entity>(
            txn,
            row.id,
            Condition::all().add(user_roles::Column::RevokedAt.is_null()),
        )
        .await?;
    if !claimed {
        return Err(ApiError::Conflict("the role is already revoked".into()));
    }
    let mut am = row.clone().into_active_model();
    am.revoked_at = Set(Some(now));
    let revoked = writer.update::<user_roles::Entity>(txn, am).await?;
    let mut profile = None;
    if role.key == PEER_MENTOR_ROLE {
        let still_mentor = user_roles::Entity::find()
            .filter(user_roles::Column::UserId.eq(row.user_id))
            .filter(user_roles::Column::RoleId.eq(role.id))
            .filter(user_roles::Column::OrganizationId.eq(org))
            .filter(user_roles::Column::RevokedAt.is_null())
            .filter(user_roles::Column::DeletedAt.is_null())
            .one(txn)
            .await?
            .is_some();
        if let Some(p) = live_profile(txn, org, row.user_id).await? {
            profile = Some(if still_mentor || p.status == Status::Inactive {
                p
            } else {
                change_status(
                    txn,
                    &Actor::User(writer),
                    p,
                    StatusChange {
                        to: Status::Inactive,
                        reason: Some("peer_mentor role revoked".into()),
                        resume_at: None,
                        source: AvailabilitySource::System,
                        certification_expired: false,
                        now,
                    },
                )
                .await?
            });
        }
    }
    Ok((revoked, profile))
}

// ---------------------------------------------------------------------------------------------
// Profile details and their field rules

/// The profile fields a mentor (own profile) or a coordinator/org admin (in scope) edits.
#[derive(Debug, Default, Clone)]
pub struct ProfileDetails {
    pub certification_expiry_date: Patch<DateTime<Utc>>,
    pub certification_status: Option<CertificationStatus>,
    pub digital_certificate_url: Patch<String>,
    pub referral_code: Patch<String>,
    pub consent_given_at: Patch<DateTime<Utc>>,
    pub consent_version: Patch<String>,
    pub accepts_encrypted_assignments: Option<bool>,
    pub geographic_location_id: Patch<Uuid>,
    pub is_visible_on_map: Option<bool>,
    pub years_of_experience: Patch<i32>,
    pub specializations: Patch<Vec<String>>,
    pub bio: Patch<String>,
    pub profile_photo_url: Patch<String>,
    pub notification_opt_ins: Patch<serde_json::Value>,
}

/// `specializations_known_values`: one warning per tag the matching does not know.
pub fn specialization_warnings(tags: &[String]) -> Vec<Warning> {
    tags.iter()
        .filter(|t| !profiles::KNOWN_SPECIALIZATIONS.contains(&t.as_str()))
        .map(|t| Warning {
            rule: "specializations_known_values".into(),
            field: "specializations".into(),
            message: format!(
                "\"{t}\" is not a known specialization; matching will not use it (known: {})",
                profiles::KNOWN_SPECIALIZATIONS.join(", ")
            ),
        })
        .collect()
}

/// Updates the details of a profile in scope, checking every field rule first.
pub async fn update_details(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    profile_id: Uuid,
    input: ProfileDetails,
    now: DateTime<Utc>,
) -> ApiResult<(profiles::Model, Vec<Warning>)> {
    let viewer = writer.viewer;
    let profile = writer
        .find_for::<profiles::Entity>(txn, Action::Update, profile_id)
        .await?;
    let own = profile.user_id == viewer.user_id;
    let staff = is_staff(viewer, "UPDATE_PEER_MENTOR_PROFILES");

    // Who may change what: certification data is the organization's, consent the mentor's.
    let certification_change = !input.certification_expiry_date.is_keep()
        || input.certification_status.is_some()
        || !input.digital_certificate_url.is_keep();
    if certification_change && !staff {
        return Err(ApiError::forbidden(
            "certification data is maintained by coordinators and org admins",
        ));
    }
    let consent_change = !input.consent_given_at.is_keep()
        || !input.consent_version.is_keep()
        || input.accepts_encrypted_assignments == Some(true);
    if consent_change && !own {
        return Err(ApiError::forbidden(
            "only the peer mentor can give consent to encrypted assignments",
        ));
    }

    // certification_expiry_future_date
    if let Some(d) = input.certification_expiry_date.value()
        && *d <= now
    {
        return Err(ApiError::bad_input(
            "certificationExpiryDate",
            "certification_expiry_future_date",
            "certificationExpiryDate must be in the future",
        ));
    }

    // referral_code_format (+ the seed's uniqueness, within the organization: another
    // tenant's codes are not this one's to learn)
    let referral_code = match &input.referral_code {
        Patch::Set(code) => {
            let code = code.trim().to_string();
            if !profiles::referral_code_is_valid(&code) {
                return Err(ApiError::bad_input(
                    "referralCode",
                    "referral_code_format",
                    "referralCode must be 4-32 characters: A-Z, 0-9 and inner hyphens",
                ));
            }
            let taken = profiles::Entity::find()
                .filter(profiles::Column::OrganizationId.eq(profile.organization_id))
                .filter(profiles::Column::ReferralCode.eq(code.as_str()))
                .filter(profiles::Column::Id.ne(profile.id))
                .one(txn)
                .await?
                .is_some();
            if taken {
                return Err(ApiError::Conflict(
                    "this referral code is taken; choose another".into(),
                ));
            }
            Patch::Set(code)
        }
        other => other.clone(),
    };

    // years_of_experience_range
    if let Some(y) = input.years_of_experience.value()
        && !profiles::YEARS_OF_EXPERIENCE_RANGE.contains(y)
    {
        let r = profiles::YEARS_OF_EXPERIENCE_RANGE;
        return Err(ApiError::bad_input(
            "yearsOfExperience",
            "years_of_experience_range",
            format!(
                "yearsOfExperience must be between {} and {}",
                r.start(),
                r.end()
            ),
        ));
    }

    // consent_version_required_with_timestamp
    let consent_given_at = input.consent_given_at.resolve(profile.consent_given_at);
    let consent_version = input
        .consent_version
        .resolve(profile.consent_version.clone())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    if consent_given_at.is_some() && consent_version.is_none() {
        return Err(ApiError::bad_input(
            "consentVersion",
            "consent_version_required_with_timestamp",
            "consentVersion is required when consentGivenAt is set",
        ));
    }
    if consent_version.is_some() && consent_given_at.is_none() {
        return Err(ApiError::bad_input(
            "consentGivenAt",
            "consent_version_required_with_timestamp",
            "consentGivenAt is required with consentVersion",
        ));
    }
    if consent_given_at.is_some_and(|c| c > now + chrono::Duration::minutes(5)) {
        return Err(ApiError::bad_input(
            "consentGivenAt",
            "consent_version_required_with_timestamp",
            "consentGivenAt cannot be in the future",
        ));
    }

    // encrypted_assignment_consent_gate: accepting needs a recorded consent.
    let accepts = input
        .accepts_encrypted_assignments
        .unwrap_or(profile.accepts_encrypted_assignments);
    if accepts && consent_given_at.is_none() {
        return Err(ApiError::bad_input(
            "acceptsEncryptedAssignments",
            "encrypted_assignment_consent_gate",
            "accepting encrypted assignments needs consent (consentGivenAt and consentVersion)",
        ));
    }

    // tenant_isolation: the location must be this mentor's, in this organization, in scope.
    if let Some(loc) = input.geographic_location_id.value() {
        let found = scoped::<locations::Entity>(viewer, Action::Read)?
            .filter(locations::Column::Id.eq(*loc))
            .filter(locations::Column::UserId.eq(profile.user_id))
            .filter(locations::Column::OrganizationId.eq(profile.organization_id))
            .one(txn)
            .await?;
        if found.is_none() {
            return Err(ApiError::bad_input(
                "geographicLocationId",
                "tenant_isolation",
                "geographicLocationId does not name a location of this peer mentor in your organization",
            ));
        }
    }

    // map_visibility_requires_location (with the mentor's location consent standing)
    let location_id = input
        .geographic_location_id
        .resolve(profile.geographic_location_id);
    let visible = input.is_visible_on_map.unwrap_or(profile.is_visible_on_map);
    if visible {
        let usable = match location_id {
            Some(id) => locations::Entity::find_by_id(id)
                .filter(locations::Column::OrganizationId.eq(profile.organization_id))
                .filter(locations::Column::DeletedAt.is_null())
                .one(txn)
                .await?
                .is_some_and(|l| l.has_consent() && l.latitude.is_some()),
            None => false,
        };
        if !usable {
            return Err(ApiError::bad_input(
                "isVisibleOnMap",
                "map_visibility_requires_location",
                "isVisibleOnMap needs a location (geographicLocationId) the mentor consented to",
            ));
        }
    }

    // specializations_known_values (warning only)
    let specializations = match &input.specializations {
        Patch::Set(tags) => {
            let mut clean: Vec<String> = Vec::new();
            for t in tags.iter().map(|t| t.trim().to_lowercase()) {
                if !t.is_empty() && !clean.contains(&t) {
                    clean.push(t);
                }
            }
            Patch::Set(clean)
        }
        other => other.clone(),
    };
    let warnings = specializations
        .value()
        .map(|t| specialization_warnings(t))
        .unwrap_or_default();

    if input
        .bio
        .value()
        .is_some_and(|b| b.chars().count() > BIO_MAX_CHARS)
    {
        return Err(ApiError::bad_input(
            "bio",
            "bio_length",
            format!("bio must be at most {BIO_MAX_CHARS} characters"),
        ));
    }
    if input
        .notification_opt_ins
        .value()
        .is_some_and(|v| !v.is_object())
    {
        return Err(ApiError::bad_input(
            "notificationOptIns",
            "notification_opt_ins_object",
            "notificationOptIns must be a JSON object of scenario -> boolean",
        ));
    }

    let mut am = profile.clone().into_active_model();
    if !input.certification_expiry_date.is_keep() {
        am.certification_expiry_date = Set(input
            .certification_expiry_date
            .resolve(profile.certification_expiry_date));
        // A renewed certification is valid again unless the input says otherwise.
        if input.certification_status.is_none()
            && input.certification_expiry_date.value().is_some()
            && matches!(
                profile.certification_status,
                CertificationStatus::Expired | CertificationStatus::ExpiringSoon
            )
        {
            am.certification_status = Set(CertificationStatus::Valid);
        }
    }
    if let Some(s) = input.certification_status {
        am.certification_status = Set(s);
    }
    if !input.digital_certificate_url.is_keep() {
        am.digital_certificate_url = Set(input
            .digital_certificate_url
            .resolve(profile.digital_certificate_url.clone()));
    }
    if !referral_code.is_keep() {
        am.referral_code = Set(referral_code.resolve(profile.referral_code.clone()));
    }
    if !input.consent_given_at.is_keep() || !input.consent_version.is_keep() {
        am.consent_given_at = Set(consent_given_at);
        am.consent_version = Set(consent_version);
    }
    if input.accepts_encrypted_assignments.is_some() {
        am.accepts_encrypted_assignments = Set(accepts);
    }
    if !input.geographic_location_id.is_keep() {
        am.geographic_location_id = Set(location_id);
        am.location_last_updated_at = Set(location_id.map(|_| now));
    }
    if input.is_visible_on_map.is_some() {
        am.is_visible_on_map = Set(visible);
    }
    if !input.years_of_experience.is_keep() {
        am.years_of_experience = Set(input
            .years_of_experience
            .resolve(profile.years_of_experience));
    }
    if !specializations.is_keep() {
        am.specializations = Set(specializations.resolve(None).map(|t| json!(t)));
    }
    if !input.bio.is_keep() {
        am.bio = Set(trimmed(input.bio.resolve(profile.bio.clone())));
    }
    if !input.profile_photo_url.is_keep() {
        am.profile_photo_url = Set(input
            .profile_photo_url
            .resolve(profile.profile_photo_url.clone()));
    }
    if !input.notification_opt_ins.is_keep() {
        am.notification_opt_ins = Set(input
            .notification_opt_ins
            .resolve(profile.notification_opt_ins.clone()));
    }
    let updated = writer.update::<profiles::Entity>(txn, am).await?;
    Ok((updated, warnings))
}

// ---------------------------------------------------------------------------------------------
// Assignment counting, honorarium thresholds and the counting period

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

async fn crossing_exists(
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
        let notice = Notice {
            category: notifications::NotificationCategory::Achievement,
            channel: notifications::NotificationChannel::InApp,
            title: format!("Honorarium threshold reached: {}", t.name),
            body: format!(
                "A peer mentor reached {} completed assignments this period ({}).",
                t.assignment_count, t.name
            ),
            related: Some(("assignment_honorarium_records", record.id)),
            data: json!({
                "userId": profile.user_id,
                "thresholdId": t.id,
                "assignmentCount": new,
            }),
            rule: "assignment_threshold_honorar",
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
    if count < 0 {
        return Err(ApiError::bad_input(
            "count",
            "assignment_count_non_negative",
            "count must be 0 or more",
        ));
    }
    if trimmed(reason.clone()).is_some_and(|r| r.chars().count() > REASON_MAX_CHARS) {
        return Err(ApiError::bad_input(
            "reason",
            "reason_length",
            format!("reason must be at most {REASON_MAX_CHARS} characters"),
        ));
    }
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

// ---------------------------------------------------------------------------------------------
// Matching and the dispatch gate

/// A point and a radius for `match_peer_mentors`.
#[derive(Debug, Clone, Copy)]
pub struct Near {
    pub lat: f64,
    pub lng: f64,
    pub radius_km: f64,
}

/// Filter of `match_peer_mentors`.
#[derive(Debug, Clone, Default)]
pub struct MatchFilter {
    /// The mentor must have every one of these tags.
    pub specializations: Vec<String>,
    pub near: Option<Near>,
    /// Only mentors who accept encrypted assignments (`encrypted_assignment_consent_gate`).
    pub accepts_encrypted_assignments: Option<bool>,
    pub limit: usize,
}

/// One matching mentor.
#[derive(Debug, Clone)]
pub struct Match {
    pub profile: profiles::Model,
    /// Great-circle distance from `near` in km (rounded to 0.1; None without `near`).
    pub distance_km: Option<f64>,
    pub matched_specializations: Vec<String>,
}

/// Great-circle distance in km (haversine, mean Earth radius).
pub fn haversine_km(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lng2 - lng1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().atan2((1.0 - a).sqrt())
}

fn tags_of(p: &profiles::Model) -> Vec<String> {
    p.specializations
        .as_ref()
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Mentors a coordinator can match: active only (`paused_mentor_hidden_from_assignment_matching`),
/// opted into the map with a consented location, in the viewer's scope, with every requested
/// specialization, within the radius, nearest first. Distances are computed in Rust over the
/// scoped candidate rows (SQL trigonometry is not portable between SQLite and PostgreSQL).
pub async fn match_peer_mentors<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    filter: MatchFilter,
) -> ApiResult<Vec<Match>> {
    if !is_staff(viewer, "READ_PEER_MENTOR_PROFILES") {
        return Err(ApiError::forbidden(
            "matching peer mentors is for coordinators and org admins",
        ));
    }
    if let Some(n) = filter.near {
        if !(-90.0..=90.0).contains(&n.lat) {
            return Err(ApiError::bad_input(
                "near.lat",
                "coordinates_range",
                "lat must be between -90 and 90",
            ));
        }
        if !(-180.0..=180.0).contains(&n.lng) {
            return Err(ApiError::bad_input(
                "near.lng",
                "coordinates_range",
                "lng must be between -180 and 180",
            ));
        }
        if !(n.radius_km > 0.0 && n.radius_km <= MAX_MATCH_RADIUS_KM) {
            return Err(ApiError::bad_input(
                "near.radiusKm",
                "radius_range",
                format!("radiusKm must be above 0 and at most {MAX_MATCH_RADIUS_KM}"),
            ));
        }
    }
    let wanted: Vec<String> = filter
        .specializations
        .iter()
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    let mut select = scoped::<profiles::Entity>(viewer, Action::Read)?
        .filter(profiles::Column::Status.eq(Status::Active))
        .filter(profiles::Column::IsVisibleOnMap.eq(true))
        .filter(profiles::Column::GeographicLocationId.is_not_null());
    if let Some(a) = filter.accepts_encrypted_assignments {
        select = select.filter(profiles::Column::AcceptsEncryptedAssignments.eq(a));
        if a {
            select = select.filter(profiles::Column::ConsentGivenAt.is_not_null());
        }
    }
    let candidates = select.all(db).await?;
    let location_ids: Vec<Uuid> = candidates
        .iter()
        .filter_map(|p| p.geographic_location_id)
        .collect();
    let located: BTreeMap<Uuid, locations::Model> = if location_ids.is_empty() {
        BTreeMap::new()
    } else {
        scoped::<locations::Entity>(viewer, Action::Read)?
            .filter(locations::Column::Id.is_in(location_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|l| (l.id, l))
            .collect()
    };
    let mut out = Vec::new();
    for p in candidates {
        let Some(loc) = p.geographic_location_id.and_then(|id| located.get(&id)) else {
            continue;
        };
        if loc.user_id != p.user_id || !loc.has_consent() {
            continue;
        }
        let (Some(lat), Some(lng)) = (loc.latitude, loc.longitude) else {
            continue;
        };
        let tags = tags_of(&p);
        if !wanted.iter().all(|w| tags.contains(w)) {
            continue;
        }
        let distance = filter.near.map(|n| haversine_km(n.lat, n.lng, lat, lng));
        if let (Some(d), Some(n)) = (distance, filter.near)
            && d > n.radius_km
        {
            continue;
        }
        out.push((
            distance,
            Match {
                matched_specializations: wanted.clone(),
                distance_km: distance.map(|d| (d * 10.0).round() / 10.0),
                profile: p,
            },
        ));
    }
    out.sort_by(|(da, a), (db_, b)| {
        da.partial_cmp(db_)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.profile.id.cmp(&b.profile.id))
    });
    Ok(out
        .into_iter()
        .map(|(_, m)| m)
        .take(filter.limit.max(1))
        .collect())
}

/// `encrypted_assignment_consent_gate` for dispatching an encrypted assignment to `mentor`:
/// the mentor must have a live, active profile in the organization
/// (`paused_mentor_hidden_from_assignment_matching`) that accepts encrypted assignments with a
/// recorded consent. `field` names the dispatch input's recipient field in the error.
pub async fn ensure_can_receive_encrypted_assignment<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    mentor: Uuid,
    field: &str,
) -> ApiResult<profiles::Model> {
    let profile = live_profile(db, organization, mentor)
        .await?
        .ok_or_else(|| {
            ApiError::bad_input(
                field,
                "encrypted_assignment_consent_gate",
                "the recipient is not a peer mentor of your organization",
            )
        })?;
    if profile.status != Status::Active {
        return Err(ApiError::bad_input(
            field,
            "paused_mentor_hidden_from_assignment_matching",
            format!(
                "the peer mentor is {} and receives no assignments",
                status_name(profile.status)
            ),
        ));
    }
    if !profile.accepts_encrypted_assignments
        || profile.consent_given_at.is_none()
        || profile.consent_version.is_none()
    {
        return Err(ApiError::bad_input(
            field,
            "encrypted_assignment_consent_gate",
            "the peer mentor has not consented to encrypted assignments",
        ));
    }
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_follow_the_lifecycle() {
        use Status::*;
        assert!(transition_allowed(Active, Paused));
        assert!(transition_allowed(Paused, Active));
        assert!(transition_allowed(AutoPaused, Active));
        assert!(!transition_allowed(AutoPaused, Paused));
        assert!(!transition_allowed(Inactive, Paused));
        assert!(!transition_allowed(Active, Active));
    }

    #[test]
    fn haversine_oslo_bergen_is_about_305_km() {
        let d = haversine_km(59.9139, 10.7522, 60.3913, 5.3221);
        assert!((d - 305.0).abs() < 5.0, "{d}");
        assert!(haversine_km(1.0, 1.0, 1.0, 1.0) < 1e-9);
    }

    #[test]
    fn unknown_specializations_warn() {
        let w = specialization_warnings(&["stroke".into(), "juggling".into()]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].rule, "specializations_known_values");
    }
}
