//! `offline_id_mappings` (scope U): maps a temporary id a device generated for a row created
//! offline to the id the server assigned when the creation was synced. Later queued mutations
//! that name the temporary id are rewritten through it, and replays stay idempotent.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A device's temporary id and the server id it became.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "OfflineIdMappingsRow")
)]
#[sea_orm(table_name = "offline_id_mappings")]
pub struct Model {
    /// Unique identifier of the mapping.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the row was created in.
    pub organization_id: Uuid,
    /// The user whose device created the row.
    pub user_id: Uuid,
    /// Stable identifier of the device, as reported by the app.
    pub device_id: String,
    /// Table of the created row (e.g. "activities").
    pub entity_type: String,
    /// Temporary id the device generated, unique per user, device and table.
    pub client_id: String,
    /// Id the server assigned to the row.
    pub server_id: Uuid,
    /// Queue entry whose replay created the row (None when created another way).
    pub sync_queue_entry_id: Option<Uuid>,
    /// When the device may forget the mapping (None = keep).
    pub expires_at: Option<DateTimeUtc>,
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
        fk_name = "fk_offline_id_mappings_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_offline_id_mappings_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::offline_sync_queue::Entity",
        from = "Column::SyncQueueEntryId",
        to = "crate::offline_sync_queue::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_offline_id_mappings_sync_queue_entry_id"
    )]
    OfflineSyncQueue,
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

impl Related<crate::offline_sync_queue::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OfflineSyncQueue.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
