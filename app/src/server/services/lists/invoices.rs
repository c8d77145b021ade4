//! Billing › Invoices: every client's invoices by status, client, issue date, amount and
//! currency, with totals by status.

use super::{
    choice, client_cell, client_filter, column, filter, link, ordered, rows_of, text, total_of,
    totals_by, Filters,
};
use crate::components::format;
use crate::model::billing::InvoiceTone;
use crate::model::client_form::CURRENCIES;
use crate::model::client_query::Dir;
use crate::model::lists::{Cell, FilterInput, ListKind, ListPage, ListQuery, ListRow};
use crate::model::{AppError, InvoiceStatus};
use crate::server::entities::invoice;
use chrono::Utc;
use sea_orm::prelude::*;

const SORTS: &[&str] = &["issued", "due", "total", "number"];

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
    let mut q = invoice::Entity::find();
    if let Some(c) = client {
        q = q.filter(invoice::Column::ClientId.eq(c));
    }
    if let Some(c) = &currency {
        q = q.filter(invoice::Column::Currency.eq(c.as_str()));
    }
    if let Some(d) = from {
        q = q.filter(invoice::Column::IssueDate.gte(d));
    }
    if let Some(d) = to {
        q = q.filter(invoice::Column::IssueDate.lte(d));
    }
    if let Some(a) = min {
        q = q.filter(invoice::Column::Total.gte(a));
    }
    if let Some(a) = max {
        q = q.filter(invoice::Column::Total.lte(a));
    }
    let totals = totals_by(
        db,
        q.clone(),
        invoice::Column::Status,
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
    if let Some(s) = status {
        q = q.filter(invoice::Column::Status.eq(s));
    }
    let col = match sort {
        "due" => invoice::Column::DueDate,
        "total" => invoice::Column::Total,
        "number" => invoice::Column::Number,
        _ => invoice::Column::IssueDate,
    };
    let today = Utc::now().date_naive();
    let rows = rows_of(db, ordered(q, col, invoice::Column::Id, dir), query.page())
        .await?
        .into_iter()
        .map(|m| {
            let tone = InvoiceTone::of(m.status, m.due_date, today);
            ListRow {
                tone: Some(tone.class().to_owned()),
                cells: vec![
                    link(
                        format!("/staff/billing/invoices/{}", m.id),
                        m.number.clone(),
                    ),
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
