//! Expenses and reimbursement: travel expense reports, items, receipts, approvals, expense types, auto-approval rules.

pub mod expense_auto_approval_rules;
pub mod expense_items;
pub mod expense_types;
pub mod receipts;
pub mod reimbursement_approvals;
pub mod travel_expense_reports;
