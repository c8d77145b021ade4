//! The dashboard's state as one typed value, read from and written to the URL query in one
//! place, so server render, hydration, shared links and back/forward all agree.

use super::{ClientStatus, ProductType};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Card grid or table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum View {
    #[default]
    Cards,
    List,
}

impl View {
    /// The cookie that remembers the last chosen view for the next visit.
    pub const COOKIE: &'static str = "clients_view";

    pub fn as_str(self) -> &'static str {
        match self {
            View::Cards => "cards",
            View::List => "list",
        }
    }

    pub fn parse(s: &str) -> Option<View> {
        match s {
            "cards" => Some(View::Cards),
            "list" => Some(View::List),
            _ => None,
        }
    }

    /// The view named in a `Cookie:` header value (`a=1; clients_view=list`).
    pub fn from_cookie_header(header: &str) -> Option<View> {
        header.split(';').find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == Self::COOKIE).then(|| View::parse(v.trim())).flatten()
        })
    }
}

/// What the dashboard can sort by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKey {
    #[default]
    Company,
    Country,
    Created,
    Credit,
    Configuration,
    Group,
}

impl SortKey {
    pub const ALL: [SortKey; 6] = [
        SortKey::Company,
        SortKey::Country,
        SortKey::Created,
        SortKey::Credit,
        SortKey::Configuration,
        SortKey::Group,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Company => "company",
            SortKey::Country => "country",
            SortKey::Created => "created",
            SortKey::Credit => "credit",
            SortKey::Configuration => "configuration",
            SortKey::Group => "group",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Company => "Company",
            SortKey::Country => "Country",
            SortKey::Created => "Date created",
            SortKey::Credit => "Up-to-date credit",
            SortKey::Configuration => "Configuration name",
            SortKey::Group => "Group name",
        }
    }

    pub fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Dir {
    #[default]
    Asc,
    Desc,
}

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Asc => "asc",
            Dir::Desc => "desc",
        }
    }

    pub fn parse(s: &str) -> Option<Dir> {
        match s {
            "asc" => Some(Dir::Asc),
            "desc" => Some(Dir::Desc),
            _ => None,
        }
    }

    pub fn flip(self) -> Dir {
        match self {
            Dir::Asc => Dir::Desc,
            Dir::Desc => Dir::Asc,
        }
    }
}

pub const PER_PAGE_CHOICES: [u64; 4] = [12, 24, 48, 96];
pub const DEFAULT_PER_PAGE: u64 = 24;

/// Filters (OR within a multi-valued filter, AND across filters), search, sort, page and view.
/// Missing fields take their defaults, so API callers send only what they narrow by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientQuery {
    /// Free text over company, names, email, phone and client ID; also an instance's IPv4,
    /// an OpenStack UUID (8+ leading characters), a user's e-mail, VAT ID or invoice number.
    pub search: String,
    pub created_from: Option<NaiveDate>,
    /// Inclusive: the whole day counts.
    pub created_to: Option<NaiveDate>,
    pub configurations: Vec<i32>,
    pub statuses: Vec<ClientStatus>,
    pub tax_exempt: Option<bool>,
    pub groups: Vec<i32>,
    pub regions: Vec<i32>,
    pub flavors: Vec<i32>,
    pub hypervisors: Vec<i32>,
    pub billing_agreement: Option<bool>,
    pub has_services: Option<bool>,
    pub has_instances: Option<bool>,
    pub service_types: Vec<ProductType>,
    pub products: Vec<i32>,
    pub sort: SortKey,
    pub dir: Dir,
    pub page: u64,
    pub per_page: u64,
    /// `None` when the URL does not say: the remembered view applies.
    pub view: Option<View>,
    /// The list view's columns; empty when the URL does not say: the staff member's own
    /// choice applies (`client_columns::DEFAULT_COLUMNS` until they make one).
    pub columns: Vec<super::client_columns::ClientColumn>,
}

impl Default for ClientQuery {
    fn default() -> Self {
        ClientQuery {
            search: String::new(),
            created_from: None,
            created_to: None,
            configurations: Vec::new(),
            statuses: Vec::new(),
            tax_exempt: None,
            groups: Vec::new(),
            regions: Vec::new(),
            flavors: Vec::new(),
            hypervisors: Vec::new(),
            billing_agreement: None,
            has_services: None,
            has_instances: None,
            service_types: Vec::new(),
            products: Vec::new(),
            sort: SortKey::default(),
            dir: Dir::default(),
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            view: None,
            columns: Vec::new(),
        }
    }
}

/// URL keys. Multi-valued filters repeat their key (`status=active&status=suspended`), which is
/// what ticked checkboxes sharing a name produce in a GET form.
pub mod keys {
    pub const SEARCH: &str = "q";
    pub const FROM: &str = "from";
    pub const TO: &str = "to";
    pub const CONFIGURATION: &str = "configuration";
    pub const STATUS: &str = "status";
    pub const TAX_EXEMPT: &str = "tax_exempt";
    pub const GROUP: &str = "group";
    pub const REGION: &str = "region";
    pub const FLAVOR: &str = "flavor";
    pub const HYPERVISOR: &str = "hypervisor";
    pub const BILLING_AGREEMENT: &str = "billing_agreement";
    pub const HAS_SERVICES: &str = "has_services";
    pub const HAS_INSTANCES: &str = "has_instances";
    pub const SERVICE_TYPE: &str = "service_type";
    pub const PRODUCT: &str = "product";
    pub const SORT: &str = "sort";
    pub const DIR: &str = "dir";
    pub const PAGE: &str = "page";
    pub const PER_PAGE: &str = "per_page";
    pub const VIEW: &str = "view";
    /// The list view's columns, comma-separated keys in order.
    pub const COLUMNS: &str = "cols";
}

fn yes_no(v: &str) -> Option<bool> {
    match v {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn yes_no_str(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// Keeps the values that parse, once each, in first-seen order.
fn many<T: PartialEq>(values: &[&str], parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    let mut out = Vec::new();
    for v in values {
        if let Some(x) = parse(v) {
            if !out.contains(&x) {
                out.push(x);
            }
        }
    }
    out
}

impl ClientQuery {
    /// Reads the query from `(key, value)` pairs. Unknown keys and values that do not parse
    /// are ignored, so a hand-edited URL still shows a page.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ClientQuery {
        let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
        let all = |key: &str| -> Vec<&str> {
            pairs
                .iter()
                .filter(|(k, v)| *k == key && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
                .collect()
        };
        let one = |key: &str| all(key).last().copied();
        let id = |s: &str| s.parse::<i32>().ok();
        let date = |key: &str| one(key).and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok());
        ClientQuery {
            search: one(keys::SEARCH).unwrap_or_default().to_owned(),
            created_from: date(keys::FROM),
            created_to: date(keys::TO),
            configurations: many(&all(keys::CONFIGURATION), id),
            statuses: many(&all(keys::STATUS), |s| s.parse().ok()),
            tax_exempt: one(keys::TAX_EXEMPT).and_then(yes_no),
            groups: many(&all(keys::GROUP), id),
            regions: many(&all(keys::REGION), id),
            flavors: many(&all(keys::FLAVOR), id),
            hypervisors: many(&all(keys::HYPERVISOR), id),
            billing_agreement: one(keys::BILLING_AGREEMENT).and_then(yes_no),
            has_services: one(keys::HAS_SERVICES).and_then(yes_no),
            has_instances: one(keys::HAS_INSTANCES).and_then(yes_no),
            service_types: many(&all(keys::SERVICE_TYPE), |s| s.parse().ok()),
            products: many(&all(keys::PRODUCT), id),
            sort: one(keys::SORT).and_then(SortKey::parse).unwrap_or_default(),
            dir: one(keys::DIR).and_then(Dir::parse).unwrap_or_default(),
            page: one(keys::PAGE).map_or(1, super::paging::parse),
            per_page: one(keys::PER_PAGE)
                .and_then(|p| p.parse::<u64>().ok())
                .filter(|p| PER_PAGE_CHOICES.contains(p))
                .unwrap_or(DEFAULT_PER_PAGE),
            view: one(keys::VIEW).and_then(View::parse),
            columns: one(keys::COLUMNS)
                .and_then(|list| super::client_columns::split(list).ok())
                .unwrap_or_default(),
        }
    }

    /// The query as `(key, value)` pairs, leaving out defaults so URLs stay short.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = Vec::new();
        let search = self.search.trim();
        if !search.is_empty() {
            out.push((keys::SEARCH, search.to_owned()));
        }
        if let Some(d) = self.created_from {
            out.push((keys::FROM, d.format("%Y-%m-%d").to_string()));
        }
        if let Some(d) = self.created_to {
            out.push((keys::TO, d.format("%Y-%m-%d").to_string()));
        }
        let ids = |out: &mut Vec<(&'static str, String)>, key: &'static str, v: &[i32]| {
            out.extend(v.iter().map(|x| (key, x.to_string())));
        };
        ids(&mut out, keys::CONFIGURATION, &self.configurations);
        out.extend(
            self.statuses
                .iter()
                .map(|s| (keys::STATUS, s.as_str().to_owned())),
        );
        if let Some(b) = self.tax_exempt {
            out.push((keys::TAX_EXEMPT, yes_no_str(b).to_owned()));
        }
        ids(&mut out, keys::GROUP, &self.groups);
        ids(&mut out, keys::REGION, &self.regions);
        ids(&mut out, keys::FLAVOR, &self.flavors);
        ids(&mut out, keys::HYPERVISOR, &self.hypervisors);
        if let Some(b) = self.billing_agreement {
            out.push((keys::BILLING_AGREEMENT, yes_no_str(b).to_owned()));
        }
        if let Some(b) = self.has_services {
            out.push((keys::HAS_SERVICES, yes_no_str(b).to_owned()));
        }
        if let Some(b) = self.has_instances {
            out.push((keys::HAS_INSTANCES, yes_no_str(b).to_owned()));
        }
        out.extend(
            self.service_types
                .iter()
                .map(|t| (keys::SERVICE_TYPE, t.as_str().to_owned())),
        );
        ids(&mut out, keys::PRODUCT, &self.products);
        if self.sort != SortKey::default() {
            out.push((keys::SORT, self.sort.as_str().to_owned()));
        }
        if self.dir != Dir::default() {
            out.push((keys::DIR, self.dir.as_str().to_owned()));
        }
        if self.page > 1 {
            out.push((keys::PAGE, self.page.to_string()));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            out.push((keys::PER_PAGE, self.per_page.to_string()));
        }
        if let Some(v) = self.view {
            out.push((keys::VIEW, v.as_str().to_owned()));
        }
        if !self.columns.is_empty() {
            out.push((keys::COLUMNS, super::client_columns::join(&self.columns)));
        }
        out
    }

    /// The dashboard URL for this query.
    pub fn href(&self) -> String {
        let qs = self
            .to_pairs()
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        if qs.is_empty() {
            crate::routes::CLIENTS.to_owned()
        } else {
            format!("{}?{qs}", crate::routes::CLIENTS)
        }
    }

    /// The same query without what only the display needs (view, columns): the data key.
    pub fn data_key(&self) -> ClientQuery {
        ClientQuery {
            view: None,
            columns: Vec::new(),
            ..self.clone()
        }
    }

    /// Whether any filter or search narrows the list.
    pub fn is_filtered(&self) -> bool {
        let empty = ClientQuery::default();
        ClientQuery {
            sort: empty.sort,
            dir: empty.dir,
            page: empty.page,
            per_page: empty.per_page,
            view: empty.view,
            columns: Vec::new(),
            ..self.clone()
        } != empty
    }

    /// Only sort, page size and view kept: what "clear all" leads to.
    pub fn cleared(&self) -> ClientQuery {
        ClientQuery {
            sort: self.sort,
            dir: self.dir,
            per_page: self.per_page,
            view: self.view,
            columns: self.columns.clone(),
            ..ClientQuery::default()
        }
    }

    /// The same page in another view (no return to page 1).
    pub fn with_view(&self, view: View) -> ClientQuery {
        ClientQuery {
            view: Some(view),
            ..self.clone()
        }
    }

    /// The same query on page `page`.
    pub fn with_page(&self, page: u64) -> ClientQuery {
        ClientQuery {
            page,
            ..self.clone()
        }
    }

    /// A filter change starts again at page 1.
    pub fn with(&self, change: impl FnOnce(&mut ClientQuery)) -> ClientQuery {
        let mut q = self.clone();
        change(&mut q);
        q.page = 1;
        q
    }
}

/// Percent-encodes a query value: RFC 3986 unreserved characters stay as they are, and so
/// does the comma (legal in a query, and it keeps column lists readable).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One choice of a filter whose options come from the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i32,
    pub name: String,
}

/// The options of every database-backed filter, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterOptions {
    pub configurations: Vec<Choice>,
    pub groups: Vec<Choice>,
    pub regions: Vec<Choice>,
    pub flavors: Vec<Choice>,
    pub hypervisors: Vec<Choice>,
    pub products: Vec<Choice>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_url() {
        let q = ClientQuery {
            search: "acme & co".into(),
            created_from: NaiveDate::from_ymd_opt(2024, 1, 2),
            created_to: NaiveDate::from_ymd_opt(2025, 3, 4),
            configurations: vec![1, 3],
            statuses: vec![ClientStatus::Active, ClientStatus::Suspended],
            tax_exempt: Some(false),
            groups: vec![2],
            regions: vec![1],
            flavors: vec![4, 5],
            hypervisors: vec![9],
            billing_agreement: Some(true),
            has_services: Some(true),
            has_instances: Some(false),
            service_types: vec![ProductType::Domain],
            products: vec![7],
            sort: SortKey::Credit,
            dir: Dir::Desc,
            page: 3,
            per_page: 48,
            view: Some(View::List),
            columns: vec![
                super::super::client_columns::ClientColumn::VatId,
                super::super::client_columns::ClientColumn::Company,
            ],
        };
        let pairs = q.to_pairs();
        let back = ClientQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, q);
        assert!(q.href().contains("q=acme%20%26%20co"));
        assert!(q.href().ends_with("&cols=vat_id,company"), "{}", q.href());
        assert!(
            q.data_key().columns.is_empty(),
            "columns do not change the data"
        );
        assert_eq!(ClientQuery::default().href(), "/staff/clients");
        assert!(q.is_filtered());
        assert!(!q.cleared().is_filtered());
    }

    #[test]
    fn ignores_what_does_not_parse() {
        let q = ClientQuery::from_pairs([
            ("status", "bogus"),
            ("status", "active"),
            ("status", "active"),
            ("group", "x"),
            ("page", "0"),
            ("per_page", "100000"),
            ("sort", "nope"),
            ("tax_exempt", "maybe"),
            ("view", "grid"),
            ("cols", "company,password"),
        ]);
        assert_eq!(q.statuses, vec![ClientStatus::Active]);
        assert!(q.groups.is_empty());
        assert_eq!(q.page, 1);
        assert_eq!(q.per_page, DEFAULT_PER_PAGE);
        assert_eq!(q.sort, SortKey::Company);
        assert_eq!(q.tax_exempt, None);
        assert_eq!(q.view, None);
        assert!(
            q.columns.is_empty(),
            "a list with an unknown column is ignored"
        );
    }

    #[test]
    fn reads_the_view_cookie() {
        assert_eq!(
            View::from_cookie_header("a=1; clients_view=list; b=2"),
            Some(View::List)
        );
        assert_eq!(View::from_cookie_header("clients_view=nope"), None);
        assert_eq!(View::from_cookie_header(""), None);
    }
}
