//! Demo rows of the access and notifications tables in every demo organization: integrations
//! with a few sync attempts, support access grants (one active, one expired, one revoked),
//! device credentials, push devices, notification scenarios, preferences and notifications.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::json;
use uuid::Uuid;

use super::demo_id;
use entity::{
    biometric_credentials as biometrics, integration_configs as integrations,
    notification_preferences as preferences, notification_scenarios as scenarios, notifications,
    passkey_credentials as passkeys, push_notification_configs as push,
    support_access_grants as grants, sync_logs,
};

fn org(key: &str) -> Uuid {
    demo_id("org", key)
}

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

const ORG_KEYS: [&str; 3] = ["nhf", "blindeforbundet", "hlf"];

/// (key, org, provider, purpose, name, base url, external account, interval, enabled)
type DemoIntegration = (
    &'static str,
    &'static str,
    integrations::IntegrationProvider,
    integrations::IntegrationPurpose,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<i32>,
    bool,
);

const INTEGRATIONS: &[DemoIntegration] = &[
    (
        "nhf-xledger",
        "nhf",
        integrations::IntegrationProvider::Xledger,
        integrations::IntegrationPurpose::Accounting,
        "Xledger regnskap",
        Some("https://www.xledger.net/graphql"),
        Some("NHF-4411"),
        Some(1440),
        true,
    ),
    (
        "nhf-dynamics",
        "nhf",
        integrations::IntegrationProvider::Dynamics,
        integrations::IntegrationPurpose::Membership,
        "Medlemsregister (Dynamics 365)",
        Some("https://nhf.crm4.dynamics.com/api/data/v9.2"),
        None,
        Some(60),
        false,
    ),
    (
        "blind-cornerstone",
        "blindeforbundet",
        integrations::IntegrationProvider::Cornerstone,
        integrations::IntegrationPurpose::Learning,
        "Cornerstone kursportal",
        Some("https://blindeforbundet.csod.com/services/api"),
        Some("blindeforbundet"),
        Some(720),
        true,
    ),
    (
        "hlf-min-side",
        "hlf",
        integrations::IntegrationProvider::HlfMinSide,
        integrations::IntegrationPurpose::MemberPortal,
        "HLF Min Side",
        Some("https://minside.hlf.no/api"),
        None,
        Some(30),
        true,
    ),
    (
        "hlf-consio",
        "hlf",
        integrations::IntegrationProvider::Consio,
        integrations::IntegrationPurpose::Accounting,
        "Consio utlegg",
        None,
        Some("HLF-0117"),
        None,
        true,
    ),
];

/// (integration key, operation, trigger, status, hours ago, processed, failed, error)
type DemoSync = (
    &'static str,
    &'static str,
    sync_logs::SyncLogTrigger,
    sync_logs::SyncLogStatus,
    i64,
    i32,
    i32,
    Option<&'static str>,
);

const SYNCS: &[DemoSync] = &[
    (
        "nhf-xledger",
        "expense_reports",
        sync_logs::SyncLogTrigger::Scheduled,
        sync_logs::SyncLogStatus::Succeeded,
        26,
        14,
        0,
        None,
    ),
    (
        "nhf-xledger",
        "expense_reports",
        sync_logs::SyncLogTrigger::Scheduled,
        sync_logs::SyncLogStatus::PartiallyFailed,
        2,
        9,
        1,
        Some("1 bilag avvist: ukjent prosjektkode 7120"),
    ),
    (
        "blind-cornerstone",
        "course_enrollments",
        sync_logs::SyncLogTrigger::Manual,
        sync_logs::SyncLogStatus::Succeeded,
        5,
        31,
        0,
        None,
    ),
    (
        "hlf-min-side",
        "activities",
        sync_logs::SyncLogTrigger::Event,
        sync_logs::SyncLogStatus::Failed,
        1,
        0,
        0,
        Some("Min Side svarte 503 Service Unavailable"),
    ),
    (
        "hlf-min-side",
        "activities",
        sync_logs::SyncLogTrigger::Retry,
        sync_logs::SyncLogStatus::Succeeded,
        0,
        6,
        0,
        None,
    ),
];

/// (key, email, org, platform, biometric type, device name)
const BIOMETRICS: &[(
    &str,
    &str,
    &str,
    biometrics::BiometricDevicePlatform,
    biometrics::BiometricType,
    &str,
)] = &[
    (
        "nhf.mentor-iphone",
        "nhf.mentor@meander.dev",
        "nhf",
        biometrics::BiometricDevicePlatform::Ios,
        biometrics::BiometricType::Face,
        "Olas iPhone",
    ),
    (
        "nhf.coordinator-pixel",
        "nhf.coordinator@meander.dev",
        "nhf",
        biometrics::BiometricDevicePlatform::Android,
        biometrics::BiometricType::Fingerprint,
        "Karis Pixel 8",
    ),
    (
        "blind.mentor-iphone",
        "blind.mentor@meander.dev",
        "blindeforbundet",
        biometrics::BiometricDevicePlatform::Ios,
        biometrics::BiometricType::Face,
        "Annes iPhone",
    ),
    (
        "hlf.mentor-samsung",
        "hlf.mentor@meander.dev",
        "hlf",
        biometrics::BiometricDevicePlatform::Android,
        biometrics::BiometricType::Fingerprint,
        "Evas Galaxy S23",
    ),
];

/// (key, email, org, nickname, transports)
const PASSKEYS: &[(&str, &str, &str, &str, &[&str])] = &[
    (
        "nhf.admin-icloud",
        "nhf.admin@meander.dev",
        "nhf",
        "iCloud-nøkkelring",
        &["internal", "hybrid"],
    ),
    (
        "nhf.mentor-yubikey",
        "nhf.mentor@meander.dev",
        "nhf",
        "YubiKey 5 NFC",
        &["usb", "nfc"],
    ),
    (
        "blind.admin-windows",
        "blind.admin@meander.dev",
        "blindeforbundet",
        "Windows Hello (kontor-PC)",
        &["internal"],
    ),
    (
        "hlf.admin-android",
        "hlf.admin@meander.dev",
        "hlf",
        "Google Password Manager",
        &["internal", "hybrid"],
    ),
];

/// (key, email, org, platform, provider, device name)
const PUSH_DEVICES: &[(
    &str,
    &str,
    &str,
    push::PushDevicePlatform,
    push::PushProvider,
    &str,
)] = &[
    (
        "nhf.mentor-iphone",
        "nhf.mentor@meander.dev",
        "nhf",
        push::PushDevicePlatform::Ios,
        push::PushProvider::Apns,
        "Olas iPhone",
    ),
    (
        "nhf.mentor2-android",
        "nhf.mentor2@meander.dev",
        "nhf",
        push::PushDevicePlatform::Android,
        push::PushProvider::Fcm,
        "Ingrids Motorola",
    ),
    (
        "nhf.coordinator-pixel",
        "nhf.coordinator@meander.dev",
        "nhf",
        push::PushDevicePlatform::Android,
        push::PushProvider::Fcm,
        "Karis Pixel 8",
    ),
    (
        "blind.mentor-iphone",
        "blind.mentor@meander.dev",
        "blindeforbundet",
        push::PushDevicePlatform::Ios,
        push::PushProvider::Apns,
        "Annes iPhone",
    ),
    (
        "hlf.mentor-samsung",
        "hlf.mentor@meander.dev",
        "hlf",
        push::PushDevicePlatform::Android,
        push::PushProvider::Fcm,
        "Evas Galaxy S23",
    ),
];

/// (key, trigger, offset days, recipient role, name, title template, body template, channels)
type DemoScenario = (
    &'static str,
    scenarios::NotificationScenarioTrigger,
    Option<i32>,
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const SCENARIOS: &[DemoScenario] = &[
    (
        "new_assignment",
        scenarios::NotificationScenarioTrigger::AssignmentDispatched,
        None,
        Some("peer_mentor"),
        "Nytt oppdrag",
        "Du har fått et nytt oppdrag",
        "Åpne appen for å lese oppdraget fra {{coordinator}}.",
        &["push", "in_app"],
    ),
    (
        "certificate_expiry_10d",
        scenarios::NotificationScenarioTrigger::CertificateExpiry,
        Some(10),
        Some("peer_mentor"),
        "Sertifikat utløper om 10 dager",
        "Sertifikatet ditt utløper snart",
        "{{certificate}} utløper {{expires_on}}. Meld deg på fornyelseskurs for å fortsette som likeperson.",
        &["push", "email", "in_app"],
    ),
    (
        "activity_reminder_14d",
        scenarios::NotificationScenarioTrigger::ActivityReminder,
        Some(14),
        Some("peer_mentor"),
        "Påminnelse om registrering",
        "Husk å registrere aktiviteter",
        "Du har ikke registrert noen aktivitet på {{days}} dager.",
        &["push", "in_app"],
    ),
    (
        "activity_reviewed",
        scenarios::NotificationScenarioTrigger::ActivityReviewed,
        None,
        None,
        "Aktivitet behandlet",
        "Aktiviteten din er behandlet",
        "{{activity}} {{date}} er {{decision}}.",
        &["in_app"],
    ),
];

/// Which scenarios each organization uses.
fn scenario_keys(org_key: &str) -> &'static [&'static str] {
    match org_key {
        "nhf" => &[
            "activity_reminder_14d",
            "activity_reviewed",
            "certificate_expiry_10d",
        ],
        "blindeforbundet" => &["new_assignment", "certificate_expiry_10d"],
        _ => &["certificate_expiry_10d", "activity_reminder_14d"],
    }
}

fn scenario_id(org_key: &str, key: &str) -> Uuid {
    demo_id("notification_scenario", &format!("{org_key}:{key}"))
}

/// (key, email, org, scenario key, channel, category, title, body, hours ago, read, status)
type DemoNotification = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    notifications::NotificationChannel,
    notifications::NotificationCategory,
    &'static str,
    &'static str,
    i64,
    bool,
    notifications::NotificationStatus,
);

const NOTIFICATIONS: &[DemoNotification] = &[
    (
        "nhf.mentor-reminder",
        "nhf.mentor@meander.dev",
        "nhf",
        Some("activity_reminder_14d"),
        notifications::NotificationChannel::Push,
        notifications::NotificationCategory::Activity,
        "Husk å registrere aktiviteter",
        "Du har ikke registrert noen aktivitet på 14 dager.",
        50,
        true,
        notifications::NotificationStatus::Delivered,
    ),
    (
        "nhf.mentor-approved",
        "nhf.mentor@meander.dev",
        "nhf",
        Some("activity_reviewed"),
        notifications::NotificationChannel::InApp,
        notifications::NotificationCategory::Activity,
        "Aktiviteten din er behandlet",
        "Hjemmebesøk 12. november er godkjent.",
        6,
        false,
        notifications::NotificationStatus::Delivered,
    ),
    (
        "nhf.mentor2-badge",
        "nhf.mentor2@meander.dev",
        "nhf",
        None,
        notifications::NotificationChannel::InApp,
        notifications::NotificationCategory::Achievement,
        "Ny utmerkelse!",
        "Du har fått merket «10 samtaler». Godt jobbet!",
        30,
        false,
        notifications::NotificationStatus::Delivered,
    ),
    (
        "nhf.coordinator-system",
        "nhf.coordinator@meander.dev",
        "nhf",
        None,
        notifications::NotificationChannel::Email,
        notifications::NotificationCategory::System,
        "Bufdir-rapportering åpner",
        "Rapporteringsperioden for 2026 åpner 1. desember.",
        72,
        true,
        notifications::NotificationStatus::Sent,
    ),
    (
        "blind.mentor-assignment",
        "blind.mentor@meander.dev",
        "blindeforbundet",
        Some("new_assignment"),
        notifications::NotificationChannel::Push,
        notifications::NotificationCategory::Assignment,
        "Du har fått et nytt oppdrag",
        "Åpne appen for å lese oppdraget fra Siri Moe.",
        3,
        false,
        notifications::NotificationStatus::Delivered,
    ),
    (
        "blind.mentor-expiry",
        "blind.mentor@meander.dev",
        "blindeforbundet",
        Some("certificate_expiry_10d"),
        notifications::NotificationChannel::Email,
        notifications::NotificationCategory::Certification,
        "Sertifikatet ditt utløper snart",
        "Likepersonsertifikatet utløper om 10 dager. Meld deg på fornyelseskurs.",
        20,
        true,
        notifications::NotificationStatus::Delivered,
    ),
    (
        "hlf.mentor-expiry",
        "hlf.mentor@meander.dev",
        "hlf",
        Some("certificate_expiry_10d"),
        notifications::NotificationChannel::Push,
        notifications::NotificationCategory::Certification,
        "Sertifikatet ditt utløper snart",
        "Likepersonsertifikatet utløper om 10 dager. Meld deg på fornyelseskurs.",
        10,
        false,
        notifications::NotificationStatus::Failed,
    ),
    (
        "hlf.admin-system",
        "hlf.admin@meander.dev",
        "hlf",
        None,
        notifications::NotificationChannel::InApp,
        notifications::NotificationCategory::System,
        "Min Side-synkronisering feilet",
        "Siste synkronisering mot Min Side feilet. Nytt forsøk lyktes.",
        1,
        false,
        notifications::NotificationStatus::Delivered,
    ),
];

/// A fake but well-formed base64url string of `len` bytes derived from `seed` (demo only).
fn fake_b64(seed: &str, len: usize) -> String {
    let mut out = String::new();
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
    for _ in 0..(len * 4).div_ceil(3) {
        h = h
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        out.push(alphabet[(h >> 58) as usize] as char);
    }
    out
}

/// Inserts this domain's demo rows; runs inside the demo transaction after the identity core.
pub async fn seed<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> anyhow::Result<()> {
    for (key, org_key, provider, purpose, name, base_url, account, interval, enabled) in
        INTEGRATIONS
    {
        let last = SYNCS
            .iter()
            .filter(|s| s.0 == *key)
            .min_by_key(|s| s.4)
            .map(|s| (now - Duration::hours(s.4), s.3));
        integrations::ActiveModel {
            id: Set(demo_id("integration", key)),
            organization_id: Set(org(org_key)),
            provider: Set(*provider),
            purpose: Set(*purpose),
            name: Set(name.to_string()),
            base_url: Set(base_url.map(str::to_string)),
            external_account_id: Set(account.map(str::to_string)),
            // Demo placeholder standing in for an encrypted credential blob.
            credentials_encrypted: Set(Some(format!("demo:v1:{}", fake_b64(key, 48)))),
            credentials_updated_at: Set(Some(now - Duration::days(40))),
            settings: Set(json!({ "dryRun": false, "batchSize": 100 })),
            sync_interval_minutes: Set(*interval),
            is_enabled: Set(*enabled),
            last_sync_at: Set(last.map(|l| l.0)),
            last_sync_status: Set(last.map(|l| l.1)),
            created_at: Set(now - Duration::days(60)),
            updated_at: Set(now),
            created_by_id: Set(Some(user(&format!(
                "{}.admin@meander.dev",
                admin_prefix(org_key)
            )))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for (i, (key, operation, trigger, status, hours, processed, failed, error)) in
        SYNCS.iter().enumerate()
    {
        let integration = INTEGRATIONS
            .iter()
            .find(|x| x.0 == *key)
            .expect("integration");
        let started = now - Duration::hours(*hours) - Duration::minutes(3);
        sync_logs::ActiveModel {
            id: Set(demo_id("sync_log", &format!("{key}:{i}"))),
            organization_id: Set(org(integration.1)),
            integration_config_id: Set(demo_id("integration", key)),
            connector: Set(integration.2),
            operation: Set(operation.to_string()),
            trigger: Set(*trigger),
            status: Set(*status),
            started_at: Set(started),
            finished_at: Set(started + Duration::seconds(42)),
            records_processed: Set(*processed),
            records_failed: Set(*failed),
            error_message: Set(error.map(str::to_string)),
            details: Set(json!({ "batch": format!("B{:04}", 1000 + i) })),
            created_at: Set(started),
            updated_at: Set(started),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    // Support access: an active grant for the global admin at Blindeforbundet, an expired one
    // at NHF (any support staff) and a revoked one at HLF.
    let platform_admin = user("admin@meander.dev");
    let support: [(&str, &str, Option<Uuid>, i64, i64, bool, &str); 3] = [
        (
            "blindeforbundet-active",
            "blindeforbundet",
            Some(platform_admin),
            -1,
            5,
            false,
            "Feilsøking: oppdrag vises ikke for likepersoner i Trondheim (sak 2291)",
        ),
        (
            "nhf-expired",
            "nhf",
            None,
            -30,
            -25,
            false,
            "Hjelp med import av lokallag fra medlemsregisteret",
        ),
        (
            "hlf-revoked",
            "hlf",
            Some(platform_admin),
            -3,
            3,
            true,
            "Kontroll av Min Side-integrasjonen",
        ),
    ];
    for (key, org_key, to, start_days, end_days, revoked, reason) in support {
        let admin = user(&format!("{}.admin@meander.dev", admin_prefix(org_key)));
        let starts = now + Duration::days(start_days);
        grants::ActiveModel {
            id: Set(demo_id("support_grant", key)),
            organization_id: Set(org(org_key)),
            granted_to_user_id: Set(to),
            granted_by_id: Set(admin),
            reason: Set(reason.to_string()),
            ticket_reference: Set(Some(format!("SUP-{}", 2200 + key.len()))),
            starts_at: Set(starts),
            expires_at: Set(now + Duration::days(end_days)),
            revoked_at: Set(revoked.then(|| now - Duration::days(1))),
            revoked_by_id: Set(revoked.then_some(admin)),
            revocation_reason: Set(revoked.then(|| "Saken er løst".to_string())),
            created_at: Set(starts),
            updated_at: Set(if revoked {
                now - Duration::days(1)
            } else {
                starts
            }),
            created_by_id: Set(Some(admin)),
            updated_by_id: Set(Some(admin)),
        }
        .insert(db)
        .await?;
    }

    for (key, email, org_key, platform, kind, device) in BIOMETRICS {
        biometrics::ActiveModel {
            id: Set(demo_id("biometric", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            device_id: Set(format!("device-{}", demo_id("device", key).simple())),
            device_name: Set(Some(device.to_string())),
            platform: Set(*platform),
            biometric_type: Set(*kind),
            key_reference: Set(format!("no.meander.app.biometric.{key}")),
            public_key: Set(fake_b64(&format!("biometric:{key}"), 65)),
            enrolled_at: Set(now - Duration::days(45)),
            last_used_at: Set(Some(now - Duration::hours(8))),
            created_at: Set(now - Duration::days(45)),
            updated_at: Set(now - Duration::hours(8)),
            created_by_id: Set(Some(user(email))),
            updated_by_id: Set(Some(user(email))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    for (i, (key, email, org_key, nickname, transports)) in PASSKEYS.iter().enumerate() {
        passkeys::ActiveModel {
            id: Set(demo_id("passkey", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            credential_id: Set(fake_b64(&format!("passkey-id:{key}"), 32)),
            public_key: Set(fake_b64(&format!("passkey-pk:{key}"), 77)),
            sign_count: Set(if transports.contains(&"usb") { 57 } else { 0 }),
            aaguid: Set(Some(
                demo_id("aaguid", transports.join(",").as_str())
                    .hyphenated()
                    .to_string(),
            )),
            transports: Set(json!(transports)),
            attestation_format: Set(Some("none".into())),
            backup_eligible: Set(transports.contains(&"internal")),
            backed_up: Set(transports.contains(&"hybrid")),
            nickname: Set(Some(nickname.to_string())),
            last_used_at: Set(Some(now - Duration::days(i as i64 + 1))),
            created_at: Set(now - Duration::days(90)),
            updated_at: Set(now - Duration::days(i as i64 + 1)),
            created_by_id: Set(Some(user(email))),
            updated_by_id: Set(Some(user(email))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    for (key, email, org_key, platform, provider, device) in PUSH_DEVICES {
        push::ActiveModel {
            id: Set(demo_id("push_config", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            device_id: Set(format!("device-{}", demo_id("device", key).simple())),
            device_name: Set(Some(device.to_string())),
            platform: Set(*platform),
            provider: Set(*provider),
            device_token: Set(fake_b64(&format!("push-token:{key}"), 120)),
            app_version: Set(Some("2.4.1".into())),
            is_enabled: Set(true),
            assignment_alerts: Set(true),
            activity_reminders: Set(!key.starts_with("nhf.coordinator")),
            certificate_expiry_warnings: Set(true),
            event_updates: Set(true),
            achievements: Set(!key.starts_with("blind")),
            token_registered_at: Set(now - Duration::days(3)),
            created_at: Set(now - Duration::days(100)),
            updated_at: Set(now - Duration::days(3)),
            created_by_id: Set(Some(user(email))),
            updated_by_id: Set(Some(user(email))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    for org_key in ORG_KEYS {
        let admin = user(&format!("{}.admin@meander.dev", admin_prefix(org_key)));
        for key in scenario_keys(org_key) {
            let (_, trigger, offset, role, name, title, body, channels) =
                SCENARIOS.iter().find(|s| s.0 == *key).expect("scenario");
            scenarios::ActiveModel {
                id: Set(scenario_id(org_key, key)),
                organization_id: Set(org(org_key)),
                key: Set(key.to_string()),
                name: Set(name.to_string()),
                description: Set(Some(format!("Sendes automatisk: {}", name.to_lowercase()))),
                trigger: Set(*trigger),
                offset_days: Set(*offset),
                recipient_role: Set(role.map(str::to_string)),
                channels: Set(json!(channels)),
                title_template: Set(title.to_string()),
                body_template: Set(body.to_string()),
                is_enabled: Set(true),
                created_at: Set(now - Duration::days(120)),
                updated_at: Set(now - Duration::days(120)),
                created_by_id: Set(Some(admin)),
                updated_by_id: Set(Some(admin)),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }

    // Preferences: a channel-wide opt-out of email and a scenario-level opt-in, per org.
    let prefs: [(
        &str,
        &str,
        &str,
        notifications::NotificationChannel,
        Option<&str>,
        bool,
        Option<(i32, i32)>,
    ); 5] = [
        (
            "nhf.mentor-email",
            "nhf.mentor@meander.dev",
            "nhf",
            notifications::NotificationChannel::Email,
            None,
            false,
            None,
        ),
        (
            "nhf.mentor-push-reminder",
            "nhf.mentor@meander.dev",
            "nhf",
            notifications::NotificationChannel::Push,
            Some("activity_reminder_14d"),
            true,
            Some((22 * 60, 7 * 60)),
        ),
        (
            "nhf.coordinator-sms",
            "nhf.coordinator@meander.dev",
            "nhf",
            notifications::NotificationChannel::Sms,
            None,
            false,
            None,
        ),
        (
            "blind.mentor-push-assignment",
            "blind.mentor@meander.dev",
            "blindeforbundet",
            notifications::NotificationChannel::Push,
            Some("new_assignment"),
            true,
            None,
        ),
        (
            "hlf.mentor-email-expiry",
            "hlf.mentor@meander.dev",
            "hlf",
            notifications::NotificationChannel::Email,
            Some("certificate_expiry_10d"),
            true,
            None,
        ),
    ];
    for (key, email, org_key, channel, scenario, enabled, quiet) in prefs {
        preferences::ActiveModel {
            id: Set(demo_id("notification_preference", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            channel: Set(channel),
            scenario_id: Set(scenario.map(|s| scenario_id(org_key, s))),
            is_enabled: Set(enabled),
            quiet_hours_start_minute: Set(quiet.map(|q| q.0)),
            quiet_hours_end_minute: Set(quiet.map(|q| q.1)),
            created_at: Set(now - Duration::days(10)),
            updated_at: Set(now - Duration::days(10)),
            created_by_id: Set(Some(user(email))),
            updated_by_id: Set(Some(user(email))),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    for (key, email, org_key, scenario, channel, category, title, body, hours, read, status) in
        NOTIFICATIONS
    {
        let created = now - Duration::hours(*hours);
        let sent = !matches!(status, notifications::NotificationStatus::Pending);
        notifications::ActiveModel {
            id: Set(demo_id("notification", key)),
            organization_id: Set(org(org_key)),
            user_id: Set(user(email)),
            scenario_id: Set(scenario.map(|s| scenario_id(org_key, s))),
            channel: Set(*channel),
            category: Set(*category),
            title: Set(title.to_string()),
            body: Set(body.to_string()),
            related_entity_type: Set(None),
            related_entity_id: Set(None),
            data: Set(json!({ "deepLink": format!("meander://{}", category_path(*category)) })),
            status: Set(*status),
            sent_at: Set(sent.then_some(created)),
            delivered_at: Set(
                matches!(status, notifications::NotificationStatus::Delivered)
                    .then(|| created + Duration::seconds(2)),
            ),
            read_at: Set(read.then(|| created + Duration::minutes(40))),
            failure_reason: Set(matches!(status, notifications::NotificationStatus::Failed)
                .then(|| "FCM: registreringstoken er ikke lenger gyldig".to_string())),
            created_at: Set(created),
            updated_at: Set(created),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Email prefix of an organization's demo users.
fn admin_prefix(org_key: &str) -> &'static str {
    match org_key {
        "nhf" => "nhf",
        "blindeforbundet" => "blind",
        _ => "hlf",
    }
}

fn category_path(category: notifications::NotificationCategory) -> &'static str {
    use notifications::NotificationCategory::*;
    match category {
        Assignment => "assignments",
        Activity => "activities",
        Certification => "certifications",
        Event => "events",
        Expense => "expenses",
        Achievement => "achievements",
        System => "notifications",
    }
}
