//! Demo rows of the training domain in every demo organization: courses, enrollments,
//! certifications (one expired, to show auto-pause), renewals and reminders.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::json;
use uuid::Uuid;

use super::demo_id;
use entity::{
    certification_reminders as reminders, certification_renewals as renewals, certifications,
    course_enrollments as enrollments, courses,
};

fn org(key: &str) -> Uuid {
    demo_id("org", key)
}

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

/// (key, org, local association, title, description, type, mode, status, starts in days,
/// capacity, grants certification, validity months, prerequisite course keys)
type DemoCourse = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
    courses::CourseType,
    courses::CourseDeliveryMode,
    courses::CourseStatus,
    i64,
    Option<i32>,
    bool,
    Option<i32>,
    &'static [&'static str],
);

const COURSES: &[DemoCourse] = &[
    (
        "nhf-grunnkurs",
        "nhf",
        Some("oslo"),
        "Grunnkurs for likepersoner",
        "Innføring i likepersonsarbeid i NHF: rollen som likeperson, taushetsplikt, samtaleteknikk og registrering av aktiviteter.",
        courses::CourseType::BasicTraining,
        courses::CourseDeliveryMode::InPerson,
        courses::CourseStatus::Completed,
        -200,
        Some(20),
        true,
        Some(36),
        &[],
    ),
    (
        "nhf-fordypning",
        "nhf",
        None,
        "Fordypning: likepersonsarbeid med rullestolbrukere",
        "Videregående kurs om tilgjengelighet, hjelpemidler og å være likeperson for nyskadde rullestolbrukere.",
        courses::CourseType::Specialization,
        courses::CourseDeliveryMode::Hybrid,
        courses::CourseStatus::Open,
        30,
        Some(1),
        false,
        None,
        &["nhf-grunnkurs"],
    ),
    (
        "nhf-grunnkurs-host",
        "nhf",
        Some("oslo"),
        "Grunnkurs for likepersoner (høst)",
        "Neste grunnkurs: rollen som likeperson, taushetsplikt, samtaleteknikk og registrering av aktiviteter. Påmelding er åpen.",
        courses::CourseType::BasicTraining,
        courses::CourseDeliveryMode::InPerson,
        courses::CourseStatus::Open,
        60,
        Some(20),
        true,
        Some(36),
        &[],
    ),
    (
        "blind-sertifisering",
        "blindeforbundet",
        Some("trondheim"),
        "Sertifisering som likeperson i Blindeforbundet",
        "Obligatorisk sertifiseringskurs: syn og synstap, veiledning av nye brukere, trygg håndtering av oppdrag og personopplysninger.",
        courses::CourseType::Certification,
        courses::CourseDeliveryMode::InPerson,
        courses::CourseStatus::Completed,
        -700,
        Some(15),
        true,
        Some(24),
        &[],
    ),
    (
        "hlf-grunnkurs",
        "hlf",
        None,
        "HLF grunnkurs for likepersoner",
        "Sertifiserende grunnkurs: hørselstap, tinnitus, høreapparater og CI, og hvordan møte nye medlemmer.",
        courses::CourseType::Certification,
        courses::CourseDeliveryMode::Online,
        courses::CourseStatus::Completed,
        -400,
        None,
        true,
        Some(36),
        &[],
    ),
    (
        "hlf-oppfrisking",
        "hlf",
        Some("drammen"),
        "Oppfriskningskurs: hørselstekniske hjelpemidler",
        "Fornyer likepersonssertifikatet: nyheter om teleslynge, streamere og rettigheter hos NAV.",
        courses::CourseType::Refresher,
        courses::CourseDeliveryMode::InPerson,
        courses::CourseStatus::Open,
        21,
        Some(12),
        true,
        Some(36),
        &["hlf-grunnkurs"],
    ),
];

/// (key, org, holder email, course key, name, number, status, issued days ago, valid days
/// left, physical card)
type DemoCertification = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    certifications::CertificationStatus,
    i64,
    i64,
    bool,
);

const CERTIFICATIONS: &[DemoCertification] = &[
    (
        "nhf-ola",
        "nhf",
        "nhf.mentor@meander.dev",
        "nhf-grunnkurs",
        "Godkjent likeperson NHF",
        "NHF-2025-0142",
        certifications::CertificationStatus::Active,
        190,
        900,
        true,
    ),
    (
        "blind-anne",
        "blindeforbundet",
        "blind.mentor@meander.dev",
        "blind-sertifisering",
        "Sertifisert likeperson Blindeforbundet",
        "NBF-LP-0388",
        certifications::CertificationStatus::ExpiringSoon,
        690,
        25,
        true,
    ),
    (
        "hlf-eva",
        "hlf",
        "hlf.mentor@meander.dev",
        "hlf-grunnkurs",
        "HLF-sertifisert likeperson",
        "HLF-LP-2024-077",
        certifications::CertificationStatus::Active,
        390,
        700,
        false,
    ),
    (
        "hlf-ola",
        "hlf",
        "nhf.mentor@meander.dev",
        "hlf-grunnkurs",
        "HLF-sertifisert likeperson",
        "HLF-LP-2022-019",
        certifications::CertificationStatus::Expired,
        1100,
        -5,
        false,
    ),
];

/// (key, org, email, course key, status, enrolled days ago, completed, certification key)
type DemoEnrollment = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    enrollments::CourseEnrollmentStatus,
    i64,
    bool,
    Option<&'static str>,
);

const ENROLLMENTS: &[DemoEnrollment] = &[
    (
        "nhf-ola-grunnkurs",
        "nhf",
        "nhf.mentor@meander.dev",
        "nhf-grunnkurs",
        enrollments::CourseEnrollmentStatus::Completed,
        240,
        true,
        Some("nhf-ola"),
    ),
    (
        "nhf-ingrid-fordypning",
        "nhf",
        "nhf.mentor2@meander.dev",
        "nhf-fordypning",
        // Applied: the specialization's seat waits for her basic course (prerequisites).
        enrollments::CourseEnrollmentStatus::Pending,
        12,
        false,
        None,
    ),
    (
        "nhf-lars-fordypning",
        "nhf",
        "nhf.mentor.bergen@meander.dev",
        "nhf-fordypning",
        enrollments::CourseEnrollmentStatus::Waitlisted,
        3,
        false,
        None,
    ),
    (
        "blind-anne-sertifisering",
        "blindeforbundet",
        "blind.mentor@meander.dev",
        "blind-sertifisering",
        enrollments::CourseEnrollmentStatus::Completed,
        730,
        true,
        Some("blind-anne"),
    ),
    (
        "hlf-eva-grunnkurs",
        "hlf",
        "hlf.mentor@meander.dev",
        "hlf-grunnkurs",
        enrollments::CourseEnrollmentStatus::Completed,
        420,
        true,
        Some("hlf-eva"),
    ),
    (
        "hlf-ola-oppfrisking",
        "hlf",
        "nhf.mentor@meander.dev",
        "hlf-oppfrisking",
        enrollments::CourseEnrollmentStatus::Pending,
        2,
        false,
        None,
    ),
];

/// Inserts this domain's demo rows; runs inside the demo transaction after the identity core.
pub async fn seed<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> anyhow::Result<()> {
    let today = now.date_naive();
    let coordinator = |org_key: &str| match org_key {
        "nhf" => user("nhf.coordinator@meander.dev"),
        "blindeforbundet" => user("blind.coordinator@meander.dev"),
        _ => user("hlf.coordinator@meander.dev"),
    };

    for (
        key,
        org_key,
        la,
        title,
        description,
        kind,
        mode,
        status,
        starts_in,
        capacity,
        grants,
        validity,
        prereqs,
    ) in COURSES
    {
        let starts_at = now + Duration::days(*starts_in);
        let admin = user(&format!(
            "{}.admin@meander.dev",
            if *org_key == "blindeforbundet" {
                "blind"
            } else {
                org_key
            }
        ));
        courses::ActiveModel {
            id: Set(demo_id("course", key)),
            organization_id: Set(org(org_key)),
            local_association_id: Set(la.map(|l| demo_id("la", l))),
            title: Set(title.to_string()),
            description: Set(Some(description.to_string())),
            course_type: Set(*kind),
            delivery_mode: Set(*mode),
            status: Set(*status),
            prerequisite_course_ids: Set(json!(
                prereqs
                    .iter()
                    .map(|p| demo_id("course", p))
                    .collect::<Vec<_>>()
            )),
            starts_at: Set(Some(starts_at)),
            ends_at: Set(Some(starts_at + Duration::days(2))),
            enrollment_deadline: Set(Some(starts_at - Duration::days(7))),
            location: Set(Some(match mode {
                courses::CourseDeliveryMode::Online => "Teams (lenke sendes påmeldte)".to_string(),
                _ => format!(
                    "{}, kurslokalet",
                    la.map(|l| match l {
                        "oslo" => "Oslo",
                        "trondheim" => "Trondheim",
                        "drammen" => "Drammen",
                        other => other,
                    })
                    .unwrap_or("Gardermoen")
                ),
            })),
            instructor_name: Set(Some(
                match *org_key {
                    "nhf" => "Marit Solberg",
                    "blindeforbundet" => "Jon Eriksen",
                    _ => "Randi Aas",
                }
                .to_string(),
            )),
            seat_capacity: Set(*capacity),
            grants_certification: Set(*grants),
            certification_validity_months: Set(*validity),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(admin)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    for (key, org_key, email, course, name, number, status, issued_ago, valid_left, card) in
        CERTIFICATIONS
    {
        certifications::ActiveModel {
            id: Set(demo_id("certification", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            course_id: Set(Some(demo_id("course", course))),
            name: Set(name.to_string()),
            certificate_number: Set(Some(number.to_string())),
            status: Set(*status),
            issued_on: Set(today - Duration::days(*issued_ago)),
            expires_on: Set(Some(today + Duration::days(*valid_left))),
            physical_card_issued: Set(*card),
            physical_card_issued_on: Set(card.then(|| today - Duration::days(*issued_ago - 14))),
            digital_certificate_url: Set(Some(format!(
                "https://files.meander.dev/{org_key}/certificates/{number}.pdf"
            ))),
            issued_by_id: Set(Some(coordinator(org_key))),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(coordinator(org_key))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    for (key, org_key, email, course, status, enrolled_ago, completed, certification) in ENROLLMENTS
    {
        let enrolled_at = now - Duration::days(*enrolled_ago);
        enrollments::ActiveModel {
            id: Set(demo_id("course_enrollment", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            course_id: Set(demo_id("course", course)),
            status: Set(*status),
            enrolled_at: Set(enrolled_at),
            completed_at: Set(completed.then(|| enrolled_at + Duration::days(40))),
            attended: Set(completed.then_some(true)),
            certification_eligible: Set(*completed),
            certification_id: Set(certification.map(|c| demo_id("certification", c))),
            notes: Set(match status {
                enrollments::CourseEnrollmentStatus::Waitlisted => {
                    Some("Står først på ventelisten.".into())
                }
                enrollments::CourseEnrollmentStatus::Pending => {
                    Some("Må fornye utløpt sertifikat; prioriteres.".into())
                }
                _ => None,
            }),
            created_at: Set(enrolled_at),
            updated_at: Set(now),
            created_by_id: Set(Some(user(email))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    // Renewals: Eva renewed once after a refresher; Anne's certificate was renewed by her
    // coordinator last year.
    let renewal_rows = [
        (
            "hlf-eva-2025",
            "hlf",
            "hlf.mentor@meander.dev",
            "hlf-eva",
            Some("hlf-eva-grunnkurs"),
            60,
            340,
            700,
            renewals::CertificationRenewalTrigger::CourseCompletion,
            "Fornyet etter fullført kurs.",
        ),
        (
            "blind-anne-2024",
            "blindeforbundet",
            "blind.mentor@meander.dev",
            "blind-anne",
            None,
            400,
            -340,
            25,
            renewals::CertificationRenewalTrigger::Coordinator,
            "Fornyet av koordinator etter oppfølgingssamtale.",
        ),
    ];
    for (key, org_key, email, cert, enrollment, ago, previous_left, new_left, trigger, notes) in
        renewal_rows
    {
        renewals::ActiveModel {
            id: Set(demo_id("certification_renewal", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            certification_id: Set(demo_id("certification", cert)),
            course_enrollment_id: Set(enrollment.map(|e| demo_id("course_enrollment", e))),
            renewed_at: Set(now - Duration::days(ago)),
            previous_expires_on: Set(Some(today + Duration::days(previous_left))),
            new_expires_on: Set(today + Duration::days(new_left)),
            trigger_type: Set(trigger),
            notes: Set(Some(notes.into())),
            created_at: Set(now - Duration::days(ago)),
            updated_at: Set(now - Duration::days(ago)),
            created_by_id: Set(Some(coordinator(org_key))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    // Reminders before expiry: Anne's is due in days, Ola's (HLF) was sent before it expired,
    // and NHF schedules a reminder 90 days ahead for Ola's valid certificate.
    let reminder_rows = [
        (
            "blind-anne-30",
            "blindeforbundet",
            "blind.mentor@meander.dev",
            "blind-anne",
            30,
            25,
            reminders::CertificationReminderChannel::Push,
            reminders::CertificationReminderStatus::Sent,
        ),
        (
            "blind-anne-10",
            "blindeforbundet",
            "blind.mentor@meander.dev",
            "blind-anne",
            10,
            25,
            reminders::CertificationReminderChannel::Push,
            reminders::CertificationReminderStatus::Scheduled,
        ),
        (
            "hlf-ola-30",
            "hlf",
            "nhf.mentor@meander.dev",
            "hlf-ola",
            30,
            -5,
            reminders::CertificationReminderChannel::Email,
            reminders::CertificationReminderStatus::Sent,
        ),
        (
            "nhf-ola-90",
            "nhf",
            "nhf.mentor@meander.dev",
            "nhf-ola",
            90,
            900,
            reminders::CertificationReminderChannel::InApp,
            reminders::CertificationReminderStatus::Scheduled,
        ),
    ];
    for (key, org_key, email, cert, days_before, valid_left, channel, status) in reminder_rows {
        let remind_at = now + Duration::days(valid_left - days_before);
        reminders::ActiveModel {
            id: Set(demo_id("certification_reminder", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            certification_id: Set(demo_id("certification", cert)),
            remind_at: Set(remind_at),
            days_before_expiry: Set(days_before as i32),
            channel: Set(channel),
            status: Set(status),
            sent_at: Set(
                (status == reminders::CertificationReminderStatus::Sent).then_some(remind_at)
            ),
            notify_coordinator: Set(days_before <= 10),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
