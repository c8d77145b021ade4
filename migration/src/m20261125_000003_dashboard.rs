//! Indexes that let PostgreSQL walk the dashboard's sorts instead of sorting every client.
//!
//! An index serves an ORDER BY only when its expressions match the query's, so these mirror
//! `app::server::services::client_query::order_terms` exactly: the "no company / no group
//! last" flags and the `COLLATE "C"` of text sorts.
//!
//! PostgreSQL only. On SQLite the same expression indexes make the bundled SQLite (3.51.3)
//! return wrong pages: with `((company = ''), company, id)` in place, a filtered
//! `... WHERE EXISTS (...) ORDER BY (company = ''), company, id LIMIT 96 OFFSET 192` returned
//! 96 rows where only 36 remain. SQLite keeps its plain column indexes (which end with the
//! rowid, i.e. the client ID) and sorts the rest itself.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000003_dashboard"
    }
}

/// (index name, column list) on PostgreSQL.
const POSTGRES: &[(&str, &str)] = &[
    (
        "idx_clients_sort_company_asc",
        r#"(("company" = ''), "company" COLLATE "C", "id")"#,
    ),
    (
        "idx_clients_sort_company_desc",
        r#"(("company" <> ''), "company" COLLATE "C", "id")"#,
    ),
    (
        "idx_clients_sort_group_asc",
        r#"(("first_group_name" IS NULL), "first_group_name" COLLATE "C", "id")"#,
    ),
    (
        "idx_clients_sort_group_desc",
        r#"(("first_group_name" IS NOT NULL), "first_group_name" COLLATE "C", "id")"#,
    ),
    (
        "idx_clients_sort_country",
        r#"("country" COLLATE "C", "id")"#,
    ),
    ("idx_clients_sort_created", r#"("created_at", "id")"#),
    ("idx_clients_sort_credit", r#"("uptodate_credit", "id")"#),
];

fn indexes(backend: DatabaseBackend) -> &'static [(&'static str, &'static str)] {
    match backend {
        DatabaseBackend::Postgres => POSTGRES,
        _ => &[],
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, cols) in indexes(manager.get_database_backend()) {
            db.execute_unprepared(&format!(
                r#"CREATE INDEX IF NOT EXISTS "{name}" ON "clients" {cols}"#
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, _) in indexes(manager.get_database_backend()) {
            db.execute_unprepared(&format!(r#"DROP INDEX IF EXISTS "{name}""#))
                .await?;
        }
        Ok(())
    }
}
