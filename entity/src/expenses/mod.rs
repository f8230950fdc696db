//! Expenses and reimbursement: travel expense reports, items, receipts, approvals, expense types, auto-approval rules.
