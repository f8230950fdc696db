//! `activity_flags` (scope T): an activity marked as suspicious, a possible duplicate or needing
//! review (by a coordinator, an org admin or automatic duplicate detection), and how the flag
//! was resolved.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Why an activity was flagged.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ActivityFlagType {
    /// Possibly the same activity registered twice (same contact, time window and type).
    #[sea_orm(string_value = "duplicate")]
    Duplicate,
    /// Something about the activity looks wrong (implausible duration, time or pattern).
    #[sea_orm(string_value = "suspicious")]
    Suspicious,
    /// Required Bufdir evidence (documents) is missing.
    #[sea_orm(string_value = "missing_documentation")]
    MissingDocumentation,
    /// Needs a closer look by a coordinator for another reason.
    #[sea_orm(string_value = "needs_review")]
    NeedsReview,
}

/// How urgent a flag is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ActivityFlagSeverity {
    /// Informational; review when convenient.
    #[sea_orm(string_value = "low")]
    Low,
    /// Review before the next reporting deadline.
    #[sea_orm(string_value = "medium")]
    Medium,
    /// Review promptly; likely affects reporting or payments.
    #[sea_orm(string_value = "high")]
    High,
}

/// Where a flag stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ActivityFlagStatus {
    /// Waiting for review.
    #[sea_orm(string_value = "open")]
    Open,
    /// Reviewed and the problem was confirmed and handled (e.g. the duplicate rejected).
    #[sea_orm(string_value = "resolved")]
    Resolved,
    /// Reviewed and found to be no problem.
    #[sea_orm(string_value = "dismissed")]
    Dismissed,
}

/// A review flag on an activity.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ActivityFlagsRow")
)]
#[sea_orm(table_name = "activity_flags")]
pub struct Model {
    /// Unique identifier of the flag.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the flag belongs to.
    pub organization_id: Uuid,
    /// The flagged activity.
    pub activity_id: Uuid,
    /// Why the activity was flagged.
    pub flag_type: ActivityFlagType,
    /// How urgent the flag is.
    pub severity: ActivityFlagSeverity,
    /// Explanation of the flag (at most 2000 characters).
    pub reason: String,
    /// For duplicates: the earlier activity this one seems to repeat.
    pub duplicate_of_activity_id: Option<Uuid>,
    /// Where the flag stands.
    pub status: ActivityFlagStatus,
    /// User who resolved or dismissed the flag.
    pub resolved_by_id: Option<Uuid>,
    /// When the flag was resolved or dismissed (set exactly when the status is not open).
    pub resolved_at: Option<DateTimeUtc>,
    /// Notes on how the flag was resolved.
    pub resolution_notes: Option<String>,
    /// When the row was created (the flag was raised).
    pub created_at: DateTimeUtc,
    /// When the row was last updated.
    pub updated_at: DateTimeUtc,
    /// User who raised the flag (None when raised by the system, e.g. duplicate detection).
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
        fk_name = "fk_activity_flags_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::activities::Entity",
        from = "Column::ActivityId",
        to = "crate::activities::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_activity_flags_activity_id"
    )]
    Activities,
    #[sea_orm(
        belongs_to = "crate::activities::Entity",
        from = "Column::DuplicateOfActivityId",
        to = "crate::activities::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_activity_flags_duplicate_of_activity_id"
    )]
    DuplicateOfActivity,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::ResolvedById",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_activity_flags_resolved_by_id"
    )]
    ResolvedBy,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::activities::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Activities.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
