//! `organization_relationships` (scope G): parent/child links between organizations.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How a child organization relates to its parent.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum RelationshipType {
    /// The child is a member of the parent.
    #[sea_orm(string_value = "member_of")]
    MemberOf,
    /// The parent is an umbrella organization over the child.
    #[sea_orm(string_value = "umbrella_of")]
    UmbrellaOf,
    /// The two organizations are partners.
    #[sea_orm(string_value = "partner_of")]
    PartnerOf,
}

/// A directed link from a parent organization to a child organization.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "OrganizationRelationshipsRow")
)]
#[sea_orm(table_name = "organization_relationships")]
pub struct Model {
    /// Unique identifier of the relationship.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The parent organization.
    pub parent_organization_id: Uuid,
    /// The child organization (never the parent itself).
    pub child_organization_id: Uuid,
    /// Kind of link between parent and child.
    pub relationship_type: RelationshipType,
    /// First day the relationship is valid (None = since always).
    pub valid_from: Option<Date>,
    /// Last day the relationship is valid (None = open-ended).
    pub valid_to: Option<Date>,
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

/// Both relations point at `organizations`, so no `Related` impl is given; use
/// `Relation::ParentOrganization.def()` / `Relation::ChildOrganization.def()` in joins.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::ParentOrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_organization_relationships_parent_organization_id"
    )]
    ParentOrganization,
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::ChildOrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_organization_relationships_child_organization_id"
    )]
    ChildOrganization,
}

impl ActiveModelBehavior for ActiveModel {}
