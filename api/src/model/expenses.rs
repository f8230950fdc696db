//! Expenses and reimbursement: expense types and auto-approval rules (configuration), travel
//! expense reports with their items and receipts, and the approval record of each report.
//! Money is in øre (1 kr = 100 øre), distances in kilometres.
//!
//! A new report starts as a draft owned by the caller; submission, attestation and payment
//! (status, timestamps, the approval decision) belong to the reimbursement workflow, not to
//! the generic updates.

use async_graphql::MergedObject;

use crate::enum_filter;
use crate::filter::{BoolFilter, DateFilter, DateTimeFilter, IntFilter, StringFilter, UuidFilter};

use super::activities::Activity;
use super::identity::User;
use super::tenancy::{LocalAssociation, Organization};

enum_filter!(
    ExpenseCategoryFilter,
    entity::expense_types::ExpenseCategory
);
enum_filter!(
    ExpenseReportStatusFilter,
    entity::travel_expense_reports::ExpenseReportStatus
);
enum_filter!(
    ReceiptCaptureSourceFilter,
    entity::receipts::ReceiptCaptureSource
);
enum_filter!(
    ReimbursementDecisionFilter,
    entity::reimbursement_approvals::ReimbursementDecision
);

/// Machine keys: lowercase letters, digits and underscores.
fn key_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

/// MIME types: letters, digits and `/.+-_`.
fn mime_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "/.+-_".contains(c)
}

entity_api! {
    /// An expense category peer mentors may claim (mileage, toll, parking, public transit, ...),
    /// with its rate and validation rules.
    node: ExpenseType, module: expense_types, one: expense_type, many: expense_types, query: ExpenseTypesQuery,
    filter: ExpenseTypeFilter {
        id: UuidFilter => Id,
        key: StringFilter => Key,
        name: StringFilter => Name,
        category: ExpenseCategoryFilter => Category,
        is_active: BoolFilter => IsActive,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: ExpenseTypeOrderField / ExpenseTypeOrderBy { SortOrder => SortOrder, Key => Key, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization the type belongs to.
        organization: organizations => Organization via organization_id,
    },
    has_many: {
        /// Auto-approval rules limited to this type.
        auto_approval_rules: expense_auto_approval_rules => ExpenseAutoApprovalRule by ExpenseTypeId order Priority,
        /// Expense items of this type in your scope, by expense date.
        expense_items: expense_items => ExpenseItem by ExpenseTypeId order ExpenseDate,
    },
    mutations: ExpenseTypesMutation {
        inputs: CreateExpenseTypeInput / UpdateExpenseTypeInput,
        create: create_expense_type, update: update_expense_type, delete: delete_expense_type,
        required: {
            /// Stable machine key, unique in the organization (a-z, 0-9, _; at most 64).
            key: String,
            /// Display name (at most 120 characters).
            name: String,
            /// Kind of cost (mileage types need `rateOrePerKm`).
            category: entity::expense_types::ExpenseCategory,
        },
        defaulted: {
            /// Whether items need a description (default false).
            requires_description: bool = false,
            /// Position in pickers (default 0).
            sort_order: i32 = 0,
            /// Whether new items may use the type (default true).
            is_active: bool = true,
        },
        optional: {
            /// Explanation shown when choosing the type.
            description: String,
            /// Rate per kilometre in øre (required for mileage; 0 to 10000).
            rate_ore_per_km: i64,
            /// Highest amount per item in øre.
            max_amount_ore: i64,
            /// Items from this amount in øre on need a receipt (0 = always; null = never).
            receipt_threshold_ore: i64,
            /// Types sharing a group cannot be combined in one report.
            exclusive_group: String,
            /// Account code in the accounting system.
            accounting_code: String,
        },
        fixed: { is_system_default: false },
        validate: {
            key: pattern(1, 64, key_char, "key_format"),
            name: not_blank("required_fields"),
            name: max_len(120, "name_length"),
            description: max_len(2000, "description_length"),
            rate_ore_per_km: range(0, 10_000, "rate_range"),
            max_amount_ore: range(0, 100_000_000, "amount_range"),
            receipt_threshold_ore: range(0, 100_000_000, "amount_range"),
            exclusive_group: max_len(64, "exclusive_group_length"),
            accounting_code: max_len(32, "accounting_code_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// A rule under which submitted expense reports are approved automatically, without a
    /// coordinator's attestation. The first active matching rule (lowest priority) wins.
    node: ExpenseAutoApprovalRule, module: expense_auto_approval_rules, one: expense_auto_approval_rule, many: expense_auto_approval_rules, query: ExpenseAutoApprovalRulesQuery,
    filter: ExpenseAutoApprovalRuleFilter {
        expense_type_id: UuidFilter => ExpenseTypeId,
        is_active: BoolFilter => IsActive,
        priority: IntFilter => Priority,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: ExpenseAutoApprovalRuleOrderField / ExpenseAutoApprovalRuleOrderBy { Priority => Priority, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization the rule belongs to.
        organization: organizations => Organization via organization_id,
        /// The expense type the rule is limited to (null = any).
        expense_type: expense_types => ExpenseType via expense_type_id,
    },
    has_many: {
        /// Reimbursement approvals decided by the rule in your scope, oldest first.
        approvals: reimbursement_approvals => ReimbursementApproval by AutoApprovalRuleId order CreatedAt,
    },
    mutations: ExpenseAutoApprovalRulesMutation {
        inputs: CreateExpenseAutoApprovalRuleInput / UpdateExpenseAutoApprovalRuleInput,
        create: create_expense_auto_approval_rule, update: update_expense_auto_approval_rule, delete: delete_expense_auto_approval_rule,
        required: {
            /// Name of the rule (at most 120 characters).
            name: String,
        },
        defaulted: {
            /// Whether every item needing a receipt must have one (default true).
            require_receipts: bool = true,
            /// Whether a linked activity must be approved first (default false).
            require_approved_activity: bool = false,
            /// Evaluation order, lowest first (default 100).
            priority: i32 = 100,
            /// Whether the rule is in force (default true).
            is_active: bool = true,
        },
        optional: {
            /// Explanation for admins.
            description: String,
            /// Limit the rule to reports whose items all have this type.
            expense_type_id: uuid::Uuid,
            /// Highest report total in øre the rule approves.
            max_total_amount_ore: i64,
            /// Highest total driving distance in km the rule approves.
            max_distance_km: f64,
            /// First day the rule applies.
            valid_from: chrono::NaiveDate,
            /// Last day the rule applies (on or after `validFrom`).
            valid_to: chrono::NaiveDate,
        },
        fixed: {},
        validate: {
            name: not_blank("required_fields"),
            name: max_len(120, "name_length"),
            description: max_len(2000, "description_length"),
            max_total_amount_ore: range(0, 100_000_000, "amount_range"),
            max_distance_km: range(0.0, 10_000.0, "distance_range"),
            priority: range(0, 10_000, "priority_range"),
        },
    },
    extra: {},
}

entity_api! {
    /// A peer mentor's travel expense report (reiseregning): the items claimed for one trip or
    /// period, with an overall status and, once submitted, an approval record.
    node: TravelExpenseReport, module: travel_expense_reports, one: travel_expense_report, many: travel_expense_reports, query: TravelExpenseReportsQuery,
    filter: TravelExpenseReportFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        local_association_id: UuidFilter => LocalAssociationId,
        activity_id: UuidFilter => ActivityId,
        status: ExpenseReportStatusFilter => Status,
        period_start: DateFilter => PeriodStart,
        submitted_at: DateTimeFilter => SubmittedAt,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: TravelExpenseReportOrderField / TravelExpenseReportOrderBy { PeriodStart => PeriodStart, SubmittedAt => SubmittedAt, Status => Status, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization that reimburses the report.
        organization: organizations => Organization via organization_id,
        /// The peer mentor claiming reimbursement.
        claimant: users => User via user_id,
        /// The local association whose coordinators attest the report.
        local_association: local_associations => LocalAssociation via local_association_id,
        /// The activity the travel was for, if any and in your scope.
        activity: activities => Activity via activity_id,
    },
    has_many: {
        /// The report's line items, by date.
        items: expense_items => ExpenseItem by ReportId order ExpenseDate,
        /// The report's approval record (at most one).
        approvals: reimbursement_approvals => ReimbursementApproval by ReportId order CreatedAt,
    },
    mutations: TravelExpenseReportsMutation {
        inputs: CreateTravelExpenseReportInput / UpdateTravelExpenseReportInput,
        create: create_travel_expense_report, update: update_travel_expense_report, delete: delete_travel_expense_report,
        required: {
            /// Local association the travel was for.
            local_association_id: uuid::Uuid,
            /// Purpose of the travel (1 to 500 characters).
            purpose: String,
            /// First day the report covers.
            period_start: chrono::NaiveDate,
            /// Last day the report covers (on or after `periodStart`).
            period_end: chrono::NaiveDate,
        },
        defaulted: {},
        optional: {
            /// The activity the travel was for (one you can see).
            activity_id: uuid::Uuid,
        },
        fixed: { status: entity::travel_expense_reports::ExpenseReportStatus::Draft },
        validate: {
            purpose: not_blank("required_fields"),
            purpose: max_len(500, "purpose_length"),
        },
    },
    extra: {
        /// Sum of the live items' amounts, in øre.
        async fn total_amount_ore(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<i64> {
            Ok(live_items(ctx, self.0.id).await?.iter().map(|i| i.amount_ore).sum())
        }
        /// Sum of the live mileage items' distances, in kilometres.
        async fn total_distance_km(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<f64> {
            Ok(live_items(ctx, self.0.id).await?.iter().filter_map(|i| i.distance_km).sum())
        }
    },
}

/// The live items of a report the viewer can see (the report's totals are computed from them).
async fn live_items(
    ctx: &async_graphql::Context<'_>,
    report: uuid::Uuid,
) -> async_graphql::Result<Vec<entity::expense_items::Model>> {
    use crate::context::ContextExt;
    use entity::expense_items::{Column, Entity};
    use sea_orm::{ColumnTrait, QueryFilter};
    let rows =
        meander_core::authz::scoped::<Entity>(ctx.viewer()?, meander_core::authz::Action::Read)?
            .filter(Column::ReportId.eq(report))
            .all(ctx.db())
            .await
            .map_err(meander_core::error::ApiError::from)?;
    Ok(rows)
}

entity_api! {
    /// One line of an expense report: a mileage leg (distance × rate), a toll, a parking fee or
    /// a ticket.
    node: ExpenseItem, module: expense_items, one: expense_item, many: expense_items, query: ExpenseItemsQuery,
    filter: ExpenseItemFilter {
        report_id: UuidFilter => ReportId,
        expense_type_id: UuidFilter => ExpenseTypeId,
        expense_date: DateFilter => ExpenseDate,
        amount_ore: IntFilter => AmountOre,
        receipt_required: BoolFilter => ReceiptRequired,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: ExpenseItemOrderField / ExpenseItemOrderBy { ExpenseDate => ExpenseDate, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization the item belongs to.
        organization: organizations => Organization via organization_id,
        /// The report the item is part of.
        report: travel_expense_reports => TravelExpenseReport via report_id,
        /// The expense category.
        expense_type: expense_types => ExpenseType via expense_type_id,
    },
    has_many: {
        /// Receipts documenting the item.
        receipts: receipts => Receipt by ExpenseItemId order CreatedAt,
    },
    mutations: ExpenseItemsMutation {
        inputs: CreateExpenseItemInput / UpdateExpenseItemInput,
        create: create_expense_item, update: update_expense_item, delete: delete_expense_item,
        required: {
            /// The report (one you can see).
            report_id: uuid::Uuid,
            /// The expense category.
            expense_type_id: uuid::Uuid,
            /// Day the cost arose.
            expense_date: chrono::NaiveDate,
            /// Claimed amount in øre (0 to 10 000 000).
            amount_ore: i64,
        },
        defaulted: {
            /// Whether the item needs a receipt (default false).
            receipt_required: bool = false,
        },
        optional: {
            /// What the cost was for (at most 1000 characters).
            description: String,
            /// Driven distance in km, for mileage (give together with `rateOrePerKm`).
            distance_km: f64,
            /// Rate per km in øre applied, for mileage (give together with `distanceKm`).
            rate_ore_per_km: i64,
            /// Where the trip started.
            from_location: String,
            /// Where the trip ended.
            to_location: String,
            /// Passengers carried (0 to 8).
            passenger_count: i32,
        },
        fixed: {},
        validate: {
            amount_ore: range(0, 10_000_000, "amount_range"),
            description: max_len(1000, "description_length"),
            distance_km: range(0.1, 5000.0, "distance_range"),
            rate_ore_per_km: range(0, 10_000, "rate_range"),
            from_location: max_len(200, "location_length"),
            to_location: max_len(200, "location_length"),
            passenger_count: range(0, 8, "passenger_count_range"),
        },
    },
    extra: {},
}

entity_api! {
    /// A receipt image documenting an expense item; the image itself lives in object storage.
    node: Receipt, module: receipts, one: receipt, many: receipts, query: ReceiptsQuery,
    filter: ReceiptFilter {
        expense_item_id: UuidFilter => ExpenseItemId,
        capture_source: ReceiptCaptureSourceFilter => CaptureSource,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: ReceiptOrderField / ReceiptOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization the receipt belongs to.
        organization: organizations => Organization via organization_id,
        /// The documented expense item.
        expense_item: expense_items => ExpenseItem via expense_item_id,
    },
    has_many: {},
    mutations: ReceiptsMutation {
        inputs: CreateReceiptInput / UpdateReceiptInput,
        create: create_receipt, update: update_receipt, delete: delete_receipt,
        required: {
            /// The expense item (one you can see).
            expense_item_id: uuid::Uuid,
            /// Path of the uploaded image in object storage.
            storage_path: String,
            /// Original file name.
            file_name: String,
            /// MIME type of the file.
            mime_type: String,
            /// Size in bytes (at most 10 MiB).
            file_size_bytes: i64,
            /// How the image was obtained.
            capture_source: entity::receipts::ReceiptCaptureSource,
        },
        defaulted: {},
        optional: {
            /// Path of the thumbnail.
            thumbnail_path: String,
            /// Amount on the receipt in øre.
            amount_ore: i64,
            /// Merchant on the receipt.
            merchant_name: String,
            /// Date on the receipt.
            receipt_date: chrono::NaiveDate,
        },
        fixed: {},
        validate: {
            storage_path: not_blank("required_fields"),
            storage_path: max_len(1024, "storage_path_length"),
            thumbnail_path: max_len(1024, "storage_path_length"),
            file_name: not_blank("required_fields"),
            file_name: max_len(255, "file_name_length"),
            mime_type: pattern(3, 255, mime_char, "mime_type_format"),
            file_size_bytes: range(1, 10_485_760, "file_size_range"),
            amount_ore: range(0, 10_000_000, "amount_range"),
            merchant_name: max_len(200, "merchant_name_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// The approval record of an expense report: pending, auto-approved by a rule, or attested
    /// (approved, rejected or returned) by a coordinator or org admin, with its history.
    node: ReimbursementApproval, module: reimbursement_approvals, one: reimbursement_approval, many: reimbursement_approvals, query: ReimbursementApprovalsQuery,
    filter: ReimbursementApprovalFilter {
        report_id: UuidFilter => ReportId,
        decision: ReimbursementDecisionFilter => Decision,
        decided_by_id: UuidFilter => DecidedById,
        auto_approval_rule_id: UuidFilter => AutoApprovalRuleId,
        decided_at: DateTimeFilter => DecidedAt,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: ReimbursementApprovalOrderField / ReimbursementApprovalOrderBy { DecidedAt => DecidedAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization the record belongs to.
        organization: organizations => Organization via organization_id,
        /// The report decided on.
        report: travel_expense_reports => TravelExpenseReport via report_id,
        /// The rule that auto-approved the report.
        auto_approval_rule: expense_auto_approval_rules => ExpenseAutoApprovalRule via auto_approval_rule_id,
        /// Who attested the report.
        decided_by: users => User via decided_by_id,
    },
    has_many: {},
    mutations: ReimbursementApprovalsMutation {
        inputs: CreateReimbursementApprovalInput / UpdateReimbursementApprovalInput,
        create: create_reimbursement_approval, update: update_reimbursement_approval, delete: delete_reimbursement_approval,
        required: {
            /// The report (one you can see; one approval record per report).
            report_id: uuid::Uuid,
        },
        defaulted: {},
        optional: {
            /// Amount approved for payment in øre.
            approved_amount_ore: i64,
            /// Comment to the peer mentor (at most 2000 characters).
            comment: String,
        },
        fixed: {
            decision: entity::reimbursement_approvals::ReimbursementDecision::Pending,
            history: serde_json::json!([]),
        },
        validate: {
            approved_amount_ore: range(0, 100_000_000, "amount_range"),
            comment: max_len(2000, "comment_length"),
        },
    },
    extra: {},
}

/// Root query fields of the expenses domain.
#[derive(MergedObject, Default)]
pub struct ExpensesQuery(
    ExpenseTypesQuery,
    ExpenseAutoApprovalRulesQuery,
    TravelExpenseReportsQuery,
    ExpenseItemsQuery,
    ReceiptsQuery,
    ReimbursementApprovalsQuery,
);

/// Mutations of the expenses domain.
#[derive(MergedObject, Default)]
pub struct ExpensesMutation(
    ExpenseTypesMutation,
    ExpenseAutoApprovalRulesMutation,
    TravelExpenseReportsMutation,
    ExpenseItemsMutation,
    ReceiptsMutation,
    ReimbursementApprovalsMutation,
);
