//! Row scopes and default role grants of this domain's tables (see `scopes` and `catalog`).
//!
//! A travel expense report belongs to the peer mentor claiming it (`user_id`) and to the local
//! association whose coordinators attest it. Items, receipts and approval records follow their
//! report through subqueries. Expense types and auto-approval rules are configuration the app
//! shows to everyone in the organization; org admins manage them.

use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, Query, SelectStatement},
};

use crate::{authz::viewer::Viewer, secured};
use entity::{expense_items, receipts, reimbursement_approvals, travel_expense_reports as reports};

/// Default matrix rows of this domain: resource, then the CRUD letters of global_admin,
/// org_admin, coordinator and peer_mentor (same layout as `catalog::DEFAULT_MATRIX`).
#[rustfmt::skip]
pub const MATRIX: &[(&str, &str, &str, &str, &str)] = &[
    // resource                         global  org_admin coordinator peer_mentor
    ("EXPENSE_TYPES",                   "R",     "CRUD",   "R",        "R"),
    // Shown to mentors too: the app explains which claims are approved automatically.
    ("EXPENSE_AUTO_APPROVAL_RULES",     "R",     "CRUD",   "R",        "R"),
    // Coordinators read their local associations' reports; they decide through approvals.
    ("TRAVEL_EXPENSE_REPORTS",          "R",     "CRUD",   "R",        "CRUD"),
    ("EXPENSE_ITEMS",                   "R",     "CRUD",   "R",        "CRUD"),
    ("RECEIPTS",                        "R",     "CRUD",   "R",        "CRUD"),
    // The mentor reads the decision on their own reports.
    ("REIMBURSEMENT_APPROVALS",         "R",     "CRUD",   "CRU",      "R"),
];

secured!(entity::expense_types, "EXPENSE_TYPES", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::expense_auto_approval_rules, "EXPENSE_AUTO_APPROVAL_RULES", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
// The claimant drafts and submits (and may take a submitted report back or resubmit a returned
// one); a decider who is not the claimant approves, rejects or returns it; an org admin pays.
// Approved, rejected and paid reports are frozen. The create fixes `draft`.
secured!(entity::travel_expense_reports, "TRAVEL_EXPENSE_REPORTS", tenant: Column(OrganizationId), org: Tenant, local: LocalAssociation(LocalAssociationId), own: Owner(UserId),
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["draft"],
        moves: &[
            ("draft", "submitted", Subject),
            ("submitted", "draft", Subject),
            ("returned", "submitted", Subject),
            ("submitted", "approved", Decider),
            ("submitted", "rejected", Decider),
            ("submitted", "returned", Decider),
            ("approved", "paid", OrgDecider),
        ],
        frozen: &["approved", "rejected", "paid"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
secured!(entity::expense_items, "EXPENSE_ITEMS", tenant: Column(OrganizationId), org: Tenant, local: Custom(items_in_local_associations), own: Custom(items_of_own_reports));
secured!(entity::receipts, "RECEIPTS", tenant: Column(OrganizationId), org: Tenant, local: Custom(receipts_in_local_associations), own: Custom(receipts_of_own_reports));
secured!(entity::reimbursement_approvals, "REIMBURSEMENT_APPROVALS", tenant: Column(OrganizationId), org: Tenant, local: Custom(approvals_in_local_associations), own: Custom(approvals_of_own_reports));

fn never() -> Condition {
    Condition::all().add(Expr::cust("1 = 0"))
}

/// `SELECT id FROM travel_expense_reports WHERE <condition> AND deleted_at IS NULL` in the
/// viewer's tenant; None when the viewer has no local association to match.
fn live_reports(viewer: &Viewer, local: bool) -> Option<SelectStatement> {
    let condition = if local {
        if viewer.local_association_ids.is_empty() {
            return None;
        }
        reports::Column::LocalAssociationId.is_in(viewer.local_association_ids.clone())
    } else {
        reports::Column::UserId.eq(viewer.user_id)
    };
    let mut q = Query::select();
    q.column(reports::Column::Id)
        .from(reports::Entity)
        .and_where(condition)
        .and_where(reports::Column::OrganizationId.eq(viewer.organization_id))
        .and_where(reports::Column::DeletedAt.is_null());
    Some(q)
}

/// Rows whose `column` names a live report in reach (local associations or own).
fn report_in_reach(column: impl ColumnTrait, viewer: &Viewer, local: bool) -> Condition {
    match live_reports(viewer, local) {
        Some(q) => Condition::all().add(column.in_subquery(q)),
        None => never(),
    }
}

/// Rows whose `column` names a live item of a live report in reach.
fn item_in_reach(column: impl ColumnTrait, viewer: &Viewer, local: bool) -> Condition {
    let Some(reports) = live_reports(viewer, local) else {
        return never();
    };
    let mut items = Query::select();
    items
        .column(expense_items::Column::Id)
        .from(expense_items::Entity)
        .and_where(expense_items::Column::ReportId.in_subquery(reports))
        .and_where(expense_items::Column::DeletedAt.is_null());
    Condition::all().add(column.in_subquery(items))
}

fn items_in_local_associations(viewer: &Viewer) -> Condition {
    report_in_reach(expense_items::Column::ReportId, viewer, true)
}

fn items_of_own_reports(viewer: &Viewer) -> Condition {
    report_in_reach(expense_items::Column::ReportId, viewer, false)
}

fn receipts_in_local_associations(viewer: &Viewer) -> Condition {
    item_in_reach(receipts::Column::ExpenseItemId, viewer, true)
}

fn receipts_of_own_reports(viewer: &Viewer) -> Condition {
    item_in_reach(receipts::Column::ExpenseItemId, viewer, false)
}

fn approvals_in_local_associations(viewer: &Viewer) -> Condition {
    report_in_reach(reimbursement_approvals::Column::ReportId, viewer, true)
}

fn approvals_of_own_reports(viewer: &Viewer) -> Condition {
    report_in_reach(reimbursement_approvals::Column::ReportId, viewer, false)
}
