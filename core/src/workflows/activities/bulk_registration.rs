//! Activities: bulk registration.

use super::*;

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
pub(super) fn entry_error(i: usize, err: ApiError) -> ApiError {
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

pub(super) fn template_activity(t: &BulkTemplate) -> NewActivity {
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
pub(super) async fn check_batch(
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
