//! The rules of the Meander gateway, without GraphQL types or HTTP: what the api crate
//! resolves and the binary serves.
//!
//! - `config`: layered settings; `db`: connections, migrations, the write transaction
//! - `auth`: passwords, tokens, sessions; `authz`: viewer, permissions, row scopes, field rules,
//!   write rules; `audit`: the hash-chained audit log; `validation`: the input rules
//! - `workflows`: the domain workflows and jobs; `tailoring`: per-organization app settings
//! - `clock`: the one source of domain time (settable for tests); `calendar`: the
//!   organization's dates
//! - `wakeups`: wake-ups for the `notificationAdded` subscription; `cluster`: what replicas
//!   tell each other (LISTEN/NOTIFY on PostgreSQL)
//! - `https`: the one outbound HTTP(S) client (rustls), for JWKS and trace export

pub mod audit;
pub mod auth;
pub mod authz;
pub mod calendar;
pub mod clock;
pub mod cluster;
pub mod config;
pub mod db;
pub mod error;
pub mod https;
pub mod tailoring;
pub mod validation;
pub mod wakeups;
pub mod workflows;
