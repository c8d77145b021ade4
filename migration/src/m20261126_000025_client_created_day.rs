//! The dashboard's "created between" filter from the counters.
//!
//! A year of creation dates is half of a 1M-client table: counting it per request read 555k
//! entries of the `(created_at, status)` index (180–280 ms). `clients.created_day` is the UTC
//! day a client was created (`YYYY-MM-DD`, a generated column: virtual on SQLite, stored on
//! PostgreSQL), and `row_counts` counts clients per day and status, so a date range alone
//! is the sum of a few hundred counter rows (one per day and status in use).
//!
//! `created_at` is written once, when the client is created; the counters follow inserts,
//! deletes and status changes (every database test compares them with a recount).

use crate::m20261125_000013_row_counts::{recounted, Counted};
use crate::m20261126_000023_client_profile as before;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000025_client_created_day"
    }
}

pub const TABLES: &[Counted] = &[Counted {
    table: "clients",
    status: Some("status"),
    dims: &[
        "configuration_id",
        "has_services",
        "has_instances",
        "tax_exempt",
        "billing_agreement",
        "profile",
        "created_day",
    ],
}];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite stores the time as text that starts with the UTC date; PostgreSQL only
        // stores generated columns (one rewrite of `clients`).
        let column = if manager.get_database_backend() == DatabaseBackend::Postgres {
            "created_day DATE GENERATED ALWAYS AS ((created_at AT TIME ZONE 'UTC')::date) STORED"
        } else {
            "created_day VARCHAR(10) GENERATED ALWAYS AS (substr(created_at, 1, 10)) VIRTUAL"
        };
        let add = format!("ALTER TABLE clients ADD COLUMN {column}");
        recounted(manager, before::TABLES, &add, TABLES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let drop = "ALTER TABLE clients DROP COLUMN created_day";
        recounted(manager, TABLES, drop, before::TABLES).await
    }
}
