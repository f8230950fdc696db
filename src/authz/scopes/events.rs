//! Row scopes and default role grants of this domain's tables (see `scopes` and `catalog`).

#[allow(unused_imports)]
use crate::secured;

/// Default matrix rows of this domain: resource, then the CRUD letters of global_admin,
/// org_admin, coordinator and peer_mentor (same layout as `catalog::DEFAULT_MATRIX`).
#[rustfmt::skip]
pub const MATRIX: &[(&str, &str, &str, &str, &str)] = &[
];
