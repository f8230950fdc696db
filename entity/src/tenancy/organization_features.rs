//! `organization_features` (scope T): per-organization feature flags that gate modules.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An on/off flag for one feature area of one organization.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "OrganizationFeaturesRow")
)]
#[sea_orm(table_name = "organization_features")]
pub struct Model {
    /// Unique identifier of the feature flag.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the flag belongs to.
    pub organization_id: Uuid,
    /// Key of the feature area (e.g. "expenses"), unique within the organization.
    pub feature_key: String,
    /// Whether the feature area is enabled for the organization.
    pub is_enabled: bool,
    /// Optional feature-specific configuration as JSON.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub config: Option<Json>,
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
        fk_name = "fk_organization_features_organization_id"
    )]
    Organizations,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
