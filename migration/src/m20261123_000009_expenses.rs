//! Tables of the expenses domain group (DATA-MODEL.md). Money is stored as whole øre (i64),
//! distances as kilometres.

use entity::*;
use sea_orm_migration::prelude::*;

use crate::tables::{check, create, drop, enum_check, idx, uq};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(
            m,
            expense_types::Entity,
            vec![
                enum_check::<expense_types::ExpenseCategory>("category"),
                check("length(key) BETWEEN 1 AND 64"),
                check("length(name) BETWEEN 1 AND 120"),
                check("category <> 'mileage' OR rate_ore_per_km IS NOT NULL"),
                check("rate_ore_per_km IS NULL OR rate_ore_per_km BETWEEN 0 AND 10000"),
                check("max_amount_ore IS NULL OR max_amount_ore >= 0"),
                check("receipt_threshold_ore IS NULL OR receipt_threshold_ore >= 0"),
            ],
            &[
                uq(&["organization_id", "key"]),
                idx(&["organization_id", "sort_order"]),
            ],
        )
        .await?;
        create(
            m,
            expense_auto_approval_rules::Entity,
            vec![
                check("length(name) BETWEEN 1 AND 120"),
                check("max_total_amount_ore IS NULL OR max_total_amount_ore >= 0"),
                check("max_distance_km IS NULL OR max_distance_km >= 0"),
                check("valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to"),
            ],
            &[
                idx(&["organization_id", "is_active", "priority"]),
                idx(&["expense_type_id"]),
            ],
        )
        .await?;
        create(
            m,
            travel_expense_reports::Entity,
            vec![
                enum_check::<travel_expense_reports::ExpenseReportStatus>("status"),
                check("length(purpose) BETWEEN 1 AND 500"),
                check("period_start <= period_end"),
                check("status = 'draft' OR submitted_at IS NOT NULL"),
                check("(status = 'paid') = (paid_at IS NOT NULL)"),
            ],
            &[
                idx(&["organization_id", "user_id", "period_start"]),
                idx(&["organization_id", "local_association_id", "status"]),
                idx(&["organization_id", "status", "submitted_at"]),
                idx(&["user_id"]),
                idx(&["local_association_id"]),
                idx(&["activity_id"]),
            ],
        )
        .await?;
        create(
            m,
            expense_items::Entity,
            vec![
                check("amount_ore >= 0"),
                check("description IS NULL OR length(description) <= 1000"),
                check("distance_km IS NULL OR (distance_km > 0 AND distance_km <= 5000)"),
                check("(distance_km IS NULL) = (rate_ore_per_km IS NULL)"),
                check("rate_ore_per_km IS NULL OR rate_ore_per_km >= 0"),
                check("passenger_count IS NULL OR passenger_count BETWEEN 0 AND 8"),
            ],
            &[
                idx(&["organization_id", "report_id"]),
                idx(&["report_id", "expense_date"]),
                idx(&["expense_type_id"]),
            ],
        )
        .await?;
        create(
            m,
            receipts::Entity,
            vec![
                enum_check::<receipts::ReceiptCaptureSource>("capture_source"),
                check("file_size_bytes BETWEEN 1 AND 10485760"),
                check("amount_ore IS NULL OR amount_ore >= 0"),
            ],
            &[
                idx(&["organization_id", "expense_item_id"]),
                idx(&["expense_item_id"]),
            ],
        )
        .await?;
        create(
            m,
            reimbursement_approvals::Entity,
            vec![
                enum_check::<reimbursement_approvals::ReimbursementDecision>("decision"),
                check("(decision = 'auto_approved') = (auto_approval_rule_id IS NOT NULL)"),
                check(
                    "decision NOT IN ('approved', 'rejected', 'returned') \
                     OR decided_by_id IS NOT NULL",
                ),
                check("(decision = 'pending') = (decided_at IS NULL)"),
                check("approved_amount_ore IS NULL OR approved_amount_ore >= 0"),
            ],
            &[
                uq(&["report_id"]),
                idx(&["organization_id", "decision", "decided_at"]),
                idx(&["auto_approval_rule_id"]),
                idx(&["decided_by_id"]),
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop(m, reimbursement_approvals::Entity).await?;
        drop(m, receipts::Entity).await?;
        drop(m, expense_items::Entity).await?;
        drop(m, travel_expense_reports::Entity).await?;
        drop(m, expense_auto_approval_rules::Entity).await?;
        drop(m, expense_types::Entity).await
    }
}
