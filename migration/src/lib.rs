//! Database migrations, one per domain group of DATA-MODEL.md.

pub use sea_orm_migration::prelude::*;

mod frozen;
mod m20261123_000001_identity_core;
mod m20261123_000002_access_and_notifications;
mod m20261123_000003_contacts;
mod m20261123_000004_assignments;
mod m20261123_000005_activities;
mod m20261123_000006_training;
mod m20261123_000007_peer_mentors;
mod m20261123_000008_events;
mod m20261123_000009_expenses;
mod m20261123_000010_reporting;
mod m20261123_000011_content;
mod m20261124_000012_hot_path_indexes;
mod m20261125_000013_external_identity_links;
mod m20261207_000014_tenant_scoped_unique_keys;
mod m20261207_000015_organization_time_zone;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_identity_core::Migration),
            Box::new(m20261123_000002_access_and_notifications::Migration),
            Box::new(m20261123_000003_contacts::Migration),
            Box::new(m20261123_000004_assignments::Migration),
            Box::new(m20261123_000005_activities::Migration),
            Box::new(m20261123_000006_training::Migration),
            Box::new(m20261123_000007_peer_mentors::Migration),
            Box::new(m20261123_000008_events::Migration),
            Box::new(m20261123_000009_expenses::Migration),
            Box::new(m20261123_000010_reporting::Migration),
            Box::new(m20261123_000011_content::Migration),
            Box::new(m20261124_000012_hot_path_indexes::Migration),
            Box::new(m20261125_000013_external_identity_links::Migration),
            Box::new(m20261207_000014_tenant_scoped_unique_keys::Migration),
            Box::new(m20261207_000015_organization_time_zone::Migration),
        ]
    }
}
