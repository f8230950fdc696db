//! Demo rows of the activities domain in every demo organization: activity types with Bufdir
//! categories; activities in every workflow status (own, proxy and bulk registrations) linked
//! to the contacts the contacts seed put in the local association; their documents, change
//! logs, review flags, delegation grants; and one calendar integration per peer mentor.
//! Activity dates are relative to seeding time (never in the future).

use chrono::{DateTime, Duration, Timelike, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::demo_id;
use entity::{
    activities, activity_documents as documents, activity_flags as flags, activity_logs as logs,
    activity_types as types, bulk_registrations as bulk, calendar_integrations as calendars,
    contacts, delegation_grants as grants,
};

use activities::ActivityStatus as S;
use documents::ActivityDocumentType as Doc;
use logs::ActivityLogAction as Log;
use types::BufdirReportingCategory as Cat;

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

/// Up to `n` live contacts of the local association (seeded by the contacts domain), oldest first.
async fn contacts_of<C: ConnectionTrait>(db: &C, la: &str, n: u64) -> anyhow::Result<Vec<Uuid>> {
    Ok(contacts::Entity::find()
        .filter(contacts::Column::LocalAssociationId.eq(demo_id("la", la)))
        .filter(contacts::Column::DeletedAt.is_null())
        .order_by_asc(contacts::Column::CreatedAt)
        .order_by_asc(contacts::Column::Id)
        .limit(n)
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}

/// (org, key, name, category, requires contact, requires location, requires documentation,
/// multiple participants, reimbursable, default minutes)
type TypeRow = (
    &'static str,
    &'static str,
    &'static str,
    Cat,
    bool,
    bool,
    bool,
    bool,
    bool,
    i32,
);

#[rustfmt::skip]
const TYPES: &[TypeRow] = &[
    ("nhf", "home_visit", "Hjemmebesøk", Cat::IndividualSupport, true, true, false, false, true, 60),
    ("nhf", "phone_call", "Telefonsamtale", Cat::PhoneSupport, true, false, false, false, false, 30),
    ("nhf", "digital_meeting", "Digitalt møte", Cat::DigitalSupport, true, false, false, false, false, 45),
    ("nhf", "group_meeting", "Gruppetreff", Cat::GroupActivity, false, true, true, true, true, 120),
    ("nhf", "admin_work", "Administrativt arbeid", Cat::NotReported, false, false, false, false, false, 30),
    ("blindeforbundet", "home_visit", "Hjemmebesøk", Cat::IndividualSupport, true, true, false, false, true, 90),
    ("blindeforbundet", "phone_call", "Telefonsamtale", Cat::PhoneSupport, true, false, false, false, false, 30),
    ("blindeforbundet", "escort", "Ledsagelse", Cat::IndividualSupport, true, true, false, false, true, 120),
    ("blindeforbundet", "group_walk", "Turgruppe", Cat::GroupActivity, false, true, true, true, false, 120),
    ("hlf", "home_visit", "Hjemmebesøk", Cat::IndividualSupport, true, true, false, false, true, 60),
    ("hlf", "phone_call", "Telefonsamtale", Cat::PhoneSupport, true, false, false, false, false, 30),
    ("hlf", "hearing_aid_guidance", "Veiledning om høreapparat", Cat::IndividualSupport, true, false, false, false, true, 45),
    ("hlf", "hearing_cafe", "Hørselskafé", Cat::GroupActivity, false, true, true, true, true, 120),
];

struct Bulk {
    key: &'static str,
    org: &'static str,
    la: &'static str,
    coordinator: &'static str,
    activity_type: &'static str,
    title: &'static str,
    days_ago: i64,
    minutes: i32,
    location: &'static str,
    mentors: &'static [&'static str],
    status: bulk::BulkRegistrationStatus,
    error: Option<&'static str>,
}

fn bulk_rows() -> Vec<Bulk> {
    use bulk::BulkRegistrationStatus as B;
    vec![
        Bulk {
            key: "nhf:likepersonkurs-oslo",
            org: "nhf",
            la: "oslo",
            coordinator: "nhf.coordinator@meander.dev",
            activity_type: "group_meeting",
            title: "Likepersonsamling Oslo",
            days_ago: 9,
            minutes: 180,
            location: "NHF Oslo, Schweigaards gate 12",
            mentors: &["nhf.mentor@meander.dev", "nhf.mentor2@meander.dev"],
            status: B::Completed,
            error: None,
        },
        Bulk {
            key: "blindeforbundet:turgruppe-bymarka",
            org: "blindeforbundet",
            la: "trondheim",
            coordinator: "blind.coordinator@meander.dev",
            activity_type: "group_walk",
            title: "Turgruppe i Bymarka",
            days_ago: 14,
            minutes: 150,
            location: "Skistua, Bymarka",
            mentors: &["blind.mentor@meander.dev"],
            status: B::Completed,
            error: None,
        },
        Bulk {
            key: "hlf:horselskafe-februar",
            org: "hlf",
            la: "drammen",
            coordinator: "hlf.coordinator@meander.dev",
            activity_type: "hearing_cafe",
            title: "Hørselskafé i Drammen",
            days_ago: 30,
            minutes: 120,
            location: "Drammen bibliotek, Grønland 32",
            mentors: &["nhf.mentor@meander.dev", "hlf.mentor@meander.dev"],
            status: B::Failed,
            error: Some(
                "hlf.mentor@meander.dev er ikke medlem av HLF Drammen; ingen aktiviteter ble registrert.",
            ),
        },
    ]
}

struct Activity {
    key: &'static str,
    org: &'static str,
    la: &'static str,
    mentor: &'static str,
    activity_type: &'static str,
    /// index into the local association's contacts (None = no single contact)
    contact: Option<usize>,
    days_ago: i64,
    hour: u32,
    minutes: i32,
    title: &'static str,
    description: Option<&'static str>,
    location: Option<&'static str>,
    status: S,
    /// coordinator who registered by proxy
    proxy: Option<&'static str>,
    bulk: Option<&'static str>,
    participants: i32,
    reimbursement: bool,
}

fn activity_rows() -> Vec<Activity> {
    let base = Activity {
        key: "",
        org: "nhf",
        la: "oslo",
        mentor: "nhf.mentor@meander.dev",
        activity_type: "home_visit",
        contact: Some(0),
        days_ago: 1,
        hour: 11,
        minutes: 60,
        title: "",
        description: None,
        location: None,
        status: S::PendingReview,
        proxy: None,
        bulk: None,
        participants: 1,
        reimbursement: false,
    };
    vec![
        Activity {
            key: "nhf:hjemmebesok-tasen",
            days_ago: 20,
            minutes: 90,
            title: "Hjemmebesøk på Tåsen",
            description: Some(
                "Snakket om tilrettelegging av badet og søknad om BPA. Avtalte nytt besøk om tre uker.",
            ),
            location: Some("Tåsen, Oslo"),
            status: S::Approved,
            reimbursement: true,
            ..base
        },
        Activity {
            key: "nhf:telefon-oppfolging",
            activity_type: "phone_call",
            contact: Some(1),
            days_ago: 12,
            hour: 18,
            minutes: 25,
            title: "Oppfølgingssamtale på telefon",
            description: Some("Kort samtale om erfaringer med ny rullestol."),
            ..base
        },
        Activity {
            key: "nhf:hjemmebesok-tasen-dobbel",
            mentor: "nhf.mentor2@meander.dev",
            days_ago: 20,
            minutes: 90,
            title: "Hjemmebesøk",
            status: S::Flagged,
            ..base
        },
        Activity {
            key: "nhf:digitalt-mote",
            mentor: "nhf.mentor2@meander.dev",
            activity_type: "digital_meeting",
            contact: Some(1),
            days_ago: 2,
            hour: 19,
            minutes: 45,
            title: "Videomøte om arbeidsliv",
            status: S::Draft,
            ..base
        },
        Activity {
            key: "nhf:telefon-proxy",
            activity_type: "phone_call",
            days_ago: 4,
            hour: 10,
            minutes: 30,
            title: "Telefonsamtale (registrert av koordinator)",
            description: Some("Likepersonen ringte inn samtalen; registrert av koordinator."),
            proxy: Some("nhf.coordinator@meander.dev"),
            ..base
        },
        Activity {
            key: "nhf:avvist-admin",
            activity_type: "admin_work",
            contact: None,
            days_ago: 25,
            minutes: 120,
            title: "Planlegging av sommerfest",
            status: S::Rejected,
            ..base
        },
        Activity {
            key: "nhf:gruppetreff-bergen",
            la: "bergen",
            mentor: "nhf.mentor.bergen@meander.dev",
            activity_type: "group_meeting",
            contact: None,
            days_ago: 16,
            hour: 17,
            minutes: 120,
            title: "Gruppetreff for unge med funksjonsnedsettelse",
            description: Some("Åtte deltakere. Tema: studier og universell utforming."),
            location: Some("Kvarteret, Bergen"),
            status: S::Approved,
            participants: 8,
            reimbursement: true,
            ..base
        },
        Activity {
            key: "nhf:samling-ola",
            activity_type: "group_meeting",
            contact: None,
            days_ago: 9,
            hour: 12,
            minutes: 180,
            title: "Likepersonsamling Oslo",
            location: Some("NHF Oslo, Schweigaards gate 12"),
            status: S::Approved,
            bulk: Some("nhf:likepersonkurs-oslo"),
            participants: 14,
            ..base
        },
        Activity {
            key: "nhf:samling-ingrid",
            mentor: "nhf.mentor2@meander.dev",
            activity_type: "group_meeting",
            contact: None,
            days_ago: 9,
            hour: 12,
            minutes: 180,
            title: "Likepersonsamling Oslo",
            location: Some("NHF Oslo, Schweigaards gate 12"),
            status: S::Approved,
            bulk: Some("nhf:likepersonkurs-oslo"),
            participants: 14,
            ..base
        },
        Activity {
            key: "blindeforbundet:hjemmebesok-byasen",
            org: "blindeforbundet",
            la: "trondheim",
            mentor: "blind.mentor@meander.dev",
            days_ago: 18,
            minutes: 90,
            title: "Hjemmebesøk på Byåsen",
            description: Some(
                "Gikk gjennom talesyntese på mobilen og bestilling av ledsagerbevis.",
            ),
            location: Some("Byåsen, Trondheim"),
            status: S::Approved,
            reimbursement: true,
            ..base
        },
        Activity {
            key: "blindeforbundet:ledsagelse-stolav",
            org: "blindeforbundet",
            la: "trondheim",
            mentor: "blind.mentor@meander.dev",
            activity_type: "escort",
            contact: Some(1),
            days_ago: 6,
            hour: 9,
            minutes: 150,
            title: "Ledsagelse til øyeavdelingen, St. Olavs",
            location: Some("St. Olavs hospital"),
            reimbursement: true,
            ..base
        },
        Activity {
            key: "blindeforbundet:telefon-proxy",
            org: "blindeforbundet",
            la: "trondheim",
            mentor: "blind.mentor@meander.dev",
            activity_type: "phone_call",
            days_ago: 11,
            hour: 14,
            minutes: 40,
            title: "Telefonsamtale om synshjelpemidler",
            status: S::Approved,
            proxy: Some("blind.coordinator@meander.dev"),
            ..base
        },
        Activity {
            key: "blindeforbundet:turgruppe",
            org: "blindeforbundet",
            la: "trondheim",
            mentor: "blind.mentor@meander.dev",
            activity_type: "group_walk",
            contact: None,
            days_ago: 14,
            hour: 10,
            minutes: 150,
            title: "Turgruppe i Bymarka",
            location: Some("Skistua, Bymarka"),
            status: S::Approved,
            bulk: Some("blindeforbundet:turgruppe-bymarka"),
            participants: 6,
            ..base
        },
        Activity {
            key: "hlf:horeapparat-veiledning",
            org: "hlf",
            la: "kristiansand",
            mentor: "hlf.mentor@meander.dev",
            activity_type: "hearing_aid_guidance",
            days_ago: 22,
            hour: 13,
            minutes: 45,
            title: "Veiledning om nytt høreapparat",
            description: Some("Hjalp med paring mot telefon og innstilling av teleslynge."),
            location: Some("Kristiansand sentrum"),
            status: S::Approved,
            reimbursement: true,
            ..base
        },
        Activity {
            key: "hlf:telefon-lang",
            org: "hlf",
            la: "kristiansand",
            mentor: "hlf.mentor@meander.dev",
            activity_type: "phone_call",
            contact: Some(1),
            days_ago: 3,
            hour: 20,
            minutes: 480,
            title: "Telefonsamtale",
            status: S::Flagged,
            ..base
        },
        Activity {
            key: "hlf:hjemmebesok-proxy",
            org: "hlf",
            la: "drammen",
            days_ago: 5,
            hour: 12,
            minutes: 60,
            title: "Hjemmebesøk på Bragernes",
            location: Some("Bragernes, Drammen"),
            proxy: Some("hlf.coordinator@meander.dev"),
            ..base
        },
        Activity {
            key: "hlf:horselskafe",
            org: "hlf",
            la: "drammen",
            activity_type: "hearing_cafe",
            contact: None,
            days_ago: 8,
            hour: 17,
            minutes: 120,
            title: "Hørselskafé med teleslynge",
            description: Some(
                "Tolv deltakere; tema var rettigheter til hørselstekniske hjelpemidler.",
            ),
            location: Some("Drammen bibliotek, Grønland 32"),
            status: S::Approved,
            participants: 12,
            ..base
        },
    ]
}

/// Who reviewed activities in each local association of the demo.
fn reviewer(la: &str) -> &'static str {
    match la {
        "oslo" | "baerum" => "nhf.coordinator@meander.dev",
        "bergen" | "stavanger" => "nhf.coordinator.bergen@meander.dev",
        "trondheim" | "tromso" => "blind.coordinator@meander.dev",
        "drammen" => "hlf.coordinator@meander.dev",
        _ => "hlf.admin@meander.dev",
    }
}

/// Inserts this domain's demo rows; runs inside the demo transaction after the identity core.
pub async fn seed<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> anyhow::Result<()> {
    // Whole minutes, so the demo rows read nicely.
    let now = now
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now);
    let day = |days_ago: i64, hour: u32| {
        let d = now - Duration::days(days_ago);
        d.with_hour(hour).filter(|t| *t <= now).unwrap_or(d)
    };

    for (i, (org, key, name, cat, contact, location, docs, multi, reimb, minutes)) in
        TYPES.iter().enumerate()
    {
        types::ActiveModel {
            id: Set(demo_id("activity_type", &format!("{org}:{key}"))),
            organization_id: Set(demo_id("org", org)),
            key: Set(key.to_string()),
            name: Set(name.to_string()),
            description: Set(None),
            bufdir_category: Set(*cat),
            requires_contact: Set(*contact),
            requires_location: Set(*location),
            requires_description: Set(false),
            requires_documentation: Set(*docs && *org == "nhf"),
            allows_multiple_participants: Set(*multi),
            allows_reimbursement: Set(*reimb),
            default_duration_minutes: Set(*minutes),
            custom_fields: Set((*key == "hearing_aid_guidance").then(|| {
                json!([{ "key": "hearingAidBrand", "label": "Høreapparat (merke)", "type": "text", "required": false }])
            })),
            sort_order: Set(i as i32 * 10),
            is_active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    for b in bulk_rows() {
        let completed = b.status == bulk::BulkRegistrationStatus::Completed;
        bulk::ActiveModel {
            id: Set(demo_id("bulk_registration", b.key)),
            organization_id: Set(demo_id("org", b.org)),
            local_association_id: Set(demo_id("la", b.la)),
            activity_type_id: Set(demo_id(
                "activity_type",
                &format!("{}:{}", b.org, b.activity_type),
            )),
            title: Set(Some(b.title.into())),
            description: Set(None),
            activity_date: Set(day(b.days_ago, 12)),
            duration_minutes: Set(b.minutes),
            location: Set(Some(b.location.into())),
            participant_count: Set(None),
            peer_mentor_ids: Set(json!(b.mentors.iter().map(|m| user(m)).collect::<Vec<_>>())),
            activities_created: Set(if completed { b.mentors.len() as i32 } else { 0 }),
            status: Set(b.status),
            source: Set(bulk::BulkRegistrationSource::Manual),
            source_file_name: Set(None),
            error_message: Set(b.error.map(Into::into)),
            processed_at: Set(Some(day(b.days_ago, 12) + Duration::hours(6))),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(user(b.coordinator))),
            updated_by_id: Set(Some(user(b.coordinator))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    for a in activity_rows() {
        let id = demo_id("activity", a.key);
        let org = demo_id("org", a.org);
        let mentor = user(a.mentor);
        let contact = match a.contact {
            Some(i) => contacts_of(db, a.la, i as u64 + 1).await?.get(i).copied(),
            None => None,
        };
        let author = a.proxy.map(user).unwrap_or(match a.bulk {
            Some(k) => bulk_rows()
                .iter()
                .find(|b| b.key == k)
                .map(|b| user(b.coordinator))
                .unwrap_or(mentor),
            None => mentor,
        });
        let at = day(a.days_ago, a.hour);
        activities::ActiveModel {
            id: Set(id),
            organization_id: Set(org),
            user_id: Set(mentor),
            contact_id: Set(contact),
            local_association_id: Set(Some(demo_id("la", a.la))),
            activity_type_id: Set(demo_id("activity_type", &format!("{}:{}", a.org, a.activity_type))),
            title: Set(Some(a.title.into())),
            description: Set(a.description.map(Into::into)),
            activity_date: Set(at),
            duration_minutes: Set(a.minutes),
            location: Set(a.location.map(Into::into)),
            status: Set(a.status),
            is_proxy_registration: Set(a.proxy.is_some()),
            proxy_submitted_by: Set(a.proxy.map(user)),
            is_bulk_registration: Set(a.bulk.is_some()),
            bulk_batch_id: Set(a.bulk.map(|k| demo_id("bulk_registration", k))),
            event_id: Set(None),
            participant_count: Set(Some(a.participants)),
            has_reimbursement: Set(a.reimbursement),
            calendar_event_id: Set((a.key == "nhf:telefon-oppfolging").then(|| "google:5g7k2m0q9vdemo".into())),
            metadata: Set((a.activity_type == "group_meeting" && a.bulk.is_none()).then(|| {
                json!({ "facebookEventUrl": "https://www.facebook.com/events/demo-gruppetreff" })
            })),
            synced_at: Set((a.key == "blindeforbundet:ledsagelse-stolav").then(|| at + Duration::hours(3))),
            import_hash: Set(None),
            created_at: Set(at + Duration::hours(1)),
            updated_at: Set(at + Duration::hours(1)),
            created_by_id: Set(Some(author)),
            updated_by_id: Set(Some(author)),
            deleted_at: Set(None),
        }
        .insert(db)
        .await?;

        // Change log: the registration, the submission, the review.
        let created_as = if a.status == S::Draft {
            S::Draft
        } else {
            S::PendingReview
        };
        let action = match (a.proxy, a.bulk) {
            (Some(_), _) => Log::ProxyRegistered,
            (_, Some(_)) => Log::BulkRegistered,
            _ => Log::Created,
        };
        let mut entries = vec![(
            action,
            Some(author),
            None,
            Some(created_as),
            None,
            at + Duration::hours(1),
        )];
        match a.status {
            S::Approved | S::Rejected => entries.push((
                Log::StatusChanged,
                Some(user(reviewer(a.la))),
                Some(S::PendingReview),
                Some(a.status),
                (a.status == S::Rejected)
                    .then_some("Administrativt arbeid telles ikke som likepersonaktivitet."),
                at + Duration::days(1),
            )),
            S::Flagged => entries.push((
                Log::StatusChanged,
                None,
                Some(S::PendingReview),
                Some(S::Flagged),
                Some("Flagget automatisk for gjennomgang."),
                at + Duration::hours(2),
            )),
            _ => {}
        }
        for (n, (action, actor, from, to, notes, when)) in entries.into_iter().enumerate() {
            logs::ActiveModel {
                id: Set(demo_id("activity_log", &format!("{}:{n}", a.key))),
                organization_id: Set(org),
                activity_id: Set(id),
                actor_user_id: Set(actor),
                action: Set(action),
                previous_status: Set(from),
                new_status: Set(to),
                changes: Set(None),
                notes: Set(notes.map(Into::into)),
                created_at: Set(when),
                updated_at: Set(when),
                created_by_id: Set(actor),
                updated_by_id: Set(actor),
            }
            .insert(db)
            .await?;
        }

        if let Some(coordinator) = a.proxy {
            grants::ActiveModel {
                id: Set(demo_id("delegation_grant", a.key)),
                organization_id: Set(org),
                activity_id: Set(id),
                coordinator_id: Set(user(coordinator)),
                peer_mentor_id: Set(mentor),
                local_association_id: Set(demo_id("la", a.la)),
                reason: Set(Some("Likepersonen meldte aktiviteten på telefon.".into())),
                created_at: Set(at + Duration::hours(1)),
                updated_at: Set(at + Duration::hours(1)),
                created_by_id: Set(Some(user(coordinator))),
                updated_by_id: Set(Some(user(coordinator))),
            }
            .insert(db)
            .await?;
        }
    }

    // Bufdir evidence on group activities.
    let docs: &[(&str, &str, Doc, &str, &str, i64)] = &[
        (
            "nhf:gruppetreff-bergen",
            "invitasjon",
            Doc::Invitation,
            "invitasjon-gruppetreff.pdf",
            "application/pdf",
            184_320,
        ),
        (
            "nhf:gruppetreff-bergen",
            "facebook",
            Doc::Screenshot,
            "facebook-arrangement.png",
            "image/png",
            412_077,
        ),
        // The Oslo gathering's attendance list documents each mentor's share of it.
        (
            "nhf:samling-ola",
            "deltakerliste",
            Doc::AttendanceList,
            "deltakerliste-likepersonsamling.pdf",
            "application/pdf",
            88_320,
        ),
        (
            "nhf:samling-ingrid",
            "deltakerliste",
            Doc::AttendanceList,
            "deltakerliste-likepersonsamling.pdf",
            "application/pdf",
            88_320,
        ),
        (
            "blindeforbundet:turgruppe",
            "deltakerliste",
            Doc::AttendanceList,
            "deltakerliste-bymarka.pdf",
            "application/pdf",
            96_512,
        ),
        (
            "hlf:horselskafe",
            "bilde",
            Doc::Photo,
            "horselskafe.jpg",
            "image/jpeg",
            1_245_184,
        ),
    ];
    for (activity, key, kind, file, mime, size) in docs {
        let org = activity.split(':').next().unwrap_or("nhf");
        let author = activity_rows()
            .into_iter()
            .find(|a| a.key == *activity)
            .map(|a| user(a.mentor));
        documents::ActiveModel {
            id: Set(demo_id("activity_document", &format!("{activity}:{key}"))),
            organization_id: Set(demo_id("org", org)),
            activity_id: Set(demo_id("activity", activity)),
            document_type: Set(*kind),
            file_name: Set(file.to_string()),
            storage_path: Set(format!(
                "{org}/activities/{}/{file}",
                demo_id("activity", activity)
            )),
            mime_type: Set(mime.to_string()),
            file_size_bytes: Set(*size),
            description: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(author),
            updated_by_id: Set(author),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    // Review flags: an open duplicate, an open implausible duration, a dismissed one.
    use flags::{ActivityFlagSeverity as Sev, ActivityFlagStatus as FS, ActivityFlagType as FT};
    let flag_rows: &[(&str, &str, FT, Sev, FS, &str, Option<&str>, Option<&str>)] = &[
        (
            "nhf",
            "nhf:hjemmebesok-tasen-dobbel",
            FT::Duplicate,
            Sev::Medium,
            FS::Open,
            "Samme kontakt, dato og aktivitetstype som en annen registrering.",
            Some("nhf:hjemmebesok-tasen"),
            None,
        ),
        (
            "hlf",
            "hlf:telefon-lang",
            FT::Suspicious,
            Sev::High,
            FS::Open,
            "Telefonsamtale på 8 timer er uvanlig lang.",
            None,
            None,
        ),
        (
            "blindeforbundet",
            "blindeforbundet:hjemmebesok-byasen",
            FT::NeedsReview,
            Sev::Low,
            FS::Dismissed,
            "Mangler sted i første versjon.",
            None,
            Some("blind.coordinator@meander.dev"),
        ),
    ];
    for (org, activity, kind, severity, status, reason, dup, resolver) in flag_rows {
        flags::ActiveModel {
            id: Set(demo_id("activity_flag", activity)),
            organization_id: Set(demo_id("org", org)),
            activity_id: Set(demo_id("activity", activity)),
            flag_type: Set(*kind),
            severity: Set(*severity),
            reason: Set(reason.to_string()),
            duplicate_of_activity_id: Set(dup.map(|d| demo_id("activity", d))),
            status: Set(*status),
            resolved_by_id: Set(resolver.map(user)),
            resolved_at: Set(resolver.map(|_| now - Duration::days(10))),
            resolution_notes: Set(resolver.map(|_| "Sted lagt til av likepersonen; ok.".into())),
            created_at: Set(now - Duration::days(12)),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    // Calendar integrations: tokens are placeholders, not real ciphertext.
    use calendars::{
        CalendarProvider as P, CalendarSyncDirection as Dir, CalendarSyncStatus as St,
    };
    let cal_rows: &[(&str, &str, P, Dir, Option<St>)] = &[
        (
            "nhf",
            "nhf.mentor@meander.dev",
            P::Google,
            Dir::Import,
            Some(St::Ok),
        ),
        (
            "blindeforbundet",
            "blind.mentor@meander.dev",
            P::Device,
            Dir::Import,
            None,
        ),
        (
            "hlf",
            "hlf.mentor@meander.dev",
            P::Microsoft,
            Dir::TwoWay,
            Some(St::ReauthorizationRequired),
        ),
    ];
    for (org, email, provider, direction, status) in cal_rows {
        let oauth = *provider != P::Device;
        calendars::ActiveModel {
            id: Set(demo_id("calendar_integration", &format!("{org}:{email}"))),
            organization_id: Set(demo_id("org", org)),
            user_id: Set(user(email)),
            provider: Set(*provider),
            account_label: Set(Some(
                if oauth {
                    "Privat kalender"
                } else {
                    "Telefonens kalender"
                }
                .into(),
            )),
            external_calendar_id: Set(None),
            access_token_ciphertext: Set(oauth.then(|| "ZGVtby1ub3QtYS1yZWFsLXRva2Vu".into())),
            refresh_token_ciphertext: Set(oauth.then(|| "ZGVtby1ub3QtYS1yZWFsLXJlZnJlc2g=".into())),
            token_expires_at: Set(oauth.then(|| now + Duration::hours(1))),
            granted_scopes: Set(match provider {
                P::Google => Some("https://www.googleapis.com/auth/calendar.readonly".into()),
                P::Microsoft => Some("Calendars.ReadWrite offline_access".into()),
                _ => None,
            }),
            sync_direction: Set(*direction),
            sync_enabled: Set(true),
            lookback_days: Set(14),
            last_synced_at: Set(status.map(|_| now - Duration::hours(3))),
            last_sync_status: Set(*status),
            last_sync_error: Set((*status == Some(St::ReauthorizationRequired))
                .then(|| "Microsoft avviste fornyelsen av tilgangen (invalid_grant).".into())),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(user(email))),
            updated_by_id: Set(Some(user(email))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
