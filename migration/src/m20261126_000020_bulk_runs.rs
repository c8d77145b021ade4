//! Bulk work on many clients: a run (the action, its parameters, the selection it was started
//! on, who started it, and exact counts of its outcomes) and one item per client.
//!
//! An item's `client_id` is a plain number, not a foreign key: a bulk delete removes the very
//! clients it names, and its items must outlive them (the label keeps who they were). Items
//! are unique per client within a run, so a run never holds a client twice, and are read in
//! id order, all of them or by outcome (`idx_bulk_items_run_id_id`, `..._outcome_id`). A run
//! outlives the account that started it, as the audit log does: it keeps the email.
//!
//! New tables: nothing existing is rewritten, so this is instant on a database of any size.

use crate::id;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000020_bulk_runs"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("bulk_runs"))
                    .col(pk_auto(id("id")))
                    // The action and its parameters, as `model::bulk::BulkAction` serialises.
                    .col(string_len(id("action"), 32))
                    .col(text(id("params")))
                    // The selection it was started on (`model::selection::Selection`).
                    .col(text(id("selection")))
                    .col(integer_null(id("actor_id")))
                    .col(string(id("actor_email")))
                    // preparing | running | done | failed
                    .col(string_len(id("status"), 16))
                    .col(integer(id("total")).default(0))
                    .col(integer(id("done")).default(0))
                    .col(integer(id("failed")).default(0))
                    .col(integer(id("skipped")).default(0))
                    .col(text_null(id("error")))
                    // The job that runs it now (a run continues in a fresh job per slice).
                    .col(integer_null(id("job_id")))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .col(timestamp_with_time_zone_null(id("finished_at")))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_bulk_runs_job_id")
                    .table(id("bulk_runs"))
                    .col(id("job_id"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("bulk_items"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("run_id")))
                    .col(integer(id("client_id")))
                    .col(string(id("label")))
                    // pending | done | failed | skipped
                    .col(string_len(id("outcome"), 16))
                    .col(text_null(id("reason")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bulk_items_run_id")
                            .from(id("bulk_items"), id("run_id"))
                            .to(id("bulk_runs"), id("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_bulk_items_run_id_client_id")
                    .table(id("bulk_items"))
                    .col(id("run_id"))
                    .col(id("client_id"))
                    .unique()
                    .take(),
            )
            .await?;
        // A run's page of every client, in run order (without it, a page sorts the run).
        manager
            .create_index(
                Index::create()
                    .name("idx_bulk_items_run_id_id")
                    .table(id("bulk_items"))
                    .col(id("run_id"))
                    .col(id("id"))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_bulk_items_run_id_outcome_id")
                    .table(id("bulk_items"))
                    .col(id("run_id"))
                    .col(id("outcome"))
                    .col(id("id"))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(id("bulk_items")).if_exists().take())
            .await?;
        manager
            .drop_table(Table::drop().table(id("bulk_runs")).if_exists().take())
            .await
    }
}
