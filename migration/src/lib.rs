//! Database schema, as sea-orm migrations. The same migrations run on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_create_schema;
mod m20261125_000002_auth_and_audit;
mod m20261125_000003_dashboard;
mod m20261125_000004_detail;
mod m20261125_000005_jobs_and_licence;
mod m20261125_000006_staff_roles;
mod m20261125_000007_one_where_one;
mod m20261125_000008_cloud_progress;
mod m20261125_000009_client_notes;
mod m20261125_000011_search_identifiers;
mod m20261125_000012_staff_lists;
mod m20261125_000013_row_counts;
mod m20261125_000014_list_plans;
mod m20261125_000015_client_counts;
mod m20261125_000016_client_facts;
mod m20261125_000017_client_search;
mod m20261125_000018_sqlite_sort_flags;
mod m20261126_000019_staff_views;
mod m20261126_000020_bulk_runs;
mod m20261126_000021_tax_rates;
mod m20261126_000022_product_tlds;
mod m20261126_000023_client_profile;
mod m20261126_000024_client_uses;
mod m20261126_000025_client_created_day;
mod m20261126_000026_sqlite_search_count;
pub mod upkeep;

/// Drops the trigger `name` on `table` (and on PostgreSQL its function of the same name).
pub(crate) async fn drop_trigger(
    manager: &SchemaManager<'_>,
    table: &str,
    name: &str,
) -> Result<(), DbErr> {
    use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};
    let db = manager.get_connection();
    if manager.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name} ON \"{table}\""))
            .await?;
        db.execute_unprepared(&format!("DROP FUNCTION IF EXISTS {name}()"))
            .await?;
    } else {
        db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}"))
            .await?;
    }
    Ok(())
}

/// A table or column name in a migration's schema statements.
pub(crate) fn id(name: &str) -> Alias {
    Alias::new(name)
}

pub use m20261125_000011_search_identifiers::VAT_ID_KEY;
pub use m20261125_000013_row_counts::Counted;
pub use m20261125_000016_client_facts::{drift_sql as facts_drift_sql, ENDED_SERVICES};
pub use m20261125_000017_client_search::{fold as fold_search, search_key};
pub use m20261125_000018_sqlite_sort_flags::drift_sql as sort_flags_drift_sql;
pub use m20261126_000023_client_profile::PROFILE_PARTS;
pub use m20261126_000024_client_uses::drift_sql as uses_drift_sql;
pub use m20261126_000026_sqlite_search_count::INDEX as SQLITE_SEARCH_COUNT_INDEX;

/// Every table `row_counts` counts, as the latest migration that (re)defined it counts it
/// (clients: 000015, 000016 with the client facts, 000023 with their profile, then 000025
/// with their creation day; `client_uses`: 000024).
pub fn counted() -> impl Iterator<Item = &'static Counted> {
    m20261125_000013_row_counts::TABLES
        .iter()
        .chain(m20261126_000025_client_created_day::TABLES)
        .chain(m20261126_000024_client_uses::TABLES)
}

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_schema::Migration),
            Box::new(m20261125_000002_auth_and_audit::Migration),
            Box::new(m20261125_000003_dashboard::Migration),
            Box::new(m20261125_000004_detail::Migration),
            Box::new(m20261125_000005_jobs_and_licence::Migration),
            Box::new(m20261125_000006_staff_roles::Migration),
            Box::new(m20261125_000007_one_where_one::Migration),
            Box::new(m20261125_000008_cloud_progress::Migration),
            Box::new(m20261125_000009_client_notes::Migration),
            Box::new(m20261125_000011_search_identifiers::Migration),
            Box::new(m20261125_000012_staff_lists::Migration),
            Box::new(m20261125_000013_row_counts::Migration),
            Box::new(m20261125_000014_list_plans::Migration),
            Box::new(m20261125_000015_client_counts::Migration),
            Box::new(m20261125_000016_client_facts::Migration),
            Box::new(m20261125_000017_client_search::Migration),
            Box::new(m20261125_000018_sqlite_sort_flags::Migration),
            Box::new(m20261126_000019_staff_views::Migration),
            Box::new(m20261126_000020_bulk_runs::Migration),
            Box::new(m20261126_000021_tax_rates::Migration),
            Box::new(m20261126_000022_product_tlds::Migration),
            Box::new(m20261126_000023_client_profile::Migration),
            Box::new(m20261126_000024_client_uses::Migration),
            Box::new(m20261126_000025_client_created_day::Migration),
            Box::new(m20261126_000026_sqlite_search_count::Migration),
        ]
    }
}
