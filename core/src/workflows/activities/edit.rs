//! Activities: editing.

use super::*;

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
