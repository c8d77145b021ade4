//! The client detail page: its header, its overview tab, and the page-of-rows shape every
//! tab list uses.

use super::ClientStatus;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Rows per page on every detail tab list.
pub const PER_PAGE: u64 = 20;

/// One page of a list and how many rows there are in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: u64,
    pub page: u64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(PER_PAGE).max(1)
    }
}

/// What the header shows on every tab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientHeader {
    pub id: i32,
    pub name: String,
    pub status: ClientStatus,
    pub suspension_reason: Option<String>,
    /// Why the last suspension or deletion failed, while it stands.
    pub lifecycle_error: Option<String>,
    /// The texts of the client's pinned notes, newest first.
    pub pinned_notes: Vec<String>,
}

/// The overview tab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientOverview {
    pub id: i32,
    pub company: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub country: String,
    pub state: String,
    pub city: String,
    pub address1: String,
    pub address2: String,
    pub zip_code: String,
    pub vat_id: Option<String>,
    pub tax_exempt: bool,
    /// The rate its new invoices carry; `None` when no rate is known for its country (it
    /// cannot be invoiced until one is set).
    pub tax_rate: Option<Decimal>,
    pub currency: String,
    pub created_at: DateTime<Utc>,
    pub groups: Vec<String>,
    pub configuration: String,
    pub billing_agreement: bool,
    pub uptodate_credit: Decimal,
    pub credit_balance: Decimal,
    pub out_of_credit_since: Option<DateTime<Utc>>,
}

/// The ten tabs, in the order the tab bar shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    Overview,
    Invoices,
    Journal,
    Openstack,
    Users,
    Configuration,
    Resources,
    Services,
    Domains,
    Tickets,
    /// The audit log about this client.
    Activity,
}

impl Tab {
    pub const ALL: [Tab; 11] = [
        Tab::Overview,
        Tab::Invoices,
        Tab::Journal,
        Tab::Openstack,
        Tab::Users,
        Tab::Configuration,
        Tab::Resources,
        Tab::Services,
        Tab::Domains,
        Tab::Tickets,
        Tab::Activity,
    ];

    /// The URL segment.
    pub fn slug(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Invoices => "invoices",
            Tab::Journal => "journal",
            Tab::Openstack => "openstack",
            Tab::Users => "users",
            Tab::Configuration => "configuration",
            Tab::Resources => "resources",
            Tab::Services => "services",
            Tab::Domains => "domains",
            Tab::Tickets => "tickets",
            Tab::Activity => "activity",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Invoices => "Invoices",
            Tab::Journal => "Journal",
            Tab::Openstack => "OpenStack service",
            Tab::Users => "Users",
            Tab::Configuration => "Configuration",
            Tab::Resources => "Cloud resources",
            Tab::Services => "Services",
            Tab::Domains => "Domains",
            Tab::Tickets => "Tickets",
            Tab::Activity => "Activity",
        }
    }

    pub fn from_slug(s: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.slug() == s)
    }
}

/// Route parameters parse through the slug (see `app::params`).
impl std::str::FromStr for Tab {
    type Err = crate::routes::UnknownSlug;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Tab::from_slug(s).ok_or_else(|| crate::routes::UnknownSlug(s.to_owned()))
    }
}
