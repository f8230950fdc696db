//! Meander gateway: a GraphQL API with fine-grained authorization over the Meander database.
//!
//! This package is the binary's floor: `cli` (the command line), `app` (the HTTP server, its
//! admission steps and routes) and `telemetry`. The floors below are crates of their own
//! (README, "Layout"): `meander-core` (the rules), `meander-api` (the GraphQL schema) and
//! `meander-seed` (catalog and demo data). They are re-exported under their old module names
//! so `crate::authz`, `crate::graphql` and `crate::seed` read the same everywhere.

pub use meander_api as graphql;
pub use meander_core::{
    audit, auth, authz, calendar, clock, cluster, config, db, error, https, tailoring, validation,
    wakeups, workflows,
};
pub use meander_seed as seed;

pub mod app;
pub mod cli;
pub mod telemetry;
