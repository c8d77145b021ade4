//! Billing › Journal: every money movement by entry date, source and destination account and
//! client, newest first.

use super::{
    choice, client_cell, client_filter, client_names, column, filter, link, rows_of, text, Filters,
    Scope,
};
use crate::entities::{invoice, journal_entry};
use crate::services::journal::journal_row;
use chrono::{DateTime, NaiveDate, Utc};
use model::client_query::Dir;
use model::format;
use model::lists::{FilterInput, ListKind, ListPage, ListQuery, ListRow};
use model::routes;
use model::{AppError, JournalAccount};
use sea_orm::prelude::*;
use sea_orm::QuerySelect;
use std::collections::HashMap;

const SORTS: &[&str] = &["date"];

/// The first instant of `d` (UTC): entry dates are timestamps, the filters whole days.
fn start_of(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(chrono::NaiveTime::MIN).and_utc()
}

pub async fn list(db: &DatabaseConnection, query: &ListQuery) -> Result<ListPage, AppError> {
    let mut f = Filters::new(query);
    let (from, to) = (f.date("from"), f.date("to"));
    f.range(&from, &to, "to");
    let source: Option<JournalAccount> = f.value("source", "source account");
    let destination: Option<JournalAccount> = f.value("destination", "destination account");
    let client = f.id("client", "The client ID");
    let (sort, dir) = f.sort(SORTS, Dir::Desc);
    f.finish()?;

    use journal_entry::Column as J;
    let account = |a: &JournalAccount| vec![a.as_str().to_owned()];
    let scope = Scope::<journal_entry::Entity>::new()
        .when(client, |c| J::ClientId.eq(c))
        .counted("source", source, account, |a| J::Source.eq(a))
        .counted("destination", destination, account, |a| {
            J::Destination.eq(a)
        })
        .when(from, |d| J::EntryDate.gte(start_of(d)))
        // Until the end of that day.
        .when(to.and_then(|d| d.succ_opt()), |next| {
            J::EntryDate.lt(start_of(next))
        });
    let total = scope.count(db).await?;
    let q = scope.q;
    let page = rows_of(db, q, (J::EntryDate, J::Id), dir, query.page(), total).await?;
    let names = client_names(db, page.iter().filter_map(|m| m.client_id)).await?;
    let invoice_ids: Vec<i32> = page.iter().filter_map(|m| m.invoice_id).collect();
    let numbers: HashMap<i32, String> = if invoice_ids.is_empty() {
        HashMap::new()
    } else {
        invoice::Entity::find()
            .select_only()
            .column(invoice::Column::Id)
            .column(invoice::Column::Number)
            .filter(invoice::Column::Id.is_in(invoice_ids))
            .into_tuple::<(i32, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let rows = page
        .into_iter()
        .map(|m| {
            let r = journal_row(&m);
            let invoice = match m.invoice_id {
                Some(id) => link(
                    routes::invoice(id),
                    numbers
                        .get(&id)
                        .cloned()
                        .unwrap_or_else(|| format!("Invoice {id}")),
                ),
                None => text("—"),
            };
            ListRow {
                tone: None,
                cells: vec![
                    link(routes::journal_entry(m.id), format::date(&m.entry_date)),
                    client_cell(
                        m.client_id,
                        m.client_id.and_then(|c| names.get(&c)).map(String::as_str),
                        "journal",
                    ),
                    text(r.source_label()),
                    text(r.destination.label()),
                    text(format::money(r.amount, &r.currency)),
                    text(m.description),
                    invoice,
                ],
            }
        })
        .collect();

    let account = |name: &str, label: &str| {
        choice(name, label, JournalAccount::ALL, |a| {
            (a.as_str(), a.label())
        })
    };
    Ok(ListPage {
        kind: ListKind::Journal,
        filters: vec![
            filter("from", "From", FilterInput::Date),
            filter("to", "Until", FilterInput::Date),
            account("source", "Source"),
            account("destination", "Destination"),
            client_filter(),
        ],
        columns: vec![
            column("Entry date", Some("date"), false),
            column("Client", None, false),
            column("Source", None, false),
            column("Destination", None, false),
            column("Amount", None, true),
            column("Description", None, false),
            column("Invoice", None, false),
        ],
        rows,
        total,
        page: query.page(),
        sort: sort.to_owned(),
        dir,
        default_dir: Dir::Desc,
        totals: Vec::new(),
        totals_param: String::new(),
    })
}
