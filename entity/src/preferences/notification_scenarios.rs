//! `notification_scenarios` (scope T): an organization's rules that trigger automatic
//! notifications (e.g. "certificate expires in 10 days", "assignment not opened after 2 days").

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The domain event or date a notification scenario reacts to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum NotificationScenarioTrigger {
    /// A new encrypted assignment was dispatched to the peer mentor.
    #[sea_orm(string_value = "assignment_dispatched")]
    AssignmentDispatched,
    /// A dispatched assignment has not been opened `offset_days` after dispatch.
    #[sea_orm(string_value = "assignment_unopened")]
    AssignmentUnopened,
    /// A certificate expires `offset_days` from now.
    #[sea_orm(string_value = "certificate_expiry")]
    CertificateExpiry,
    /// No activity registered for `offset_days`.
    #[sea_orm(string_value = "activity_reminder")]
    ActivityReminder,
    /// An activity was approved or rejected.
    #[sea_orm(string_value = "activity_reviewed")]
    ActivityReviewed,
    /// An expense report was approved or rejected.
    #[sea_orm(string_value = "expense_reviewed")]
    ExpenseReviewed,
    /// An event or workshop starts `offset_days` from now.
    #[sea_orm(string_value = "event_reminder")]
    EventReminder,
    /// An honorarium threshold was crossed (e.g. the 3rd or 15th assignment).
    #[sea_orm(string_value = "honorarium_threshold")]
    HonorariumThreshold,
    /// A badge was awarded.
    #[sea_orm(string_value = "badge_awarded")]
    BadgeAwarded,
}

/// A rule that sends notifications automatically.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "NotificationScenariosRow")
)]
#[sea_orm(table_name = "notification_scenarios")]
pub struct Model {
    /// Unique identifier of the scenario.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the scenario belongs to.
    pub organization_id: Uuid,
    /// Stable key of the scenario, unique within the organization (e.g. "certificate_expiry_10d").
    pub key: String,
    /// Display name of the scenario (shown in notification preferences).
    pub name: String,
    /// What the scenario does, for administrators.
    pub description: Option<String>,
    /// Event or date the scenario reacts to.
    pub trigger: NotificationScenarioTrigger,
    /// Days before (positive) or after (negative) the triggering date; None for event triggers.
    pub offset_days: Option<i32>,
    /// Role key of the recipients (e.g. "peer_mentor", "coordinator"; None = the user concerned).
    pub recipient_role: Option<String>,
    /// Channels the scenario sends on, as a JSON array of channel names (e.g. ["push", "email"]).
    #[sea_orm(column_type = "JsonBinary")]
    pub channels: Json,
    /// Title template of the notification (placeholders like `{{certificate}}`).
    pub title_template: String,
    /// Body template of the notification (placeholders like `{{expires_on}}`).
    pub body_template: String,
    /// Whether the scenario is active.
    pub is_enabled: bool,
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
        fk_name = "fk_notification_scenarios_organization_id"
    )]
    Organizations,
    #[sea_orm(has_many = "crate::notifications::Entity")]
    Notifications,
    #[sea_orm(has_many = "crate::notification_preferences::Entity")]
    NotificationPreferences,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::notifications::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Notifications.def()
    }
}

impl Related<crate::notification_preferences::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::NotificationPreferences.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
