//! `home_visit_reports` (scope T): the structured form a peer mentor fills in after a home visit:
//! health status, course interest, assistive devices and follow-up actions.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a home visit report is in its review.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum HomeVisitReportStatus {
    /// Being written by the peer mentor.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Submitted to the coordinator.
    #[sea_orm(string_value = "submitted")]
    Submitted,
    /// Read and handled by a coordinator.
    #[sea_orm(string_value = "reviewed")]
    Reviewed,
}

/// The contact's situation with assistive devices (hjelpemidler) as seen on the visit.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum HomeVisitAssistiveDeviceStatus {
    /// The contact needs no assistive devices.
    #[sea_orm(string_value = "not_needed")]
    NotNeeded,
    /// The contact's devices meet their needs.
    #[sea_orm(string_value = "adequate")]
    Adequate,
    /// Existing devices need adjustment or repair.
    #[sea_orm(string_value = "needs_adjustment")]
    NeedsAdjustment,
    /// The contact needs a new device.
    #[sea_orm(string_value = "needs_new")]
    NeedsNew,
    /// An application to NAV Hjelpemiddelsentral is pending.
    #[sea_orm(string_value = "application_pending")]
    ApplicationPending,
}

/// A report written after a home visit.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "HomeVisitReportsRow")
)]
#[sea_orm(table_name = "home_visit_reports")]
pub struct Model {
    /// Unique identifier of the report.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the report belongs to.
    pub organization_id: Uuid,
    /// Contact who was visited.
    pub contact_id: Uuid,
    /// Peer mentor who made the visit and writes the report.
    pub peer_mentor_id: Uuid,
    /// Date of the visit.
    pub visit_date: Date,
    /// Where the report is in its review.
    pub status: HomeVisitReportStatus,
    /// The contact's health status as observed on the visit; special-category data with the same
    /// readers as the contact's health notes.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub health_status: Option<String>,
    /// Whether the contact is interested in a course (e.g. a coping course).
    pub course_interest: bool,
    /// Which courses or topics the contact is interested in.
    pub course_interest_notes: Option<String>,
    /// The contact's situation with assistive devices (None = not assessed).
    pub assistive_device_status: Option<HomeVisitAssistiveDeviceStatus>,
    /// Details about the assistive devices needed or in use.
    pub assistive_device_notes: Option<String>,
    /// Whether the visit calls for a follow-up.
    pub follow_up_required: bool,
    /// The follow-up actions agreed on the visit.
    pub follow_up_actions: Option<String>,
    /// Date the follow-up should be done by (never before the visit).
    pub follow_up_due_date: Option<Date>,
    /// When the mentor submitted the report (None while a draft).
    pub submitted_at: Option<DateTimeUtc>,
    /// Coordinator who reviewed the report.
    pub reviewed_by_id: Option<Uuid>,
    /// When the report was reviewed.
    pub reviewed_at: Option<DateTimeUtc>,
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
        fk_name = "fk_home_visit_reports_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::contacts::Entity",
        from = "Column::ContactId",
        to = "crate::contacts::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_home_visit_reports_contact_id"
    )]
    Contacts,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::PeerMentorId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_home_visit_reports_peer_mentor_id"
    )]
    PeerMentor,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::ReviewedById",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_home_visit_reports_reviewed_by_id"
    )]
    ReviewedBy,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::contacts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contacts.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PeerMentor.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
