//! Training and certification: courses, enrollments, certifications (with the append-only
//! renewal history) and reminders before expiry.

use async_graphql::MergedObject;

use crate::enum_filter;
use crate::filter::{BoolFilter, DateFilter, DateTimeFilter, IntFilter, StringFilter, UuidFilter};

use super::identity::User;
use super::tenancy::{LocalAssociation, Organization};

enum_filter!(CourseTypeFilter, entity::courses::CourseType);
enum_filter!(
    CourseDeliveryModeFilter,
    entity::courses::CourseDeliveryMode
);
enum_filter!(CourseStatusFilter, entity::courses::CourseStatus);
enum_filter!(
    CourseEnrollmentStatusFilter,
    entity::course_enrollments::CourseEnrollmentStatus
);
enum_filter!(
    CertificationStatusFilter,
    entity::certifications::CertificationStatus
);
enum_filter!(
    CertificationRenewalTriggerFilter,
    entity::certification_renewals::CertificationRenewalTrigger
);
enum_filter!(
    CertificationReminderChannelFilter,
    entity::certification_reminders::CertificationReminderChannel
);
enum_filter!(
    CertificationReminderStatusFilter,
    entity::certification_reminders::CertificationReminderStatus
);

entity_api! {
    /// A training or certification course offered by the organization (or one of its local
    /// associations), with prerequisites, schedule and seat capacity.
    node: Course, module: courses, one: course, many: courses, query: CoursesQuery,
    filter: CourseFilter {
        id: UuidFilter => Id,
        title: StringFilter => Title,
        course_type: CourseTypeFilter => CourseType,
        delivery_mode: CourseDeliveryModeFilter => DeliveryMode,
        status: CourseStatusFilter => Status,
        local_association_id: UuidFilter => LocalAssociationId,
        starts_at: DateTimeFilter => StartsAt,
        grants_certification: BoolFilter => GrantsCertification,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: CourseOrderField / CourseOrderBy { StartsAt => StartsAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization offering the course.
        organization: organizations => Organization via organization_id,
        /// The local association arranging the course, if not the organization centrally.
        local_association: local_associations => LocalAssociation via local_association_id,
    },
    has_many: {
        /// Enrollments in the course, in your scope.
        enrollments: course_enrollments => CourseEnrollment by CourseId order CreatedAt,
        /// Certifications issued on completing the course, in your scope.
        certifications: certifications => Certification by CourseId order CreatedAt,
    },
    mutations: CoursesMutation {
        inputs: CreateCourseInput / UpdateCourseInput,
        create: create_course, update: update_course, delete: delete_course,
        required: {
            /// Title shown to participants.
            title: String,
            /// Kind of training.
            course_type: entity::courses::CourseType,
            /// How the course is delivered.
            delivery_mode: entity::courses::CourseDeliveryMode,
        },
        defaulted: {
            /// Publication state (default draft).
            status: entity::courses::CourseStatus = entity::courses::CourseStatus::Draft,
            /// Ids of prerequisite courses as a JSON array (default none).
            prerequisite_course_ids: serde_json::Value = serde_json::json!([]),
            /// Whether completion issues a certification (default false).
            grants_certification: bool = false,
        },
        optional: {
            /// Local association arranging the course.
            local_association_id: uuid::Uuid,
            /// Description of content and target group.
            description: String,
            /// Start of the course.
            starts_at: chrono::DateTime<chrono::Utc>,
            /// End of the course.
            ends_at: chrono::DateTime<chrono::Utc>,
            /// Last moment to enroll.
            enrollment_deadline: chrono::DateTime<chrono::Utc>,
            /// Venue or meeting link.
            location: String,
            /// Instructor or course leader.
            instructor_name: String,
            /// Maximum number of participants (1 to 10000; null = unlimited).
            seat_capacity: i32,
            /// Validity of issued certifications in months (1 to 120).
            certification_validity_months: i32,
        },
        fixed: {},
        validate: {
            title: not_blank("required_fields"),
            title: max_len(200, "title_length"),
            description: max_len(4000, "description_length"),
            location: max_len(300, "location_length"),
            instructor_name: max_len(200, "name_length"),
            seat_capacity: range(1, 10_000, "seat_capacity_range"),
            certification_validity_months: range(1, 120, "certification_validity_range"),
        },
    },
    extra: {},
}

entity_api! {
    /// A user's enrollment in a course: status, completion and the certification it led to.
    node: CourseEnrollment, module: course_enrollments, one: course_enrollment, many: course_enrollments, query: CourseEnrollmentsQuery,
    filter: CourseEnrollmentFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        course_id: UuidFilter => CourseId,
        status: CourseEnrollmentStatusFilter => Status,
        enrolled_at: DateTimeFilter => EnrolledAt,
        completed_at: DateTimeFilter => CompletedAt,
        certification_id: UuidFilter => CertificationId,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: CourseEnrollmentOrderField / CourseEnrollmentOrderBy { EnrolledAt => EnrolledAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The enrolled user.
        user: users => User via user_id,
        /// The course.
        course: courses => Course via course_id,
        /// The certification issued on completion.
        certification: certifications => Certification via certification_id,
    },
    has_many: {
        /// Certification renewals earned by the enrollment in your scope, oldest first.
        certification_renewals: certification_renewals => CertificationRenewal by CourseEnrollmentId order RenewedAt,
    },
    mutations: CourseEnrollmentsMutation {
        inputs: CreateCourseEnrollmentInput / UpdateCourseEnrollmentInput,
        create: create_course_enrollment, update: update_course_enrollment, delete: delete_course_enrollment,
        required: {
            /// The user to enroll (yourself, or a mentor in your reach).
            user_id: uuid::Uuid,
            /// The course.
            course_id: uuid::Uuid,
            /// When the user enrolled.
            enrolled_at: chrono::DateTime<chrono::Utc>,
        },
        defaulted: {
            /// Enrollment status (default pending).
            status: entity::course_enrollments::CourseEnrollmentStatus = entity::course_enrollments::CourseEnrollmentStatus::Pending,
            /// Whether completion makes the user eligible for certification (default false).
            certification_eligible: bool = false,
        },
        optional: {
            /// When the user completed the course.
            completed_at: chrono::DateTime<chrono::Utc>,
            /// When the enrollment was cancelled.
            cancelled_at: chrono::DateTime<chrono::Utc>,
            /// Whether the user attended.
            attended: bool,
            /// Certification issued on completion.
            certification_id: uuid::Uuid,
            /// Remarks.
            notes: String,
        },
        fixed: {},
        validate: { notes: max_len(2000, "notes_length") },
    },
    extra: {},
}

entity_api! {
    /// A certificate earned by a user, with validity period and physical card; its expiry
    /// drives the auto-pause of peer mentors.
    node: Certification, module: certifications, one: certification, many: certifications, query: CertificationsQuery,
    filter: CertificationFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        course_id: UuidFilter => CourseId,
        name: StringFilter => Name,
        status: CertificationStatusFilter => Status,
        issued_on: DateFilter => IssuedOn,
        expires_on: DateFilter => ExpiresOn,
        physical_card_issued: BoolFilter => PhysicalCardIssued,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: CertificationOrderField / CertificationOrderBy { ExpiresOn => ExpiresOn, CreatedAt => CreatedAt },
    belongs_to: {
        /// The certified user.
        user: users => User via user_id,
        /// The course whose completion issued the certification.
        course: courses => Course via course_id,
        /// Who issued or registered the certification.
        issued_by: users => User via issued_by_id,
    },
    has_many: {
        /// Renewals of the certification, oldest first.
        renewals: certification_renewals => CertificationRenewal by CertificationId order RenewedAt,
        /// Reminders scheduled before expiry.
        reminders: certification_reminders => CertificationReminder by CertificationId order RemindAt,
        /// Enrollments that resulted in this certification.
        enrollments: course_enrollments => CourseEnrollment by CertificationId order CreatedAt,
    },
    mutations: CertificationsMutation {
        inputs: CreateCertificationInput / UpdateCertificationInput,
        create: create_certification, update: update_certification, delete: delete_certification,
        required: {
            /// The certified user (a mentor in your reach).
            user_id: uuid::Uuid,
            /// Name of the certification.
            name: String,
            /// Date of issue.
            issued_on: chrono::NaiveDate,
        },
        defaulted: {
            /// Validity state (default active).
            status: entity::certifications::CertificationStatus = entity::certifications::CertificationStatus::Active,
            /// Whether a physical card has been issued (default false).
            physical_card_issued: bool = false,
        },
        optional: {
            /// Course whose completion issued the certification.
            course_id: uuid::Uuid,
            /// Certificate number.
            certificate_number: String,
            /// Last valid date.
            expires_on: chrono::NaiveDate,
            /// Date the physical card was issued.
            physical_card_issued_on: chrono::NaiveDate,
            /// URL of the digital certificate.
            digital_certificate_url: String,
            /// Who issued the certification.
            issued_by_id: uuid::Uuid,
            /// When it was revoked.
            revoked_at: chrono::DateTime<chrono::Utc>,
            /// Why it was revoked.
            revocation_reason: String,
        },
        fixed: {},
        validate: {
            name: not_blank("required_fields"),
            name: max_len(200, "name_length"),
            certificate_number: max_len(64, "certificate_number_length"),
            digital_certificate_url: max_len(2048, "url_length"),
            revocation_reason: max_len(1000, "revocation_reason_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// One renewal of a certification (append-only history).
    node: CertificationRenewal, module: certification_renewals, one: certification_renewal, many: certification_renewals, query: CertificationRenewalsQuery,
    filter: CertificationRenewalFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        certification_id: UuidFilter => CertificationId,
        trigger_type: CertificationRenewalTriggerFilter => TriggerType,
        renewed_at: DateTimeFilter => RenewedAt,
        new_expires_on: DateFilter => NewExpiresOn,
    },
    order: CertificationRenewalOrderField / CertificationRenewalOrderBy { RenewedAt => RenewedAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The certified user.
        user: users => User via user_id,
        /// The renewed certification.
        certification: certifications => Certification via certification_id,
        /// The refresher-course enrollment behind the renewal.
        course_enrollment: course_enrollments => CourseEnrollment via course_enrollment_id,
    },
    has_many: {},
    mutations: none,
    extra: {},
}

entity_api! {
    /// A reminder scheduled before a certification expires.
    node: CertificationReminder, module: certification_reminders, one: certification_reminder, many: certification_reminders, query: CertificationRemindersQuery,
    filter: CertificationReminderFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        certification_id: UuidFilter => CertificationId,
        channel: CertificationReminderChannelFilter => Channel,
        status: CertificationReminderStatusFilter => Status,
        remind_at: DateTimeFilter => RemindAt,
        days_before_expiry: IntFilter => DaysBeforeExpiry,
    },
    order: CertificationReminderOrderField / CertificationReminderOrderBy { RemindAt => RemindAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The user to remind.
        user: users => User via user_id,
        /// The certification about to expire.
        certification: certifications => Certification via certification_id,
    },
    has_many: {},
    mutations: CertificationRemindersMutation {
        inputs: CreateCertificationReminderInput / UpdateCertificationReminderInput,
        create: create_certification_reminder, update: update_certification_reminder, delete: delete_certification_reminder,
        required: {
            /// The certification holder.
            user_id: uuid::Uuid,
            /// The certification.
            certification_id: uuid::Uuid,
            /// When to send the reminder.
            remind_at: chrono::DateTime<chrono::Utc>,
            /// Days before expiry (0 to 365).
            days_before_expiry: i32,
        },
        defaulted: {
            /// Delivery channel (default push).
            channel: entity::certification_reminders::CertificationReminderChannel = entity::certification_reminders::CertificationReminderChannel::Push,
            /// Whether the coordinator is notified too (default false).
            notify_coordinator: bool = false,
        },
        optional: {},
        fixed: {
            status: entity::certification_reminders::CertificationReminderStatus::Scheduled,
        },
        validate: { days_before_expiry: range(0, 365, "days_before_expiry_range") },
    },
    extra: {},
}

/// Root query fields of the training domain.
#[derive(MergedObject, Default)]
pub struct TrainingQuery(
    CoursesQuery,
    CourseEnrollmentsQuery,
    CertificationsQuery,
    CertificationRenewalsQuery,
    CertificationRemindersQuery,
);

/// Mutations of the training domain.
#[derive(MergedObject, Default)]
pub struct TrainingMutation(
    CoursesMutation,
    CourseEnrollmentsMutation,
    CertificationsMutation,
    CertificationRemindersMutation,
);
