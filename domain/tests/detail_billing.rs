//! Client detail: header, overview, invoices (list, page, "Add invoice"), journal and services,
//! over the demo data on SQLite and PostgreSQL.

use domain::entities::{
    client, client_group_member, invoice, invoice_item, journal_entry, service,
};
use domain::services::{billing_services, client_detail, invoices, journal, tax};
use model::billing::{InvoiceTone, NewInvoice, NewInvoiceItem};
use model::client_detail::PER_PAGE;
use model::{AppError, InvoiceStatus};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::str::FromStr;
use test_support::{anchor, ClientBuilder};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// The client with the most invoices (so lists span pages).
async fn busiest_client(db: &sea_orm::DatabaseConnection) -> client::Model {
    let mut best = (0, None);
    for c in client::Entity::find().all(db).await.unwrap() {
        let n = invoice::Entity::find()
            .filter(invoice::Column::ClientId.eq(c.id))
            .count(db)
            .await
            .unwrap();
        if n > best.0 {
            best = (n, Some(c));
        }
    }
    best.1.unwrap()
}

fn item(desc: &str, q: &str, p: &str) -> NewInvoiceItem {
    NewInvoiceItem {
        description: desc.into(),
        quantity: q.into(),
        unit_price: p.into(),
    }
}

test_support::db_test!(header_and_overview_read_the_client, |db| {
    demo::seed_demo_if_empty(db, anchor()).await.unwrap();
    let out = client::Entity::find()
        .filter(client::Column::OutOfCreditSince.is_not_null())
        .one(db)
        .await
        .unwrap()
        .expect("the demo has a client out of credit");
    let h = client_detail::header(db, out.id).await.unwrap();
    assert_eq!(h.status, out.status);
    assert_eq!(h.name, client_detail::name_of(&out));
    let o = client_detail::overview(db, out.id).await.unwrap();
    assert_eq!(o.email, out.email);
    assert_eq!(o.uptodate_credit, out.uptodate_credit.get());
    assert_eq!(o.credit_balance, out.credit_balance.get());
    assert_eq!(o.out_of_credit_since, out.out_of_credit_since);
    let groups = client_group_member::Entity::find()
        .filter(client_group_member::Column::ClientId.eq(out.id))
        .count(db)
        .await
        .unwrap();
    assert_eq!(o.groups.len() as u64, groups);
    assert!(matches!(
        client_detail::header(db, 999_999).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        client_detail::overview(db, 999_999).await,
        Err(AppError::NotFound(_))
    ));
});

test_support::db_test!(invoices_page_newest_first_with_tones, |db| {
    demo::seed_demo_if_empty(db, anchor()).await.unwrap();
    let c = busiest_client(db).await;
    let all = invoice::Entity::find()
        .filter(invoice::Column::ClientId.eq(c.id))
        .order_by_desc(invoice::Column::IssueDate)
        .order_by_desc(invoice::Column::Id)
        .all(db)
        .await
        .unwrap();
    let p1 = invoices::list(db, c.id, 1).await.unwrap();
    assert_eq!(p1.total, all.len() as u64);
    let want: Vec<i32> = all.iter().take(PER_PAGE as usize).map(|i| i.id).collect();
    assert_eq!(p1.rows.iter().map(|r| r.id).collect::<Vec<_>>(), want);
    if all.len() as u64 > PER_PAGE {
        let p2 = invoices::list(db, c.id, 2).await.unwrap();
        assert_eq!(p2.rows[0].id, all[PER_PAGE as usize].id);
    }
    let today = chrono::Utc::now().date_naive();
    for r in &p1.rows {
        let m = all.iter().find(|i| i.id == r.id).unwrap();
        assert_eq!(r.tone, InvoiceTone::of(m.status, m.due_date, today));
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

    // The invoice page: items add up to the subtotal, payments are its journal entries.
    let paid = all
        .iter()
        .find(|i| i.status == InvoiceStatus::Paid)
        .unwrap();
    let page = invoices::get(db, paid.id).await.unwrap();
    let sum: Decimal = page.items.iter().map(|i| i.amount).sum();
    assert_eq!(sum, page.subtotal);
    assert_eq!(page.subtotal + page.tax_total, page.row.total);
    let payments = journal_entry::Entity::find()
        .filter(journal_entry::Column::InvoiceId.eq(paid.id))
        .count(db)
        .await
        .unwrap();
    assert!(payments > 0);
    assert_eq!(page.payments.len() as u64, payments);
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

test_support::db_test!(journal_and_services_lists_and_pages, |db| {
    demo::seed_demo_if_empty(db, anchor()).await.unwrap();
    let c = busiest_client(db).await;
    let entries = journal_entry::Entity::find()
        .filter(journal_entry::Column::ClientId.eq(c.id))
        .order_by_desc(journal_entry::Column::EntryDate)
        .order_by_desc(journal_entry::Column::Id)
        .all(db)
        .await
        .unwrap();
    let p = journal::list(db, c.id, 1).await.unwrap();
    assert_eq!(p.total, entries.len() as u64);
    assert!(!p.rows.is_empty());
    assert_eq!(p.rows[0].id, entries[0].id);
    let e = journal::get(db, entries[0].id).await.unwrap();
    assert_eq!(e.row.amount, entries[0].amount.get());
    assert_eq!(e.client_id, Some(c.id));
    assert_eq!(e.invoice.map(|i| i.0), entries[0].invoice_id);
    assert!(matches!(
        journal::get(db, 0).await,
        Err(AppError::NotFound(_))
    ));

    let svcs = service::Entity::find()
        .filter(service::Column::ClientId.eq(c.id))
        .all(db)
        .await
        .unwrap();
    let p = billing_services::list(db, c.id, 1).await.unwrap();
    assert_eq!(p.total, svcs.len() as u64);
    for r in &p.rows {
        let s = svcs.iter().find(|s| s.id == r.id).unwrap();
        assert_eq!(r.status, s.status);
        assert!(!r.product_name.is_empty());
    }
    let s = billing_services::get(db, svcs[0].id).await.unwrap();
    assert_eq!(s.client_id, c.id);
    assert_eq!(s.row.display_name, svcs[0].display_name);
    assert!(matches!(
        billing_services::get(db, 0).await,
        Err(AppError::NotFound(_))
    ));
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
