//! What an end user sees of their own account in the client portal.

use super::{ClientStatus, InvoiceStatus, ServiceStatus, TicketStatus};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortalView {
    pub client_name: String,
    pub email: String,
    pub status: ClientStatus,
    pub currency: String,
    pub credit: Decimal,
    pub services: Vec<PortalService>,
    pub invoices: Vec<PortalInvoice>,
    pub tickets: Vec<PortalTicket>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortalService {
    pub name: String,
    pub status: ServiceStatus,
    pub next_due_date: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortalInvoice {
    pub number: String,
    pub status: InvoiceStatus,
    pub total: Decimal,
    pub due_date: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortalTicket {
    pub id: i32,
    pub title: String,
    pub status: TicketStatus,
    pub created_at: DateTime<Utc>,
}
