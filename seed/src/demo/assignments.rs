//! Demo rows of the assignments domain in every demo organization: encrypted assignments in
//! several states (draft, dispatched, read, accepted, completed, declined), their dispatch trail,
//! read receipts and consents, encrypted document metadata and powers of attorney. Ciphertexts
//! are random-looking base64 derived from the row key: there is no plaintext anywhere.

use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{contacts::contact_id, demo_id};
use entity::assignments::{self, AssignmentPriority as Priority, AssignmentStatus as S};
use entity::{
    assignment_consents, assignment_dispatches, assignment_read_receipts, encrypted_documents,
    poa_documents,
};

use assignment_consents::AssignmentConsentDecision as Decision;
use assignment_dispatches::{AssignmentDispatchChannel as Channel, AssignmentDispatchOutcome};
use encrypted_documents::EncryptedDocumentKind as DocKind;
use poa_documents::{PoaDocumentFormat, PoaDocumentStatus, PoaDocumentType};

const SCHEME: &str = "x25519-xsalsa20-poly1305";

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .expect("valid demo time")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid demo date")
}

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

/// Deterministic stand-in for a ciphertext: `blocks` SHA-256 blocks of the key, base64.
fn fake_ciphertext(key: &str, blocks: usize) -> String {
    let mut bytes = Vec::with_capacity(blocks * 32);
    for i in 0..blocks {
        bytes.extend_from_slice(&Sha256::digest(format!(
            "meander-demo-ciphertext:{key}:{i}"
        )));
    }
    STANDARD.encode(bytes)
}

/// (key, org, la, owner, assignment key, contact key, kind, title, content type, blocks)
type Document = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    DocKind,
    &'static str,
    &'static str,
    usize,
);

/// First and (optionally) last day a document is in force.
type Validity = ((i32, u32, u32), Option<(i32, u32, u32)>);

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

struct Assignment {
    key: &'static str,
    org: &'static str,
    la: &'static str,
    coordinator: &'static str,
    mentor: &'static str,
    contact: Option<&'static str>,
    title: &'static str,
    status: S,
    priority: Priority,
    due: Option<(i32, u32, u32)>,
    /// When it was dispatched (None for drafts).
    dispatched: Option<DateTime<Utc>>,
}

fn assignment_rows() -> Vec<Assignment> {
    vec![
        Assignment {
            key: "nhf:astrid-besok",
            org: "nhf",
            la: "oslo",
            coordinator: "nhf.coordinator@meander.dev",
            mentor: "nhf.mentor@meander.dev",
            contact: Some("nhf:astrid-solberg"),
            title: "Hjemmebesøk, Grünerløkka",
            // Delivered, not opened: Ola's profile does not accept encrypted assignments, so he
            // can neither open nor accept it (`encrypted_assignment_consent_gate`).
            status: S::Delivered,
            priority: Priority::Normal,
            due: Some((2026, 12, 10)),
            dispatched: Some(at(2026, 11, 2, 9)),
        },
        Assignment {
            key: "nhf:emma-familie",
            org: "nhf",
            la: "oslo",
            coordinator: "nhf.coordinator@meander.dev",
            mentor: "nhf.mentor2@meander.dev",
            contact: Some("nhf:emma-lien"),
            title: "Samtale med foreldre, Tøyen",
            status: S::Draft,
            priority: Priority::High,
            due: Some((2026, 12, 20)),
            dispatched: None,
        },
        Assignment {
            key: "nhf:silje-oppfolging",
            org: "nhf",
            la: "bergen",
            coordinator: "nhf.coordinator.bergen@meander.dev",
            mentor: "nhf.mentor.bergen@meander.dev",
            contact: Some("nhf:silje-mathisen"),
            title: "Oppfølgingssamtale, Bergen sentrum",
            status: S::Dispatched,
            priority: Priority::Normal,
            due: None,
            dispatched: Some(at(2026, 11, 20, 13)),
        },
        Assignment {
            key: "blindeforbundet:ragnhild-mobil",
            org: "blindeforbundet",
            la: "trondheim",
            coordinator: "blind.coordinator@meander.dev",
            mentor: "blind.mentor@meander.dev",
            contact: Some("blindeforbundet:ragnhild-aune"),
            title: "Opplæring i mobil med skjermleser, Lademoen",
            status: S::Completed,
            priority: Priority::Normal,
            due: Some((2026, 11, 15)),
            dispatched: Some(at(2026, 10, 20, 10)),
        },
        Assignment {
            key: "blindeforbundet:kjell-forstegang",
            org: "blindeforbundet",
            la: "trondheim",
            coordinator: "blind.coordinator@meander.dev",
            mentor: "blind.mentor@meander.dev",
            contact: Some("blindeforbundet:kjell-rognes"),
            title: "Førstegangsbesøk, Byåsen",
            // Accepted by Anne, an active mentor who accepts encrypted assignments.
            status: S::Accepted,
            priority: Priority::High,
            due: Some((2026, 12, 5)),
            dispatched: Some(at(2026, 11, 18, 8)),
        },
        Assignment {
            key: "hlf:arne-horselstaktikk",
            org: "hlf",
            la: "kristiansand",
            coordinator: "hlf.admin@meander.dev",
            mentor: "hlf.mentor@meander.dev",
            contact: Some("hlf:arne-pettersen"),
            title: "Veiledning i hørselstaktikk, Kvadraturen",
            status: S::Delivered,
            priority: Priority::Low,
            due: None,
            dispatched: Some(at(2026, 11, 21, 12)),
        },
        Assignment {
            key: "hlf:bjorg-ci",
            org: "hlf",
            la: "drammen",
            coordinator: "hlf.coordinator@meander.dev",
            mentor: "nhf.mentor@meander.dev",
            contact: Some("hlf:bjorg-andersen"),
            title: "Likepersonsamtale etter CI-operasjon, Bragernes",
            status: S::Declined,
            priority: Priority::Normal,
            due: None,
            dispatched: Some(at(2026, 11, 10, 9)),
        },
    ]
}

/// The status trail an assignment went through to reach `status`.
fn trail(status: S) -> &'static [S] {
    match status {
        S::Draft => &[],
        S::Dispatched => &[S::Dispatched],
        S::Delivered => &[S::Dispatched, S::Delivered],
        S::Read => &[S::Dispatched, S::Delivered, S::Read],
        S::Accepted => &[S::Dispatched, S::Delivered, S::Read, S::Accepted],
        S::Declined => &[S::Dispatched, S::Delivered, S::Read, S::Declined],
        S::Completed => &[
            S::Dispatched,
            S::Delivered,
            S::Read,
            S::Accepted,
            S::Completed,
        ],
        S::Cancelled => &[S::Cancelled],
    }
}

/// Inserts this domain's demo rows; runs inside the demo transaction after the identity core.
/// The day the assignments' dates below are written for: seeding moves every one of them by the
/// clock's distance from it, so the lifecycle (dispatched before today, due after) holds on any
/// day the clock shows.
fn written_for() -> DateTime<Utc> {
    at(2026, 12, 6, 12)
}

pub async fn seed<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> anyhow::Result<()> {
    let moved = now - written_for();
    let assignments = assignment_rows().into_iter().map(|mut a| {
        a.dispatched = a.dispatched.map(|d| d + moved);
        a
    });
    for a in assignments {
        let id = demo_id("assignment", a.key);
        let org = demo_id("org", a.org);
        let steps = trail(a.status);
        // Each step three hours after the previous, from the dispatch on.
        let step_at = |s: S| {
            let i = steps.iter().position(|x| *x == s)?;
            a.dispatched.map(|d| d + Duration::hours(i as i64 * 3))
        };
        let responded = step_at(S::Accepted).or(step_at(S::Declined));
        assignments::ActiveModel {
            id: Set(id),
            organization_id: Set(org),
            local_association_id: Set(demo_id("la", a.la)),
            coordinator_id: Set(user(a.coordinator)),
            peer_mentor_id: Set(user(a.mentor)),
            contact_id: Set(a.contact.map(contact_id)),
            title: Set(a.title.into()),
            status: Set(a.status),
            priority: Set(a.priority),
            ciphertext: Set(fake_ciphertext(a.key, 12)),
            key_reference: Set(format!("mentor-key:{}:v1", a.mentor)),
            encryption_scheme: Set(SCHEME.into()),
            due_date: Set(a.due.map(|(y, m, d)| date(y, m, d) + moved)),
            dispatched_at: Set(a.dispatched),
            delivered_at: Set(step_at(S::Delivered)),
            read_at: Set(step_at(S::Read)),
            responded_at: Set(responded),
            completed_at: Set(step_at(S::Completed)),
            cancelled_at: Set(None),
            cancellation_reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(user(a.coordinator))),
            updated_by_id: Set(Some(user(a.coordinator))),
            deleted_at: Set(None),
        }
        .insert(db)
        .await?;

        let mut previous = Some(S::Draft);
        let mut first_dispatch = None;
        for (i, step) in steps.iter().enumerate() {
            let dispatch_id = demo_id("assignment_dispatch", &format!("{}:{i}", a.key));
            first_dispatch.get_or_insert(dispatch_id);
            let occurred = step_at(*step).unwrap_or(now);
            // The mentor's own answers and reads are their actions; deliveries are the system's.
            let actor = match step {
                S::Dispatched | S::Cancelled => Some(user(a.coordinator)),
                S::Read | S::Accepted | S::Declined | S::Completed => Some(user(a.mentor)),
                _ => None,
            };
            assignment_dispatches::ActiveModel {
                id: Set(dispatch_id),
                organization_id: Set(org),
                assignment_id: Set(id),
                from_status: Set(previous),
                to_status: Set(*step),
                channel: Set(match step {
                    S::Dispatched => Some(Channel::Push),
                    S::Delivered => Some(Channel::InApp),
                    _ => None,
                }),
                attempt_number: Set(1),
                outcome: Set(AssignmentDispatchOutcome::Succeeded),
                error_message: Set(None),
                actor_id: Set(actor),
                occurred_at: Set(occurred),
                created_at: Set(occurred),
                updated_at: Set(occurred),
                created_by_id: Set(actor),
                updated_by_id: Set(actor),
            }
            .insert(db)
            .await?;
            previous = Some(*step);
        }

        if let Some(read_at) = step_at(S::Read) {
            assignment_read_receipts::ActiveModel {
                id: Set(demo_id("assignment_read_receipt", a.key)),
                organization_id: Set(org),
                assignment_id: Set(id),
                dispatch_id: Set(first_dispatch),
                user_id: Set(user(a.mentor)),
                read_at: Set(read_at),
                device_platform: Set(Some("ios".into())),
                created_at: Set(read_at),
                updated_at: Set(read_at),
                created_by_id: Set(Some(user(a.mentor))),
                updated_by_id: Set(Some(user(a.mentor))),
            }
            .insert(db)
            .await?;
        }

        if let Some(responded_at) = responded {
            let declined = steps.contains(&S::Declined);
            assignment_consents::ActiveModel {
                id: Set(demo_id("assignment_consent", a.key)),
                organization_id: Set(org),
                assignment_id: Set(id),
                dispatch_id: Set(first_dispatch),
                user_id: Set(user(a.mentor)),
                decision: Set(if declined {
                    Decision::Declined
                } else {
                    Decision::Accepted
                }),
                decline_reason: Set(
                    declined.then(|| "Har ikke kapasitet før over nyttår.".to_string())
                ),
                consent_text_version: Set("2025-01".into()),
                responded_at: Set(responded_at),
                created_at: Set(responded_at),
                updated_at: Set(responded_at),
                created_by_id: Set(Some(user(a.mentor))),
                updated_by_id: Set(Some(user(a.mentor))),
            }
            .insert(db)
            .await?;
        }
    }

    let documents: &[Document] = &[
        (
            "nhf:astrid-fullmakt-skann",
            "nhf",
            "oslo",
            "nhf.mentor@meander.dev",
            None,
            Some("nhf:astrid-solberg"),
            DocKind::PowerOfAttorney,
            "Fullmakt (skannet)",
            "application/pdf",
            2048,
        ),
        (
            "blindeforbundet:ragnhild-vedlegg",
            "blindeforbundet",
            "trondheim",
            "blind.coordinator@meander.dev",
            Some("blindeforbundet:ragnhild-mobil"),
            Some("blindeforbundet:ragnhild-aune"),
            DocKind::AssignmentAttachment,
            "Vedlegg til oppdrag",
            "application/pdf",
            512,
        ),
        (
            "blindeforbundet:kjell-journal",
            "blindeforbundet",
            "trondheim",
            "blind.coordinator@meander.dev",
            None,
            Some("blindeforbundet:kjell-rognes"),
            DocKind::MedicalRecord,
            "Øyelegeerklæring",
            "application/pdf",
            1024,
        ),
        (
            "hlf:arne-samtykke",
            "hlf",
            "kristiansand",
            "hlf.mentor@meander.dev",
            None,
            Some("hlf:arne-pettersen"),
            DocKind::ConsentForm,
            "Samtykkeerklæring",
            "image/jpeg",
            4096,
        ),
    ];
    for (key, org, la, owner, assignment, contact, kind, title, content_type, blocks) in documents {
        encrypted_documents::ActiveModel {
            id: Set(demo_id("encrypted_document", key)),
            organization_id: Set(demo_id("org", org)),
            local_association_id: Set(demo_id("la", la)),
            owner_id: Set(user(owner)),
            assignment_id: Set(assignment.map(|k| demo_id("assignment", k))),
            contact_id: Set(contact.map(contact_id)),
            document_kind: Set(*kind),
            title: Set(title.to_string()),
            content_type: Set(content_type.to_string()),
            size_bytes: Set(*blocks as i64 * 32),
            storage_key: Set(format!("encrypted/{org}/{}", demo_id("blob", key))),
            ciphertext_sha256: Set(sha256_hex(&fake_ciphertext(key, 1))),
            key_reference: Set(format!("org-key:{org}:2026")),
            encryption_scheme: Set(SCHEME.into()),
            expires_at: Set(Some(at(2031, 12, 31, 23))),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(user(owner))),
            updated_by_id: Set(Some(user(owner))),
            deleted_at: Set(None),
        }
        .insert(db)
        .await?;
    }

    struct Poa {
        key: &'static str,
        org: &'static str,
        la: &'static str,
        contact: Option<&'static str>,
        manager: &'static str,
        document: Option<&'static str>,
        kind: PoaDocumentType,
        format: PoaDocumentFormat,
        status: PoaDocumentStatus,
        title: &'static str,
        scope: Option<&'static str>,
        valid: Option<Validity>,
    }
    let poas = [
        Poa {
            key: "nhf:astrid-fullmakt",
            org: "nhf",
            la: "oslo",
            contact: Some("nhf:astrid-solberg"),
            manager: "nhf.mentor@meander.dev",
            document: Some("nhf:astrid-fullmakt-skann"),
            kind: PoaDocumentType::PowerOfAttorney,
            format: PoaDocumentFormat::Scanned,
            status: PoaDocumentStatus::Active,
            title: "Fullmakt NAV og kommunen",
            scope: Some(
                "Kontakt med NAV Hjelpemiddelsentral og bydelen om hjelpemidler og TT-kort.",
            ),
            valid: Some(((2026, 9, 1), Some((2027, 8, 31)))),
        },
        Poa {
            key: "nhf:per-fullmakt-papir",
            org: "nhf",
            la: "baerum",
            contact: Some("nhf:per-kristiansen"),
            manager: "nhf.coordinator@meander.dev",
            document: None,
            kind: PoaDocumentType::PowerOfAttorney,
            format: PoaDocumentFormat::Paper,
            status: PoaDocumentStatus::Expired,
            title: "Fullmakt klagesak (papir)",
            scope: Some("Klage på vedtak om BPA-timer."),
            valid: Some(((2024, 1, 15), Some((2025, 1, 14)))),
        },
        Poa {
            key: "blindeforbundet:kjell-journal",
            org: "blindeforbundet",
            la: "trondheim",
            contact: Some("blindeforbundet:kjell-rognes"),
            manager: "blind.coordinator@meander.dev",
            document: Some("blindeforbundet:kjell-journal"),
            kind: PoaDocumentType::MedicalRecord,
            format: PoaDocumentFormat::Digital,
            status: PoaDocumentStatus::Active,
            title: "Øyelegeerklæring 2026",
            scope: None,
            valid: None,
        },
        Poa {
            key: "hlf:arne-samtykke",
            org: "hlf",
            la: "kristiansand",
            contact: Some("hlf:arne-pettersen"),
            manager: "hlf.mentor@meander.dev",
            document: Some("hlf:arne-samtykke"),
            kind: PoaDocumentType::ConsentForm,
            format: PoaDocumentFormat::Scanned,
            status: PoaDocumentStatus::Active,
            title: "Samtykke til deling med hørselssentralen",
            scope: Some("Likepersonen kan snakke med hørselssentralen på Arnes vegne."),
            valid: Some(((2026, 10, 1), None)),
        },
    ];
    for p in poas {
        let signed = p.valid.map(|((y, m, d), _)| date(y, m, d));
        poa_documents::ActiveModel {
            id: Set(demo_id("poa_document", p.key)),
            organization_id: Set(demo_id("org", p.org)),
            local_association_id: Set(demo_id("la", p.la)),
            contact_id: Set(p.contact.map(contact_id)),
            managed_by_id: Set(user(p.manager)),
            encrypted_document_id: Set(p.document.map(|k| demo_id("encrypted_document", k))),
            document_type: Set(p.kind),
            format: Set(p.format),
            status: Set(p.status),
            title: Set(p.title.into()),
            scope_description: Set(p.scope.map(Into::into)),
            signed_on: Set(signed),
            valid_from: Set(signed),
            valid_until: Set(p.valid.and_then(|(_, u)| u.map(|(y, m, d)| date(y, m, d)))),
            revoked_at: Set(None),
            digitized_at: Set(
                (p.format == PoaDocumentFormat::Scanned).then(|| at(2026, 10, 15, 12))
            ),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(user(p.manager))),
            updated_by_id: Set(Some(user(p.manager))),
            deleted_at: Set(None),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
