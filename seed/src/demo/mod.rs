//! The demo data set: NHF (national association, two regions, four local associations),
//! Blindeforbundet and HLF, each with an org admin, coordinators in specific local associations
//! and peer mentors; plus a global admin. Deterministic: ids derive from names.

use chrono::{DateTime, Utc};

use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, PaginatorTrait, Set, TransactionSession,
    TransactionTrait,
};
use uuid::Uuid;

use super::catalog_id;
use entity::{
    accessibility_preferences, local_associations, national_associations, org_labels,
    organization_features, organization_settings, organizations, regions, theme_configs,
    user_organization_memberships as memberships, user_roles, users,
};
use meander_core::{
    auth::password::{PasswordCost, hash_password},
    config::AuthSettings,
};

mod access;
mod activities;
mod assignments;
mod contacts;
mod content;
mod events;
mod expenses;
mod peer_mentors;
mod reporting;
mod training;

/// Every demo login uses this password (development only).
pub const DEMO_PASSWORD: &str = "meander-demo";

pub const DEMO_LOGINS_HELP: &str = "Demo logins (password `meander-demo`):
  admin@meander.dev                 global admin
  nhf.admin@meander.dev             NHF org admin
  nhf.coordinator@meander.dev       NHF coordinator (Oslo, Bærum)
  nhf.coordinator.bergen@meander.dev NHF coordinator (Bergen)
  nhf.mentor@meander.dev            NHF peer mentor (Oslo; also HLF member)
  blind.admin@meander.dev / blind.coordinator@meander.dev / blind.mentor@meander.dev
  hlf.admin@meander.dev / hlf.coordinator@meander.dev / hlf.mentor@meander.dev";

/// Stable id of a demo row, e.g. `demo_id("org", "nhf")`.
pub fn demo_id(kind: &str, key: &str) -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_OID,
        format!("meander-demo:{kind}:{key}").as_bytes(),
    )
}

struct Org {
    key: &'static str,
    name: &'static str,
    org_number: &'static str,
    kind: organizations::OrganizationKind,
    /// (key, name, municipality, county, region key)
    local_associations: &'static [(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
    )],
    /// (key, name) under one national association, when the org has the NHF-style hierarchy.
    regions: &'static [(&'static str, &'static str)],
    labels: &'static [(&'static str, &'static str)],
}

const ORGS: &[Org] = &[
    Org {
        key: "nhf",
        name: "Norges Handikapforbund",
        org_number: "938587418",
        kind: organizations::OrganizationKind::DisabilityOrganization,
        regions: &[("ost", "Region Øst"), ("vest", "Region Vest")],
        local_associations: &[
            ("oslo", "NHF Oslo", "Oslo", "Oslo", Some("ost")),
            ("baerum", "NHF Bærum", "Bærum", "Akershus", Some("ost")),
            ("bergen", "NHF Bergen", "Bergen", "Vestland", Some("vest")),
            (
                "stavanger",
                "NHF Stavanger",
                "Stavanger",
                "Rogaland",
                Some("vest"),
            ),
        ],
        labels: &[
            ("contact", "Medlem"),
            ("contact_plural", "Medlemmer"),
            ("peer_mentor", "Likeperson"),
        ],
    },
    Org {
        key: "blindeforbundet",
        name: "Norges Blindeforbund",
        org_number: "970200282",
        kind: organizations::OrganizationKind::PatientOrganization,
        regions: &[],
        local_associations: &[
            (
                "trondheim",
                "Blindeforbundet Trondheim",
                "Trondheim",
                "Trøndelag",
                None,
            ),
            ("tromso", "Blindeforbundet Tromsø", "Tromsø", "Troms", None),
        ],
        labels: &[("contact", "Bruker"), ("assignment", "Oppdrag")],
    },
    Org {
        key: "hlf",
        name: "Hørselshemmedes Landsforbund",
        org_number: "970945997",
        kind: organizations::OrganizationKind::PatientOrganization,
        regions: &[],
        local_associations: &[
            ("drammen", "HLF Drammen", "Drammen", "Buskerud", None),
            (
                "kristiansand",
                "HLF Kristiansand",
                "Kristiansand",
                "Agder",
                None,
            ),
        ],
        labels: &[
            ("peer_mentor", "Likeperson"),
            ("peer_mentor_plural", "Likepersoner"),
        ],
    },
];

/// (email, first, last, [(org key, role key, local association keys)])
type DemoUser = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static [&'static str])],
);

const USERS: &[DemoUser] = &[
    ("admin@meander.dev", "Gunn", "Plattform", &[]),
    (
        "nhf.admin@meander.dev",
        "Nina",
        "Hansen",
        &[("nhf", "org_admin", &[])],
    ),
    (
        "nhf.coordinator@meander.dev",
        "Kari",
        "Nordmann",
        &[("nhf", "coordinator", &["oslo", "baerum"])],
    ),
    (
        "nhf.coordinator.bergen@meander.dev",
        "Bjørn",
        "Vik",
        &[("nhf", "coordinator", &["bergen"])],
    ),
    (
        "nhf.mentor@meander.dev",
        "Ola",
        "Nordmann",
        &[
            ("nhf", "peer_mentor", &["oslo"]),
            ("hlf", "peer_mentor", &["drammen"]),
        ],
    ),
    (
        "nhf.mentor2@meander.dev",
        "Ingrid",
        "Berg",
        &[("nhf", "peer_mentor", &["oslo"])],
    ),
    (
        "nhf.mentor.bergen@meander.dev",
        "Lars",
        "Dahl",
        &[("nhf", "peer_mentor", &["bergen"])],
    ),
    (
        "blind.admin@meander.dev",
        "Per",
        "Blind",
        &[("blindeforbundet", "org_admin", &[])],
    ),
    (
        "blind.coordinator@meander.dev",
        "Siri",
        "Moe",
        &[("blindeforbundet", "coordinator", &["trondheim"])],
    ),
    (
        "blind.mentor@meander.dev",
        "Anne",
        "Lie",
        &[("blindeforbundet", "peer_mentor", &["trondheim"])],
    ),
    (
        "hlf.admin@meander.dev",
        "Hilde",
        "Lund",
        &[("hlf", "org_admin", &[])],
    ),
    (
        "hlf.coordinator@meander.dev",
        "Tor",
        "Strand",
        &[("hlf", "coordinator", &["drammen"])],
    ),
    (
        "hlf.mentor@meander.dev",
        "Eva",
        "Holm",
        &[("hlf", "peer_mentor", &["kristiansand"])],
    ),
];

/// Inserts the demo data when the database has no organization yet. Returns whether it did.
/// Every "days ago" of the demo is counted back from `now` (the server's clock, `clock::Clock`),
/// so the demo and a test's own dates agree whatever day the clock shows.
pub async fn demo<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    auth: &AuthSettings,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    if organizations::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    // One hash shared by all demo users: hashing is deliberately slow.
    let password_hash = hash_password(
        DEMO_PASSWORD,
        PasswordCost {
            memory_kib: auth.argon2_memory_kib,
            iterations: auth.argon2_iterations,
        },
    )?;
    let txn = db.begin().await?;

    for (email, first, last, _) in USERS {
        users::ActiveModel {
            id: Set(demo_id("user", email)),
            email: Set(email.to_string()),
            password_hash: Set(Some(password_hash.clone())),
            first_name: Set(first.to_string()),
            last_name: Set(last.to_string()),
            phone: Set(Some(format!("+47 9{:07}", email.len() * 7919 % 10_000_000))),
            locale: Set("nb-NO".into()),
            status: Set(users::UserStatus::Active),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }

    for org in ORGS {
        let org_id = demo_id("org", org.key);
        organizations::ActiveModel {
            id: Set(org_id),
            name: Set(org.name.into()),
            slug: Set(org.key.into()),
            org_number: Set(Some(org.org_number.into())),
            kind: Set(org.kind),
            is_active: Set(true),
            default_locale: Set("nb-NO".into()),
            time_zone: Set(meander_core::calendar::DEFAULT_TIME_ZONE.into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        organization_settings::ActiveModel {
            id: Set(demo_id("settings", org.key)),
            organization_id: Set(org_id),
            support_access_policy: Set(
                organization_settings::SupportAccessPolicy::AdminGrantRequired,
            ),
            default_activity_duration_minutes: Set(30),
            duplicate_window_hours: Set(24),
            report_period_cycle: Set(organization_settings::ReportPeriodCycle::Annual),
            session_timeout_minutes: Set(60 * 24 * 30),
            settings: Set(serde_json::json!({ "weekStartsOn": "monday" })),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if !org.regions.is_empty() {
            let national = demo_id("national", org.key);
            national_associations::ActiveModel {
                id: Set(national),
                organization_id: Set(org_id),
                name: Set(format!("{} nasjonalt", org.name)),
                code: Set(Some(org.key.to_uppercase())),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for (key, name) in org.regions {
                regions::ActiveModel {
                    id: Set(demo_id("region", key)),
                    organization_id: Set(org_id),
                    national_association_id: Set(national),
                    name: Set(name.to_string()),
                    code: Set(Some(key.to_uppercase())),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
        for (key, name, municipality, county, region) in org.local_associations {
            local_associations::ActiveModel {
                id: Set(demo_id("la", key)),
                organization_id: Set(org_id),
                region_id: Set(region.map(|r| demo_id("region", r))),
                name: Set(name.to_string()),
                code: Set(Some(key.to_uppercase())),
                municipality: Set(Some(municipality.to_string())),
                county: Set(Some(county.to_string())),
                is_active: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        for (key, value) in org.labels {
            org_labels::ActiveModel {
                id: Set(demo_id("label", &format!("{}:{key}", org.key))),
                organization_id: Set(org_id),
                label_key: Set(key.to_string()),
                locale: Set("nb-NO".into()),
                value: Set(value.to_string()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        // The demo shows the whole product: every organization has every feature area on
        // (and rows in each); an organization switches areas off in `organizationFeatures`.
        for feature in meander_core::authz::features::AREAS.iter().map(|a| a.key) {
            organization_features::ActiveModel {
                id: Set(demo_id("feature", &format!("{}:{feature}", org.key))),
                organization_id: Set(org_id),
                feature_key: Set(feature.to_string()),
                is_enabled: Set(true),
                config: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }

    for (email, _, _, grants) in USERS {
        let user_id = demo_id("user", email);
        if grants.is_empty() {
            user_roles::ActiveModel {
                id: Set(demo_id("user_role", &format!("{email}:global_admin"))),
                user_id: Set(user_id),
                role_id: Set(catalog_id("role", "global_admin")),
                organization_id: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        for (i, (org_key, role, las)) in grants.iter().enumerate() {
            let org_id = demo_id("org", org_key);
            let la_keys: Vec<Option<&str>> = if las.is_empty() {
                vec![None]
            } else {
                las.iter().map(|l| Some(*l)).collect()
            };
            for (j, la) in la_keys.iter().enumerate() {
                memberships::ActiveModel {
                    id: Set(demo_id("membership", &format!("{email}:{org_key}:{la:?}"))),
                    user_id: Set(user_id),
                    organization_id: Set(org_id),
                    local_association_id: Set(la.map(|l| demo_id("la", l))),
                    status: Set(memberships::MembershipStatus::Active),
                    is_primary: Set(i == 0 && j == 0),
                    joined_at: Set(Some(now)),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
            user_roles::ActiveModel {
                id: Set(demo_id("user_role", &format!("{email}:{org_key}:{role}"))),
                user_id: Set(user_id),
                role_id: Set(catalog_id("role", role)),
                organization_id: Set(Some(org_id)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }

    // One mentor with saved display and accessibility preferences, to show tailoring.
    let mentor = demo_id("user", "nhf.mentor@meander.dev");
    let nhf = demo_id("org", "nhf");
    theme_configs::ActiveModel {
        id: Set(demo_id("theme", "nhf.mentor")),
        organization_id: Set(nhf),
        user_id: Set(mentor),
        font_scale: Set(1.3),
        contrast_theme: Set(theme_configs::ContrastTheme::HighContrast),
        color_scheme: Set(theme_configs::ColorScheme::Dark),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    accessibility_preferences::ActiveModel {
        id: Set(demo_id("accessibility", "nhf.mentor")),
        organization_id: Set(nhf),
        user_id: Set(mentor),
        screen_reader_enabled: Set(true),
        cognitive_mode: Set(false),
        sensitive_field_audio_warnings: Set(true),
        reduce_motion: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;

    // The domain tables, in migration order (later domains reference earlier ones).
    access::seed(&txn, now).await?;
    contacts::seed(&txn, now).await?;
    assignments::seed(&txn, now).await?;
    activities::seed(&txn, now).await?;
    training::seed(&txn, now).await?;
    peer_mentors::seed(&txn, now).await?;
    events::seed(&txn, now).await?;
    expenses::seed(&txn, now).await?;
    reporting::seed(&txn, now).await?;
    content::seed(&txn, now).await?;

    txn.commit().await?;
    Ok(true)
}
