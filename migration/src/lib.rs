//! Database migrations, one per domain group of DATA-MODEL.md.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_identity_core;
mod tables;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m20261123_000001_identity_core::Migration)]
    }
}
