//! Exporting the clients that match a dashboard query: the formats, the columns asked for,
//! and the export's URL (the dashboard's query plus these).

pub use super::client_columns::ClientColumn;
use super::client_query::ClientQuery;
use super::selection::{Selection, MAX_PICKED};
use super::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    /// One JSON object per line.
    JsonLines,
}

impl ExportFormat {
    pub fn key(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::JsonLines => "jsonl",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::JsonLines => "application/x-ndjson; charset=utf-8",
        }
    }
}

/// Where exports are served; the dashboard's query keys plus `format` and `column`.
pub const EXPORT_PATH: &str = "/staff/clients/export";

pub mod keys {
    pub const FORMAT: &str = "format";
    /// Repeated, in the order wanted; none means every column.
    pub const COLUMN: &str = "column";
    /// Repeated: only these clients (a selection picked one by one).
    pub const ONLY: &str = "client";
    /// Repeated: not these clients (unticked from "all matching").
    pub const EXCEPT: &str = "except";
}

/// What to export: the clients matching `query` (and `only`, when given; less `except`), in
/// its sort, with `columns`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportRequest {
    pub query: ClientQuery,
    pub format: ExportFormat,
    pub columns: Vec<ClientColumn>,
    pub only: Vec<i32>,
    pub except: Vec<i32>,
}

impl ExportRequest {
    /// Reads an export URL's pairs. The filters are read as the dashboard reads them; an
    /// unknown format or column is refused (a file without the asked-for column would be
    /// silently wrong). The currency joins any amount that is asked for without it.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
    ) -> Result<ExportRequest, AppError> {
        let query = ClientQuery::from_pairs(pairs.clone());
        let mut format = ExportFormat::Csv;
        let mut columns: Vec<ClientColumn> = Vec::new();
        let (mut only, mut except) = (Vec::new(), Vec::new());
        for (k, v) in pairs {
            match k {
                keys::ONLY | keys::EXCEPT => {
                    let id = v
                        .parse::<i32>()
                        .map_err(|_| AppError::BadRequest(format!("{v:?} is not a client ID.")))?;
                    let list = if k == keys::ONLY {
                        &mut only
                    } else {
                        &mut except
                    };
                    if !list.contains(&id) {
                        list.push(id);
                    }
                    if list.len() > MAX_PICKED {
                        return Err(AppError::BadRequest(format!(
                            "At most {MAX_PICKED} clients can be named; export a filter instead."
                        )));
                    }
                }
                keys::FORMAT => {
                    format = match v {
                        "csv" => ExportFormat::Csv,
                        "jsonl" => ExportFormat::JsonLines,
                        other => {
                            return Err(AppError::BadRequest(format!(
                                "Unknown export format {other:?}: use csv or jsonl."
                            )))
                        }
                    }
                }
                keys::COLUMN => {
                    let c = ClientColumn::parse(v).ok_or_else(|| {
                        AppError::BadRequest(format!("Unknown column {v:?} for an export."))
                    })?;
                    if !columns.contains(&c) {
                        columns.push(c);
                    }
                }
                _ => {}
            }
        }
        if columns.is_empty() {
            columns = ClientColumn::ALL.to_vec();
        }
        if columns.iter().any(|c| c.is_money()) && !columns.contains(&ClientColumn::Currency) {
            let after = columns.iter().rposition(|c| c.is_money()).unwrap_or(0);
            columns.insert(after + 1, ClientColumn::Currency);
        }
        Ok(ExportRequest {
            query,
            format,
            columns,
            only,
            except,
        })
    }

    /// The export URL of a selection, in `sort_by`'s order: the clients picked, or those the
    /// selected filter matches less the ones unticked. `None` for an empty selection.
    pub fn href_of(
        selection: &Selection,
        sort_by: &ClientQuery,
        format: ExportFormat,
        columns: &[ClientColumn],
    ) -> Option<String> {
        let (query, key, ids) = match selection {
            Selection::Nothing => return None,
            Selection::Picked(ids) => (
                ClientQuery {
                    sort: sort_by.sort,
                    dir: sort_by.dir,
                    ..ClientQuery::default()
                },
                keys::ONLY,
                ids,
            ),
            Selection::Matching { query, except, .. } => ((**query).clone(), keys::EXCEPT, except),
        };
        let mut href = Self::href(&query, format, columns);
        for id in ids {
            href.push_str(&format!("&{key}={id}"));
        }
        Some(href)
    }

    /// The export URL of `query` (its page, view and list columns are not part of it) with
    /// `columns` (none: every column).
    pub fn href(query: &ClientQuery, format: ExportFormat, columns: &[ClientColumn]) -> String {
        use super::client_query::keys as q;
        let mut pairs: Vec<(&str, String)> = query
            .to_pairs()
            .into_iter()
            .filter(|(k, _)| !matches!(*k, q::PAGE | q::PER_PAGE | q::VIEW | q::COLUMNS))
            .collect();
        pairs.push((keys::FORMAT, format.key().to_owned()));
        pairs.extend(columns.iter().map(|c| (keys::COLUMN, c.key().to_owned())));
        let query = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", super::client_query::encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        format!("{EXPORT_PATH}?{query}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> Result<ExportRequest, AppError> {
        // Plain values only: the server decodes real URLs before this.
        let pairs = url.split('&').filter_map(|kv| kv.split_once('='));
        ExportRequest::from_pairs(pairs)
    }

    #[test]
    fn reads_the_dashboard_query_the_format_and_the_columns() {
        let r = parse("status=active&sort=created&dir=desc&format=jsonl&column=email&column=id")
            .unwrap();
        assert_eq!(r.format, ExportFormat::JsonLines);
        assert_eq!(r.columns, vec![ClientColumn::Email, ClientColumn::Id]);
        assert_eq!(r.query.statuses, vec![crate::ClientStatus::Active]);
        assert_eq!(r.query.sort, crate::client_query::SortKey::Created);

        let all = parse("").unwrap();
        assert_eq!(all.format, ExportFormat::Csv);
        assert_eq!(all.columns, ClientColumn::ALL.to_vec());
    }

    #[test]
    fn an_amount_brings_its_currency() {
        let r = parse("column=company&column=current_credit&column=email").unwrap();
        assert_eq!(
            r.columns,
            vec![
                ClientColumn::Company,
                ClientColumn::CurrentCredit,
                ClientColumn::Currency,
                ClientColumn::Email
            ]
        );
    }

    #[test]
    fn refuses_what_it_cannot_export() {
        let e = parse("format=xlsx").unwrap_err();
        assert_eq!(e.status(), 400);
        assert!(e.to_string().contains("xlsx"), "{e}");
        let e = parse("column=password").unwrap_err();
        assert!(e.to_string().contains("password"), "{e}");
    }

    #[test]
    fn a_selection_is_exported_as_picked_or_as_its_filter_less_the_unticked() {
        use std::collections::BTreeSet;
        let sort = ClientQuery::from_pairs([("sort", "credit"), ("status", "active")]);
        let picked = Selection::Picked(BTreeSet::from([7, 3]));
        let href = ExportRequest::href_of(&picked, &sort, ExportFormat::Csv, &[]).unwrap();
        let r = parse(href.split_once('?').unwrap().1).unwrap();
        assert_eq!(r.only, vec![3, 7]);
        assert!(
            r.query.statuses.is_empty(),
            "picked clients, whatever the filter: {href}"
        );
        assert_eq!(r.query.sort, crate::client_query::SortKey::Credit);

        let mut all = Selection::all_matching(&sort, 50);
        all.set(&[9], false, &sort).unwrap();
        let href = ExportRequest::href_of(&all, &sort, ExportFormat::Csv, &[]).unwrap();
        let r = parse(href.split_once('?').unwrap().1).unwrap();
        assert_eq!((r.only.clone(), r.except.clone()), (vec![], vec![9]));
        assert_eq!(r.query.statuses, vec![crate::ClientStatus::Active]);
        assert_eq!(
            ExportRequest::href_of(&Selection::Nothing, &sort, ExportFormat::Csv, &[]),
            None
        );

        let many: String = (0..=MAX_PICKED).map(|i| format!("client={i}&")).collect();
        assert_eq!(parse(&many).unwrap_err().status(), 400);
        assert_eq!(parse("client=abc").unwrap_err().status(), 400);
    }

    #[test]
    fn the_link_carries_the_filters_but_not_the_page() {
        let q = ClientQuery::from_pairs([
            ("status", "suspended"),
            ("page", "3"),
            ("q", "a b"),
            ("cols", "email,id"),
        ]);
        let href = ExportRequest::href(&q, ExportFormat::Csv, &[ClientColumn::Id]);
        assert!(href.starts_with("/staff/clients/export?"), "{href}");
        assert!(href.contains("status=suspended"), "{href}");
        assert!(!href.contains("page=") && !href.contains("cols="), "{href}");
        assert!(href.ends_with("format=csv&column=id"), "{href}");
        assert!(href.contains("q=a%20b"), "{href}");
        let back = parse(href.split_once('?').unwrap().1).unwrap();
        assert_eq!(back.query.statuses, q.statuses);
    }
}
