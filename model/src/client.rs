//! What the browser sees of clients.

use super::ClientStatus;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One client as the dashboard shows it (a card or a table row).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientSummary {
    pub id: i32,
    pub company: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub country: String,
    pub city: String,
    pub status: ClientStatus,
    pub currency: String,
    pub uptodate_credit: Decimal,
    /// The current credit balance (before usage not yet invoiced).
    pub credit_balance: Decimal,
    pub billing_agreement: bool,
    pub tax_exempt: bool,
    pub vat_id: Option<String>,
    pub configuration: String,
    pub groups: Vec<String>,
    pub services: u64,
    pub instances: u64,
    pub created_at: DateTime<Utc>,
    /// Why the last suspension or deletion failed, while it stands.
    pub lifecycle_error: Option<String>,
    /// The client's pinned notes, newest first, shortened (see `model::notes`).
    pub pinned_notes: Vec<String>,
    /// The identifier the search found this client by, when it was one (not a name).
    pub matched: Option<super::client_search::Matched>,
}

impl ClientSummary {
    /// The company, or the person's name for a client without one.
    pub fn display_name(&self) -> String {
        display_name(&self.company, &self.first_name, &self.last_name)
    }

    /// The contact person's name.
    pub fn contact(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }
}

pub fn display_name(company: &str, first_name: &str, last_name: &str) -> String {
    if company.trim().is_empty() {
        format!("{first_name} {last_name}")
    } else {
        company.to_owned()
    }
}

/// A page of clients, the total number of matches and the header's counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientPage {
    pub clients: Vec<ClientSummary>,
    pub total: u64,
    /// Clients per status under the current filters, the status filter aside (so every total
    /// stays visible and clicking one narrows to it). Every status appears, in `ALL` order.
    pub status_totals: Vec<(ClientStatus, u64)>,
    /// Clients counting against the licence (Active ones), over all clients.
    pub licence_count: u64,
    /// How many Active clients the licence allows.
    pub licence_limit: u64,
}
