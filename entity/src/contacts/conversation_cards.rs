//! `conversation_cards` (scope T): guided conversation prompt cards peer mentors use in sessions.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A conversation prompt card of an organization.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ConversationCardsRow")
)]
#[sea_orm(table_name = "conversation_cards")]
pub struct Model {
    /// Unique identifier of the card.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the card belongs to.
    pub organization_id: Uuid,
    /// Topic group the card is shown under (e.g. "hverdagsliv", "arbeid", "familie").
    pub category: String,
    /// Title of the card.
    pub title: String,
    /// The opening prompt or question the mentor reads out.
    pub prompt: String,
    /// Follow-up questions, as a JSON array of strings.
    #[sea_orm(column_type = "JsonBinary")]
    pub follow_up_questions: Json,
    /// Guidance for the mentor on using the card (never shown to the contact).
    pub mentor_guidance: Option<String>,
    /// Locale of the card's text (e.g. "nb-NO").
    pub locale: String,
    /// Position of the card within its category (ascending).
    pub sort_order: i32,
    /// Whether the card is shown in the app.
    pub is_active: bool,
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
        fk_name = "fk_conversation_cards_organization_id"
    )]
    Organizations,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
