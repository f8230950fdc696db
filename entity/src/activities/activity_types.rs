//! `activity_types` (scope T): the organization's categories of peer-mentor activity (home
//! visit, phone call, group session, ...), each with its Bufdir reporting category and the rules
//! saying which activity fields it requires.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How activities of a type count in the organization's Bufdir (government grant) report.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum BufdirReportingCategory {
    /// One-to-one support meeting in person (home visit, meeting at a café or hospital).
    #[sea_orm(string_value = "individual_support")]
    IndividualSupport,
    /// Support by phone call.
    #[sea_orm(string_value = "phone_support")]
    PhoneSupport,
    /// Support by video call, chat, e-mail or other digital channel.
    #[sea_orm(string_value = "digital_support")]
    DigitalSupport,
    /// Group session or peer group meeting with several participants.
    #[sea_orm(string_value = "group_activity")]
    GroupActivity,
    /// Open event such as a café meeting, information stand or lecture.
    #[sea_orm(string_value = "event")]
    Event,
    /// Training or course work done as a peer mentor.
    #[sea_orm(string_value = "training")]
    Training,
    /// Not counted in the Bufdir report (internal or administrative work).
    #[sea_orm(string_value = "not_reported")]
    NotReported,
}

/// A category of activity an organization's peer mentors can register.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ActivityTypesRow")
)]
#[sea_orm(table_name = "activity_types")]
pub struct Model {
    /// Unique identifier of the activity type.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) that defines the activity type.
    pub organization_id: Uuid,
    /// Stable machine key of the type, unique within the organization (e.g. "home_visit").
    pub key: String,
    /// Display name shown in the app (e.g. "Hjemmebesøk").
    pub name: String,
    /// Longer explanation of when to use the type.
    pub description: Option<String>,
    /// How activities of this type count in the Bufdir report.
    pub bufdir_category: BufdirReportingCategory,
    /// Whether an activity of this type must name a contact.
    pub requires_contact: bool,
    /// Whether an activity of this type must give a location.
    pub requires_location: bool,
    /// Whether an activity of this type must have a description.
    pub requires_description: bool,
    /// Whether an activity of this type needs at least one attached document as Bufdir evidence
    /// (e.g. an invitation or screenshot).
    pub requires_documentation: bool,
    /// Whether an activity of this type may have more than one participant.
    pub allows_multiple_participants: bool,
    /// Whether an activity of this type may carry an expense/reimbursement claim.
    pub allows_reimbursement: bool,
    /// Duration proposed for new activities of this type, in minutes (1 to 1440).
    pub default_duration_minutes: i32,
    /// Organization-specific extra fields collected in `activities.metadata`, as a JSON list of
    /// `{key, label, type, required}` objects (None = no extra fields).
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub custom_fields: Option<Json>,
    /// Position of the type in pickers (ascending).
    pub sort_order: i32,
    /// Whether new activities may use the type (inactive types stay on old activities).
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
        fk_name = "fk_activity_types_organization_id"
    )]
    Organizations,
    #[sea_orm(has_many = "crate::activities::Entity")]
    Activities,
    #[sea_orm(has_many = "crate::bulk_registrations::Entity")]
    BulkRegistrations,
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

impl Related<crate::bulk_registrations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::BulkRegistrations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
