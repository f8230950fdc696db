//! `user_badges` (scope T): badges awarded to users.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The award of an achievement badge to a user.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "UserBadgesRow")
)]
#[sea_orm(table_name = "user_badges")]
pub struct Model {
    /// Unique identifier of the award.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) in which the badge was earned.
    pub organization_id: Uuid,
    /// The user who earned the badge.
    pub user_id: Uuid,
    /// The badge awarded.
    pub achievement_badge_id: Uuid,
    /// Year the badge was earned for, for badges measured per calendar year (None for all-time
    /// badges). A badge is awarded at most once per user and year.
    pub period_year: Option<i32>,
    /// When the badge was awarded.
    pub awarded_at: DateTimeUtc,
    /// Value of the badge's metric when it was awarded.
    pub metric_value: Option<i32>,
    /// When the user first saw the award in the app (None = not seen yet, show the celebration).
    pub seen_at: Option<DateTimeUtc>,
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
        fk_name = "fk_user_badges_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_user_badges_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::achievement_badges::Entity",
        from = "Column::AchievementBadgeId",
        to = "crate::achievement_badges::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_user_badges_achievement_badge_id"
    )]
    AchievementBadges,
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

impl Related<crate::achievement_badges::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AchievementBadges.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
