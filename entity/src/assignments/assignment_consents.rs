//! `assignment_consents` (scope T, append-only): a peer mentor's explicit digital accept or
//! decline of an encrypted assignment dispatch.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A mentor's answer to an assignment.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum AssignmentConsentDecision {
    /// The mentor takes the assignment and consents to handle its personal data.
    #[sea_orm(string_value = "accepted")]
    Accepted,
    /// The mentor declines the assignment.
    #[sea_orm(string_value = "declined")]
    Declined,
}

/// A mentor's accept/decline response to an assignment.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "AssignmentConsentsRow")
)]
#[sea_orm(table_name = "assignment_consents")]
pub struct Model {
    /// Unique identifier of the consent response.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the response belongs to.
    pub organization_id: Uuid,
    /// Assignment answered.
    pub assignment_id: Uuid,
    /// Dispatch the mentor answered (None = unknown).
    pub dispatch_id: Option<Uuid>,
    /// Mentor who answered (the assignment's recipient).
    pub user_id: Uuid,
    /// The mentor's answer.
    pub decision: AssignmentConsentDecision,
    /// Why the mentor declined (only with a decline; never personal data of the contact).
    pub decline_reason: Option<String>,
    /// Version of the consent text the mentor agreed to (e.g. "2025-01").
    pub consent_text_version: String,
    /// When the mentor answered.
    pub responded_at: DateTimeUtc,
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
        fk_name = "fk_assignment_consents_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::assignments::Entity",
        from = "Column::AssignmentId",
        to = "crate::assignments::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_assignment_consents_assignment_id"
    )]
    Assignments,
    #[sea_orm(
        belongs_to = "crate::assignment_dispatches::Entity",
        from = "Column::DispatchId",
        to = "crate::assignment_dispatches::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_assignment_consents_dispatch_id"
    )]
    AssignmentDispatches,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_assignment_consents_user_id"
    )]
    Users,
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

impl Related<crate::assignment_dispatches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AssignmentDispatches.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
