//! `push_notification_configs` (scope U): one row per user and device for push delivery: the
//! FCM/APNs device token (write-only), the platform and per-category toggles.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Platform a push device runs on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum PushDevicePlatform {
    /// Apple iOS / iPadOS.
    #[sea_orm(string_value = "ios")]
    Ios,
    /// Google Android.
    #[sea_orm(string_value = "android")]
    Android,
    /// A browser (web push).
    #[sea_orm(string_value = "web")]
    Web,
}

/// Push service that delivers to a device.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum PushProvider {
    /// Firebase Cloud Messaging.
    #[sea_orm(string_value = "fcm")]
    Fcm,
    /// Apple Push Notification service.
    #[sea_orm(string_value = "apns")]
    Apns,
}

/// Push notification settings of one of a user's devices.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "PushNotificationConfigsRow")
)]
#[sea_orm(table_name = "push_notification_configs")]
pub struct Model {
    /// Unique identifier of the device configuration.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the configuration applies in.
    pub organization_id: Uuid,
    /// The user the device belongs to.
    pub user_id: Uuid,
    /// Stable identifier of the device, as reported by the app.
    pub device_id: String,
    /// Name of the device, as reported by the app.
    pub device_name: Option<String>,
    /// Platform the device runs on.
    pub platform: PushDevicePlatform,
    /// Push service that delivers to the device.
    pub provider: PushProvider,
    /// FCM registration token or APNs device token; secret, never exposed (write-only).
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub device_token: String,
    /// Version of the app on the device (e.g. "2.4.1").
    pub app_version: Option<String>,
    /// Master switch: no push is sent to the device while false.
    pub is_enabled: bool,
    /// Push for new and updated assignments.
    pub assignment_alerts: bool,
    /// Push reminders to register activities.
    pub activity_reminders: bool,
    /// Push warnings before a certificate expires.
    pub certificate_expiry_warnings: bool,
    /// Push for events and workshops the user signed up for.
    pub event_updates: bool,
    /// Push for badges and other achievements (gamification).
    pub achievements: bool,
    /// When the app last registered the token (tokens are refreshed by the app).
    pub token_registered_at: DateTimeUtc,
    /// When the push service last rejected the token (None = valid); no push is sent after that.
    pub token_invalidated_at: Option<DateTimeUtc>,
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
        fk_name = "fk_push_notification_configs_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_push_notification_configs_user_id"
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
