//! CRUD over GraphQL for the peer mentor tables: profiles (seed 002 field rules; `status` is not
//! a generic input), the append-only availability history, locations with guarded coordinates,
//! pairings, honorarium thresholds and records, driver honorariums and declarations, NDAs,
//! referral links and recruitments; row scopes of coordinators and peer mentors, and tenant
//! isolation.

use crate::common;

use common::{TestApp, demo_id, error_code, error_rule as rule, ids, ok, walk_both_ways};
use serde_json::json;

fn user(email: &str) -> String {
    demo_id("user", email).to_string()
}

fn profile(key: &str) -> String {
    demo_id("peer_mentor_profile", key).to_string()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

const ADMIN: &str = "nhf.admin@meander.dev";
const KARI: &str = "nhf.coordinator@meander.dev";
const BJORN: &str = "nhf.coordinator.bergen@meander.dev";
const OLA: &str = "nhf.mentor@meander.dev";
const INGRID: &str = "nhf.mentor2@meander.dev";
const LARS: &str = "nhf.mentor.bergen@meander.dev";

mod honoraria;
mod pairings;
mod profiles;
mod signing;
