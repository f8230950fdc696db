//! Encrypted assignments: what the coordinator does (dispatch, delivery, cancel).

use super::*;

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
