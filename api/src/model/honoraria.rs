//! Honoraria and agreements of the peer mentor domain: honorarium thresholds and their
//! crossings (seed 002 `assignment_threshold_honorar`), driver honorariums and driver
//! confidentiality declarations, NDAs. Their root fields are merged into the peer mentor
//! domain's (`peer_mentors::PeerMentorsQuery`).

use crate::enum_filter;
use crate::filter::{BoolFilter, DateFilter, DateTimeFilter, IntFilter, StringFilter, UuidFilter};

use super::assignments::Assignment;
use super::identity::User;
use super::tenancy::Organization;

enum_filter!(
    HonorariumThresholdKindFilter,
    entity::honorarium_thresholds::HonorariumThresholdKind
);
enum_filter!(
    AssignmentHonorariumStatusFilter,
    entity::assignment_honorarium_records::AssignmentHonorariumStatus
);
enum_filter!(
    DriverHonorariumStatusFilter,
    entity::driver_honorariums::DriverHonorariumStatus
);
enum_filter!(
    DriverDeclarationSignatureMethodFilter,
    entity::driver_confidentiality_declarations::DriverDeclarationSignatureMethod
);
enum_filter!(
    NdaAgreementStatusFilter,
    entity::nda_agreements::NdaAgreementStatus
);
enum_filter!(
    NdaSignatureMethodFilter,
    entity::nda_agreements::NdaSignatureMethod
);

entity_api! {
    /// An assignment-count milestone of the organization's honorarium scheme (e.g. 3rd
    /// assignment = office honorarium, 15th = higher rate).
    node: HonorariumThreshold, module: honorarium_thresholds, one: honorarium_threshold, many: honorarium_thresholds, query: HonorariumThresholdsQuery,
    filter: HonorariumThresholdFilter {
        id: UuidFilter => Id,
        name: StringFilter => Name,
        kind: HonorariumThresholdKindFilter => Kind,
        assignment_count: IntFilter => AssignmentCount,
        is_active: BoolFilter => IsActive,
    },
    order: HonorariumThresholdOrderField / HonorariumThresholdOrderBy { AssignmentCount => AssignmentCount, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization.
        organization: organizations => Organization via organization_id,
    },
    has_many: {
        /// Crossings of this threshold, in your scope.
        crossings: assignment_honorarium_records => AssignmentHonorariumRecord by HonorariumThresholdId order CrossedAt,
    },
    mutations: HonorariumThresholdsMutation {
        inputs: CreateHonorariumThresholdInput / UpdateHonorariumThresholdInput,
        create: create_honorarium_threshold, update: update_honorarium_threshold, delete: delete_honorarium_threshold,
        required: {
            /// Display name.
            name: String,
            /// Completed assignments at which the threshold is crossed (1 to 1000).
            assignment_count: i32,
            /// What the threshold unlocks.
            kind: entity::honorarium_thresholds::HonorariumThresholdKind,
        },
        defaulted: {
            /// Notify coordinators on crossing (default true).
            notify_coordinator: bool = true,
            /// In force (default true).
            is_active: bool = true,
        },
        optional: {
            /// Honorarium per assignment from here on, in øre.
            rate_amount_ore: i64,
            /// First day in force.
            valid_from: chrono::NaiveDate,
            /// Last day in force.
            valid_to: chrono::NaiveDate,
            /// Explanation.
            description: String,
        },
        fixed: {},
        validate: {
            name: not_blank("required_fields"),
            name: max_len(100, "name_length"),
            assignment_count: range(1, 1000, "assignment_count_range"),
            rate_amount_ore: range(0, 100_000_000, "amount_non_negative"),
            description: max_len(1000, "description_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// A peer mentor crossing an honorarium threshold in a counting period, with its payment state.
    node: AssignmentHonorariumRecord, module: assignment_honorarium_records, one: assignment_honorarium_record, many: assignment_honorarium_records, query: AssignmentHonorariumRecordsQuery,
    filter: AssignmentHonorariumRecordFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        honorarium_threshold_id: UuidFilter => HonorariumThresholdId,
        assignment_id: UuidFilter => AssignmentId,
        status: AssignmentHonorariumStatusFilter => Status,
        period_start: DateFilter => PeriodStart,
        crossed_at: DateTimeFilter => CrossedAt,
    },
    order: AssignmentHonorariumRecordOrderField / AssignmentHonorariumRecordOrderBy { CrossedAt => CrossedAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The peer mentor.
        user: users => User via user_id,
        /// The threshold crossed.
        honorarium_threshold: honorarium_thresholds => HonorariumThreshold via honorarium_threshold_id,
        /// The assignment whose completion crossed it.
        assignment: assignments => Assignment via assignment_id,
    },
    has_many: {},
    mutations: AssignmentHonorariumRecordsMutation {
        inputs: CreateAssignmentHonorariumRecordInput / UpdateAssignmentHonorariumRecordInput,
        create: create_assignment_honorarium_record, update: update_assignment_honorarium_record, delete: delete_assignment_honorarium_record,
        required: {
            /// The peer mentor.
            user_id: uuid::Uuid,
            /// The threshold crossed.
            honorarium_threshold_id: uuid::Uuid,
            /// First day of the counting period.
            period_start: chrono::NaiveDate,
            /// Count at the crossing (never negative).
            assignment_count: i32,
            /// When it was crossed.
            crossed_at: chrono::DateTime<chrono::Utc>,
        },
        defaulted: {
            /// Payment state (default pending).
            status: entity::assignment_honorarium_records::AssignmentHonorariumStatus = entity::assignment_honorarium_records::AssignmentHonorariumStatus::Pending,
        },
        optional: {
            /// The assignment whose completion crossed the threshold.
            assignment_id: uuid::Uuid,
            /// Last day of the period.
            period_end: chrono::NaiveDate,
            /// Amount due in øre.
            amount_ore: i64,
            /// When coordinators were notified.
            coordinator_notified_at: chrono::DateTime<chrono::Utc>,
            /// When it was paid.
            paid_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: {},
        validate: {
            assignment_count: range(0, i32::MAX, "assignment_count_non_negative"),
            amount_ore: range(0, 100_000_000, "amount_non_negative"),
        },
    },
    extra: {},
}

entity_api! {
    /// An honorarium for one driving engagement of a volunteer driver, optionally for an assignment.
    node: DriverHonorarium, module: driver_honorariums, one: driver_honorarium, many: driver_honorariums, query: DriverHonorariumsQuery,
    filter: DriverHonorariumFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        assignment_id: UuidFilter => AssignmentId,
        status: DriverHonorariumStatusFilter => Status,
        driven_on: DateFilter => DrivenOn,
        approved_by_id: UuidFilter => ApprovedById,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: DriverHonorariumOrderField / DriverHonorariumOrderBy { DrivenOn => DrivenOn, CreatedAt => CreatedAt },
    belongs_to: {
        /// The driver.
        user: users => User via user_id,
        /// The assignment that required the driving.
        assignment: assignments => Assignment via assignment_id,
        /// Who approved or rejected it.
        approved_by: users => User via approved_by_id,
    },
    has_many: {},
    mutations: DriverHonorariumsMutation {
        inputs: CreateDriverHonorariumInput / UpdateDriverHonorariumInput,
        create: create_driver_honorarium, update: update_driver_honorarium, delete: delete_driver_honorarium,
        required: {
            /// The driver (yourself, or a mentor in your reach).
            user_id: uuid::Uuid,
            /// Date of the driving.
            driven_on: chrono::NaiveDate,
            /// Kilometers driven (0 to 5000).
            distance_km: f64,
            /// Honorarium amount in øre (0 or more).
            amount_ore: i64,
        },
        defaulted: {
            /// Processing state (default draft).
            status: entity::driver_honorariums::DriverHonorariumStatus = entity::driver_honorariums::DriverHonorariumStatus::Draft,
        },
        optional: {
            /// The assignment that required the driving.
            assignment_id: uuid::Uuid,
            /// Purpose of the trip (no personal data about the passenger).
            purpose: String,
            /// Area the trip started in.
            from_area: String,
            /// Area the trip went to.
            to_area: String,
            /// Minutes spent (0 to 1440).
            duration_minutes: i32,
            /// Rate per kilometer in øre.
            rate_ore_per_km: i64,
            /// Who approved or rejected it.
            approved_by_id: uuid::Uuid,
            /// When it was approved or rejected.
            approved_at: chrono::DateTime<chrono::Utc>,
            /// When it was paid.
            paid_at: chrono::DateTime<chrono::Utc>,
            /// Remarks.
            notes: String,
        },
        fixed: {},
        validate: {
            distance_km: range(0.0, 5000.0, "distance_range"),
            amount_ore: range(0, 100_000_000, "amount_non_negative"),
            duration_minutes: range(0, 1440, "duration_range"),
            rate_ore_per_km: range(0, 100_000, "rate_range"),
            purpose: max_len(500, "purpose_length"),
            from_area: max_len(200, "area_name_length"),
            to_area: max_len(200, "area_name_length"),
            notes: max_len(2000, "notes_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// A driver's signed confidentiality declaration for one version of the declaration text.
    node: DriverConfidentialityDeclaration, module: driver_confidentiality_declarations, one: driver_confidentiality_declaration, many: driver_confidentiality_declarations, query: DriverConfidentialityDeclarationsQuery,
    filter: DriverConfidentialityDeclarationFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        declaration_version: StringFilter => DeclarationVersion,
        signature_method: DriverDeclarationSignatureMethodFilter => SignatureMethod,
        signed_at: DateTimeFilter => SignedAt,
        revoked_at: DateTimeFilter => RevokedAt,
    },
    order: DriverConfidentialityDeclarationOrderField / DriverConfidentialityDeclarationOrderBy { SignedAt => SignedAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The driver who signed.
        user: users => User via user_id,
        /// Who witnessed a paper signature.
        witnessed_by: users => User via witnessed_by_id,
    },
    has_many: {},
    mutations: DriverConfidentialityDeclarationsMutation {
        inputs: CreateDriverConfidentialityDeclarationInput / UpdateDriverConfidentialityDeclarationInput,
        create: create_driver_confidentiality_declaration, update: update_driver_confidentiality_declaration, delete: delete_driver_confidentiality_declaration,
        required: {
            /// The driver (yourself, or a mentor in your reach).
            user_id: uuid::Uuid,
            /// Version of the declaration text.
            declaration_version: String,
            /// When it was signed.
            signed_at: chrono::DateTime<chrono::Utc>,
            /// How it was signed.
            signature_method: entity::driver_confidentiality_declarations::DriverDeclarationSignatureMethod,
        },
        defaulted: {},
        optional: {
            /// Last valid day.
            valid_until: chrono::NaiveDate,
            /// URL of the signed document.
            document_url: String,
            /// Who witnessed a paper signature.
            witnessed_by_id: uuid::Uuid,
            /// When it was revoked.
            revoked_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: {},
        validate: {
            declaration_version: not_blank("required_fields"),
            declaration_version: max_len(50, "version_length"),
            document_url: max_len(2048, "url_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// A peer mentor's non-disclosure agreement for one document version.
    node: NdaAgreement, module: nda_agreements, one: nda_agreement, many: nda_agreements, query: NdaAgreementsQuery,
    filter: NdaAgreementFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        document_version: StringFilter => DocumentVersion,
        status: NdaAgreementStatusFilter => Status,
        signature_method: NdaSignatureMethodFilter => SignatureMethod,
        signed_at: DateTimeFilter => SignedAt,
    },
    order: NdaAgreementOrderField / NdaAgreementOrderBy { SignedAt => SignedAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The peer mentor bound by the agreement.
        user: users => User via user_id,
        /// Who countersigned for the organization.
        countersigned_by: users => User via countersigned_by_id,
    },
    has_many: {},
    mutations: NdaAgreementsMutation {
        inputs: CreateNdaAgreementInput / UpdateNdaAgreementInput,
        create: create_nda_agreement, update: update_nda_agreement, delete: delete_nda_agreement,
        required: {
            /// The peer mentor (yourself, or a mentor in your reach).
            user_id: uuid::Uuid,
            /// Title of the agreement document.
            document_title: String,
            /// Version of the agreement document.
            document_version: String,
        },
        defaulted: {
            /// State (default pending; signed requires `signedAt`).
            status: entity::nda_agreements::NdaAgreementStatus = entity::nda_agreements::NdaAgreementStatus::Pending,
        },
        optional: {
            /// When it was signed.
            signed_at: chrono::DateTime<chrono::Utc>,
            /// How it was signed.
            signature_method: entity::nda_agreements::NdaSignatureMethod,
            /// Last day in force.
            expires_on: chrono::NaiveDate,
            /// URL of the signed document.
            document_url: String,
            /// Who countersigned.
            countersigned_by_id: uuid::Uuid,
            /// When it was revoked or superseded.
            revoked_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: {},
        validate: {
            document_title: not_blank("required_fields"),
            document_title: max_len(200, "title_length"),
            document_version: not_blank("required_fields"),
            document_version: max_len(50, "version_length"),
            document_url: max_len(2048, "url_length"),
        },
    },
    extra: {},
}
