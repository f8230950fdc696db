//! `demo_requests` (scope G): demo bookings from the sales website. Platform data: only global
//! admins (the sales team) see or handle them.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a demo request stands in the sales process.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum DemoRequestStatus {
    /// Submitted, nobody has followed up yet.
    #[sea_orm(string_value = "new")]
    New,
    /// Sales has contacted the requester.
    #[sea_orm(string_value = "contacted")]
    Contacted,
    /// A demo is booked (see `scheduled_at`).
    #[sea_orm(string_value = "scheduled")]
    Scheduled,
    /// The demo took place.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// The organization became a customer (see `converted_organization_id`).
    #[sea_orm(string_value = "converted")]
    Converted,
    /// Not pursued (declined, spam or duplicate).
    #[sea_orm(string_value = "closed")]
    Closed,
}

/// A demo booking from the sales website.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "DemoRequestsRow")
)]
#[sea_orm(table_name = "demo_requests")]
pub struct Model {
    /// Unique identifier of the demo request.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Name of the organization asking for a demo.
    pub organization_name: String,
    /// Name of the person asking.
    pub contact_name: String,
    /// Email address of the person asking.
    pub contact_email: String,
    /// Phone number of the person asking.
    pub contact_phone: Option<String>,
    /// Role or title of the person asking (e.g. "Daglig leder").
    pub contact_role: Option<String>,
    /// Approximate number of peer mentors in the organization (0 or more).
    pub estimated_peer_mentors: Option<i32>,
    /// Message from the booking form.
    pub message: Option<String>,
    /// Time the requester would prefer for the demo.
    pub preferred_time: Option<DateTimeUtc>,
    /// Time the demo is booked for (None until scheduled).
    pub scheduled_at: Option<DateTimeUtc>,
    /// Where the request stands in the sales process.
    pub status: DemoRequestStatus,
    /// Where the requester came from (e.g. "website", a campaign tag).
    pub source: Option<String>,
    /// Whether the requester agreed to be contacted about the demo (GDPR consent).
    pub consent_to_contact: bool,
    /// Global admin handling the request.
    pub assigned_to_user_id: Option<Uuid>,
    /// Internal notes of the sales team.
    pub internal_notes: Option<String>,
    /// Organization created for the requester once converted.
    pub converted_organization_id: Option<Uuid>,
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
        belongs_to = "crate::users::Entity",
        from = "Column::AssignedToUserId",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_demo_requests_assigned_to_user_id"
    )]
    AssignedToUser,
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::ConvertedOrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_demo_requests_converted_organization_id"
    )]
    ConvertedOrganization,
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AssignedToUser.def()
    }
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ConvertedOrganization.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
