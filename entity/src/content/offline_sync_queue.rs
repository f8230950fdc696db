//! `offline_sync_queue` (scope U): the server's record of each mutation a device queued while
//! offline and replayed on reconnect, with its outcome. `client_mutation_id` makes replays
//! idempotent: a second replay of the same entry finds this row and returns its outcome.
//! On conflict the server version wins (seed 003, offline_sync_conflict_resolution).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Kind of mutation queued on the device.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum OfflineSyncOperation {
    /// Creates a row (the device used a temporary id).
    #[sea_orm(string_value = "create")]
    Create,
    /// Updates a row.
    #[sea_orm(string_value = "update")]
    Update,
    /// Deletes a row.
    #[sea_orm(string_value = "delete")]
    Delete,
}

/// Outcome of a replayed offline mutation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum OfflineSyncStatus {
    /// Received, not processed yet.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Applied to the server data.
    #[sea_orm(string_value = "applied")]
    Applied,
    /// Conflicted with a newer server version; the server version was kept.
    #[sea_orm(string_value = "conflict")]
    Conflict,
    /// Refused (validation or permission); the device shows `error_message`.
    #[sea_orm(string_value = "rejected")]
    Rejected,
    /// Failed for a transient reason; the device may retry.
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// One replayed offline mutation of a device.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "OfflineSyncQueueRow")
)]
#[sea_orm(table_name = "offline_sync_queue")]
pub struct Model {
    /// Unique identifier of the queue entry.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the mutation was made in.
    pub organization_id: Uuid,
    /// The user who made the mutation on the device.
    pub user_id: Uuid,
    /// Stable identifier of the device, as reported by the app.
    pub device_id: String,
    /// Idempotency key the device gave the mutation, unique per user and device.
    pub client_mutation_id: String,
    /// Kind of mutation.
    pub operation: OfflineSyncOperation,
    /// Table the mutation targets (e.g. "activities").
    pub entity_type: String,
    /// Server id of the targeted row (for creates: the id assigned once applied).
    pub entity_id: Option<Uuid>,
    /// Temporary id the device gave a created row (None for updates and deletes).
    pub client_entity_id: Option<String>,
    /// The mutation's input as the device queued it, as a JSON object.
    #[sea_orm(column_type = "JsonBinary")]
    pub payload: Json,
    /// When the mutation was made on the device (device clock).
    pub queued_at: DateTimeUtc,
    /// Outcome of the replay.
    pub status: OfflineSyncStatus,
    /// How many times the device replayed the entry (1 or more).
    pub attempt_count: i32,
    /// When the server processed the entry (None while pending).
    pub processed_at: Option<DateTimeUtc>,
    /// Why the entry was rejected, conflicted or failed.
    pub error_message: Option<String>,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last updated.
    pub updated_at: DateTimeUtc,
    /// User who created the row (None for system writes).
    pub created_by_id: Option<Uuid>,
    /// User who last updated the row (None for system writes).
    pub updated_by_id: Option<Uuid>,
    /// When the row was soft-deleted (None while live).
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_offline_sync_queue_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_offline_sync_queue_user_id"
    )]
    Users,
    #[sea_orm(has_many = "crate::offline_id_mappings::Entity")]
    OfflineIdMappings,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<crate::offline_id_mappings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OfflineIdMappings.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
