//! `organizations.time_zone`: the IANA time zone an organization's days are counted in
//! (statistics, report periods, the Bufdir report, dates in messages). Existing organizations get
//! Europe/Oslo, the platform's home.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.has_column("organizations", "time_zone").await? {
            return Ok(());
        }
        m.alter_table(
            Table::alter()
                .table(Alias::new("organizations"))
                .add_column(
                    ColumnDef::new(Alias::new("time_zone"))
                        .string()
                        .not_null()
                        .default("Europe/Oslo"),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("organizations"))
                .drop_column(Alias::new("time_zone"))
                .to_owned(),
        )
        .await
    }
}
