//! `roles` (scope G/T): named permission sets; system roles have no organization.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How far a role's permissions reach in rows.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum RoleReach {
    /// Platform tables of all organizations (global admin).
    #[sea_orm(string_value = "platform")]
    Platform,
    /// Every row of the role holder's organization.
    #[sea_orm(string_value = "organization")]
    Organization,
    /// Rows of the local associations the role holder belongs to.
    #[sea_orm(string_value = "local_association")]
    LocalAssociation,
    /// Only the role holder's own rows.
    #[sea_orm(string_value = "own")]
    Own,
}

/// A named set of permissions (system role or organization-defined custom role).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "RolesRow")
)]
#[sea_orm(table_name = "roles")]
pub struct Model {
    /// Unique identifier of the role.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization that defined the role (None = system role).
    pub organization_id: Option<Uuid>,
    /// Stable key of the role (global_admin, org_admin, coordinator, peer_mentor or custom).
    pub key: String,
    /// Display name of the role.
    pub name: String,
    /// Description of the role.
    pub description: Option<String>,
    /// Whether this is a built-in system role.
    pub is_system: bool,
    /// How far the role's permissions reach in rows.
    pub reach: RoleReach,
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
        fk_name = "fk_roles_organization_id"
    )]
    Organizations,
    #[sea_orm(has_many = "crate::role_permissions::Entity")]
    RolePermissions,
    #[sea_orm(has_many = "crate::user_roles::Entity")]
    UserRoles,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::role_permissions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RolePermissions.def()
    }
}

impl Related<crate::user_roles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserRoles.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
