//! `org_labels` (scope T): per-organization terminology overrides per label key and locale.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An organization's own word for a label key in one locale ("Contact" -> "Medlem").
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "OrgLabelsRow")
)]
#[sea_orm(table_name = "org_labels")]
pub struct Model {
    /// Unique identifier of the label override.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the label override belongs to.
    pub organization_id: Uuid,
    /// Key of the label being overridden (e.g. "contact.singular").
    pub label_key: String,
    /// Locale of the override (e.g. "nb-NO").
    pub locale: String,
    /// The organization's text for the label in that locale.
    pub value: String,
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
        fk_name = "fk_org_labels_organization_id"
    )]
    Organizations,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
