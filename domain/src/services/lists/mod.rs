//! The staff lists behind the top bar: each list reads its filters from the URL query, builds
//! one filtered, sorted query and fills a `ListPage`. What they share lives here: reading
//! filters with a message per bad field, sorting, paging, per-status totals, client names.
//!
//! Scale: every filter is an indexed column of the listed table (the client filter included),
//! the default sorts have an index in their order (migration 000012), and the per-status totals
//! double as the total so a page counts the table once, not twice.

mod domains;
mod invoices;
mod journal;
mod projects;
mod resources;
mod services;
mod tickets;

use crate::counts::{self, Tally};
use crate::entities::client;
use crate::money::Amount;
use crate::services::client_detail::name_of;
use chrono::NaiveDate;
use model::client_query::Dir;
use model::lists::{
    Cell, ColumnSpec, FilterInput, FilterSpec, ListKind, ListQuery, StatusTotal, LIST_PER_PAGE,
};
use model::routes;
use model::{paging, AppError, FieldError};
use rust_decimal::Decimal;
use sea_orm::prelude::*;
use sea_orm::sea_query::IntoCondition;
use sea_orm::{PaginatorTrait, QueryOrder, QuerySelect, Select};
use std::collections::HashMap;
use std::str::FromStr;

/// One page of `kind` for `query`.
pub async fn list(
    db: &DatabaseConnection,
    kind: ListKind,
    query: &ListQuery,
) -> Result<model::lists::ListPage, AppError> {
    match kind {
        ListKind::Invoices => invoices::list(db, query).await,
        ListKind::Services => services::list(db, query).await,
        ListKind::Journal => journal::list(db, query).await,
        ListKind::Tickets => tickets::list(db, query).await,
        ListKind::Projects => projects::list(db, query).await,
        ListKind::Resources(k) => resources::list(db, k, query).await,
        ListKind::Domains => domains::list(db, query).await,
    }
}

/// Reads a list's filters from its query, collecting a message for every malformed one (so the
/// page can say all that is wrong at once) instead of ignoring it and showing the wrong rows.
pub(crate) struct Filters<'a> {
    query: &'a ListQuery,
    errors: Vec<FieldError>,
}

impl<'a> Filters<'a> {
    pub fn new(query: &'a ListQuery) -> Self {
        Filters {
            query,
            errors: Vec::new(),
        }
    }

    fn fail(&mut self, name: &str, message: String) {
        self.errors.push(FieldError {
            field: name.to_owned(),
            message,
        });
    }

    /// A positive id such as a client ID.
    pub fn id(&mut self, name: &str, what: &str) -> Option<i32> {
        let v = self.query.get(name)?;
        match v.parse::<i32>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                self.fail(name, format!("{what} is a whole number, e.g. 42."));
                None
            }
        }
    }

    /// Any of an enum's stored values.
    pub fn value<T: FromStr>(&mut self, name: &str, what: &str) -> Option<T> {
        let v = self.query.get(name)?;
        match v.parse::<T>() {
            Ok(t) => Some(t),
            Err(_) => {
                self.fail(name, format!("Unknown {what}: {v}."));
                None
            }
        }
    }

    /// One of `allowed` (case-insensitive), returned as listed there.
    pub fn one_of(&mut self, name: &str, what: &str, allowed: &[&str]) -> Option<String> {
        let v = self.query.get(name)?;
        match allowed.iter().find(|a| a.eq_ignore_ascii_case(v)) {
            Some(a) => Some((*a).to_owned()),
            None => {
                self.fail(name, format!("Unknown {what}: {v}."));
                None
            }
        }
    }

    /// `yes` or `no`.
    pub fn flag(&mut self, name: &str) -> Option<bool> {
        match self.query.get(name)? {
            "yes" => Some(true),
            "no" => Some(false),
            v => {
                self.fail(name, format!("Choose yes or no, not {v}."));
                None
            }
        }
    }

    /// A date written as 2026-11-25.
    pub fn date(&mut self, name: &str) -> Option<NaiveDate> {
        let v = self.query.get(name)?;
        match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.fail(name, format!("Enter a date as YYYY-MM-DD, not {v}."));
                None
            }
        }
    }

    /// An amount such as 12.50 (what the database can hold).
    pub fn amount(&mut self, name: &str) -> Option<Amount> {
        let v = self.query.get(name)?;
        match Decimal::from_str(v).ok().and_then(|d| Amount::new(d).ok()) {
            Some(d) => Some(d),
            None => {
                self.fail(name, format!("Enter an amount such as 12.50, not {v}."));
                None
            }
        }
    }

    /// `from`..=`to` must not be reversed.
    pub fn range<T: PartialOrd>(&mut self, from: &Option<T>, to: &Option<T>, name: &str) {
        if let (Some(a), Some(b)) = (from, to) {
            if a > b {
                self.fail(name, "The end comes before the start.".into());
            }
        }
    }

    /// The sort named in the URL (one of `keys`, else `keys[0]`) and its direction.
    pub fn sort(&mut self, keys: &[&'static str], default_dir: Dir) -> (&'static str, Dir) {
        let key = match self.query.get("sort") {
            None => keys[0],
            Some(v) => match keys.iter().find(|k| **k == v) {
                Some(k) => k,
                None => {
                    self.fail("sort", format!("This list cannot be sorted by {v}."));
                    keys[0]
                }
            },
        };
        let dir = match self.query.get("dir") {
            None => default_dir,
            Some(v) => Dir::parse(v).unwrap_or_else(|| {
                self.fail("dir", format!("Sort direction is asc or desc, not {v}."));
                default_dir
            }),
        };
        (key, dir)
    }

    /// All the messages, or nothing wrong.
    pub fn finish(self) -> Result<(), AppError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.errors))
        }
    }
}

/// The rows of `page` of `q` ordered by `col` and then `id` (so pages never overlap), `total`
/// being how many rows `q` has. Paging at 1M rows:
/// - the page's ids are read first, which walks only the order's index (covering: the sort
///   column and the id), and then the page's rows by id;
/// - a page past the middle is read from the other end, so the last page costs what the
///   first does (each engine orders NULLs the same way in both directions).
pub(crate) async fn rows_of<E: EntityTrait>(
    db: &DatabaseConnection,
    q: Select<E>,
    (col, id): (E::Column, E::Column),
    dir: Dir,
    page: u64,
    total: u64,
) -> Result<Vec<E::Model>, AppError>
where
    E::Model: Sync,
{
    let order = |d: Dir| match d {
        Dir::Asc => sea_orm::Order::Asc,
        Dir::Desc => sea_orm::Order::Desc,
    };
    let offset = paging::offset(page, LIST_PER_PAGE);
    if offset >= total {
        return Ok(Vec::new());
    }
    let (walk, offset, limit) = if offset > total / 2 {
        let limit = LIST_PER_PAGE.min(total - offset);
        (dir.flip(), total - offset - limit, limit)
    } else {
        (dir, offset, LIST_PER_PAGE)
    };
    let mut ids: Vec<i32> = q
        .select_only()
        .column(id)
        .order_by(col, order(walk))
        .order_by(id, order(walk))
        .offset(offset)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    if walk != dir {
        ids.reverse();
    }
    // By primary key, put in the ids' order here: ordered in SQL, SQLite may prefer walking
    // the sort's whole index to looking up 25 ids.
    let place: HashMap<i32, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut rows = E::find().filter(id.is_in(ids)).all(db).await?;
    rows.sort_by_key(|m| match m.get(id) {
        sea_orm::Value::Int(Some(v)) => place.get(&v).copied().unwrap_or(usize::MAX),
        _ => usize::MAX,
    });
    Ok(rows)
}

/// A list's query under its filters, and whether the counters (`domain::counts`) can answer
/// its totals: they can with no filter or with one on a counted column; any other filter
/// makes the totals a query.
pub(crate) struct Scope<E: EntityTrait> {
    pub q: Select<E>,
    tally: Option<Tally>,
}

impl<E: EntityTrait> Scope<E> {
    pub fn new() -> Self {
        Scope {
            q: E::find(),
            tally: Some(Tally::all(E::default().table_name())),
        }
    }

    /// A filter the counters cannot answer, when `v` is set.
    pub fn when<T, C: IntoCondition>(mut self, v: Option<T>, cond: impl FnOnce(T) -> C) -> Self {
        if let Some(v) = v {
            self.q = self.q.filter(cond(v));
            self.tally = None;
        }
        self
    }

    /// A filter on the counted column `dim`, when `v` is set: `stored` gives the values it
    /// allows as `row_counts` keeps them (text).
    pub fn counted<T, C: IntoCondition>(
        mut self,
        dim: &'static str,
        v: Option<T>,
        stored: impl FnOnce(&T) -> Vec<String>,
        cond: impl FnOnce(T) -> C,
    ) -> Self {
        if let Some(v) = v {
            self.tally = match self.tally.take() {
                Some(Tally { table, dim: None }) => Some(Tally::of(table, dim, stored(&v))),
                _ => None,
            };
            self.q = self.q.filter(cond(v));
        }
        self
    }

    /// How many rows there are, from the counters when they can say.
    pub async fn count(&self, db: &DatabaseConnection) -> Result<u64, AppError>
    where
        E::Model: Sync,
    {
        if let Some(t) = &self.tally {
            if let Some(counts) = counts::by_status(db, t).await? {
                return Ok(counts.values().sum());
            }
        }
        Ok(self.q.clone().count(db).await?)
    }

    /// Rows per value of the string column `col`, in the order of `values` (zero counts
    /// included), each with its label and badge class: from the counters when they can say.
    pub async fn totals_by(
        &self,
        db: &DatabaseConnection,
        col: E::Column,
        values: impl IntoIterator<Item = (String, String, String)>,
    ) -> Result<Vec<StatusTotal>, AppError> {
        let kept = match &self.tally {
            Some(t) => counts::by_status(db, t).await?,
            None => None,
        };
        let counts: HashMap<String, u64> = match kept {
            Some(counts) => counts,
            None => self
                .q
                .clone()
                .select_only()
                .column(col)
                .column_as(col.count(), "n")
                .group_by(col)
                .into_tuple::<(String, i64)>()
                .all(db)
                .await?
                .into_iter()
                .map(|(v, n)| (v, n.max(0) as u64))
                .collect(),
        };
        Ok(values
            .into_iter()
            .map(|(value, label, class)| StatusTotal {
                count: counts.get(&value).copied().unwrap_or(0),
                value,
                label,
                class,
            })
            .collect())
    }
}

/// The rows shown: the chosen status's total, or all of them.
pub(crate) fn total_of(totals: &[StatusTotal], chosen: Option<&str>) -> u64 {
    totals
        .iter()
        .filter(|t| chosen.is_none_or(|c| c == t.value))
        .map(|t| t.count)
        .sum()
}

/// Display names of the given clients, in one query.
pub(crate) async fn client_names(
    db: &DatabaseConnection,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, String>, AppError> {
    let mut ids: Vec<i32> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(client::Entity::find()
        .filter(client::Column::Id.is_in(ids))
        .all(db)
        .await?
        .iter()
        .map(|c| (c.id, name_of(c)))
        .collect())
}

/// A link to the client (its `tab`), or a dash when the client is gone.
pub(crate) fn client_cell(id: Option<i32>, name: Option<&str>, tab: &str) -> Cell {
    match (id, name) {
        (Some(id), Some(name)) => Cell::Link {
            href: routes::client_tab(id, tab),
            text: name.to_owned(),
        },
        (Some(id), None) => Cell::Link {
            href: routes::client_tab(id, tab),
            text: format!("Client {id}"),
        },
        (None, Some(name)) => Cell::Text(name.to_owned()),
        (None, None) => Cell::Text("—".into()),
    }
}

pub(crate) fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

pub(crate) fn link(href: String, text: impl Into<String>) -> Cell {
    Cell::Link {
        href,
        text: text.into(),
    }
}

pub(crate) fn column(label: &str, sort: Option<&str>, numeric: bool) -> ColumnSpec {
    ColumnSpec {
        label: label.to_owned(),
        sort: sort.map(str::to_owned),
        numeric,
    }
}

pub(crate) fn filter(name: &str, label: &str, input: FilterInput) -> FilterSpec {
    FilterSpec {
        name: name.to_owned(),
        label: label.to_owned(),
        input,
    }
}

/// A select filter over an enum's values.
pub(crate) fn choice<T: Copy>(
    name: &str,
    label: &str,
    all: &[T],
    value: impl Fn(T) -> (&'static str, &'static str),
) -> FilterSpec {
    filter(
        name,
        label,
        FilterInput::Select(
            all.iter()
                .map(|t| {
                    let (v, l) = value(*t);
                    (v.to_owned(), l.to_owned())
                })
                .collect(),
        ),
    )
}

/// The client ID filter every list has.
pub(crate) fn client_filter() -> FilterSpec {
    filter(
        "client",
        "Client ID",
        FilterInput::Text {
            placeholder: "e.g. 42".into(),
        },
    )
}
