//! Durable background work (client suspension and deletion), the visible error a failed job
//! leaves on its client, and settings (the licence limit).

use crate::id;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000005_jobs_and_licence"
    }
}

/// Foreign keys that deleting a client or a project walks (ON DELETE SET NULL): without an
/// index each delete scans the whole child table.
const FK_INDEXES: [(&str, &str); 6] = [
    ("ports", "instance_id"),
    ("ports", "network_id"),
    ("invoice_items", "service_id"),
    ("domains", "service_id"),
    ("services", "cycle_id"),
    ("services", "pricing_plan_id"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("jobs"))
                    .col(pk_auto(id("id")))
                    .col(string_len(id("kind"), 32))
                    .col(integer_null(id("client_id")))
                    // queued | running | done | failed
                    .col(string_len(id("status"), 16))
                    .col(integer(id("attempts")).default(0))
                    .col(integer(id("max_attempts")))
                    // Not before this time (back-off between attempts).
                    .col(timestamp_with_time_zone(id("run_at")))
                    // The worker that took it last, and (while running) since when: a lease, so
                    // a crashed worker's job is taken over once it has run out.
                    .col(string_null(id("locked_by")))
                    .col(timestamp_with_time_zone_null(id("locked_at")))
                    .col(text_null(id("last_error")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_jobs_status_run_at")
                    .table(id("jobs"))
                    .col(id("status"))
                    .col(id("run_at"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_jobs_client_id")
                    .table(id("jobs"))
                    .col(id("client_id"))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(id("clients"))
                    // Why the last lifecycle job failed; cleared when one succeeds.
                    .add_column(text_null(id("lifecycle_error")))
                    .take(),
            )
            .await?;
        for (table, col) in FK_INDEXES {
            manager
                .create_index(
                    Index::create()
                        .name(format!("idx_{table}_{col}"))
                        .table(id(table))
                        .col(id(col))
                        .take(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(id("settings"))
                    .col(string_len(id("key"), 64).primary_key())
                    .col(text(id("value")))
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(id("settings")).if_exists().take())
            .await?;
        for (table, col) in FK_INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(format!("idx_{table}_{col}"))
                        .table(id(table))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(id("clients"))
                    .drop_column(id("lifecycle_error"))
                    .take(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(id("jobs")).if_exists().take())
            .await?;
        Ok(())
    }
}
