//! Indexes for the dashboard's search by identifier (`app::server::services::client_search`):
//! each lookup is an index probe on the identifier's own table that yields a few client ids.
//!
//! - `instances.ipv4` (exact match);
//! - `instances.openstack_id` and `projects.openstack_id` as prefix ranges (`>= p AND < p'`).
//!   PostgreSQL compares them `COLLATE "C"` (byte order, whatever the database's collation,
//!   which may ignore hyphens), so it needs indexes in that collation; SQLite's BINARY
//!   collation already is byte order and its unique index on `projects.openstack_id` serves;
//! - the VAT ID as staff type it in any case or spacing: [`VAT_ID_KEY`].
//!
//! `users.email` and `invoices.number` already have unique indexes, `client_users.user_id` an
//! index. Creating an index reads the table once; `IF NOT EXISTS` makes it safe to re-run.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000011_search_identifiers"
    }
}

/// The VAT ID upper-cased without spaces, dots and hyphens (`CHE-123.456.789 MWST` is
/// `CHE123456789MWST`): the indexed expression, which a query must repeat exactly.
pub const VAT_ID_KEY: &str =
    r#"upper(replace(replace(replace("vat_id", ' ', ''), '.', ''), '-', ''))"#;

/// (index name, table, indexed expressions).
fn indexes(backend: DatabaseBackend) -> Vec<(&'static str, &'static str, String)> {
    let mut v = vec![
        ("idx_instances_ipv4", "instances", r#"("ipv4")"#.to_owned()),
        (
            "idx_clients_vat_id_key",
            "clients",
            format!("({VAT_ID_KEY})"),
        ),
    ];
    match backend {
        DatabaseBackend::Postgres => {
            v.push((
                "idx_instances_openstack_id",
                "instances",
                r#"("openstack_id" COLLATE "C")"#.to_owned(),
            ));
            v.push((
                "idx_projects_openstack_id_c",
                "projects",
                r#"("openstack_id" COLLATE "C")"#.to_owned(),
            ));
        }
        _ => v.push((
            "idx_instances_openstack_id",
            "instances",
            r#"("openstack_id")"#.to_owned(),
        )),
    }
    v
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, table, cols) in indexes(manager.get_database_backend()) {
            db.execute_unprepared(&format!(
                r#"CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" {cols}"#
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, _, _) in indexes(manager.get_database_backend()) {
            db.execute_unprepared(&format!(r#"DROP INDEX IF EXISTS "{name}""#))
                .await?;
        }
        Ok(())
    }
}
