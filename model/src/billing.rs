//! Invoices, journal entries and services as the client tabs and billing pages show them.

use super::{BillingCycle, InvoiceStatus, JournalAccount, ProductType, ServiceStatus};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How an invoice row is coloured: its status, and for unpaid ones whether it is overdue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvoiceTone {
    Paid,
    Closed,
    Overdue,
    Due,
}

impl InvoiceTone {
    pub fn of(status: InvoiceStatus, due_date: NaiveDate, today: NaiveDate) -> InvoiceTone {
        match status {
            InvoiceStatus::Paid => InvoiceTone::Paid,
            InvoiceStatus::Cancelled | InvoiceStatus::Refunded => InvoiceTone::Closed,
            InvoiceStatus::Unpaid if due_date < today => InvoiceTone::Overdue,
            InvoiceStatus::Unpaid => InvoiceTone::Due,
        }
    }

    /// The CSS class: green, grey, red, yellow.
    pub fn class(self) -> &'static str {
        match self {
            InvoiceTone::Paid => "tone-green",
            InvoiceTone::Closed => "tone-grey",
            InvoiceTone::Overdue => "tone-red",
            InvoiceTone::Due => "tone-yellow",
        }
    }

    pub fn label(self, status: InvoiceStatus) -> String {
        match self {
            InvoiceTone::Overdue => "Unpaid (overdue)".to_owned(),
            _ => status.label().to_owned(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceRow {
    pub id: i32,
    pub number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub paid_at: Option<DateTime<Utc>>,
    pub total: Decimal,
    pub currency: String,
    pub status: InvoiceStatus,
    pub tone: InvoiceTone,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceItemView {
    pub description: String,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub amount: Decimal,
    pub service_id: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceDetail {
    pub row: InvoiceRow,
    pub client_id: Option<i32>,
    pub client_name: String,
    pub tax_rate: Decimal,
    pub subtotal: Decimal,
    pub tax_total: Decimal,
    pub items: Vec<InvoiceItemView>,
    pub payments: Vec<JournalRow>,
}

/// One submitted invoice line; numbers arrive as text so the server can say what is wrong.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewInvoiceItem {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewInvoice {
    pub items: Vec<NewInvoiceItem>,
    /// `YYYY-MM-DD`; empty = the configuration's payment term from today.
    pub due_date: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalRow {
    pub id: i32,
    pub entry_date: DateTime<Utc>,
    pub source: JournalAccount,
    pub destination: JournalAccount,
    pub gateway: Option<String>,
    pub amount: Decimal,
    pub currency: String,
}

impl JournalRow {
    /// The source as staff read it: the gateway's name when money came through one.
    pub fn source_label(&self) -> String {
        match (&self.source, &self.gateway) {
            (JournalAccount::Gateway, Some(g)) => g.clone(),
            (s, _) => s.label().to_owned(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalDetail {
    pub row: JournalRow,
    pub description: String,
    pub client_id: Option<i32>,
    pub client_name: Option<String>,
    pub invoice: Option<(i32, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceRow {
    pub id: i32,
    pub display_name: String,
    pub product_name: String,
    pub product_type: ProductType,
    pub cycle: Option<BillingCycle>,
    pub price: Option<Decimal>,
    pub currency: Option<String>,
    pub status: ServiceStatus,
    pub next_due_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceDetail {
    pub row: ServiceRow,
    pub client_id: i32,
    pub client_name: String,
    pub pricing_plan: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub terminated_at: Option<DateTime<Utc>>,
    pub project: Option<(i32, String)>,
    pub domain: Option<(i32, String)>,
    /// "Change pricing plan" history, newest first.
    pub plan_changes: Vec<PlanChangeView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanChangeView {
    pub from: String,
    pub to: String,
    pub changed_at: DateTime<Utc>,
}
