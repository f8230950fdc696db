//! `role_permissions` (scope G/T): role <-> permission, platform defaults and organization overrides.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A permission granted to (or, as an organization override, removed from) a role.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "RolePermissionsRow")
)]
#[sea_orm(table_name = "role_permissions")]
pub struct Model {
    /// Unique identifier of the role-permission link.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The role.
    pub role_id: Uuid,
    /// The permission.
    pub permission_id: Uuid,
    /// Organization whose override this is (None = the platform default).
    pub organization_id: Option<Uuid>,
    /// Whether the permission is granted (false = an organization override removing a default).
    pub is_granted: bool,
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
        belongs_to = "crate::roles::Entity",
        from = "Column::RoleId",
        to = "crate::roles::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_role_permissions_role_id"
    )]
    Roles,
    #[sea_orm(
        belongs_to = "crate::permissions::Entity",
        from = "Column::PermissionId",
        to = "crate::permissions::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_role_permissions_permission_id"
    )]
    Permissions,
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_role_permissions_organization_id"
    )]
    Organizations,
}

impl Related<crate::roles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Roles.def()
    }
}

impl Related<crate::permissions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Permissions.def()
    }
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
