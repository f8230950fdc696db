//! `local_associations` (scope T): lowest tier of the hierarchy (lokallag), under a region.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A local association (lokallag) of an organization.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "LocalAssociationsRow")
)]
#[sea_orm(table_name = "local_associations")]
pub struct Model {
    /// Unique identifier of the local association.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the local association belongs to.
    pub organization_id: Uuid,
    /// Region the local association belongs to (None when the organization has no regions).
    pub region_id: Option<Uuid>,
    /// Display name of the local association.
    pub name: String,
    /// Organization-internal code of the local association.
    pub code: Option<String>,
    /// Municipality (kommune) the local association covers.
    pub municipality: Option<String>,
    /// County (fylke) the local association lies in.
    pub county: Option<String>,
    /// Whether the local association is active.
    pub is_active: bool,
    /// Hash of the imported source record, for idempotent bulk re-import.
    pub import_hash: Option<String>,
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
        fk_name = "fk_local_associations_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::regions::Entity",
        from = "Column::RegionId",
        to = "crate::regions::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_local_associations_region_id"
    )]
    Regions,
    #[sea_orm(has_many = "crate::user_organization_memberships::Entity")]
    UserOrganizationMemberships,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::regions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Regions.def()
    }
}

impl Related<crate::user_organization_memberships::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserOrganizationMemberships.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
