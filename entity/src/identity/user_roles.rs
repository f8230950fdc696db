//! `user_roles` (scope T): a role held by a user in an organization, optionally narrowed to one
//! local association.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A role assignment of a user.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "UserRolesRow")
)]
#[sea_orm(table_name = "user_roles")]
pub struct Model {
    /// Unique identifier of the role assignment.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The user holding the role.
    pub user_id: Uuid,
    /// The role held.
    pub role_id: Uuid,
    /// Organization the role is held in (None only for platform roles such as global_admin).
    pub organization_id: Option<Uuid>,
    /// Local association the role is narrowed to (None = not narrowed).
    pub local_association_id: Option<Uuid>,
    /// When the assignment expires (None = no expiry).
    pub valid_until: Option<DateTimeUtc>,
    /// When the assignment was revoked (None = not revoked).
    pub revoked_at: Option<DateTimeUtc>,
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
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_user_roles_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::roles::Entity",
        from = "Column::RoleId",
        to = "crate::roles::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_user_roles_role_id"
    )]
    Roles,
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_user_roles_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_user_roles_local_association_id"
    )]
    LocalAssociations,
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<crate::roles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Roles.def()
    }
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::local_associations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LocalAssociations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
