//! Access and notifications: external integrations (credentials write-only) and their sync log,
//! support access grants (created and revoked through `grantSupportAccess`/`revokeSupportAccess`),
//! device credentials (biometric, passkey), push devices, notification scenarios, preferences
//! and delivered notifications.

use async_graphql::{Context, MergedObject, Object, Result};
use uuid::Uuid;

use crate::enum_filter;
use crate::filter::{BoolFilter, DateTimeFilter, StringFilter, UuidFilter};

use super::identity::User;
use super::tenancy::Organization;

enum_filter!(
    IntegrationProviderFilter,
    entity::integration_configs::IntegrationProvider
);
enum_filter!(
    IntegrationPurposeFilter,
    entity::integration_configs::IntegrationPurpose
);
enum_filter!(SyncLogStatusFilter, entity::sync_logs::SyncLogStatus);
enum_filter!(SyncLogTriggerFilter, entity::sync_logs::SyncLogTrigger);
enum_filter!(
    BiometricDevicePlatformFilter,
    entity::biometric_credentials::BiometricDevicePlatform
);
enum_filter!(
    BiometricTypeFilter,
    entity::biometric_credentials::BiometricType
);
enum_filter!(
    PushDevicePlatformFilter,
    entity::push_notification_configs::PushDevicePlatform
);
enum_filter!(
    NotificationChannelFilter,
    entity::notifications::NotificationChannel
);
enum_filter!(
    NotificationCategoryFilter,
    entity::notifications::NotificationCategory
);
enum_filter!(
    NotificationStatusFilter,
    entity::notifications::NotificationStatus
);
enum_filter!(
    NotificationScenarioTriggerFilter,
    entity::notification_scenarios::NotificationScenarioTrigger
);

/// Device ids, key aliases and similar tokens: printable ASCII without spaces.
fn token_char(c: char) -> bool {
    c.is_ascii_graphic()
}

/// base64 / base64url text.
fn base64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_' | '=')
}

/// Scenario keys: a-z, 0-9 and `_`.
fn key_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

entity_api! {
    /// An organization's connection to an external system (Xledger, Dynamics, Cornerstone, Consio,
    /// HLF Min Side). The API credentials are write-only: set them with
    /// `setIntegrationCredentials`; no query returns them.
    node: IntegrationConfig, module: integration_configs, one: integration_config, many: integration_configs, query: IntegrationConfigsQuery,
    filter: IntegrationConfigFilter { id: UuidFilter => Id, provider: IntegrationProviderFilter => Provider, purpose: IntegrationPurposeFilter => Purpose, name: StringFilter => Name, is_enabled: BoolFilter => IsEnabled, last_sync_status: SyncLogStatusFilter => LastSyncStatus, created_at: DateTimeFilter => CreatedAt },
    order: IntegrationConfigOrderField / IntegrationConfigOrderBy { Name => Name, Provider => Provider, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization.
        organization: organizations => Organization via organization_id,
    },
    has_many: {
        /// Sync attempts of this integration, oldest first (use `syncLogs` with a filter for more).
        sync_logs: sync_logs => SyncLog by IntegrationConfigId order StartedAt,
    },
    mutations: IntegrationConfigsMutation {
        inputs: CreateIntegrationConfigInput / UpdateIntegrationConfigInput,
        create: create_integration_config, update: update_integration_config, delete: delete_integration_config,
        required: {
            /// External system.
            provider: entity::integration_configs::IntegrationProvider,
            /// What the integration is used for.
            purpose: entity::integration_configs::IntegrationPurpose,
            /// Display name, unique in the organization (1-200 characters).
            name: String,
        },
        defaulted: {
            /// Connector settings as a JSON object (default `{}`).
            settings: serde_json::Value = serde_json::json!({}),
            /// Whether the integration is switched on (default false until configured).
            is_enabled: bool = false,
        },
        optional: {
            /// Base URL of the external API (at most 500 characters).
            base_url: String,
            /// Account or company identifier at the external system.
            external_account_id: String,
            /// Minutes between scheduled syncs (5-10080); null = manual only.
            sync_interval_minutes: i32,
        },
        fixed: {},
        validate: {
            name: not_blank("required_fields"),
            name: max_len(200, "name_length"),
            base_url: max_len(500, "url_length"),
            external_account_id: max_len(200, "external_account_id_length"),
            sync_interval_minutes: range(5, 10080, "sync_interval_range"),
        },
    },
    extra: {
        /// Whether credentials are stored (their value is never readable).
        async fn has_credentials(&self) -> bool {
            self.0.credentials_encrypted.is_some()
        }
    },
}

/// Largest credentials payload accepted, in characters.
const MAX_CREDENTIALS_CHARS: usize = 8192;

/// Write-only credentials of integrations.
#[derive(Default)]
pub struct IntegrationCredentialsMutation;

#[Object]
impl IntegrationCredentialsMutation {
    /// Sets (or, with null, removes) the API credentials of an integration in your scope. The
    /// value is write-only: no query ever returns it, only `hasCredentials` and
    /// `credentialsUpdatedAt` change. Needs UPDATE_INTEGRATION_CONFIGS; audited (without the
    /// value).
    async fn set_integration_credentials(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        #[graphql(
            secret,
            desc = "The credentials (e.g. a JSON object of API keys); null removes them."
        )]
        credentials: Option<String>,
    ) -> Result<IntegrationConfig> {
        use sea_orm::{ActiveValue::Set, IntoActiveModel};
        if let Some(c) = &credentials
            && (c.trim().is_empty() || c.chars().count() > MAX_CREDENTIALS_CHARS)
        {
            return Err(meander_core::error::ApiError::bad_input(
                "credentials",
                "credentials_length",
                format!("credentials must be 1-{MAX_CREDENTIALS_CHARS} characters"),
            )
            .into());
        }
        let row = crate::in_transaction!(ctx, |txn, writer| {
            let mut am = writer
                .find_for::<entity::integration_configs::Entity>(
                    &txn,
                    meander_core::authz::Action::Update,
                    id,
                )
                .await?
                .into_active_model();
            am.credentials_encrypted = Set(credentials.as_deref().map(seal_credentials));
            am.credentials_updated_at = Set(credentials.is_some().then_some(writer.now));
            writer
                .update::<entity::integration_configs::Entity>(&txn, am)
                .await?
        });
        Ok(IntegrationConfig(row))
    }
}

/// The stored form of integration credentials. The crate has no server-side key management or
/// AEAD cipher yet, so this only encodes (`b64:` + base64) and marks the format; the column is
/// never readable through the API. Replace with real encryption once a key is configured.
fn seal_credentials(plain: &str) -> String {
    use base64::Engine;
    format!(
        "b64:{}",
        base64::engine::general_purpose::STANDARD.encode(plain.as_bytes())
    )
}

entity_api! {
    /// One outbound sync attempt against an integration (append-only, written by the sync worker).
    node: SyncLog, module: sync_logs, one: sync_log, many: sync_logs, query: SyncLogsQuery,
    filter: SyncLogFilter { integration_config_id: UuidFilter => IntegrationConfigId, connector: IntegrationProviderFilter => Connector, trigger: SyncLogTriggerFilter => Trigger, status: SyncLogStatusFilter => Status, operation: StringFilter => Operation, started_at: DateTimeFilter => StartedAt },
    order: SyncLogOrderField / SyncLogOrderBy { StartedAt => StartedAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization.
        organization: organizations => Organization via organization_id,
        /// The integration the attempt used.
        integration_config: integration_configs => IntegrationConfig via integration_config_id,
    },
    has_many: {},
    mutations: none,
    extra: {},
}

entity_api! {
    /// A time-bounded grant letting platform support read the organization's data
    /// (append-only; created and revoked with `grantSupportAccess` / `revokeSupportAccess`).
    node: SupportAccessGrant, module: support_access_grants, one: support_access_grant, many: support_access_grants, query: SupportAccessGrantsQuery,
    filter: SupportAccessGrantFilter { granted_to_user_id: UuidFilter => GrantedToUserId, granted_by_id: UuidFilter => GrantedById, starts_at: DateTimeFilter => StartsAt, expires_at: DateTimeFilter => ExpiresAt, revoked_at: DateTimeFilter => RevokedAt, created_at: DateTimeFilter => CreatedAt },
    order: SupportAccessGrantOrderField / SupportAccessGrantOrderBy { ExpiresAt => ExpiresAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization whose data the grant opens.
        organization: organizations => Organization via organization_id,
        /// The global admin the grant is for (null for any support member, or when not visible to you).
        granted_to: users => User via granted_to_user_id,
        /// The organization admin who granted it.
        granted_by: users => User via granted_by_id,
        /// Who revoked it.
        revoked_by: users => User via revoked_by_id,
    },
    has_many: {},
    mutations: none,
    extra: {
        /// Whether the grant is in force now (started, not expired, not revoked).
        async fn is_active(&self, ctx: &async_graphql::Context<'_>) -> bool {
            use crate::context::ContextExt;
            let now = ctx.now();
            self.0.revoked_at.is_none() && self.0.starts_at <= now && now < self.0.expires_at
        }
    },
}

entity_api! {
    /// A biometric unlock (Face ID, fingerprint) enrolled on one of your devices.
    node: BiometricCredential, module: biometric_credentials, one: biometric_credential, many: biometric_credentials, query: BiometricCredentialsQuery,
    filter: BiometricCredentialFilter { user_id: UuidFilter => UserId, device_id: StringFilter => DeviceId, platform: BiometricDevicePlatformFilter => Platform, biometric_type: BiometricTypeFilter => BiometricType, revoked_at: DateTimeFilter => RevokedAt },
    order: BiometricCredentialOrderField / BiometricCredentialOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The enrolled user.
        user: users => User via user_id,
    },
    has_many: {},
    mutations: BiometricCredentialsMutation {
        inputs: CreateBiometricCredentialInput / UpdateBiometricCredentialInput,
        create: create_biometric_credential, update: update_biometric_credential, delete: delete_biometric_credential,
        required: {
            /// Stable device identifier from the app (1-200 printable characters).
            device_id: String,
            /// Operating system of the device.
            platform: entity::biometric_credentials::BiometricDevicePlatform,
            /// Kind of biometric.
            biometric_type: entity::biometric_credentials::BiometricType,
            /// Alias of the device key in the secure enclave / keystore.
            key_reference: String,
            /// Public half of the device key (base64).
            public_key: String,
        },
        defaulted: {},
        optional: {
            /// Device name shown in your device list.
            device_name: String,
        },
        fixed: { enrolled_at: super::RequestTime },
        validate: {
            device_id: pattern(1, 200, token_char, "device_id_format"),
            key_reference: pattern(1, 200, token_char, "key_reference_format"),
            public_key: pattern(16, 4096, base64_char, "public_key_format"),
            device_name: max_len(100, "device_name_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// A WebAuthn/FIDO2 passkey you registered for passwordless sign-in.
    node: PasskeyCredential, module: passkey_credentials, one: passkey_credential, many: passkey_credentials, query: PasskeyCredentialsQuery,
    filter: PasskeyCredentialFilter { user_id: UuidFilter => UserId, credential_id: StringFilter => CredentialId, nickname: StringFilter => Nickname, revoked_at: DateTimeFilter => RevokedAt },
    order: PasskeyCredentialOrderField / PasskeyCredentialOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The owner.
        user: users => User via user_id,
    },
    has_many: {},
    mutations: PasskeyCredentialsMutation {
        inputs: CreatePasskeyCredentialInput / UpdatePasskeyCredentialInput,
        create: create_passkey_credential, update: update_passkey_credential, delete: delete_passkey_credential,
        required: {
            /// WebAuthn credential id (base64url, 16-1400 characters).
            credential_id: String,
            /// COSE public key (base64url).
            public_key: String,
        },
        defaulted: {
            /// Transports as a JSON array (default `[]`).
            transports: serde_json::Value = serde_json::json!([]),
            /// WebAuthn backup-eligible flag (default false).
            backup_eligible: bool = false,
            /// WebAuthn backed-up flag (default false).
            backed_up: bool = false,
        },
        optional: {
            /// Authenticator model (AAGUID).
            aaguid: String,
            /// Attestation format given at registration.
            attestation_format: String,
            /// Name you give the passkey (at most 100 characters).
            nickname: String,
        },
        fixed: { sign_count: 0 },
        validate: {
            credential_id: pattern(16, 1400, base64_char, "credential_id_format"),
            public_key: pattern(16, 4096, base64_char, "public_key_format"),
            aaguid: max_len(36, "aaguid_length"),
            attestation_format: max_len(32, "attestation_format_length"),
            nickname: max_len(100, "nickname_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// Push delivery settings of one of your devices (the device token is write-only).
    node: PushNotificationConfig, module: push_notification_configs, one: push_notification_config, many: push_notification_configs, query: PushNotificationConfigsQuery,
    filter: PushNotificationConfigFilter { user_id: UuidFilter => UserId, device_id: StringFilter => DeviceId, platform: PushDevicePlatformFilter => Platform, is_enabled: BoolFilter => IsEnabled },
    order: PushNotificationConfigOrderField / PushNotificationConfigOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The device owner.
        user: users => User via user_id,
    },
    has_many: {},
    mutations: PushNotificationConfigsMutation {
        inputs: CreatePushNotificationConfigInput / UpdatePushNotificationConfigInput,
        create: create_push_notification_config, update: update_push_notification_config, delete: delete_push_notification_config,
        required: {
            /// Stable device identifier from the app (1-200 printable characters).
            device_id: String,
            /// Platform of the device.
            platform: entity::push_notification_configs::PushDevicePlatform,
            /// Push service (APNs only for iOS).
            provider: entity::push_notification_configs::PushProvider,
            /// FCM registration token or APNs device token; write-only, never returned.
            device_token: String,
        },
        defaulted: {
            /// Master switch (default true).
            is_enabled: bool = true,
            /// Assignment alerts (default true).
            assignment_alerts: bool = true,
            /// Activity reminders (default true).
            activity_reminders: bool = true,
            /// Certificate expiry warnings (default true).
            certificate_expiry_warnings: bool = true,
            /// Event and workshop updates (default true).
            event_updates: bool = true,
            /// Badges and achievements (default true).
            achievements: bool = true,
        },
        optional: {
            /// Device name shown in your device list.
            device_name: String,
            /// App version on the device.
            app_version: String,
        },
        fixed: { token_registered_at: super::RequestTime },
        validate: {
            device_id: pattern(1, 200, token_char, "device_id_format"),
            device_token: pattern(16, 4096, token_char, "device_token_format"),
            device_name: max_len(100, "device_name_length"),
            app_version: max_len(32, "app_version_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// An organization rule that sends notifications automatically (e.g. certificate expiry in 10 days).
    node: NotificationScenario, module: notification_scenarios, one: notification_scenario, many: notification_scenarios, query: NotificationScenariosQuery,
    filter: NotificationScenarioFilter { id: UuidFilter => Id, key: StringFilter => Key, trigger: NotificationScenarioTriggerFilter => Trigger, is_enabled: BoolFilter => IsEnabled },
    order: NotificationScenarioOrderField / NotificationScenarioOrderBy { Key => Key, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization.
        organization: organizations => Organization via organization_id,
    },
    has_many: {
        /// Notifications this scenario produced, in your scope (your own).
        notifications: notifications => Notification by ScenarioId order CreatedAt,
        /// Preferences about this scenario, in your scope (your own).
        preferences: notification_preferences => NotificationPreference by ScenarioId order CreatedAt,
    },
    mutations: NotificationScenariosMutation {
        inputs: CreateNotificationScenarioInput / UpdateNotificationScenarioInput,
        create: create_notification_scenario, update: update_notification_scenario, delete: delete_notification_scenario,
        required: {
            /// Stable key, unique in the organization (2-64 characters a-z, 0-9, _).
            key: String,
            /// Display name (1-200 characters).
            name: String,
            /// Event or date the scenario reacts to.
            trigger: entity::notification_scenarios::NotificationScenarioTrigger,
            /// Title template (at most 200 characters).
            title_template: String,
            /// Body template (at most 2000 characters).
            body_template: String,
        },
        defaulted: {
            /// Channels as a JSON array of channel names (default `["in_app"]`).
            channels: serde_json::Value = serde_json::json!(["in_app"]),
            /// Whether the scenario is active (default true).
            is_enabled: bool = true,
        },
        optional: {
            /// What the scenario does, for administrators.
            description: String,
            /// Days before (positive) or after (negative) the triggering date, -365 to 365.
            offset_days: i32,
            /// Role key of the recipients (null = the user concerned).
            recipient_role: String,
        },
        fixed: {},
        validate: {
            key: pattern(2, 64, key_char, "scenario_key_format"),
            name: not_blank("required_fields"),
            name: max_len(200, "name_length"),
            title_template: not_blank("required_fields"),
            title_template: max_len(200, "title_length"),
            body_template: not_blank("required_fields"),
            body_template: max_len(2000, "body_length"),
            description: max_len(1000, "description_length"),
            offset_days: range(-365, 365, "offset_days_range"),
            recipient_role: pattern(2, 64, key_char, "role_key_format"),
        },
    },
    extra: {},
}

entity_api! {
    /// One of your notification opt-ins/opt-outs: a whole channel, or one scenario on a channel.
    node: NotificationPreference, module: notification_preferences, one: notification_preference, many: notification_preferences, query: NotificationPreferencesQuery,
    filter: NotificationPreferenceFilter { user_id: UuidFilter => UserId, channel: NotificationChannelFilter => Channel, scenario_id: UuidFilter => ScenarioId, is_enabled: BoolFilter => IsEnabled },
    order: NotificationPreferenceOrderField / NotificationPreferenceOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The user.
        user: users => User via user_id,
        /// The scenario (null = the whole channel).
        scenario: notification_scenarios => NotificationScenario via scenario_id,
    },
    has_many: {},
    mutations: NotificationPreferencesMutation {
        inputs: CreateNotificationPreferenceInput / UpdateNotificationPreferenceInput,
        create: create_notification_preference, update: update_notification_preference,
        required: {
            /// Channel.
            channel: entity::notifications::NotificationChannel,
            /// Opted in (true) or out (false).
            is_enabled: bool,
        },
        defaulted: {},
        optional: {
            /// Scenario (omit for the whole channel).
            scenario_id: uuid::Uuid,
            /// Quiet hours start, minutes after midnight (0-1439); set with the end.
            quiet_hours_start_minute: i32,
            /// Quiet hours end, minutes after midnight (0-1439); set with the start.
            quiet_hours_end_minute: i32,
        },
        fixed: {},
        validate: {
            quiet_hours_start_minute: range(0, 1439, "quiet_hours_range"),
            quiet_hours_end_minute: range(0, 1439, "quiet_hours_range"),
        },
    },
    extra: {},
}

entity_api! {
    /// A notification delivered to you (in-app, push, email or SMS).
    node: Notification, module: notifications, one: notification, many: notifications, query: NotificationsQuery,
    filter: NotificationFilter { id: UuidFilter => Id, scenario_id: UuidFilter => ScenarioId, channel: NotificationChannelFilter => Channel, category: NotificationCategoryFilter => Category, status: NotificationStatusFilter => Status, read_at: DateTimeFilter => ReadAt, created_at: DateTimeFilter => CreatedAt },
    order: NotificationOrderField / NotificationOrderBy { CreatedAt => CreatedAt, ReadAt => ReadAt },
    belongs_to: {
        /// The recipient.
        user: users => User via user_id,
        /// The scenario that produced it.
        scenario: notification_scenarios => NotificationScenario via scenario_id,
    },
    has_many: {},
    mutations: NotificationsMutation {
        inputs: CreateNotificationInput / UpdateNotificationInput,
        create: create_notification, update: update_notification, delete: delete_notification,
        required: {
            /// Channel.
            channel: entity::notifications::NotificationChannel,
            /// Subject area.
            category: entity::notifications::NotificationCategory,
            /// Title (1-200 characters).
            title: String,
            /// Text (1-2000 characters; no sensitive personal data).
            body: String,
        },
        defaulted: {
            /// Extra data for the app as a JSON object (default `{}`).
            data: serde_json::Value = serde_json::json!({}),
        },
        optional: {
            /// Scenario that produced it.
            scenario_id: uuid::Uuid,
            /// Type of the entity it is about.
            related_entity_type: String,
            /// Id of the entity it is about.
            related_entity_id: uuid::Uuid,
            /// When you read it (set to mark read, null to mark unread).
            read_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: { status: entity::notifications::NotificationStatus::Pending },
        validate: {
            title: not_blank("required_fields"),
            title: max_len(200, "title_length"),
            body: not_blank("required_fields"),
            body: max_len(2000, "body_length"),
            related_entity_type: max_len(64, "entity_type_length"),
        },
    },
    extra: {},
}

/// Root query fields of the access and notifications domain.
#[derive(MergedObject, Default)]
pub struct AccessQuery(
    IntegrationConfigsQuery,
    SyncLogsQuery,
    SupportAccessGrantsQuery,
    BiometricCredentialsQuery,
    PasskeyCredentialsQuery,
    PushNotificationConfigsQuery,
    NotificationScenariosQuery,
    NotificationPreferencesQuery,
    NotificationsQuery,
);

/// Mutations of the access and notifications domain.
#[derive(MergedObject, Default)]
pub struct AccessMutation(
    IntegrationConfigsMutation,
    IntegrationCredentialsMutation,
    BiometricCredentialsMutation,
    PasskeyCredentialsMutation,
    PushNotificationConfigsMutation,
    NotificationScenariosMutation,
    NotificationPreferencesMutation,
    NotificationsMutation,
);
