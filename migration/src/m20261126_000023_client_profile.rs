//! The dashboard's column filters in any combination from the counters.
//!
//! Configuration, "has services", "has instances", tax exemption and billing agreement are
//! each counted per status (000015, 000016), so one of them alone is a counter read; two
//! together counted the matching clients (300–350 ms at 1M for a configuration with services).
//! `clients.profile` is the five values in one text (`3|1|0|0|1`), a generated column kept by
//! the database, and `row_counts` counts clients per profile and status: any combination of
//! the five is the sum over the profiles it accepts (a few hundred counter rows at most: one
//! per configuration and flag combination in use).

use crate::m20261125_000013_row_counts::{recounted, Counted};
use crate::m20261125_000016_client_facts as before;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000023_client_profile"
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
    ],
}];

/// The profile's parts, in order: `PROFILE` in `model::client_query` reads them back.
pub const PROFILE_PARTS: [&str; 5] = [
    "configuration_id",
    "has_services",
    "has_instances",
    "tax_exempt",
    "billing_agreement",
];

/// The generated column's expression: every part as text (booleans as `0`/`1` on both
/// engines), joined by `|`.
fn profile(postgres: bool) -> String {
    PROFILE_PARTS
        .iter()
        .map(|p| match (*p, postgres) {
            ("tax_exempt" | "billing_agreement", true) => {
                format!("(CASE WHEN \"{p}\" THEN '1' ELSE '0' END)")
            }
            (_, true) => format!("CAST(\"{p}\" AS TEXT)"),
            (_, false) => format!("CAST(\"{p}\" AS INTEGER)"),
        })
        .collect::<Vec<_>>()
        .join(" || '|' || ")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        // SQLite computes a virtual column when read (no rewrite of the table); PostgreSQL
        // only stores generated columns (one rewrite of `clients`).
        let kind = if postgres { "STORED" } else { "VIRTUAL" };
        let add = format!(
            "ALTER TABLE clients ADD COLUMN profile VARCHAR(64) GENERATED ALWAYS AS ({}) {kind}",
            profile(postgres)
        );
        recounted(manager, before::TABLES, &add, TABLES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let drop = "ALTER TABLE clients DROP COLUMN profile";
        recounted(manager, TABLES, drop, before::TABLES).await
    }
}
