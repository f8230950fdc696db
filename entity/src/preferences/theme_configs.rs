//! `theme_configs` (scope U): one row per user and organization with display settings.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Contrast theme of the user interface.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ContrastTheme {
    /// The standard theme.
    #[sea_orm(string_value = "standard")]
    Standard,
    /// High-contrast theme (WCAG 2.2 AA or better).
    #[sea_orm(string_value = "high_contrast")]
    HighContrast,
}

/// Light/dark colour scheme of the user interface.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ColorScheme {
    /// Follow the device setting.
    #[sea_orm(string_value = "system")]
    System,
    /// Always light.
    #[sea_orm(string_value = "light")]
    Light,
    /// Always dark.
    #[sea_orm(string_value = "dark")]
    Dark,
}

/// A user's theme settings in an organization.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ThemeConfigsRow")
)]
#[sea_orm(table_name = "theme_configs")]
pub struct Model {
    /// Unique identifier of the theme settings row.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the settings apply in.
    pub organization_id: Uuid,
    /// The user the settings belong to.
    pub user_id: Uuid,
    /// Font scale factor (0.8 to 2.0; 1.0 = default size).
    pub font_scale: f64,
    /// Contrast theme.
    pub contrast_theme: ContrastTheme,
    /// Light/dark colour scheme.
    pub color_scheme: ColorScheme,
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
        fk_name = "fk_theme_configs_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_theme_configs_user_id"
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
