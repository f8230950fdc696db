//! `assignment_dispatches` (scope T, append-only): every delivery attempt and state transition
//! of an assignment, an immutable trail from dispatch through delivery, reading and response.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::assignments::AssignmentStatus;

/// Channel a dispatch went through.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum AssignmentDispatchChannel {
    /// Push notification to the mentor's devices (FCM/APNs).
    #[sea_orm(string_value = "push")]
    Push,
    /// In-app inbox, picked up at the next sync.
    #[sea_orm(string_value = "in_app")]
    InApp,
    /// Email notice (never carrying the payload).
    #[sea_orm(string_value = "email")]
    Email,
    /// Text message notice (never carrying the payload).
    #[sea_orm(string_value = "sms")]
    Sms,
}

/// Outcome of a dispatch attempt or transition.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum AssignmentDispatchOutcome {
    /// The attempt or transition took effect.
    #[sea_orm(string_value = "succeeded")]
    Succeeded,
    /// The attempt failed; see the error message. A later attempt may follow.
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// One delivery attempt or state transition of an assignment.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "AssignmentDispatchesRow")
)]
#[sea_orm(table_name = "assignment_dispatches")]
pub struct Model {
    /// Unique identifier of the dispatch record.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the record belongs to.
    pub organization_id: Uuid,
    /// Assignment the record is about.
    pub assignment_id: Uuid,
    /// Status before the transition (None when the assignment was created in `to_status`).
    pub from_status: Option<AssignmentStatus>,
    /// Status after the transition (the attempted status when the attempt failed).
    pub to_status: AssignmentStatus,
    /// Channel the dispatch went through (None for transitions that are not deliveries).
    pub channel: Option<AssignmentDispatchChannel>,
    /// Number of the delivery attempt for this transition, starting at 1.
    pub attempt_number: i32,
    /// Outcome of the attempt or transition.
    pub outcome: AssignmentDispatchOutcome,
    /// Why the attempt failed (never personal data).
    pub error_message: Option<String>,
    /// User whose action caused the transition (None = the system).
    pub actor_id: Option<Uuid>,
    /// When the attempt or transition happened.
    pub occurred_at: DateTimeUtc,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last updated (equals `created_at`: the table is append-only).
    pub updated_at: DateTimeUtc,
    /// User who created the row (None for system writes).
    pub created_by_id: Option<Uuid>,
    /// User who last updated the row (None for system writes).
    pub updated_by_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_assignment_dispatches_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::assignments::Entity",
        from = "Column::AssignmentId",
        to = "crate::assignments::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_assignment_dispatches_assignment_id"
    )]
    Assignments,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::ActorId",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_assignment_dispatches_actor_id"
    )]
    Actor,
    #[sea_orm(has_many = "crate::assignment_read_receipts::Entity")]
    AssignmentReadReceipts,
    #[sea_orm(has_many = "crate::assignment_consents::Entity")]
    AssignmentConsents,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::assignments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Assignments.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Actor.def()
    }
}

impl Related<crate::assignment_read_receipts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AssignmentReadReceipts.def()
    }
}

impl Related<crate::assignment_consents::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AssignmentConsents.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
