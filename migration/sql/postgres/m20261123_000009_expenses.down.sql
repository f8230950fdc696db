DROP TABLE "reimbursement_approvals";
DROP TABLE "receipts";
DROP TABLE "expense_items";
DROP TABLE "travel_expense_reports";
DROP TABLE "expense_auto_approval_rules";
DROP TABLE "expense_types";
