//! Activities (seed 003): activity types, activities, documents, logs, flags, bulk registrations, delegation grants, calendar integrations.

pub mod activities;
pub mod activity_documents;
pub mod activity_flags;
pub mod activity_logs;
pub mod activity_types;
pub mod bulk_registrations;
pub mod calendar_integrations;
pub mod delegation_grants;
