//! The clients dashboard's per-status totals, total and licence count from `row_counts`
//! (000013): clients per status and configuration, kept by the same triggers. Counting them
//! per request read all 1M clients three times for the default page.

use crate::m20261125_000013_row_counts::{install, uninstall, Counted};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000015_client_counts"
    }
}

pub const TABLES: &[Counted] = &[Counted {
    table: "clients",
    status: Some("status"),
    dims: &["configuration_id"],
}];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for c in TABLES {
            install(manager, c).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for c in TABLES {
            uninstall(manager, c).await?;
        }
        Ok(())
    }
}
