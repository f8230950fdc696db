//! `custom_report_definitions` (scope T): report queries defined by org admins beyond the
//! standard Bufdir and team reports.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The kind of records a custom report is built from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CustomReportSource {
    /// Activities.
    #[sea_orm(string_value = "activities")]
    Activities,
    /// Events and their participants.
    #[sea_orm(string_value = "events")]
    Events,
    /// Peer mentors and their profiles.
    #[sea_orm(string_value = "peer_mentors")]
    PeerMentors,
    /// Assignments.
    #[sea_orm(string_value = "assignments")]
    Assignments,
    /// Travel expense reports.
    #[sea_orm(string_value = "expenses")]
    Expenses,
    /// Certifications and course enrollments.
    #[sea_orm(string_value = "certifications")]
    Certifications,
}

/// How a custom report's result is presented.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CustomReportVisualization {
    /// A table of rows.
    #[sea_orm(string_value = "table")]
    Table,
    /// A bar chart of the grouped values.
    #[sea_orm(string_value = "bar_chart")]
    BarChart,
    /// A line chart over time.
    #[sea_orm(string_value = "line_chart")]
    LineChart,
    /// A pie chart of shares.
    #[sea_orm(string_value = "pie_chart")]
    PieChart,
}

/// A saved report query: which records, which filters, how they are grouped and which columns
/// are shown.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "CustomReportDefinitionsRow")
)]
#[sea_orm(table_name = "custom_report_definitions")]
pub struct Model {
    /// Unique identifier of the report definition.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the definition belongs to.
    pub organization_id: Uuid,
    /// Display name of the report.
    pub name: String,
    /// What the report shows and who it is for.
    pub description: Option<String>,
    /// The kind of records the report is built from.
    pub source: CustomReportSource,
    /// Filters on the source records (field, operator, value), as a JSON list.
    #[sea_orm(column_type = "JsonBinary")]
    pub filters: Json,
    /// Fields the records are grouped by, as a JSON list of field names.
    #[sea_orm(column_type = "JsonBinary")]
    pub group_by: Json,
    /// Columns shown (fields and aggregates such as count or sum of minutes), as a JSON list.
    #[sea_orm(column_type = "JsonBinary")]
    pub columns: Json,
    /// How the result is presented.
    pub visualization: CustomReportVisualization,
    /// Whether coordinators of the organization may see and run the report.
    pub is_shared: bool,
    /// When the report was last run (None = never).
    pub last_run_at: Option<DateTimeUtc>,
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
        fk_name = "fk_custom_report_definitions_organization_id"
    )]
    Organizations,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
