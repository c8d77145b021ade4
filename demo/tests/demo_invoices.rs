//! The demo's invoices are made by the product's own tax rule: every one carries the rate
//! `tax::rate_for` gives its client, and its tax is `tax::tax` of its subtotal.

use domain::entities::{client, invoice};
use domain::services::tax;
use rust_decimal::Decimal;
use sea_orm::EntityTrait;
use test_support::anchor;

test_support::db_test!(every_demo_invoice_is_taxed_by_the_tax_table, |db| {
    demo::seed_demo_if_empty(db, anchor()).await.unwrap();
    let clients: std::collections::HashMap<i32, client::Model> = client::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let all = invoice::Entity::find().all(db).await.unwrap();
    let table = tax::TaxTable::load(db).await.unwrap();
    let mut rates = std::collections::BTreeSet::new();
    for i in &all {
        let c = &clients[&i.client_id.unwrap()];
        assert_eq!(
            Some(i.tax_rate.get()),
            table.rate(c.tax_exempt, &c.country, &c.state),
            "invoice {}",
            i.number
        );
        assert_eq!(
            i.tax_total.get(),
            tax::tax(i.subtotal.get(), i.tax_rate.get())
        );
        rates.insert(i.tax_rate.get());
    }
    // Several distinct rates were compared, zero (exempt) among them.
    assert!(
        rates.len() > 3 && rates.contains(&Decimal::ZERO),
        "{rates:?}"
    );
});
