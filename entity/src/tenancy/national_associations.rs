//! `national_associations` (scope T): national branch/federation under an organization.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A national branch or federation of an organization.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "NationalAssociationsRow")
)]
#[sea_orm(table_name = "national_associations")]
pub struct Model {
    /// Unique identifier of the national association.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the national association belongs to.
    pub organization_id: Uuid,
    /// Display name of the national association.
    pub name: String,
    /// Organization-internal code, unique within the organization when set.
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
        fk_name = "fk_national_associations_organization_id"
    )]
    Organizations,
    #[sea_orm(has_many = "crate::regions::Entity")]
    Regions,
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

impl ActiveModelBehavior for ActiveModel {}
