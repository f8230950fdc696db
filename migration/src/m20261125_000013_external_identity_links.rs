//! External identity links on `users`: the (`iss`, `sub`) of the identity provider a user signed
//! in with first (with a verified email), matched on afterwards instead of the email.
//!
//! Columns on `users` rather than a table of their own: every table of DATA-MODEL.md is declared
//! to the authorization engine (permission matrix, row scope, GraphQL connection), and this link
//! is read by the sign-in path only. One link per user.
//!
//! Migration 1 once created `users` from the entity of the day, so databases created while this
//! migration was new already have the columns; they are added only where missing. (Migration 1
//! is frozen now, without them: `frozen.rs`.)

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "uq_users_external_issuer_external_subject";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let users = Alias::new("users");
        for (name, timestamp) in [
            ("external_issuer", false),
            ("external_subject", false),
            ("external_linked_at", true),
        ] {
            if m.has_column("users", name).await? {
                continue;
            }
            let mut column = ColumnDef::new(Alias::new(name));
            if timestamp {
                column.timestamp_with_time_zone();
            } else {
                column.string();
            }
            column.null();
            m.alter_table(
                Table::alter()
                    .table(users.clone())
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        // Partial on live rows, like every lookup: a deleted account does not hold its subject.
        m.get_connection()
            .execute_unprepared(&format!(
                "CREATE UNIQUE INDEX IF NOT EXISTS {INDEX} ON users (external_issuer, external_subject) \
                 WHERE deleted_at IS NULL"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(&format!("DROP INDEX IF EXISTS {INDEX}"))
            .await?;
        for name in ["external_issuer", "external_subject", "external_linked_at"] {
            if m.has_column("users", name).await? {
                m.alter_table(
                    Table::alter()
                        .table(Alias::new("users"))
                        .drop_column(Alias::new(name))
                        .to_owned(),
                )
                .await?;
            }
        }
        Ok(())
    }
}
