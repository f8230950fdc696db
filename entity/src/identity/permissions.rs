//! `permissions` (scope G): flat catalog of `ACTION_RESOURCE` permissions.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One permission of the catalog (e.g. READ_ACTIVITIES).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "PermissionsRow")
)]
#[sea_orm(table_name = "permissions")]
pub struct Model {
    /// Unique identifier of the permission.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique permission name `ACTION_RESOURCE` (e.g. READ_ACTIVITIES).
    #[sea_orm(unique)]
    pub name: String,
    /// Action part of the permission (READ, CREATE, UPDATE, DELETE, APPROVE, ...).
    pub action: String,
    /// Resource part of the permission (e.g. ACTIVITIES).
    pub resource: String,
    /// Description of what the permission allows.
    pub description: Option<String>,
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
    #[sea_orm(has_many = "crate::role_permissions::Entity")]
    RolePermissions,
}

impl Related<crate::role_permissions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RolePermissions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
