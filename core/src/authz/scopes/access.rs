//! Row scopes and default role grants of this domain's tables (see `scopes` and `catalog`):
//! integrations and sync logs, support access grants, device credentials, push devices and
//! notifications.

#[allow(unused_imports)]
use crate::secured;

/// Default matrix rows of this domain: resource, then the CRUD letters of global_admin,
/// org_admin, coordinator and peer_mentor (same layout as `catalog::DEFAULT_MATRIX`).
///
/// - Integrations are organization configuration: org admins manage them, coordinators read
///   them (the credentials are never readable). Sync logs are written by the sync worker.
/// - Support access grants are created by org admins (`GRANT_SUPPORT_ACCESS` in spirit) and
///   never updated or deleted; revocation is a one-time state change outside the generic update.
///   Global admins read the grants of the organizations they currently have support access to.
/// - Device credentials, push devices, notification preferences and notifications are personal
///   for every role (own rows only); org admins may also create notifications (for themselves:
///   the owner scope decides the recipient).
/// - Notification scenarios are organization configuration the app shows to everyone.
#[rustfmt::skip]
pub const MATRIX: &[(&str, &str, &str, &str, &str)] = &[
    // resource                         global  org_admin coordinator peer_mentor
    ("INTEGRATION_CONFIGS",             "R",     "CRUD",   "R",        ""),
    ("SYNC_LOGS",                       "R",     "R",      "",         ""),
    ("SUPPORT_ACCESS_GRANTS",           "R",    "CR",     "",         ""),
    ("BIOMETRIC_CREDENTIALS",           "",     "CRUD",   "CRUD",     "CRUD"),
    ("PASSKEY_CREDENTIALS",             "",     "CRUD",   "CRUD",     "CRUD"),
    ("PUSH_NOTIFICATION_CONFIGS",       "",     "CRUD",   "CRUD",     "CRUD"),
    ("NOTIFICATION_PREFERENCES",        "",     "CRU",    "CRU",      "CRU"),
    ("NOTIFICATION_SCENARIOS",          "R",     "CRUD",   "R",        "R"),
    ("NOTIFICATIONS",                   "",     "CRUD",   "RUD",      "RUD"),
];

// Tenancy: integrations and their append-only sync log.
// `last_sync_status` is no lifecycle: it copies the outcome of the last sync log, so only the
// server writes it.
secured!(entity::integration_configs, "INTEGRATION_CONFIGS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Nothing,
    writes: Rules { server: &[LastSyncStatus], ..Rules::DEFAULT });
// No state machine: a sync log is append-only and its status is the outcome of one attempt,
// written once by the sync job, never moved.
secured!(entity::sync_logs, "SYNC_LOGS", tenant: Column(OrganizationId), org: Tenant, local: Nothing, own: Nothing, append_only: true, soft_delete: None);

// Identity and access.
// Append-only; `revoked_at`/`revoked_by_id`/`revocation_reason` are set once by the revocation
// path, never by a generic update (which `append_only` refuses).
secured!(entity::support_access_grants, "SUPPORT_ACCESS_GRANTS", tenant: Column(OrganizationId), org: Tenant, local: Nothing, own: Nothing, append_only: true, soft_delete: None);
secured!(entity::biometric_credentials, "BIOMETRIC_CREDENTIALS", tenant: Column(OrganizationId), org: Owner(UserId), local: Owner(UserId), own: Owner(UserId));
secured!(entity::passkey_credentials, "PASSKEY_CREDENTIALS", tenant: Column(OrganizationId), org: Owner(UserId), local: Owner(UserId), own: Owner(UserId));

// Preferences and notifications: personal whatever the role, except the org's scenarios.
secured!(entity::push_notification_configs, "PUSH_NOTIFICATION_CONFIGS", tenant: Column(OrganizationId), org: Owner(UserId), local: Owner(UserId), own: Owner(UserId));
secured!(entity::notification_preferences, "NOTIFICATION_PREFERENCES", tenant: Column(OrganizationId), org: Owner(UserId), local: Owner(UserId), own: Owner(UserId));
secured!(entity::notification_scenarios, "NOTIFICATION_SCENARIOS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
// Delivery status is the server's: a notification is queued pending and delivery moves it;
// the recipient only marks it read (`read_at`), which is not its status.
secured!(entity::notifications, "NOTIFICATIONS", tenant: Column(OrganizationId), org: Owner(UserId), local: Owner(UserId), own: Owner(UserId),
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["pending"],
        moves: &[
            ("pending", "sent", System),
            ("pending", "failed", System),
            ("sent", "delivered", System),
            ("sent", "failed", System),
            ("failed", "pending", System),
        ],
        frozen: &[],
        workflow: Some("notification delivery on the server"),
    }),
    ..Rules::DEFAULT
});
