//! Indexes for the staff lists behind the top bar (Billing, Cloud, Support, Domains): each
//! list's default order, alone and after its status filter, so a page reads its rows off an
//! index instead of sorting a table of millions. Plain columns, so both engines use them
//! (SQLite's expression indexes are avoided: see migration 000003). `IF NOT EXISTS`: on an
//! existing database these are built once over the rows already there.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000012_staff_lists"
    }
}

/// (table, columns); the index is named `idx_<table>_<columns>`.
const INDEXES: &[(&str, &[&str])] = &[
    ("invoices", &["issue_date", "id"]),
    ("invoices", &["status", "issue_date", "id"]),
    ("invoices", &["due_date", "id"]),
    ("invoices", &["total", "id"]),
    ("services", &["next_due_date", "id"]),
    ("services", &["status", "next_due_date", "id"]),
    ("services", &["product_id", "next_due_date", "id"]),
    ("services", &["display_name", "id"]),
    ("journal_entries", &["entry_date", "id"]),
    ("journal_entries", &["source", "entry_date", "id"]),
    ("journal_entries", &["destination", "entry_date", "id"]),
    ("projects", &["name", "id"]),
    ("projects", &["disabled", "id"]),
    // The projects list's region filter: a semi-join read off this index alone.
    ("instances", &["region_id", "project_id"]),
    ("instances", &["status", "id"]),
    ("instances", &["name", "id"]),
    ("volumes", &["status", "id"]),
    ("volumes", &["name", "id"]),
    ("networks", &["name", "id"]),
    ("routers", &["status", "id"]),
    ("routers", &["name", "id"]),
    ("ssh_keys", &["name", "id"]),
    ("images", &["name", "id"]),
    ("ports", &["status", "id"]),
    ("ports", &["mac_address", "id"]),
    ("tickets", &["status", "id"]),
    ("tickets", &["updated_at", "id"]),
    ("domains", &["status", "id"]),
    ("domains", &["expires_at", "id"]),
    ("domains", &["name", "id"]),
    ("domains", &["status", "expires_at", "id"]),
];

fn name(table: &str, cols: &[&str]) -> String {
    format!("idx_{table}_{}", cols.join("_"))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, cols) in INDEXES {
            let mut stmt = Index::create();
            stmt.if_not_exists()
                .name(name(table, cols))
                .table(Alias::new(*table));
            for c in *cols {
                stmt.col(Alias::new(*c));
            }
            manager.create_index(stmt).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, cols) in INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .if_exists()
                        .name(name(table, cols))
                        .table(Alias::new(*table))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
