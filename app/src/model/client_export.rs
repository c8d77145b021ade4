//! Exporting the clients that match a dashboard query: the formats, the columns asked for,
//! and the export's URL (the dashboard's query plus these).

pub use super::client_columns::ClientColumn;
use super::client_query::ClientQuery;
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
}

/// What to export: the clients matching `query`, in its sort, with `columns`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportRequest {
    pub query: ClientQuery,
    pub format: ExportFormat,
    pub columns: Vec<ClientColumn>,
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
        for (k, v) in pairs {
            match k {
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
        })
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
        assert_eq!(r.query.statuses, vec![crate::model::ClientStatus::Active]);
        assert_eq!(r.query.sort, crate::model::client_query::SortKey::Created);

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
