//! Demo rows of the events domain in every demo organization: café meetings, talks and social
//! events with user and contact participants; workshop sessions (Blindeforbundet's career
//! workshop, group guidance in NHF and HLF) with participants, notes and tasks.
//! Contact participants are the first contacts the contacts seed put in the local association.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use super::demo_id;
use entity::{
    contacts, event_participants as participants, events, workshop_notes as notes,
    workshop_participants as enrollments, workshop_sessions as sessions, workshop_tasks as tasks,
};

use enrollments::WorkshopParticipantStatus as E;
use events::{EventKind as Kind, EventStatus};
use participants::EventParticipantStatus as P;
use sessions::{WorkshopSessionKind as WKind, WorkshopSessionStatus as WStatus};

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .expect("valid demo time")
}

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

struct Event {
    key: &'static str,
    org: &'static str,
    la: Option<&'static str>,
    organizer: &'static str,
    title: &'static str,
    description: &'static str,
    kind: Kind,
    status: EventStatus,
    starts_at: DateTime<Utc>,
    hours: i64,
    location: Option<&'static str>,
    capacity: Option<i32>,
    recurrence: Option<&'static str>,
    walk_ins: i32,
    /// (user email, status)
    users: &'static [(&'static str, P)],
    /// statuses of contact participants from the local association
    contacts: &'static [P],
}

fn event_rows() -> Vec<Event> {
    vec![
        Event {
            key: "nhf:kafe-oslo",
            org: "nhf",
            la: Some("oslo"),
            organizer: "nhf.coordinator@meander.dev",
            title: "Likepersonkafé på Grünerløkka",
            description: "Uformell kafé for medlemmer og likepersoner. Kaffe, vafler og gode samtaler.",
            kind: Kind::CafeMeeting,
            status: EventStatus::Completed,
            starts_at: at(2026, 3, 10, 16),
            hours: 2,
            location: Some("Grünerløkka frivilligsentral, Oslo"),
            capacity: Some(25),
            recurrence: Some("FREQ=MONTHLY;BYDAY=2TU"),
            walk_ins: 4,
            users: &[
                ("nhf.mentor@meander.dev", P::Attended),
                ("nhf.mentor2@meander.dev", P::NoShow),
            ],
            contacts: &[P::Attended, P::Attended],
        },
        Event {
            key: "nhf:temakveld-bergen",
            org: "nhf",
            la: Some("bergen"),
            organizer: "nhf.coordinator.bergen@meander.dev",
            title: "Temakveld: rettigheter og NAV",
            description: "Advokat fra NHF gjennomgår rettigheter til hjelpemidler og BPA.",
            kind: Kind::Lecture,
            status: EventStatus::Published,
            starts_at: at(2026, 12, 3, 17),
            hours: 2,
            location: Some("Bergen offentlige bibliotek, Strømgaten 6"),
            capacity: Some(60),
            recurrence: None,
            walk_ins: 0,
            users: &[("nhf.mentor.bergen@meander.dev", P::SignedUp)],
            contacts: &[P::SignedUp],
        },
        Event {
            key: "nhf:sommerfest",
            org: "nhf",
            la: None,
            organizer: "nhf.admin@meander.dev",
            title: "Sommerfest for likepersoner",
            description: "Takk for innsatsen! Grilling og underholdning for alle likepersoner i NHF.",
            kind: Kind::Social,
            status: EventStatus::Published,
            starts_at: at(2026, 6, 13, 13),
            hours: 4,
            location: Some("Sognsvann, Oslo"),
            capacity: None,
            recurrence: None,
            walk_ins: 0,
            users: &[
                ("nhf.mentor@meander.dev", P::Withdrawn),
                ("nhf.mentor2@meander.dev", P::SignedUp),
                ("nhf.mentor.bergen@meander.dev", P::SignedUp),
            ],
            contacts: &[],
        },
        Event {
            key: "blindeforbundet:samtalegruppe-trondheim",
            org: "blindeforbundet",
            la: Some("trondheim"),
            organizer: "blind.coordinator@meander.dev",
            title: "Samtalegruppe for nyblinde",
            description: "Samtalegruppe for deg som nylig har mistet synet. Ledes av erfarne likepersoner.",
            kind: Kind::GroupSession,
            status: EventStatus::Completed,
            starts_at: at(2026, 2, 19, 11),
            hours: 2,
            location: Some("Blindeforbundets lokaler, Trondheim"),
            capacity: Some(10),
            recurrence: Some("FREQ=WEEKLY;BYDAY=TH;COUNT=8"),
            walk_ins: 0,
            users: &[("blind.mentor@meander.dev", P::Attended)],
            contacts: &[P::Attended, P::NoShow],
        },
        Event {
            key: "hlf:horselskafe-drammen",
            org: "hlf",
            la: Some("drammen"),
            organizer: "hlf.coordinator@meander.dev",
            title: "Hørselskafé i Drammen",
            description: "Teleslynge i lokalet. Tema: nye høreapparater og tilskudd.",
            kind: Kind::CafeMeeting,
            status: EventStatus::Published,
            starts_at: at(2026, 11, 25, 17),
            hours: 2,
            location: Some("Drammen bibliotek, Grønland 32"),
            capacity: Some(30),
            recurrence: None,
            walk_ins: 0,
            users: &[("nhf.mentor@meander.dev", P::SignedUp)],
            contacts: &[P::SignedUp],
        },
        Event {
            key: "hlf:webinar-ci",
            org: "hlf",
            la: None,
            organizer: "hlf.admin@meander.dev",
            title: "Digitalt møte: livet med cochleaimplantat",
            description: "Erfaringsdeling med CI-brukere. Skrivetolk er bestilt.",
            kind: Kind::DigitalMeeting,
            status: EventStatus::Draft,
            starts_at: at(2026, 12, 10, 18),
            hours: 1,
            location: None,
            capacity: Some(100),
            recurrence: None,
            walk_ins: 0,
            users: &[("hlf.mentor@meander.dev", P::SignedUp)],
            contacts: &[],
        },
    ]
}

struct Session {
    key: &'static str,
    org: &'static str,
    la: &'static str,
    facilitator: &'static str,
    title: &'static str,
    description: &'static str,
    kind: WKind,
    status: WStatus,
    series: Option<(&'static str, i32)>,
    starts_at: DateTime<Utc>,
    users: &'static [(&'static str, E)],
    contacts: &'static [E],
    /// (kind, title, body) written by the facilitator
    notes: &'static [(notes::WorkshopNoteKind, Option<&'static str>, &'static str)],
    /// (title, assignee email, status, due date)
    tasks: &'static [(
        &'static str,
        Option<&'static str>,
        tasks::WorkshopTaskStatus,
        (i32, u32, u32),
    )],
}

fn session_rows() -> Vec<Session> {
    use notes::WorkshopNoteKind as N;
    use tasks::WorkshopTaskStatus as T;
    vec![
        Session {
            key: "blindeforbundet:karriere-1",
            org: "blindeforbundet",
            la: "trondheim",
            facilitator: "blind.coordinator@meander.dev",
            title: "Karriereverksted 1: CV og jobbsøknad",
            description: "Hvordan skrive en CV som får frem kompetansen din, og hvordan snakke om synstap i intervju.",
            kind: WKind::CareerWorkshop,
            status: WStatus::Completed,
            series: Some(("Karriereverksted våren 2026", 1)),
            starts_at: at(2026, 3, 4, 9),
            users: &[("blind.mentor@meander.dev", E::Attended)],
            contacts: &[E::Attended, E::Absent],
            notes: &[
                (
                    N::Outcome,
                    Some("Oppsummering"),
                    "Alle deltakerne har et CV-utkast. Skjermleservennlige maler ble delt i gruppa.",
                ),
                (
                    N::FollowUp,
                    None,
                    "Følg opp deltakeren som var borte: send materialet på e-post i tilgjengelig format.",
                ),
            ],
            tasks: &[
                (
                    "Oppdater CV etter tilbakemeldingene",
                    Some("blind.mentor@meander.dev"),
                    T::Done,
                    (2026, 3, 11),
                ),
                (
                    "Finn to aktuelle stillingsannonser til neste samling",
                    Some("blind.mentor@meander.dev"),
                    T::InProgress,
                    (2026, 3, 18),
                ),
            ],
        },
        Session {
            key: "blindeforbundet:karriere-2",
            org: "blindeforbundet",
            la: "trondheim",
            facilitator: "blind.coordinator@meander.dev",
            title: "Karriereverksted 2: intervjutrening",
            description: "Rollespill av jobbintervju med tilbakemelding fra mentorene.",
            kind: WKind::CareerWorkshop,
            status: WStatus::Planned,
            series: Some(("Karriereverksted våren 2026", 2)),
            starts_at: at(2026, 12, 2, 9),
            users: &[("blind.mentor@meander.dev", E::Enrolled)],
            contacts: &[E::Enrolled],
            notes: &[],
            tasks: &[("Bestill rom med ledelinjer", None, T::Open, (2026, 11, 25))],
        },
        Session {
            key: "nhf:veiledning-oslo",
            org: "nhf",
            la: "oslo",
            facilitator: "nhf.mentor@meander.dev",
            title: "Gruppeveiledning for nye likepersoner",
            description: "Erfarne likepersoner deler hvordan de forbereder og avslutter samtaler.",
            kind: WKind::GroupGuidance,
            status: WStatus::Completed,
            series: None,
            starts_at: at(2026, 4, 8, 15),
            users: &[("nhf.mentor2@meander.dev", E::Attended)],
            contacts: &[],
            notes: &[(
                N::Observation,
                None,
                "God diskusjon om grensesetting. Ønske om egen samling om taushetsplikt.",
            )],
            tasks: &[(
                "Les veilederen om taushetsplikt",
                Some("nhf.mentor2@meander.dev"),
                T::Open,
                (2026, 5, 1),
            )],
        },
        Session {
            key: "hlf:mestring-drammen",
            org: "hlf",
            la: "drammen",
            facilitator: "hlf.coordinator@meander.dev",
            title: "Mestringsgruppe: leve med hørselstap",
            description: "Kommunikasjonstaktikker i hverdagen og på jobb. Teleslynge og skrivetolk.",
            kind: WKind::GroupGuidance,
            status: WStatus::Planned,
            series: Some(("Mestringskurs høsten 2026", 1)),
            starts_at: at(2026, 11, 18, 16),
            users: &[
                ("hlf.mentor@meander.dev", E::Enrolled),
                ("nhf.mentor@meander.dev", E::Withdrawn),
            ],
            contacts: &[E::Enrolled],
            notes: &[(
                N::Summary,
                Some("Forberedelser"),
                "Skrivetolk bestilt. Deltakerne får program på forhånd.",
            )],
            tasks: &[(
                "Send program til deltakerne",
                Some("hlf.mentor@meander.dev"),
                T::Open,
                (2026, 11, 11),
            )],
        },
    ]
}

/// Inserts this domain's demo rows; runs inside the demo transaction after the identity core.
pub async fn seed<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> anyhow::Result<()> {
    for ev in event_rows() {
        let org = demo_id("org", ev.org);
        let id = demo_id("event", ev.key);
        let organizer = user(ev.organizer);
        events::ActiveModel {
            id: Set(id),
            organization_id: Set(org),
            local_association_id: Set(ev.la.map(|l| demo_id("la", l))),
            organizer_id: Set(organizer),
            title: Set(ev.title.into()),
            description: Set(Some(ev.description.into())),
            kind: Set(ev.kind),
            status: Set(ev.status),
            starts_at: Set(ev.starts_at),
            ends_at: Set(ev.starts_at + Duration::hours(ev.hours)),
            location: Set(ev.location.map(Into::into)),
            is_digital: Set(ev.kind == Kind::DigitalMeeting),
            meeting_url: Set((ev.kind == Kind::DigitalMeeting)
                .then(|| "https://meet.meander.dev/hlf-ci".to_string())),
            capacity: Set(ev.capacity),
            signup_deadline: Set(Some(ev.starts_at - Duration::days(2))),
            recurrence_rule: Set(ev.recurrence.map(Into::into)),
            unregistered_attendee_count: Set(ev.walk_ins),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(organizer)),
            updated_by_id: Set(Some(organizer)),
            ..Default::default()
        }
        .insert(db)
        .await?;

        let signed_up_at = ev.starts_at - Duration::days(14);
        let contact_ids = match ev.la {
            Some(la) => contacts_of(db, la, ev.contacts.len() as u64).await?,
            None => Vec::new(),
        };
        let people = ev
            .users
            .iter()
            .map(|(email, status)| (Some(user(email)), None, *status, email.to_string()))
            .chain(
                contact_ids
                    .iter()
                    .zip(ev.contacts)
                    .map(|(c, status)| (None, Some(*c), *status, c.to_string())),
            );
        for (user_id, contact_id, status, key) in people {
            participants::ActiveModel {
                id: Set(demo_id("event_participant", &format!("{}:{key}", ev.key))),
                organization_id: Set(org),
                event_id: Set(id),
                user_id: Set(user_id),
                contact_id: Set(contact_id),
                status: Set(status),
                signed_up_at: Set(signed_up_at),
                attended_at: Set((status == P::Attended).then_some(ev.starts_at)),
                withdrawn_at: Set(
                    (status == P::Withdrawn).then(|| ev.starts_at - Duration::days(3))
                ),
                comment: Set(contact_id.map(|_| "Trenger rullestoltilgjengelig inngang.".into())),
                created_at: Set(now),
                updated_at: Set(now),
                created_by_id: Set(Some(user_id.unwrap_or(organizer))),
                updated_by_id: Set(Some(organizer)),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }

    for s in session_rows() {
        let org = demo_id("org", s.org);
        let id = demo_id("workshop_session", s.key);
        let facilitator = user(s.facilitator);
        sessions::ActiveModel {
            id: Set(id),
            organization_id: Set(org),
            local_association_id: Set(Some(demo_id("la", s.la))),
            facilitator_id: Set(facilitator),
            title: Set(s.title.into()),
            description: Set(Some(s.description.into())),
            kind: Set(s.kind),
            status: Set(s.status),
            series_name: Set(s.series.map(|(name, _)| name.into())),
            session_number: Set(s.series.map(|(_, n)| n)),
            starts_at: Set(s.starts_at),
            ends_at: Set(s.starts_at + Duration::hours(3)),
            location: Set(Some(format!("Møterom 2, {}", s.la))),
            is_digital: Set(false),
            capacity: Set(Some(12)),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(facilitator)),
            updated_by_id: Set(Some(facilitator)),
            ..Default::default()
        }
        .insert(db)
        .await?;

        let contact_ids = contacts_of(db, s.la, s.contacts.len() as u64).await?;
        let people = s
            .users
            .iter()
            .map(|(email, status)| (Some(user(email)), None, *status, email.to_string()))
            .chain(
                contact_ids
                    .iter()
                    .zip(s.contacts)
                    .map(|(c, status)| (None, Some(*c), *status, c.to_string())),
            );
        for (user_id, contact_id, status, key) in people {
            enrollments::ActiveModel {
                id: Set(demo_id("workshop_participant", &format!("{}:{key}", s.key))),
                organization_id: Set(org),
                workshop_session_id: Set(id),
                user_id: Set(user_id),
                contact_id: Set(contact_id),
                status: Set(status),
                enrolled_at: Set(s.starts_at - Duration::days(21)),
                attendance_confirmed_at: Set(
                    (status == E::Attended).then(|| s.starts_at + Duration::hours(3))
                ),
                comment: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                created_by_id: Set(Some(facilitator)),
                updated_by_id: Set(Some(facilitator)),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }

        for (i, (kind, title, body)) in s.notes.iter().enumerate() {
            notes::ActiveModel {
                id: Set(demo_id("workshop_note", &format!("{}:{i}", s.key))),
                organization_id: Set(org),
                workshop_session_id: Set(id),
                author_id: Set(facilitator),
                kind: Set(*kind),
                title: Set(title.map(Into::into)),
                body: Set(body.to_string()),
                created_at: Set(now),
                updated_at: Set(now),
                created_by_id: Set(Some(facilitator)),
                updated_by_id: Set(Some(facilitator)),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }

        for (i, (title, assignee, status, (y, m, d))) in s.tasks.iter().enumerate() {
            tasks::ActiveModel {
                id: Set(demo_id("workshop_task", &format!("{}:{i}", s.key))),
                organization_id: Set(org),
                workshop_session_id: Set(id),
                assignee_id: Set(assignee.map(user)),
                title: Set(title.to_string()),
                description: Set(None),
                status: Set(*status),
                due_date: Set(NaiveDate::from_ymd_opt(*y, *m, *d)),
                completed_at: Set((*status == tasks::WorkshopTaskStatus::Done)
                    .then(|| at(*y, *m, *d, 12) - Duration::days(1))),
                created_at: Set(now),
                updated_at: Set(now),
                created_by_id: Set(Some(facilitator)),
                updated_by_id: Set(Some(facilitator)),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}
