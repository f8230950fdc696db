//! What the aggregation takes and answers: the filter, and the numbers per group (the output
//! types of `myActivityStats`, `teamActivityStats` and `generateBufdirReport`).

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::Category;

/// What to aggregate.
#[derive(Debug, Clone, Copy)]
pub struct StatsFilter {
    /// First day (inclusive).
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// Only this peer mentor's activities.
    pub user_id: Option<Uuid>,
    /// Only this local association's activities.
    pub local_association_id: Option<Uuid>,
    /// Leave out activity types of Bufdir category `not_reported` (the Bufdir report).
    pub bufdir_only: bool,
}

/// The numbers of one group (or of everything).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[cfg_attr(feature = "graphql", graphql(name = "ActivityStatsCounts"))]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Approved activities.
    pub activity_count: i64,
    /// Sum of their durations in minutes.
    pub total_minutes: i64,
    /// `totalMinutes / 60`, rounded to 2 decimals.
    pub hours: f64,
    /// Sum of participants (an activity without a participant count counts 1).
    pub participant_count: i64,
    /// Different contacts (activities without a contact add none).
    pub unique_contact_count: i64,
    /// Different peer mentors who performed them.
    pub peer_mentor_count: i64,
    /// Different events they belong to.
    pub event_count: i64,
}

/// Numbers of one activity type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[serde(rename_all = "camelCase")]
pub struct ActivityTypeStats {
    pub activity_type_id: Uuid,
    /// The type's machine key, e.g. "home_visit".
    pub key: String,
    /// The type's display name.
    pub name: String,
    /// The Bufdir category of the type.
    pub bufdir_category: Category,
    #[serde(flatten)]
    #[cfg_attr(feature = "graphql", graphql(flatten))]
    pub counts: Counts,
}

/// Numbers of one Bufdir category.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[serde(rename_all = "camelCase")]
pub struct BufdirCategoryStats {
    pub bufdir_category: Category,
    #[serde(flatten)]
    #[cfg_attr(feature = "graphql", graphql(flatten))]
    pub counts: Counts,
}

/// Numbers of one local association.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[serde(rename_all = "camelCase")]
pub struct LocalAssociationStats {
    /// None for activities not attributed to a local association.
    pub local_association_id: Option<Uuid>,
    /// The local association's name (None when it has none, or you cannot read it).
    pub name: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "graphql", graphql(flatten))]
    pub counts: Counts,
}

/// The aggregation result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[serde(rename_all = "camelCase")]
pub struct ActivityStats {
    /// First day counted.
    pub from: NaiveDate,
    /// Last day counted.
    pub to: NaiveDate,
    /// Everything in range and scope.
    pub totals: Counts,
    /// Per activity type, in the organization's type order (sort order, then key).
    pub by_activity_type: Vec<ActivityTypeStats>,
    /// Per Bufdir category, in the category order of the schema.
    pub by_bufdir_category: Vec<BufdirCategoryStats>,
    /// Per local association, by name (activities without one last).
    pub by_local_association: Vec<LocalAssociationStats>,
}
