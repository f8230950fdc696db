//! `workshop_tasks` (scope T): action items from a workshop session, with assignee and due date.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Progress of a workshop task.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum WorkshopTaskStatus {
    /// Not started.
    #[sea_orm(string_value = "open")]
    Open,
    /// Being worked on.
    #[sea_orm(string_value = "in_progress")]
    InProgress,
    /// Finished (completion time recorded).
    #[sea_orm(string_value = "done")]
    Done,
    /// Dropped without being done.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

/// An action item agreed in a workshop session (e.g. "update your CV before next session").
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "WorkshopTasksRow")
)]
#[sea_orm(table_name = "workshop_tasks")]
pub struct Model {
    /// Unique identifier of the task.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the task belongs to (the session's organization).
    pub organization_id: Uuid,
    /// The workshop session the task came out of.
    pub workshop_session_id: Uuid,
    /// User responsible for the task (None while unassigned).
    pub assignee_id: Option<Uuid>,
    /// Short description of what is to be done.
    pub title: String,
    /// Details of the task.
    pub description: Option<String>,
    /// Progress of the task.
    pub status: WorkshopTaskStatus,
    /// Date the task should be done by (None = no deadline).
    pub due_date: Option<Date>,
    /// When the task was marked done (set with status `done`).
    pub completed_at: Option<DateTimeUtc>,
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
        fk_name = "fk_workshop_tasks_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::workshop_sessions::Entity",
        from = "Column::WorkshopSessionId",
        to = "crate::workshop_sessions::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_workshop_tasks_workshop_session_id"
    )]
    WorkshopSessions,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::AssigneeId",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_workshop_tasks_assignee_id"
    )]
    Users,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::workshop_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkshopSessions.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
