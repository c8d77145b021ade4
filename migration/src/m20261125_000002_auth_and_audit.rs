//! Staff sign-in and accountability: sessions, failed sign-in attempts (for slowing down
//! password guessing), and the audit log of every staff mutation.

use crate::id;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000002_auth_and_audit"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("sessions"))
                    .col(string_len(id("id"), 64).primary_key())
                    // JSON of the session's key/value data (tower-sessions `Record::data`).
                    .col(text(id("data")))
                    // Unix seconds: compared as numbers on both engines.
                    .col(big_integer(id("expires_at")))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_expires_at")
                    .table(id("sessions"))
                    .col(id("expires_at"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("login_failures"))
                    .col(pk_auto(id("id")))
                    // "email:<address>" or "ip:<address>": one row per failed attempt.
                    .col(string(id("key")))
                    .col(timestamp_with_time_zone(id("at")))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_login_failures_key_at")
                    .table(id("login_failures"))
                    .col(id("key"))
                    .col(id("at"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("audit_log"))
                    .col(pk_auto(id("id")))
                    .col(timestamp_with_time_zone(id("at")))
                    // Who: kept as text too, so the log survives the user's deletion.
                    .col(integer_null(id("actor_id")))
                    .col(string(id("actor_email")))
                    .col(string(id("action")))
                    .col(string(id("entity")))
                    .col(integer_null(id("entity_id")))
                    // Not a foreign key: the history of a deleted client stays readable.
                    .col(integer_null(id("client_id")))
                    // JSON: the changed values (before/after where that applies).
                    .col(text(id("changes")))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_client_id_at")
                    .table(id("audit_log"))
                    .col(id("client_id"))
                    .col(id("at"))
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["audit_log", "login_failures", "sessions"] {
            manager
                .drop_table(Table::drop().table(id(t)).if_exists().take())
                .await?;
        }
        Ok(())
    }
}
