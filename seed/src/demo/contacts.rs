//! Demo rows of the contacts domain in every demo organization: contacts in each local
//! association (most with a primary peer mentor, one unmatched per organization), their notes,
//! caregivers, relatives, personal notes of mentors and coordinators, home visit reports and
//! conversation cards. All names, numbers and addresses are fictional.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::json;
use uuid::Uuid;

use super::demo_id;
use entity::contacts::{self as contacts, ContactPreferredChannel as Channel, ContactStatus};
use entity::{
    caregivers, contact_notes, contact_relatives, conversation_cards, home_visit_reports,
    personal_notes, relatives,
};

use caregivers::CaregiverRelationship as CR;
use contact_notes::ContactNoteType as NT;
use contact_relatives::RelativeRelationship as RR;
use home_visit_reports::{HomeVisitAssistiveDeviceStatus as AD, HomeVisitReportStatus as HV};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid demo date")
}

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .expect("valid demo time")
}

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

/// Id of a demo contact, e.g. `contact_id("nhf:astrid-solberg")`.
pub fn contact_id(key: &str) -> Uuid {
    demo_id("contact", key)
}

struct Contact {
    key: &'static str,
    org: &'static str,
    la: &'static str,
    mentor: Option<&'static str>,
    first: &'static str,
    last: &'static str,
    status: ContactStatus,
    phone: Option<&'static str>,
    email: Option<&'static str>,
    /// (street, postal code, town)
    address: Option<(&'static str, &'static str, &'static str)>,
    municipality: &'static str,
    born: (i32, u32, u32),
    health: Option<&'static str>,
    channel: Option<Channel>,
    membership: Option<&'static str>,
}

const CONTACTS: &[Contact] = &[
    Contact {
        key: "nhf:astrid-solberg",
        org: "nhf",
        la: "oslo",
        mentor: Some("nhf.mentor@meander.dev"),
        first: "Astrid",
        last: "Solberg",
        status: ContactStatus::Active,
        phone: Some("+47 412 34 567"),
        email: Some("astrid.solberg@example.no"),
        address: Some(("Thorvald Meyers gate 12B", "0555", "Oslo")),
        municipality: "Oslo",
        born: (1952, 4, 17),
        health: Some("Rullestolbruker etter hjerneslag (2019). Trenger hjelp med trapp."),
        channel: Some(Channel::Phone),
        membership: Some("NHF-104233"),
    },
    Contact {
        key: "nhf:jonas-haugen",
        org: "nhf",
        la: "oslo",
        mentor: Some("nhf.mentor2@meander.dev"),
        first: "Jonas",
        last: "Haugen",
        status: ContactStatus::Active,
        phone: Some("+47 934 56 781"),
        email: Some("jonas.haugen@example.no"),
        address: Some(("Kjelsåsveien 88", "0488", "Oslo")),
        municipality: "Oslo",
        born: (1987, 11, 2),
        health: Some("Ryggmargsskade, bruker manuell rullestol. Ønsker kontakt om arbeidsliv."),
        channel: Some(Channel::Sms),
        membership: Some("NHF-118902"),
    },
    Contact {
        key: "nhf:emma-lien",
        org: "nhf",
        la: "oslo",
        mentor: None,
        first: "Emma",
        last: "Lien",
        status: ContactStatus::Active,
        phone: Some("+47 478 90 123"),
        email: None,
        address: Some(("Tøyengata 41", "0578", "Oslo")),
        municipality: "Oslo",
        born: (2014, 6, 9),
        health: Some("Cerebral parese (GMFCS II). Foreldrene er hovedkontakt."),
        channel: Some(Channel::Phone),
        membership: None,
    },
    Contact {
        key: "nhf:per-kristiansen",
        org: "nhf",
        la: "baerum",
        mentor: None,
        first: "Per",
        last: "Kristiansen",
        status: ContactStatus::Inactive,
        phone: Some("+47 905 11 223"),
        email: Some("per.kristiansen@example.no"),
        address: Some(("Sandvikveien 20", "1337", "Sandvika")),
        municipality: "Bærum",
        born: (1949, 1, 30),
        health: None,
        channel: Some(Channel::Email),
        membership: Some("NHF-090117"),
    },
    Contact {
        key: "nhf:silje-mathisen",
        org: "nhf",
        la: "bergen",
        mentor: Some("nhf.mentor.bergen@meander.dev"),
        first: "Silje",
        last: "Mathisen",
        status: ContactStatus::Active,
        phone: Some("+47 951 22 334"),
        email: Some("silje.mathisen@example.no"),
        address: Some(("Nygårdsgaten 5", "5015", "Bergen")),
        municipality: "Bergen",
        born: (1978, 8, 21),
        health: Some("Multippel sklerose, perioder med nedsatt gangfunksjon."),
        channel: Some(Channel::InPerson),
        membership: Some("NHF-121554"),
    },
    Contact {
        key: "nhf:olav-brekke",
        org: "nhf",
        la: "stavanger",
        mentor: None,
        first: "Olav",
        last: "Brekke",
        status: ContactStatus::Active,
        phone: Some("+47 917 44 556"),
        email: None,
        address: Some(("Pedersgata 33", "4013", "Stavanger")),
        municipality: "Stavanger",
        born: (1961, 3, 5),
        health: None,
        channel: Some(Channel::Phone),
        membership: Some("NHF-087320"),
    },
    Contact {
        key: "blindeforbundet:ragnhild-aune",
        org: "blindeforbundet",
        la: "trondheim",
        mentor: Some("blind.mentor@meander.dev"),
        first: "Ragnhild",
        last: "Aune",
        status: ContactStatus::Active,
        phone: Some("+47 482 66 778"),
        email: None,
        address: Some(("Innherredsveien 57", "7067", "Trondheim")),
        municipality: "Trondheim",
        born: (1944, 12, 12),
        health: Some("Aldersrelatert makuladegenerasjon, ser ikke å lese. Bruker førerhund."),
        channel: Some(Channel::Phone),
        membership: Some("NBF-55120"),
    },
    Contact {
        key: "blindeforbundet:kjell-rognes",
        org: "blindeforbundet",
        la: "trondheim",
        mentor: None,
        first: "Kjell",
        last: "Rognes",
        status: ContactStatus::Active,
        phone: Some("+47 473 88 990"),
        email: Some("kjell.rognes@example.no"),
        address: Some(("Byåsveien 140", "7023", "Trondheim")),
        municipality: "Trondheim",
        born: (1958, 5, 28),
        health: Some("Retinitis pigmentosa, sterkt redusert synsfelt."),
        channel: Some(Channel::Phone),
        membership: Some("NBF-61877"),
    },
    Contact {
        key: "blindeforbundet:marit-johansen",
        org: "blindeforbundet",
        la: "tromso",
        mentor: None,
        first: "Marit",
        last: "Johansen",
        status: ContactStatus::Active,
        phone: Some("+47 994 10 221"),
        email: None,
        address: Some(("Storgata 98", "9008", "Tromsø")),
        municipality: "Tromsø",
        born: (1939, 9, 3),
        health: Some("Glaukom, blind på høyre øye."),
        channel: Some(Channel::InPerson),
        membership: None,
    },
    Contact {
        key: "hlf:bjorg-andersen",
        org: "hlf",
        la: "drammen",
        mentor: Some("nhf.mentor@meander.dev"),
        first: "Bjørg",
        last: "Andersen",
        status: ContactStatus::Active,
        phone: Some("+47 936 55 120"),
        email: Some("bjorg.andersen@example.no"),
        address: Some(("Bragernes torg 2", "3017", "Drammen")),
        municipality: "Drammen",
        born: (1950, 2, 14),
        health: Some("Nyoperert med cochleaimplantat (venstre øre)."),
        channel: Some(Channel::Sms),
        membership: Some("HLF-330871"),
    },
    Contact {
        key: "hlf:arne-pettersen",
        org: "hlf",
        la: "kristiansand",
        mentor: Some("hlf.mentor@meander.dev"),
        first: "Arne",
        last: "Pettersen",
        status: ContactStatus::Active,
        phone: Some("+47 458 12 909"),
        email: Some("arne.pettersen@example.no"),
        address: Some(("Markens gate 40", "4611", "Kristiansand")),
        municipality: "Kristiansand",
        born: (1946, 7, 7),
        health: Some("Tinnitus og moderat hørselstap, nye høreapparater i 2025."),
        channel: Some(Channel::Email),
        membership: Some("HLF-298004"),
    },
    Contact {
        key: "hlf:liv-sandvik",
        org: "hlf",
        la: "kristiansand",
        mentor: None,
        first: "Liv",
        last: "Sandvik",
        status: ContactStatus::Archived,
        phone: None,
        email: Some("liv.sandvik@example.no"),
        address: None,
        municipality: "Kristiansand",
        born: (1933, 10, 19),
        health: None,
        channel: None,
        membership: None,
    },
];

/// (key, org, contact key, author email, type, title, body, follow-up due)
type Note = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    NT,
    Option<&'static str>,
    &'static str,
    Option<(i32, u32, u32)>,
);

const NOTES: &[Note] = &[
    (
        "nhf:astrid-1",
        "nhf",
        "nhf:astrid-solberg",
        "nhf.mentor@meander.dev",
        NT::Interaction,
        Some("Første samtale"),
        "Hyggelig samtale over kaffe. Astrid ønsker å komme seg mer ut og er interessert i likepersonkafeen.",
        None,
    ),
    (
        "nhf:astrid-2",
        "nhf",
        "nhf:astrid-solberg",
        "nhf.coordinator@meander.dev",
        NT::FollowUp,
        Some("Søknad om TT-kort"),
        "Hjelpe Astrid med søknad om TT-kort før neste møte.",
        Some((2026, 12, 15)),
    ),
    (
        "nhf:silje-1",
        "nhf",
        "nhf:silje-mathisen",
        "nhf.mentor.bergen@meander.dev",
        NT::Observation,
        None,
        "Silje opplever at kommunen er treg med hjelpemidler. Vil gjerne snakke med noen i samme situasjon.",
        None,
    ),
    (
        "blindeforbundet:ragnhild-1",
        "blindeforbundet",
        "blindeforbundet:ragnhild-aune",
        "blind.mentor@meander.dev",
        NT::Interaction,
        Some("Opplæring i talesyntese"),
        "Gikk gjennom talesyntese på mobilen. Ragnhild fikk ringt datteren selv. Ny øvingsøkt om to uker.",
        Some((2026, 12, 1)),
    ),
    (
        "blindeforbundet:kjell-1",
        "blindeforbundet",
        "blindeforbundet:kjell-rognes",
        "blind.coordinator@meander.dev",
        NT::Other,
        None,
        "Kjell venter på likeperson. Ønsker en som kjenner arbeidslivet.",
        None,
    ),
    (
        "hlf:arne-1",
        "hlf",
        "hlf:arne-pettersen",
        "hlf.mentor@meander.dev",
        NT::Interaction,
        Some("Høreapparat-tips"),
        "Viste Arne hvordan han kobler høreapparatene til TV-en via strømmeenhet.",
        None,
    ),
    (
        "hlf:bjorg-1",
        "hlf",
        "hlf:bjorg-andersen",
        "hlf.coordinator@meander.dev",
        NT::FollowUp,
        Some("Oppfølging etter CI-operasjon"),
        "Sjekke hvordan tilpasningen går etter påkobling.",
        Some((2026, 11, 30)),
    ),
];

/// (key, org, contact key, first, last, relationship, phone, primary, emergency, lives with)
type Caregiver = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    CR,
    &'static str,
    bool,
    bool,
    bool,
);

const CAREGIVERS: &[Caregiver] = &[
    (
        "nhf:astrid-datter",
        "nhf",
        "nhf:astrid-solberg",
        "Hanne",
        "Solberg",
        CR::Child,
        "+47 413 21 000",
        true,
        true,
        false,
    ),
    (
        "nhf:emma-mor",
        "nhf",
        "nhf:emma-lien",
        "Camilla",
        "Lien",
        CR::Parent,
        "+47 478 90 124",
        true,
        true,
        true,
    ),
    (
        "blindeforbundet:ragnhild-sonn",
        "blindeforbundet",
        "blindeforbundet:ragnhild-aune",
        "Erik",
        "Aune",
        CR::Child,
        "+47 482 66 779",
        true,
        true,
        false,
    ),
    (
        "blindeforbundet:ragnhild-hjemmetjeneste",
        "blindeforbundet",
        "blindeforbundet:ragnhild-aune",
        "Hjemmetjenesten",
        "Østbyen",
        CR::Professional,
        "+47 72 54 00 00",
        false,
        false,
        false,
    ),
    (
        "hlf:arne-kone",
        "hlf",
        "hlf:arne-pettersen",
        "Randi",
        "Pettersen",
        CR::SpousePartner,
        "+47 458 12 910",
        true,
        true,
        true,
    ),
];

/// (key, org, local association, first, last, birth year, phone)
type Relative = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<i32>,
    Option<&'static str>,
);

const RELATIVES: &[Relative] = &[
    (
        "nhf:emma-far",
        "nhf",
        "oslo",
        "Thomas",
        "Lien",
        Some(1982),
        Some("+47 478 90 125"),
    ),
    (
        "nhf:emma-bror",
        "nhf",
        "oslo",
        "Noah",
        "Lien",
        Some(2011),
        None,
    ),
    (
        "blindeforbundet:kjell-kone",
        "blindeforbundet",
        "trondheim",
        "Gunhild",
        "Rognes",
        Some(1960),
        Some("+47 473 88 991"),
    ),
    (
        "hlf:bjorg-sonn",
        "hlf",
        "drammen",
        "Geir",
        "Andersen",
        Some(1975),
        Some("+47 936 55 121"),
    ),
];

/// (org, contact key, relative key, relationship, main contact person, next of kin)
const CONTACT_RELATIVES: &[(&str, &str, &str, RR, bool, bool)] = &[
    (
        "nhf",
        "nhf:emma-lien",
        "nhf:emma-far",
        RR::Father,
        true,
        true,
    ),
    (
        "nhf",
        "nhf:emma-lien",
        "nhf:emma-bror",
        RR::Sibling,
        false,
        false,
    ),
    (
        "blindeforbundet",
        "blindeforbundet:kjell-rognes",
        "blindeforbundet:kjell-kone",
        RR::Partner,
        true,
        true,
    ),
    (
        "hlf",
        "hlf:bjorg-andersen",
        "hlf:bjorg-sonn",
        RR::Child,
        true,
        true,
    ),
];

/// (key, org, owner email, contact key, title, body, pinned)
type PersonalNote = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    bool,
);

const PERSONAL_NOTES: &[PersonalNote] = &[
    (
        "nhf.mentor:astrid",
        "nhf",
        "nhf.mentor@meander.dev",
        Some("nhf:astrid-solberg"),
        Some("Huske til neste gang"),
        "Ta med brosjyren om TT-kort. Astrid liker best formiddagsbesøk.",
        true,
    ),
    (
        "nhf.mentor:generelt",
        "nhf",
        "nhf.mentor@meander.dev",
        None,
        None,
        "Spørre koordinator om kursdatoer for våren.",
        false,
    ),
    (
        "nhf.coordinator:plan",
        "nhf",
        "nhf.coordinator@meander.dev",
        None,
        Some("Ukeplan"),
        "Matche Emma Lien med likeperson med erfaring fra foreldrerollen.",
        false,
    ),
    (
        "blind.mentor:ragnhild",
        "blindeforbundet",
        "blind.mentor@meander.dev",
        Some("blindeforbundet:ragnhild-aune"),
        None,
        "Ragnhild foretrekker at jeg ringer før jeg kommer. Dørklokka virker dårlig.",
        false,
    ),
    (
        "hlf.mentor:arne",
        "hlf",
        "hlf.mentor@meander.dev",
        Some("hlf:arne-pettersen"),
        Some("Teleslynge"),
        "Sjekke om menigheten har teleslynge før Arne blir med på konserten.",
        true,
    ),
    (
        "nhf.mentor:hlf-bjorg",
        "hlf",
        "nhf.mentor@meander.dev",
        Some("hlf:bjorg-andersen"),
        None,
        "Snakk tydelig og vendt mot Bjørg, hun leser på munnen.",
        false,
    ),
];

struct Visit {
    key: &'static str,
    org: &'static str,
    contact: &'static str,
    mentor: &'static str,
    on: (i32, u32, u32),
    status: HV,
    health: Option<&'static str>,
    course: Option<&'static str>,
    devices: Option<AD>,
    device_notes: Option<&'static str>,
    follow_up: Option<(&'static str, (i32, u32, u32))>,
    reviewer: Option<&'static str>,
}

const VISITS: &[Visit] = &[
    Visit {
        key: "nhf:astrid-2026-10",
        org: "nhf",
        contact: "nhf:astrid-solberg",
        mentor: "nhf.mentor@meander.dev",
        on: (2026, 10, 14),
        status: HV::Reviewed,
        health: Some("Stabil. Noe smerter i skuldrene etter mye rullestolkjøring."),
        course: None,
        devices: Some(AD::NeedsAdjustment),
        device_notes: Some("Rullestolen trenger nye dekk og justering av ryggen."),
        follow_up: Some((
            "Kontakte NAV Hjelpemiddelsentral om service på rullestol.",
            (2026, 11, 1),
        )),
        reviewer: Some("nhf.coordinator@meander.dev"),
    },
    Visit {
        key: "blindeforbundet:ragnhild-2026-11",
        org: "blindeforbundet",
        contact: "blindeforbundet:ragnhild-aune",
        mentor: "blind.mentor@meander.dev",
        on: (2026, 11, 5),
        status: HV::Submitted,
        health: Some("Synet uendret. Føler seg ensom etter at naboen flyttet."),
        course: Some("Interessert i mobilkurs for synshemmede (iPhone/VoiceOver)."),
        devices: Some(AD::NeedsNew),
        device_notes: Some("Ønsker lupe med lys og talende klokke."),
        follow_up: Some((
            "Melde på mobilkurs og søke om talende klokke.",
            (2026, 12, 1),
        )),
        reviewer: None,
    },
    Visit {
        key: "hlf:arne-2026-11",
        org: "hlf",
        contact: "hlf:arne-pettersen",
        mentor: "hlf.mentor@meander.dev",
        on: (2026, 11, 12),
        status: HV::Draft,
        health: None,
        course: Some("Kurs i hørselstaktikk hos HLF Kristiansand."),
        devices: Some(AD::Adequate),
        device_notes: None,
        follow_up: None,
        reviewer: None,
    },
];

/// (org, category, title, prompt, follow-up questions)
const CARDS: &[(&str, &str, &str, &str, &[&str])] = &[
    (
        "nhf",
        "Hverdagsliv",
        "En vanlig dag",
        "Fortell om en helt vanlig dag for deg. Hva gir deg energi?",
        &[
            "Hva er det vanskeligste i hverdagen?",
            "Hvem hjelper deg mest?",
        ],
    ),
    (
        "nhf",
        "Arbeid og utdanning",
        "Drømmejobben",
        "Hvis alt lå til rette, hva ville du jobbet med?",
        &[
            "Hva står i veien i dag?",
            "Hvilken tilrettelegging trenger du?",
        ],
    ),
    (
        "blindeforbundet",
        "Mestring",
        "Da synet endret seg",
        "Hvordan var det for deg da du merket at synet ble dårligere?",
        &["Hva har hjulpet deg mest siden?", "Hva savner du mest?"],
    ),
    (
        "blindeforbundet",
        "Hverdagsliv",
        "Å komme seg ut",
        "Hvor liker du å gå når du kommer deg ut?",
        &["Hva gjør det lettere å gå ut alene?"],
    ),
    (
        "hlf",
        "Kommunikasjon",
        "Samtaler i selskap",
        "Hvordan opplever du å være med i samtaler når mange snakker samtidig?",
        &["Hvilke triks bruker du?", "Hvem vet om hørselstapet ditt?"],
    ),
];

/// Inserts this domain's demo rows; runs inside the demo transaction after the identity core.
pub async fn seed<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> anyhow::Result<()> {
    for c in CONTACTS {
        let creator = match c.mentor {
            Some(m) => user(m),
            None => user(&format!("{}.admin@meander.dev", short(c.org))),
        };
        contacts::ActiveModel {
            id: Set(contact_id(c.key)),
            organization_id: Set(demo_id("org", c.org)),
            local_association_id: Set(demo_id("la", c.la)),
            primary_peer_mentor_id: Set(c.mentor.map(user)),
            first_name: Set(c.first.into()),
            last_name: Set(c.last.into()),
            status: Set(c.status),
            phone: Set(c.phone.map(Into::into)),
            email: Set(c.email.map(Into::into)),
            street_address: Set(c.address.map(|a| a.0.into())),
            postal_code: Set(c.address.map(|a| a.1.into())),
            city: Set(c.address.map(|a| a.2.into())),
            municipality: Set(Some(c.municipality.into())),
            birth_date: Set(Some(date(c.born.0, c.born.1, c.born.2))),
            health_notes: Set(c.health.map(Into::into)),
            preferred_channel: Set(c.channel),
            membership_number: Set(c.membership.map(Into::into)),
            consent_given_at: Set(Some(at(2025, 9, 1, 10))),
            custom_fields: Set(json!({ "heardAboutUsFrom": "lokallag" })),
            import_hash: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(creator)),
            updated_by_id: Set(Some(creator)),
            deleted_at: Set(None),
        }
        .insert(db)
        .await?;
    }

    for (key, org, contact, author, kind, title, body, due) in NOTES {
        contact_notes::ActiveModel {
            id: Set(demo_id("contact_note", key)),
            organization_id: Set(demo_id("org", org)),
            contact_id: Set(contact_id(contact)),
            note_type: Set(*kind),
            title: Set(title.map(Into::into)),
            body: Set(body.to_string()),
            follow_up_required: Set(due.is_some()),
            follow_up_due_date: Set(due.map(|(y, m, d)| date(y, m, d))),
            follow_up_completed_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(user(author))),
            updated_by_id: Set(Some(user(author))),
            deleted_at: Set(None),
        }
        .insert(db)
        .await?;
    }

    for (key, org, contact, first, last, rel, phone, primary, emergency, lives_with) in CAREGIVERS {
        caregivers::ActiveModel {
            id: Set(demo_id("caregiver", key)),
            organization_id: Set(demo_id("org", org)),
            contact_id: Set(contact_id(contact)),
            first_name: Set(first.to_string()),
            last_name: Set(last.to_string()),
            relationship: Set(*rel),
            phone: Set(Some(phone.to_string())),
            email: Set(None),
            is_primary: Set(*primary),
            is_emergency_contact: Set(*emergency),
            lives_with_contact: Set(*lives_with),
            notes: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(None),
            updated_by_id: Set(None),
            deleted_at: Set(None),
        }
        .insert(db)
        .await?;
    }

    for (key, org, la, first, last, born, phone) in RELATIVES {
        relatives::ActiveModel {
            id: Set(demo_id("relative", key)),
            organization_id: Set(demo_id("org", org)),
            local_association_id: Set(demo_id("la", la)),
            first_name: Set(first.to_string()),
            last_name: Set(last.to_string()),
            birth_year: Set(*born),
            phone: Set(phone.map(Into::into)),
            email: Set(None),
            notes: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(None),
            updated_by_id: Set(None),
            deleted_at: Set(None),
        }
        .insert(db)
        .await?;
    }

    for (org, contact, relative, rel, main, next_of_kin) in CONTACT_RELATIVES {
        contact_relatives::ActiveModel {
            id: Set(demo_id(
                "contact_relative",
                &format!("{contact}:{relative}"),
            )),
            organization_id: Set(demo_id("org", org)),
            contact_id: Set(contact_id(contact)),
            relative_id: Set(demo_id("relative", relative)),
            relationship: Set(*rel),
            is_primary_contact_person: Set(*main),
            is_next_of_kin: Set(*next_of_kin),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(None),
            updated_by_id: Set(None),
            deleted_at: Set(None),
        }
        .insert(db)
        .await?;
    }

    for (key, org, owner, contact, title, body, pinned) in PERSONAL_NOTES {
        personal_notes::ActiveModel {
            id: Set(demo_id("personal_note", key)),
            organization_id: Set(demo_id("org", org)),
            user_id: Set(user(owner)),
            contact_id: Set(contact.map(contact_id)),
            title: Set(title.map(Into::into)),
            body: Set(body.to_string()),
            is_pinned: Set(*pinned),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(user(owner))),
            updated_by_id: Set(Some(user(owner))),
            deleted_at: Set(None),
        }
        .insert(db)
        .await?;
    }

    for v in VISITS {
        let visited = date(v.on.0, v.on.1, v.on.2);
        let submitted = (v.status != HV::Draft).then(|| at(v.on.0, v.on.1, v.on.2, 18));
        home_visit_reports::ActiveModel {
            id: Set(demo_id("home_visit_report", v.key)),
            organization_id: Set(demo_id("org", v.org)),
            contact_id: Set(contact_id(v.contact)),
            peer_mentor_id: Set(user(v.mentor)),
            visit_date: Set(visited),
            status: Set(v.status),
            health_status: Set(v.health.map(Into::into)),
            course_interest: Set(v.course.is_some()),
            course_interest_notes: Set(v.course.map(Into::into)),
            assistive_device_status: Set(v.devices),
            assistive_device_notes: Set(v.device_notes.map(Into::into)),
            follow_up_required: Set(v.follow_up.is_some()),
            follow_up_actions: Set(v.follow_up.map(|f| f.0.into())),
            follow_up_due_date: Set(v.follow_up.map(|(_, (y, m, d))| date(y, m, d))),
            submitted_at: Set(submitted),
            reviewed_by_id: Set(v.reviewer.map(user)),
            reviewed_at: Set(v.reviewer.map(|_| at(v.on.0, v.on.1, v.on.2 + 2, 9))),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(user(v.mentor))),
            updated_by_id: Set(Some(user(v.mentor))),
            deleted_at: Set(None),
        }
        .insert(db)
        .await?;
    }

    for (i, (org, category, title, prompt, questions)) in CARDS.iter().enumerate() {
        conversation_cards::ActiveModel {
            id: Set(demo_id("conversation_card", &format!("{org}:{title}"))),
            organization_id: Set(demo_id("org", org)),
            category: Set(category.to_string()),
            title: Set(title.to_string()),
            prompt: Set(prompt.to_string()),
            follow_up_questions: Set(json!(questions)),
            mentor_guidance: Set(Some(
                "La kontakten styre tempoet. Del gjerne egne erfaringer, men hold fokus på kontakten."
                    .into(),
            )),
            locale: Set("nb-NO".into()),
            sort_order: Set(i as i32),
            is_active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(None),
            updated_by_id: Set(None),
            deleted_at: Set(None),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The e-mail prefix of an organization's demo users ("blind" for Blindeforbundet).
fn short(org: &str) -> &str {
    match org {
        "blindeforbundet" => "blind",
        other => other,
    }
}
