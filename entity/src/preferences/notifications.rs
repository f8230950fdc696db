//! `notifications` (scope U): notifications delivered to a user (in-app, push, email, SMS):
//! assignment alerts, activity reminders, certificate expiry warnings, achievements. Each row
//! tracks delivery status and read state, and the scenario that produced it.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Channel a notification is delivered on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum NotificationChannel {
    /// The notification list inside the app.
    #[sea_orm(string_value = "in_app")]
    InApp,
    /// Push notification to the user's devices.
    #[sea_orm(string_value = "push")]
    Push,
    /// Email.
    #[sea_orm(string_value = "email")]
    Email,
    /// SMS.
    #[sea_orm(string_value = "sms")]
    Sms,
}

/// Subject area of a notification (drives the icon and the push category toggle).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum NotificationCategory {
    /// Assignment alerts.
    #[sea_orm(string_value = "assignment")]
    Assignment,
    /// Activity reminders and approval outcomes.
    #[sea_orm(string_value = "activity")]
    Activity,
    /// Certificate expiry warnings.
    #[sea_orm(string_value = "certification")]
    Certification,
    /// Events and workshops.
    #[sea_orm(string_value = "event")]
    Event,
    /// Expense report outcomes.
    #[sea_orm(string_value = "expense")]
    Expense,
    /// Badges and other achievements (gamification).
    #[sea_orm(string_value = "achievement")]
    Achievement,
    /// Messages from the organization or the platform.
    #[sea_orm(string_value = "system")]
    System,
}

/// Delivery status of a notification.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum NotificationStatus {
    /// Waiting to be sent.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Handed to the channel's delivery service.
    #[sea_orm(string_value = "sent")]
    Sent,
    /// The delivery service confirmed delivery.
    #[sea_orm(string_value = "delivered")]
    Delivered,
    /// Delivery failed (see `failure_reason`).
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// A notification delivered to a user.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "NotificationsRow")
)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    /// Unique identifier of the notification.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the notification was sent in.
    pub organization_id: Uuid,
    /// The recipient.
    pub user_id: Uuid,
    /// Scenario that produced the notification (None = sent by hand or by the platform).
    pub scenario_id: Option<Uuid>,
    /// Channel the notification is delivered on.
    pub channel: NotificationChannel,
    /// Subject area of the notification.
    pub category: NotificationCategory,
    /// Title of the notification.
    pub title: String,
    /// Text of the notification (never sensitive personal data: it may show on a lock screen).
    pub body: String,
    /// Type of the entity the notification is about (e.g. "assignments").
    pub related_entity_type: Option<String>,
    /// Identifier of the entity the notification is about.
    pub related_entity_id: Option<Uuid>,
    /// Extra data for the app as a JSON object (e.g. the deep link to open).
    #[sea_orm(column_type = "JsonBinary")]
    pub data: Json,
    /// Delivery status.
    pub status: NotificationStatus,
    /// When the notification was handed to the delivery service.
    pub sent_at: Option<DateTimeUtc>,
    /// When delivery was confirmed.
    pub delivered_at: Option<DateTimeUtc>,
    /// When the recipient read the notification (None = unread).
    pub read_at: Option<DateTimeUtc>,
    /// Why delivery failed (None unless `status` is failed).
    pub failure_reason: Option<String>,
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
        fk_name = "fk_notifications_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_notifications_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::notification_scenarios::Entity",
        from = "Column::ScenarioId",
        to = "crate::notification_scenarios::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_notifications_scenario_id"
    )]
    NotificationScenarios,
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

impl Related<crate::notification_scenarios::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::NotificationScenarios.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
