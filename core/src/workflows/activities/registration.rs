//! Activities: system writes and registration.

use super::*;

// System writes

/// `audit_trail_on_status_change` and the rest of the activity's history: one append-only
/// `activity_logs` row (actor, previous and new status, changes, notes).
#[allow(clippy::too_many_arguments)]
pub(super) async fn log(
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

// Registration

/// A registered activity and the warnings of rules that held but want attention.
#[derive(Debug, Clone)]
pub struct Registered {
    pub activity: activities::Model,
    pub warnings: Vec<Warning>,
}

pub(super) fn organization_of(viewer: &Viewer) -> ApiResult<Uuid> {
    viewer
        .organization_id
        .ok_or_else(|| ApiError::forbidden("sign in to an organization to register activities"))
}

/// The organization's settings row, if any.
pub(super) async fn org_settings<C: ConnectionTrait>(
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
    validation::text_max(
        "reason",
        proxy_reason.as_deref(),
        NOTES_MAX_CHARS,
        "reason_length",
    )?;
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
pub(super) async fn detect_duplicate(
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
