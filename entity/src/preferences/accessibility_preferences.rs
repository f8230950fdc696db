//! `accessibility_preferences` (scope U): one row per user and organization.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A user's accessibility preferences in an organization.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "AccessibilityPreferencesRow")
)]
#[sea_orm(table_name = "accessibility_preferences")]
pub struct Model {
    /// Unique identifier of the preferences row.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the preferences apply in.
    pub organization_id: Uuid,
    /// The user the preferences belong to.
    pub user_id: Uuid,
    /// Whether the app is optimised for a screen reader.
    pub screen_reader_enabled: bool,
    /// Whether the simplified cognitive-accessibility mode is on.
    pub cognitive_mode: bool,
    /// Whether an audio warning is played before sensitive fields are read aloud.
    pub sensitive_field_audio_warnings: bool,
    /// Whether animations and motion are reduced.
    pub reduce_motion: bool,
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
        fk_name = "fk_accessibility_preferences_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_accessibility_preferences_user_id"
    )]
    Users,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
