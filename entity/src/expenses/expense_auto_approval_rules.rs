//! `expense_auto_approval_rules` (scope T): an organization's conditions under which a submitted
//! expense report is approved automatically, without a coordinator's attestation (e.g. HLF:
//! claims under 50 km with no receipt-bound items).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A rule that auto-approves expense reports meeting all its conditions.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ExpenseAutoApprovalRulesRow")
)]
#[sea_orm(table_name = "expense_auto_approval_rules")]
pub struct Model {
    /// Unique identifier of the rule.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the rule belongs to.
    pub organization_id: Uuid,
    /// Name of the rule (e.g. "Korte kjøreturer").
    pub name: String,
    /// Explanation of the rule for admins.
    pub description: Option<String>,
    /// The rule only applies to reports whose items all have this expense type (None = any type).
    pub expense_type_id: Option<Uuid>,
    /// Highest report total, in øre, the rule approves (None = no amount condition).
    pub max_total_amount_ore: Option<i64>,
    /// Highest total driving distance in km the rule approves (None = no distance condition).
    pub max_distance_km: Option<f64>,
    /// Whether every item needing a receipt must have one attached.
    pub require_receipts: bool,
    /// Whether a report linked to an activity needs that activity approved first.
    pub require_approved_activity: bool,
    /// Evaluation order among the organization's rules (lowest first; the first match wins).
    pub priority: i32,
    /// Whether the rule is in force.
    pub is_active: bool,
    /// First day the rule applies (None = since always).
    pub valid_from: Option<Date>,
    /// Last day the rule applies (None = open-ended).
    pub valid_to: Option<Date>,
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
        fk_name = "fk_expense_auto_approval_rules_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::expense_types::Entity",
        from = "Column::ExpenseTypeId",
        to = "crate::expense_types::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_expense_auto_approval_rules_expense_type_id"
    )]
    ExpenseTypes,
    #[sea_orm(has_many = "crate::reimbursement_approvals::Entity")]
    ReimbursementApprovals,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::expense_types::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ExpenseTypes.def()
    }
}

impl Related<crate::reimbursement_approvals::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReimbursementApprovals.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
