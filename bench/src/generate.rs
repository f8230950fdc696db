//! `meander-bench generate`: a deterministic data set at national scale (issue 7) or about
//! 1/50 of it (`small`), written through the project's own migrations and permission catalog
//! with multi-row inserts in transactions.
//!
//! Shape (national): 4 organizations (NHF with one national association and 10 regions),
//! 1,400 local associations, 5,000 users (2 org admins per organization, one coordinator per
//! group of 5 local associations, the rest peer mentors with a profile), 60,000 contacts,
//! 500,000 activities over 3 years, flags on flagged (open) and some approved (resolved)
//! activities, 20,000 assignments, 50,000 notifications and 10,000 travel expense reports.
//!
//! Coherence with the authorization model: a coordinator has a membership and a
//! `coordinator` user role carrying the `local_association_id` for each local association of
//! their group (so groups never overlap); a peer mentor has a membership in one (10%: two)
//! local associations of their organization and an organization-wide `peer_mentor` role; an
//! activity's local association is one of its mentor's and its contact is a contact of that
//! local association.
//!
//! Logins: every user's password is [`PASSWORD`]; emails follow [`admin_email`],
//! [`coordinator_email`] and [`mentor_email`], which `run` relies on.

use std::time::Instant;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Timelike, Utc};
use clap::{Parser, ValueEnum};
use rand::{Rng, SeedableRng, distributions::WeightedIndex, prelude::Distribution};
use rand_chacha::ChaCha8Rng;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, IntoActiveModel, Iterable,
    PaginatorTrait, TransactionTrait, prelude::ActiveModelTrait,
};
use serde_json::json;
use uuid::Uuid;

use entity::{
    activities, activity_flags, activity_types, assignments, contacts, local_associations,
    national_associations, notifications, organization_features, organization_settings,
    organizations, peer_mentor_profiles, regions, travel_expense_reports,
    user_organization_memberships as memberships, user_roles, users,
};
use meander_gateway::{
    auth::password::{PasswordCost, hash_password},
    config::{Overrides, Settings},
    db, seed,
};

/// The password of every generated user.
pub const PASSWORD: &str = "bench-password";

pub fn admin_email(org_key: &str, i: usize) -> String {
    format!("{org_key}.admin{i}@bench.meander.dev")
}

pub fn coordinator_email(i: usize) -> String {
    format!("coordinator{i}@bench.meander.dev")
}

pub fn mentor_email(i: usize) -> String {
    format!("mentor{i}@bench.meander.dev")
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Scale {
    /// Issue 7's national scale (500,000 activities).
    National,
    /// About 1/50 of national, for quick runs.
    Small,
}

#[derive(Parser)]
pub struct Args {
    /// sqlite://path?mode=rwc or postgres://user@host:port/db (must be empty or unmigrated).
    #[arg(long)]
    database_url: String,
    #[arg(long, value_enum, default_value = "national")]
    scale: Scale,
    /// RNG seed: the same seed (on the same day) gives the same data set.
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

struct Sizes {
    local_associations: usize,
    users: usize,
    contacts: usize,
    activities: usize,
    assignments: usize,
    notifications: usize,
    expense_reports: usize,
}

impl Scale {
    fn sizes(self) -> Sizes {
        let national = Sizes {
            local_associations: 1_400,
            users: 5_000,
            contacts: 60_000,
            activities: 500_000,
            assignments: 20_000,
            notifications: 50_000,
            expense_reports: 10_000,
        };
        match self {
            Scale::National => national,
            Scale::Small => Sizes {
                local_associations: national.local_associations / 50,
                users: national.users / 50,
                contacts: national.contacts / 50,
                activities: national.activities / 50,
                assignments: national.assignments / 50,
                notifications: national.notifications / 50,
                expense_reports: national.expense_reports / 50,
            },
        }
    }
}

/// (key, name, kind, share of local associations in percent)
const ORGS: [(&str, &str, organizations::OrganizationKind, usize); 4] = [
    (
        "nhf",
        "Norges Handikapforbund",
        organizations::OrganizationKind::DisabilityOrganization,
        43,
    ),
    (
        "blindeforbundet",
        "Norges Blindeforbund",
        organizations::OrganizationKind::PatientOrganization,
        21,
    ),
    (
        "hlf",
        "Hørselshemmedes Landsforbund",
        organizations::OrganizationKind::PatientOrganization,
        21,
    ),
    (
        "lhl",
        "Landsforeningen for hjerte- og lungesyke",
        organizations::OrganizationKind::PatientOrganization,
        15,
    ),
];

const FEATURES: [&str; 5] = [
    "activities",
    "contacts",
    "assignments",
    "expenses",
    "events",
];
const ADMINS_PER_ORG: usize = 2;
const LAS_PER_COORDINATOR: usize = 5;
const NHF_REGIONS: usize = 10;

/// (key, name, category, requires contact, requires location, multiple participants,
/// reimbursable, default minutes, weight)
type TypeRow = (
    &'static str,
    &'static str,
    activity_types::BufdirReportingCategory,
    bool,
    bool,
    bool,
    bool,
    i32,
    u32,
);
const TYPES: [TypeRow; 5] = {
    use activity_types::BufdirReportingCategory as C;
    [
        (
            "home_visit",
            "Hjemmebesøk",
            C::IndividualSupport,
            true,
            true,
            false,
            true,
            60,
            30,
        ),
        (
            "phone_call",
            "Telefonsamtale",
            C::PhoneSupport,
            true,
            false,
            false,
            false,
            30,
            35,
        ),
        (
            "digital_meeting",
            "Digitalt møte",
            C::DigitalSupport,
            true,
            false,
            false,
            false,
            45,
            10,
        ),
        (
            "group_meeting",
            "Gruppetreff",
            C::GroupActivity,
            false,
            true,
            true,
            true,
            120,
            10,
        ),
        (
            "admin_work",
            "Administrativt arbeid",
            C::NotReported,
            false,
            false,
            false,
            false,
            30,
            15,
        ),
    ]
};

const FIRST_NAMES: [&str; 20] = [
    "Kari", "Ola", "Ingrid", "Lars", "Anne", "Per", "Siri", "Bjørn", "Nina", "Tor", "Eva", "Hilde",
    "Jon", "Marit", "Knut", "Liv", "Erik", "Astrid", "Arne", "Randi",
];
const LAST_NAMES: [&str; 20] = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
];

struct La {
    id: Uuid,
    org: usize,
    /// Mentors with a membership here (indexes into `mentors`).
    mentors: Vec<usize>,
    contacts: Vec<usize>,
    coordinator: Option<Uuid>,
}

struct Mentor {
    id: Uuid,
    org: usize,
    las: Vec<usize>,
    activities: Vec<usize>,
}

fn new_id(rng: &mut ChaCha8Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.r#gen()).into_uuid()
}

fn name(rng: &mut ChaCha8Rng) -> (String, String) {
    (
        FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())].to_string(),
        LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())].to_string(),
    )
}

/// Inserts `rows` with multi-row INSERTs in one transaction, chunked below the backend's
/// bind-parameter limit; prints the count and elapsed time.
async fn insert_all<E>(
    db: &DatabaseConnection,
    table: &str,
    rows: Vec<E::Model>,
) -> anyhow::Result<()>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let started = Instant::now();
    let count = rows.len();
    let params = match db.get_database_backend() {
        DbBackend::Sqlite => 32_766,
        _ => 65_535,
    };
    let columns = E::Column::iter().count();
    let chunk = (params / columns).clamp(1, 2_000);
    let txn = db.begin().await?;
    let mut rows = rows.into_iter();
    loop {
        let batch: Vec<E::ActiveModel> = rows
            .by_ref()
            .take(chunk)
            .map(|m| m.into_active_model().reset_all())
            .collect();
        if batch.is_empty() {
            break;
        }
        E::insert_many(batch).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{table:<32} {count:>8} rows  {secs:>7.2} s  ({:>8.0} rows/s)",
        count as f64 / secs.max(1e-9)
    );
    Ok(())
}

pub async fn generate(args: Args) -> anyhow::Result<()> {
    let total = Instant::now();
    let settings = Settings::load(&Overrides {
        database_url: Some(args.database_url.clone()),
        bind: None,
    })?;
    let conn = db::connect(&settings.database).await?;
    db::migrate_up(&conn).await?;
    seed::catalog(&conn, settings.clock().now()).await?;
    if organizations::Entity::find().count(&conn).await? > 0 {
        anyhow::bail!("the database already has organizations: generate into an empty database");
    }
    println!(
        "migrated and seeded the catalog in {:.2} s",
        total.elapsed().as_secs_f64()
    );
    let sizes = args.scale.sizes();
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    // Dates are relative to today (midnight UTC): the same seed gives the same rows on a day.
    let today = Utc::now().date_naive();
    let now: DateTime<Utc> = Utc.from_utc_datetime(&today.and_hms_opt(0, 0, 0).expect("midnight"));
    let hash = hash_password(
        PASSWORD,
        PasswordCost {
            memory_kib: settings.auth.argon2_memory_kib,
            iterations: settings.auth.argon2_iterations,
        },
    )?;

    // --- tenancy ---
    let mut orgs = Vec::new();
    let mut org_settings = Vec::new();
    let mut features = Vec::new();
    let org_ids: Vec<Uuid> = ORGS.iter().map(|_| new_id(&mut rng)).collect();
    for (i, (key, name, kind, _)) in ORGS.iter().enumerate() {
        orgs.push(organizations::Model {
            id: org_ids[i],
            name: name.to_string(),
            slug: key.to_string(),
            org_number: Some(format!("9{:08}", i * 1_234_567 % 100_000_000)),
            kind: *kind,
            is_active: true,
            default_locale: "nb-NO".into(),
            time_zone: "Europe/Oslo".into(),
            import_hash: None,
            created_at: now,
            updated_at: now,
            created_by_id: None,
            updated_by_id: None,
            deleted_at: None,
        });
        org_settings.push(organization_settings::Model {
            id: new_id(&mut rng),
            organization_id: org_ids[i],
            support_access_policy: organization_settings::SupportAccessPolicy::AdminGrantRequired,
            default_activity_duration_minutes: 30,
            duplicate_window_hours: 24,
            report_period_cycle: organization_settings::ReportPeriodCycle::Annual,
            session_timeout_minutes: 60 * 24 * 30,
            settings: json!({ "weekStartsOn": "monday" }),
            created_at: now,
            updated_at: now,
            created_by_id: None,
            updated_by_id: None,
            deleted_at: None,
        });
        for f in FEATURES {
            features.push(organization_features::Model {
                id: new_id(&mut rng),
                organization_id: org_ids[i],
                feature_key: f.to_string(),
                is_enabled: true,
                config: None,
                created_at: now,
                updated_at: now,
                created_by_id: None,
                updated_by_id: None,
                deleted_at: None,
            });
        }
    }
    let national_id = new_id(&mut rng);
    let national = vec![national_associations::Model {
        id: national_id,
        organization_id: org_ids[0],
        name: "Norges Handikapforbund nasjonalt".into(),
        code: Some("NHF".into()),
        import_hash: None,
        created_at: now,
        updated_at: now,
        created_by_id: None,
        updated_by_id: None,
        deleted_at: None,
    }];
    let region_rows: Vec<regions::Model> = (0..NHF_REGIONS)
        .map(|r| regions::Model {
            id: new_id(&mut rng),
            organization_id: org_ids[0],
            national_association_id: national_id,
            name: format!("Region {}", r + 1),
            code: Some(format!("R{:02}", r + 1)),
            import_hash: None,
            created_at: now,
            updated_at: now,
            created_by_id: None,
            updated_by_id: None,
            deleted_at: None,
        })
        .collect();

    // Local associations per organization by share; the last takes the remainder.
    let mut la_counts: Vec<usize> = ORGS
        .iter()
        .map(|o| sizes.local_associations * o.3 / 100)
        .collect();
    let assigned: usize = la_counts[..ORGS.len() - 1].iter().sum();
    la_counts[ORGS.len() - 1] = sizes.local_associations - assigned;
    let mut las: Vec<La> = Vec::new();
    let mut la_rows = Vec::new();
    let mut la_weight: Vec<f64> = Vec::new();
    for (o, count) in la_counts.iter().enumerate() {
        for n in 0..*count {
            let id = new_id(&mut rng);
            la_rows.push(local_associations::Model {
                id,
                organization_id: org_ids[o],
                region_id: (o == 0).then(|| region_rows[n % NHF_REGIONS].id),
                name: format!("{} lokallag {:04}", ORGS[o].0.to_uppercase(), n + 1),
                code: Some(format!("{}-{:04}", ORGS[o].0.to_uppercase(), n + 1)),
                municipality: Some(format!("Kommune {:03}", n % 356 + 1)),
                county: Some(format!("Fylke {:02}", n % 15 + 1)),
                is_active: true,
                import_hash: None,
                created_at: now,
                updated_at: now,
                created_by_id: None,
                updated_by_id: None,
                deleted_at: None,
            });
            las.push(La {
                id,
                org: o,
                mentors: Vec::new(),
                contacts: Vec::new(),
                coordinator: None,
            });
            // Some local associations (cities) are much busier than others.
            la_weight.push(rng.gen_range(0.3f64..1.0).powi(3) * 10.0 + 0.2);
        }
    }

    // --- users, memberships, roles, profiles ---
    let role = |key: &str| seed::catalog_id("role", key);
    let mut user_rows = Vec::new();
    let mut membership_rows = Vec::new();
    let mut role_rows = Vec::new();
    let mut profile_rows = Vec::new();
    let mut user_org: Vec<(Uuid, Uuid)> = Vec::new(); // (user, org) for notifications
    let mut coordinator_ids: Vec<Uuid> = Vec::new();
    let mk_user = |rng: &mut ChaCha8Rng, email: String| {
        let (first, last) = name(rng);
        users::Model {
            id: new_id(rng),
            email,
            password_hash: Some(hash.clone()),
            first_name: first,
            last_name: last,
            phone: Some(format!("+47 9{:07}", rng.gen_range(0..10_000_000))),
            locale: "nb-NO".into(),
            status: users::UserStatus::Active,
            last_login_at: None,
            import_hash: None,
            external_issuer: None,
            external_subject: None,
            external_linked_at: None,
            created_at: now - Duration::days(rng.gen_range(400..2000)),
            updated_at: now,
            created_by_id: None,
            updated_by_id: None,
            deleted_at: None,
        }
    };
    let membership = |rng: &mut ChaCha8Rng, user: Uuid, org: Uuid, la: Option<Uuid>, primary| {
        memberships::Model {
            id: new_id(rng),
            user_id: user,
            organization_id: org,
            local_association_id: la,
            status: memberships::MembershipStatus::Active,
            is_primary: primary,
            joined_at: Some(now - Duration::days(400)),
            left_at: None,
            created_at: now - Duration::days(400),
            updated_at: now,
            created_by_id: None,
            updated_by_id: None,
            deleted_at: None,
        }
    };
    let user_role =
        |rng: &mut ChaCha8Rng, user: Uuid, role_id: Uuid, org: Uuid, la| user_roles::Model {
            id: new_id(rng),
            user_id: user,
            role_id,
            organization_id: Some(org),
            local_association_id: la,
            valid_until: None,
            revoked_at: None,
            created_at: now - Duration::days(400),
            updated_at: now,
            created_by_id: None,
            updated_by_id: None,
            deleted_at: None,
        };
    for (o, (key, ..)) in ORGS.iter().enumerate() {
        for i in 0..ADMINS_PER_ORG {
            let u = mk_user(&mut rng, admin_email(key, i));
            membership_rows.push(membership(&mut rng, u.id, org_ids[o], None, true));
            role_rows.push(user_role(
                &mut rng,
                u.id,
                role("org_admin"),
                org_ids[o],
                None,
            ));
            user_org.push((u.id, org_ids[o]));
            user_rows.push(u);
        }
    }
    // One coordinator per group of LAS_PER_COORDINATOR consecutive local associations of an org.
    let mut group_start = 0;
    while group_start < las.len() {
        let org = las[group_start].org;
        let mut group_end = group_start;
        while group_end < las.len()
            && las[group_end].org == org
            && group_end - group_start < LAS_PER_COORDINATOR
        {
            group_end += 1;
        }
        let u = mk_user(&mut rng, coordinator_email(coordinator_ids.len()));
        for (j, la) in las[group_start..group_end].iter_mut().enumerate() {
            la.coordinator = Some(u.id);
            membership_rows.push(membership(
                &mut rng,
                u.id,
                org_ids[org],
                Some(la.id),
                j == 0,
            ));
            role_rows.push(user_role(
                &mut rng,
                u.id,
                role("coordinator"),
                org_ids[org],
                Some(la.id),
            ));
        }
        user_org.push((u.id, org_ids[org]));
        coordinator_ids.push(u.id);
        user_rows.push(u);
        group_start = group_end;
    }
    let mentor_count = sizes.users - user_rows.len();
    let la_pick = WeightedIndex::new(&la_weight)?;
    let mut mentors: Vec<Mentor> = Vec::with_capacity(mentor_count);
    for i in 0..mentor_count {
        let u = mk_user(&mut rng, mentor_email(i));
        // Every local association gets a mentor first, then busier ones get more.
        let first = if i < las.len() {
            i
        } else {
            la_pick.sample(&mut rng)
        };
        let org = las[first].org;
        let mut mine = vec![first];
        if rng.gen_bool(0.1) {
            let second = la_pick.sample(&mut rng);
            if second != first && las[second].org == org {
                mine.push(second);
            }
        }
        for (j, la) in mine.iter().enumerate() {
            membership_rows.push(membership(
                &mut rng,
                u.id,
                org_ids[org],
                Some(las[*la].id),
                j == 0,
            ));
            las[*la].mentors.push(i);
        }
        role_rows.push(user_role(
            &mut rng,
            u.id,
            role("peer_mentor"),
            org_ids[org],
            None,
        ));
        let r: f64 = rng.r#gen();
        profile_rows.push(peer_mentor_profiles::Model {
            id: new_id(&mut rng),
            user_id: u.id,
            organization_id: org_ids[org],
            status: if r < 0.92 {
                peer_mentor_profiles::PeerMentorStatus::Active
            } else if r < 0.97 {
                peer_mentor_profiles::PeerMentorStatus::Paused
            } else {
                peer_mentor_profiles::PeerMentorStatus::Inactive
            },
            paused_at: None,
            pause_reason: None,
            resume_at: None,
            geographic_location_id: None,
            location_last_updated_at: None,
            assignment_count_current_period: rng.gen_range(0..12),
            assignment_period_start: Some(now - Duration::days(120)),
            certification_expiry_date: Some(now + Duration::days(rng.gen_range(-60..700))),
            certification_status: peer_mentor_profiles::PeerMentorCertificationStatus::Valid,
            digital_certificate_url: None,
            referral_code: None,
            consent_given_at: None,
            consent_version: None,
            accepts_encrypted_assignments: false,
            bio: None,
            profile_photo_url: None,
            notification_opt_ins: None,
            is_visible_on_map: false,
            years_of_experience: Some(rng.gen_range(0..25)),
            specializations: None,
            created_at: now - Duration::days(400),
            updated_at: now,
            created_by_id: None,
            updated_by_id: None,
            deleted_at: None,
        });
        user_org.push((u.id, org_ids[org]));
        mentors.push(Mentor {
            id: u.id,
            org,
            las: mine,
            activities: Vec::new(),
        });
        user_rows.push(u);
    }

    // --- contacts ---
    let mut contact_rows = Vec::with_capacity(sizes.contacts);
    for _ in 0..sizes.contacts {
        let la = la_pick.sample(&mut rng);
        let primary = (!las[la].mentors.is_empty() && rng.gen_bool(0.8))
            .then(|| mentors[las[la].mentors[rng.gen_range(0..las[la].mentors.len())]].id);
        let (first, last) = name(&mut rng);
        let r: f64 = rng.r#gen();
        las[la].contacts.push(contact_rows.len());
        contact_rows.push(contacts::Model {
            id: new_id(&mut rng),
            organization_id: org_ids[las[la].org],
            local_association_id: las[la].id,
            primary_peer_mentor_id: primary,
            first_name: first,
            last_name: last,
            status: if r < 0.9 {
                contacts::ContactStatus::Active
            } else if r < 0.97 {
                contacts::ContactStatus::Inactive
            } else {
                contacts::ContactStatus::Archived
            },
            phone: Some(format!("+47 4{:07}", rng.gen_range(0..10_000_000))),
            email: None,
            street_address: None,
            postal_code: Some(format!("{:04}", rng.gen_range(1..9999))),
            city: None,
            municipality: None,
            birth_date: NaiveDate::from_ymd_opt(rng.gen_range(1930..2005), 1, 1),
            health_notes: None,
            preferred_channel: Some(contacts::ContactPreferredChannel::Phone),
            membership_number: None,
            consent_given_at: Some(now - Duration::days(rng.gen_range(30..1500))),
            custom_fields: json!({}),
            import_hash: None,
            created_at: now - Duration::days(rng.gen_range(30..1500)),
            updated_at: now,
            created_by_id: None,
            updated_by_id: None,
            deleted_at: None,
        });
    }

    // --- activity types ---
    let mut type_rows = Vec::new();
    let mut type_ids = vec![[Uuid::nil(); TYPES.len()]; ORGS.len()];
    for (o, ids) in type_ids.iter_mut().enumerate() {
        for (t, (key, name, cat, contact, location, multi, reimb, minutes, _)) in
            TYPES.iter().enumerate()
        {
            ids[t] = new_id(&mut rng);
            type_rows.push(activity_types::Model {
                id: ids[t],
                organization_id: org_ids[o],
                key: key.to_string(),
                name: name.to_string(),
                description: None,
                bufdir_category: *cat,
                requires_contact: *contact,
                requires_location: *location,
                requires_description: false,
                requires_documentation: false,
                allows_multiple_participants: *multi,
                allows_reimbursement: *reimb,
                default_duration_minutes: *minutes,
                custom_fields: None,
                sort_order: t as i32 * 10,
                is_active: true,
                created_at: now - Duration::days(2000),
                updated_at: now,
                created_by_id: None,
                updated_by_id: None,
                deleted_at: None,
            });
        }
    }

    // --- activities and flags ---
    // Mentor activity levels vary a lot (a few very active mentors, many occasional ones).
    let levels: Vec<f64> = (0..mentors.len())
        .map(|_| rng.gen_range(0.05f64..1.0).powi(2))
        .collect();
    let mentor_pick = WeightedIndex::new(&levels)?;
    let type_pick = WeightedIndex::new(TYPES.iter().map(|t| t.8))?;
    let span_minutes = 3 * 365 * 24 * 60;
    let mut activity_rows = Vec::with_capacity(sizes.activities);
    let mut flag_rows = Vec::new();
    for _ in 0..sizes.activities {
        let m = mentor_pick.sample(&mut rng);
        let la = mentors[m].las[rng.gen_range(0..mentors[m].las.len())];
        let org = mentors[m].org;
        let mut t = type_pick.sample(&mut rng);
        let la_contacts = &las[la].contacts;
        if TYPES[t].3 && la_contacts.is_empty() {
            t = 4; // admin work needs no contact
        }
        let contact = TYPES[t].3.then(|| {
            // Mostly the mentor's own contacts, when the local association has some.
            let own: Vec<usize> = la_contacts
                .iter()
                .copied()
                .filter(|c| contact_rows[*c].primary_peer_mentor_id == Some(mentors[m].id))
                .take(8)
                .collect();
            if !own.is_empty() && rng.gen_bool(0.7) {
                own[rng.gen_range(0..own.len())]
            } else {
                la_contacts[rng.gen_range(0..la_contacts.len())]
            }
        });
        let minutes_ago = rng.gen_range(60..span_minutes);
        let date = (now - Duration::minutes(minutes_ago))
            .with_second(0)
            .expect("second 0");
        let recent = minutes_ago < 30 * 24 * 60;
        let r: f64 = rng.r#gen();
        use activities::ActivityStatus as S;
        let status = if recent {
            match r {
                r if r < 0.40 => S::Approved,
                r if r < 0.80 => S::PendingReview,
                r if r < 0.90 => S::Draft,
                r if r < 0.95 => S::Flagged,
                _ => S::Rejected,
            }
        } else {
            // A review backlog: some older activities still wait for a coordinator.
            match r {
                r if r < 0.87 => S::Approved,
                r if r < 0.95 => S::PendingReview,
                r if r < 0.99 => S::Rejected,
                _ => S::Flagged,
            }
        };
        let id = new_id(&mut rng);
        let title = match contact {
            Some(c) => format!("{} med {}", TYPES[t].1, contact_rows[c].first_name),
            None => TYPES[t].1.to_string(),
        };
        let created = date + Duration::minutes(rng.gen_range(5..600));
        let coordinator = las[la].coordinator;
        if status == S::Flagged || (status == S::Approved && rng.gen_bool(0.02)) {
            let open = status == S::Flagged;
            let (flag_type, reason) = match rng.gen_range(0..3) {
                0 => (
                    activity_flags::ActivityFlagType::Suspicious,
                    "Uvanlig lang varighet",
                ),
                1 => (
                    activity_flags::ActivityFlagType::NeedsReview,
                    "Mangler detaljer om aktiviteten",
                ),
                _ => (
                    activity_flags::ActivityFlagType::MissingDocumentation,
                    "Dokumentasjon mangler",
                ),
            };
            flag_rows.push(activity_flags::Model {
                id: new_id(&mut rng),
                organization_id: org_ids[org],
                activity_id: id,
                flag_type,
                severity: activity_flags::ActivityFlagSeverity::Medium,
                reason: reason.into(),
                duplicate_of_activity_id: None,
                status: if open {
                    activity_flags::ActivityFlagStatus::Open
                } else {
                    activity_flags::ActivityFlagStatus::Resolved
                },
                resolved_by_id: if open { None } else { coordinator },
                resolved_at: (!open).then(|| created + Duration::days(2)),
                resolution_notes: (!open).then(|| "Avklart med likepersonen".to_string()),
                created_at: created + Duration::hours(1),
                updated_at: created + Duration::hours(1),
                created_by_id: coordinator,
                updated_by_id: None,
                deleted_at: None,
            });
        }
        mentors[m].activities.push(activity_rows.len());
        activity_rows.push(activities::Model {
            id,
            organization_id: org_ids[org],
            user_id: mentors[m].id,
            contact_id: contact.map(|c| contact_rows[c].id),
            local_association_id: Some(las[la].id),
            activity_type_id: type_ids[org][t],
            title: Some(title),
            description: rng
                .gen_bool(0.3)
                .then(|| "Samtale om hverdagen og videre oppfølging.".to_string()),
            activity_date: date,
            duration_minutes: TYPES[t].7 + 15 * rng.gen_range(-1..3),
            location: TYPES[t].4.then(|| "Hjemme hos medlemmet".to_string()),
            status,
            is_proxy_registration: false,
            proxy_submitted_by: None,
            is_bulk_registration: false,
            bulk_batch_id: None,
            event_id: None,
            participant_count: Some(if TYPES[t].5 { rng.gen_range(3..16) } else { 1 }),
            has_reimbursement: TYPES[t].6 && rng.gen_bool(0.3),
            calendar_event_id: None,
            metadata: None,
            synced_at: None,
            import_hash: None,
            created_at: created,
            updated_at: created,
            created_by_id: Some(mentors[m].id),
            updated_by_id: None,
            deleted_at: None,
        });
    }

    // --- assignments ---
    use assignments::AssignmentStatus as A;
    let statuses = [
        (A::Completed, 50),
        (A::Accepted, 15),
        (A::Read, 10),
        (A::Delivered, 5),
        (A::Dispatched, 5),
        (A::Declined, 5),
        (A::Draft, 5),
        (A::Cancelled, 5),
    ];
    let status_pick = WeightedIndex::new(statuses.iter().map(|s| s.1))?;
    let mut assignment_rows = Vec::with_capacity(sizes.assignments);
    while assignment_rows.len() < sizes.assignments {
        let la = la_pick.sample(&mut rng);
        let (Some(coordinator), false) = (las[la].coordinator, las[la].mentors.is_empty()) else {
            continue;
        };
        let mentor = mentors[las[la].mentors[rng.gen_range(0..las[la].mentors.len())]].id;
        let contact = (!las[la].contacts.is_empty())
            .then(|| contact_rows[las[la].contacts[rng.gen_range(0..las[la].contacts.len())]].id);
        let status = statuses[status_pick.sample(&mut rng)].0;
        let created = now - Duration::minutes(rng.gen_range(60..span_minutes));
        let dispatched = !matches!(status, A::Draft | A::Cancelled);
        assignment_rows.push(assignments::Model {
            id: new_id(&mut rng),
            organization_id: org_ids[las[la].org],
            local_association_id: las[la].id,
            coordinator_id: coordinator,
            peer_mentor_id: mentor,
            contact_id: contact,
            title: "Oppfølging av medlem".into(),
            status,
            priority: assignments::AssignmentPriority::Normal,
            ciphertext: format!("bench-ciphertext-{:016x}", rng.r#gen::<u64>()),
            key_reference: "bench-key-1".into(),
            encryption_scheme: "x25519-xsalsa20poly1305".into(),
            due_date: Some((created + Duration::days(14)).date_naive()),
            dispatched_at: dispatched.then(|| created + Duration::hours(1)),
            delivered_at: None,
            read_at: None,
            responded_at: None,
            completed_at: (status == A::Completed).then(|| created + Duration::days(10)),
            cancelled_at: (status == A::Cancelled).then(|| created + Duration::days(1)),
            cancellation_reason: None,
            created_at: created,
            updated_at: created,
            created_by_id: Some(coordinator),
            updated_by_id: None,
            deleted_at: None,
        });
    }

    // --- notifications ---
    let mut notification_rows = Vec::with_capacity(sizes.notifications);
    for _ in 0..sizes.notifications {
        let (user, org) = user_org[rng.gen_range(0..user_org.len())];
        let created = now - Duration::minutes(rng.gen_range(60..365 * 24 * 60));
        let r: f64 = rng.r#gen();
        notification_rows.push(notifications::Model {
            id: new_id(&mut rng),
            organization_id: org,
            user_id: user,
            scenario_id: None,
            channel: if r < 0.5 {
                notifications::NotificationChannel::InApp
            } else {
                notifications::NotificationChannel::Push
            },
            category: if r < 0.6 {
                notifications::NotificationCategory::Activity
            } else {
                notifications::NotificationCategory::Assignment
            },
            title: "Aktivitet godkjent".into(),
            body: "Aktiviteten din er godkjent av koordinator.".into(),
            related_entity_type: None,
            related_entity_id: None,
            data: json!({}),
            status: notifications::NotificationStatus::Delivered,
            sent_at: Some(created),
            delivered_at: Some(created),
            read_at: rng.gen_bool(0.6).then(|| created + Duration::hours(3)),
            failure_reason: None,
            created_at: created,
            updated_at: created,
            created_by_id: None,
            updated_by_id: None,
            deleted_at: None,
        });
    }

    // --- travel expense reports ---
    use travel_expense_reports::ExpenseReportStatus as X;
    let mut expense_rows = Vec::with_capacity(sizes.expense_reports);
    while expense_rows.len() < sizes.expense_reports {
        let m = mentor_pick.sample(&mut rng);
        let Some(&a) = mentors[m]
            .activities
            .get(rng.gen_range(0..mentors[m].activities.len().max(1)))
        else {
            continue;
        };
        let act = &activity_rows[a];
        let start = act.activity_date.date_naive();
        let r: f64 = rng.r#gen();
        let status = match r {
            r if r < 0.40 => X::Paid,
            r if r < 0.60 => X::Approved,
            r if r < 0.80 => X::Submitted,
            r if r < 0.90 => X::Draft,
            r if r < 0.95 => X::Rejected,
            _ => X::Returned,
        };
        let submitted = act.activity_date + Duration::days(2);
        expense_rows.push(travel_expense_reports::Model {
            id: new_id(&mut rng),
            organization_id: act.organization_id,
            user_id: act.user_id,
            local_association_id: act.local_association_id.expect("every activity has one"),
            activity_id: Some(act.id),
            purpose: format!("Reise til {}", act.title.as_deref().unwrap_or("aktivitet")),
            period_start: start,
            period_end: start + Duration::days(rng.gen_range(0..5)),
            status,
            submitted_at: (status != X::Draft).then_some(submitted),
            paid_at: (status == X::Paid).then(|| submitted + Duration::days(14)),
            accounting_reference: None,
            created_at: act.activity_date,
            updated_at: act.activity_date,
            created_by_id: Some(act.user_id),
            updated_by_id: None,
            deleted_at: None,
        });
    }

    println!(
        "built the data set in memory in {:.2} s; inserting",
        total.elapsed().as_secs_f64()
    );
    insert_all::<organizations::Entity>(&conn, "organizations", orgs).await?;
    insert_all::<organization_settings::Entity>(&conn, "organization_settings", org_settings)
        .await?;
    insert_all::<organization_features::Entity>(&conn, "organization_features", features).await?;
    insert_all::<national_associations::Entity>(&conn, "national_associations", national).await?;
    insert_all::<regions::Entity>(&conn, "regions", region_rows).await?;
    insert_all::<local_associations::Entity>(&conn, "local_associations", la_rows).await?;
    insert_all::<users::Entity>(&conn, "users", user_rows).await?;
    insert_all::<memberships::Entity>(&conn, "user_organization_memberships", membership_rows)
        .await?;
    insert_all::<user_roles::Entity>(&conn, "user_roles", role_rows).await?;
    insert_all::<peer_mentor_profiles::Entity>(&conn, "peer_mentor_profiles", profile_rows).await?;
    insert_all::<contacts::Entity>(&conn, "contacts", contact_rows).await?;
    insert_all::<activity_types::Entity>(&conn, "activity_types", type_rows).await?;
    insert_all::<activities::Entity>(&conn, "activities", activity_rows).await?;
    insert_all::<activity_flags::Entity>(&conn, "activity_flags", flag_rows).await?;
    insert_all::<assignments::Entity>(&conn, "assignments", assignment_rows).await?;
    insert_all::<notifications::Entity>(&conn, "notifications", notification_rows).await?;
    insert_all::<travel_expense_reports::Entity>(&conn, "travel_expense_reports", expense_rows)
        .await?;
    // Both planners need statistics (SQLite has none until ANALYZE runs).
    let started = Instant::now();
    conn.execute_unprepared("ANALYZE").await?;
    println!("ANALYZE {:.2} s", started.elapsed().as_secs_f64());
    println!(
        "done: {} organizations, {} local associations, {} users ({} coordinators, {} mentors) \
         in {:.1} s; password for every user: {PASSWORD}",
        ORGS.len(),
        las.len(),
        sizes.users,
        coordinator_ids.len(),
        mentors.len(),
        total.elapsed().as_secs_f64()
    );
    Ok(())
}
