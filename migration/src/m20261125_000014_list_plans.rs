//! Indexes for list pages the 1M-client benchmark found slow (docs/performance.md):
//!
//! - invoices by amount range: the totals group the range by status, read off the index
//!   alone with the status beside the amount (not off 100,000 table rows);
//! - services of a product sorted by name: PostgreSQL walked the name index past a million
//!   services of other products (names and products go together, which its statistics do not
//!   see); with the product first the walk reads only that product's services;
//! - two counted filters at once (tickets by department and priority, instances by region and
//!   flavor), which the counters cannot answer: their totals are read off one index.
//!
//! `IF NOT EXISTS`: safe to re-run; each reads its table once (seconds at 1M clients).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000014_list_plans"
    }
}

const INDEXES: &[(&str, &str, &str)] = &[
    (
        "idx_invoices_total_status",
        "invoices",
        r#""total", "status""#,
    ),
    (
        "idx_services_product_id_display_name_id",
        "services",
        r#""product_id", "display_name", "id""#,
    ),
    (
        "idx_tickets_department_priority_status",
        "tickets",
        r#""department", "priority", "status""#,
    ),
    (
        "idx_instances_region_id_flavor_id_status",
        "instances",
        r#""region_id", "flavor_id", "status""#,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, table, cols) in INDEXES {
            db.execute_unprepared(&format!(
                r#"CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({cols})"#
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, _, _) in INDEXES {
            db.execute_unprepared(&format!(r#"DROP INDEX IF EXISTS "{name}""#))
                .await?;
        }
        Ok(())
    }
}
