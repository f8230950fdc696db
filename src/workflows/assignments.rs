//! Encrypted assignments (issue 5): a coordinator dispatches an assignment whose payload the
//! client encrypted to the recipient mentor's key (the server stores ciphertext and a key
//! reference, never plaintext); the recipient confirms delivery, opens it (first open = one read
//! receipt), accepts or declines it, and completes it; the coordinator may cancel it.
//!
//! Status machine (rule `assignment_status_transition`):
//!
//! ```text
//! draft -> dispatched -> delivered -> read -> accepted -> completed
//!            |  \___________|_________/ \
//!            |              |            `-> declined            (dispatched|delivered|read)
//!            `--------------+---- cancelled (coordinator: draft|dispatched|delivered|read|accepted)
//! ```
//!
//! - Dispatch (`dispatch_new`, `dispatch_draft`): DISPATCH_ASSIGNMENTS; the local association
//!   must be in the dispatcher's scope, and the recipient a mentor of that local association
//!   (`recipient_in_local_association`) whose profile passes seed 002's
//!   `encrypted_assignment_consent_gate` and `paused_mentor_hidden_from_assignment_matching`
//!   (`peer_mentors::ensure_can_receive_encrypted_assignment`). The mentor gets a notification
//!   (title only, never payload).
//! - Every status change is a claim (`Writer::claim_move`: `UPDATE ... WHERE status IN
//!   (<allowed from>)`, judged by the assignments' state machine): of two concurrent changes
//!   exactly one wins, the other is refused with `assignment_status_transition`. Every change
//!   appends one `assignment_dispatches` row.
//! - `open`: only the recipient, only while their profile accepts encrypted assignments (the
//!   AUTHZ field rule; FORBIDDEN otherwise). The first open writes exactly one
//!   `assignment_read_receipts` row (`Writer::record` keeping an existing row on the unique
//!   index), so concurrent opens still produce one receipt.
//! - `respond`: accept (after reading) or decline, one `assignment_consents` row per answer.
//! - `complete`: the recipient or a dispatcher in scope; counts once (the claim) toward the
//!   mentor's counter and honorarium thresholds through
//!   `peer_mentors::count_completed_assignment`.
//!
//! Each operation first takes the assignment's row lock (`Writer::lock_row`): PostgreSQL then
//! serializes changes of one assignment, and SQLite starts the transaction as a writer (a
//! deferred transaction that read first and writes second can fail with SQLITE_BUSY under
//! concurrency). Correctness does not depend on it: the claims and the unique index decide.
//!
//! Writes all go through the `Writer`: the new assignment and the consent through
//! `Writer::insert` (tenant, scope, audit); status changes through `Writer::claim_move`; trail
//! rows and read receipts, which the acting user holds no CREATE permission for, through
//! `Writer::record`, after the row was loaded through `authz::scoped`/`Writer::find_for`. Each
//! is appended to the audit chain with the actor and request.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Value,
};
use serde_json::json;
use uuid::Uuid;

use super::notifications::{Notice, Scenario, Trigger, notify};
use super::peer_mentors::{self as lifecycle};
use crate::{
    authz::{Action, Viewer, scoped, writes::Writer, writes::ensure_reference},
    error::{ApiError, ApiResult},
};
use entity::assignments as assignments_table;
use entity::{
    assignment_consents as consents, assignment_dispatches as dispatches,
    assignment_honorarium_records as honorarium_records, assignment_read_receipts as receipts,
    local_associations, notifications, peer_mentor_profiles as profiles,
    user_organization_memberships as memberships, users,
};

pub use consents::AssignmentConsentDecision as Decision;
pub use dispatches::AssignmentDispatchChannel as Channel;
pub use entity::assignments::{AssignmentPriority as Priority, AssignmentStatus as Status};

/// The permission to dispatch, cancel and (for others) complete assignments.
pub const DISPATCH_ASSIGNMENTS: &str = "DISPATCH_ASSIGNMENTS";
/// Longest `title` (never personal data).
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest base64 ciphertext accepted inline.
pub const CIPHERTEXT_MAX_CHARS: usize = 1_000_000;
/// Longest key reference.
pub const KEY_REFERENCE_MAX_CHARS: usize = 200;
/// Longest encryption scheme name.
pub const SCHEME_MAX_CHARS: usize = 100;
/// Longest cancellation or decline reason.
pub const REASON_MAX_CHARS: usize = 500;
/// Longest consent text version.
pub const CONSENT_VERSION_MAX_CHARS: usize = 50;
/// Longest device platform name on a read receipt.
pub const DEVICE_PLATFORM_MAX_CHARS: usize = 50;

const RULE_TRANSITION: &str = "assignment_status_transition";

/// A new assignment to dispatch at once.
#[derive(Debug, Clone)]
pub struct NewAssignment {
    pub local_association_id: Uuid,
    pub peer_mentor_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub title: String,
    /// Base64 ciphertext encrypted on the client to the recipient's key.
    pub ciphertext: String,
    pub key_reference: String,
    pub encryption_scheme: String,
    pub priority: Priority,
    pub due_date: Option<NaiveDate>,
}

/// An assignment after a status change, with the trail row the change appended.
#[derive(Debug, Clone)]
pub struct Transitioned {
    pub assignment: assignments_table::Model,
    /// None when nothing changed (an idempotent repeat, e.g. a second delivery confirmation).
    pub dispatch: Option<dispatches::Model>,
}

/// What the recipient gets from `open`.
#[derive(Debug, Clone)]
pub struct Opened {
    pub assignment: assignments_table::Model,
    pub receipt: receipts::Model,
    /// Whether this call wrote the receipt (false: it existed already).
    pub first_open: bool,
}

/// A mentor's answer with the assignment after it.
#[derive(Debug, Clone)]
pub struct Responded {
    pub assignment: assignments_table::Model,
    pub consent: consents::Model,
}

/// A completed assignment and what it did to the mentor's counter.
#[derive(Debug, Clone)]
pub struct Completed {
    pub assignment: assignments_table::Model,
    /// The mentor's `assignment_count_current_period` after counting (None: no live profile).
    pub assignment_count: Option<i32>,
    /// Honorarium thresholds this completion crossed (`assignment_threshold_honorar`).
    pub honorarium_records: Vec<honorarium_records::Model>,
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Draft => "draft",
        Status::Dispatched => "dispatched",
        Status::Delivered => "delivered",
        Status::Read => "read",
        Status::Accepted => "accepted",
        Status::Declined => "declined",
        Status::Completed => "completed",
        Status::Cancelled => "cancelled",
    }
}

fn guard(message: impl Into<String>) -> ApiError {
    ApiError::bad_input("status", RULE_TRANSITION, message)
}

fn refused(from: Status, to: Status) -> ApiError {
    guard(format!(
        "an assignment that is {} cannot become {}",
        status_name(from),
        status_name(to)
    ))
}

fn require_dispatcher(viewer: &Viewer) -> ApiResult<()> {
    if viewer.can(DISPATCH_ASSIGNMENTS) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "missing permission {DISPATCH_ASSIGNMENTS}"
        )))
    }
}

fn text_rules(
    field: &str,
    value: &str,
    max: usize,
    length_rule: &str,
    required: bool,
) -> ApiResult<()> {
    if required && value.trim().is_empty() {
        return Err(ApiError::bad_input(
            field,
            "required_fields",
            format!("{field} is required"),
        ));
    }
    if value.chars().count() > max {
        return Err(ApiError::bad_input(
            field,
            length_rule,
            format!("{field} must be at most {max} characters"),
        ));
    }
    Ok(())
}

fn base64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_')
}

fn validate_new(input: &NewAssignment) -> ApiResult<()> {
    text_rules("title", &input.title, TITLE_MAX_CHARS, "title_length", true)?;
    text_rules(
        "ciphertext",
        &input.ciphertext,
        CIPHERTEXT_MAX_CHARS,
        "ciphertext_base64",
        true,
    )?;
    if input.ciphertext.chars().count() < 4 || !input.ciphertext.chars().all(base64_char) {
        return Err(ApiError::bad_input(
            "ciphertext",
            "ciphertext_base64",
            "ciphertext must be the base64 ciphertext (the server never takes plaintext)",
        ));
    }
    text_rules(
        "keyReference",
        &input.key_reference,
        KEY_REFERENCE_MAX_CHARS,
        "key_reference_length",
        true,
    )?;
    text_rules(
        "encryptionScheme",
        &input.encryption_scheme,
        SCHEME_MAX_CHARS,
        "encryption_scheme_length",
        true,
    )?;
    Ok(())
}

fn optional_reason(field: &str, reason: Option<String>) -> ApiResult<Option<String>> {
    let reason = reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    if let Some(r) = &reason {
        text_rules(field, r, REASON_MAX_CHARS, "reason_length", false)?;
    }
    Ok(reason)
}

/// The assignment as its recipient: NOT_FOUND when the viewer cannot see it, FORBIDDEN when
/// they see it (a coordinator) but are not the recipient.
async fn load_as_recipient(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    id: Uuid,
) -> ApiResult<assignments_table::Model> {
    let a = scoped::<assignments_table::Entity>(viewer, Action::Read)?
        .filter(assignments_table::Column::Id.eq(id))
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    if a.peer_mentor_id != viewer.user_id {
        return Err(ApiError::forbidden(
            "only the recipient peer mentor can do this",
        ));
    }
    Ok(a)
}

/// The recipient's live profile in the organization, when it accepts encrypted assignments.
async fn consenting_profile<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    mentor: Uuid,
) -> ApiResult<Option<profiles::Model>> {
    Ok(profiles::Entity::find()
        .filter(profiles::Column::OrganizationId.eq(organization))
        .filter(profiles::Column::UserId.eq(mentor))
        .filter(profiles::Column::DeletedAt.is_null())
        .filter(profiles::Column::AcceptsEncryptedAssignments.eq(true))
        .one(db)
        .await?)
}

/// Seed 002's gate for the recipient of a dispatch, plus: the recipient is a member of the
/// assignment's local association (the dispatcher's scope reaches them through it).
pub async fn ensure_recipient<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    local_association: Uuid,
    mentor: Uuid,
) -> ApiResult<profiles::Model> {
    let member = memberships::Entity::find()
        .filter(memberships::Column::OrganizationId.eq(organization))
        .filter(memberships::Column::UserId.eq(mentor))
        .filter(memberships::Column::LocalAssociationId.eq(local_association))
        .filter(memberships::Column::Status.eq(memberships::MembershipStatus::Active))
        .filter(memberships::Column::DeletedAt.is_null())
        .count(db)
        .await?
        > 0;
    if !member {
        return Err(ApiError::bad_input(
            "peerMentorId",
            "recipient_in_local_association",
            "the recipient is not a member of the assignment's local association",
        ));
    }
    lifecycle::ensure_can_receive_encrypted_assignment(db, organization, mentor, "peerMentorId")
        .await
}

/// The latest successful dispatch (delivery) row of the assignment, which receipts and consents
/// refer to.
async fn latest_dispatch(txn: &DatabaseTransaction, assignment: Uuid) -> ApiResult<Option<Uuid>> {
    Ok(dispatches::Entity::find()
        .filter(dispatches::Column::AssignmentId.eq(assignment))
        .filter(dispatches::Column::ToStatus.eq(Status::Dispatched))
        .filter(dispatches::Column::Outcome.eq(dispatches::AssignmentDispatchOutcome::Succeeded))
        .order_by_desc(dispatches::Column::OccurredAt)
        .order_by_desc(dispatches::Column::Id)
        .one(txn)
        .await?
        .map(|d| d.id))
}

/// Appends one trail row (every status change, for every actor) and audits it.
async fn append_dispatch(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    a: &assignments_table::Model,
    from: Option<Status>,
    to: Status,
    channel: Option<Channel>,
    now: DateTime<Utc>,
) -> ApiResult<dispatches::Model> {
    let actor = Some(writer.viewer.user_id);
    let row = dispatches::ActiveModel {
        organization_id: Set(a.organization_id),
        assignment_id: Set(a.id),
        from_status: Set(from),
        to_status: Set(to),
        channel: Set(channel),
        attempt_number: Set(1),
        outcome: Set(dispatches::AssignmentDispatchOutcome::Succeeded),
        error_message: Set(None),
        actor_id: Set(actor),
        occurred_at: Set(now),
        ..Default::default()
    };
    writer
        .record::<dispatches::Entity>(
            txn,
            row,
            &[],
            json!({ "assignmentId": a.id, "toStatus": status_name(to), "rule": RULE_TRANSITION }),
        )
        .await?
        .ok_or(ApiError::NotFound)
}

/// Moves `a` to `to` if its status is still one of `from` (a claim: of concurrent changes only
/// one matches), sets `extra` columns, audits, and appends the trail row.
#[allow(clippy::too_many_arguments)] // one state change: every part is needed for the trail row
async fn transition(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    a: &assignments_table::Model,
    from: &[Status],
    to: Status,
    channel: Option<Channel>,
    extra: Vec<(assignments_table::Column, Value)>,
    now: DateTime<Utc>,
) -> ApiResult<Transitioned> {
    // The assignments' state machine is the one declaration of the lifecycle.
    let declared = <assignments_table::Entity as crate::authz::Secured>::write_rules()
        .machine
        .is_some_and(|m| m.find(status_name(a.status), status_name(to)).is_some());
    if !from.contains(&a.status) || !declared {
        return Err(refused(a.status, to));
    }
    let claimed = writer
        .claim_move::<assignments_table::Entity>(
            txn,
            a,
            from.iter().map(|s| Value::from(*s)).collect(),
            Value::from(to),
            extra,
            json!({
                "fromStatus": status_name(a.status),
                "toStatus": status_name(to),
                "rule": RULE_TRANSITION,
            }),
        )
        .await?;
    let Some(updated) = claimed else {
        // Another request changed it first.
        let now_status = assignments_table::Entity::find_by_id(a.id)
            .one(txn)
            .await?
            .map_or(a.status, |r| r.status);
        return Err(refused(now_status, to));
    };
    let dispatch = append_dispatch(txn, writer, &updated, Some(a.status), to, channel, now).await?;
    Ok(Transitioned {
        assignment: updated,
        dispatch: Some(dispatch),
    })
}

async fn notify_recipient(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    a: &assignments_table::Model,
    channel: Channel,
) -> ApiResult<()> {
    let calendar = crate::calendar::Calendar::of(txn, a.organization_id).await?;
    let dispatcher = users::Entity::find_by_id(writer.viewer.user_id)
        .one(txn)
        .await?
        .map(|u| format!("{} {}", u.first_name, u.last_name))
        .unwrap_or_default();
    let text = super::messages::assignment_dispatched(&calendar, &dispatcher);
    let notice = Notice {
        category: notifications::NotificationCategory::Assignment,
        channel: match channel {
            Channel::Push => notifications::NotificationChannel::Push,
            Channel::Email => notifications::NotificationChannel::Email,
            Channel::Sms => notifications::NotificationChannel::Sms,
            Channel::InApp => notifications::NotificationChannel::InApp,
        },
        // Non-identifying by rule: the assignment's title and contents stay in the assignment.
        title: text.title,
        body: text.body,
        related: Some(("assignments", a.id)),
        data: json!({ "assignmentId": a.id }),
        rule: "assignment_dispatch",
        scenario: Some(Scenario {
            trigger: Trigger::AssignmentDispatched,
            offset_days: None,
            values: vec![("coordinator", dispatcher)],
            // The coordinator chose the channel for this dispatch.
            fixed_channel: true,
        }),
    };
    notify(
        txn,
        Some(writer.viewer.user_id),
        a.organization_id,
        a.peer_mentor_id,
        &notice,
        writer.now,
    )
    .await?;
    Ok(())
}

/// Creates an assignment and dispatches it to its recipient in one step.
pub async fn dispatch_new(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    input: NewAssignment,
    channel: Channel,
    now: DateTime<Utc>,
) -> ApiResult<Transitioned> {
    let viewer = writer.viewer;
    require_dispatcher(viewer)?;
    let organization = viewer
        .organization_id
        .ok_or_else(|| ApiError::forbidden("sign in to an organization to dispatch"))?;
    validate_new(&input)?;
    ensure_reference::<local_associations::Entity>(
        txn,
        viewer,
        "local_association_id",
        Some(input.local_association_id),
    )
    .await?;
    ensure_reference::<users::Entity>(txn, viewer, "peer_mentor_id", Some(input.peer_mentor_id))
        .await?;
    ensure_reference::<entity::contacts::Entity>(txn, viewer, "contact_id", input.contact_id)
        .await?;
    ensure_recipient(
        txn,
        organization,
        input.local_association_id,
        input.peer_mentor_id,
    )
    .await?;
    let am = assignments_table::ActiveModel {
        local_association_id: Set(input.local_association_id),
        coordinator_id: Set(viewer.user_id),
        peer_mentor_id: Set(input.peer_mentor_id),
        contact_id: Set(input.contact_id),
        title: Set(input.title.trim().to_string()),
        status: Set(Status::Dispatched),
        priority: Set(input.priority),
        ciphertext: Set(input.ciphertext),
        key_reference: Set(input.key_reference.trim().to_string()),
        encryption_scheme: Set(input.encryption_scheme.trim().to_string()),
        due_date: Set(input.due_date),
        dispatched_at: Set(Some(now)),
        delivered_at: Set(None),
        read_at: Set(None),
        responded_at: Set(None),
        completed_at: Set(None),
        cancelled_at: Set(None),
        cancellation_reason: Set(None),
        deleted_at: Set(None),
        ..Default::default()
    };
    // Scope: the local association must be one of the dispatcher's (org admins: any).
    let created = writer.insert::<assignments_table::Entity>(txn, am).await?;
    let dispatch = append_dispatch(
        txn,
        writer,
        &created,
        None,
        Status::Dispatched,
        Some(channel),
        now,
    )
    .await?;
    notify_recipient(txn, writer, &created, channel).await?;
    Ok(Transitioned {
        assignment: created,
        dispatch: Some(dispatch),
    })
}

/// Dispatches an existing draft (created with `createAssignment`); the recipient gate is checked
/// now, at dispatch time.
pub async fn dispatch_draft(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    id: Uuid,
    channel: Channel,
    now: DateTime<Utc>,
) -> ApiResult<Transitioned> {
    require_dispatcher(writer.viewer)?;
    writer
        .lock_row::<assignments_table::Entity>(txn, id)
        .await?;
    let a = writer
        .find_for::<assignments_table::Entity>(txn, Action::Update, id)
        .await?;
    if a.status != Status::Draft {
        return Err(refused(a.status, Status::Dispatched));
    }
    ensure_recipient(
        txn,
        a.organization_id,
        a.local_association_id,
        a.peer_mentor_id,
    )
    .await?;
    let out = transition(
        txn,
        writer,
        &a,
        &[Status::Draft],
        Status::Dispatched,
        Some(channel),
        vec![(assignments_table::Column::DispatchedAt, Some(now).into())],
        now,
    )
    .await?;
    notify_recipient(txn, writer, &out.assignment, channel).await?;
    Ok(out)
}

/// The recipient's device confirms delivery: dispatched -> delivered. Repeats (another device,
/// a retry) change nothing once the assignment is past `dispatched`.
pub async fn confirm_delivered(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<Transitioned> {
    writer
        .lock_row::<assignments_table::Entity>(txn, id)
        .await?;
    let a = load_as_recipient(txn, writer.viewer, id).await?;
    match a.status {
        Status::Dispatched => {
            transition(
                txn,
                writer,
                &a,
                &[Status::Dispatched],
                Status::Delivered,
                Some(Channel::InApp),
                vec![(assignments_table::Column::DeliveredAt, Some(now).into())],
                now,
            )
            .await
        }
        Status::Delivered
        | Status::Read
        | Status::Accepted
        | Status::Declined
        | Status::Completed => Ok(Transitioned {
            assignment: a,
            dispatch: None,
        }),
        other => Err(refused(other, Status::Delivered)),
    }
}

/// The recipient opens the assignment: the payload gate, then the first open writes the one
/// read receipt and moves a dispatched or delivered assignment to `read`.
pub async fn open(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    id: Uuid,
    device_platform: Option<String>,
    now: DateTime<Utc>,
) -> ApiResult<Opened> {
    let viewer = writer.viewer;
    let device_platform = device_platform
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    if let Some(p) = &device_platform {
        text_rules(
            "devicePlatform",
            p,
            DEVICE_PLATFORM_MAX_CHARS,
            "device_platform_length",
            false,
        )?;
    }
    writer
        .lock_row::<assignments_table::Entity>(txn, id)
        .await?;
    let a = load_as_recipient(txn, viewer, id).await?;
    // AUTHZ field rule / seed 002 encrypted_assignment_consent_gate: the payload only while the
    // recipient's profile accepts encrypted assignments.
    if consenting_profile(txn, a.organization_id, viewer.user_id)
        .await?
        .is_none()
    {
        return Err(ApiError::forbidden(
            "your peer mentor profile does not accept encrypted assignments \
             (encrypted_assignment_consent_gate)",
        ));
    }
    if matches!(
        a.status,
        Status::Cancelled | Status::Declined | Status::Draft
    ) {
        return Err(guard(format!(
            "an assignment that is {} cannot be opened",
            status_name(a.status)
        )));
    }
    let dispatch_id = latest_dispatch(txn, a.id).await?;
    let receipt = receipts::ActiveModel {
        organization_id: Set(a.organization_id),
        assignment_id: Set(a.id),
        dispatch_id: Set(dispatch_id),
        user_id: Set(viewer.user_id),
        read_at: Set(now),
        device_platform: Set(device_platform),
        ..Default::default()
    };
    // The first open writes the receipt; a repeated one keeps it (`first_open_read_receipt`).
    let inserted = writer
        .record::<receipts::Entity>(
            txn,
            receipt,
            &[receipts::Column::AssignmentId, receipts::Column::UserId],
            json!({ "assignmentId": a.id, "rule": "first_open_read_receipt" }),
        )
        .await?;
    let first_open = inserted.is_some();
    let receipt = match inserted {
        Some(r) => r,
        None => receipts::Entity::find()
            .filter(receipts::Column::AssignmentId.eq(a.id))
            .filter(receipts::Column::UserId.eq(viewer.user_id))
            .one(txn)
            .await?
            .ok_or(ApiError::NotFound)?,
    };
    let assignment = if matches!(a.status, Status::Dispatched | Status::Delivered) {
        transition(
            txn,
            writer,
            &a,
            &[Status::Dispatched, Status::Delivered],
            Status::Read,
            None,
            vec![(
                assignments_table::Column::ReadAt,
                Some(receipt.read_at).into(),
            )],
            now,
        )
        .await?
        .assignment
    } else {
        a
    };
    Ok(Opened {
        assignment,
        receipt,
        first_open,
    })
}

/// The recipient accepts (after opening it, with the consent text version agreed to) or
/// declines (with an optional reason) the assignment.
pub async fn respond(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    id: Uuid,
    decision: Decision,
    consent_text_version: String,
    decline_reason: Option<String>,
    now: DateTime<Utc>,
) -> ApiResult<Responded> {
    let viewer = writer.viewer;
    let version = consent_text_version.trim().to_string();
    text_rules(
        "consentTextVersion",
        &version,
        CONSENT_VERSION_MAX_CHARS,
        "consent_text_version_length",
        true,
    )?;
    let reason = optional_reason("declineReason", decline_reason)?;
    if decision == Decision::Accepted && reason.is_some() {
        return Err(ApiError::bad_input(
            "declineReason",
            "decline_reason_only_with_decline",
            "a reason goes only with a decline",
        ));
    }
    writer
        .lock_row::<assignments_table::Entity>(txn, id)
        .await?;
    let a = load_as_recipient(txn, viewer, id).await?;
    let (from, to): (&[Status], Status) = match decision {
        Decision::Accepted => {
            if consenting_profile(txn, a.organization_id, viewer.user_id)
                .await?
                .is_none()
            {
                return Err(ApiError::bad_input(
                    "id",
                    "encrypted_assignment_consent_gate",
                    "your peer mentor profile does not accept encrypted assignments",
                ));
            }
            if matches!(a.status, Status::Dispatched | Status::Delivered) {
                return Err(guard("open the assignment before accepting it"));
            }
            (&[Status::Read], Status::Accepted)
        }
        Decision::Declined => (
            &[Status::Dispatched, Status::Delivered, Status::Read],
            Status::Declined,
        ),
    };
    let out = transition(
        txn,
        writer,
        &a,
        from,
        to,
        None,
        vec![(assignments_table::Column::RespondedAt, Some(now).into())],
        now,
    )
    .await?;
    let consent = consents::ActiveModel {
        assignment_id: Set(a.id),
        dispatch_id: Set(latest_dispatch(txn, a.id).await?),
        user_id: Set(viewer.user_id),
        decision: Set(decision),
        decline_reason: Set(reason),
        consent_text_version: Set(version),
        responded_at: Set(now),
        ..Default::default()
    };
    let consent = writer.insert::<consents::Entity>(txn, consent).await?;
    Ok(Responded {
        assignment: out.assignment,
        consent,
    })
}

/// Completes an accepted assignment (the recipient, or a dispatcher with the assignment in
/// their update scope) and counts it once toward the mentor's thresholds.
pub async fn complete(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<Completed> {
    let viewer = writer.viewer;
    writer
        .lock_row::<assignments_table::Entity>(txn, id)
        .await?;
    let visible = scoped::<assignments_table::Entity>(viewer, Action::Read)?
        .filter(assignments_table::Column::Id.eq(id))
        .one(txn)
        .await?;
    let a = match visible {
        Some(a) if a.peer_mentor_id == viewer.user_id => a,
        _ if viewer.can(DISPATCH_ASSIGNMENTS) => {
            writer
                .find_for::<assignments_table::Entity>(txn, Action::Update, id)
                .await?
        }
        Some(_) => {
            return Err(ApiError::forbidden(
                "only the recipient or a coordinator in scope completes an assignment",
            ));
        }
        None => return Err(ApiError::NotFound),
    };
    let out = transition(
        txn,
        writer,
        &a,
        &[Status::Accepted],
        Status::Completed,
        None,
        vec![(assignments_table::Column::CompletedAt, Some(now).into())],
        now,
    )
    .await?;
    // The claim above succeeds once per assignment; and an assignment an approved activity
    // already counted (assignment_threshold_counting) does not count a second time.
    let counted = if super::activities::assignment_counted_by_activity(txn, &a, None).await? {
        None
    } else {
        lifecycle::count_completed_assignment(
            txn,
            Some(viewer.user_id),
            a.organization_id,
            a.peer_mentor_id,
            Some(a.id),
            now,
        )
        .await?
    };
    let (assignment_count, honorarium_records) = match counted {
        Some((profile, records)) => (Some(profile.assignment_count_current_period), records),
        None => (None, Vec::new()),
    };
    Ok(Completed {
        assignment: out.assignment,
        assignment_count,
        honorarium_records,
    })
}

/// A dispatcher withdraws an assignment that is not finished yet.
pub async fn cancel(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    id: Uuid,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> ApiResult<Transitioned> {
    require_dispatcher(writer.viewer)?;
    let reason = optional_reason("reason", reason)?;
    writer
        .lock_row::<assignments_table::Entity>(txn, id)
        .await?;
    let a = writer
        .find_for::<assignments_table::Entity>(txn, Action::Update, id)
        .await?;
    transition(
        txn,
        writer,
        &a,
        &[
            Status::Draft,
            Status::Dispatched,
            Status::Delivered,
            Status::Read,
            Status::Accepted,
        ],
        Status::Cancelled,
        None,
        vec![
            (assignments_table::Column::CancelledAt, Some(now).into()),
            (assignments_table::Column::CancellationReason, reason.into()),
        ],
        now,
    )
    .await
}
