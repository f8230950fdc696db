//! Meander gateway: a GraphQL API with fine-grained authorization over the Meander database.
//!
//! - `config`: layered settings; `cli`: the command line; `app`: HTTP server and routes
//! - `auth`: passwords, tokens, sessions; `authz`: viewer, permissions, row scopes, field rules
//! - `graphql`: the schema; `audit`: the hash-chained audit log; `seed`: catalog and demo data
//! - `clock`: the one source of domain time (settable for tests)
//! - `wakeups`: wake-ups for the `notificationAdded` subscription; `cluster`: what replicas
//!   tell each other (LISTEN/NOTIFY on PostgreSQL)

pub mod app;
pub mod audit;
pub mod auth;
pub mod authz;
pub mod calendar;
pub mod cli;
pub mod clock;
pub mod cluster;
pub mod config;
pub mod db;
pub mod error;
pub mod graphql;
pub mod seed;
pub mod tailoring;
pub mod telemetry;
pub mod validation;
pub mod wakeups;
pub mod workflows;
