//! `activity_logs` (scope T, append-only): every change to an activity (creation, edits, status
//! transitions, proxy and bulk registration) with actor, time, previous and new status and notes.
//! Rows are never updated or deleted, so there is no `deleted_at`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::activities::ActivityStatus;

/// What happened to the activity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ActivityLogAction {
    /// The activity was registered by its peer mentor.
    #[sea_orm(string_value = "created")]
    Created,
    /// A coordinator registered the activity on behalf of the peer mentor.
    #[sea_orm(string_value = "proxy_registered")]
    ProxyRegistered,
    /// The activity was created by a bulk registration.
    #[sea_orm(string_value = "bulk_registered")]
    BulkRegistered,
    /// Fields of the activity were edited (see `changes`).
    #[sea_orm(string_value = "updated")]
    Updated,
    /// The workflow status changed (see `previous_status` and `new_status`).
    #[sea_orm(string_value = "status_changed")]
    StatusChanged,
    /// A document was attached.
    #[sea_orm(string_value = "document_added")]
    DocumentAdded,
    /// A document was removed.
    #[sea_orm(string_value = "document_removed")]
    DocumentRemoved,
    /// The activity was synced from an offline device.
    #[sea_orm(string_value = "synced")]
    Synced,
    /// The activity was deleted.
    #[sea_orm(string_value = "deleted")]
    Deleted,
}

/// One entry of an activity's change history.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ActivityLogsRow")
)]
#[sea_orm(table_name = "activity_logs")]
pub struct Model {
    /// Unique identifier of the log entry.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the entry belongs to.
    pub organization_id: Uuid,
    /// The activity that changed.
    pub activity_id: Uuid,
    /// User who made the change (None for system changes such as duplicate detection).
    pub actor_user_id: Option<Uuid>,
    /// What happened.
    pub action: ActivityLogAction,
    /// Status before the change (None when the status did not change or on creation).
    pub previous_status: Option<ActivityStatus>,
    /// Status after the change (None when the status did not change).
    pub new_status: Option<ActivityStatus>,
    /// Changed fields as a JSON object `{field: {from, to}}` (None when nothing but the status
    /// changed).
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub changes: Option<Json>,
    /// Optional note by the actor, e.g. the reason for a rejection.
    pub notes: Option<String>,
    /// When the row was created (the time of the change).
    pub created_at: DateTimeUtc,
    /// When the row was last updated (equals `created_at`: the table is append-only).
    pub updated_at: DateTimeUtc,
    /// User who created the row (None for system writes).
    pub created_by_id: Option<Uuid>,
    /// User who last updated the row (None for system writes).
    pub updated_by_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_activity_logs_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::activities::Entity",
        from = "Column::ActivityId",
        to = "crate::activities::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_activity_logs_activity_id"
    )]
    Activities,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::ActorUserId",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_activity_logs_actor_user_id"
    )]
    ActorUser,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::activities::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Activities.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActorUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
