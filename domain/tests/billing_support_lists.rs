//! Billing › Services, Billing › Journal and Support › Tickets: staff see every client's rows,
//! narrow them by the URL's filters, sort both ways, count them by status and page through
//! them; bad filters are messages on their fields. And a ticket opened for any client from the
//! tickets list. On both engines.

mod support;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::entities::{invoice, journal_entry, product, service, ticket, ticket_message};
use domain::money::Amount;
use domain::services::lists::list;
use domain::services::tickets;
use model::lists::{Cell, ListKind, ListPage, ListQuery, LIST_PER_PAGE};
use model::{
    AppError, InvoiceStatus, JournalAccount, ProductType, ServiceStatus, TicketDepartment,
    TicketPriority, TicketStatus,
};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait};
use sea_orm::{QueryFilter, QueryOrder, Set};
use support::{catalogue, new_client, staff};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, h, min, 0).unwrap()
}

async fn page(db: &DatabaseConnection, kind: ListKind, pairs: &[(&str, &str)]) -> ListPage {
    list(db, kind, &ListQuery::from_pairs(pairs.iter().copied()))
        .await
        .unwrap_or_else(|e| panic!("{kind:?} {pairs:?}: {e:?}"))
}

/// The ids of the rows shown, read off each row's first link (its detail page).
fn ids(p: &ListPage) -> Vec<i32> {
    p.rows
        .iter()
        .map(|r| {
            let href = r
                .cells
                .iter()
                .find_map(|c| match c {
                    Cell::Link { href, .. } => Some(href),
                    _ => None,
                })
                .expect("a row links to its detail page");
            href.rsplit('/').next().unwrap().parse().unwrap()
        })
        .collect()
}

/// The rows of `pairs`, and the list counted the same.
async fn shown(db: &DatabaseConnection, kind: ListKind, pairs: &[(&str, &str)]) -> Vec<i32> {
    let p = page(db, kind, pairs).await;
    assert_eq!(p.total, p.rows.len() as u64, "{kind:?} {pairs:?}");
    ids(&p)
}

/// Both directions of `sort`: `asc` as given, desc its reverse.
async fn sorts(db: &DatabaseConnection, kind: ListKind, sort: &str, asc: &[i32]) {
    assert_eq!(
        shown(db, kind, &[("sort", sort), ("dir", "asc")]).await,
        asc,
        "{kind:?} by {sort} ascending"
    );
    let desc: Vec<i32> = asc.iter().rev().copied().collect();
    assert_eq!(
        shown(db, kind, &[("sort", sort), ("dir", "desc")]).await,
        desc,
        "{kind:?} by {sort} descending"
    );
}

/// The fields a bad query names, in its messages.
async fn bad_fields(
    db: &DatabaseConnection,
    kind: ListKind,
    pairs: &[(&str, &str)],
) -> Vec<String> {
    match list(db, kind, &ListQuery::from_pairs(pairs.iter().copied())).await {
        Err(AppError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("{kind:?} {pairs:?} should be refused: {other:?}"),
    }
}

fn counts(p: &ListPage) -> Vec<(String, u64)> {
    p.totals
        .iter()
        .filter(|t| t.count > 0)
        .map(|t| (t.value.clone(), t.count))
        .collect()
}

async fn product_of(db: &DatabaseConnection, t: ProductType) -> product::Model {
    product::Entity::find()
        .filter(product::Column::ProductType.eq(t))
        .order_by_asc(product::Column::Id)
        .one(db)
        .await
        .unwrap()
        .expect("the catalogue has one")
}

async fn add_service(
    db: &DatabaseConnection,
    client: i32,
    p: &product::Model,
    name: &str,
    status: ServiceStatus,
    due: Option<NaiveDate>,
) -> i32 {
    let now = Utc::now();
    service::ActiveModel {
        client_id: Set(client),
        product_id: Set(p.id),
        display_name: Set(name.into()),
        status: Set(status),
        next_due_date: Set(due),
        suspended_with_client: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        is_openstack: Set(p.product_type == ProductType::Openstack),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

test_support::db_test!(services_filter_sort_and_count, |db| {
    catalogue(db).await;
    let alpha = new_client(db, "Alpha Hosting").await;
    let beta = new_client(db, "Beta Cloud").await;
    let (cloud, hosting, domain) = (
        product_of(db, ProductType::Openstack).await,
        product_of(db, ProductType::Hosting).await,
        product_of(db, ProductType::Domain).await,
    );
    use ServiceStatus::*;
    let web_a = add_service(db, alpha, &hosting, "web-a", Active, Some(day(2026, 12, 1))).await;
    let dom_a = add_service(
        db,
        alpha,
        &domain,
        "alpha.com",
        Pending,
        Some(day(2026, 12, 15)),
    )
    .await;
    let cloud_b = add_service(db, beta, &cloud, "cloud-b", Active, Some(day(2026, 12, 10))).await;
    let web_b = add_service(
        db,
        beta,
        &hosting,
        "web-b",
        Suspended,
        Some(day(2027, 1, 5)),
    )
    .await;
    let old_b = add_service(
        db,
        beta,
        &hosting,
        "old-b",
        Terminated,
        Some(day(2026, 11, 30)),
    )
    .await;
    let k = ListKind::Services;

    // Next due first, soonest first.
    let all = page(db, k, &[]).await;
    assert_eq!(ids(&all), [old_b, web_a, cloud_b, dom_a, web_b]);
    assert_eq!((all.sort.as_str(), all.total), ("due", 5));
    assert_eq!(
        counts(&all),
        [
            ("pending".into(), 1),
            ("active".into(), 2),
            ("suspended".into(), 1),
            ("terminated".into(), 1)
        ]
    );
    let first = &page(db, k, &[("client", &alpha.to_string())]).await.rows[0];
    assert_eq!(
        first.cells,
        [
            Cell::Link {
                href: format!("/staff/billing/services/{web_a}"),
                text: "web-a".into()
            },
            Cell::Text(format!("{} (Hosting)", hosting.name)),
            Cell::Link {
                href: format!("/staff/clients/{alpha}/services"),
                text: "Alpha Hosting".into()
            },
            Cell::Badge {
                class: "svc-active".into(),
                label: "Active".into()
            },
            Cell::Text("2026-12-01".into()),
            first.cells[5].clone(),
        ]
    );

    sorts(db, k, "due", &[old_b, web_a, cloud_b, dom_a, web_b]).await;
    sorts(db, k, "name", &[dom_a, cloud_b, old_b, web_a, web_b]).await;
    sorts(db, k, "created", &[web_a, dom_a, cloud_b, web_b, old_b]).await;

    // The status narrows the rows; the totals still count every status.
    let active = page(db, k, &[("status", "active")]).await;
    assert_eq!(ids(&active), [web_a, cloud_b]);
    assert_eq!(active.total, 2);
    assert_eq!(counts(&active), counts(&all));
    let hosting_id = hosting.id.to_string();
    assert_eq!(
        shown(db, k, &[("product", &hosting_id)]).await,
        [old_b, web_a, web_b]
    );
    assert_eq!(shown(db, k, &[("type", "domain")]).await, [dom_a]);
    assert_eq!(
        shown(db, k, &[("type", "openstack"), ("product", &hosting_id)]).await,
        Vec::<i32>::new()
    );
    assert_eq!(
        shown(db, k, &[("client", &alpha.to_string())]).await,
        [web_a, dom_a]
    );
    assert_eq!(
        shown(db, k, &[("from", "2026-12-01"), ("to", "2026-12-10")]).await,
        [web_a, cloud_b]
    );
    let beta_hosting = page(db, k, &[("client", &beta.to_string()), ("type", "hosting")]).await;
    assert_eq!(
        counts(&beta_hosting),
        [("suspended".into(), 1), ("terminated".into(), 1)]
    );

    let mut wrong = bad_fields(
        db,
        k,
        &[
            ("status", "sleeping"),
            ("product", "999999"),
            ("type", "lamp"),
            ("client", "abc"),
            ("from", "2026-12-31"),
            ("to", "2026-12-01"),
            ("sort", "price"),
            ("dir", "up"),
        ],
    )
    .await;
    wrong.sort();
    assert_eq!(
        wrong,
        ["client", "dir", "product", "sort", "status", "to", "type"]
    );
    assert_eq!(bad_fields(db, k, &[("from", "1 Dec")]).await, ["from"]);
});

async fn add_entry(
    db: &DatabaseConnection,
    client: Option<i32>,
    invoice: Option<i32>,
    when: DateTime<Utc>,
    (source, destination): (JournalAccount, JournalAccount),
    amount: &str,
    description: &str,
) -> i32 {
    journal_entry::ActiveModel {
        client_id: Set(client),
        invoice_id: Set(invoice),
        entry_date: Set(when),
        source: Set(source),
        destination: Set(destination),
        gateway: Set((source == JournalAccount::Gateway).then(|| "Stripe".into())),
        amount: Set(Amount::new(amount.parse::<Decimal>().unwrap()).unwrap()),
        currency: Set("EUR".into()),
        description: Set(description.into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn add_invoice(db: &DatabaseConnection, client: i32, number: &str) -> i32 {
    let total = Amount::new(Decimal::new(50, 0)).unwrap();
    invoice::ActiveModel {
        client_id: Set(Some(client)),
        client_name: Set("Alpha Hosting".into()),
        number: Set(number.into()),
        status: Set(InvoiceStatus::Paid),
        currency: Set("EUR".into()),
        tax_rate: Set(Amount::ZERO),
        subtotal: Set(total),
        tax_total: Set(Amount::ZERO),
        total: Set(total),
        issue_date: Set(day(2026, 11, 10)),
        due_date: Set(day(2026, 11, 24)),
        paid_at: Set(Some(at(11, 10, 23, 30))),
        created_at: Set(at(11, 10, 9, 0)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

test_support::db_test!(journal_filter_and_sort, |db| {
    catalogue(db).await;
    let alpha = new_client(db, "Alpha Hosting").await;
    let beta = new_client(db, "Beta Cloud").await;
    let inv = add_invoice(db, alpha, "INV-LIST-1").await;
    use JournalAccount::*;
    let top_up = add_entry(
        db,
        Some(alpha),
        None,
        at(11, 1, 10, 0),
        (Gateway, Credit),
        "100",
        "Top-up",
    )
    .await;
    let paid = add_entry(
        db,
        Some(alpha),
        Some(inv),
        at(11, 10, 23, 30),
        (Credit, Invoice),
        "50",
        "Invoice paid",
    )
    .await;
    let gift = add_entry(
        db,
        Some(beta),
        None,
        at(11, 10, 0, 0),
        (Staff, Credit),
        "20",
        "Goodwill",
    )
    .await;
    let gone = add_entry(
        db,
        None,
        None,
        at(11, 20, 8, 0),
        (Credit, Staff),
        "5.5",
        "Refund of a deleted client",
    )
    .await;
    let k = ListKind::Journal;

    // Newest first, counted without status totals.
    let all = page(db, k, &[]).await;
    assert_eq!(ids(&all), [gone, paid, gift, top_up]);
    assert_eq!((all.sort.as_str(), all.total), ("date", 4));
    assert!(all.totals.is_empty());
    sorts(db, k, "date", &[top_up, gift, paid, gone]).await;

    assert_eq!(
        all.rows[1].cells,
        [
            Cell::Link {
                href: format!("/staff/billing/journal/{paid}"),
                text: "2026-11-10".into()
            },
            Cell::Link {
                href: format!("/staff/clients/{alpha}/journal"),
                text: "Alpha Hosting".into()
            },
            Cell::Text("Client credit".into()),
            Cell::Text("Invoice".into()),
            Cell::Text("50.00 EUR".into()),
            Cell::Text("Invoice paid".into()),
            Cell::Link {
                href: format!("/staff/billing/invoices/{inv}"),
                text: "INV-LIST-1".into()
            },
        ]
    );
    // Money through a gateway names it; an entry whose client is gone has no client link.
    assert_eq!(all.rows[3].cells[2], Cell::Text("Stripe".into()));
    assert_eq!(all.rows[0].cells[1], Cell::Text("—".into()));
    assert_eq!(all.rows[0].cells[6], Cell::Text("—".into()));

    // A day is the whole day, from midnight to the last minute.
    assert_eq!(
        shown(db, k, &[("from", "2026-11-10"), ("to", "2026-11-10")]).await,
        [paid, gift]
    );
    assert_eq!(shown(db, k, &[("from", "2026-11-11")]).await, [gone]);
    assert_eq!(shown(db, k, &[("to", "2026-11-09")]).await, [top_up]);
    assert_eq!(shown(db, k, &[("source", "credit")]).await, [gone, paid]);
    assert_eq!(
        shown(db, k, &[("destination", "credit")]).await,
        [gift, top_up]
    );
    assert_eq!(
        shown(db, k, &[("source", "credit"), ("destination", "staff")]).await,
        [gone]
    );
    assert_eq!(
        shown(db, k, &[("client", &alpha.to_string())]).await,
        [paid, top_up]
    );
    assert_eq!(
        shown(
            db,
            k,
            &[("client", &alpha.to_string()), ("source", "staff")]
        )
        .await,
        Vec::<i32>::new()
    );

    let mut wrong = bad_fields(
        db,
        k,
        &[
            ("source", "bank"),
            ("destination", "pocket"),
            ("client", "0"),
            ("from", "2026-13-01"),
            ("sort", "amount"),
        ],
    )
    .await;
    wrong.sort();
    assert_eq!(wrong, ["client", "destination", "from", "sort", "source"]);
    assert_eq!(
        bad_fields(db, k, &[("from", "2026-11-20"), ("to", "2026-11-01")]).await,
        ["to"]
    );
});

async fn add_ticket(
    db: &DatabaseConnection,
    client: i32,
    title: &str,
    (status, department, priority): (TicketStatus, TicketDepartment, TicketPriority),
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
) -> i32 {
    ticket::ActiveModel {
        client_id: Set(client),
        title: Set(title.into()),
        status: Set(status),
        department: Set(department),
        priority: Set(priority),
        created_at: Set(created),
        updated_at: Set(updated),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

test_support::db_test!(tickets_filter_sort_and_count, |db| {
    catalogue(db).await;
    let alpha = new_client(db, "Alpha Hosting").await;
    let beta = new_client(db, "Beta Cloud").await;
    use TicketDepartment::*;
    use TicketPriority::*;
    use TicketStatus::*;
    let t1 = add_ticket(
        db,
        alpha,
        "Quote please",
        (Open, Sales, Low),
        at(11, 1, 9, 0),
        at(11, 20, 9, 0),
    )
    .await;
    let t2 = add_ticket(
        db,
        alpha,
        "VM down",
        (Answered, Technical, High),
        at(11, 2, 9, 0),
        at(11, 3, 9, 0),
    )
    .await;
    let t3 = add_ticket(
        db,
        beta,
        "Wrong VAT",
        (Open, Billing, Medium),
        at(11, 3, 9, 0),
        at(11, 10, 9, 0),
    )
    .await;
    let t4 = add_ticket(
        db,
        beta,
        "Disk full",
        (Done, Technical, Low),
        at(11, 4, 9, 0),
        at(11, 5, 9, 0),
    )
    .await;
    let k = ListKind::Tickets;

    // Newest first; totals by status in the tab's colours.
    let all = page(db, k, &[]).await;
    assert_eq!(ids(&all), [t4, t3, t2, t1]);
    assert_eq!((all.sort.as_str(), all.total), ("created", 4));
    assert_eq!(
        counts(&all),
        [
            ("open".into(), 2),
            ("answered".into(), 1),
            ("done".into(), 1)
        ]
    );
    assert!(all
        .totals
        .iter()
        .all(|t| t.class == format!("ticket-{}", t.value)));
    assert_eq!(
        all.rows[0].cells,
        [
            Cell::Bar {
                class: "ticket-done".into(),
                title: "Done".into()
            },
            Cell::Text(t4.to_string()),
            Cell::Link {
                href: format!("/staff/support/tickets/{t4}"),
                text: "Disk full".into()
            },
            Cell::Link {
                href: format!("/staff/clients/{beta}/tickets"),
                text: "Beta Cloud".into()
            },
            Cell::Text("Technical support".into()),
            Cell::Text("Low".into()),
            Cell::Badge {
                class: "ticket-done".into(),
                label: "Done".into()
            },
            Cell::Text("2026-11-04".into()),
            Cell::Text("2026-11-05".into()),
        ]
    );
    sorts(db, k, "created", &[t1, t2, t3, t4]).await;
    sorts(db, k, "updated", &[t2, t4, t3, t1]).await;

    let open = page(db, k, &[("status", "open")]).await;
    assert_eq!((ids(&open), open.total), (vec![t3, t1], 2));
    assert_eq!(counts(&open), counts(&all));
    assert_eq!(shown(db, k, &[("department", "technical")]).await, [t4, t2]);
    assert_eq!(shown(db, k, &[("priority", "low")]).await, [t4, t1]);
    assert_eq!(
        shown(db, k, &[("client", &alpha.to_string())]).await,
        [t2, t1]
    );
    let technical = page(db, k, &[("department", "technical"), ("status", "done")]).await;
    assert_eq!(ids(&technical), [t4]);
    assert_eq!(
        counts(&technical),
        [("answered".into(), 1), ("done".into(), 1)]
    );

    let mut wrong = bad_fields(
        db,
        k,
        &[
            ("status", "closed"),
            ("department", "legal"),
            ("priority", "urgent"),
            ("client", "-3"),
            ("sort", "title"),
        ],
    )
    .await;
    wrong.sort();
    assert_eq!(
        wrong,
        ["client", "department", "priority", "sort", "status"]
    );
});

test_support::db_test!(every_list_pages_without_overlap, |db| {
    catalogue(db).await;
    let c = new_client(db, "Many Rows").await;
    let hosting = product_of(db, ProductType::Hosting).await;
    let n = LIST_PER_PAGE as u32 + 2;
    for i in 0..n {
        let due = day(2027, 1, 1) + chrono::Days::new(u64::from(i));
        add_service(
            db,
            c,
            &hosting,
            &format!("svc {i}"),
            ServiceStatus::Active,
            Some(due),
        )
        .await;
        let when = at(11, 1, 0, 0) + chrono::Duration::hours(i64::from(i));
        add_entry(
            db,
            Some(c),
            None,
            when,
            (JournalAccount::Staff, JournalAccount::Credit),
            "1",
            "x",
        )
        .await;
        let t = (
            TicketStatus::Open,
            TicketDepartment::Sales,
            TicketPriority::Low,
        );
        add_ticket(db, c, &format!("t {i}"), t, when, when).await;
    }
    for k in [ListKind::Services, ListKind::Journal, ListKind::Tickets] {
        let one = page(db, k, &[]).await;
        let two = page(db, k, &[("page", "2")]).await;
        assert_eq!(
            (one.total, one.pages(), one.rows.len()),
            (u64::from(n), 2, 25),
            "{k:?}"
        );
        assert_eq!((two.page, two.rows.len()), (2, 2), "{k:?}");
        let mut seen: Vec<i32> = ids(&one).into_iter().chain(ids(&two)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(
            seen.len() as u32,
            n,
            "{k:?}: the pages neither overlap nor skip"
        );
    }
});

test_support::db_test!(open_a_ticket_for_any_client_by_its_id, |db| {
    catalogue(db).await;
    let alpha = new_client(db, "Alpha Hosting").await;
    let stored = || async {
        (
            ticket::Entity::find().count(db).await.unwrap(),
            ticket_message::Entity::find().count(db).await.unwrap(),
        )
    };
    let before = stored().await;

    // Not a number: its message comes with the other fields' messages.
    let e = tickets::open_from_form(db, &staff(), "abc", " ", "nowhere", "")
        .await
        .unwrap_err();
    assert_eq!(
        e.field("client_id").as_deref(),
        Some("Enter the client's ID, a whole number such as 42.")
    );
    for f in ["title", "department", "message"] {
        assert!(e.field(f).is_some(), "{f}");
    }
    // No such client: a message on the field, not a missing page.
    let e = tickets::open_from_form(db, &staff(), "999999", "Help", "sales", "Hi")
        .await
        .unwrap_err();
    assert_eq!(
        e.field("client_id").as_deref(),
        Some("There is no client with ID 999999.")
    );
    assert_eq!(stored().await, before);

    let id = tickets::open_from_form(
        db,
        &staff(),
        &format!(" {alpha} "),
        "Invoice question",
        "billing",
        "Why two invoices?",
    )
    .await
    .unwrap();
    let p = page(db, ListKind::Tickets, &[("client", &alpha.to_string())]).await;
    assert_eq!(ids(&p), [id]);
    assert_eq!(counts(&p), [("open".into(), 1)]);
    assert_eq!(p.rows[0].cells[4], Cell::Text("Billing".into()));
});
