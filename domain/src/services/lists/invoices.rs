//! Billing › Invoices: every client's invoices by status, client, issue date, amount and
//! currency, with totals by status.

use super::{
    choice, client_cell, client_filter, column, filter, link, rows_of, text, total_of, Filters,
    Scope,
};
use crate::counts::{self, Tally};
use crate::entities::invoice;
use crate::money::Amount;
use chrono::Utc;
use model::billing::InvoiceTone;
use model::client_form::CURRENCIES;
use model::client_query::Dir;
use model::format;
use model::lists::{Cell, FilterInput, ListKind, ListPage, ListQuery, ListRow};
use model::routes;
use model::{AppError, InvoiceStatus};
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{DbBackend, QueryTrait};

const SORTS: &[&str] = &["issued", "due", "total", "number"];

/// A filter matching more than 1/`WIDE` of all invoices is wide.
const WIDE: u64 = 100;

/// How many invoices there are, from the counters.
async fn invoices_in_all(db: &DatabaseConnection) -> Result<u64, AppError> {
    Ok(counts::by_status(db, &Tally::all("invoices"))
        .await?
        .map_or(0, |c| c.values().sum()))
}

pub async fn list(db: &DatabaseConnection, query: &ListQuery) -> Result<ListPage, AppError> {
    let mut f = Filters::new(query);
    let status: Option<InvoiceStatus> = f.value("status", "invoice status");
    let client = f.id("client", "The client ID");
    let currency = f.one_of("currency", "currency", CURRENCIES);
    let (from, to) = (f.date("from"), f.date("to"));
    f.range(&from, &to, "to");
    let (min, max) = (f.amount("min"), f.amount("max"));
    f.range(&min, &max, "max");
    let (sort, dir) = f.sort(SORTS, Dir::Desc);
    f.finish()?;

    // Everything but the status: the totals count each status under the other filters.
    use invoice::Column as I;
    let scope = |amount_index: bool| {
        let amount = move |op: &str, a: Amount| {
            if amount_index {
                match op {
                    ">=" => I::Total.gte(a),
                    _ => I::Total.lte(a),
                }
            } else {
                // `+total` is the same test, which SQLite cannot answer from an index.
                Expr::cust_with_values(format!(r#"+"total" {op} ?"#), [a])
            }
        };
        Scope::<invoice::Entity>::new()
            .when(client, |c| I::ClientId.eq(c))
            .counted(
                "currency",
                currency.clone(),
                |c| vec![c.clone()],
                |c| I::Currency.eq(c),
            )
            .when(from, |d| I::IssueDate.gte(d))
            .when(to, |d| I::IssueDate.lte(d))
            .when(min, |a| amount(">=", a))
            .when(max, |a| amount("<=", a))
    };
    let counting = scope(true);
    let totals = counting
        .totals_by(
            db,
            I::Status,
            InvoiceStatus::ALL.iter().map(|s| {
                (
                    s.as_str().to_owned(),
                    s.label().to_owned(),
                    match s {
                        InvoiceStatus::Unpaid => "tone-yellow",
                        InvoiceStatus::Paid => "tone-green",
                        InvoiceStatus::Cancelled | InvoiceStatus::Refunded => "tone-grey",
                    }
                    .to_owned(),
                )
            }),
        )
        .await?;
    let total = total_of(&totals, status.map(InvoiceStatus::as_str));
    // SQLite plans a page of a wide amount range (a third of all invoices) by reading the
    // whole range and sorting it, 0.8 s at 1M clients. It ignores that the page needs only
    // 25 rows: walking the sort's index finds them among the first hundred. The totals say
    // how wide the range is, so a wide one walks the sort's index instead.
    let sorted_by_amount = sort == "total";
    let wide = (min.is_some() || max.is_some())
        && !sorted_by_amount
        && db.get_database_backend() == DbBackend::Sqlite
        && total.saturating_mul(WIDE) > invoices_in_all(db).await?;
    let q = if wide { scope(false).q } else { counting.q };
    let q = q.apply_if(status, |q, s| q.filter(I::Status.eq(s)));
    let col = match sort {
        "due" => invoice::Column::DueDate,
        "total" => invoice::Column::Total,
        "number" => invoice::Column::Number,
        _ => invoice::Column::IssueDate,
    };
    let today = Utc::now().date_naive();
    let rows = rows_of(db, q, (col, invoice::Column::Id), dir, query.page(), total)
        .await?
        .into_iter()
        .map(|m| {
            let tone = InvoiceTone::of(m.status, m.due_date, today);
            ListRow {
                tone: Some(tone.class().to_owned()),
                cells: vec![
                    link(routes::invoice(m.id), m.number.clone()),
                    client_cell(m.client_id, Some(&m.client_name), "invoices"),
                    text(m.issue_date.to_string()),
                    text(m.due_date.to_string()),
                    text(format::money(m.total.get(), &m.currency)),
                    Cell::Badge {
                        class: tone.class().to_owned(),
                        label: tone.label(m.status),
                    },
                ],
            }
        })
        .collect();

    Ok(ListPage {
        kind: ListKind::Invoices,
        filters: vec![
            choice("status", "Status", InvoiceStatus::ALL, |s| {
                (s.as_str(), s.label())
            }),
            client_filter(),
            filter(
                "currency",
                "Currency",
                FilterInput::Select(
                    CURRENCIES
                        .iter()
                        .map(|c| ((*c).to_owned(), (*c).to_owned()))
                        .collect(),
                ),
            ),
            filter("from", "Issued from", FilterInput::Date),
            filter("to", "Issued until", FilterInput::Date),
            filter(
                "min",
                "Total at least",
                FilterInput::Text {
                    placeholder: "0.00".into(),
                },
            ),
            filter(
                "max",
                "Total at most",
                FilterInput::Text {
                    placeholder: "any".into(),
                },
            ),
        ],
        columns: vec![
            column("Number", Some("number"), false),
            column("Client", None, false),
            column("Issued", Some("issued"), false),
            column("Due", Some("due"), false),
            column("Total", Some("total"), true),
            column("Status", None, false),
        ],
        rows,
        total,
        page: query.page(),
        sort: sort.to_owned(),
        dir,
        default_dir: Dir::Desc,
        totals,
        totals_param: "status".into(),
    })
}
