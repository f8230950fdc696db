//! `faq_entries` (scope T): questions and answers on the app's FAQ screen, per organization,
//! grouped by category and ordered.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A frequently asked question and its answer.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "FaqEntriesRow")
)]
#[sea_orm(table_name = "faq_entries")]
pub struct Model {
    /// Unique identifier of the FAQ entry.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the entry belongs to.
    pub organization_id: Uuid,
    /// The question.
    pub question: String,
    /// The answer (plain text with line breaks).
    pub answer: String,
    /// Category the entry is grouped under (e.g. "Aktiviteter", "Utlegg").
    pub category: Option<String>,
    /// Language of the entry (e.g. "nb-NO").
    pub locale: String,
    /// Position within the category, lowest first (0 or more).
    pub sort_order: i32,
    /// Whether the entry is shown in the app (false = draft).
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
        fk_name = "fk_faq_entries_organization_id"
    )]
    Organizations,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
