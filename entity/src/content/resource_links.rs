//! `resource_links` (scope T): curated links to external resources, websites and tools that an
//! organization shows to its peer mentors and coordinators in the app.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Who a resource link is shown to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ResourceLinkAudience {
    /// Everyone in the organization.
    #[sea_orm(string_value = "everyone")]
    Everyone,
    /// Peer mentors only.
    #[sea_orm(string_value = "peer_mentors")]
    PeerMentors,
    /// Coordinators and administrators only.
    #[sea_orm(string_value = "coordinators")]
    Coordinators,
}

/// A curated external link shown in the app.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ResourceLinksRow")
)]
#[sea_orm(table_name = "resource_links")]
pub struct Model {
    /// Unique identifier of the link.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the link belongs to.
    pub organization_id: Uuid,
    /// Title shown in the app.
    pub title: String,
    /// Address of the resource (http or https).
    pub url: String,
    /// Short description shown under the title.
    pub description: Option<String>,
    /// Category the link is grouped under (e.g. "Rettigheter", "Hjelpemidler").
    pub category: Option<String>,
    /// Who the link is shown to.
    pub audience: ResourceLinkAudience,
    /// Position within the category, lowest first (0 or more).
    pub sort_order: i32,
    /// Whether the link is shown in the app (false = draft).
    pub is_published: bool,
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
        fk_name = "fk_resource_links_organization_id"
    )]
    Organizations,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
