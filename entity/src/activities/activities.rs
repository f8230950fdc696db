//! `activities` (scope T, seed 003 binding): a logged interaction between a peer mentor and one
//! or more contacts (home visit, phone call, group session, meeting). The fundamental unit of
//! work: drives Bufdir reporting, statistics, expense linkage, approval and gamification.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Lifecycle status of an activity in the approval workflow
/// (draft -> pending_review -> approved / rejected / flagged; flagged -> approved / rejected).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    /// Saved but not yet submitted for review; only the peer mentor works on it.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Submitted and waiting for a coordinator or org admin to review it.
    #[sea_orm(string_value = "pending_review")]
    PendingReview,
    /// Approved; the only status that counts in Bufdir reports and honorarium thresholds.
    #[sea_orm(string_value = "approved")]
    Approved,
    /// Rejected by a coordinator or org admin; not counted anywhere.
    #[sea_orm(string_value = "rejected")]
    Rejected,
    /// Flagged as suspicious or a possible duplicate; waits for resolution to approved or rejected.
    #[sea_orm(string_value = "flagged")]
    Flagged,
}

/// A registered peer-mentor activity.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ActivitiesRow")
)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    /// Unique identifier of the activity.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the activity belongs to; isolates tenants and attributes Bufdir
    /// reporting.
    pub organization_id: Uuid,
    /// The peer mentor who performed the activity and owns it. For a proxy registration this is
    /// the peer mentor on whose behalf it was registered, not the coordinator who submitted it.
    pub user_id: Uuid,
    /// The primary contact the activity was with (None for group activities without one contact).
    pub contact_id: Option<Uuid>,
    /// Local association the activity is attributed to; used for regional reporting and
    /// coordinator scoping.
    pub local_association_id: Option<Uuid>,
    /// Type of the activity; decides which fields are required and how it counts in Bufdir reports.
    pub activity_type_id: Uuid,
    /// Short descriptive title (1 to 200 characters); generated from the type and contact name
    /// when not given.
    pub title: Option<String>,
    /// Free-text notes: observations, follow-up items, qualitative context (at most 5000
    /// characters; speech-to-text friendly).
    pub description: Option<String>,
    /// Date and time the activity took place (at most 24 hours in the future when registered).
    pub activity_date: DateTimeUtc,
    /// Duration of the activity in minutes (1 to 1440; quick-log default 30).
    pub duration_minutes: i32,
    /// Where the activity took place (free text or address).
    pub location: Option<String>,
    /// Status in the approval workflow; changed only through the approval workflow.
    pub status: ActivityStatus,
    /// Whether a coordinator registered the activity on behalf of the peer mentor.
    pub is_proxy_registration: bool,
    /// The coordinator who submitted a proxy registration (None unless `is_proxy_registration`).
    pub proxy_submitted_by: Option<Uuid>,
    /// Whether the activity was created by a bulk registration.
    pub is_bulk_registration: bool,
    /// The bulk registration batch that created the activity (None unless `is_bulk_registration`).
    pub bulk_batch_id: Option<Uuid>,
    /// The event the activity belongs to (None for activities outside events).
    pub event_id: Option<Uuid>,
    /// Number of participants (at least 1; 1 for individual interactions).
    pub participant_count: Option<i32>,
    /// Whether expense/reimbursement claims are attached to the activity.
    pub has_reimbursement: bool,
    /// Identifier of the device or external calendar event the activity was created from.
    pub calendar_event_id: Option<String>,
    /// Organization-specific data and custom fields (see the activity type's `custom_fields`).
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub metadata: Option<Json>,
    /// When the activity was last synced from an offline device (None if created online).
    pub synced_at: Option<DateTimeUtc>,
    /// Hash of the imported source record, for idempotent bulk re-import.
    pub import_hash: Option<String>,
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
        fk_name = "fk_activities_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_activities_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::contacts::Entity",
        from = "Column::ContactId",
        to = "crate::contacts::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_activities_contact_id"
    )]
    Contacts,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_activities_local_association_id"
    )]
    LocalAssociations,
    #[sea_orm(
        belongs_to = "crate::activity_types::Entity",
        from = "Column::ActivityTypeId",
        to = "crate::activity_types::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_activities_activity_type_id"
    )]
    ActivityTypes,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::ProxySubmittedBy",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_activities_proxy_submitted_by"
    )]
    ProxySubmitter,
    #[sea_orm(
        belongs_to = "crate::bulk_registrations::Entity",
        from = "Column::BulkBatchId",
        to = "crate::bulk_registrations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_activities_bulk_batch_id"
    )]
    BulkRegistrations,
    #[sea_orm(has_many = "crate::activity_documents::Entity")]
    ActivityDocuments,
    #[sea_orm(has_many = "crate::activity_logs::Entity")]
    ActivityLogs,
    #[sea_orm(has_many = "crate::activity_flags::Entity")]
    ActivityFlags,
    #[sea_orm(has_many = "crate::delegation_grants::Entity")]
    DelegationGrants,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<crate::contacts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contacts.def()
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

impl Related<crate::bulk_registrations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::BulkRegistrations.def()
    }
}

impl Related<crate::activity_documents::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActivityDocuments.def()
    }
}

impl Related<crate::activity_logs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActivityLogs.def()
    }
}

impl Related<crate::activity_flags::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActivityFlags.def()
    }
}

impl Related<crate::delegation_grants::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DelegationGrants.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
