//! `receipts` (scope T): photo evidence of an expense item, captured with the camera or picked
//! from the gallery; stores the compressed image's storage path and its thumbnail. Required for
//! items at or above the expense type's receipt threshold.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How the receipt image was obtained.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ReceiptCaptureSource {
    /// Photographed with the device camera.
    #[sea_orm(string_value = "camera")]
    Camera,
    /// Picked from the device's photo gallery.
    #[sea_orm(string_value = "gallery")]
    Gallery,
    /// Uploaded as a file in the admin portal (e.g. a PDF e-receipt).
    #[sea_orm(string_value = "upload")]
    Upload,
}

/// A receipt image attached to an expense item.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ReceiptsRow")
)]
#[sea_orm(table_name = "receipts")]
pub struct Model {
    /// Unique identifier of the receipt.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the receipt belongs to.
    pub organization_id: Uuid,
    /// The expense item the receipt documents.
    pub expense_item_id: Uuid,
    /// Path of the compressed image in the organization's object storage.
    pub storage_path: String,
    /// Path of the thumbnail image (None until generated).
    pub thumbnail_path: Option<String>,
    /// Original file name.
    pub file_name: String,
    /// MIME type of the image (e.g. "image/jpeg", "application/pdf").
    pub mime_type: String,
    /// Size of the stored file in bytes (1 byte to 10 MiB).
    pub file_size_bytes: i64,
    /// How the image was obtained.
    pub capture_source: ReceiptCaptureSource,
    /// Amount printed on the receipt, in øre, when entered or recognized.
    pub amount_ore: Option<i64>,
    /// Merchant on the receipt (e.g. "Fjellinjen AS", "EasyPark").
    pub merchant_name: Option<String>,
    /// Date on the receipt.
    pub receipt_date: Option<Date>,
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
        fk_name = "fk_receipts_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::expense_items::Entity",
        from = "Column::ExpenseItemId",
        to = "crate::expense_items::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_receipts_expense_item_id"
    )]
    ExpenseItems,
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

impl ActiveModelBehavior for ActiveModel {}
