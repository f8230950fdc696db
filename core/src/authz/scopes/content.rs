//! Row scopes and default role grants of this domain's tables (see `scopes` and `catalog`):
//! resource links, FAQ, the offline sync queue and id mappings, demo requests.

#[allow(unused_imports)]
use crate::secured;

/// Default matrix rows of this domain: resource, then the CRUD letters of global_admin,
/// org_admin, coordinator and peer_mentor (same layout as `catalog::DEFAULT_MATRIX`).
///
/// - Resource links and FAQ are organization content every role reads; org admins edit it.
/// - The offline sync queue and id mappings are each user's own record of replayed offline
///   mutations: the device creates and reads its entries; outcomes are written by the server's
///   replay path, not by the client, so there is no update or delete.
/// - Demo requests are platform sales data: global admins only.
#[rustfmt::skip]
pub const MATRIX: &[(&str, &str, &str, &str, &str)] = &[
    // resource                         global  org_admin coordinator peer_mentor
    ("RESOURCE_LINKS",                  "R",     "CRUD",   "R",        "R"),
    ("FAQ_ENTRIES",                     "R",     "CRUD",   "R",        "R"),
    ("OFFLINE_SYNC_QUEUE",              "",     "CR",     "CR",       "CR"),
    ("OFFLINE_ID_MAPPINGS",             "",     "CR",     "CR",       "CR"),
    ("DEMO_REQUESTS",                   "CRUD", "",       "",         ""),
];

secured!(entity::resource_links, "RESOURCE_LINKS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::faq_entries, "FAQ_ENTRIES", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
// A queued change is pending until the server replays it: applied, conflict, rejected or
// failed (a failed one may be retried); the device only enqueues.
secured!(entity::offline_sync_queue, "OFFLINE_SYNC_QUEUE", tenant: Column(OrganizationId), org: Owner(UserId), local: Owner(UserId), own: Owner(UserId),
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["pending"],
        moves: &[
            ("pending", "applied", System),
            ("pending", "conflict", System),
            ("pending", "rejected", System),
            ("pending", "failed", System),
            ("failed", "pending", System),
            ("conflict", "applied", System),
            ("conflict", "rejected", System),
        ],
        frozen: &["applied", "rejected"],
        workflow: Some("the offline sync replay on the server"),
    }),
    ..Rules::DEFAULT
});
secured!(entity::offline_id_mappings, "OFFLINE_ID_MAPPINGS", tenant: Column(OrganizationId), org: Owner(UserId), local: Owner(UserId), own: Owner(UserId));
// Platform data: only the platform reach (global admins) sees rows; a tenant role granted the
// permission by an org override still reaches nothing.
// The platform's sales pipeline: new, contacted, scheduled, completed, then converted; any open
// request may be closed. Converted and closed requests are final.
secured!(entity::demo_requests, "DEMO_REQUESTS", tenant: Global, org: Nothing, local: Nothing, own: Nothing,
writes: Rules {
    machine: Some(Machine {
        column: Status,
        initial: &["new"],
        moves: &[
            ("new", "contacted", Staff),
            ("new", "scheduled", Staff),
            ("contacted", "scheduled", Staff),
            ("scheduled", "completed", Staff),
            ("completed", "converted", Staff),
            ("new", "closed", Staff),
            ("contacted", "closed", Staff),
            ("scheduled", "closed", Staff),
            ("completed", "closed", Staff),
        ],
        frozen: &["converted", "closed"],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
