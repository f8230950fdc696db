//! Activities (seed 003): the validation and business rules of `activities`, named after the
//! seed's rules. GraphQL resolvers (`graphql::workflows::activities`) only translate inputs and
//! outputs and run these functions inside one transaction.
//!
//! - Registration: [`register`] for one activity (own, quick log, proxy, bulk row, offline sync):
//!   `status_enum`, `title_length`, `description_length`, `duration_range`,
//!   `participant_count_positive`, `activity_date_not_future`, `activity_type_enum`,
//!   `required_fields`, `valid_user_reference`, `proxy_fields_consistency`,
//!   `coordinator_proxy_scope`, `valid_contact_reference`, then `owner_attribution_on_proxy`
//!   (the activity belongs to the mentor, `proxy_submitted_by` is the coordinator, one
//!   `delegation_grants` row), `duplicate_detection` (an open `activity_flags` row and a
//!   warning, never a rejection) and an `activity_logs` row.
//! - [`bulk_register`]: `bulk_fields_consistency` and `bulk_batch_atomicity` (one
//!   `bulk_registrations` row and all its activities in the caller's transaction; a failing
//!   entry fails the whole batch with `entries[i].<field>` in the error).
//! - [`sync_offline`]: `offline_sync_conflict_resolution` (a replay of the same client id
//!   returns the server version; `offline_id_mappings` records client id -> server id).
//! - The approval workflow ([`submit`], [`approve`], [`reject`], [`flag`], [`resolve_flag`]):
//!   `approval_workflow_transition` (claimed on the old status, so concurrent decisions cannot
//!   both win), only APPROVE_ACTIVITIES holders decide, `audit_trail_on_status_change` (one
//!   `activity_logs` row per change), `assignment_threshold_counting` on approval and
//!   `mentor_notified_on_decision` (a notification to the activity's mentor on approval or
//!   rejection, through `peer_mentors::notify`).
//! - [`edit`]: `immutable_after_approval` plus the field rules on the edited values.
//! - [`bufdir_reportable`] / [`bufdir_totals`]: `bufdir_reporting_inclusion` (approved only).
//! - `organization_scope_isolation` holds because every row is read through `authz::scoped` /
//!   `Writer::find_for` and written through the `Writer` (coordinators reach their local
//!   associations only).
//!
//! Rows the server writes as a consequence (activity logs, delegation grants, automatic
//! duplicate flags) are system writes: tenant from the activity, author the acting user,
//! audited like every write; clients have no create permission on those tables.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::Query,
};
use serde_json::{Value as Json, json};
use uuid::Uuid;

use super::peer_mentors::{self, Notice};
use crate::{
    authz::{
        Action, Reach, Viewer, scoped,
        writes::{Writer, ensure_reference},
    },
    calendar::Calendar,
    error::{ApiError, ApiResult},
};
use entity::{
    activities, activity_flags as flags, activity_logs as logs, activity_types as types,
    assignments, bulk_registrations as bulk, contacts, delegation_grants as grants, events,
    local_associations, offline_id_mappings as mappings, organization_settings as settings, roles,
    user_organization_memberships as memberships, user_roles, users,
};

pub use entity::activities::ActivityStatus as Status;
pub use entity::activity_flags::{
    ActivityFlagSeverity as FlagSeverity, ActivityFlagStatus as FlagStatus,
    ActivityFlagType as FlagType,
};
pub use entity::activity_logs::ActivityLogAction as LogAction;
pub use entity::bulk_registrations::{
    BulkRegistrationSource as BulkSource, BulkRegistrationStatus as BulkStatus,
};
use entity::notifications::{NotificationCategory, NotificationChannel};

/// `title_length`: 1 to 200 characters.
pub const TITLE_MAX_CHARS: usize = 200;
/// `description_length`: at most 5000 characters.
pub const DESCRIPTION_MAX_CHARS: usize = 5000;
/// `duration_range`: 1 minute to 24 hours (the database check says the same).
pub const DURATION_RANGE: std::ops::RangeInclusive<i32> = 1..=1440;
/// Quick-log default duration when the organization has no setting.
pub const QUICK_LOG_DEFAULT_MINUTES: i32 = 30;
/// Default participant count (individual interaction).
pub const DEFAULT_PARTICIPANT_COUNT: i32 = 1;
/// `activity_date_not_future`: how far ahead of the server clock a date may be.
pub const FUTURE_TOLERANCE_HOURS: i64 = 24;
/// `duplicate_detection` window when the organization has no settings row.
pub const DEFAULT_DUPLICATE_WINDOW_HOURS: i32 = 24;
/// Most entries one bulk registration may have.
pub const MAX_BULK_ENTRIES: usize = 500;
/// Longest note on a status change, flag reason or flag resolution.
pub const NOTES_MAX_CHARS: usize = 2000;
/// Longest device id / client id of an offline sync.
pub const CLIENT_KEY_MAX_CHARS: usize = 200;
/// `entity_type` of the offline id mappings of activities.
pub const OFFLINE_ENTITY_TYPE: &str = "activities";
/// Role whose holders activities can be registered for.
pub const PEER_MENTOR_ROLE: &str = "peer_mentor";

/// A rule that held but wants attention (returned in the payload's `warnings`).
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
}

fn bad(field: impl Into<String>, rule: &str, message: impl Into<String>) -> ApiError {
    ApiError::bad_input(field, rule, message)
}

fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Draft => "draft",
        Status::PendingReview => "pending_review",
        Status::Approved => "approved",
        Status::Rejected => "rejected",
        Status::Flagged => "flagged",
    }
}

// ---------------------------------------------------------------------------------------------
// Field rules

/// The fields of one activity to register (already defaulted by the operation where it has
/// defaults; `None` duration means "the activity type's default").
#[derive(Debug, Clone)]
pub struct NewActivity {
    pub activity_type_id: Uuid,
    pub activity_date: DateTime<Utc>,
    pub duration_minutes: Option<i32>,
    pub contact_id: Option<Uuid>,
    pub local_association_id: Option<Uuid>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    pub participant_count: Option<i32>,
    pub event_id: Option<Uuid>,
    pub has_reimbursement: bool,
    pub calendar_event_id: Option<String>,
    pub metadata: Option<Json>,
    /// DRAFT or PENDING_REVIEW (`status_enum`).
    pub status: Status,
}

/// `status_enum`: a new activity starts as a draft or submitted for review; the other statuses
/// are reached only through the approval workflow.
pub fn check_initial_status(status: Status) -> ApiResult<()> {
    match status {
        Status::Draft | Status::PendingReview => Ok(()),
        other => Err(bad(
            "status",
            "status_enum",
            format!(
                "a new activity starts as DRAFT or PENDING_REVIEW, not {}; approval decides the rest",
                status_name(other).to_uppercase()
            ),
        )),
    }
}

/// `title_length`: 1 to 200 characters when given (not blank).
pub fn check_title(title: Option<&str>) -> ApiResult<()> {
    match title {
        Some(t) if t.trim().is_empty() || t.chars().count() > TITLE_MAX_CHARS => Err(bad(
            "title",
            "title_length",
            format!("title must be 1 to {TITLE_MAX_CHARS} characters"),
        )),
        _ => Ok(()),
    }
}

/// `description_length`: at most 5000 characters.
pub fn check_description(description: Option<&str>) -> ApiResult<()> {
    match description {
        Some(d) if d.chars().count() > DESCRIPTION_MAX_CHARS => Err(bad(
            "description",
            "description_length",
            format!("description must be at most {DESCRIPTION_MAX_CHARS} characters"),
        )),
        _ => Ok(()),
    }
}

/// `duration_range`: 1 to 1440 minutes.
pub fn check_duration(minutes: Option<i32>) -> ApiResult<()> {
    match minutes {
        Some(m) if !DURATION_RANGE.contains(&m) => Err(bad(
            "durationMinutes",
            "duration_range",
            format!(
                "durationMinutes must be between {} and {} minutes",
                DURATION_RANGE.start(),
                DURATION_RANGE.end()
            ),
        )),
        _ => Ok(()),
    }
}

/// `participant_count_positive`: at least 1.
pub fn check_participants(count: Option<i32>) -> ApiResult<()> {
    match count {
        Some(n) if n < 1 => Err(bad(
            "participantCount",
            "participant_count_positive",
            "participantCount must be at least 1",
        )),
        _ => Ok(()),
    }
}

/// `activity_date_not_future`: at most 24 hours ahead of the server clock.
pub fn check_date(date: DateTime<Utc>, now: DateTime<Utc>) -> ApiResult<()> {
    if date > now + Duration::hours(FUTURE_TOLERANCE_HOURS) {
        return Err(bad(
            "activityDate",
            "activity_date_not_future",
            format!("activityDate may be at most {FUTURE_TOLERANCE_HOURS} hours in the future"),
        ));
    }
    Ok(())
}

/// The field rules that need no database: status, text lengths, numbers, date.
pub fn check_fields(new: &NewActivity, now: DateTime<Utc>) -> ApiResult<()> {
    check_initial_status(new.status)?;
    check_title(new.title.as_deref())?;
    check_description(new.description.as_deref())?;
    check_duration(new.duration_minutes)?;
    check_participants(new.participant_count)?;
    check_date(new.activity_date, now)
}

/// `activity_type_enum`: the type is an active activity type of the viewer's organization.
pub async fn activity_type<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    id: Uuid,
) -> ApiResult<types::Model> {
    let found = match scoped::<types::Entity>(viewer, Action::Read) {
        Ok(select) => {
            select
                .filter(types::Column::Id.eq(id))
                .filter(types::Column::IsActive.eq(true))
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    found.ok_or_else(|| {
        bad(
            "activityTypeId",
            "activity_type_enum",
            "activityTypeId must name an active activity type of your organization",
        )
    })
}

/// `required_fields`: what the activity type requires (contact, location, description).
pub fn check_required(
    t: &types::Model,
    contact: Option<Uuid>,
    location: Option<&str>,
    description: Option<&str>,
) -> ApiResult<()> {
    let blank = |s: Option<&str>| s.is_none_or(|s| s.trim().is_empty());
    if t.requires_contact && contact.is_none() {
        return Err(bad(
            "contactId",
            "required_fields",
            format!("an activity of type \"{}\" needs a contact", t.name),
        ));
    }
    if t.requires_location && blank(location) {
        return Err(bad(
            "location",
            "required_fields",
            format!("an activity of type \"{}\" needs a location", t.name),
        ));
    }
    if t.requires_description && blank(description) {
        return Err(bad(
            "description",
            "required_fields",
            format!("an activity of type \"{}\" needs a description", t.name),
        ));
    }
    Ok(())
}

/// `valid_contact_reference`: the contact exists and the viewer can see it (the same answer
/// for both, so nothing leaks).
pub async fn contact<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    id: Uuid,
) -> ApiResult<contacts::Model> {
    let found = match scoped::<contacts::Entity>(viewer, Action::Read) {
        Ok(select) => select.filter(contacts::Column::Id.eq(id)).one(db).await?,
        Err(_) => None,
    };
    found.ok_or_else(|| {
        bad(
            "contactId",
            "valid_contact_reference",
            "contactId does not name a contact you can see",
        )
    })
}

/// The title generated from the type and the contact's name (`Hjemmebesøk – Kari Hansen`).
pub fn generated_title(t: &types::Model, contact: Option<&contacts::Model>) -> String {
    let title = match contact {
        Some(c) => format!("{} – {} {}", t.name, c.first_name, c.last_name),
        None => t.name.clone(),
    };
    title.chars().take(TITLE_MAX_CHARS).collect()
}

// ---------------------------------------------------------------------------------------------
// Who the activity belongs to

/// The local associations `user` is an active member of in `organization`, primary first.
pub async fn member_local_associations<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    user: Uuid,
) -> ApiResult<Vec<Uuid>> {
    let rows = memberships::Entity::find()
        .filter(memberships::Column::UserId.eq(user))
        .filter(memberships::Column::OrganizationId.eq(organization))
        .filter(memberships::Column::Status.eq(memberships::MembershipStatus::Active))
        .filter(memberships::Column::LocalAssociationId.is_not_null())
        .filter(memberships::Column::DeletedAt.is_null())
        .order_by_desc(memberships::Column::IsPrimary)
        .order_by_asc(memberships::Column::CreatedAt)
        .all(db)
        .await?;
    let mut out: Vec<Uuid> = Vec::new();
    for la in rows.into_iter().filter_map(|m| m.local_association_id) {
        if !out.contains(&la) {
            out.push(la);
        }
    }
    Ok(out)
}

/// `mentor_deactivated`: activities are registered on someone's behalf (proxy, bulk) only for
/// a mentor whose profile has not been deactivated: a deactivated mentor no longer works as a
/// peer mentor, and their counters and reports must not move behind their back. A paused
/// mentor keeps what they did before the pause registrable.
async fn ensure_active_mentor<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    mentor: Uuid,
) -> ApiResult<()> {
    let status = peer_mentors::live_profile(db, organization, mentor)
        .await?
        .map(|p| p.status);
    match status {
        Some(peer_mentors::Status::Inactive) | None => Err(bad(
            "peerMentorId",
            "mentor_deactivated",
            "the peer mentor is deactivated: activities are registered on behalf of active \
             peer mentors only",
        )),
        Some(_) => Ok(()),
    }
}

/// Whether `user` is an active user holding the peer mentor role in `organization`.
pub async fn is_peer_mentor<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    user: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let active = users::Entity::find()
        .filter(users::Column::Id.eq(user))
        .filter(users::Column::Status.eq(users::UserStatus::Active))
        .filter(users::Column::DeletedAt.is_null())
        .count(db)
        .await?
        > 0;
    if !active {
        return Ok(false);
    }
    let mut role_ids = Query::select();
    role_ids
        .column(roles::Column::Id)
        .from(roles::Entity)
        .and_where(roles::Column::Key.eq(PEER_MENTOR_ROLE))
        .and_where(roles::Column::DeletedAt.is_null())
        .cond_where(
            Condition::any()
                .add(roles::Column::OrganizationId.is_null())
                .add(roles::Column::OrganizationId.eq(organization)),
        );
    Ok(user_roles::Entity::find()
        .filter(user_roles::Column::UserId.eq(user))
        .filter(user_roles::Column::OrganizationId.eq(organization))
        .filter(user_roles::Column::RoleId.in_subquery(role_ids))
        .filter(user_roles::Column::RevokedAt.is_null())
        .filter(user_roles::Column::DeletedAt.is_null())
        .filter(
            Condition::any()
                .add(user_roles::Column::ValidUntil.is_null())
                .add(user_roles::Column::ValidUntil.gt(now)),
        )
        .count(db)
        .await?
        > 0)
}

/// How an activity comes to be.
#[derive(Debug, Clone)]
pub enum Registration {
    /// The viewer registers their own activity (wizard or quick log).
    Own,
    /// A coordinator registers on behalf of a peer mentor (`owner_attribution_on_proxy`).
    Proxy {
        peer_mentor_id: Uuid,
        reason: Option<String>,
    },
    /// One entry of a bulk registration batch.
    Bulk {
        batch_id: Uuid,
        local_association_id: Uuid,
        peer_mentor_id: Uuid,
    },
    /// The viewer's own activity created offline and synced now.
    Offline,
}

/// Whether the viewer holds `permission` for their whole organization (org admins).
fn organization_wide(viewer: &Viewer, permission: &str) -> bool {
    viewer
        .reaches(permission)
        .is_some_and(|r| r.contains(&Reach::Organization))
}

fn pick_local_association(allowed: &[Uuid], contact: Option<&contacts::Model>) -> Option<Uuid> {
    contact
        .map(|c| c.local_association_id)
        .filter(|la| allowed.contains(la))
        .or_else(|| allowed.first().copied())
}

/// The owner and local association of a new activity: `valid_user_reference`,
/// `proxy_fields_consistency`, `coordinator_proxy_scope`, and for own activities
/// `organization_scope_isolation` (only one of your own local associations).
async fn owner_and_local_association(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    organization: Uuid,
    registration: &Registration,
    requested: Option<Uuid>,
    contact: Option<&contacts::Model>,
    now: DateTime<Utc>,
) -> ApiResult<(Uuid, Option<Uuid>)> {
    match registration {
        Registration::Own | Registration::Offline => {
            let mut allowed = member_local_associations(txn, organization, viewer.user_id).await?;
            for la in &viewer.local_association_ids {
                if !allowed.contains(la) {
                    allowed.push(*la);
                }
            }
            let la = match requested {
                Some(la) if allowed.contains(&la) => Some(la),
                Some(_) => {
                    return Err(bad(
                        "localAssociationId",
                        "organization_scope_isolation",
                        "localAssociationId must be one of your own local associations",
                    ));
                }
                None => pick_local_association(&allowed, contact),
            };
            Ok((viewer.user_id, la))
        }
        Registration::Proxy { peer_mentor_id, .. } => {
            let mentor = *peer_mentor_id;
            if mentor == viewer.user_id {
                return Err(bad(
                    "peerMentorId",
                    "proxy_fields_consistency",
                    "a proxy registration is made for another peer mentor; register your own \
                     activities with registerActivity",
                ));
            }
            if !is_peer_mentor(txn, organization, mentor, now).await? {
                return Err(bad(
                    "peerMentorId",
                    "valid_user_reference",
                    "peerMentorId does not name an active peer mentor of your organization",
                ));
            }
            ensure_active_mentor(txn, organization, mentor).await?;
            let mentor_las = member_local_associations(txn, organization, mentor).await?;
            let allowed: Vec<Uuid> = if organization_wide(viewer, "PROXY_REGISTER_ACTIVITIES") {
                mentor_las
            } else {
                mentor_las
                    .into_iter()
                    .filter(|la| viewer.local_association_ids.contains(la))
                    .collect()
            };
            if allowed.is_empty() {
                return Err(bad(
                    "peerMentorId",
                    "coordinator_proxy_scope",
                    "you can register on behalf of peer mentors of your own local associations only",
                ));
            }
            let la = match requested {
                Some(la) if allowed.contains(&la) => la,
                Some(_) => {
                    return Err(bad(
                        "localAssociationId",
                        "coordinator_proxy_scope",
                        "localAssociationId must be a local association you share with the peer mentor",
                    ));
                }
                None => pick_local_association(&allowed, contact).expect("allowed is not empty"),
            };
            Ok((mentor, Some(la)))
        }
        Registration::Bulk {
            local_association_id,
            peer_mentor_id,
            ..
        } => {
            let mentor = *peer_mentor_id;
            if !is_peer_mentor(txn, organization, mentor, now).await? {
                return Err(bad(
                    "peerMentorId",
                    "valid_user_reference",
                    "peerMentorId does not name an active peer mentor of your organization",
                ));
            }
            ensure_active_mentor(txn, organization, mentor).await?;
            let mentor_las = member_local_associations(txn, organization, mentor).await?;
            if !mentor_las.contains(local_association_id) {
                return Err(bad(
                    "peerMentorId",
                    "coordinator_proxy_scope",
                    "the peer mentor is not a member of the batch's local association",
                ));
            }
            Ok((mentor, Some(*local_association_id)))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// System writes

/// `audit_trail_on_status_change` and the rest of the activity's history: one append-only
/// `activity_logs` row (actor, previous and new status, changes, notes).
#[allow(clippy::too_many_arguments)]
async fn log(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    activity: &activities::Model,
    action: LogAction,
    previous: Option<Status>,
    new: Option<Status>,
    changes: Option<Json>,
    notes: Option<String>,
) -> ApiResult<logs::Model> {
    let am = logs::ActiveModel {
        activity_id: Set(activity.id),
        actor_user_id: Set(Some(writer.viewer.user_id)),
        action: Set(action),
        previous_status: Set(previous),
        new_status: Set(new),
        changes: Set(changes),
        notes: Set(notes),
        ..Default::default()
    };
    writer
        .on_behalf()
        .insert::<logs::Entity>(
            txn,
            Some(writer.viewer.user_id),
            activity.organization_id,
            am,
            "audit_trail_on_status_change",
        )
        .await
}

// ---------------------------------------------------------------------------------------------
// Registration

/// A registered activity and the warnings of rules that held but want attention.
#[derive(Debug, Clone)]
pub struct Registered {
    pub activity: activities::Model,
    pub warnings: Vec<Warning>,
}

fn organization_of(viewer: &Viewer) -> ApiResult<Uuid> {
    viewer
        .organization_id
        .ok_or_else(|| ApiError::forbidden("sign in to an organization to register activities"))
}

/// The organization's settings row, if any.
async fn org_settings<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
) -> ApiResult<Option<settings::Model>> {
    Ok(settings::Entity::find()
        .filter(settings::Column::OrganizationId.eq(organization))
        .filter(settings::Column::DeletedAt.is_null())
        .one(db)
        .await?)
}

/// Quick-log duration default: the organization's `default_activity_duration_minutes`, else 30.
pub async fn quick_log_default_minutes<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
) -> ApiResult<i32> {
    Ok(org_settings(db, organization)
        .await?
        .map(|s| s.default_activity_duration_minutes)
        .filter(|m| DURATION_RANGE.contains(m))
        .unwrap_or(QUICK_LOG_DEFAULT_MINUTES))
}

/// Registers one activity with every creation rule (see the module docs). Everything happens in
/// `txn`; the caller commits.
pub async fn register(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    new: NewActivity,
    registration: Registration,
) -> ApiResult<Registered> {
    let viewer = writer.viewer;
    let organization = organization_of(viewer)?;
    match &registration {
        Registration::Proxy { .. } if !viewer.can("PROXY_REGISTER_ACTIVITIES") => {
            return Err(ApiError::forbidden(
                "registering on behalf of a peer mentor needs PROXY_REGISTER_ACTIVITIES",
            ));
        }
        Registration::Bulk { .. } if !viewer.can("BULK_REGISTER_ACTIVITIES") => {
            return Err(ApiError::forbidden(
                "bulk registration needs BULK_REGISTER_ACTIVITIES",
            ));
        }
        _ => {}
    }
    let now = writer.now;
    let new = NewActivity {
        title: new.title.map(|t| t.trim().to_string()),
        description: trimmed(new.description),
        location: trimmed(new.location),
        calendar_event_id: trimmed(new.calendar_event_id),
        ..new
    };
    check_fields(&new, now)?;
    let t = activity_type(txn, viewer, new.activity_type_id).await?;
    check_required(
        &t,
        new.contact_id,
        new.location.as_deref(),
        new.description.as_deref(),
    )?;
    let contact = match new.contact_id {
        Some(id) => Some(contact(txn, viewer, id).await?),
        None => None,
    };
    let (owner, local_association) = owner_and_local_association(
        txn,
        viewer,
        organization,
        &registration,
        new.local_association_id,
        contact.as_ref(),
        now,
    )
    .await?;
    ensure_reference::<events::Entity>(txn, viewer, "event_id", new.event_id).await?;

    let title = new
        .title
        .clone()
        .unwrap_or_else(|| generated_title(&t, contact.as_ref()));
    let (is_proxy, proxy_by, proxy_reason) = match &registration {
        Registration::Proxy { reason, .. } => (true, Some(viewer.user_id), trimmed(reason.clone())),
        _ => (false, None, None),
    };
    if proxy_reason
        .as_deref()
        .is_some_and(|r| r.chars().count() > NOTES_MAX_CHARS)
    {
        return Err(bad(
            "reason",
            "reason_length",
            format!("reason must be at most {NOTES_MAX_CHARS} characters"),
        ));
    }
    let batch = match &registration {
        Registration::Bulk { batch_id, .. } => Some(*batch_id),
        _ => None,
    };
    let am = activities::ActiveModel {
        user_id: Set(owner),
        contact_id: Set(new.contact_id),
        local_association_id: Set(local_association),
        activity_type_id: Set(t.id),
        title: Set(Some(title)),
        description: Set(new.description.clone()),
        activity_date: Set(new.activity_date),
        duration_minutes: Set(new.duration_minutes.unwrap_or(t.default_duration_minutes)),
        location: Set(new.location.clone()),
        status: Set(new.status),
        is_proxy_registration: Set(is_proxy),
        proxy_submitted_by: Set(proxy_by),
        is_bulk_registration: Set(batch.is_some()),
        bulk_batch_id: Set(batch),
        event_id: Set(new.event_id),
        participant_count: Set(Some(
            new.participant_count.unwrap_or(DEFAULT_PARTICIPANT_COUNT),
        )),
        has_reimbursement: Set(new.has_reimbursement),
        calendar_event_id: Set(new.calendar_event_id.clone()),
        metadata: Set(new.metadata.clone()),
        synced_at: Set(matches!(registration, Registration::Offline).then_some(now)),
        import_hash: Set(None),
        ..Default::default()
    };
    check_consistency(&am)?;
    let activity = writer.insert::<activities::Entity>(txn, am).await?;

    let action = match &registration {
        Registration::Own => LogAction::Created,
        Registration::Proxy { .. } => LogAction::ProxyRegistered,
        Registration::Bulk { .. } => LogAction::BulkRegistered,
        Registration::Offline => LogAction::Synced,
    };
    log(
        txn,
        writer,
        &activity,
        action,
        None,
        Some(activity.status),
        None,
        proxy_reason.clone(),
    )
    .await?;

    // owner_attribution_on_proxy: the record of who registered for whom.
    if let Some(la) = activity.local_association_id.filter(|_| is_proxy) {
        writer
            .on_behalf()
            .insert::<grants::Entity>(
                txn,
                Some(viewer.user_id),
                organization,
                grants::ActiveModel {
                    activity_id: Set(activity.id),
                    coordinator_id: Set(viewer.user_id),
                    peer_mentor_id: Set(owner),
                    local_association_id: Set(la),
                    reason: Set(proxy_reason),
                    ..Default::default()
                },
                "owner_attribution_on_proxy",
            )
            .await?;
    }

    let mut warnings = Vec::new();
    if let Some(w) = detect_duplicate(txn, writer, &activity).await? {
        warnings.push(w);
    }
    Ok(Registered { activity, warnings })
}

/// `proxy_fields_consistency` and `bulk_fields_consistency` on the values about to be written:
/// `proxy_submitted_by` is set exactly for proxy registrations and names someone other than the
/// owner; `bulk_batch_id` is set exactly for bulk registrations. Public so that every write path
/// of `activities` (also the generic CRUD mutations) can apply it.
pub fn check_consistency(am: &activities::ActiveModel) -> ApiResult<()> {
    use sea_orm::ActiveValue;
    let value = |v: &ActiveValue<bool>| match v {
        ActiveValue::Set(b) | ActiveValue::Unchanged(b) => Some(*b),
        ActiveValue::NotSet => None,
    };
    let opt = |v: &ActiveValue<Option<Uuid>>| match v {
        ActiveValue::Set(b) | ActiveValue::Unchanged(b) => Some(*b),
        ActiveValue::NotSet => None,
    };
    let owner = match &am.user_id {
        ActiveValue::Set(u) | ActiveValue::Unchanged(u) => Some(*u),
        ActiveValue::NotSet => None,
    };
    if let (Some(is_proxy), Some(by)) = (
        value(&am.is_proxy_registration),
        opt(&am.proxy_submitted_by),
    ) && (is_proxy != by.is_some() || (by.is_some() && by == owner))
    {
        return Err(bad(
            "proxySubmittedBy",
            "proxy_fields_consistency",
            "proxySubmittedBy is set exactly for proxy registrations and names the coordinator, \
             not the peer mentor",
        ));
    }
    if let (Some(is_bulk), Some(batch)) = (value(&am.is_bulk_registration), opt(&am.bulk_batch_id))
        && is_bulk != batch.is_some()
    {
        return Err(bad(
            "bulkBatchId",
            "bulk_fields_consistency",
            "bulkBatchId is set exactly for bulk registrations",
        ));
    }
    Ok(())
}

/// `duplicate_detection`: another live, not rejected activity with the same contact and type
/// within the organization's `duplicate_window_hours` (entries of the same bulk batch included)
/// -> an open `duplicate` flag for coordinator review and a warning; never a rejection.
async fn detect_duplicate(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    activity: &activities::Model,
) -> ApiResult<Option<Warning>> {
    let Some(contact) = activity.contact_id else {
        return Ok(None);
    };
    let window = org_settings(txn, activity.organization_id)
        .await?
        .map(|s| s.duplicate_window_hours)
        .unwrap_or(DEFAULT_DUPLICATE_WINDOW_HOURS)
        .max(0);
    let span = Duration::hours(window.into());
    // Entries of one bulk batch are no exception: two mentors logging the same contact at one
    // gathering count that contact twice.
    let select = activities::Entity::find()
        .filter(activities::Column::OrganizationId.eq(activity.organization_id))
        .filter(activities::Column::ContactId.eq(contact))
        .filter(activities::Column::ActivityTypeId.eq(activity.activity_type_id))
        .filter(activities::Column::ActivityDate.gte(activity.activity_date - span))
        .filter(activities::Column::ActivityDate.lte(activity.activity_date + span))
        .filter(activities::Column::Id.ne(activity.id))
        .filter(activities::Column::Status.ne(Status::Rejected))
        .filter(activities::Column::DeletedAt.is_null());
    let Some(original) = select
        .order_by_asc(activities::Column::CreatedAt)
        .order_by_asc(activities::Column::Id)
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    writer
        .on_behalf()
        .insert::<flags::Entity>(
            txn,
            None,
            activity.organization_id,
            flags::ActiveModel {
                activity_id: Set(activity.id),
                flag_type: Set(FlagType::Duplicate),
                severity: Set(FlagSeverity::Medium),
                reason: Set(format!(
                    "Possible duplicate: another activity with the same contact and activity type \
                 within {window} hours"
                )),
                duplicate_of_activity_id: Set(Some(original.id)),
                status: Set(FlagStatus::Open),
                resolved_by_id: Set(None),
                resolved_at: Set(None),
                resolution_notes: Set(None),
                ..Default::default()
            },
            "duplicate_detection",
        )
        .await?;
    Ok(Some(Warning {
        rule: "duplicate_detection".into(),
        field: "contactId".into(),
        message: format!(
            "A similar activity (same contact and activity type within {window} hours) already \
             exists; this one was registered and flagged for coordinator review"
        ),
    }))
}

// ---------------------------------------------------------------------------------------------
// Bulk registration

/// The shared fields of a bulk registration.
#[derive(Debug, Clone)]
pub struct BulkTemplate {
    pub local_association_id: Uuid,
    pub activity_type_id: Uuid,
    pub activity_date: DateTime<Utc>,
    pub duration_minutes: Option<i32>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    pub participant_count: Option<i32>,
    pub status: Status,
    pub source: BulkSource,
    pub source_file_name: Option<String>,
}

/// One peer mentor of a bulk registration, with what differs for them.
#[derive(Debug, Clone)]
pub struct BulkEntry {
    pub peer_mentor_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub duration_minutes: Option<i32>,
    pub participant_count: Option<i32>,
}

/// A completed batch and its activities.
#[derive(Debug, Clone)]
pub struct BulkRegistered {
    pub batch: bulk::Model,
    pub activities: Vec<activities::Model>,
    pub warnings: Vec<Warning>,
}

/// An entry's error, naming the entry: field `entries[i].<field>`, message `entries[i]: ...`.
fn entry_error(i: usize, err: ApiError) -> ApiError {
    match err {
        ApiError::BadUserInput {
            field,
            rule,
            message,
        } => ApiError::BadUserInput {
            field: format!("entries[{i}].{field}"),
            rule,
            message: format!("entries[{i}]: {message}"),
        },
        other => other,
    }
}

fn template_activity(t: &BulkTemplate) -> NewActivity {
    NewActivity {
        activity_type_id: t.activity_type_id,
        activity_date: t.activity_date,
        duration_minutes: t.duration_minutes,
        contact_id: None,
        local_association_id: Some(t.local_association_id),
        title: t.title.clone(),
        description: t.description.clone(),
        location: t.location.clone(),
        participant_count: t.participant_count,
        event_id: None,
        has_reimbursement: false,
        calendar_event_id: None,
        metadata: None,
        status: t.status,
    }
}

/// The checks of a batch before anything is written: permission, the local association in
/// reach, the shared fields, and `bulk_fields_consistency` of the entries (at least one, at
/// most 500, no peer mentor twice).
async fn check_batch(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    template: &BulkTemplate,
    entries: &[BulkEntry],
    now: DateTime<Utc>,
) -> ApiResult<types::Model> {
    if !viewer.can("BULK_REGISTER_ACTIVITIES") {
        return Err(ApiError::forbidden(
            "bulk registration needs BULK_REGISTER_ACTIVITIES",
        ));
    }
    if entries.is_empty() || entries.len() > MAX_BULK_ENTRIES {
        return Err(bad(
            "entries",
            "bulk_fields_consistency",
            format!("a bulk registration names 1 to {MAX_BULK_ENTRIES} peer mentors"),
        ));
    }
    let mut seen = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        if let Some(j) = seen.insert(e.peer_mentor_id, i) {
            return Err(bad(
                format!("entries[{i}].peerMentorId"),
                "bulk_fields_consistency",
                format!("entries[{i}]: names the same peer mentor as entries[{j}]"),
            ));
        }
    }
    let la_visible = scoped::<local_associations::Entity>(viewer, Action::Read)?
        .filter(local_associations::Column::Id.eq(template.local_association_id))
        .one(txn)
        .await?
        .is_some();
    let in_reach = organization_wide(viewer, "BULK_REGISTER_ACTIVITIES")
        || viewer
            .local_association_ids
            .contains(&template.local_association_id);
    if !la_visible || !in_reach {
        return Err(bad(
            "localAssociationId",
            "coordinator_proxy_scope",
            "localAssociationId must be one of your own local associations",
        ));
    }
    let shared = template_activity(template);
    check_fields(&shared, now)?;
    let t = activity_type(txn, viewer, template.activity_type_id).await?;
    if t.requires_location
        && shared
            .location
            .as_deref()
            .is_none_or(|l| l.trim().is_empty())
    {
        return Err(bad(
            "location",
            "required_fields",
            format!("an activity of type \"{}\" needs a location", t.name),
        ));
    }
    if t.requires_description
        && shared
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
    {
        return Err(bad(
            "description",
            "required_fields",
            format!("an activity of type \"{}\" needs a description", t.name),
        ));
    }
    Ok(t)
}

/// `bulk_batch_atomicity`: one `bulk_registrations` row and one activity per entry, all in
/// `txn`. The first failing entry fails the call (the caller rolls back) with the entry's index
/// in the error's field (`entries[2].peerMentorId`) and the rule that failed.
pub async fn bulk_register(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    template: BulkTemplate,
    entries: Vec<BulkEntry>,
) -> ApiResult<BulkRegistered> {
    let viewer = writer.viewer;
    let now = writer.now;
    let t = check_batch(txn, viewer, &template, &entries, now).await?;
    let ids: Vec<Uuid> = entries.iter().map(|e| e.peer_mentor_id).collect();
    let batch = writer
        .insert::<bulk::Entity>(
            txn,
            bulk::ActiveModel {
                local_association_id: Set(template.local_association_id),
                activity_type_id: Set(t.id),
                title: Set(trimmed(template.title.clone())),
                description: Set(trimmed(template.description.clone())),
                activity_date: Set(template.activity_date),
                duration_minutes: Set(template
                    .duration_minutes
                    .unwrap_or(t.default_duration_minutes)),
                location: Set(trimmed(template.location.clone())),
                participant_count: Set(template.participant_count),
                peer_mentor_ids: Set(json!(ids)),
                activities_created: Set(0),
                status: Set(BulkStatus::Processing),
                source: Set(template.source),
                source_file_name: Set(trimmed(template.source_file_name.clone())),
                error_message: Set(None),
                processed_at: Set(None),
                ..Default::default()
            },
        )
        .await?;
    let mut created = Vec::with_capacity(entries.len());
    let mut warnings = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let new = NewActivity {
            contact_id: e.contact_id,
            duration_minutes: e.duration_minutes.or(template.duration_minutes),
            participant_count: e.participant_count.or(template.participant_count),
            ..template_activity(&template)
        };
        let registration = Registration::Bulk {
            batch_id: batch.id,
            local_association_id: template.local_association_id,
            peer_mentor_id: e.peer_mentor_id,
        };
        let r = register(txn, writer, new, registration)
            .await
            .map_err(|err| entry_error(i, err))?;
        warnings.extend(r.warnings.into_iter().map(|w| Warning {
            field: format!("entries[{i}].{}", w.field),
            ..w
        }));
        created.push(r.activity);
    }
    let mut am = batch.into_active_model();
    am.status = Set(BulkStatus::Completed);
    am.activities_created = Set(created.len() as i32);
    am.processed_at = Set(Some(writer.now));
    let batch = writer.update::<bulk::Entity>(txn, am).await?;
    Ok(BulkRegistered {
        batch,
        activities: created,
        warnings,
    })
}

/// After a batch was rolled back because of an entry, records the failed batch (status failed,
/// no activities, the error) in a new transaction so the coordinator's history shows it.
/// Only batches whose shared fields were valid are recorded.
pub async fn record_failed_batch(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    template: &BulkTemplate,
    entries: &[BulkEntry],
    error: &ApiError,
) -> ApiResult<Option<bulk::Model>> {
    let ApiError::BadUserInput {
        field,
        rule,
        message,
    } = error
    else {
        return Ok(None);
    };
    if !field.starts_with("entries[") {
        return Ok(None);
    }
    let t = activity_type(txn, writer.viewer, template.activity_type_id).await?;
    let ids: Vec<Uuid> = entries.iter().map(|e| e.peer_mentor_id).collect();
    let text: String = format!("{rule}: {message}").chars().take(2000).collect();
    let now = writer.now;
    let row = writer
        .insert::<bulk::Entity>(
            txn,
            bulk::ActiveModel {
                local_association_id: Set(template.local_association_id),
                activity_type_id: Set(t.id),
                title: Set(trimmed(template.title.clone())),
                description: Set(trimmed(template.description.clone())),
                activity_date: Set(template.activity_date),
                duration_minutes: Set(template
                    .duration_minutes
                    .unwrap_or(t.default_duration_minutes)),
                location: Set(trimmed(template.location.clone())),
                participant_count: Set(template.participant_count),
                peer_mentor_ids: Set(json!(ids)),
                activities_created: Set(0),
                status: Set(BulkStatus::Failed),
                source: Set(template.source),
                source_file_name: Set(trimmed(template.source_file_name.clone())),
                error_message: Set(Some(text)),
                processed_at: Set(Some(now)),
                ..Default::default()
            },
        )
        .await?;
    Ok(Some(row))
}

// ---------------------------------------------------------------------------------------------
// Offline sync

/// An offline-created activity as the device replays it.
#[derive(Debug, Clone)]
pub struct OfflineKey {
    pub device_id: String,
    pub client_id: String,
}

/// The server version of a synced activity.
#[derive(Debug, Clone)]
pub struct Synced {
    pub activity: activities::Model,
    /// True when the client id was synced before (this call changed nothing).
    pub replayed: bool,
    /// True for a replay whose fields differ from the server version (the server version wins).
    pub conflict: bool,
    pub warnings: Vec<Warning>,
}

fn check_key(key: &OfflineKey) -> ApiResult<()> {
    for (field, value) in [("deviceId", &key.device_id), ("clientId", &key.client_id)] {
        if value.trim().is_empty() {
            return Err(bad(
                field,
                "required_fields",
                format!("{field} must not be blank"),
            ));
        }
        if value.chars().count() > CLIENT_KEY_MAX_CHARS {
            return Err(bad(
                field,
                "required_fields",
                format!("{field} must be at most {CLIENT_KEY_MAX_CHARS} characters"),
            ));
        }
    }
    Ok(())
}

/// The mapping of the viewer's client id (from any of their devices), if synced before.
pub async fn find_mapping<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    client_id: &str,
) -> ApiResult<Option<mappings::Model>> {
    let Some(organization) = viewer.organization_id else {
        return Ok(None);
    };
    Ok(mappings::Entity::find()
        .filter(mappings::Column::OrganizationId.eq(organization))
        .filter(mappings::Column::UserId.eq(viewer.user_id))
        .filter(mappings::Column::EntityType.eq(OFFLINE_ENTITY_TYPE))
        .filter(mappings::Column::ClientId.eq(client_id))
        .filter(mappings::Column::DeletedAt.is_null())
        .order_by_asc(mappings::Column::CreatedAt)
        .one(db)
        .await?)
}

fn differs(server: &activities::Model, new: &NewActivity) -> bool {
    server.activity_type_id != new.activity_type_id
        || server.activity_date != new.activity_date
        || server.contact_id != new.contact_id
        || new
            .duration_minutes
            .is_some_and(|d| d != server.duration_minutes)
        || trimmed(new.description.clone()) != server.description
}

/// The server version of an activity synced before with `key.client_id`: loaded in the
/// viewer's scope; a replay from another device of the viewer also records that device's
/// mapping (best effort).
pub async fn replayed<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    mapping: &mappings::Model,
) -> ApiResult<activities::Model> {
    scoped::<activities::Entity>(viewer, Action::Read)?
        .filter(activities::Column::Id.eq(mapping.server_id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)
}

/// `offline_sync_conflict_resolution`: the first sync of a client id registers the activity
/// (`synced_at` set, an `activity_logs` row `synced`) and records `offline_id_mappings`
/// (device, client id -> server id); a replay of the same client id (from any of the viewer's
/// devices) writes nothing and returns the server version, which wins over the replayed fields.
/// Concurrent first syncs race on the mapping's unique index; the loser's transaction fails and
/// the caller answers with the winner's version (see `graphql::workflows::activities`).
pub async fn sync_offline(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    key: OfflineKey,
    new: NewActivity,
) -> ApiResult<Synced> {
    let viewer = writer.viewer;
    check_key(&key)?;
    let key = OfflineKey {
        device_id: key.device_id.trim().to_string(),
        client_id: key.client_id.trim().to_string(),
    };
    if let Some(mapping) = find_mapping(txn, viewer, &key.client_id).await? {
        let activity = replayed(txn, viewer, &mapping).await?;
        if mapping.device_id != key.device_id {
            record_device_mapping(txn, writer, &key, activity.id).await?;
        }
        let conflict = differs(&activity, &new);
        return Ok(Synced {
            activity,
            replayed: true,
            conflict,
            warnings: Vec::new(),
        });
    }
    // The same activity synced before from another of the viewer's devices under another
    // client id: the server's version wins and is returned, flagged as a conflict.
    if let Some(activity) = synced_from_another_device(txn, viewer, &key, &new).await? {
        record_device_mapping(txn, writer, &key, activity.id).await?;
        return Ok(Synced {
            activity,
            replayed: true,
            conflict: true,
            warnings: Vec::new(),
        });
    }
    let r = register(txn, writer, new, Registration::Offline).await?;
    writer
        .insert::<mappings::Entity>(
            txn,
            mappings::ActiveModel {
                user_id: Set(viewer.user_id),
                device_id: Set(key.device_id.clone()),
                entity_type: Set(OFFLINE_ENTITY_TYPE.to_string()),
                client_id: Set(key.client_id.clone()),
                server_id: Set(r.activity.id),
                sync_queue_entry_id: Set(None),
                expires_at: Set(None),
                ..Default::default()
            },
        )
        .await?;
    Ok(Synced {
        activity: r.activity,
        replayed: false,
        conflict: false,
        warnings: r.warnings,
    })
}

/// `offline_sync_conflict_resolution` across devices: a live activity of the viewer, synced
/// from offline by *another* of their devices (and not by this one), with the same type and
/// contact at the same minute, is the same activity logged twice (on the phone and the
/// tablet); one device logging two such activities is two activities (duplicate detection
/// flags them instead).
async fn synced_from_another_device<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    key: &OfflineKey,
    new: &NewActivity,
) -> ApiResult<Option<activities::Model>> {
    let minute = chrono::Duration::seconds(60);
    let mut other_devices = Query::select();
    other_devices
        .column(mappings::Column::ServerId)
        .from(mappings::Entity)
        .and_where(mappings::Column::UserId.eq(viewer.user_id))
        .and_where(mappings::Column::EntityType.eq(OFFLINE_ENTITY_TYPE))
        .and_where(mappings::Column::DeviceId.ne(key.device_id.as_str()));
    let mut this_device = Query::select();
    this_device
        .column(mappings::Column::ServerId)
        .from(mappings::Entity)
        .and_where(mappings::Column::UserId.eq(viewer.user_id))
        .and_where(mappings::Column::EntityType.eq(OFFLINE_ENTITY_TYPE))
        .and_where(mappings::Column::DeviceId.eq(key.device_id.as_str()));
    let contact = match new.contact_id {
        Some(c) => activities::Column::ContactId.eq(c),
        None => activities::Column::ContactId.is_null(),
    };
    Ok(scoped::<activities::Entity>(viewer, Action::Read)?
        .filter(activities::Column::UserId.eq(viewer.user_id))
        .filter(activities::Column::ActivityTypeId.eq(new.activity_type_id))
        .filter(contact)
        .filter(activities::Column::ActivityDate.gt(new.activity_date - minute))
        .filter(activities::Column::ActivityDate.lt(new.activity_date + minute))
        .filter(activities::Column::SyncedAt.is_not_null())
        .filter(activities::Column::Id.in_subquery(other_devices))
        .filter(activities::Column::Id.not_in_subquery(this_device))
        .order_by_asc(activities::Column::CreatedAt)
        .one(db)
        .await?)
}

/// Records another device's mapping to an already synced activity, on a savepoint: a
/// concurrent identical replay that recorded it first is fine.
async fn record_device_mapping(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    key: &OfflineKey,
    server_id: Uuid,
) -> ApiResult<()> {
    use sea_orm::TransactionTrait;
    let exists = mappings::Entity::find()
        .filter(mappings::Column::OrganizationId.eq(writer.viewer.organization_id))
        .filter(mappings::Column::UserId.eq(writer.viewer.user_id))
        .filter(mappings::Column::DeviceId.eq(key.device_id.clone()))
        .filter(mappings::Column::EntityType.eq(OFFLINE_ENTITY_TYPE))
        .filter(mappings::Column::ClientId.eq(key.client_id.clone()))
        .count(txn)
        .await?
        > 0;
    if exists {
        return Ok(());
    }
    let sp = txn.begin().await?;
    let inserted = writer
        .insert::<mappings::Entity>(
            &sp,
            mappings::ActiveModel {
                user_id: Set(writer.viewer.user_id),
                device_id: Set(key.device_id.clone()),
                entity_type: Set(OFFLINE_ENTITY_TYPE.to_string()),
                client_id: Set(key.client_id.clone()),
                server_id: Set(server_id),
                sync_queue_entry_id: Set(None),
                expires_at: Set(None),
                ..Default::default()
            },
        )
        .await;
    match inserted {
        Ok(_) => sp.commit().await?,
        Err(_) => sp.rollback().await?,
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Approval workflow

/// `approval_workflow_transition`: draft -> pending_review -> approved | rejected | flagged;
/// flagged -> approved | rejected.
pub fn transition_allowed(from: Status, to: Status) -> bool {
    // The one declaration of the approval workflow: the activities' state machine.
    <activities::Entity as crate::authz::Secured>::write_rules()
        .machine
        .is_some_and(|m| m.find(status_name(from), status_name(to)).is_some())
}

fn transition_error(message: impl Into<String>) -> ApiError {
    bad("status", "approval_workflow_transition", message)
}

fn check_notes(field: &str, notes: Option<String>) -> ApiResult<Option<String>> {
    let notes = trimmed(notes);
    if notes
        .as_deref()
        .is_some_and(|n| n.chars().count() > NOTES_MAX_CHARS)
    {
        return Err(bad(
            field,
            "notes_length",
            format!("{field} must be at most {NOTES_MAX_CHARS} characters"),
        ));
    }
    Ok(notes)
}

/// Only APPROVE_ACTIVITIES holders (coordinators and org admins by default) decide.
fn require_approver(viewer: &Viewer) -> ApiResult<()> {
    if viewer.can("APPROVE_ACTIVITIES") {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "only coordinators and org admins (APPROVE_ACTIVITIES) decide on activities",
        ))
    }
}

/// Changes the status of `activity` (read with `find_for(Update)`) to `to`: the transition
/// must be allowed; the change is claimed on the old status (`WHERE status = old`), so of two
/// concurrent decisions exactly one wins and the other gets `approval_workflow_transition`;
/// the row is checked in scope after, the write audited, and an `activity_logs` row written
/// (`audit_trail_on_status_change`).
async fn change_status(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    activity: activities::Model,
    to: Status,
    notes: Option<String>,
) -> ApiResult<activities::Model> {
    let from = activity.status;
    if !transition_allowed(from, to) {
        return Err(transition_error(format!(
            "an activity in status {} cannot become {}",
            status_name(from).to_uppercase(),
            status_name(to).to_uppercase()
        )));
    }
    // Who may make the move (`no_self_review`: never the activity's own mentor as decider).
    writer
        .ensure_move::<activities::Entity>(txn, &activity, &sea_orm::Value::from(to))
        .await?;
    let _now = writer.now;
    let claimed = writer
        .claim_move::<activities::Entity>(
            txn,
            &activity,
            vec![from.into()],
            to.into(),
            vec![],
            json!({ "rule": "approval_workflow_transition" }),
        )
        .await?;
    if claimed.is_none() {
        return Err(transition_error(
            "the activity's status changed meanwhile; reload it and decide again",
        ));
    }
    let after = scoped::<activities::Entity>(writer.viewer, Action::Update)?
        .filter(activities::Column::Id.eq(activity.id))
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::forbidden("the change would move the row outside your scope"))?;
    log(
        txn,
        writer,
        &after,
        LogAction::StatusChanged,
        Some(from),
        Some(to),
        None,
        notes,
    )
    .await?;
    Ok(after)
}

async fn open_flags(
    txn: &DatabaseTransaction,
    activity: &activities::Model,
) -> ApiResult<Vec<flags::Model>> {
    Ok(flags::Entity::find()
        .filter(flags::Column::OrganizationId.eq(activity.organization_id))
        .filter(flags::Column::ActivityId.eq(activity.id))
        .filter(flags::Column::Status.eq(FlagStatus::Open))
        .filter(flags::Column::DeletedAt.is_null())
        .order_by_asc(flags::Column::CreatedAt)
        .all(txn)
        .await?)
}

/// Submits a draft for review (draft -> pending_review); anyone who may update the activity
/// (its mentor, a coordinator in scope, an org admin).
pub async fn submit(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    id: Uuid,
    notes: Option<String>,
) -> ApiResult<activities::Model> {
    let notes = check_notes("notes", notes)?;
    let activity = writer
        .find_for::<activities::Entity>(txn, Action::Update, id)
        .await?;
    change_status(txn, writer, activity, Status::PendingReview, notes).await
}

/// An approval and what it counted.
#[derive(Debug, Clone)]
pub struct Approved {
    pub activity: activities::Model,
    /// The mentor's assignment counter after this approval counted (None when it did not).
    pub assignment_count: Option<i32>,
}

/// Approves (pending_review | flagged -> approved): APPROVE_ACTIVITIES, the activity in the
/// approver's update scope, no open flag left (resolve flags first with [`resolve_flag`]);
/// then `assignment_threshold_counting`.
pub async fn approve(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    id: Uuid,
    notes: Option<String>,
) -> ApiResult<Approved> {
    require_approver(writer.viewer)?;
    let notes = check_notes("notes", notes)?;
    let activity = writer
        .find_for::<activities::Entity>(txn, Action::Update, id)
        .await?;
    if transition_allowed(activity.status, Status::Approved)
        && !open_flags(txn, &activity).await?.is_empty()
    {
        return Err(transition_error(
            "the activity has open flags; resolve them (resolveActivityFlag) before approving",
        ));
    }
    if transition_allowed(activity.status, Status::Approved) {
        ensure_documented(txn, &activity).await?;
    }
    let activity = change_status(txn, writer, activity, Status::Approved, notes).await?;
    let assignment_count = count_toward_assignment(txn, writer, &activity).await?;
    notify_decision(txn, writer, &activity).await?;
    Ok(Approved {
        activity,
        assignment_count,
    })
}

/// `documentation_required`: an activity of a type that requires documentation (e.g. a group
/// meeting counted for Bufdir) is approved only with at least one live document attached;
/// otherwise it would be reported without the evidence Bufdir asks for.
async fn ensure_documented(
    txn: &DatabaseTransaction,
    activity: &activities::Model,
) -> ApiResult<()> {
    let required = types::Entity::find_by_id(activity.activity_type_id)
        .one(txn)
        .await?
        .is_some_and(|t| t.requires_documentation);
    if !required {
        return Ok(());
    }
    let documented = entity::activity_documents::Entity::find()
        .filter(entity::activity_documents::Column::ActivityId.eq(activity.id))
        .filter(entity::activity_documents::Column::DeletedAt.is_null())
        .one(txn)
        .await?
        .is_some();
    if documented {
        return Ok(());
    }
    Err(bad(
        "id",
        "documentation_required",
        "the activity type requires documentation: attach a document (createActivityDocument) \
         before approving",
    ))
}

/// Rejects (pending_review | flagged -> rejected): APPROVE_ACTIVITIES, in scope; the activity's
/// open flags are closed as resolved with the rejection's notes.
pub async fn reject(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    id: Uuid,
    notes: Option<String>,
) -> ApiResult<activities::Model> {
    require_approver(writer.viewer)?;
    let notes = check_notes("notes", notes)?;
    let activity = writer
        .find_for::<activities::Entity>(txn, Action::Update, id)
        .await?;
    let activity = change_status(txn, writer, activity, Status::Rejected, notes.clone()).await?;
    notify_decision(txn, writer, &activity).await?;
    for f in open_flags(txn, &activity).await? {
        close_flag(
            txn,
            writer,
            f,
            FlagStatus::Resolved,
            Some(
                notes
                    .clone()
                    .unwrap_or_else(|| "The activity was rejected".into()),
            ),
        )
        .await?;
    }
    Ok(activity)
}

/// `mentor_notified_on_decision`: the activity's peer mentor gets one in-app notification when
/// it is approved or rejected, in the decision's transaction. The text names neither the title
/// nor the notes (they may name a contact, and notifications may show on a lock screen).
async fn notify_decision(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    activity: &activities::Model,
) -> ApiResult<()> {
    let (approved, outcome) = match activity.status {
        Status::Approved => (true, "approved"),
        Status::Rejected => (false, "rejected"),
        _ => return Ok(()),
    };
    let calendar = Calendar::of(txn, activity.organization_id).await?;
    let text = super::messages::activity_decided(&calendar, approved, activity.activity_date);
    let notice = Notice {
        category: NotificationCategory::Activity,
        channel: NotificationChannel::InApp,
        title: text.title,
        body: text.body,
        related: Some(("activities", activity.id)),
        data: json!({ "activityId": activity.id, "status": outcome }),
        rule: "mentor_notified_on_decision",
    };
    peer_mentors::notify(
        txn,
        Some(writer.viewer.user_id),
        activity.organization_id,
        activity.user_id,
        &notice,
        writer.now,
    )
    .await?;
    Ok(())
}

async fn close_flag(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    flag: flags::Model,
    outcome: FlagStatus,
    notes: Option<String>,
) -> ApiResult<flags::Model> {
    let now = writer.now;
    let mut am = flag.into_active_model();
    am.status = Set(outcome);
    am.resolved_by_id = Set(Some(writer.viewer.user_id));
    am.resolved_at = Set(Some(now));
    am.resolution_notes = Set(notes);
    writer.update::<flags::Entity>(txn, am).await
}

/// A flag raised by a coordinator.
#[derive(Debug, Clone)]
pub struct NewFlag {
    pub flag_type: FlagType,
    pub severity: FlagSeverity,
    pub reason: String,
}

/// Flags an activity for review (pending_review -> flagged; an already flagged activity gets
/// one more flag without a status change): APPROVE_ACTIVITIES, in scope.
pub async fn flag(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    id: Uuid,
    new: NewFlag,
) -> ApiResult<(activities::Model, flags::Model)> {
    require_approver(writer.viewer)?;
    let reason = new.reason.trim().to_string();
    if reason.is_empty() {
        return Err(bad("reason", "required_fields", "reason must not be blank"));
    }
    if reason.chars().count() > NOTES_MAX_CHARS {
        return Err(bad(
            "reason",
            "reason_length",
            format!("reason must be at most {NOTES_MAX_CHARS} characters"),
        ));
    }
    let activity = writer
        .find_for::<activities::Entity>(txn, Action::Update, id)
        .await?;
    let activity = if activity.status == Status::Flagged {
        activity
    } else {
        change_status(txn, writer, activity, Status::Flagged, Some(reason.clone())).await?
    };
    let flag = writer
        .insert::<flags::Entity>(
            txn,
            flags::ActiveModel {
                activity_id: Set(activity.id),
                flag_type: Set(new.flag_type),
                severity: Set(new.severity),
                reason: Set(reason),
                duplicate_of_activity_id: Set(None),
                status: Set(FlagStatus::Open),
                resolved_by_id: Set(None),
                resolved_at: Set(None),
                resolution_notes: Set(None),
                ..Default::default()
            },
        )
        .await?;
    Ok((activity, flag))
}

/// Resolves one open flag: `Dismissed` (no problem) or `Resolved` (the problem was handled).
/// APPROVE_ACTIVITIES, flag in scope. The activity's status is not changed: approve or reject
/// it once no open flag is left.
pub async fn resolve_flag(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    flag_id: Uuid,
    outcome: FlagStatus,
    notes: Option<String>,
) -> ApiResult<(flags::Model, activities::Model)> {
    require_approver(writer.viewer)?;
    let notes = check_notes("notes", notes)?;
    if outcome == FlagStatus::Open {
        return Err(bad(
            "outcome",
            "approval_workflow_transition",
            "a flag is resolved as DISMISSED or RESOLVED",
        ));
    }
    let flag = writer
        .find_for::<flags::Entity>(txn, Action::Update, flag_id)
        .await?;
    if flag.status != FlagStatus::Open {
        return Err(bad(
            "flagId",
            "approval_workflow_transition",
            "the flag is already resolved",
        ));
    }
    // Claimed on its open status: of two concurrent resolutions exactly one wins.
    let Some(flag) = writer
        .claim_move::<flags::Entity>(
            txn,
            &flag,
            vec![FlagStatus::Open.into()],
            outcome.into(),
            vec![
                (
                    flags::Column::ResolvedById,
                    Some(writer.viewer.user_id).into(),
                ),
                (flags::Column::ResolvedAt, Some(writer.now).into()),
                (flags::Column::ResolutionNotes, notes.into()),
            ],
            json!({ "rule": "approval_workflow_transition" }),
        )
        .await?
    else {
        return Err(bad(
            "flagId",
            "approval_workflow_transition",
            "the flag is already resolved",
        ));
    };
    let activity = scoped::<activities::Entity>(writer.viewer, Action::Read)?
        .filter(activities::Column::Id.eq(flag.activity_id))
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((flag, activity))
}

// ---------------------------------------------------------------------------------------------
// assignment_threshold_counting

/// Assignment statuses under which an activity can be carried out for the assignment.
const COUNTABLE_ASSIGNMENT_STATUSES: [assignments::AssignmentStatus; 5] = [
    assignments::AssignmentStatus::Dispatched,
    assignments::AssignmentStatus::Delivered,
    assignments::AssignmentStatus::Read,
    assignments::AssignmentStatus::Accepted,
    assignments::AssignmentStatus::Completed,
];

/// The assignment an activity was carried out for: the latest live assignment dispatched to the
/// activity's mentor for its contact, dispatched at or before the activity took place.
pub async fn linked_assignment<C: ConnectionTrait>(
    db: &C,
    activity: &activities::Model,
) -> ApiResult<Option<assignments::Model>> {
    let Some(contact) = activity.contact_id else {
        return Ok(None);
    };
    Ok(assignments::Entity::find()
        .filter(assignments::Column::OrganizationId.eq(activity.organization_id))
        .filter(assignments::Column::PeerMentorId.eq(activity.user_id))
        .filter(assignments::Column::ContactId.eq(contact))
        .filter(assignments::Column::Status.is_in(COUNTABLE_ASSIGNMENT_STATUSES))
        .filter(assignments::Column::DeletedAt.is_null())
        .filter(assignments::Column::DispatchedAt.lte(activity.activity_date))
        .order_by_desc(assignments::Column::DispatchedAt)
        .order_by_desc(assignments::Column::Id)
        .one(db)
        .await?)
}

/// Whether an approved activity other than `except` already counted `assignment` (an approved,
/// live activity of the same mentor and contact dated at or after its dispatch). For the
/// assignments workflow: an assignment counted by an approved activity must not count again
/// when it is completed.
pub async fn assignment_counted_by_activity<C: ConnectionTrait>(
    db: &C,
    assignment: &assignments::Model,
    except: Option<Uuid>,
) -> ApiResult<bool> {
    let (Some(contact), Some(dispatched)) = (assignment.contact_id, assignment.dispatched_at)
    else {
        return Ok(false);
    };
    let mut select = activities::Entity::find()
        .filter(activities::Column::OrganizationId.eq(assignment.organization_id))
        .filter(activities::Column::UserId.eq(assignment.peer_mentor_id))
        .filter(activities::Column::ContactId.eq(contact))
        .filter(activities::Column::Status.eq(Status::Approved))
        .filter(activities::Column::ActivityDate.gte(dispatched))
        .filter(activities::Column::DeletedAt.is_null());
    if let Some(id) = except {
        select = select.filter(activities::Column::Id.ne(id));
    }
    Ok(select.count(db).await? > 0)
}

/// `assignment_threshold_counting`: an approved activity linked to an assignment (same mentor
/// and contact, see [`linked_assignment`]) counts one toward the mentor's
/// `assignment_count_current_period` (through `peer_mentors::count_completed_assignment`, which
/// also records honorarium threshold crossings). An assignment counts once: not when it is
/// already completed (the assignments workflow counts completions) nor when another approved
/// activity counted it. Returns the new count when it counted.
async fn count_toward_assignment(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    activity: &activities::Model,
) -> ApiResult<Option<i32>> {
    if activity.status != Status::Approved {
        return Ok(None);
    }
    let Some(assignment) = linked_assignment(txn, activity).await? else {
        return Ok(None);
    };
    if assignment.status == assignments::AssignmentStatus::Completed
        || assignment_counted_by_activity(txn, &assignment, Some(activity.id)).await?
    {
        return Ok(None);
    }
    let counted = crate::workflows::peer_mentors::count_completed_assignment(
        txn,
        Some(writer.viewer.user_id),
        activity.organization_id,
        activity.user_id,
        Some(assignment.id),
        writer.now,
    )
    .await?;
    Ok(counted.map(|(profile, _)| profile.assignment_count_current_period))
}

// ---------------------------------------------------------------------------------------------
// Editing

/// Changes to an activity's details; omitted fields stay.
#[derive(Debug, Clone, Default)]
pub struct ActivityPatch {
    pub activity_type_id: Option<Uuid>,
    pub activity_date: Option<DateTime<Utc>>,
    pub duration_minutes: Option<i32>,
    pub participant_count: Option<i32>,
    pub has_reimbursement: Option<bool>,
    pub contact_id: Patch<Uuid>,
    pub title: Patch<String>,
    pub description: Patch<String>,
    pub location: Patch<String>,
    pub metadata: Patch<Json>,
}

/// `immutable_after_approval`: an approved activity is never changed again (its numbers are in
/// Bufdir reports and honorarium counts). Every write path of `activities` is a workflow of
/// this module (the table has no generic mutations), and each checks it.
pub fn ensure_mutable(activity: &activities::Model) -> ApiResult<()> {
    if activity.status == Status::Approved {
        return Err(bad(
            "id",
            "immutable_after_approval",
            "an approved activity cannot be changed",
        ));
    }
    Ok(())
}

/// Edits an activity's details (not its status, owner or registration fields):
/// `immutable_after_approval`, then the field rules on the edited values, the type's
/// requirements on the result, the contact in scope; an `activity_logs` row `updated` lists the
/// changed fields with old and new values.
pub async fn edit(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    id: Uuid,
    patch: ActivityPatch,
) -> ApiResult<activities::Model> {
    let viewer = writer.viewer;
    let before = writer
        .find_for::<activities::Entity>(txn, Action::Update, id)
        .await?;
    ensure_mutable(&before)?;
    let now = writer.now;
    let title = match &patch.title {
        Patch::Set(t) => Patch::Set(t.trim().to_string()),
        other => other.clone(),
    };
    if let Patch::Set(t) = &title {
        check_title(Some(t))?;
    }
    let description = match &patch.description {
        Patch::Set(d) => match trimmed(Some(d.clone())) {
            Some(d) => Patch::Set(d),
            None => Patch::Clear,
        },
        other => other.clone(),
    };
    if let Patch::Set(d) = &description {
        check_description(Some(d))?;
    }
    let location = match &patch.location {
        Patch::Set(l) => match trimmed(Some(l.clone())) {
            Some(l) => Patch::Set(l),
            None => Patch::Clear,
        },
        other => other.clone(),
    };
    check_duration(patch.duration_minutes)?;
    check_participants(patch.participant_count)?;
    if let Some(d) = patch.activity_date {
        check_date(d, now)?;
    }
    let type_id = patch.activity_type_id.unwrap_or(before.activity_type_id);
    let t = if patch
        .activity_type_id
        .is_some_and(|t| t != before.activity_type_id)
    {
        activity_type(txn, viewer, type_id).await?
    } else {
        types::Entity::find_by_id(type_id)
            .one(txn)
            .await?
            .ok_or(ApiError::NotFound)?
    };
    let contact_id = patch.contact_id.resolve(before.contact_id);
    if let Patch::Set(c) = &patch.contact_id
        && Some(*c) != before.contact_id
    {
        contact(txn, viewer, *c).await?;
    }
    let new_description = description.resolve(before.description.clone());
    let new_location = location.resolve(before.location.clone());
    check_required(
        &t,
        contact_id,
        new_location.as_deref(),
        new_description.as_deref(),
    )?;

    let mut changes = serde_json::Map::new();
    let mut am = before.clone().into_active_model();
    macro_rules! change {
        ($field:ident, $name:literal, $new:expr) => {{
            let new = $new;
            if new != before.$field {
                changes.insert($name.into(), json!({ "from": before.$field, "to": new }));
                am.$field = Set(new);
            }
        }};
    }
    change!(activity_type_id, "activityTypeId", type_id);
    change!(
        activity_date,
        "activityDate",
        patch.activity_date.unwrap_or(before.activity_date)
    );
    change!(
        duration_minutes,
        "durationMinutes",
        patch.duration_minutes.unwrap_or(before.duration_minutes)
    );
    change!(
        participant_count,
        "participantCount",
        patch.participant_count.or(before.participant_count)
    );
    change!(
        has_reimbursement,
        "hasReimbursement",
        patch.has_reimbursement.unwrap_or(before.has_reimbursement)
    );
    change!(contact_id, "contactId", contact_id);
    change!(title, "title", title.resolve(before.title.clone()));
    change!(description, "description", new_description);
    change!(location, "location", new_location);
    if !patch.metadata.is_keep() {
        change!(
            metadata,
            "metadata",
            patch.metadata.resolve(before.metadata.clone())
        );
    }
    if changes.is_empty() {
        return Ok(before);
    }
    // The description may hold personal notes: the log records that it changed, not its text.
    if let Some(c) = changes.get_mut("description") {
        *c = json!({ "changed": true });
    }
    check_consistency(&am)?;
    let after = writer.update::<activities::Entity>(txn, am).await?;
    log(
        txn,
        writer,
        &after,
        LogAction::Updated,
        None,
        None,
        Some(Json::Object(changes)),
        None,
    )
    .await?;
    Ok(after)
}

/// Deletes an activity (soft delete): `immutable_after_approval` (an approved activity stays,
/// its numbers are reported), then an `activity_logs` row `deleted` with the status it had.
pub async fn delete(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    id: Uuid,
    notes: Option<String>,
) -> ApiResult<activities::Model> {
    let notes = check_notes("notes", notes)?;
    let before = writer
        .find_for::<activities::Entity>(txn, Action::Delete, id)
        .await?;
    ensure_mutable(&before)?;
    let deleted = writer
        .delete_found::<activities::Entity>(txn, before)
        .await?;
    log(
        txn,
        writer,
        &deleted,
        LogAction::Deleted,
        Some(deleted.status),
        None,
        None,
        notes,
    )
    .await?;
    Ok(deleted)
}

// ---------------------------------------------------------------------------------------------
// bufdir_reporting_inclusion

/// `bufdir_reporting_inclusion`: the condition on `activities` selecting what Bufdir reports and
/// statistics count: approved, live, of an activity type whose Bufdir category is reported.
pub fn bufdir_reportable() -> Condition {
    let mut reported_types = Query::select();
    reported_types
        .column(types::Column::Id)
        .from(types::Entity)
        .and_where(types::Column::BufdirCategory.ne(types::BufdirReportingCategory::NotReported));
    Condition::all()
        .add(activities::Column::Status.eq(Status::Approved))
        .add(activities::Column::DeletedAt.is_null())
        .add(activities::Column::ActivityTypeId.in_subquery(reported_types))
}

/// Totals of the reportable activities in the viewer's read scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BufdirTotals {
    pub activities: i64,
    pub duration_minutes: i64,
    pub participants: i64,
    pub unique_contacts: i64,
}

/// [`bufdir_reportable`] activities dated in `[from, to)` that the viewer may read, summed.
pub async fn bufdir_totals<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> ApiResult<BufdirTotals> {
    if to <= from {
        return Err(bad("to", "date_range", "to must be after from"));
    }
    let rows: Vec<(i32, Option<i32>, Option<Uuid>)> =
        scoped::<activities::Entity>(viewer, Action::Read)?
            .filter(bufdir_reportable())
            .filter(activities::Column::ActivityDate.gte(from))
            .filter(activities::Column::ActivityDate.lt(to))
            .select_only()
            .column(activities::Column::DurationMinutes)
            .column(activities::Column::ParticipantCount)
            .column(activities::Column::ContactId)
            .into_tuple()
            .all(db)
            .await?;
    let mut totals = BufdirTotals::default();
    let mut contacts = std::collections::BTreeSet::new();
    for (minutes, participants, contact) in rows {
        totals.activities += 1;
        totals.duration_minutes += i64::from(minutes);
        totals.participants += i64::from(participants.unwrap_or(DEFAULT_PARTICIPANT_COUNT));
        if let Some(c) = contact {
            contacts.insert(c);
        }
    }
    totals.unique_contacts = contacts.len() as i64;
    Ok(totals)
}
