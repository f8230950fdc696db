//! Encrypted assignments: the recipient, the trail of dispatches, one status move, the notice.

use super::*;

/// The assignment as its recipient: NOT_FOUND when the viewer cannot see it, FORBIDDEN when
/// they see it (a coordinator) but are not the recipient.
pub(super) async fn load_as_recipient(
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
pub(super) async fn consenting_profile<C: ConnectionTrait>(
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
pub(super) async fn latest_dispatch(
    txn: &DatabaseTransaction,
    assignment: Uuid,
) -> ApiResult<Option<Uuid>> {
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
pub(super) async fn append_dispatch(
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
pub(super) async fn transition(
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

pub(super) async fn notify_recipient(
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
    let text = crate::workflows::messages::assignment_dispatched(&calendar, &dispatcher);
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
