//! `audit_events` (scope T, append-only): tamper-evident, hash-chained log of significant and
//! security events. Rows are never updated or deleted, so there is no `deleted_at`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One entry of an organization's (or the platform's) hash-chained audit log.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "AuditEventsRow")
)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    /// Unique identifier of the audit event.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization the event belongs to (None = platform-level event).
    pub organization_id: Option<Uuid>,
    /// Position in the organization's chain, starting at 1.
    pub sequence: i64,
    /// User who performed the action (None = anonymous or system).
    pub actor_user_id: Option<Uuid>,
    /// What happened (e.g. "auth.login_failed", "users.update").
    pub action: String,
    /// Type of the entity acted on (e.g. "users").
    pub entity_type: Option<String>,
    /// Identifier of the entity acted on.
    pub entity_id: Option<Uuid>,
    /// Request identifier of the request that caused the event.
    pub request_id: Option<String>,
    /// IP address the request came from.
    pub ip_address: Option<String>,
    /// Event details as a JSON object (never secrets).
    #[sea_orm(column_type = "JsonBinary")]
    pub details: Json,
    /// Hash of the previous event in the chain (None for the first event).
    pub prev_hash: Option<String>,
    /// Hash of this event, covering its content and `prev_hash`.
    pub hash: String,
    /// When the row was created.
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
        fk_name = "fk_audit_events_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::ActorUserId",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_audit_events_actor_user_id"
    )]
    ActorUser,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActorUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
