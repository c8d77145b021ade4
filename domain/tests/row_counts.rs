//! The lists' totals come from counters the database keeps (`row_counts`, migration 000013):
//! they follow every insert, status change, move between currencies and delete, one row or
//! many at a time, and a database that already has rows is counted when it migrates. (Every
//! database story also ends with a recount of all counters: `db_test!`.)

mod support;

use domain::counts::{by_status, Tally};
use domain::entities::invoice;
use migration::{Migrator, MigratorTrait};
use model::InvoiceStatus;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use support::invoices::InvoiceBuilder;
use support::{catalogue, new_client};

/// `(unpaid, paid, cancelled)` invoices, all or in one currency.
async fn invoices(db: &DatabaseConnection, currency: Option<&str>) -> (u64, u64, u64) {
    let counts = by_status(
        db,
        &Tally::maybe("invoices", "currency", currency.map(str::to_owned)),
    )
    .await
    .unwrap()
    .expect("invoices are counted per currency");
    let n = |s: InvoiceStatus| counts.get(s.as_str()).copied().unwrap_or(0);
    (
        n(InvoiceStatus::Unpaid),
        n(InvoiceStatus::Paid),
        n(InvoiceStatus::Cancelled),
    )
}

test_support::db_test!(invoice_totals_follow_every_change, |db| {
    catalogue(db).await;
    let acme = new_client(db, "Acme").await;
    let a1 = InvoiceBuilder::new(acme, "A-1").create(db).await;
    InvoiceBuilder::new(acme, "A-2")
        .status(InvoiceStatus::Paid)
        .create(db)
        .await;
    let u1 = InvoiceBuilder::new(acme, "U-1")
        .currency("USD")
        .create(db)
        .await;
    assert_eq!(invoices(db, None).await, (2, 1, 0));
    assert_eq!(invoices(db, Some("EUR")).await, (1, 1, 0));
    assert_eq!(invoices(db, Some("USD")).await, (1, 0, 0));
    assert_eq!(invoices(db, Some("JPY")).await, (0, 0, 0));

    // A-1 is paid.
    let mut paid: invoice::ActiveModel = a1.into();
    paid.status = Set(InvoiceStatus::Paid);
    paid.update(db).await.unwrap();
    assert_eq!(invoices(db, Some("EUR")).await, (0, 2, 0));

    // U-1 is reissued in euros; a change of neither status nor currency changes nothing.
    let mut moved: invoice::ActiveModel = u1.into();
    moved.currency = Set("EUR".into());
    let u1 = moved.update(db).await.unwrap();
    let mut renamed: invoice::ActiveModel = u1.clone().into();
    renamed.client_name = Set("Acme Ltd".into());
    renamed.update(db).await.unwrap();
    assert_eq!(invoices(db, Some("EUR")).await, (1, 2, 0));
    assert_eq!(invoices(db, Some("USD")).await, (0, 0, 0));

    // Many rows in one statement: every euro invoice cancelled, then one deleted.
    invoice::Entity::update_many()
        .col_expr(invoice::Column::Status, Expr::value("cancelled"))
        .filter(invoice::Column::Currency.eq("EUR"))
        .exec(db)
        .await
        .unwrap();
    assert_eq!(invoices(db, None).await, (0, 0, 3));
    invoice::Entity::delete_by_id(u1.id).exec(db).await.unwrap();
    assert_eq!(invoices(db, None).await, (0, 0, 2));
});

test_support::db_test!(a_database_with_rows_is_counted_when_it_migrates, |db| {
    catalogue(db).await;
    let acme = new_client(db, "Acme").await;
    // As before the counters existed: their migration (and any later) undone, rows written.
    let since = Migrator::migrations()
        .iter()
        .rev()
        .position(|m| m.name() == "m20261125_000013_row_counts")
        .expect("the counters' migration")
        + 1;
    Migrator::down(db, Some(since as u32)).await.unwrap();
    for n in 1..=3 {
        InvoiceBuilder::new(acme, &format!("A-{n}"))
            .create(db)
            .await;
    }
    InvoiceBuilder::new(acme, "A-4")
        .status(InvoiceStatus::Paid)
        .currency("GBP")
        .create(db)
        .await;

    Migrator::up(db, None).await.unwrap();
    assert_eq!(invoices(db, None).await, (3, 1, 0));
    assert_eq!(invoices(db, Some("GBP")).await, (0, 1, 0));
    // And they are kept from then on.
    InvoiceBuilder::new(acme, "A-5").create(db).await;
    assert_eq!(invoices(db, Some("EUR")).await, (4, 0, 0));
});

test_support::db_test!(only_counted_columns_are_answered_from_counters, |db| {
    // A column the counters do not keep, or a table they do not count, is left to a query.
    let not_kept = Tally::of("invoices", "client_id", vec!["1".into()]);
    assert_eq!(by_status(db, &not_kept).await.unwrap(), None);
    assert_eq!(by_status(db, &Tally::all("users")).await.unwrap(), None);
    let empty = by_status(db, &Tally::all("ssh_keys")).await.unwrap();
    assert_eq!(empty.map(|c| c.values().sum::<u64>()), Some(0));
});

test_support::db_test!(the_dashboard_header_follows_a_clients_status, |db| {
    use domain::entities::client;
    use domain::services::client_query;
    use model::client_query::ClientQuery;
    use model::ClientStatus;

    catalogue(db).await;
    let acme = new_client(db, "Acme").await;
    new_client(db, "Beta").await;
    let header = |q: ClientQuery| async move {
        let p = client_query::page(db, &q).await.unwrap();
        let n = |s: ClientStatus| p.status_totals.iter().find(|(t, _)| *t == s).unwrap().1;
        (
            p.total,
            n(ClientStatus::Active),
            n(ClientStatus::Inactive),
            p.licence_count,
        )
    };
    assert_eq!(header(ClientQuery::default()).await, (2, 0, 2, 0));

    // Acme becomes active: the totals and the licence count follow, as does a status filter.
    let row = client::Entity::find_by_id(acme)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let config = row.configuration_id;
    let mut active: client::ActiveModel = row.into();
    active.status = Set(ClientStatus::Active);
    active.update(db).await.unwrap();
    assert_eq!(header(ClientQuery::default()).await, (2, 1, 1, 1));
    let only_active = ClientQuery {
        statuses: vec![ClientStatus::Active],
        ..Default::default()
    };
    assert_eq!(header(only_active).await, (1, 1, 1, 1));

    // A configuration is answered by the counters too; a configuration nobody has counts none.
    let of = |ids: Vec<i32>| ClientQuery {
        configurations: ids,
        ..Default::default()
    };
    assert_eq!(header(of(vec![config])).await.0, 2);
    assert_eq!(header(of(vec![9_999])).await, (0, 0, 0, 1));
    // Any other filter counts with a query, and agrees.
    let named = ClientQuery {
        search: "acme".into(),
        ..Default::default()
    };
    assert_eq!(header(named).await, (1, 1, 0, 1));
});
