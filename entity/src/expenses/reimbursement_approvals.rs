//! `reimbursement_approvals` (scope T): the approval record of one travel expense report:
//! pending, approved automatically by a rule, or attested (approved, rejected or returned) by a
//! coordinator or org admin, with the full decision history.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Decision on an expense report.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ReimbursementDecision {
    /// Waiting for an auto-approval rule or a coordinator.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Approved automatically by an auto-approval rule.
    #[sea_orm(string_value = "auto_approved")]
    AutoApproved,
    /// Attested and approved by a coordinator or org admin.
    #[sea_orm(string_value = "approved")]
    Approved,
    /// Rejected by a coordinator or org admin.
    #[sea_orm(string_value = "rejected")]
    Rejected,
    /// Sent back to the peer mentor for correction.
    #[sea_orm(string_value = "returned")]
    Returned,
}

/// The approval record of an expense report.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ReimbursementApprovalsRow")
)]
#[sea_orm(table_name = "reimbursement_approvals")]
pub struct Model {
    /// Unique identifier of the approval record.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the record belongs to.
    pub organization_id: Uuid,
    /// The report decided on (one approval record per report).
    pub report_id: Uuid,
    /// Current decision.
    pub decision: ReimbursementDecision,
    /// The auto-approval rule that approved the report (set exactly when auto-approved).
    pub auto_approval_rule_id: Option<Uuid>,
    /// The coordinator or org admin who attested (set for approved, rejected and returned).
    pub decided_by_id: Option<Uuid>,
    /// When the decision was made (None while pending).
    pub decided_at: Option<DateTimeUtc>,
    /// Amount approved for payment in øre, when it differs from the claimed total or once approved.
    pub approved_amount_ore: Option<i64>,
    /// Comment to the peer mentor, e.g. why the report was returned.
    pub comment: Option<String>,
    /// Decision history as a JSON list of `{at, actorId, from, to, comment}` entries.
    #[sea_orm(column_type = "JsonBinary")]
    pub history: Json,
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
        fk_name = "fk_reimbursement_approvals_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::travel_expense_reports::Entity",
        from = "Column::ReportId",
        to = "crate::travel_expense_reports::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_reimbursement_approvals_report_id"
    )]
    TravelExpenseReports,
    #[sea_orm(
        belongs_to = "crate::expense_auto_approval_rules::Entity",
        from = "Column::AutoApprovalRuleId",
        to = "crate::expense_auto_approval_rules::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_reimbursement_approvals_auto_approval_rule_id"
    )]
    ExpenseAutoApprovalRules,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::DecidedById",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_reimbursement_approvals_decided_by_id"
    )]
    DecidedBy,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::travel_expense_reports::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TravelExpenseReports.def()
    }
}

impl Related<crate::expense_auto_approval_rules::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ExpenseAutoApprovalRules.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DecidedBy.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
