//! Peer mentors: profiles (seed 002; `status` belongs to the lifecycle workflow, never to the
//! generic update), the append-only availability history, home-area locations with guarded
//! coordinates, mentor pairings, referral links and recruitments. Honoraria and agreements are
//! in `honoraria` (their root fields are merged here, in the schema's order).

use async_graphql::MergedObject;

use crate::enum_filter;
use crate::filter::{BoolFilter, DateFilter, DateTimeFilter, IntFilter, StringFilter, UuidFilter};

use super::honoraria::{
    AssignmentHonorariumRecordsMutation, AssignmentHonorariumRecordsQuery,
    DriverConfidentialityDeclarationsMutation, DriverConfidentialityDeclarationsQuery,
    DriverHonorariumsMutation, DriverHonorariumsQuery, HonorariumThresholdsMutation,
    HonorariumThresholdsQuery, NdaAgreementsMutation, NdaAgreementsQuery,
};
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
            use crate::context::ContextExt;
            meander_core::authz::scopes::peer_mentors::location_details(ctx.viewer()?, &self.0)?;
            Ok(self.0.area_name.clone())
        }
        /// Postal code of the area (hidden like `areaName`).
        async fn postal_code(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<String>> {
            use crate::context::ContextExt;
            meander_core::authz::scopes::peer_mentors::location_details(ctx.viewer()?, &self.0)?;
            Ok(self.0.postal_code.clone())
        }
        /// Municipality (kommune) of the area (hidden like `areaName`).
        async fn municipality(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<String>> {
            use crate::context::ContextExt;
            meander_core::authz::scopes::peer_mentors::location_details(ctx.viewer()?, &self.0)?;
            Ok(self.0.municipality.clone())
        }
        /// Latitude of the area centroid: the mentor, and coordinators/org admins with the mentor's consent.
        async fn latitude(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<f64>> {
            use crate::context::ContextExt;
            meander_core::authz::scopes::peer_mentors::location_coordinates(ctx.viewer()?, &self.0)?;
            Ok(self.0.latitude)
        }
        /// Longitude of the area centroid: the mentor, and coordinators/org admins with the mentor's consent.
        async fn longitude(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<f64>> {
            use crate::context::ContextExt;
            meander_core::authz::scopes::peer_mentors::location_coordinates(ctx.viewer()?, &self.0)?;
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
