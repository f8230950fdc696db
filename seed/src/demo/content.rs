//! Demo rows of the content, sync and sales tables: resource links and FAQ entries in every
//! demo organization, a few replayed offline mutations with their id mappings, and demo
//! requests from the sales website.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::json;
use uuid::Uuid;

use super::demo_id;
use entity::{
    demo_requests, faq_entries, offline_id_mappings as mappings, offline_sync_queue as queue,
    resource_links,
};

fn org(key: &str) -> Uuid {
    demo_id("org", key)
}

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

/// (key, org, title, url, description, category, audience, order)
type DemoLink = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    resource_links::ResourceLinkAudience,
    i32,
);

const LINKS: &[DemoLink] = &[
    (
        "nhf-nav-hjelpemidler",
        "nhf",
        "NAV Hjelpemiddelsentral",
        "https://www.nav.no/hjelpemidler",
        "Søknad om hjelpemidler og tilrettelegging.",
        "Hjelpemidler",
        resource_links::ResourceLinkAudience::Everyone,
        0,
    ),
    (
        "nhf-rettigheter",
        "nhf",
        "Rettigheter for funksjonshemmede",
        "https://www.nhf.no/rettigheter",
        "NHFs oversikt over rettigheter og hvor du kan få hjelp.",
        "Rettigheter",
        resource_links::ResourceLinkAudience::Everyone,
        0,
    ),
    (
        "nhf-likepersonhandbok",
        "nhf",
        "Håndbok for likepersoner",
        "https://www.nhf.no/likeperson/handbok",
        "Rutiner, taushetsplikt og tips til samtalen.",
        "Likepersonsarbeid",
        resource_links::ResourceLinkAudience::PeerMentors,
        1,
    ),
    (
        "blind-syn",
        "blindeforbundet",
        "Synshjelpemidler",
        "https://www.blindeforbundet.no/hjelpemidler",
        "Oversikt over synshjelpemidler og opplæring.",
        "Hjelpemidler",
        resource_links::ResourceLinkAudience::Everyone,
        0,
    ),
    (
        "blind-oppdrag-rutiner",
        "blindeforbundet",
        "Rutiner for krypterte oppdrag",
        "https://www.blindeforbundet.no/likeperson/oppdrag",
        "Slik håndterer du oppdrag med personopplysninger.",
        "Likepersonsarbeid",
        resource_links::ResourceLinkAudience::PeerMentors,
        0,
    ),
    (
        "blind-koordinator",
        "blindeforbundet",
        "Koordinatorveileder",
        "https://www.blindeforbundet.no/likeperson/koordinator",
        "Veileder for koordinatorer: fordeling av oppdrag og oppfølging.",
        "Likepersonsarbeid",
        resource_links::ResourceLinkAudience::Coordinators,
        1,
    ),
    (
        "hlf-horselsomsorg",
        "hlf",
        "Hørselsomsorgen i kommunen",
        "https://www.hlf.no/horselsomsorg",
        "Finn hørselskontakten i din kommune.",
        "Hjelpemidler",
        resource_links::ResourceLinkAudience::Everyone,
        0,
    ),
    (
        "hlf-min-side",
        "hlf",
        "HLF Min Side",
        "https://minside.hlf.no",
        "Medlemsportalen: kontingent, kurs og dine aktiviteter.",
        "Medlemskap",
        resource_links::ResourceLinkAudience::Everyone,
        0,
    ),
];

/// (key, org, category, question, answer, order)
type DemoFaq = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i32,
);

const FAQ: &[DemoFaq] = &[
    (
        "nhf-registrere",
        "nhf",
        "Aktiviteter",
        "Hvordan registrerer jeg en aktivitet?",
        "Trykk på «+» på forsiden, velg aktivitetstype og fyll inn dato og varighet. Aktiviteten sendes til koordinatoren for godkjenning.",
        0,
    ),
    (
        "nhf-frist",
        "nhf",
        "Aktiviteter",
        "Hvor lenge etterpå kan jeg registrere?",
        "Registrer helst samme uke. Aktiviteter eldre enn 30 dager må godkjennes særskilt av koordinatoren.",
        1,
    ),
    (
        "nhf-kjoregodtgjorelse",
        "nhf",
        "Utlegg",
        "Får jeg dekket kjøring?",
        "Ja. Registrer kilometer i reiseregningen; satsen følger statens satser. Bompenger og parkering krever kvittering.",
        0,
    ),
    (
        "blind-oppdrag",
        "blindeforbundet",
        "Oppdrag",
        "Hvorfor må jeg låse opp oppdraget?",
        "Oppdrag inneholder personopplysninger og er kryptert. Bare du kan åpne det, og første gang du åpner det får koordinatoren beskjed.",
        0,
    ),
    (
        "blind-sertifikat",
        "blindeforbundet",
        "Sertifisering",
        "Hva skjer når sertifikatet utløper?",
        "Du settes automatisk på pause til du har fornyet sertifikatet. Du får varsel 10 dager før.",
        0,
    ),
    (
        "hlf-horselsteknikk",
        "hlf",
        "Likepersonsarbeid",
        "Hva kan jeg hjelpe med som likeperson?",
        "Du deler egne erfaringer med hørselstap og hjelper med praktiske spørsmål om høreapparater og hjelpemidler.",
        0,
    ),
    (
        "hlf-min-side",
        "hlf",
        "Medlemskap",
        "Vises aktivitetene mine på Min Side?",
        "Ja, godkjente aktiviteter overføres til HLF Min Side i løpet av en halvtime.",
        1,
    ),
];

/// (key, email, org, operation, entity type, status, client entity id, error)
type DemoQueued = (
    &'static str,
    &'static str,
    &'static str,
    queue::OfflineSyncOperation,
    &'static str,
    queue::OfflineSyncStatus,
    Option<&'static str>,
    Option<&'static str>,
);

const QUEUED: &[DemoQueued] = &[
    (
        "nhf.mentor-1",
        "nhf.mentor@meander.dev",
        "nhf",
        queue::OfflineSyncOperation::Create,
        "activities",
        queue::OfflineSyncStatus::Applied,
        Some("tmp-7f3a9c"),
        None,
    ),
    (
        "nhf.mentor-2",
        "nhf.mentor@meander.dev",
        "nhf",
        queue::OfflineSyncOperation::Update,
        "activities",
        queue::OfflineSyncStatus::Conflict,
        None,
        Some("Aktiviteten er allerede godkjent; serverversjonen beholdes."),
    ),
    (
        "nhf.mentor.bergen-1",
        "nhf.mentor.bergen@meander.dev",
        "nhf",
        queue::OfflineSyncOperation::Create,
        "contact_notes",
        queue::OfflineSyncStatus::Applied,
        Some("tmp-b81d02"),
        None,
    ),
    (
        "blind.mentor-1",
        "blind.mentor@meander.dev",
        "blindeforbundet",
        queue::OfflineSyncOperation::Create,
        "activities",
        queue::OfflineSyncStatus::Applied,
        Some("tmp-11e4c7"),
        None,
    ),
    (
        "hlf.mentor-1",
        "hlf.mentor@meander.dev",
        "hlf",
        queue::OfflineSyncOperation::Create,
        "travel_expense_reports",
        queue::OfflineSyncStatus::Rejected,
        Some("tmp-c0ffee"),
        Some("Reiseregningen mangler kvittering for bompenger."),
    ),
];

/// (key, organization, contact, email, role, mentors, status, days ago, scheduled in days)
type DemoRequest = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i32,
    demo_requests::DemoRequestStatus,
    i64,
    Option<i64>,
);

const REQUESTS: &[DemoRequest] = &[
    (
        "barnekreft",
        "Barnekreftforeningen",
        "Marte Solberg",
        "marte.solberg@barnekreft.example",
        "Fagansvarlig likepersonsarbeid",
        120,
        demo_requests::DemoRequestStatus::Scheduled,
        6,
        Some(3),
    ),
    (
        "ms-forbundet",
        "Multippel Sklerose Forbundet",
        "Jonas Aasen",
        "jonas.aasen@msforbundet.example",
        "Organisasjonskonsulent",
        60,
        demo_requests::DemoRequestStatus::New,
        1,
        None,
    ),
    (
        "diabetes",
        "Diabetesforbundet",
        "Sara Iversen",
        "sara.iversen@diabetes.example",
        "Daglig leder",
        200,
        demo_requests::DemoRequestStatus::Contacted,
        12,
        None,
    ),
    (
        "hlf",
        "Hørselshemmedes Landsforbund",
        "Hilde Lund",
        "hilde.lund@hlf.example",
        "Generalsekretær",
        350,
        demo_requests::DemoRequestStatus::Converted,
        400,
        None,
    ),
];

/// Inserts this domain's demo rows; runs inside the demo transaction after the identity core.
pub async fn seed<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> anyhow::Result<()> {
    for (key, org_key, title, url, description, category, audience, order) in LINKS {
        resource_links::ActiveModel {
            id: Set(demo_id("resource_link", key)),
            organization_id: Set(org(org_key)),
            title: Set(title.to_string()),
            url: Set(url.to_string()),
            description: Set(Some(description.to_string())),
            category: Set(Some(category.to_string())),
            audience: Set(*audience),
            sort_order: Set(*order),
            is_published: Set(true),
            created_at: Set(now - Duration::days(30)),
            updated_at: Set(now - Duration::days(30)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for (key, org_key, category, question, answer, order) in FAQ {
        faq_entries::ActiveModel {
            id: Set(demo_id("faq", key)),
            organization_id: Set(org(org_key)),
            question: Set(question.to_string()),
            answer: Set(answer.to_string()),
            category: Set(Some(category.to_string())),
            locale: Set("nb-NO".into()),
            sort_order: Set(*order),
            is_published: Set(true),
            created_at: Set(now - Duration::days(30)),
            updated_at: Set(now - Duration::days(30)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for (i, (key, email, org_key, operation, entity_type, status, client_id, error)) in
        QUEUED.iter().enumerate()
    {
        let device = format!("device-{}", demo_id("device", email).simple());
        let queued_at = now - Duration::hours(30 - i as i64);
        let server_id = demo_id("offline_entity", key);
        let entry = demo_id("offline_queue", key);
        queue::ActiveModel {
            id: Set(entry),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            device_id: Set(device.clone()),
            client_mutation_id: Set(format!("m-{}", demo_id("mutation", key).simple())),
            operation: Set(*operation),
            entity_type: Set(entity_type.to_string()),
            entity_id: Set(Some(server_id)),
            client_entity_id: Set(client_id.map(str::to_string)),
            payload: Set(json!({ "note": "registrert uten nett", "durationMinutes": 45 })),
            queued_at: Set(queued_at),
            status: Set(*status),
            attempt_count: Set(1),
            processed_at: Set(Some(queued_at + Duration::hours(2))),
            error_message: Set(error.map(str::to_string)),
            created_at: Set(queued_at + Duration::hours(2)),
            updated_at: Set(queued_at + Duration::hours(2)),
            created_by_id: Set(Some(user(email))),
            updated_by_id: Set(Some(user(email))),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if let (Some(client_id), queue::OfflineSyncStatus::Applied) = (client_id, status) {
            mappings::ActiveModel {
                id: Set(demo_id("offline_mapping", key)),
                organization_id: Set(org(org_key)),
                user_id: Set(user(email)),
                device_id: Set(device),
                entity_type: Set(entity_type.to_string()),
                client_id: Set(client_id.to_string()),
                server_id: Set(server_id),
                sync_queue_entry_id: Set(Some(entry)),
                expires_at: Set(Some(now + Duration::days(30))),
                created_at: Set(queued_at + Duration::hours(2)),
                updated_at: Set(queued_at + Duration::hours(2)),
                created_by_id: Set(Some(user(email))),
                updated_by_id: Set(Some(user(email))),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    let sales = user("admin@meander.dev");
    for (key, organization, contact, email, role, mentors, status, days_ago, scheduled) in REQUESTS
    {
        let created = now - Duration::days(*days_ago);
        let converted = matches!(status, demo_requests::DemoRequestStatus::Converted);
        demo_requests::ActiveModel {
            id: Set(demo_id("demo_request", key)),
            organization_name: Set(organization.to_string()),
            contact_name: Set(contact.to_string()),
            contact_email: Set(email.to_string()),
            contact_phone: Set(Some(format!("+47 4{:07}", email.len() * 104_729 % 10_000_000))),
            contact_role: Set(Some(role.to_string())),
            estimated_peer_mentors: Set(Some(*mentors)),
            message: Set(Some(format!(
                "Vi i {organization} vil gjerne se hvordan Meander kan forenkle rapporteringen til Bufdir."
            ))),
            preferred_time: Set(Some(created + Duration::days(7))),
            scheduled_at: Set(scheduled.map(|d| now + Duration::days(d))),
            status: Set(*status),
            source: Set(Some("website".into())),
            consent_to_contact: Set(true),
            assigned_to_user_id: Set(
                (!matches!(status, demo_requests::DemoRequestStatus::New)).then_some(sales),
            ),
            internal_notes: Set(converted.then(|| "Kunde siden pilot 2025.".to_string())),
            converted_organization_id: Set(converted.then(|| org("hlf"))),
            created_at: Set(created),
            updated_at: Set(created),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
