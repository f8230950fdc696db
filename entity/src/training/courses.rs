//! `courses` (scope T): training and certification courses offered to peer mentors and
//! coordinators, with prerequisites, schedule and seat capacity.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What kind of training a course is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CourseType {
    /// Introductory training every new peer mentor takes (grunnkurs).
    #[sea_orm(string_value = "basic_training")]
    BasicTraining,
    /// A course whose completion issues a peer mentor certification.
    #[sea_orm(string_value = "certification")]
    Certification,
    /// A refresher course that renews an existing certification.
    #[sea_orm(string_value = "refresher")]
    Refresher,
    /// Further training in a specialization (e.g. hearing loss, visual impairment).
    #[sea_orm(string_value = "specialization")]
    Specialization,
    /// Coordinator or organizational training.
    #[sea_orm(string_value = "coordinator_training")]
    CoordinatorTraining,
}

/// How a course is delivered.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CourseDeliveryMode {
    /// Participants meet in person at the course location.
    #[sea_orm(string_value = "in_person")]
    InPerson,
    /// The course runs online (video meeting or e-learning).
    #[sea_orm(string_value = "online")]
    Online,
    /// Part in person, part online.
    #[sea_orm(string_value = "hybrid")]
    Hybrid,
}

/// Publication state of a course.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CourseStatus {
    /// Being prepared; not yet open for enrollment.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Published and open for enrollment.
    #[sea_orm(string_value = "open")]
    Open,
    /// All seats are taken or the enrollment deadline has passed.
    #[sea_orm(string_value = "closed")]
    Closed,
    /// The course has been held.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// The course was cancelled.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

/// A training or certification course offered by an organization.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "CoursesRow")
)]
#[sea_orm(table_name = "courses")]
pub struct Model {
    /// Unique identifier of the course.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) offering the course.
    pub organization_id: Uuid,
    /// Local association arranging the course (None = arranged by the organization centrally).
    pub local_association_id: Option<Uuid>,
    /// Title of the course as shown to participants.
    pub title: String,
    /// Description of content, target group and learning goals.
    pub description: Option<String>,
    /// Kind of training the course provides.
    pub course_type: CourseType,
    /// How the course is delivered.
    pub delivery_mode: CourseDeliveryMode,
    /// Publication state of the course.
    pub status: CourseStatus,
    /// Ids of the courses a participant must have completed before enrolling (JSON array of UUIDs).
    #[sea_orm(column_type = "JsonBinary")]
    pub prerequisite_course_ids: Json,
    /// When the course starts.
    pub starts_at: Option<DateTimeUtc>,
    /// When the course ends.
    pub ends_at: Option<DateTimeUtc>,
    /// Last moment to enroll (None = until the course starts).
    pub enrollment_deadline: Option<DateTimeUtc>,
    /// Venue or meeting link of the course.
    pub location: Option<String>,
    /// Name of the instructor or course leader.
    pub instructor_name: Option<String>,
    /// Maximum number of enrolled participants (None = unlimited).
    pub seat_capacity: Option<i32>,
    /// Whether completing the course issues a certification.
    pub grants_certification: bool,
    /// How many months an issued certification stays valid (None = does not expire).
    pub certification_validity_months: Option<i32>,
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
        fk_name = "fk_courses_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_courses_local_association_id"
    )]
    LocalAssociations,
    #[sea_orm(has_many = "crate::course_enrollments::Entity")]
    CourseEnrollments,
    #[sea_orm(has_many = "crate::certifications::Entity")]
    Certifications,
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

impl Related<crate::course_enrollments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CourseEnrollments.def()
    }
}

impl Related<crate::certifications::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Certifications.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
