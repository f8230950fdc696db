//! Demo rows of the peer mentor domain in every demo organization: locations (with and without
//! consent), profiles (active, paused, auto-paused), their status history, pairings, honorarium
//! thresholds and crossings, driver honorariums and declarations, NDAs, referral links and
//! recruitments. Blindeforbundet has a single demo peer mentor, so it has no mentor pairing.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::json;
use uuid::Uuid;

use super::demo_id;
use entity::{
    assignment_honorarium_records as honorarium_records,
    driver_confidentiality_declarations as declarations, driver_honorariums,
    geographic_locations as locations, honorarium_thresholds as thresholds, member_recruitments,
    mentor_pairings, nda_agreements, peer_mentor_availability as availability,
    peer_mentor_profiles as profiles, referral_links,
};

fn org(key: &str) -> Uuid {
    demo_id("org", key)
}

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

fn coordinator(org_key: &str) -> Uuid {
    user(match org_key {
        "nhf" => "nhf.coordinator@meander.dev",
        "blindeforbundet" => "blind.coordinator@meander.dev",
        _ => "hlf.coordinator@meander.dev",
    })
}

/// (key, org, email, area, postal code, municipality, lat/lng, precision, source, consent
/// given days ago, consent withdrawn days ago)
type DemoLocation = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    Option<(f64, f64)>,
    Option<i32>,
    locations::GeographicLocationSource,
    Option<i64>,
    Option<i64>,
);

const LOCATIONS: &[DemoLocation] = &[
    (
        "nhf-ola",
        "nhf",
        "nhf.mentor@meander.dev",
        Some("Grünerløkka, Oslo"),
        Some("0555"),
        "Oslo",
        Some((59.9225, 10.7590)),
        Some(500),
        locations::GeographicLocationSource::PostalCode,
        Some(180),
        None,
    ),
    // Lars withdrew his consent: the coordinates are gone, only the municipality remains.
    (
        "nhf-lars",
        "nhf",
        "nhf.mentor.bergen@meander.dev",
        None,
        None,
        "Bergen",
        None,
        None,
        locations::GeographicLocationSource::Manual,
        Some(90),
        Some(20),
    ),
    (
        "blind-anne",
        "blindeforbundet",
        "blind.mentor@meander.dev",
        Some("Byåsen, Trondheim"),
        Some("7020"),
        "Trondheim",
        Some((63.4145, 10.3525)),
        Some(1000),
        locations::GeographicLocationSource::Manual,
        Some(400),
        None,
    ),
    (
        "hlf-eva",
        "hlf",
        "hlf.mentor@meander.dev",
        Some("Lund, Kristiansand"),
        Some("4630"),
        "Kristiansand",
        Some((58.1530, 8.0180)),
        Some(500),
        locations::GeographicLocationSource::PostalCode,
        Some(300),
        None,
    ),
];

struct DemoProfile {
    key: &'static str,
    org: &'static str,
    email: &'static str,
    status: profiles::PeerMentorStatus,
    /// (reason, paused days ago, resume in days)
    pause: Option<(&'static str, i64, Option<i64>)>,
    location: Option<&'static str>,
    certification_status: profiles::PeerMentorCertificationStatus,
    /// Days until the certification expires (negative = expired).
    certification_expires_in: Option<i64>,
    certificate: Option<&'static str>,
    assignment_count: i32,
    referral_code: Option<&'static str>,
    accepts_encrypted_assignments: bool,
    visible_on_map: bool,
    years_of_experience: Option<i32>,
    specializations: &'static [&'static str],
    bio: &'static str,
}

const PROFILES: &[DemoProfile] = &[
    DemoProfile {
        key: "nhf-ola",
        org: "nhf",
        email: "nhf.mentor@meander.dev",
        status: profiles::PeerMentorStatus::Active,
        pause: None,
        location: Some("nhf-ola"),
        certification_status: profiles::PeerMentorCertificationStatus::Valid,
        certification_expires_in: Some(900),
        certificate: Some("NHF-2025-0142"),
        assignment_count: 11,
        referral_code: Some("OLA-NHF-2025"),
        accepts_encrypted_assignments: false,
        visible_on_map: true,
        years_of_experience: Some(6),
        specializations: &["wheelchair_user", "spinal_cord_injury"],
        bio: "Rullestolbruker siden en ulykke i 2012. Liker å snakke med nyskadde om hverdagen, jobb og tilrettelegging.",
    },
    DemoProfile {
        key: "nhf-ingrid",
        org: "nhf",
        email: "nhf.mentor2@meander.dev",
        status: profiles::PeerMentorStatus::Paused,
        pause: Some(("Sykemeldt ut måneden", 10, Some(20))),
        location: None,
        certification_status: profiles::PeerMentorCertificationStatus::Pending,
        certification_expires_in: None,
        certificate: None,
        assignment_count: 2,
        referral_code: None,
        accepts_encrypted_assignments: false,
        visible_on_map: false,
        years_of_experience: Some(2),
        specializations: &["mobility_impairment"],
        bio: "Ny likeperson i Oslo, med erfaring fra pasientforeningsarbeid.",
    },
    DemoProfile {
        key: "nhf-lars",
        org: "nhf",
        email: "nhf.mentor.bergen@meander.dev",
        status: profiles::PeerMentorStatus::Active,
        pause: None,
        location: Some("nhf-lars"),
        certification_status: profiles::PeerMentorCertificationStatus::Pending,
        certification_expires_in: None,
        certificate: None,
        assignment_count: 1,
        referral_code: Some("LARS-BGO"),
        accepts_encrypted_assignments: false,
        visible_on_map: false,
        years_of_experience: Some(1),
        specializations: &["chronic_pain"],
        bio: "Likeperson i Bergen med særlig interesse for kroniske smerter og aktivitet.",
    },
    DemoProfile {
        key: "blind-anne",
        org: "blindeforbundet",
        email: "blind.mentor@meander.dev",
        status: profiles::PeerMentorStatus::Active,
        pause: None,
        location: Some("blind-anne"),
        certification_status: profiles::PeerMentorCertificationStatus::ExpiringSoon,
        certification_expires_in: Some(25),
        certificate: Some("NBF-LP-0388"),
        assignment_count: 14,
        referral_code: Some("ANNE-TRD-01"),
        accepts_encrypted_assignments: true,
        visible_on_map: true,
        years_of_experience: Some(9),
        specializations: &["visual_impairment", "career_guidance"],
        bio: "Sterkt svaksynt. Veileder nye brukere i Trøndelag og er mentor i karriereprogrammet.",
    },
    DemoProfile {
        key: "hlf-eva",
        org: "hlf",
        email: "hlf.mentor@meander.dev",
        status: profiles::PeerMentorStatus::Active,
        pause: None,
        location: Some("hlf-eva"),
        certification_status: profiles::PeerMentorCertificationStatus::Valid,
        certification_expires_in: Some(700),
        certificate: Some("HLF-LP-2024-077"),
        assignment_count: 3,
        referral_code: Some("EVA-HLF-KRS"),
        accepts_encrypted_assignments: false,
        visible_on_map: true,
        years_of_experience: Some(4),
        specializations: &["hearing_loss", "tinnitus"],
        bio: "Høreapparatbruker og tinnitusrådgiver i HLF Kristiansand.",
    },
    DemoProfile {
        key: "hlf-ola",
        org: "hlf",
        email: "nhf.mentor@meander.dev",
        status: profiles::PeerMentorStatus::AutoPaused,
        pause: Some(("Sertifikatet utløp", 5, None)),
        location: None,
        certification_status: profiles::PeerMentorCertificationStatus::Expired,
        certification_expires_in: Some(-5),
        certificate: Some("HLF-LP-2022-019"),
        assignment_count: 0,
        referral_code: None,
        accepts_encrypted_assignments: false,
        visible_on_map: false,
        years_of_experience: Some(6),
        specializations: &["hearing_loss", "cochlear_implant"],
        bio: "CI-bruker som også er likeperson i HLF Drammen.",
    },
];

/// Inserts this domain's demo rows; runs inside the demo transaction after the identity core.
pub async fn seed<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> anyhow::Result<()> {
    let today = now.date_naive();
    let period_start = now - Duration::days(150);

    for (
        key,
        org_key,
        email,
        area,
        postal,
        municipality,
        coords,
        precision,
        source,
        given,
        withdrawn,
    ) in LOCATIONS
    {
        locations::ActiveModel {
            id: Set(demo_id("geographic_location", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            area_name: Set(area.map(str::to_string)),
            postal_code: Set(postal.map(str::to_string)),
            municipality: Set(Some(municipality.to_string())),
            latitude: Set(coords.map(|c| c.0)),
            longitude: Set(coords.map(|c| c.1)),
            precision_meters: Set(*precision),
            source: Set(*source),
            consent_given_at: Set(given.map(|d| now - Duration::days(d))),
            consent_version: Set(given.map(|_| "gdpr-lokasjon-2024".to_string())),
            consent_withdrawn_at: Set(withdrawn.map(|d| now - Duration::days(d))),
            verified_at: Set(coords.map(|_| now - Duration::days(30))),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(user(email))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    for p in PROFILES {
        let location = p.location.map(|l| demo_id("geographic_location", l));
        let consent = p.accepts_encrypted_assignments;
        profiles::ActiveModel {
            id: Set(demo_id("peer_mentor_profile", p.key)),
            user_id: Set(user(p.email)),
            organization_id: Set(org(p.org)),
            status: Set(p.status),
            paused_at: Set(p.pause.map(|(_, ago, _)| now - Duration::days(ago))),
            pause_reason: Set(p.pause.map(|(reason, ..)| reason.to_string())),
            resume_at: Set(p
                .pause
                .and_then(|(_, _, resume)| resume.map(|d| now + Duration::days(d)))),
            geographic_location_id: Set(location),
            location_last_updated_at: Set(location.map(|_| now - Duration::days(30))),
            assignment_count_current_period: Set(p.assignment_count),
            assignment_period_start: Set(Some(period_start)),
            certification_expiry_date: Set(p
                .certification_expires_in
                .map(|d| now + Duration::days(d))),
            certification_status: Set(p.certification_status),
            digital_certificate_url: Set(p
                .certificate
                .map(|c| format!("https://files.meander.dev/{}/certificates/{c}.pdf", p.org))),
            referral_code: Set(p.referral_code.map(str::to_string)),
            consent_given_at: Set(consent.then(|| now - Duration::days(200))),
            consent_version: Set(consent.then(|| "kryptert-oppdrag-v2".to_string())),
            accepts_encrypted_assignments: Set(consent),
            bio: Set(Some(p.bio.to_string())),
            profile_photo_url: Set(Some(format!(
                "https://files.meander.dev/{}/avatars/{}.jpg",
                p.org, p.key
            ))),
            notification_opt_ins: Set(Some(json!({
                "new_assignment": true,
                "assignment_reminder_10d": p.org == "blindeforbundet",
                "certificate_expiry": true,
            }))),
            is_visible_on_map: Set(p.visible_on_map),
            years_of_experience: Set(p.years_of_experience),
            specializations: Set(Some(json!(p.specializations))),
            created_at: Set(now - Duration::days(400)),
            updated_at: Set(now),
            created_by_id: Set(Some(user(&format!(
                "{}.admin@meander.dev",
                if p.org == "blindeforbundet" {
                    "blind"
                } else {
                    p.org
                }
            )))),
            ..Default::default()
        }
        .insert(db)
        .await?;

        // Status history: the first activation, then the pause if the mentor is paused.
        availability::ActiveModel {
            id: Set(demo_id("peer_mentor_availability", &format!("{}:1", p.key))),
            organization_id: Set(org(p.org)),
            user_id: Set(user(p.email)),
            peer_mentor_profile_id: Set(demo_id("peer_mentor_profile", p.key)),
            previous_status: Set(None),
            status: Set(profiles::PeerMentorStatus::Active),
            reason: Set(Some(
                "Profil opprettet ved tildeling av likepersonsrollen".into(),
            )),
            source: Set(availability::PeerMentorAvailabilitySource::System),
            effective_from: Set(now - Duration::days(400)),
            effective_until: Set(None),
            created_at: Set(now - Duration::days(400)),
            updated_at: Set(now - Duration::days(400)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if let Some((reason, ago, resume)) = p.pause {
            let source = if p.status == profiles::PeerMentorStatus::AutoPaused {
                availability::PeerMentorAvailabilitySource::CertificationExpiry
            } else {
                availability::PeerMentorAvailabilitySource::Mentor
            };
            availability::ActiveModel {
                id: Set(demo_id("peer_mentor_availability", &format!("{}:2", p.key))),
                organization_id: Set(org(p.org)),
                user_id: Set(user(p.email)),
                peer_mentor_profile_id: Set(demo_id("peer_mentor_profile", p.key)),
                previous_status: Set(Some(profiles::PeerMentorStatus::Active)),
                status: Set(p.status),
                reason: Set(Some(reason.to_string())),
                source: Set(source),
                effective_from: Set(now - Duration::days(ago)),
                effective_until: Set(resume.map(|d| now + Duration::days(d))),
                created_at: Set(now - Duration::days(ago)),
                updated_at: Set(now - Duration::days(ago)),
                created_by_id: Set(
                    (source == availability::PeerMentorAvailabilitySource::Mentor)
                        .then(|| user(p.email)),
                ),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }

    // Pairings: Ola guides Ingrid in Oslo; in HLF Eva guides Ola (paused with him).
    let pairings = [
        (
            "nhf-ola-ingrid",
            "nhf",
            "nhf-ola",
            "nhf-ingrid",
            mentor_pairings::MentorPairingStatus::Active,
            60,
            "Trygghet i første hjemmebesøk og registrering av aktiviteter.",
            "Annenhver uke",
        ),
        (
            "hlf-eva-ola",
            "hlf",
            "hlf-eva",
            "hlf-ola",
            mentor_pairings::MentorPairingStatus::Paused,
            200,
            "Erfaringsutveksling om CI og fornyelse av sertifikat.",
            "Månedlig",
        ),
    ];
    for (key, org_key, mentor, mentee, status, started_ago, goals, frequency) in pairings {
        mentor_pairings::ActiveModel {
            id: Set(demo_id("mentor_pairing", key)),
            organization_id: Set(org(org_key)),
            mentor_profile_id: Set(demo_id("peer_mentor_profile", mentor)),
            mentee_profile_id: Set(demo_id("peer_mentor_profile", mentee)),
            coordinator_id: Set(Some(coordinator(org_key))),
            status: Set(status),
            started_on: Set(Some(today - Duration::days(started_ago))),
            ended_on: Set(None),
            goals: Set(Some(goals.into())),
            meeting_frequency: Set(Some(frequency.into())),
            end_reason: Set(None),
            created_at: Set(now - Duration::days(started_ago + 7)),
            updated_at: Set(now),
            created_by_id: Set(Some(coordinator(org_key))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    let threshold_rows = [
        (
            "nhf-10",
            "nhf",
            "Milepæl 10 oppdrag",
            10,
            thresholds::HonorariumThresholdKind::NotificationOnly,
            None,
        ),
        (
            "blindeforbundet-3",
            "blindeforbundet",
            "Kontorhonorar",
            3,
            thresholds::HonorariumThresholdKind::OfficeHonorarium,
            Some(30_000),
        ),
        (
            "blindeforbundet-15",
            "blindeforbundet",
            "Høyere sats",
            15,
            thresholds::HonorariumThresholdKind::HigherRate,
            Some(45_000),
        ),
        (
            "hlf-3",
            "hlf",
            "Kontorhonorar",
            3,
            thresholds::HonorariumThresholdKind::OfficeHonorarium,
            Some(25_000),
        ),
        (
            "hlf-15",
            "hlf",
            "Høyere sats",
            15,
            thresholds::HonorariumThresholdKind::HigherRate,
            Some(40_000),
        ),
    ];
    for (key, org_key, name, count, kind, rate) in threshold_rows {
        thresholds::ActiveModel {
            id: Set(demo_id("honorarium_threshold", key)),
            organization_id: Set(org(org_key)),
            name: Set(name.into()),
            assignment_count: Set(count),
            kind: Set(kind),
            rate_amount_ore: Set(rate),
            notify_coordinator: Set(true),
            is_active: Set(true),
            valid_from: Set(Some(today - Duration::days(365))),
            valid_to: Set(None),
            description: Set(Some(format!(
                "Utløses ved {count}. fullførte oppdrag i perioden."
            ))),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    let record_rows = [
        (
            "nhf-ola-10",
            "nhf",
            "nhf.mentor@meander.dev",
            "nhf-10",
            10,
            20,
            honorarium_records::AssignmentHonorariumStatus::Approved,
            None,
        ),
        (
            "blind-anne-3",
            "blindeforbundet",
            "blind.mentor@meander.dev",
            "blindeforbundet-3",
            3,
            120,
            honorarium_records::AssignmentHonorariumStatus::Paid,
            Some(30_000),
        ),
        (
            "hlf-eva-3",
            "hlf",
            "hlf.mentor@meander.dev",
            "hlf-3",
            3,
            7,
            honorarium_records::AssignmentHonorariumStatus::Pending,
            Some(25_000),
        ),
    ];
    for (key, org_key, email, threshold, count, ago, status, amount) in record_rows {
        let crossed_at = now - Duration::days(ago);
        honorarium_records::ActiveModel {
            id: Set(demo_id("assignment_honorarium_record", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            honorarium_threshold_id: Set(demo_id("honorarium_threshold", threshold)),
            // Anne's third completed assignment crossed the office-honorarium threshold.
            assignment_id: Set((org_key == "blindeforbundet")
                .then(|| demo_id("assignment", "blindeforbundet:ragnhild-mobil"))),
            period_start: Set(period_start.date_naive()),
            period_end: Set(None),
            assignment_count: Set(count),
            crossed_at: Set(crossed_at),
            status: Set(status),
            amount_ore: Set(amount),
            coordinator_notified_at: Set(Some(crossed_at + Duration::minutes(5))),
            paid_at: Set(
                (status == honorarium_records::AssignmentHonorariumStatus::Paid)
                    .then(|| crossed_at + Duration::days(30)),
            ),
            created_at: Set(crossed_at),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    let driver_rows = [
        (
            "blind-anne-1",
            "blindeforbundet",
            "blind.mentor@meander.dev",
            14,
            "Følge ny bruker til synssentralen",
            "Byåsen",
            "Trondheim sentrum",
            23.5,
            90,
            driver_honorariums::DriverHonorariumStatus::Approved,
        ),
        (
            "nhf-lars-1",
            "nhf",
            "nhf.mentor.bergen@meander.dev",
            3,
            "Kjøring til likepersonstreff",
            "Fana",
            "Bergen sentrum",
            14.0,
            45,
            driver_honorariums::DriverHonorariumStatus::Submitted,
        ),
        (
            "hlf-eva-1",
            "hlf",
            "hlf.mentor@meander.dev",
            30,
            "Kjøring til hørselstreff",
            "Kristiansand",
            "Lillesand",
            28.0,
            120,
            driver_honorariums::DriverHonorariumStatus::Paid,
        ),
    ];
    for (key, org_key, email, ago, purpose, from, to, km, minutes, status) in driver_rows {
        let rate = 350_i64;
        let decided = matches!(
            status,
            driver_honorariums::DriverHonorariumStatus::Approved
                | driver_honorariums::DriverHonorariumStatus::Rejected
                | driver_honorariums::DriverHonorariumStatus::Paid
        );
        driver_honorariums::ActiveModel {
            id: Set(demo_id("driver_honorarium", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            // Anne drove the Blindeforbundet user of her completed assignment.
            assignment_id: Set((org_key == "blindeforbundet")
                .then(|| demo_id("assignment", "blindeforbundet:ragnhild-mobil"))),
            driven_on: Set(today - Duration::days(ago)),
            purpose: Set(Some(purpose.into())),
            from_area: Set(Some(from.into())),
            to_area: Set(Some(to.into())),
            distance_km: Set(km),
            duration_minutes: Set(Some(minutes)),
            rate_ore_per_km: Set(Some(rate)),
            amount_ore: Set((km * rate as f64).round() as i64),
            status: Set(status),
            approved_by_id: Set(decided.then(|| coordinator(org_key))),
            approved_at: Set(decided.then(|| now - Duration::days(ago - 2))),
            paid_at: Set((status == driver_honorariums::DriverHonorariumStatus::Paid)
                .then(|| now - Duration::days(ago - 10))),
            notes: Set(None),
            created_at: Set(now - Duration::days(ago)),
            updated_at: Set(now),
            created_by_id: Set(Some(user(email))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    let declaration_rows = [
        (
            "blind-anne",
            "blindeforbundet",
            "blind.mentor@meander.dev",
            "2024-1",
            700,
            declarations::DriverDeclarationSignatureMethod::InApp,
            false,
        ),
        (
            "nhf-lars",
            "nhf",
            "nhf.mentor.bergen@meander.dev",
            "2025-01",
            30,
            declarations::DriverDeclarationSignatureMethod::Bankid,
            false,
        ),
        (
            "hlf-eva",
            "hlf",
            "hlf.mentor@meander.dev",
            "2024-02",
            300,
            declarations::DriverDeclarationSignatureMethod::Paper,
            true,
        ),
    ];
    for (key, org_key, email, version, ago, method, witnessed) in declaration_rows {
        declarations::ActiveModel {
            id: Set(demo_id("driver_confidentiality_declaration", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            declaration_version: Set(version.into()),
            signed_at: Set(now - Duration::days(ago)),
            signature_method: Set(method),
            valid_until: Set(Some(today - Duration::days(ago) + Duration::days(3 * 365))),
            document_url: Set(Some(format!(
                "https://files.meander.dev/{org_key}/declarations/{key}-{version}.pdf"
            ))),
            witnessed_by_id: Set(witnessed.then(|| coordinator(org_key))),
            revoked_at: Set(None),
            created_at: Set(now - Duration::days(ago)),
            updated_at: Set(now - Duration::days(ago)),
            created_by_id: Set(Some(if witnessed {
                coordinator(org_key)
            } else {
                user(email)
            })),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    let nda_rows = [
        (
            "blind-anne",
            "blindeforbundet",
            "blind.mentor@meander.dev",
            "Taushetserklæring – oppdrag med sensitive opplysninger",
            "3.0",
            nda_agreements::NdaAgreementStatus::Signed,
            Some(400),
            Some(nda_agreements::NdaSignatureMethod::Bankid),
            Some("blind.admin@meander.dev"),
        ),
        (
            "nhf-ola",
            "nhf",
            "nhf.mentor@meander.dev",
            "Taushetserklæring for likepersoner",
            "2025",
            nda_agreements::NdaAgreementStatus::Signed,
            Some(180),
            Some(nda_agreements::NdaSignatureMethod::InApp),
            None,
        ),
        (
            "hlf-eva",
            "hlf",
            "hlf.mentor@meander.dev",
            "Taushetserklæring for likepersoner i HLF",
            "2.1",
            nda_agreements::NdaAgreementStatus::Pending,
            None,
            None,
            None,
        ),
    ];
    for (key, org_key, email, title, version, status, signed_ago, method, countersigned) in nda_rows
    {
        nda_agreements::ActiveModel {
            id: Set(demo_id("nda_agreement", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            document_title: Set(title.into()),
            document_version: Set(version.into()),
            status: Set(status),
            signed_at: Set(signed_ago.map(|d| now - Duration::days(d))),
            signature_method: Set(method),
            expires_on: Set(None),
            document_url: Set(Some(format!(
                "https://files.meander.dev/{org_key}/nda/{key}-{version}.pdf"
            ))),
            countersigned_by_id: Set(countersigned.map(user)),
            revoked_at: Set(None),
            created_at: Set(now - Duration::days(signed_ago.unwrap_or(3) + 2)),
            updated_at: Set(now),
            created_by_id: Set(Some(coordinator(org_key))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    let link_rows = [
        (
            "OLA-NHF-2025",
            "nhf",
            "nhf.mentor@meander.dev",
            referral_links::ReferralLinkChannel::QrCode,
            "Medlemsverving høst",
            "oslo",
            12,
            1,
        ),
        (
            "ANNE-TRD-01",
            "blindeforbundet",
            "blind.mentor@meander.dev",
            referral_links::ReferralLinkChannel::Link,
            "Verv en venn",
            "trondheim",
            3,
            0,
        ),
        (
            "EVA-HLF-KRS",
            "hlf",
            "hlf.mentor@meander.dev",
            referral_links::ReferralLinkChannel::Sms,
            "Hørselsuka",
            "kristiansand",
            5,
            0,
        ),
    ];
    for (code, org_key, email, channel, campaign, la, clicks, registrations) in link_rows {
        referral_links::ActiveModel {
            id: Set(demo_id("referral_link", code)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            code: Set(code.into()),
            channel: Set(channel),
            campaign: Set(Some(campaign.into())),
            local_association_id: Set(Some(demo_id("la", la))),
            is_active: Set(true),
            expires_at: Set(Some(now + Duration::days(120))),
            click_count: Set(clicks),
            registration_count: Set(registrations),
            created_at: Set(now - Duration::days(60)),
            updated_at: Set(now),
            created_by_id: Set(Some(user(email))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    let recruitment_rows = [
        (
            "nhf-ingrid",
            "nhf",
            "nhf.mentor@meander.dev",
            "OLA-NHF-2025",
            Some("nhf.mentor2@meander.dev"),
            member_recruitments::MemberRecruitmentStatus::MemberConfirmed,
            50,
        ),
        (
            "nhf-click",
            "nhf",
            "nhf.mentor@meander.dev",
            "OLA-NHF-2025",
            None,
            member_recruitments::MemberRecruitmentStatus::Clicked,
            2,
        ),
        (
            "blind-click",
            "blindeforbundet",
            "blind.mentor@meander.dev",
            "ANNE-TRD-01",
            None,
            member_recruitments::MemberRecruitmentStatus::Clicked,
            9,
        ),
        (
            "hlf-abandoned",
            "hlf",
            "hlf.mentor@meander.dev",
            "EVA-HLF-KRS",
            None,
            member_recruitments::MemberRecruitmentStatus::Abandoned,
            15,
        ),
    ];
    for (key, org_key, email, link, recruited, status, ago) in recruitment_rows {
        let clicked_at = now - Duration::days(ago);
        let joined = status == member_recruitments::MemberRecruitmentStatus::MemberConfirmed;
        let channel = match org_key {
            "nhf" => referral_links::ReferralLinkChannel::QrCode,
            "hlf" => referral_links::ReferralLinkChannel::Sms,
            _ => referral_links::ReferralLinkChannel::Link,
        };
        member_recruitments::ActiveModel {
            id: Set(demo_id("member_recruitment", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            referral_link_id: Set(Some(demo_id("referral_link", link))),
            recruited_user_id: Set(recruited.map(user)),
            local_association_id: Set(joined.then(|| demo_id("la", "oslo"))),
            status: Set(status),
            channel: Set(Some(channel)),
            clicked_at: Set(clicked_at),
            registered_at: Set(joined.then(|| clicked_at + Duration::hours(1))),
            confirmed_at: Set(joined.then(|| clicked_at + Duration::days(3))),
            created_at: Set(clicked_at),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
