//! CRUD over GraphQL for the access and notifications tables: integrations (write-only
//! credentials) and their sync log, support access grants, device credentials, push devices,
//! notification scenarios, preferences and notifications; row scopes and tenant isolation.

use crate::common;

use common::{TestApp, demo_id, error_code, ok, walk_both_ways};
use serde_json::json;

mod devices;
mod integrations;
mod notifications;
