//! `regions` (scope T): mid tier of the hierarchy, belongs to a national association.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A region within a national association.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "RegionsRow")
)]
#[sea_orm(table_name = "regions")]
pub struct Model {
    /// Unique identifier of the region.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the region belongs to.
    pub organization_id: Uuid,
    /// National association the region belongs to.
    pub national_association_id: Uuid,
    /// Display name of the region.
    pub name: String,
    /// Organization-internal code of the region.
    pub code: Option<String>,
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
        fk_name = "fk_regions_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::national_associations::Entity",
        from = "Column::NationalAssociationId",
        to = "crate::national_associations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_regions_national_association_id"
    )]
    NationalAssociations,
    #[sea_orm(has_many = "crate::local_associations::Entity")]
    LocalAssociations,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::national_associations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::NationalAssociations.def()
    }
}

impl Related<crate::local_associations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LocalAssociations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
