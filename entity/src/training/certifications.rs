//! `certifications` (scope T): a certificate a user has earned, with validity period and
//! physical card flag; its expiry drives the auto-pause of peer mentors.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Validity state of a certification.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CertificationStatus {
    /// The certification is valid.
    #[sea_orm(string_value = "active")]
    Active,
    /// Still valid, but expires soon; a renewal is due.
    #[sea_orm(string_value = "expiring_soon")]
    ExpiringSoon,
    /// The expiry date has passed without renewal.
    #[sea_orm(string_value = "expired")]
    Expired,
    /// Withdrawn by the organization before its expiry.
    #[sea_orm(string_value = "revoked")]
    Revoked,
}

/// A certificate earned by a user.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "CertificationsRow")
)]
#[sea_orm(table_name = "certifications")]
pub struct Model {
    /// Unique identifier of the certification.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) that issued the certification.
    pub organization_id: Uuid,
    /// The certified user.
    pub user_id: Uuid,
    /// Course whose completion issued the certification (None for certifications registered
    /// without a course in the platform).
    pub course_id: Option<Uuid>,
    /// Name of the certification (e.g. "Godkjent likeperson").
    pub name: String,
    /// Certificate number printed on the certificate or card.
    pub certificate_number: Option<String>,
    /// Validity state of the certification.
    pub status: CertificationStatus,
    /// Date the certification was issued.
    pub issued_on: Date,
    /// Last date the certification is valid (None = does not expire).
    pub expires_on: Option<Date>,
    /// Whether a physical certificate card has been issued.
    pub physical_card_issued: bool,
    /// Date the physical card was issued (None while no card has been issued).
    pub physical_card_issued_on: Option<Date>,
    /// URL or storage reference of the digital certificate.
    pub digital_certificate_url: Option<String>,
    /// Coordinator or admin who issued or registered the certification.
    pub issued_by_id: Option<Uuid>,
    /// When the certification was revoked (None unless revoked).
    pub revoked_at: Option<DateTimeUtc>,
    /// Why the certification was revoked.
    pub revocation_reason: Option<String>,
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
        fk_name = "fk_certifications_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_certifications_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::IssuedById",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_certifications_issued_by_id"
    )]
    IssuedBy,
    #[sea_orm(
        belongs_to = "crate::courses::Entity",
        from = "Column::CourseId",
        to = "crate::courses::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_certifications_course_id"
    )]
    Courses,
    #[sea_orm(has_many = "crate::certification_renewals::Entity")]
    CertificationRenewals,
    #[sea_orm(has_many = "crate::certification_reminders::Entity")]
    CertificationReminders,
    #[sea_orm(has_many = "crate::course_enrollments::Entity")]
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

impl Related<crate::courses::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Courses.def()
    }
}

impl Related<crate::certification_renewals::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CertificationRenewals.def()
    }
}

impl Related<crate::certification_reminders::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CertificationReminders.def()
    }
}

impl Related<crate::course_enrollments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CourseEnrollments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
