//! Client detail: header, overview, invoices (list, page, "Add invoice"), journal and services,
//! each story with the few clients it builds, on SQLite and PostgreSQL.

use domain::entities::{invoice, invoice_item, service};
use domain::services::{billing_services, client_detail, credit, invoices, journal, tax};
use model::billing::{InvoiceTone, NewInvoice, NewInvoiceItem};
use model::client_detail::PER_PAGE;
use model::credit::{CreditInput, Direction};
use model::{AppError, ClientStatus, InvoiceStatus, ServiceStatus};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::str::FromStr;
use test_support::{anchor, group, pay_by_gateway, staff, ClientBuilder};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn item(desc: &str, q: &str, p: &str) -> NewInvoiceItem {
    NewInvoiceItem {
        description: desc.into(),
        quantity: q.into(),
        unit_price: p.into(),
    }
}

test_support::db_test!(the_header_and_overview_show_the_client_as_it_stands, |db| {
    let vip = group(db, "VIP").await;
    let c = ClientBuilder::new("Acme")
        .email("billing@acme.test")
        .in_group(vip)
        .active()
        .build(db)
        .await;
    let h = client_detail::header(db, c.id).await.unwrap();
    assert_eq!(h.status, ClientStatus::Active);
    assert_eq!(h.name, "Acme");
    credit::apply(db, &staff(), c.id, add_credit("25.00"))
        .await
        .unwrap();
    let o = client_detail::overview(db, c.id).await.unwrap();
    assert_eq!(o.email, "billing@acme.test");
    assert_eq!(o.credit_balance, d("25"));
    assert_eq!(o.uptodate_credit, d("25"));
    assert_eq!(o.out_of_credit_since, None);
    assert_eq!(o.groups.len(), 1);
    assert!(matches!(
        client_detail::header(db, 999_999).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        client_detail::overview(db, 999_999).await,
        Err(AppError::NotFound(_))
    ));
});

test_support::db_test!(invoices_list_newest_first_over_pages_with_tones, |db| {
    let per = PER_PAGE as usize;
    let c = ClientBuilder::new("Acme")
        .with_invoices(per + 2)
        .build(db)
        .await;
    let all = invoice::Entity::find()
        .filter(invoice::Column::ClientId.eq(c.id))
        .order_by_desc(invoice::Column::IssueDate)
        .order_by_desc(invoice::Column::Id)
        .all(db)
        .await
        .unwrap();
    let p1 = invoices::list(db, c.id, 1).await.unwrap();
    assert_eq!(p1.total, per as u64 + 2);
    assert_eq!(p1.pages(), 2);
    let want: Vec<i32> = all.iter().take(per).map(|i| i.id).collect();
    assert_eq!(p1.rows.iter().map(|r| r.id).collect::<Vec<_>>(), want);
    let p2 = invoices::list(db, c.id, 2).await.unwrap();
    assert_eq!(
        p2.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        all[per..].iter().map(|i| i.id).collect::<Vec<_>>()
    );
    let today = chrono::Utc::now().date_naive();
    for r in &p1.rows {
        assert_eq!(
            r.tone,
            InvoiceTone::of(InvoiceStatus::Unpaid, r.due_date, today)
        );
    }
    // Colours follow the rule.
    assert_eq!(
        InvoiceTone::of(
            InvoiceStatus::Unpaid,
            anchor(),
            anchor().succ_opt().unwrap()
        ),
        InvoiceTone::Overdue
    );
    assert_eq!(InvoiceTone::Overdue.class(), "tone-red");
    assert_eq!(
        InvoiceTone::of(InvoiceStatus::Unpaid, anchor(), anchor()),
        InvoiceTone::Due
    );
    assert_eq!(
        InvoiceTone::of(InvoiceStatus::Refunded, anchor(), anchor()).class(),
        "tone-grey"
    );

    // A paid invoice's page: items add up to the subtotal, the payment is its journal entry.
    let paid = all[0].id;
    let entry = pay_by_gateway(db, paid, chrono::Utc::now()).await;
    let page = invoices::get(db, paid).await.unwrap();
    assert_eq!(page.row.status, InvoiceStatus::Paid);
    let sum: Decimal = page.items.iter().map(|i| i.amount).sum();
    assert_eq!(sum, page.subtotal);
    assert_eq!(page.subtotal + page.tax_total, page.row.total);
    assert_eq!(page.payments.len(), 1);
    assert_eq!(page.payments[0].id, entry);
    assert_eq!(page.payments[0].amount, page.row.total);
    let listed = invoices::list(db, c.id, 1).await.unwrap();
    assert_eq!(listed.rows[0].tone, InvoiceTone::Paid);
    assert!(matches!(
        invoices::get(db, 0).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        invoices::list(db, 999_999, 1).await,
        Err(AppError::NotFound(_))
    ));
});

test_support::db_test!(add_invoice_computes_totals_and_tax, |db| {
    let taxed = ClientBuilder::new("Müller Cloud GmbH")
        .country("DE")
        .build(db)
        .await;
    let rate = tax::rate_for(db, &taxed).await.unwrap();
    assert_eq!(rate, d("19"));
    let id = invoices::create(
        db,
        test_actor(),
        taxed.id,
        NewInvoice {
            items: vec![item("Consulting", "3", "0.335"), item(" Setup ", "1", "10")],
            due_date: String::new(),
        },
    )
    .await
    .unwrap();
    let inv = invoices::get(db, id).await.unwrap();
    // 3 × 0.335 = 1.005 -> 1.01; subtotal 11.01; tax 19 % = 2.0919 -> 2.09.
    assert_eq!(inv.subtotal, d("11.01"));
    assert_eq!(inv.tax_total, d("2.09"));
    assert_eq!(inv.row.total, d("13.10"));
    assert_eq!(inv.row.status, InvoiceStatus::Unpaid);
    assert_eq!(inv.items.len(), 2);
    assert_eq!(inv.items[1].description, "Setup");
    assert_eq!(inv.row.currency, taxed.currency);
    assert!(inv.row.number.starts_with("INV-") && inv.row.number.ends_with(&format!("{id:06}")));
    assert!(inv.row.due_date > chrono::Utc::now().date_naive());

    let exempt = ClientBuilder::new("Charity e.V.")
        .country("DE")
        .tax_exempt()
        .build(db)
        .await;
    let due = (chrono::Utc::now().date_naive() + chrono::Duration::days(5)).to_string();
    let id = invoices::create(
        db,
        test_actor(),
        exempt.id,
        NewInvoice {
            items: vec![item("Hosting", "2", "49.99")],
            due_date: due.clone(),
        },
    )
    .await
    .unwrap();
    let inv = invoices::get(db, id).await.unwrap();
    assert_eq!(inv.tax_total, Decimal::ZERO);
    assert_eq!(inv.row.total, d("99.98"));
    assert_eq!(inv.row.due_date.to_string(), due);
});

test_support::db_test!(add_invoice_rejects_bad_input_and_writes_nothing, |db| {
    let c = ClientBuilder::new("Acme").with_invoices(1).build(db).await;
    let before = (
        invoice::Entity::find().count(db).await.unwrap(),
        invoice_item::Entity::find().count(db).await.unwrap(),
    );
    let reject = |items: Vec<NewInvoiceItem>, due: &str| {
        invoices::create(
            db,
            test_actor(),
            c.id,
            NewInvoice {
                items,
                due_date: due.into(),
            },
        )
    };
    let e = reject(vec![], "").await.unwrap_err();
    assert_eq!(e.field("items").as_deref(), Some("Add at least one item."));
    let e = reject(
        vec![
            item("", "1", "1"),
            item("Zero", "0", "1"),
            item("Negative", "1", "-1"),
            item("Precise", "1", "0.00001"),
            item("Text", "two", "1"),
        ],
        "2001-01-01",
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.field("items.0.description").as_deref(),
        Some("Describe the item.")
    );
    assert_eq!(
        e.field("items.1.quantity").as_deref(),
        Some("The quantity must be more than 0.")
    );
    assert_eq!(
        e.field("items.2.unit_price").as_deref(),
        Some("The unit price cannot be negative.")
    );
    assert_eq!(
        e.field("items.3.unit_price").as_deref(),
        Some("Use at most 4 decimal places.")
    );
    assert!(e.field("items.4.quantity").is_some());
    assert_eq!(
        e.field("due_date").as_deref(),
        Some("The due date cannot be in the past.")
    );
    let e = reject(vec![item("Big", "99999999999999", "99999999999999")], "")
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Invalid(_)), "{e:?}");
    let e = reject(vec![item("Bad date", "1", "1")], "31/12/2030")
        .await
        .unwrap_err();
    assert!(e.field("due_date").is_some());
    assert!(matches!(
        invoices::create(
            db,
            test_actor(),
            999_999,
            NewInvoice {
                items: vec![item("x", "1", "1")],
                due_date: String::new()
            }
        )
        .await,
        Err(AppError::NotFound(_))
    ));
    let after = (
        invoice::Entity::find().count(db).await.unwrap(),
        invoice_item::Entity::find().count(db).await.unwrap(),
    );
    assert_eq!(before, after);
});

test_support::db_test!(the_journal_and_services_tabs_list_what_happened, |db| {
    let c = ClientBuilder::new("Acme")
        .active()
        .with_invoices(1)
        .build(db)
        .await;
    let inv = invoice::Entity::find()
        .filter(invoice::Column::ClientId.eq(c.id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let yesterday = chrono::Utc::now() - chrono::Duration::days(1);
    let payment = pay_by_gateway(db, inv.id, yesterday).await;
    credit::apply(db, &staff(), c.id, add_credit("5.00"))
        .await
        .unwrap();

    // Newest first: the credit, then the payment.
    let p = journal::list(db, c.id, 1).await.unwrap();
    assert_eq!(p.total, 2);
    assert_eq!(p.rows[0].amount, d("5"));
    assert_eq!(p.rows[1].id, payment);
    let e = journal::get(db, payment).await.unwrap();
    assert_eq!(e.row.amount, inv.total.get());
    assert_eq!(e.client_id, Some(c.id));
    assert_eq!(e.invoice.map(|i| i.0), Some(inv.id));
    assert!(matches!(
        journal::get(db, 0).await,
        Err(AppError::NotFound(_))
    ));

    // The OpenStack service the client was made active with.
    let svcs = service::Entity::find()
        .filter(service::Column::ClientId.eq(c.id))
        .all(db)
        .await
        .unwrap();
    let p = billing_services::list(db, c.id, 1).await.unwrap();
    assert_eq!(p.total, 1);
    assert_eq!(p.rows[0].id, svcs[0].id);
    assert_eq!(p.rows[0].status, ServiceStatus::Active);
    assert!(!p.rows[0].product_name.is_empty());
    let s = billing_services::get(db, svcs[0].id).await.unwrap();
    assert_eq!(s.client_id, c.id);
    assert_eq!(s.row.display_name, svcs[0].display_name);
    assert!(matches!(
        billing_services::get(db, 0).await,
        Err(AppError::NotFound(_))
    ));
});

fn add_credit(amount: &str) -> CreditInput {
    CreditInput {
        direction: Direction::Add,
        amount: amount.into(),
        currency: "EUR".into(),
        reason: "Goodwill".into(),
    }
}

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
