//! `accounting_exports` (scope T): accounting data export jobs (approved expenses and
//! honorariums for a date range) requested by org admins and run by the server.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// State of an accounting export job.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum AccountingExportStatus {
    /// Waiting to be picked up.
    #[sea_orm(string_value = "queued")]
    Queued,
    /// Being produced.
    #[sea_orm(string_value = "running")]
    Running,
    /// Finished; the file is available.
    #[sea_orm(string_value = "succeeded")]
    Succeeded,
    /// Finished without a file (see the error message).
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// File format or target system of an accounting export.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum AccountingExportFormat {
    /// Comma-separated values.
    #[sea_orm(string_value = "csv")]
    Csv,
    /// Excel workbook.
    #[sea_orm(string_value = "xlsx")]
    Xlsx,
    /// Import file for Xledger.
    #[sea_orm(string_value = "xledger")]
    Xledger,
    /// Import file for Microsoft Dynamics.
    #[sea_orm(string_value = "dynamics")]
    Dynamics,
}

/// One accounting export job: what was requested (format, date range) and what came out.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "AccountingExportsRow")
)]
#[sea_orm(table_name = "accounting_exports")]
pub struct Model {
    /// Unique identifier of the export job.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) whose data is exported.
    pub organization_id: Uuid,
    /// File format or target system.
    pub format: AccountingExportFormat,
    /// State of the job.
    pub status: AccountingExportStatus,
    /// First day of the exported date range.
    pub date_from: Date,
    /// Last day of the exported date range (not before the first).
    pub date_to: Date,
    /// Further selection (local associations, expense types, include already exported), as a
    /// JSON object.
    #[sea_orm(column_type = "JsonBinary")]
    pub parameters: Json,
    /// When the job started running.
    pub started_at: Option<DateTimeUtc>,
    /// When the job finished (set when it succeeded or failed).
    pub finished_at: Option<DateTimeUtc>,
    /// Storage path of the produced file (set when the job succeeded).
    pub file_path: Option<String>,
    /// Size of the produced file in bytes.
    pub file_size_bytes: Option<i64>,
    /// Number of records in the produced file.
    pub record_count: Option<i32>,
    /// Why the job failed (set with status `failed`).
    pub error_message: Option<String>,
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
        fk_name = "fk_accounting_exports_organization_id"
    )]
    Organizations,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
