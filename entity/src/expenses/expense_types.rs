//! `expense_types` (scope T): the allowed expense categories of an organization (mileage, toll,
//! parking, public transit, ...) with their rates and validation rules. New organizations get
//! copies of the system defaults, which they may then adjust.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Kind of cost an expense type covers; decides how its items are validated and computed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ExpenseCategory {
    /// Driving allowance (kilometergodtgjørelse): distance in km times the rate.
    #[sea_orm(string_value = "mileage")]
    Mileage,
    /// Road toll (bompenger).
    #[sea_orm(string_value = "toll")]
    Toll,
    /// Parking fees.
    #[sea_orm(string_value = "parking")]
    Parking,
    /// Bus, tram, train or ferry tickets.
    #[sea_orm(string_value = "public_transit")]
    PublicTransit,
    /// Taxi, when the organization allows it.
    #[sea_orm(string_value = "taxi")]
    Taxi,
    /// Meals and refreshments (e.g. at a café meeting).
    #[sea_orm(string_value = "meals")]
    Meals,
    /// Any other approved outlay.
    #[sea_orm(string_value = "other")]
    Other,
}

/// An expense category a peer mentor may claim.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ExpenseTypesRow")
)]
#[sea_orm(table_name = "expense_types")]
pub struct Model {
    /// Unique identifier of the expense type.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the expense type belongs to.
    pub organization_id: Uuid,
    /// Stable machine key, unique within the organization (e.g. "mileage").
    pub key: String,
    /// Display name (e.g. "Kilometergodtgjørelse").
    pub name: String,
    /// Explanation shown when choosing the type.
    pub description: Option<String>,
    /// Kind of cost; decides validation and computation of items.
    pub category: ExpenseCategory,
    /// Rate per kilometre in øre (required for mileage, e.g. 350 = 3.50 kr/km).
    pub rate_ore_per_km: Option<i64>,
    /// Highest amount one item may claim, in øre (None = no limit).
    pub max_amount_ore: Option<i64>,
    /// Items from this amount (in øre) on need a receipt; 0 = always, None = never.
    pub receipt_threshold_ore: Option<i64>,
    /// Whether items need a description (e.g. the purpose of a taxi ride).
    pub requires_description: bool,
    /// Types sharing a group cannot be combined in one report (e.g. mileage and public transit
    /// for the same trip); None = combinable with everything.
    pub exclusive_group: Option<String>,
    /// Account code in the accounting system (e.g. Xledger) the type is booked to.
    pub accounting_code: Option<String>,
    /// Whether the row was copied from the platform's system defaults.
    pub is_system_default: bool,
    /// Position of the type in pickers (ascending).
    pub sort_order: i32,
    /// Whether new items may use the type.
    pub is_active: bool,
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
        fk_name = "fk_expense_types_organization_id"
    )]
    Organizations,
    #[sea_orm(has_many = "crate::expense_items::Entity")]
    ExpenseItems,
    #[sea_orm(has_many = "crate::expense_auto_approval_rules::Entity")]
    ExpenseAutoApprovalRules,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::expense_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ExpenseItems.def()
    }
}

impl Related<crate::expense_auto_approval_rules::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ExpenseAutoApprovalRules.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
