//! `user_organization_memberships` (scope T): a user's membership of an organization and,
//! optionally, one of its local associations.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Status of a membership.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum MembershipStatus {
    /// The membership is in force.
    #[sea_orm(string_value = "active")]
    Active,
    /// The membership has ended or is suspended.
    #[sea_orm(string_value = "inactive")]
    Inactive,
    /// The membership awaits approval.
    #[sea_orm(string_value = "pending")]
    Pending,
}

/// A user's membership of an organization (and optionally one local association).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "UserOrganizationMembershipsRow")
)]
#[sea_orm(table_name = "user_organization_memberships")]
pub struct Model {
    /// Unique identifier of the membership.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The member.
    pub user_id: Uuid,
    /// Organization (tenant) the user is a member of.
    pub organization_id: Uuid,
    /// Local association the membership is in (None = the organization as a whole).
    pub local_association_id: Option<Uuid>,
    /// Status of the membership.
    pub status: MembershipStatus,
    /// Whether this is the user's primary membership.
    pub is_primary: bool,
    /// When the user joined.
    pub joined_at: Option<DateTimeUtc>,
    /// When the user left.
    pub left_at: Option<DateTimeUtc>,
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
        fk_name = "fk_user_organization_memberships_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_user_organization_memberships_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_user_organization_memberships_local_association_id"
    )]
    LocalAssociations,
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
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
