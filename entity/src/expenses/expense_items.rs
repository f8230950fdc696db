//! `expense_items` (scope T): one line of a travel expense report: a mileage leg, a toll, a
//! parking fee or a public-transit ticket. Money in øre; mileage as kilometres times the rate.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A line item of an expense report.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ExpenseItemsRow")
)]
#[sea_orm(table_name = "expense_items")]
pub struct Model {
    /// Unique identifier of the item.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the item belongs to.
    pub organization_id: Uuid,
    /// The report the item is part of.
    pub report_id: Uuid,
    /// Expense category of the item.
    pub expense_type_id: Uuid,
    /// Day the cost arose.
    pub expense_date: Date,
    /// What the cost was for (at most 1000 characters; required by some expense types).
    pub description: Option<String>,
    /// Claimed amount in øre (for mileage: distance times rate, rounded to whole øre).
    pub amount_ore: i64,
    /// Driven distance in kilometres (mileage items only; above 0 and at most 5000).
    pub distance_km: Option<f64>,
    /// Rate per kilometre in øre applied to this item, copied from the expense type when the
    /// item was entered (mileage items only).
    pub rate_ore_per_km: Option<i64>,
    /// Where the trip started (mileage and transit items).
    pub from_location: Option<String>,
    /// Where the trip ended (mileage and transit items).
    pub to_location: Option<String>,
    /// Number of passengers carried, for the passenger supplement (mileage items only).
    pub passenger_count: Option<i32>,
    /// Whether the item needs a receipt, from the expense type's threshold when entered.
    pub receipt_required: bool,
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
        fk_name = "fk_expense_items_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::travel_expense_reports::Entity",
        from = "Column::ReportId",
        to = "crate::travel_expense_reports::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_expense_items_report_id"
    )]
    TravelExpenseReports,
    #[sea_orm(
        belongs_to = "crate::expense_types::Entity",
        from = "Column::ExpenseTypeId",
        to = "crate::expense_types::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_expense_items_expense_type_id"
    )]
    ExpenseTypes,
    #[sea_orm(has_many = "crate::receipts::Entity")]
    Receipts,
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

impl Related<crate::expense_types::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ExpenseTypes.def()
    }
}

impl Related<crate::receipts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Receipts.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
