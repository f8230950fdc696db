//! `achievement_badges` (scope T): badge definitions with a quantifiable criterion that peer
//! mentors earn (awards are in `user_badges`).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The quantity a badge criterion measures.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum AchievementBadgeMetric {
    /// Number of approved activities registered.
    #[sea_orm(string_value = "activity_count")]
    ActivityCount,
    /// Hours spent on approved activities.
    #[sea_orm(string_value = "activity_hours")]
    ActivityHours,
    /// Number of different contacts supported.
    #[sea_orm(string_value = "unique_contacts")]
    UniqueContacts,
    /// Number of events attended or organized.
    #[sea_orm(string_value = "events_attended")]
    EventsAttended,
    /// Number of courses completed.
    #[sea_orm(string_value = "courses_completed")]
    CoursesCompleted,
    /// Number of new members recruited through the mentor's referral link.
    #[sea_orm(string_value = "recruitments")]
    Recruitments,
    /// Full years as an active peer mentor.
    #[sea_orm(string_value = "years_active")]
    YearsActive,
}

/// The time window a badge criterion is measured over.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum AchievementBadgeWindow {
    /// Everything since the mentor started.
    #[sea_orm(string_value = "all_time")]
    AllTime,
    /// One calendar year; the badge can be earned again each year.
    #[sea_orm(string_value = "calendar_year")]
    CalendarYear,
}

/// A badge or recognition title an organization awards when a mentor reaches a milestone
/// (e.g. "50 besøk", "Ett år som likeperson").
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "AchievementBadgesRow")
)]
#[sea_orm(table_name = "achievement_badges")]
pub struct Model {
    /// Unique identifier of the badge definition.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) defining the badge.
    pub organization_id: Uuid,
    /// Stable key of the badge within the organization (e.g. "visits_50").
    pub key: String,
    /// Display name of the badge.
    pub name: String,
    /// What the badge recognizes, shown on the achievements screen.
    pub description: Option<String>,
    /// Name of the badge's icon in the app's icon set.
    pub icon: String,
    /// The quantity the criterion measures.
    pub metric: AchievementBadgeMetric,
    /// Value of the metric that earns the badge (at least 1).
    pub threshold: i32,
    /// The time window the metric is measured over.
    pub measurement_window: AchievementBadgeWindow,
    /// Position on the achievements screen (ascending).
    pub sort_order: i32,
    /// Whether the badge can currently be earned.
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
        fk_name = "fk_achievement_badges_organization_id"
    )]
    Organizations,
    #[sea_orm(has_many = "crate::user_badges::Entity")]
    UserBadges,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::user_badges::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserBadges.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
