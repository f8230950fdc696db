//! Tables of the peer_mentors domain group (DATA-MODEL.md): geographic locations, peer mentor
//! profiles (seed 002, with its 8 named indexes), availability history (append-only), mentor
//! pairings, honorarium thresholds and records, driver honorariums and declarations, NDAs,
//! referral links and member recruitments.

use entity::*;
use sea_orm_migration::prelude::*;

use crate::tables::{check, create, drop, enum_check, idx, uq, uq_where_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The indexes seed 002 names for `peer_mentor_profiles`: (name, columns, unique).
/// `referral_code` is unique per the seed, so its index is the unique one.
const PEER_MENTOR_PROFILE_INDEXES: &[(&str, &[&str], bool)] = &[
    ("idx_peer_mentor_profiles_user_id", &["user_id"], false),
    (
        "idx_peer_mentor_profiles_organization_id",
        &["organization_id"],
        false,
    ),
    ("idx_peer_mentor_profiles_status", &["status"], false),
    (
        "idx_peer_mentor_profiles_org_status",
        &["organization_id", "status"],
        false,
    ),
    (
        "idx_peer_mentor_profiles_certification_expiry",
        &["certification_expiry_date"],
        false,
    ),
    (
        "idx_peer_mentor_profiles_geographic_location",
        &["geographic_location_id"],
        false,
    ),
    (
        "idx_peer_mentor_profiles_referral_code",
        &["referral_code"],
        true,
    ),
    (
        "idx_peer_mentor_profiles_map_visible",
        &["organization_id", "is_visible_on_map", "status"],
        false,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(
            m,
            geographic_locations::Entity,
            vec![
                enum_check::<geographic_locations::GeographicLocationSource>("source"),
                check("latitude IS NULL OR latitude BETWEEN -90 AND 90"),
                check("longitude IS NULL OR longitude BETWEEN -180 AND 180"),
                check(
                    "(latitude IS NULL AND longitude IS NULL) OR (latitude IS NOT NULL AND longitude IS NOT NULL)",
                ),
                // GDPR: coordinates are held only while the mentor's consent stands.
                check(
                    "latitude IS NULL OR (consent_given_at IS NOT NULL AND consent_withdrawn_at IS NULL)",
                ),
                check("consent_given_at IS NULL OR consent_version IS NOT NULL"),
                check("precision_meters IS NULL OR precision_meters >= 0"),
            ],
            &[
                idx(&["organization_id", "user_id"]),
                idx(&["organization_id", "municipality"]),
            ],
        )
        .await?;
        create(
            m,
            peer_mentor_profiles::Entity,
            vec![
                enum_check::<peer_mentor_profiles::PeerMentorStatus>("status"),
                enum_check::<peer_mentor_profiles::PeerMentorCertificationStatus>(
                    "certification_status",
                ),
                // assignment_count_non_negative
                check("assignment_count_current_period >= 0"),
                // years_of_experience_range
                check("years_of_experience IS NULL OR years_of_experience BETWEEN 0 AND 80"),
                // pause_reason_length
                check("pause_reason IS NULL OR LENGTH(pause_reason) <= 500"),
                // referral_code_format (the length part; the alphabet is checked by the API)
                check("referral_code IS NULL OR LENGTH(referral_code) BETWEEN 4 AND 32"),
                // consent_version_required_with_timestamp
                check("consent_given_at IS NULL OR consent_version IS NOT NULL"),
                // map_visibility_requires_location
                check("NOT is_visible_on_map OR geographic_location_id IS NOT NULL"),
            ],
            &[uq_where_null(&["organization_id", "user_id"], "deleted_at")],
        )
        .await?;
        for (name, columns, unique) in PEER_MENTOR_PROFILE_INDEXES {
            let mut stmt = Index::create();
            stmt.name(*name)
                .table(peer_mentor_profiles::Entity)
                .if_not_exists();
            for col in *columns {
                stmt.col(Alias::new(*col));
            }
            if *unique {
                stmt.unique();
            }
            m.create_index(stmt).await?;
        }
        create(
            m,
            peer_mentor_availability::Entity,
            vec![
                enum_check::<peer_mentor_profiles::PeerMentorStatus>("status"),
                enum_check::<peer_mentor_profiles::PeerMentorStatus>("previous_status"),
                enum_check::<peer_mentor_availability::PeerMentorAvailabilitySource>("source"),
                check("effective_until IS NULL OR effective_until >= effective_from"),
            ],
            &[
                idx(&[
                    "organization_id",
                    "peer_mentor_profile_id",
                    "effective_from",
                ]),
                idx(&["organization_id", "user_id"]),
                idx(&["organization_id", "effective_from"]),
            ],
        )
        .await?;
        create(
            m,
            mentor_pairings::Entity,
            vec![
                enum_check::<mentor_pairings::MentorPairingStatus>("status"),
                check("mentor_profile_id <> mentee_profile_id"),
                check("started_on IS NULL OR ended_on IS NULL OR ended_on >= started_on"),
            ],
            &[
                idx(&["organization_id", "mentor_profile_id"]),
                idx(&["organization_id", "mentee_profile_id"]),
                idx(&["organization_id", "status"]),
                idx(&["organization_id", "coordinator_id"]),
                idx(&["organization_id", "created_at"]),
            ],
        )
        .await?;
        create(
            m,
            honorarium_thresholds::Entity,
            vec![
                enum_check::<honorarium_thresholds::HonorariumThresholdKind>("kind"),
                check("assignment_count >= 1"),
                check("rate_amount_ore IS NULL OR rate_amount_ore >= 0"),
                check("valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from"),
            ],
            &[idx(&["organization_id", "assignment_count"])],
        )
        .await?;
        create(
            m,
            assignment_honorarium_records::Entity,
            vec![
                enum_check::<assignment_honorarium_records::AssignmentHonorariumStatus>("status"),
                check("assignment_count >= 0"),
                check("amount_ore IS NULL OR amount_ore >= 0"),
                check("period_end IS NULL OR period_end >= period_start"),
            ],
            &[
                uq_where_null(
                    &[
                        "organization_id",
                        "user_id",
                        "honorarium_threshold_id",
                        "period_start",
                    ],
                    "deleted_at",
                ),
                idx(&["organization_id", "user_id", "crossed_at"]),
                idx(&["organization_id", "honorarium_threshold_id"]),
                idx(&["organization_id", "status"]),
                idx(&["organization_id", "crossed_at"]),
                idx(&["organization_id", "assignment_id"]),
            ],
        )
        .await?;
        create(
            m,
            driver_honorariums::Entity,
            vec![
                enum_check::<driver_honorariums::DriverHonorariumStatus>("status"),
                // A decided honorarium names who decided (and that cannot be its driver:
                // `no_self_review` in the API).
                check(
                    "status NOT IN ('approved', 'rejected', 'paid') OR approved_by_id IS NOT NULL",
                ),
                check("distance_km >= 0"),
                check("amount_ore >= 0"),
                check("rate_ore_per_km IS NULL OR rate_ore_per_km >= 0"),
                check("duration_minutes IS NULL OR duration_minutes >= 0"),
            ],
            &[
                idx(&["organization_id", "user_id", "driven_on"]),
                idx(&["organization_id", "status"]),
                idx(&["organization_id", "driven_on"]),
                idx(&["organization_id", "approved_by_id"]),
                idx(&["organization_id", "assignment_id"]),
            ],
        )
        .await?;
        create(
            m,
            driver_confidentiality_declarations::Entity,
            vec![enum_check::<
                driver_confidentiality_declarations::DriverDeclarationSignatureMethod,
            >("signature_method")],
            &[
                uq_where_null(
                    &["organization_id", "user_id", "declaration_version"],
                    "deleted_at",
                ),
                idx(&["organization_id", "signed_at"]),
                idx(&["organization_id", "witnessed_by_id"]),
            ],
        )
        .await?;
        create(
            m,
            nda_agreements::Entity,
            vec![
                enum_check::<nda_agreements::NdaAgreementStatus>("status"),
                enum_check::<nda_agreements::NdaSignatureMethod>("signature_method"),
                check("status = 'pending' OR status = 'revoked' OR signed_at IS NOT NULL"),
            ],
            &[
                uq_where_null(
                    &["organization_id", "user_id", "document_version"],
                    "deleted_at",
                ),
                idx(&["organization_id", "status"]),
                idx(&["organization_id", "signed_at"]),
                idx(&["organization_id", "countersigned_by_id"]),
            ],
        )
        .await?;
        create(
            m,
            referral_links::Entity,
            vec![
                enum_check::<referral_links::ReferralLinkChannel>("channel"),
                check("LENGTH(code) BETWEEN 4 AND 32"),
                check("click_count >= 0"),
                check("registration_count >= 0"),
            ],
            &[
                uq(&["code"]),
                idx(&["organization_id", "user_id"]),
                idx(&["organization_id", "local_association_id"]),
                idx(&["organization_id", "created_at"]),
            ],
        )
        .await?;
        create(
            m,
            member_recruitments::Entity,
            vec![
                enum_check::<member_recruitments::MemberRecruitmentStatus>("status"),
                enum_check::<referral_links::ReferralLinkChannel>("channel"),
            ],
            &[
                idx(&["organization_id", "user_id", "clicked_at"]),
                idx(&["organization_id", "referral_link_id"]),
                idx(&["organization_id", "recruited_user_id"]),
                idx(&["organization_id", "status"]),
                idx(&["organization_id", "local_association_id"]),
                idx(&["organization_id", "clicked_at"]),
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop(m, member_recruitments::Entity).await?;
        drop(m, referral_links::Entity).await?;
        drop(m, nda_agreements::Entity).await?;
        drop(m, driver_confidentiality_declarations::Entity).await?;
        drop(m, driver_honorariums::Entity).await?;
        drop(m, assignment_honorarium_records::Entity).await?;
        drop(m, honorarium_thresholds::Entity).await?;
        drop(m, mentor_pairings::Entity).await?;
        drop(m, peer_mentor_availability::Entity).await?;
        drop(m, peer_mentor_profiles::Entity).await?;
        drop(m, geographic_locations::Entity).await
    }
}
