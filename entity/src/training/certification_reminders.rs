//! `certification_reminders` (scope T): reminders scheduled before a certification expires.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Channel a certification reminder is delivered through.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CertificationReminderChannel {
    /// Push notification to the mobile app.
    #[sea_orm(string_value = "push")]
    Push,
    /// Email.
    #[sea_orm(string_value = "email")]
    Email,
    /// Text message.
    #[sea_orm(string_value = "sms")]
    Sms,
    /// Notification inside the app only.
    #[sea_orm(string_value = "in_app")]
    InApp,
}

/// Delivery state of a certification reminder.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CertificationReminderStatus {
    /// Waiting for its send time.
    #[sea_orm(string_value = "scheduled")]
    Scheduled,
    /// Sent to the user.
    #[sea_orm(string_value = "sent")]
    Sent,
    /// Cancelled (e.g. the certification was renewed first).
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
    /// Delivery failed.
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// A reminder scheduled before a certification expires.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "CertificationRemindersRow")
)]
#[sea_orm(table_name = "certification_reminders")]
pub struct Model {
    /// Unique identifier of the reminder.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the reminder belongs to.
    pub organization_id: Uuid,
    /// The user to remind (the certification holder).
    pub user_id: Uuid,
    /// The certification about to expire.
    pub certification_id: Uuid,
    /// When the reminder is to be sent.
    pub remind_at: DateTimeUtc,
    /// How many days before the expiry date the reminder is sent (0 to 365).
    pub days_before_expiry: i32,
    /// Channel the reminder is delivered through.
    pub channel: CertificationReminderChannel,
    /// Delivery state of the reminder.
    pub status: CertificationReminderStatus,
    /// When the reminder was sent (None until sent).
    pub sent_at: Option<DateTimeUtc>,
    /// Whether the user's coordinator is notified as well.
    pub notify_coordinator: bool,
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
        fk_name = "fk_certification_reminders_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_certification_reminders_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::certifications::Entity",
        from = "Column::CertificationId",
        to = "crate::certifications::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_certification_reminders_certification_id"
    )]
    Certifications,
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

impl Related<crate::certifications::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Certifications.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
