//! `certification_renewals` (scope T, append-only): each renewal of a certification, with the
//! new expiry date and what triggered it.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What triggered a certification renewal.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CertificationRenewalTrigger {
    /// The certified user requested the renewal.
    #[sea_orm(string_value = "user_initiated")]
    UserInitiated,
    /// A coordinator or admin renewed the certification.
    #[sea_orm(string_value = "coordinator")]
    Coordinator,
    /// Completing a refresher course renewed the certification.
    #[sea_orm(string_value = "course_completion")]
    CourseCompletion,
    /// The platform renewed it automatically (e.g. after a reminder was answered).
    #[sea_orm(string_value = "automatic")]
    Automatic,
}

/// One renewal of a certification (immutable).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "CertificationRenewalsRow")
)]
#[sea_orm(table_name = "certification_renewals")]
pub struct Model {
    /// Unique identifier of the renewal.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the renewal belongs to.
    pub organization_id: Uuid,
    /// The certified user (copied from the certification).
    pub user_id: Uuid,
    /// The renewed certification.
    pub certification_id: Uuid,
    /// Enrollment in the refresher course that led to the renewal, if any.
    pub course_enrollment_id: Option<Uuid>,
    /// When the renewal took effect.
    pub renewed_at: DateTimeUtc,
    /// Expiry date before the renewal (None if the certification had no expiry).
    pub previous_expires_on: Option<Date>,
    /// Expiry date after the renewal.
    pub new_expires_on: Date,
    /// What triggered the renewal.
    pub trigger_type: CertificationRenewalTrigger,
    /// Free-text remarks on the renewal.
    pub notes: Option<String>,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last updated.
    pub updated_at: DateTimeUtc,
    /// User who created the row (None for system writes).
    pub created_by_id: Option<Uuid>,
    /// User who last updated the row (None for system writes).
    pub updated_by_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_certification_renewals_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_certification_renewals_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::certifications::Entity",
        from = "Column::CertificationId",
        to = "crate::certifications::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_certification_renewals_certification_id"
    )]
    Certifications,
    #[sea_orm(
        belongs_to = "crate::course_enrollments::Entity",
        from = "Column::CourseEnrollmentId",
        to = "crate::course_enrollments::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_certification_renewals_course_enrollment_id"
    )]
    CourseEnrollments,
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

impl Related<crate::certifications::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Certifications.def()
    }
}

impl Related<crate::course_enrollments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CourseEnrollments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
