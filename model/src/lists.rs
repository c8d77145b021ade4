//! The staff lists behind the top bar (Billing, Cloud, Support, Domains).
//!
//! Every list has the same shape: filters, sortable columns, rows that link to a detail page
//! and to the client, per-status totals, pages. The server fills one `ListPage` per list and one
//! page component (`components::list`) renders any of them, so the lists cannot drift apart.
//! The URL is the state: `ListQuery` is the query string's pairs, read and written here only.

use super::client_query::Dir;
use super::cloud::ResourceKind;
use serde::{Deserialize, Serialize};

/// Rows per page on the staff lists.
pub const LIST_PER_PAGE: u64 = 25;

/// Which list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListKind {
    Invoices,
    Services,
    Journal,
    Projects,
    Resources(ResourceKind),
    Tickets,
    Domains,
}

/// The top bar's areas, each a set of lists shown as tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Section {
    Billing,
    Cloud,
    Support,
    Domains,
}

impl Section {
    pub fn label(self) -> &'static str {
        match self {
            Section::Billing => "Billing",
            Section::Cloud => "Cloud",
            Section::Support => "Support",
            Section::Domains => "Domains",
        }
    }

    /// The section's lists, in tab order (the first is where the top bar leads).
    pub fn lists(self) -> Vec<ListKind> {
        match self {
            Section::Billing => vec![ListKind::Invoices, ListKind::Services, ListKind::Journal],
            Section::Cloud => std::iter::once(ListKind::Projects)
                .chain(ResourceKind::ALL.into_iter().map(ListKind::Resources))
                .collect(),
            Section::Support => vec![ListKind::Tickets],
            Section::Domains => vec![ListKind::Domains],
        }
    }
}

impl ListKind {
    /// Every list, for tests and the access table.
    pub fn all() -> Vec<ListKind> {
        [
            Section::Billing,
            Section::Cloud,
            Section::Support,
            Section::Domains,
        ]
        .into_iter()
        .flat_map(Section::lists)
        .collect()
    }

    pub fn section(self) -> Section {
        match self {
            ListKind::Invoices | ListKind::Services | ListKind::Journal => Section::Billing,
            ListKind::Projects | ListKind::Resources(_) => Section::Cloud,
            ListKind::Tickets => Section::Support,
            ListKind::Domains => Section::Domains,
        }
    }

    /// The list's page.
    pub fn path(self) -> String {
        match self {
            ListKind::Invoices => crate::routes::INVOICES.into(),
            ListKind::Services => crate::routes::SERVICES.into(),
            ListKind::Journal => crate::routes::JOURNAL.into(),
            ListKind::Projects => crate::routes::PROJECTS.into(),
            ListKind::Resources(k) => crate::routes::resources(k.slug()),
            ListKind::Tickets => crate::routes::TICKETS.into(),
            ListKind::Domains => crate::routes::DOMAINS.into(),
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ListKind::Invoices => "Invoices",
            ListKind::Services => "Services",
            ListKind::Journal => "Journal",
            ListKind::Projects => "Projects",
            ListKind::Resources(k) => k.label(),
            ListKind::Tickets => "Tickets",
            ListKind::Domains => "Domains",
        }
    }
}

/// A list page's URL query: its `(name, value)` pairs in order, empty values dropped (an empty
/// field of the GET filter form means "any").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    pub pairs: Vec<(String, String)>,
}

impl ListQuery {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ListQuery {
        ListQuery {
            pairs: pairs
                .into_iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, v)| (k.to_owned(), v.trim().to_owned()))
                .collect(),
        }
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name` (multi-value filters).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The same query with `name` set to `value` alone (None removes it). Any change but the
    /// page itself starts again at page 1.
    pub fn with(&self, name: &str, value: Option<&str>) -> ListQuery {
        let mut pairs: Vec<(String, String)> = self
            .pairs
            .iter()
            .filter(|(k, _)| k != name && (name == "page" || k != "page"))
            .cloned()
            .collect();
        if let Some(v) = value {
            pairs.push((name.to_owned(), v.to_owned()));
        }
        ListQuery { pairs }
    }

    pub fn page(&self) -> u64 {
        self.get("page").map_or(1, super::paging::parse)
    }

    pub fn with_page(&self, page: u64) -> ListQuery {
        self.with("page", (page > 1).then(|| page.to_string()).as_deref())
    }

    /// Sorting by `key`: the other direction when already sorted by it, else `default_dir`.
    pub fn with_sort(&self, key: &str, current: (&str, Dir), default_dir: Dir) -> ListQuery {
        let dir = if current.0 == key {
            current.1.flip()
        } else {
            default_dir
        };
        self.with("sort", Some(key)).with("dir", Some(dir.as_str()))
    }

    /// `path?query` (just `path` without any pairs).
    pub fn href(&self, path: &str) -> String {
        if self.pairs.is_empty() {
            return path.to_owned();
        }
        let q: Vec<String> = self
            .pairs
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        format!("{path}?{}", q.join("&"))
    }
}

/// Percent-encoding for a query component (RFC 3986 unreserved characters stay).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// How a filter is entered in the GET form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FilterInput {
    /// One of the options (value, label); the empty value means any.
    Select(Vec<(String, String)>),
    /// A client ID, a number or free text.
    Text {
        placeholder: String,
    },
    Date,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FilterSpec {
    /// The URL parameter.
    pub name: String,
    pub label: String,
    pub input: FilterInput,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnSpec {
    pub label: String,
    /// The `sort` value that orders by this column, when it can.
    pub sort: Option<String>,
    /// Right-aligned (amounts, counts).
    pub numeric: bool,
}

/// One table cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Text(String),
    Link {
        href: String,
        text: String,
    },
    /// A coloured label: CSS class and text.
    Badge {
        class: String,
        label: String,
    },
    /// The thin coloured status bar of the tickets lists: CSS class and its title.
    Bar {
        class: String,
        title: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListRow {
    /// The row's tone (CSS class), e.g. an overdue invoice.
    pub tone: Option<String>,
    pub cells: Vec<Cell>,
}

/// How many rows of the filtered list have one status; a link filters by it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusTotal {
    pub value: String,
    pub label: String,
    pub class: String,
    pub count: u64,
}

/// One page of a list, with everything the page needs to render it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListPage {
    pub kind: ListKind,
    pub filters: Vec<FilterSpec>,
    pub columns: Vec<ColumnSpec>,
    pub rows: Vec<ListRow>,
    /// Rows matching the filters, in all pages.
    pub total: u64,
    pub page: u64,
    /// The sort in effect (the default when the URL names none).
    pub sort: String,
    pub dir: Dir,
    /// The direction a column starts in when first clicked.
    pub default_dir: Dir,
    /// Per-status totals over the other filters, and the parameter they set.
    pub totals: Vec<StatusTotal>,
    pub totals_param: String,
}

impl ListPage {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(LIST_PER_PAGE).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_round_trips_and_resets_the_page() {
        let q = ListQuery::from_pairs([
            ("status", "paid"),
            ("q", "a b&c"),
            ("page", "3"),
            ("x", " "),
        ]);
        assert_eq!(q.get("x"), None);
        assert_eq!(q.page(), 3);
        assert_eq!(q.href("/l"), "/l?status=paid&q=a%20b%26c&page=3".to_owned());
        let sorted = q.with_sort("total", ("issued", Dir::Desc), Dir::Desc);
        assert_eq!(sorted.page(), 1);
        assert_eq!(sorted.get("dir"), Some("desc"));
        let flipped = sorted.with_sort("total", ("total", Dir::Desc), Dir::Desc);
        assert_eq!(flipped.get("dir"), Some("asc"));
        assert_eq!(q.with_page(4).get("status"), Some("paid"));
    }

    #[test]
    fn every_list_has_its_own_path() {
        let paths: std::collections::BTreeSet<String> =
            ListKind::all().into_iter().map(ListKind::path).collect();
        assert_eq!(paths.len(), ListKind::all().len());
    }
}
