//! Activities: approval workflow and assignment_threshold_counting.

use super::*;

// Approval workflow

/// `approval_workflow_transition`: draft -> pending_review -> approved | rejected | flagged;
/// flagged -> approved | rejected.
pub fn transition_allowed(from: Status, to: Status) -> bool {
    // The one declaration of the approval workflow: the activities' state machine.
    <activities::Entity as crate::authz::Secured>::write_rules()
        .machine
        .is_some_and(|m| m.find(status_name(from), status_name(to)).is_some())
}

pub(super) fn transition_error(message: impl Into<String>) -> ApiError {
    bad("status", "approval_workflow_transition", message)
}

pub(super) fn check_notes(field: &str, notes: Option<String>) -> ApiResult<Option<String>> {
    let notes = trimmed(notes);
    validation::text_max(field, notes.as_deref(), NOTES_MAX_CHARS, "notes_length")?;
    Ok(notes)
}

/// Only APPROVE_ACTIVITIES holders (coordinators and org admins by default) decide.
pub(super) fn require_approver(viewer: &Viewer) -> ApiResult<()> {
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
pub(super) async fn change_status(
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

pub(super) async fn open_flags(
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
pub(super) async fn ensure_documented(
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
pub(super) async fn notify_decision(
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
    let text =
        crate::workflows::messages::activity_decided(&calendar, approved, activity.activity_date);
    let kind = entity::activity_types::Entity::find_by_id(activity.activity_type_id)
        .one(txn)
        .await?
        .map(|t| t.name)
        .unwrap_or_default();
    let notice = Notice {
        category: NotificationCategory::Activity,
        channel: NotificationChannel::InApp,
        title: text.title,
        body: text.body,
        related: Some(("activities", activity.id)),
        data: json!({ "activityId": activity.id, "status": outcome }),
        rule: "mentor_notified_on_decision",
        scenario: Some(Scenario {
            trigger: Trigger::ActivityReviewed,
            offset_days: None,
            values: crate::workflows::messages::activity_decided_values(
                &calendar,
                approved,
                activity.activity_date,
                kind,
            ),
            fixed_channel: false,
        }),
    };
    notifications::notify(
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

pub(super) async fn close_flag(
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
    validation::text_not_blank("reason", Some(&reason), "required_fields")?;
    validation::text_max("reason", Some(&reason), NOTES_MAX_CHARS, "reason_length")?;
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

// assignment_threshold_counting

/// Assignment statuses under which an activity can be carried out for the assignment.
pub(super) const COUNTABLE_ASSIGNMENT_STATUSES: [assignments::AssignmentStatus; 5] = [
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
pub(super) async fn count_toward_assignment(
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
