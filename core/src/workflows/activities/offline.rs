//! Activities: offline sync.

use super::*;

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

pub(super) fn check_key(key: &OfflineKey) -> ApiResult<()> {
    for (field, value) in [("deviceId", &key.device_id), ("clientId", &key.client_id)] {
        validation::text_not_blank(field, Some(value), "required_fields")?;
        validation::text_max(field, Some(value), CLIENT_KEY_MAX_CHARS, "required_fields")?;
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

pub(super) fn differs(server: &activities::Model, new: &NewActivity) -> bool {
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
pub(super) async fn synced_from_another_device<C: ConnectionTrait>(
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
pub(super) async fn record_device_mapping(
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
