//! Tax rates as data: the standard rate of each country staff bill in, and of a region where it
//! differs (US sales tax is per state). A client's invoices carry the rate of its region, else
//! its country's; a country with no rate here is an explicit "unknown" the panel shows and
//! invoicing refuses, never a silent 0 %.
//!
//! Filled with the rates of the countries the product launched with; staff edit them from
//! then on. A new table of a few dozen rows: instant on a database of any size.

use crate::id;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000021_tax_rates"
    }
}

/// Storage scale of money columns (see `app::server::money`): ten-thousandths.
const SCALE: i64 = 10_000;

/// (country, region ("" for the whole country), rate in basis points).
pub const STANDARD_RATES: &[(&str, &str, i64)] = &[
    ("AU", "", 1000),
    ("CH", "", 810),
    ("DE", "", 1900),
    ("ES", "", 2100),
    ("FR", "", 2000),
    ("GB", "", 2000),
    ("IT", "", 2200),
    ("NL", "", 2100),
    ("PL", "", 2300),
    ("RO", "", 2100),
    ("SE", "", 2500),
    // The United States have no federal sales tax: a state's own rate, or none.
    ("US", "", 0),
    ("US", "CA", 725),
    ("US", "CO", 290),
    ("US", "IL", 625),
    ("US", "MA", 625),
    ("US", "NY", 400),
    ("US", "TX", 625),
    ("US", "WA", 650),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("tax_rates"))
                    .col(string_len(id("country"), 2))
                    .col(string_len(id("region"), 64).default(""))
                    // Percent, as money is stored (ten-thousandths).
                    .col(big_integer(id("rate")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .primary_key(Index::create().col(id("country")).col(id("region")))
                    .take(),
            )
            .await?;
        let mut insert = Query::insert()
            .into_table(id("tax_rates"))
            .columns([id("country"), id("region"), id("rate"), id("updated_at")])
            .to_owned();
        for (country, region, bp) in STANDARD_RATES {
            insert.values_panic([
                (*country).into(),
                (*region).into(),
                (bp * SCALE / 100).into(),
                Expr::current_timestamp(),
            ]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(id("tax_rates")).if_exists().take())
            .await
    }
}
