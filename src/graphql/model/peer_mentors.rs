//! Peer mentors: profiles (seed 002; `status` belongs to the lifecycle workflow, never to the
//! generic update), the append-only availability history, home-area locations with guarded
//! coordinates, mentor pairings, honorarium thresholds and crossings, driver honorariums and
//! confidentiality declarations, NDAs, referral links and recruitments.

use async_graphql::MergedObject;

use crate::enum_filter;
use crate::graphql::filter::{
    BoolFilter, DateFilter, DateTimeFilter, IntFilter, StringFilter, UuidFilter,
};

use super::assignments::Assignment;
use super::identity::User;
use super::tenancy::{LocalAssociation, Organization};

enum_filter!(
    PeerMentorStatusFilter,
    entity::peer_mentor_profiles::PeerMentorStatus
);
enum_filter!(
    PeerMentorCertificationStatusFilter,
    entity::peer_mentor_profiles::PeerMentorCertificationStatus
);
enum_filter!(
    PeerMentorAvailabilitySourceFilter,
    entity::peer_mentor_availability::PeerMentorAvailabilitySource
);
enum_filter!(
    GeographicLocationSourceFilter,
    entity::geographic_locations::GeographicLocationSource
);
enum_filter!(
    MentorPairingStatusFilter,
    entity::mentor_pairings::MentorPairingStatus
);
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
enum_filter!(
    ReferralLinkChannelFilter,
    entity::referral_links::ReferralLinkChannel
);
enum_filter!(
    MemberRecruitmentStatusFilter,
    entity::member_recruitments::MemberRecruitmentStatus
);

/// Characters of a referral code (rule `referral_code_format`).
fn referral_code_char(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'
}

entity_api! {
    /// The peer mentor profile of a user in an organization (seed 002): operational status,
    /// pause, certification state, assignment counter, consent to encrypted assignments, map
    /// visibility and specializations. Status changes go through the mentor lifecycle workflow.
    node: PeerMentorProfile, module: peer_mentor_profiles, one: peer_mentor_profile, many: peer_mentor_profiles, query: PeerMentorProfilesQuery,
    filter: PeerMentorProfileFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        status: PeerMentorStatusFilter => Status,
        certification_status: PeerMentorCertificationStatusFilter => CertificationStatus,
        certification_expiry_date: DateTimeFilter => CertificationExpiryDate,
        geographic_location_id: UuidFilter => GeographicLocationId,
        is_visible_on_map: BoolFilter => IsVisibleOnMap,
        accepts_encrypted_assignments: BoolFilter => AcceptsEncryptedAssignments,
        referral_code: StringFilter => ReferralCode,
        assignment_count_current_period: IntFilter => AssignmentCountCurrentPeriod,
        years_of_experience: IntFilter => YearsOfExperience,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: PeerMentorProfileOrderField / PeerMentorProfileOrderBy {
        Status => Status,
        CertificationExpiryDate => CertificationExpiryDate,
        CreatedAt => CreatedAt,
    },
    belongs_to: {
        /// The peer mentor.
        user: users => User via user_id,
        /// The organization.
        organization: organizations => Organization via organization_id,
        /// The mentor's home-area location.
        geographic_location: geographic_locations => GeographicLocation via geographic_location_id,
    },
    has_many: {
        /// The mentor's status history, oldest first.
        availability_history: peer_mentor_availability => PeerMentorAvailability by PeerMentorProfileId order EffectiveFrom,
        /// Pairings in which this mentor guides a mentee.
        pairings_as_mentor: mentor_pairings => MentorPairing by MentorProfileId order CreatedAt,
        /// Pairings in which this mentor is the mentee.
        pairings_as_mentee: mentor_pairings => MentorPairing by MenteeProfileId order CreatedAt,
    },
    // Only the mentor's self-description is generic; status, pause, certification, counters,
    // consent, location and map visibility change through the lifecycle workflow
    // (`graphql::workflows::peer_mentors`), which enforces seed 002's rules. Profiles are
    // created by `assignRole` (one_profile_per_peer_mentor), never directly.
    mutations: PeerMentorProfilesMutation {
        inputs: CreatePeerMentorProfileInput / UpdatePeerMentorProfileInput,
        update: update_peer_mentor_profile,
        required: {},
        defaulted: {},
        optional: {
            /// Short biography.
            bio: String,
            /// URL of the profile photo.
            profile_photo_url: String,
            /// Notification preferences of the mentor role as a JSON object.
            notification_opt_ins: serde_json::Value,
            /// Years of peer mentor experience (0 to 80).
            years_of_experience: i32,
            /// Specialization tags as a JSON array.
            specializations: serde_json::Value,
            /// Referral invite code (4 to 32 upper-case letters, digits or hyphens).
            referral_code: String,
        },
        fixed: {},
        validate: {
            years_of_experience: range(0, 80, "years_of_experience_range"),
            referral_code: pattern(4, 32, referral_code_char, "referral_code_format"),
            bio: max_len(2000, "bio_length"),
            profile_photo_url: max_len(2048, "url_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// One change of a peer mentor's availability status (append-only history).
    node: PeerMentorAvailability, module: peer_mentor_availability, one: peer_mentor_availability_record, many: peer_mentor_availability, query: PeerMentorAvailabilityQuery,
    filter: PeerMentorAvailabilityFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        peer_mentor_profile_id: UuidFilter => PeerMentorProfileId,
        status: PeerMentorStatusFilter => Status,
        previous_status: PeerMentorStatusFilter => PreviousStatus,
        source: PeerMentorAvailabilitySourceFilter => Source,
        effective_from: DateTimeFilter => EffectiveFrom,
    },
    order: PeerMentorAvailabilityOrderField / PeerMentorAvailabilityOrderBy { EffectiveFrom => EffectiveFrom, CreatedAt => CreatedAt },
    belongs_to: {
        /// The peer mentor.
        user: users => User via user_id,
        /// The profile whose status changed.
        peer_mentor_profile: peer_mentor_profiles => PeerMentorProfile via peer_mentor_profile_id,
    },
    has_many: {},
    mutations: none,
    extra: {},
}

entity_api! {
    /// A peer mentor's home-area location, held only with GDPR consent. The coordinates are
    /// readable by the mentor, and by coordinators and org admins while consent stands.
    node: GeographicLocation, module: geographic_locations, one: geographic_location, many: geographic_locations, query: GeographicLocationsQuery,
    filter: GeographicLocationFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        source: GeographicLocationSourceFilter => Source,
        consent_given_at: DateTimeFilter => ConsentGivenAt,
        consent_withdrawn_at: DateTimeFilter => ConsentWithdrawnAt,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: GeographicLocationOrderField / GeographicLocationOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The peer mentor.
        user: users => User via user_id,
    },
    has_many: {
        /// Profiles using this location.
        peer_mentor_profiles: peer_mentor_profiles => PeerMentorProfile by GeographicLocationId order CreatedAt,
    },
    mutations: GeographicLocationsMutation {
        inputs: CreateGeographicLocationInput / UpdateGeographicLocationInput,
        create: create_geographic_location, update: update_geographic_location, delete: delete_geographic_location,
        required: {},
        defaulted: {
            /// How the location was determined (default manual).
            source: entity::geographic_locations::GeographicLocationSource = entity::geographic_locations::GeographicLocationSource::Manual,
        },
        optional: {
            /// Name of the area (never a street address).
            area_name: String,
            /// Postal code of the area (4 digits).
            postal_code: String,
            /// Municipality.
            municipality: String,
            /// Latitude of the area centroid (requires consent).
            latitude: f64,
            /// Longitude of the area centroid (requires consent).
            longitude: f64,
            /// Rounding radius in meters.
            precision_meters: i32,
            /// When consent was given.
            consent_given_at: chrono::DateTime<chrono::Utc>,
            /// Version of the consent text.
            consent_version: String,
            /// When consent was withdrawn (clear the coordinates with it).
            consent_withdrawn_at: chrono::DateTime<chrono::Utc>,
            /// When the location was last confirmed.
            verified_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: {},
        validate: {
            area_name: max_len(200, "area_name_length"),
            postal_code: pattern(4, 4, |c| c.is_ascii_digit(), "postal_code_format"),
            municipality: max_len(100, "municipality_length"),
            latitude: range(-90.0, 90.0, "latitude_range"),
            longitude: range(-180.0, 180.0, "longitude_range"),
            precision_meters: range(0, 100_000, "precision_range"),
            consent_version: max_len(50, "consent_version_length"),
        },
    },
    extra: {
        /// Human-readable name of the area (never a street address); after the mentor withdrew
        /// consent, only the mentor reads it.
        async fn area_name(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<String>> {
            use crate::graphql::context::ContextExt;
            crate::authz::scopes::peer_mentors::location_details(ctx.viewer()?, &self.0)?;
            Ok(self.0.area_name.clone())
        }
        /// Postal code of the area (hidden like `areaName`).
        async fn postal_code(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<String>> {
            use crate::graphql::context::ContextExt;
            crate::authz::scopes::peer_mentors::location_details(ctx.viewer()?, &self.0)?;
            Ok(self.0.postal_code.clone())
        }
        /// Municipality (kommune) of the area (hidden like `areaName`).
        async fn municipality(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<String>> {
            use crate::graphql::context::ContextExt;
            crate::authz::scopes::peer_mentors::location_details(ctx.viewer()?, &self.0)?;
            Ok(self.0.municipality.clone())
        }
        /// Latitude of the area centroid: the mentor, and coordinators/org admins with the mentor's consent.
        async fn latitude(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<f64>> {
            use crate::graphql::context::ContextExt;
            crate::authz::scopes::peer_mentors::location_coordinates(ctx.viewer()?, &self.0)?;
            Ok(self.0.latitude)
        }
        /// Longitude of the area centroid: the mentor, and coordinators/org admins with the mentor's consent.
        async fn longitude(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<f64>> {
            use crate::graphql::context::ContextExt;
            crate::authz::scopes::peer_mentors::location_coordinates(ctx.viewer()?, &self.0)?;
            Ok(self.0.longitude)
        }
    },
}

entity_api! {
    /// A pairing of an experienced peer mentor with a newer one (the mentee); visible to both
    /// and to coordinators of either side's local associations.
    node: MentorPairing, module: mentor_pairings, one: mentor_pairing, many: mentor_pairings, query: MentorPairingsQuery,
    filter: MentorPairingFilter {
        id: UuidFilter => Id,
        mentor_profile_id: UuidFilter => MentorProfileId,
        mentee_profile_id: UuidFilter => MenteeProfileId,
        coordinator_id: UuidFilter => CoordinatorId,
        status: MentorPairingStatusFilter => Status,
        started_on: DateFilter => StartedOn,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: MentorPairingOrderField / MentorPairingOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The experienced mentor's profile.
        mentor: peer_mentor_profiles => PeerMentorProfile via mentor_profile_id,
        /// The mentee's profile.
        mentee: peer_mentor_profiles => PeerMentorProfile via mentee_profile_id,
        /// The coordinator overseeing the pairing.
        coordinator: users => User via coordinator_id,
    },
    has_many: {},
    mutations: MentorPairingsMutation {
        inputs: CreateMentorPairingInput / UpdateMentorPairingInput,
        create: create_mentor_pairing, update: update_mentor_pairing, delete: delete_mentor_pairing,
        required: {
            /// The experienced mentor's profile.
            mentor_profile_id: uuid::Uuid,
            /// The mentee's profile (another profile).
            mentee_profile_id: uuid::Uuid,
        },
        defaulted: {
            /// Lifecycle state (default proposed).
            status: entity::mentor_pairings::MentorPairingStatus = entity::mentor_pairings::MentorPairingStatus::Proposed,
        },
        optional: {
            /// The overseeing coordinator.
            coordinator_id: uuid::Uuid,
            /// First day.
            started_on: chrono::NaiveDate,
            /// Last day.
            ended_on: chrono::NaiveDate,
            /// Agreed goals.
            goals: String,
            /// Agreed meeting frequency.
            meeting_frequency: String,
            /// Why it ended early.
            end_reason: String,
        },
        fixed: {},
        validate: {
            goals: max_len(2000, "goals_length"),
            meeting_frequency: max_len(100, "meeting_frequency_length"),
            end_reason: max_len(1000, "end_reason_length"),
        },
    },
    extra: {},
}

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

entity_api! {
    /// A peer mentor's personal referral link / QR code for recruiting new members.
    node: ReferralLink, module: referral_links, one: referral_link, many: referral_links, query: ReferralLinksQuery,
    filter: ReferralLinkFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        code: StringFilter => Code,
        channel: ReferralLinkChannelFilter => Channel,
        local_association_id: UuidFilter => LocalAssociationId,
        is_active: BoolFilter => IsActive,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: ReferralLinkOrderField / ReferralLinkOrderBy { Code => Code, CreatedAt => CreatedAt },
    belongs_to: {
        /// The mentor sharing the link.
        user: users => User via user_id,
        /// The local association new members join by default.
        local_association: local_associations => LocalAssociation via local_association_id,
    },
    has_many: {
        /// Referral outcomes of the link.
        recruitments: member_recruitments => MemberRecruitment by ReferralLinkId order ClickedAt,
    },
    mutations: ReferralLinksMutation {
        inputs: CreateReferralLinkInput / UpdateReferralLinkInput,
        create: create_referral_link, update: update_referral_link, delete: delete_referral_link,
        required: {
            /// Public invite token (4 to 32 upper-case letters, digits or hyphens; unique within the organization).
            code: String,
        },
        defaulted: {
            /// Sharing channel (default link).
            channel: entity::referral_links::ReferralLinkChannel = entity::referral_links::ReferralLinkChannel::Link,
            /// Accepts sign-ups (default true).
            is_active: bool = true,
        },
        optional: {
            /// Campaign name.
            campaign: String,
            /// Local association new members join by default.
            local_association_id: uuid::Uuid,
            /// When the link stops working.
            expires_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: { click_count: 0, registration_count: 0 },
        validate: {
            code: pattern(4, 32, referral_code_char, "referral_code_format"),
            campaign: max_len(200, "campaign_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// One referral outcome credited to a peer mentor: a click, the registration, the new member.
    node: MemberRecruitment, module: member_recruitments, one: member_recruitment, many: member_recruitments, query: MemberRecruitmentsQuery,
    filter: MemberRecruitmentFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        referral_link_id: UuidFilter => ReferralLinkId,
        recruited_user_id: UuidFilter => RecruitedUserId,
        local_association_id: UuidFilter => LocalAssociationId,
        status: MemberRecruitmentStatusFilter => Status,
        channel: ReferralLinkChannelFilter => Channel,
        clicked_at: DateTimeFilter => ClickedAt,
    },
    order: MemberRecruitmentOrderField / MemberRecruitmentOrderBy { ClickedAt => ClickedAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The mentor credited with the referral.
        user: users => User via user_id,
        /// The referral link used.
        referral_link: referral_links => ReferralLink via referral_link_id,
        /// The newly registered user.
        recruited_user: users => User via recruited_user_id,
        /// The local association the new member joined.
        local_association: local_associations => LocalAssociation via local_association_id,
    },
    has_many: {},
    mutations: MemberRecruitmentsMutation {
        inputs: CreateMemberRecruitmentInput / UpdateMemberRecruitmentInput,
        create: create_member_recruitment, update: update_member_recruitment, delete: delete_member_recruitment,
        required: {
            /// The mentor credited.
            user_id: uuid::Uuid,
            /// When the link was opened.
            clicked_at: chrono::DateTime<chrono::Utc>,
        },
        defaulted: {
            /// How far the referral got (default clicked).
            status: entity::member_recruitments::MemberRecruitmentStatus = entity::member_recruitments::MemberRecruitmentStatus::Clicked,
        },
        optional: {
            /// The referral link used.
            referral_link_id: uuid::Uuid,
            /// The newly registered user.
            recruited_user_id: uuid::Uuid,
            /// The local association joined.
            local_association_id: uuid::Uuid,
            /// Channel of the referral.
            channel: entity::referral_links::ReferralLinkChannel,
            /// When the person registered.
            registered_at: chrono::DateTime<chrono::Utc>,
            /// When the membership was confirmed.
            confirmed_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: {},
        validate: {},
    },
    extra: {},
}

/// Root query fields of the peer mentor domain.
#[derive(MergedObject, Default)]
pub struct PeerMentorsQuery(
    PeerMentorProfilesQuery,
    PeerMentorAvailabilityQuery,
    GeographicLocationsQuery,
    MentorPairingsQuery,
    HonorariumThresholdsQuery,
    AssignmentHonorariumRecordsQuery,
    DriverHonorariumsQuery,
    DriverConfidentialityDeclarationsQuery,
    NdaAgreementsQuery,
    ReferralLinksQuery,
    MemberRecruitmentsQuery,
);

/// Mutations of the peer mentor domain.
#[derive(MergedObject, Default)]
pub struct PeerMentorsMutation(
    PeerMentorProfilesMutation,
    GeographicLocationsMutation,
    MentorPairingsMutation,
    HonorariumThresholdsMutation,
    AssignmentHonorariumRecordsMutation,
    DriverHonorariumsMutation,
    DriverConfidentialityDeclarationsMutation,
    NdaAgreementsMutation,
    ReferralLinksMutation,
    MemberRecruitmentsMutation,
);
