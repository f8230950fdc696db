//! Tables of the training domain group (DATA-MODEL.md): courses, certifications, course
//! enrollments, certification renewals (append-only) and certification reminders.

use entity::*;
use sea_orm_migration::prelude::*;

use crate::tables::{check, create, drop, enum_check, idx, uq_where_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(
            m,
            courses::Entity,
            vec![
                enum_check::<courses::CourseType>("course_type"),
                enum_check::<courses::CourseDeliveryMode>("delivery_mode"),
                enum_check::<courses::CourseStatus>("status"),
                check("seat_capacity IS NULL OR seat_capacity > 0"),
                check(
                    "certification_validity_months IS NULL OR certification_validity_months BETWEEN 1 AND 120",
                ),
                check("starts_at IS NULL OR ends_at IS NULL OR ends_at >= starts_at"),
            ],
            &[
                idx(&["organization_id", "starts_at"]),
                idx(&["organization_id", "status", "starts_at"]),
                idx(&["organization_id", "local_association_id"]),
                idx(&["organization_id", "created_at"]),
            ],
        )
        .await?;
        create(
            m,
            certifications::Entity,
            vec![
                enum_check::<certifications::CertificationStatus>("status"),
                check("expires_on IS NULL OR expires_on >= issued_on"),
                check("physical_card_issued_on IS NULL OR physical_card_issued"),
            ],
            &[
                idx(&["organization_id", "user_id"]),
                idx(&["organization_id", "expires_on"]),
                idx(&["organization_id", "status", "expires_on"]),
                idx(&["organization_id", "course_id"]),
                idx(&["organization_id", "issued_by_id"]),
                idx(&["organization_id", "created_at"]),
            ],
        )
        .await?;
        create(
            m,
            course_enrollments::Entity,
            vec![
                enum_check::<course_enrollments::CourseEnrollmentStatus>("status"),
                check("completed_at IS NULL OR completed_at >= enrolled_at"),
            ],
            &[
                uq_where_null(&["organization_id", "course_id", "user_id"], "deleted_at"),
                idx(&["organization_id", "course_id", "status"]),
                idx(&["organization_id", "user_id"]),
                idx(&["organization_id", "status"]),
                idx(&["organization_id", "enrolled_at"]),
                idx(&["certification_id"]),
            ],
        )
        .await?;
        create(
            m,
            certification_renewals::Entity,
            vec![
                enum_check::<certification_renewals::CertificationRenewalTrigger>("trigger_type"),
                check("previous_expires_on IS NULL OR new_expires_on >= previous_expires_on"),
            ],
            &[
                idx(&["organization_id", "certification_id", "renewed_at"]),
                idx(&["organization_id", "user_id"]),
                idx(&["organization_id", "renewed_at"]),
                idx(&["course_enrollment_id"]),
            ],
        )
        .await?;
        create(
            m,
            certification_reminders::Entity,
            vec![
                enum_check::<certification_reminders::CertificationReminderChannel>("channel"),
                enum_check::<certification_reminders::CertificationReminderStatus>("status"),
                check("days_before_expiry BETWEEN 0 AND 365"),
            ],
            &[
                idx(&["organization_id", "status", "remind_at"]),
                idx(&["organization_id", "certification_id"]),
                idx(&["organization_id", "user_id"]),
                idx(&["organization_id", "remind_at"]),
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop(m, certification_reminders::Entity).await?;
        drop(m, certification_renewals::Entity).await?;
        drop(m, course_enrollments::Entity).await?;
        drop(m, certifications::Entity).await?;
        drop(m, courses::Entity).await
    }
}
