//! `calendar_integrations` (scope U): a user's connection to an external calendar (Google,
//! Microsoft, Apple/iCloud, device calendar) with its OAuth tokens, stored encrypted and
//! write-only, and sync settings for turning calendar events into activities and back.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Calendar service of an integration.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CalendarProvider {
    /// Google Calendar (OAuth).
    #[sea_orm(string_value = "google")]
    Google,
    /// Microsoft 365 / Outlook calendar (OAuth via Microsoft Graph).
    #[sea_orm(string_value = "microsoft")]
    Microsoft,
    /// Apple iCloud calendar (CalDAV with an app-specific password).
    #[sea_orm(string_value = "apple")]
    Apple,
    /// The phone's own calendar, read on the device; no server-side tokens.
    #[sea_orm(string_value = "device")]
    Device,
}

/// Which way events flow between Meander and the calendar.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CalendarSyncDirection {
    /// Calendar events are offered as draft activities; nothing is written to the calendar.
    #[sea_orm(string_value = "import")]
    Import,
    /// Activities are written to the calendar; calendar events are not read.
    #[sea_orm(string_value = "export")]
    Export,
    /// Both directions.
    #[sea_orm(string_value = "two_way")]
    TwoWay,
}

/// Outcome of the latest sync run.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CalendarSyncStatus {
    /// The last sync succeeded.
    #[sea_orm(string_value = "ok")]
    Ok,
    /// The last sync failed (see `last_sync_error`); it is retried.
    #[sea_orm(string_value = "failed")]
    Failed,
    /// The provider refused the tokens; the user must connect the calendar again.
    #[sea_orm(string_value = "reauthorization_required")]
    ReauthorizationRequired,
}

/// A user's calendar connection.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "CalendarIntegrationsRow")
)]
#[sea_orm(table_name = "calendar_integrations")]
pub struct Model {
    /// Unique identifier of the integration.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the integration was set up in.
    pub organization_id: Uuid,
    /// The user whose calendar is connected.
    pub user_id: Uuid,
    /// Calendar service.
    pub provider: CalendarProvider,
    /// Label of the connected account shown to the user (e.g. "Jobbkalender").
    pub account_label: Option<String>,
    /// Identifier of the chosen calendar at the provider (None = the primary calendar).
    pub external_calendar_id: Option<String>,
    /// OAuth access token, encrypted (base64 ciphertext); secret, never exposed.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub access_token_ciphertext: Option<String>,
    /// OAuth refresh token (or CalDAV app password), encrypted (base64 ciphertext); secret,
    /// never exposed.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub refresh_token_ciphertext: Option<String>,
    /// When the access token expires.
    pub token_expires_at: Option<DateTimeUtc>,
    /// OAuth scopes granted, space separated.
    pub granted_scopes: Option<String>,
    /// Which way events flow.
    pub sync_direction: CalendarSyncDirection,
    /// Whether syncing is switched on.
    pub sync_enabled: bool,
    /// How many days back calendar events are considered (0 to 365).
    pub lookback_days: i32,
    /// When the last sync ran.
    pub last_synced_at: Option<DateTimeUtc>,
    /// Outcome of the last sync (None before the first sync).
    pub last_sync_status: Option<CalendarSyncStatus>,
    /// Error message of the last failed sync (never contains tokens).
    pub last_sync_error: Option<String>,
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
        fk_name = "fk_calendar_integrations_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_calendar_integrations_user_id"
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
