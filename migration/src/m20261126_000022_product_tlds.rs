//! Products carry the TLDs they sell: "register example.de" finds its product here, not by a
//! catalogue code written into the domain service. One product may sell many TLDs (a
//! country-code product), a TLD is sold by one product.
//!
//! An existing database is filled with what registration did until now: `.com`, `.eu` and `.io`
//! by the products coded `dom-com`, `dom-eu` and `dom-io`, the other offered TLDs by `dom-cc`
//! (where those products exist). A new table of a dozen rows: instant at any size.

use crate::id;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000022_product_tlds"
    }
}

/// (TLD, the product code that sold it before this migration).
const SOLD_BEFORE: &[(&str, &str)] = &[
    ("com", "dom-com"),
    ("eu", "dom-eu"),
    ("io", "dom-io"),
    ("de", "dom-cc"),
    ("fr", "dom-cc"),
    ("nl", "dom-cc"),
    ("co.uk", "dom-cc"),
    ("ch", "dom-cc"),
    ("se", "dom-cc"),
    ("pl", "dom-cc"),
    ("ro", "dom-cc"),
    ("com.au", "dom-cc"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("product_tlds"))
                    .col(string_len(id("tld"), 63).primary_key())
                    .col(integer(id("product_id")))
                    .foreign_key(
                        ForeignKey::create()
                            .from(id("product_tlds"), id("product_id"))
                            .to(id("products"), id("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("product_tlds_product")
                    .table(id("product_tlds"))
                    .col(id("product_id"))
                    .take(),
            )
            .await?;
        for (tld, code) in SOLD_BEFORE {
            let product = Query::select()
                .expr(Expr::val(*tld))
                .column(id("id"))
                .from(id("products"))
                .and_where(Expr::col(id("code")).eq(*code))
                .take();
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(id("product_tlds"))
                        .columns([id("tld"), id("product_id")])
                        .select_from(product)
                        .map_err(|e| DbErr::Migration(e.to_string()))?
                        .take(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(id("product_tlds")).take())
            .await
    }
}
