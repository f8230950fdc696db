//! `notification_preferences` (scope U): a user's opt-in/opt-out per channel, either for the
//! whole channel (`scenario_id` None) or for one notification scenario on that channel. A
//! scenario-level row overrides the channel-level row.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One opt-in/opt-out setting of a user.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "NotificationPreferencesRow")
)]
#[sea_orm(table_name = "notification_preferences")]
pub struct Model {
    /// Unique identifier of the preference.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the preference applies in.
    pub organization_id: Uuid,
    /// The user the preference belongs to.
    pub user_id: Uuid,
    /// Channel the preference is about.
    pub channel: crate::notifications::NotificationChannel,
    /// Scenario the preference is about (None = every notification on the channel).
    pub scenario_id: Option<Uuid>,
    /// Whether the user wants these notifications (false = opted out).
    pub is_enabled: bool,
    /// Start of the quiet hours, minutes after local midnight (0 to 1439; None = no quiet hours).
    pub quiet_hours_start_minute: Option<i32>,
    /// End of the quiet hours, minutes after local midnight (0 to 1439; None = no quiet hours).
    pub quiet_hours_end_minute: Option<i32>,
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
        fk_name = "fk_notification_preferences_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_notification_preferences_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::notification_scenarios::Entity",
        from = "Column::ScenarioId",
        to = "crate::notification_scenarios::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_notification_preferences_scenario_id"
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
