//! `bulk_registrations` (scope T): a coordinator's batch registration of one shared activity
//! template for several peer mentors at once; the resulting activities point back through
//! `activities.bulk_batch_id`. A batch is atomic: all activities are created or none.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Processing state of a bulk registration.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum BulkRegistrationStatus {
    /// Being prepared; no activities created yet.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Submitted and being processed in one transaction.
    #[sea_orm(string_value = "processing")]
    Processing,
    /// All activities were created.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Validation failed for at least one activity; the whole batch was rolled back.
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// Where the batch's rows came from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum BulkRegistrationSource {
    /// Peer mentors picked in the app or admin portal.
    #[sea_orm(string_value = "manual")]
    Manual,
    /// A spreadsheet (CSV/Excel) uploaded by the coordinator.
    #[sea_orm(string_value = "file_upload")]
    FileUpload,
}

/// A batch registration of one activity for many peer mentors.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "BulkRegistrationsRow")
)]
#[sea_orm(table_name = "bulk_registrations")]
pub struct Model {
    /// Unique identifier of the batch.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the batch belongs to.
    pub organization_id: Uuid,
    /// Local association the batch registers for; all its peer mentors must belong to it.
    pub local_association_id: Uuid,
    /// Type of the activities the batch creates.
    pub activity_type_id: Uuid,
    /// Title given to every created activity (1 to 200 characters).
    pub title: Option<String>,
    /// Description given to every created activity (at most 5000 characters).
    pub description: Option<String>,
    /// Date and time of the shared activity.
    pub activity_date: DateTimeUtc,
    /// Duration of the shared activity in minutes (1 to 1440).
    pub duration_minutes: i32,
    /// Where the shared activity took place.
    pub location: Option<String>,
    /// Participants per created activity (at least 1).
    pub participant_count: Option<i32>,
    /// The selected peer mentors as a JSON list of user ids.
    #[sea_orm(column_type = "JsonBinary")]
    pub peer_mentor_ids: Json,
    /// Number of activities created (0 until completed; one per selected peer mentor when
    /// completed).
    pub activities_created: i32,
    /// Processing state of the batch.
    pub status: BulkRegistrationStatus,
    /// Where the batch's rows came from.
    pub source: BulkRegistrationSource,
    /// Name of the uploaded file, for file uploads.
    pub source_file_name: Option<String>,
    /// Why the batch failed (None unless failed).
    pub error_message: Option<String>,
    /// When processing finished (completed or failed).
    pub processed_at: Option<DateTimeUtc>,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last updated.
    pub updated_at: DateTimeUtc,
    /// The coordinator (or org admin) who made the bulk registration.
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
        fk_name = "fk_bulk_registrations_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_bulk_registrations_local_association_id"
    )]
    LocalAssociations,
    #[sea_orm(
        belongs_to = "crate::activity_types::Entity",
        from = "Column::ActivityTypeId",
        to = "crate::activity_types::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_bulk_registrations_activity_type_id"
    )]
    ActivityTypes,
    #[sea_orm(has_many = "crate::activities::Entity")]
    Activities,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::local_associations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LocalAssociations.def()
    }
}

impl Related<crate::activity_types::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActivityTypes.def()
    }
}

impl Related<crate::activities::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Activities.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
