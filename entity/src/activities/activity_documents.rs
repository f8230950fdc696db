//! `activity_documents` (scope T): files attached to an activity as Bufdir audit evidence
//! (event invitations, Facebook screenshots, attendance lists); at most 5 per activity.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What an activity attachment documents.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ActivityDocumentType {
    /// Invitation or announcement of the activity.
    #[sea_orm(string_value = "invitation")]
    Invitation,
    /// Screenshot, e.g. of a Facebook event or post.
    #[sea_orm(string_value = "screenshot")]
    Screenshot,
    /// Photo taken at the activity.
    #[sea_orm(string_value = "photo")]
    Photo,
    /// List of participants who attended.
    #[sea_orm(string_value = "attendance_list")]
    AttendanceList,
    /// Any other supporting document.
    #[sea_orm(string_value = "other")]
    Other,
}

/// A file attached to an activity.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ActivityDocumentsRow")
)]
#[sea_orm(table_name = "activity_documents")]
pub struct Model {
    /// Unique identifier of the attachment.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the attachment belongs to.
    pub organization_id: Uuid,
    /// The activity the file documents.
    pub activity_id: Uuid,
    /// What the file documents.
    pub document_type: ActivityDocumentType,
    /// Original file name as uploaded (e.g. "invitasjon-kafetreff.pdf").
    pub file_name: String,
    /// Path of the file in the organization's object storage.
    pub storage_path: String,
    /// MIME type of the file (e.g. "application/pdf", "image/jpeg").
    pub mime_type: String,
    /// Size of the file in bytes (1 byte to 25 MiB).
    pub file_size_bytes: i64,
    /// Optional caption or explanation of the file.
    pub description: Option<String>,
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
        fk_name = "fk_activity_documents_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::activities::Entity",
        from = "Column::ActivityId",
        to = "crate::activities::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_activity_documents_activity_id"
    )]
    Activities,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::activities::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Activities.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
