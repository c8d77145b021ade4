//! Every client matching a dashboard query, in the dashboard's order, read in chunks: each
//! chunk continues after the last row of the one before (keyset), so a chunk costs what a
//! dashboard page does wherever it is in the list, no statement stays open between chunks,
//! and the caller holds one chunk at a time (1M clients export in constant memory).
//!
//! The sort's order is split into segments that each walk one index in one direction:
//! - a flag term (no company, no group) makes two segments, the clients that have something
//!   to sort by first, as the dashboard shows them;
//! - the configuration sort is one segment per configuration step (as `by_configuration`);
//! - within a segment the remaining terms all run in the sort's direction, so "after this
//!   row" is one row-value comparison an index range serves, on both engines.

use super::client_query::{configuration_steps, order_terms, Key, Plan, Term};
use crate::audit::{self, Actor, Change};
use crate::entities::client;
use chrono::SecondsFormat;
use model::client::ClientSummary;
use model::client_export::{ClientColumn, ExportFormat, ExportRequest};
use model::client_query::{ClientQuery, Dir};
use model::AppError;
use rust_decimal::Decimal;
use sea_orm::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait, Order};
use sea_orm::{Condition, DatabaseBackend, PaginatorTrait, QueryOrder, QuerySelect, Value};
use std::collections::VecDeque;

/// Rows per query: big enough that the per-query cost is small against writing the rows,
/// small enough that a chunk is a few hundred kilobytes at most.
pub const CHUNK: u64 = 500;

/// A part of the order walked by one index: the rows meeting `only`, ordered by `keys`.
struct Segment {
    only: Option<Expr>,
    keys: Vec<Term>,
}

/// An export under way: where it is in the dashboard's order.
pub struct ClientExport {
    query: ClientQuery,
    plan: Plan,
    /// The selection's ids: only these, never those.
    restrict: Option<Condition>,
    total: u64,
    segments: VecDeque<Segment>,
    /// The last row of the current segment already read.
    after: Option<client::Model>,
    chunk: u64,
}

impl ClientExport {
    /// A staff member's export: recorded in the audit log (who, which filter and sort, which
    /// format and columns, how many clients) before the first row is read.
    pub async fn begin(
        db: &DatabaseConnection,
        actor: &Actor,
        request: &ExportRequest,
    ) -> Result<Self, AppError> {
        let export = Self::start_with(db, &request.query, &request.only, &request.except).await?;
        let query = request.query.with(|q| q.view = None);
        audit::record(
            db,
            actor,
            Change {
                action: "clients.export",
                entity: "client",
                entity_id: None,
                client_id: None,
                changes: serde_json::json!({
                    "filter": query.href(),
                    "format": request.format.key(),
                    "columns": request.columns.iter().map(|c| c.key()).collect::<Vec<_>>(),
                    "clients": export.total(),
                    "only": request.only,
                    "except": request.except,
                }),
            },
        )
        .await?;
        Ok(export)
    }

    /// Where an export of `query` starts (nothing recorded: `begin` is the staff's way in).
    pub async fn start(db: &DatabaseConnection, query: &ClientQuery) -> Result<Self, AppError> {
        Self::start_with(db, query, &[], &[]).await
    }

    /// The same, for a selection: only the clients `only` (when given), never those `except`.
    pub async fn start_with(
        db: &DatabaseConnection,
        query: &ClientQuery,
        only: &[i32],
        except: &[i32],
    ) -> Result<Self, AppError> {
        let backend = db.get_database_backend();
        let plan = Plan::of(db, query).await?;
        let id = || Expr::col((client::Entity, client::Column::Id));
        let mut restrict = Condition::all();
        if !only.is_empty() {
            restrict = restrict.add(id().is_in(only.to_vec()));
        }
        if !except.is_empty() {
            restrict = restrict.add(id().is_not_in(except.to_vec()));
        }
        // The total from the few ids named, never a count over the matches: the picked ones
        // that match, or every match less the unticked ones that match (index lookups each).
        let matching_of = |ids: &[i32]| {
            plan.matching(query, backend)
                .filter(id().is_in(ids.to_vec()))
                .count(db)
        };
        let (restrict, total) = match (only.is_empty(), except.is_empty()) {
            (true, true) => (None, plan.total),
            (true, false) => {
                let unticked = matching_of(except).await?;
                (Some(restrict), plan.total.saturating_sub(unticked))
            }
            (false, _) => {
                let picked: Vec<i32> = only
                    .iter()
                    .filter(|i| !except.contains(i))
                    .copied()
                    .collect();
                (Some(restrict), matching_of(&picked).await?)
            }
        };
        let order = match query.dir {
            Dir::Asc => Order::Asc,
            Dir::Desc => Order::Desc,
        };
        let mut terms = order_terms(query.sort, query.dir, backend);
        let segments: VecDeque<Segment> = match terms.first().map(|t| t.key) {
            Some(Key::ConfigurationName) => {
                let id = terms.split_off(1);
                configuration_steps(db, order)
                    .await?
                    .into_iter()
                    .map(|ids| Segment {
                        only: Some(
                            Expr::col((client::Entity, client::Column::ConfigurationId)).is_in(ids),
                        ),
                        keys: id.clone(),
                    })
                    .collect()
            }
            Some(Key::Flag) => {
                let rest = terms.split_off(1);
                let flag = &terms[0];
                // Ascending flags put `false` (something to sort by) first; the descending
                // ones are written the other way round (`<> ''`, `IS NOT NULL`).
                let first = flag.order == Order::Desc;
                [first, !first]
                    .into_iter()
                    .map(|value| Segment {
                        only: Some(flag_is(flag, value, backend)),
                        keys: rest.clone(),
                    })
                    .collect()
            }
            _ => VecDeque::from([Segment {
                only: None,
                keys: terms,
            }]),
        };
        Ok(ClientExport {
            query: query.clone(),
            plan,
            restrict,
            total,
            segments,
            after: None,
            chunk: CHUNK,
        })
    }

    /// Reads `rows` at a time instead of `CHUNK` (tests walk many chunks over a few rows).
    pub fn chunked(mut self, rows: u64) -> Self {
        self.chunk = std::cmp::max(rows, 1);
        self
    }

    /// How many clients the export holds (as the dashboard counts them).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The next chunk, or `None` once every matching client has been read.
    pub async fn next_chunk(
        &mut self,
        db: &DatabaseConnection,
    ) -> Result<Option<Vec<ClientSummary>>, AppError> {
        match self.next_rows(db).await? {
            // Everything a column needs is in the summary; pinned notes are not exported.
            Some(rows) => Ok(Some(
                super::client_summary::summaries_without_notes(db, rows).await?,
            )),
            None => Ok(None),
        }
    }

    /// The next chunk's client rows (never empty), or `None` once every match has been read.
    pub async fn next_rows(
        &mut self,
        db: &DatabaseConnection,
    ) -> Result<Option<Vec<client::Model>>, AppError> {
        let backend = db.get_database_backend();
        while let Some(segment) = self.segments.front() {
            let mut select = self.plan.matching(&self.query, backend);
            if let Some(only) = &segment.only {
                select = select.filter(only.clone());
            }
            if let Some(restrict) = &self.restrict {
                select = select.filter(restrict.clone());
            }
            if let Some(after) = &self.after {
                select = select.filter(after_row(&segment.keys, after, backend));
            }
            for Term { sql, order, .. } in &segment.keys {
                select = select.order_by(Expr::cust(sql.clone()), order.clone());
            }
            let rows = select.limit(self.chunk).all(db).await?;
            if (rows.len() as u64) < self.chunk {
                self.segments.pop_front();
                self.after = None;
            } else {
                self.after = rows.last().cloned();
            }
            if rows.is_empty() {
                continue;
            }
            return Ok(Some(rows));
        }
        Ok(None)
    }
}

/// The rows of one value of a flag term, written as the indexes have it: SQLite's flags are
/// 0/1 columns, PostgreSQL's are boolean expressions an index is built on.
fn flag_is(flag: &Term, value: bool, backend: DatabaseBackend) -> Expr {
    let sql = &flag.sql;
    Expr::cust(match (backend, value) {
        (DatabaseBackend::Sqlite, v) => format!("{sql} = {}", i32::from(v)),
        (_, true) => sql.clone(),
        (_, false) => format!("NOT {sql}"),
    })
}

/// The rows after `row` in a segment: `(k1, k2, ..) > (v1, v2, ..)` (`<` descending). A key
/// that is NULL in `row` is left out: NULLs only occur behind the flag that sets them apart
/// (no group), so within the segment every row has NULL there.
fn after_row(keys: &[Term], row: &client::Model, backend: DatabaseBackend) -> Expr {
    let mut terms = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    for t in keys {
        let Key::Column(c) = t.key else { continue };
        let v = row.get(c);
        if is_null(&v) {
            continue;
        }
        terms.push(t.sql.as_str());
        values.push(v);
    }
    let op = match keys.first().map(|t| &t.order) {
        Some(Order::Desc) => "<",
        _ => ">",
    };
    // Each backend's own placeholder: sea-query reads `$n` on PostgreSQL and `?` on SQLite.
    let marks = (1..=values.len())
        .map(|n| match backend {
            DatabaseBackend::Postgres => format!("${n}"),
            _ => "?".to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    Expr::cust_with_values(format!("({}) {op} ({marks})", terms.join(", ")), values)
}

fn is_null(v: &Value) -> bool {
    v == &v.as_null()
}

/// The first line of the file: the CSV header row (JSON lines have none).
pub fn header(format: ExportFormat, columns: &[ClientColumn]) -> String {
    match format {
        ExportFormat::Csv => {
            let mut line = columns
                .iter()
                .map(|c| c.key())
                .collect::<Vec<_>>()
                .join(",");
            line.push_str("\r\n");
            line
        }
        ExportFormat::JsonLines => String::new(),
    }
}

/// One cell's value, typed so each format writes it its own way.
enum Cell {
    Text(String),
    Number(u64),
    /// An exact amount: at least two decimals, never rounded.
    Money(Decimal),
    Flag(bool),
    Missing,
}

fn cell(c: &ClientSummary, column: ClientColumn) -> Cell {
    let text = |t: &str| Cell::Text(t.to_owned());
    match column {
        ClientColumn::Id => Cell::Number(u64::try_from(c.id).unwrap_or(0)),
        ClientColumn::Company => text(&c.company),
        ClientColumn::Contact => Cell::Text(c.contact()),
        ClientColumn::Email => text(&c.email),
        ClientColumn::Phone => text(&c.phone),
        ClientColumn::Country => text(&c.country),
        ClientColumn::City => text(&c.city),
        ClientColumn::Status => text(c.status.as_str()),
        ClientColumn::UptodateCredit => Cell::Money(c.uptodate_credit),
        ClientColumn::CurrentCredit => Cell::Money(c.credit_balance),
        ClientColumn::Currency => text(&c.currency),
        ClientColumn::Configuration => text(&c.configuration),
        ClientColumn::Groups => Cell::Text(c.groups.join("; ")),
        ClientColumn::Services => Cell::Number(c.services),
        ClientColumn::Instances => Cell::Number(c.instances),
        ClientColumn::Created => {
            Cell::Text(c.created_at.to_rfc3339_opts(SecondsFormat::Secs, true))
        }
        ClientColumn::BillingAgreement => Cell::Flag(c.billing_agreement),
        ClientColumn::TaxExempt => Cell::Flag(c.tax_exempt),
        ClientColumn::VatId => c.vat_id.as_deref().map_or(Cell::Missing, text),
    }
}

fn exact(d: Decimal) -> String {
    let mut d = d;
    if d.scale() < 2 {
        d.rescale(2);
    }
    d.to_string()
}

/// A text cell as CSV has it: quoted when it holds a separator, a quote or a line break; and
/// one a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) starts with
/// `'` instead (the OWASP advice for CSV injection).
fn csv_text(t: &str, out: &mut String) {
    let guarded;
    let t = if t.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{t}");
        guarded.as_str()
    } else {
        t
    };
    if t.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&t.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(t);
    }
}

/// Appends one client as a line of `format`.
pub fn write_row(
    format: ExportFormat,
    columns: &[ClientColumn],
    row: &ClientSummary,
    out: &mut String,
) {
    match format {
        ExportFormat::Csv => {
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match cell(row, *column) {
                    Cell::Text(t) => csv_text(&t, out),
                    Cell::Number(n) => out.push_str(&n.to_string()),
                    Cell::Money(d) => out.push_str(&exact(d)),
                    Cell::Flag(b) => out.push_str(if b { "yes" } else { "no" }),
                    Cell::Missing => {}
                }
            }
            out.push_str("\r\n");
        }
        ExportFormat::JsonLines => {
            let object: serde_json::Map<String, serde_json::Value> = columns
                .iter()
                .map(|column| {
                    let value = match cell(row, *column) {
                        Cell::Text(t) => t.into(),
                        Cell::Number(n) => n.into(),
                        // A string: a JSON number would be read back as a float.
                        Cell::Money(d) => exact(d).into(),
                        Cell::Flag(b) => b.into(),
                        Cell::Missing => serde_json::Value::Null,
                    };
                    (column.key().to_owned(), value)
                })
                .collect();
            out.push_str(&serde_json::Value::Object(object).to_string());
            out.push('\n');
        }
    }
}

/// The file's name: what it holds and when it was made.
pub fn file_name(format: ExportFormat, now: chrono::DateTime<chrono::Utc>) -> String {
    format!("clients-{}.{}", now.format("%Y-%m-%d-%H%M"), format.key())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        let mut out = String::new();
        for t in [
            "plain",
            "a, b",
            "say \"hi\"",
            "two\nlines",
            "=SUM(A1)",
            "+49 30 1234",
        ] {
            csv_text(t, &mut out);
            out.push('|');
        }
        assert_eq!(
            out,
            "plain|\"a, b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|'=SUM(A1)|'+49 30 1234|"
        );
    }

    #[test]
    fn amounts_keep_every_digit_and_show_cents() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(exact(d("12.5")), "12.50");
        assert_eq!(exact(d("-3")), "-3.00");
        assert_eq!(exact(d("0.1234")), "0.1234");
    }
}
