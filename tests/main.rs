//! The integration suite: the real server on a random port over a real database (a temporary
//! SQLite file, or a fresh PostgreSQL database per test when TEST_DATABASE_URL is set), spoken to
//! over HTTP as the portal and the apps do. One test binary (not one per file) keeps linking
//! time and disk use small; each module is named after the area whose rules it proves.

mod common;

mod activity_lifecycle;
mod audit_chain;
mod authentication;
mod batching;
mod bufdir_events;
mod calendar;
mod configuration;
mod course_seats;
mod coverage;
mod crud_access;
mod crud_activities;
mod crud_assignments;
mod crud_contacts;
mod crud_content;
mod crud_events;
mod crud_expenses;
mod crud_peer_mentors;
mod crud_reporting;
mod crud_tenancy;
mod crud_training;
mod database_faults;
mod database_tls;
mod demo_rules;
mod external_jwks;
mod external_login;
mod feature_flags;
mod field_rules;
mod graphiql;
mod graphql_spec;
mod hostile_input;
mod http_conformance;
mod http_surface;
mod logging;
mod metrics;
mod migrations;
mod n_plus_one;
mod notification_opt_ins;
mod notification_templates;
mod otel;
mod persisted_queries;
mod policy_matrix;
mod query_limits;
mod rate_limits;
mod relations;
mod replicas;
mod role_admin;
mod row_scopes;
mod schema_drift;
mod schema_sdl;
mod spec_copies;
mod subscriptions;
mod support_access;
mod system_writes;
mod tenant_boundaries;
mod token_attacks;
mod workflow_activities;
mod workflow_assignments;
mod workflow_peer_mentors;
mod workflow_reporting;
mod write_authorization;
mod write_rules;
