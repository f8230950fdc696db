//! `peer_mentor_profiles` (scope T; seed 002 is binding): the extended profile of a user with the
//! peer mentor role in one organization: operational status, pause, certification state,
//! assignment counter, encrypted-assignment consent, map visibility and specializations.
//! One live profile per (organization, user).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Operational status of a peer mentor. Transitions belong to the mentor lifecycle workflow,
/// never to a generic update.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum PeerMentorStatus {
    /// Available for assignments and shown in matching and on the map (if opted in).
    #[sea_orm(string_value = "active")]
    Active,
    /// Paused by the mentor or a coordinator; hidden from matching and the map.
    #[sea_orm(string_value = "paused")]
    Paused,
    /// Paused automatically because the certification expired; hidden from matching and the map.
    #[sea_orm(string_value = "auto_paused")]
    AutoPaused,
    /// No longer a peer mentor (role revoked or retired); kept for history and reporting.
    #[sea_orm(string_value = "inactive")]
    Inactive,
}

/// Certification validity state of a peer mentor.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum PeerMentorCertificationStatus {
    /// The mentor holds a valid certification.
    #[sea_orm(string_value = "valid")]
    Valid,
    /// The certification is valid but expires soon.
    #[sea_orm(string_value = "expiring_soon")]
    ExpiringSoon,
    /// The certification has expired; the mentor is auto-paused.
    #[sea_orm(string_value = "expired")]
    Expired,
    /// The mentor has not been certified yet (training in progress).
    #[sea_orm(string_value = "pending")]
    Pending,
    /// The organization does not require certification for this mentor.
    #[sea_orm(string_value = "not_required")]
    NotRequired,
}

/// The peer mentor profile of a user in an organization.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "PeerMentorProfilesRow")
)]
#[sea_orm(table_name = "peer_mentor_profiles")]
pub struct Model {
    /// Unique identifier of the profile.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The peer mentor the profile belongs to; one live profile per user and organization.
    pub user_id: Uuid,
    /// Organization (tenant) the profile belongs to.
    pub organization_id: Uuid,
    /// Current operational status of the peer mentor (changed only through the lifecycle
    /// workflow).
    pub status: PeerMentorStatus,
    /// When the mentor entered paused status (None while active).
    pub paused_at: Option<DateTimeUtc>,
    /// Optional reason for the pause, given by the mentor or a coordinator (at most 500
    /// characters).
    pub pause_reason: Option<String>,
    /// Scheduled automatic resume (None = no auto-resume planned).
    pub resume_at: Option<DateTimeUtc>,
    /// Home-area location used for the map and geographic matching (None = no location, or no
    /// consent).
    pub geographic_location_id: Option<Uuid>,
    /// When the location was last set or verified; detects stale location data.
    pub location_last_updated_at: Option<DateTimeUtc>,
    /// Completed assignments in the current period; drives the honorarium thresholds (3rd =
    /// office honorarium, 15th = higher rate). Never negative.
    pub assignment_count_current_period: i32,
    /// Start of the current assignment counting period (the counter resets when a new period
    /// begins).
    pub assignment_period_start: Option<DateTimeUtc>,
    /// When the mentor's active certification expires; reaching it auto-pauses the mentor.
    pub certification_expiry_date: Option<DateTimeUtc>,
    /// Current certification validity state.
    pub certification_status: PeerMentorCertificationStatus,
    /// URL or storage reference of the mentor's digital peer mentor certificate.
    pub digital_certificate_url: Option<String>,
    /// The mentor's invite code for the referral program, unique within the organization (4 to
    /// 32 upper-case letters, digits or hyphens).
    pub referral_code: Option<String>,
    /// When the mentor last accepted the digital consent for encrypted assignment handling.
    pub consent_given_at: Option<DateTimeUtc>,
    /// Version of the consent document accepted (required when `consentGivenAt` is set); a
    /// newer version means re-consent is needed.
    pub consent_version: Option<String>,
    /// Whether the mentor has consented to receive encrypted assignment dispatches.
    pub accepts_encrypted_assignments: bool,
    /// Short biography shown on the mentor's profile.
    pub bio: Option<String>,
    /// URL of the mentor's profile photo.
    pub profile_photo_url: Option<String>,
    /// Scenario-level notification preferences of the peer mentor role as a JSON object (e.g.
    /// `{"new_assignment": true, "assignment_reminder_10d": false}`).
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub notification_opt_ins: Option<Json>,
    /// Whether the mentor appears on the coordinators' map (requires a location; paused mentors
    /// never appear).
    pub is_visible_on_map: bool,
    /// Self-reported years of peer mentor experience (0 to 80).
    pub years_of_experience: Option<i32>,
    /// Specialization tags used for assignment matching, as a JSON array (e.g.
    /// `["hearing_loss", "stroke"]`).
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub specializations: Option<Json>,
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

/// Longest accepted `pause_reason` (rule `pause_reason_length`).
pub const PAUSE_REASON_MAX_CHARS: usize = 500;
/// Accepted range of `years_of_experience` (rule `years_of_experience_range`).
pub const YEARS_OF_EXPERIENCE_RANGE: std::ops::RangeInclusive<i32> = 0..=80;
/// Specialization tags the matching knows (rule `specializations_known_values`, a warning).
pub const KNOWN_SPECIALIZATIONS: &[&str] = &[
    "hearing_loss",
    "tinnitus",
    "cochlear_implant",
    "visual_impairment",
    "deafblindness",
    "mobility_impairment",
    "wheelchair_user",
    "stroke",
    "spinal_cord_injury",
    "chronic_pain",
    "childhood_cancer",
    "bereavement",
    "mental_health",
    "career_guidance",
    "next_of_kin",
];

/// Whether `code` has the referral code format (rule `referral_code_format`): 4 to 32
/// characters, upper-case ASCII letters, digits and inner hyphens.
pub fn referral_code_is_valid(code: &str) -> bool {
    (4..=32).contains(&code.len())
        && !code.starts_with('-')
        && !code.ends_with('-')
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_peer_mentor_profiles_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_peer_mentor_profiles_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::geographic_locations::Entity",
        from = "Column::GeographicLocationId",
        to = "crate::geographic_locations::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_peer_mentor_profiles_geographic_location_id"
    )]
    GeographicLocations,
    #[sea_orm(has_many = "crate::peer_mentor_availability::Entity")]
    PeerMentorAvailability,
    /// Pairings in which this mentor guides a mentee.
    #[sea_orm(
        has_many = "crate::mentor_pairings::Entity",
        via_rel = "Relation::MentorProfile"
    )]
    MentorPairingsAsMentor,
    /// Pairings in which this mentor is the mentee.
    #[sea_orm(
        has_many = "crate::mentor_pairings::Entity",
        via_rel = "Relation::MenteeProfile"
    )]
    MentorPairingsAsMentee,
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

impl Related<crate::geographic_locations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::GeographicLocations.def()
    }
}

impl Related<crate::peer_mentor_availability::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PeerMentorAvailability.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
