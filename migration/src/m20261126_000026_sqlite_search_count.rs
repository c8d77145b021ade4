//! SQLite: the clients a search finds, counted per status without reading their rows.
//!
//! A common word (`gmbh`: 128k of 1M clients) is found by the trigram index in ~15 ms, but
//! counting its matches per status looked each one up in `clients`, whose rows (all the
//! searched text among them) fill gigabytes: ~300 ms of page reads. `(id, status)` is the
//! same lookup in an index of a few megabytes, which stays in the page cache (~100 ms).
//! SQLite's planner always prefers the table's own key for `id IN (...)`, so the count names
//! this index (`client_query`). PostgreSQL's trigram index must recheck each match in the
//! table anyway: nothing to add there.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000026_sqlite_search_count"
    }
}

/// The index the dashboard's count names on SQLite.
pub const INDEX: &str = "idx_clients_id_status";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            manager
                .get_connection()
                .execute_unprepared(&format!("CREATE INDEX {INDEX} ON clients (id, status)"))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            manager
                .get_connection()
                .execute_unprepared(&format!("DROP INDEX IF EXISTS {INDEX}"))
                .await?;
        }
        Ok(())
    }
}
