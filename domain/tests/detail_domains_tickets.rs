//! Client detail: domains ("Register domain": domain, service and invoice in one transaction)
//! and tickets ("Open ticket"), on both engines.

use domain::entities::{
    domain_name, invoice, invoice_item, product, service, ticket, ticket_message,
};
use domain::services::{domains, invoices, tax, tickets};
use model::{AppError, DomainStatus, ServiceStatus, TicketStatus};
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use test_support::{domain_product, ClientBuilder};

async fn counts(db: &sea_orm::DatabaseConnection) -> [u64; 4] {
    [
        domain_name::Entity::find().count(db).await.unwrap(),
        service::Entity::find().count(db).await.unwrap(),
        invoice::Entity::find().count(db).await.unwrap(),
        invoice_item::Entity::find().count(db).await.unwrap(),
    ]
}

test_support::db_test!(registering_a_domain_bills_it_and_lists_it, |db| {
    domain_product(db, "Domain .com", &["com"], "12.00").await;
    domain_product(db, "Country domains", &["de", "fr"], "9.50").await;
    let c = ClientBuilder::new("Shop").active().build(db).await;
    let retired = domain_product(db, "Retired .biz", &["biz"], "5.00").await;
    product::Entity::update_many()
        .col_expr(product::Column::Enabled, Expr::value(false))
        .filter(product::Column::Id.eq(retired))
        .exec(db)
        .await
        .unwrap();
    // The form offers what a product on sale sells.
    assert_eq!(domains::tlds(db).await.unwrap(), ["com", "de", "fr"]);
    assert_eq!(domains::list(db, c.id, 1).await.unwrap().total, 0);

    let r = domains::register(db, test_actor(), c.id, " My-Shop42 ", "com", 2)
        .await
        .unwrap();
    let d = domain_name::Entity::find_by_id(r.domain_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(d.name, "my-shop42.com");
    assert_eq!(d.status, DomainStatus::Pending);
    assert_eq!(d.service_id, Some(r.service_id));
    assert_eq!(
        d.expires_at,
        chrono::Utc::now()
            .date_naive()
            .checked_add_months(chrono::Months::new(24))
    );
    let s = service::Entity::find_by_id(r.service_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.client_id, c.id);
    assert_eq!(s.status, ServiceStatus::Pending);
    let inv = invoices::get(db, r.invoice_id).await.unwrap();
    assert_eq!(inv.client_id, Some(c.id));
    assert_eq!(inv.items.len(), 1);
    assert_eq!(inv.items[0].quantity, Decimal::from(2));
    assert_eq!(inv.items[0].service_id, Some(r.service_id));
    assert_eq!(
        inv.items[0].amount,
        inv.items[0].unit_price * Decimal::from(2)
    );
    let rate = tax::rate_for(db, &c).await.unwrap();
    assert_eq!(inv.tax_total, tax::tax(inv.subtotal, rate));
    assert_eq!(inv.items[0].unit_price, Decimal::new(12, 0));
    let listed = domains::list(db, c.id, 1).await.unwrap();
    assert_eq!(listed.total, 1);
    assert_eq!(listed.rows[0].id, r.domain_id);
    let page = domains::get(db, r.domain_id).await.unwrap();
    assert_eq!(page.row.name, "my-shop42.com");
    assert_eq!(page.client.0, c.id);
    assert!(matches!(
        domains::get(db, 0).await,
        Err(AppError::NotFound(_))
    ));
    // A TLD is sold by its own product.
    let de = domains::register(db, test_actor(), c.id, "my-shop42", "de", 1)
        .await
        .unwrap();
    let de_invoice = invoices::get(db, de.invoice_id).await.unwrap();
    assert_eq!(de_invoice.items[0].unit_price, Decimal::new(95, 1));

    // Rejected input writes nothing.
    let before = counts(db).await;
    let e = domains::register(db, test_actor(), c.id, "my-shop42", "com", 1)
        .await
        .unwrap_err();
    assert_eq!(
        e.field("name").as_deref(),
        Some("my-shop42.com is already registered.")
    );
    let e = domains::register(db, test_actor(), c.id, "shop", "biz", 1)
        .await
        .unwrap_err();
    assert_eq!(
        e.field("tld").as_deref(),
        Some("Choose a TLD from the list.")
    );
    let e = domains::register(db, test_actor(), c.id, "-bad", "xyz", 0)
        .await
        .unwrap_err();
    assert!(e.field("name").is_some() && e.field("tld").is_some() && e.field("years").is_some());
    let e = domains::register(db, test_actor(), c.id, "shop.com", "com", 1)
        .await
        .unwrap_err();
    assert!(e.field("name").unwrap().contains("without the TLD"));
    let e = domains::register(db, test_actor(), c.id, "bad_name", "com", 1)
        .await
        .unwrap_err();
    assert!(e.field("name").is_some());
    let e = domains::register(db, test_actor(), c.id, "", "com", 11)
        .await
        .unwrap_err();
    assert!(e.field("name").is_some() && e.field("years").is_some());
    assert!(matches!(
        domains::register(db, test_actor(), 999_999, "fine", "com", 1).await,
        Err(AppError::NotFound(_))
    ));
    assert_eq!(counts(db).await, before);
});

test_support::db_test!(tickets_list_open_and_page, |db| {
    let acme = ClientBuilder::new("Acme").build(db).await;
    tickets::open(
        db,
        test_actor(),
        acme.id,
        "Two invoices this month?",
        "billing",
        "We were billed twice.",
    )
    .await
    .unwrap();
    let t = ticket::Entity::find().one(db).await.unwrap().unwrap();
    let p = tickets::list(db, t.client_id, 1).await.unwrap();
    let n = ticket::Entity::find()
        .filter(ticket::Column::ClientId.eq(t.client_id))
        .count(db)
        .await
        .unwrap();
    assert_eq!(p.total, n);
    let page = tickets::get(db, t.id).await.unwrap();
    let msgs = ticket_message::Entity::find()
        .filter(ticket_message::Column::TicketId.eq(t.id))
        .count(db)
        .await
        .unwrap();
    assert_eq!(page.messages.len() as u64, msgs);
    assert!(msgs > 0);
    assert!(matches!(
        tickets::get(db, 0).await,
        Err(AppError::NotFound(_))
    ));

    let before = (
        ticket::Entity::find().count(db).await.unwrap(),
        ticket_message::Entity::find().count(db).await.unwrap(),
    );
    let e = tickets::open(db, test_actor(), t.client_id, " ", "nowhere", "")
        .await
        .unwrap_err();
    assert_eq!(
        e.field("title").as_deref(),
        Some("Give the ticket a title.")
    );
    assert_eq!(
        e.field("department").as_deref(),
        Some("Choose a department.")
    );
    assert_eq!(
        e.field("message").as_deref(),
        Some("Write the first message.")
    );
    assert!(matches!(
        tickets::open(db, test_actor(), 999_999, "t", "sales", "m").await,
        Err(AppError::NotFound(_))
    ));
    assert_eq!(
        (
            ticket::Entity::find().count(db).await.unwrap(),
            ticket_message::Entity::find().count(db).await.unwrap(),
        ),
        before
    );

    let id = tickets::open(
        db,
        test_actor(),
        t.client_id,
        "Cannot reach my VM",
        "technical",
        "It stopped at 3am.",
    )
    .await
    .unwrap();
    let page = tickets::get(db, id).await.unwrap();
    assert_eq!(page.row.title, "Cannot reach my VM");
    assert_eq!(page.row.status, TicketStatus::Open);
    assert_eq!(page.messages.len(), 1);
    assert!(page.messages[0].is_staff);
    assert_eq!(page.messages[0].body, "It stopped at 3am.");
    assert_eq!(
        tickets::list(db, t.client_id, 1).await.unwrap().rows[0].id,
        id
    );
});

/// The staff member the audit log names in these tests (static: some calls outlive a temporary).
fn test_actor() -> &'static domain::audit::Actor {
    static ACTOR: std::sync::LazyLock<domain::audit::Actor> =
        std::sync::LazyLock::new(|| domain::audit::Actor {
            user_id: None,
            email: "staff@test".into(),
            bulk_run: None,
        });
    &ACTOR
}
