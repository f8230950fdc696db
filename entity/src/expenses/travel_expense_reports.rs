//! `travel_expense_reports` (scope T): a peer mentor's reimbursement claim (reiseregning),
//! grouping expense items (mileage, tolls, parking, public transit) into one submission with an
//! overall status, optionally tied to the activity the travel was for. Totals are computed from
//! the live items when read, so they never drift from them.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Lifecycle status of an expense report.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ExpenseReportStatus {
    /// Being filled in by the peer mentor.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Submitted and waiting for auto-approval or a coordinator's attestation.
    #[sea_orm(string_value = "submitted")]
    Submitted,
    /// Approved (automatically or attested) and ready for payment.
    #[sea_orm(string_value = "approved")]
    Approved,
    /// Rejected; nothing will be paid.
    #[sea_orm(string_value = "rejected")]
    Rejected,
    /// Sent back to the peer mentor for correction.
    #[sea_orm(string_value = "returned")]
    Returned,
    /// Paid out (exported to the accounting system).
    #[sea_orm(string_value = "paid")]
    Paid,
}

/// A peer mentor's travel expense report.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "TravelExpenseReportsRow")
)]
#[sea_orm(table_name = "travel_expense_reports")]
pub struct Model {
    /// Unique identifier of the report.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) that reimburses the report.
    pub organization_id: Uuid,
    /// The peer mentor claiming reimbursement (the report's owner).
    pub user_id: Uuid,
    /// Local association the travel was for; its coordinators attest the report.
    pub local_association_id: Uuid,
    /// The activity the travel was for (None for travel not tied to one activity).
    pub activity_id: Option<Uuid>,
    /// Purpose of the travel (1 to 500 characters), e.g. "Hjemmebesøk hos medlem i Asker".
    pub purpose: String,
    /// First day the report covers.
    pub period_start: Date,
    /// Last day the report covers (on or after `period_start`).
    pub period_end: Date,
    /// Lifecycle status of the report.
    pub status: ExpenseReportStatus,
    /// When the report was submitted (set from submission on; None while a draft).
    pub submitted_at: Option<DateTimeUtc>,
    /// When the report was paid (set exactly when paid).
    pub paid_at: Option<DateTimeUtc>,
    /// Voucher or document number in the accounting system after export (e.g. Xledger).
    pub accounting_reference: Option<String>,
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
        fk_name = "fk_travel_expense_reports_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_travel_expense_reports_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_travel_expense_reports_local_association_id"
    )]
    LocalAssociations,
    #[sea_orm(
        belongs_to = "crate::activities::Entity",
        from = "Column::ActivityId",
        to = "crate::activities::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_travel_expense_reports_activity_id"
    )]
    Activities,
    #[sea_orm(has_many = "crate::expense_items::Entity")]
    ExpenseItems,
    #[sea_orm(has_one = "crate::reimbursement_approvals::Entity")]
    ReimbursementApprovals,
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

impl Related<crate::local_associations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LocalAssociations.def()
    }
}

impl Related<crate::activities::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Activities.def()
    }
}

impl Related<crate::expense_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ExpenseItems.def()
    }
}

impl Related<crate::reimbursement_approvals::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReimbursementApprovals.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
