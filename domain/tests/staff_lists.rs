//! Billing › Invoices, the first of the staff lists behind the top bar: a staff member narrows
//! every client's invoices by status, client, currency, issue date and amount, sorts them,
//! pages through them, sees totals by status, and is told plainly when a filter makes no sense.

mod support;

use domain::services::lists;
use model::lists::{Cell, ListKind, ListPage, ListQuery, LIST_PER_PAGE};
use model::{AppError, InvoiceStatus};
use sea_orm::DatabaseConnection;
use support::invoices::InvoiceBuilder;
use support::{catalogue, new_client};

async fn invoices(db: &DatabaseConnection, pairs: &[(&str, &str)]) -> ListPage {
    lists::list(
        db,
        ListKind::Invoices,
        &ListQuery::from_pairs(pairs.iter().copied()),
    )
    .await
    .unwrap()
}

/// The invoice numbers on the page, in order.
fn numbers(p: &ListPage) -> Vec<String> {
    p.rows
        .iter()
        .map(|r| match &r.cells[0] {
            Cell::Link { text, .. } => text.clone(),
            c => panic!("the first cell links to the invoice, not {c:?}"),
        })
        .collect()
}

fn count_of(p: &ListPage, status: InvoiceStatus) -> u64 {
    p.totals
        .iter()
        .find(|t| t.value == status.as_str())
        .unwrap()
        .count
}

test_support::db_test!(
    invoices_are_found_by_every_filter_with_totals_by_status,
    |db| {
        catalogue(db).await;
        let acme = new_client(db, "Acme").await;
        let beta = new_client(db, "Beta").await;
        InvoiceBuilder::new(acme, "A-1")
            .issued_days_ago(40)
            .total("120.00")
            .create(db)
            .await;
        InvoiceBuilder::new(acme, "A-2")
            .status(InvoiceStatus::Paid)
            .issued_days_ago(10)
            .total("35.50")
            .create(db)
            .await;
        InvoiceBuilder::new(acme, "A-3")
            .status(InvoiceStatus::Cancelled)
            .issued_days_ago(5)
            .total("9.99")
            .create(db)
            .await;
        InvoiceBuilder::new(beta, "B-1")
            .currency("USD")
            .issued_days_ago(3)
            .total("500.00")
            .create(db)
            .await;
        InvoiceBuilder::new(beta, "B-2")
            .status(InvoiceStatus::Paid)
            .currency("USD")
            .issued_days_ago(1)
            .total("0.50")
            .create(db)
            .await;

        // Unfiltered: newest first, every status counted.
        let all = invoices(db, &[]).await;
        assert_eq!(numbers(&all), ["B-2", "B-1", "A-3", "A-2", "A-1"]);
        assert_eq!(all.total, 5);
        assert_eq!(count_of(&all, InvoiceStatus::Unpaid), 2);
        assert_eq!(count_of(&all, InvoiceStatus::Paid), 2);
        assert_eq!(count_of(&all, InvoiceStatus::Refunded), 0);
        assert!(
            matches!(&all.rows[0].cells[1], Cell::Link { href, .. } if href == &format!("/staff/clients/{beta}/invoices"))
        );

        // The status narrows the rows; the totals still count every status under the other filters.
        let paid = invoices(db, &[("status", "paid")]).await;
        assert_eq!(numbers(&paid), ["B-2", "A-2"]);
        assert_eq!(paid.total, 2);
        assert_eq!(count_of(&paid, InvoiceStatus::Unpaid), 2);

        let acme_only = invoices(db, &[("client", &acme.to_string())]).await;
        assert_eq!(numbers(&acme_only), ["A-3", "A-2", "A-1"]);
        assert_eq!(count_of(&acme_only, InvoiceStatus::Unpaid), 1);

        assert_eq!(
            numbers(&invoices(db, &[("currency", "usd")]).await),
            ["B-2", "B-1"]
        );

        let from = (support::anchor() - chrono::Duration::days(10)).to_string();
        let to = (support::anchor() - chrono::Duration::days(3)).to_string();
        assert_eq!(
            numbers(&invoices(db, &[("from", &from), ("to", &to)]).await),
            ["B-1", "A-3", "A-2"],
            "both ends of the date range are included"
        );
        assert_eq!(
            numbers(&invoices(db, &[("min", "9.99"), ("max", "120")]).await),
            ["A-3", "A-2", "A-1"],
            "both ends of the amount range are included"
        );
        let combined = invoices(
            db,
            &[
                ("client", &acme.to_string()),
                ("status", "unpaid"),
                ("max", "200"),
            ],
        )
        .await;
        assert_eq!(numbers(&combined), ["A-1"]);
        assert_eq!(combined.total, 1);

        assert!(invoices(db, &[("client", "999999")]).await.rows.is_empty());
    }
);

test_support::db_test!(invoices_sort_by_every_column_both_ways_and_page, |db| {
    catalogue(db).await;
    let acme = new_client(db, "Acme").await;
    InvoiceBuilder::new(acme, "N-2")
        .issued_days_ago(2)
        .total("20")
        .create(db)
        .await;
    InvoiceBuilder::new(acme, "N-3")
        .issued_days_ago(1)
        .total("5")
        .create(db)
        .await;
    InvoiceBuilder::new(acme, "N-1")
        .issued_days_ago(3)
        .total("300")
        .create(db)
        .await;

    let sorted = |sort: &'static str, dir: &'static str| async move {
        numbers(&invoices(db, &[("sort", sort), ("dir", dir)]).await)
    };
    assert_eq!(sorted("issued", "asc").await, ["N-1", "N-2", "N-3"]);
    assert_eq!(sorted("due", "desc").await, ["N-3", "N-2", "N-1"]);
    assert_eq!(
        sorted("total", "asc").await,
        ["N-3", "N-2", "N-1"],
        "amounts sort as numbers"
    );
    assert_eq!(sorted("total", "desc").await, ["N-1", "N-2", "N-3"]);
    assert_eq!(sorted("number", "asc").await, ["N-1", "N-2", "N-3"]);
    let p = invoices(db, &[("sort", "total")]).await;
    assert_eq!(
        (p.sort.as_str(), p.dir.as_str()),
        ("total", "desc"),
        "the list's default direction"
    );

    // Same-day invoices: the id breaks the tie, so no row is on two pages or on none.
    for i in 0..LIST_PER_PAGE {
        InvoiceBuilder::new(acme, &format!("P-{i:02}"))
            .issued_days_ago(30)
            .create(db)
            .await;
    }
    let first = invoices(db, &[("from", "2026-10-26"), ("to", "2026-10-26")]).await;
    let second = invoices(
        db,
        &[("from", "2026-10-26"), ("to", "2026-10-26"), ("page", "2")],
    )
    .await;
    assert_eq!((first.total, first.pages()), (LIST_PER_PAGE, 1));
    assert!(second.rows.is_empty());
    let all = invoices(db, &[]).await;
    let next = invoices(db, &[("page", "2")]).await;
    assert_eq!(all.rows.len() as u64, LIST_PER_PAGE);
    assert_eq!(next.rows.len(), 3);
    let mut seen: Vec<String> = numbers(&all).into_iter().chain(numbers(&next)).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len() as u64, LIST_PER_PAGE + 3);
});

test_support::db_test!(nonsense_filters_are_named_not_ignored, |db| {
    catalogue(db).await;
    let acme = new_client(db, "Acme").await;
    InvoiceBuilder::new(acme, "X-1").create(db).await;
    let err = lists::list(
        db,
        ListKind::Invoices,
        &ListQuery::from_pairs([
            ("status", "lost"),
            ("client", "acme"),
            ("currency", "XXX"),
            ("from", "2026-13-01"),
            ("min", "1.23456"),
            ("sort", "password"),
            ("dir", "sideways"),
        ]),
    )
    .await
    .unwrap_err();
    for field in ["status", "client", "currency", "from", "min", "sort", "dir"] {
        assert!(err.field(field).is_some(), "{field} is named in {err:?}");
    }
    let reversed = lists::list(
        db,
        ListKind::Invoices,
        &ListQuery::from_pairs([
            ("from", "2026-11-20"),
            ("to", "2026-11-01"),
            ("min", "5"),
            ("max", "1"),
        ]),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&reversed, AppError::Invalid(e) if e.len() == 2),
        "{reversed:?}"
    );
    assert_eq!(reversed.status(), 422);
});

test_support::db_test!(
    every_page_read_from_either_end_is_the_list_cut_in_pieces,
    |db| {
        catalogue(db).await;
        let acme = new_client(db, "Acme").await;
        // 57 invoices, three pages (the last one short); dates and amounts repeat, so the id
        // breaks ties. Pages past the middle are read backwards and must come out the same.
        let amounts = ["5.00", "7.50", "12.00"];
        let mut made = Vec::new();
        for i in 0..57usize {
            let days = (i % 9) as i64;
            let inv = InvoiceBuilder::new(acme, &format!("N-{i:02}"))
                .issued_days_ago(days)
                .total(amounts[i % 3])
                .create(db)
                .await;
            made.push((inv.issue_date, inv.total, inv.id, inv.number));
        }
        for (sort, dir) in [
            ("issued", "desc"),
            ("issued", "asc"),
            ("total", "desc"),
            ("total", "asc"),
        ] {
            let mut expected = made.clone();
            expected.sort_by(|a, b| {
                let by = if sort == "issued" {
                    a.0.cmp(&b.0)
                } else {
                    a.1.cmp(&b.1)
                };
                let o = by.then(a.2.cmp(&b.2));
                if dir == "desc" {
                    o.reverse()
                } else {
                    o
                }
            });
            let expected: Vec<String> = expected.into_iter().map(|m| m.3).collect();
            let mut read = Vec::new();
            for page in ["1", "2", "3"] {
                let p = invoices(db, &[("sort", sort), ("dir", dir), ("page", page)]).await;
                assert_eq!(p.total, 57);
                read.extend(numbers(&p));
            }
            assert_eq!(read, expected, "sorted by {sort} {dir}");
            let beyond = invoices(db, &[("sort", sort), ("dir", dir), ("page", "4")]).await;
            assert!(beyond.rows.is_empty(), "nothing after the last page");
        }
    }
);
