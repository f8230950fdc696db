//! `course_enrollments` (scope T): a user's enrollment in a course, with status, completion and
//! the certification it resulted in.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where an enrollment stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CourseEnrollmentStatus {
    /// Registered and awaiting confirmation (e.g. prerequisite check by a coordinator).
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Confirmed seat on the course.
    #[sea_orm(string_value = "enrolled")]
    Enrolled,
    /// The course is full; the user gets a seat if one frees up.
    #[sea_orm(string_value = "waitlisted")]
    Waitlisted,
    /// The user completed the course.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// The user attended but did not pass or did not finish.
    #[sea_orm(string_value = "not_completed")]
    NotCompleted,
    /// The enrollment was cancelled by the user or a coordinator.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

/// A user's enrollment in a course.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "CourseEnrollmentsRow")
)]
#[sea_orm(table_name = "course_enrollments")]
pub struct Model {
    /// Unique identifier of the enrollment.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the enrollment belongs to.
    pub organization_id: Uuid,
    /// The enrolled user (peer mentor or coordinator).
    pub user_id: Uuid,
    /// The course enrolled in.
    pub course_id: Uuid,
    /// Where the enrollment stands.
    pub status: CourseEnrollmentStatus,
    /// When the user enrolled.
    pub enrolled_at: DateTimeUtc,
    /// When the user completed the course (None until completed).
    pub completed_at: Option<DateTimeUtc>,
    /// When the enrollment was cancelled (None unless cancelled).
    pub cancelled_at: Option<DateTimeUtc>,
    /// Whether the user attended the course sessions (None until recorded).
    pub attended: Option<bool>,
    /// Whether completion makes the user eligible for the course's certification.
    pub certification_eligible: bool,
    /// Certification issued on completion (None until issued).
    pub certification_id: Option<Uuid>,
    /// Free-text remarks from the coordinator or course leader.
    pub notes: Option<String>,
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
        fk_name = "fk_course_enrollments_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_course_enrollments_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::courses::Entity",
        from = "Column::CourseId",
        to = "crate::courses::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_course_enrollments_course_id"
    )]
    Courses,
    #[sea_orm(
        belongs_to = "crate::certifications::Entity",
        from = "Column::CertificationId",
        to = "crate::certifications::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_course_enrollments_certification_id"
    )]
    Certifications,
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

impl Related<crate::courses::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Courses.def()
    }
}

impl Related<crate::certifications::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Certifications.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
