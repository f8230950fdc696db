//! Encrypted assignments: what the recipient does (open, accept or decline, complete).

use super::*;

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
    let counted =
        if crate::workflows::activities::assignment_counted_by_activity(txn, &a, None).await? {
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
