//! An invoice exactly as a test needs it (status, dates, total, currency), inserted directly:
//! list tests are about finding and ordering invoices, not about how they were computed.

use super::anchor;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use domain::entities::invoice;
use domain::money::Amount;
use model::InvoiceStatus;
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use std::str::FromStr;

pub struct InvoiceBuilder {
    client_id: i32,
    number: String,
    status: InvoiceStatus,
    issued: NaiveDate,
    total: Decimal,
    currency: String,
}

impl InvoiceBuilder {
    /// An unpaid EUR invoice over 10.00, issued on the anchor date, due two weeks later.
    pub fn new(client_id: i32, number: &str) -> Self {
        InvoiceBuilder {
            client_id,
            number: number.into(),
            status: InvoiceStatus::Unpaid,
            issued: anchor(),
            total: Decimal::TEN,
            currency: "EUR".into(),
        }
    }

    pub fn status(mut self, s: InvoiceStatus) -> Self {
        self.status = s;
        self
    }

    /// Issued `days` before the anchor date.
    pub fn issued_days_ago(mut self, days: i64) -> Self {
        self.issued = anchor() - Duration::days(days);
        self
    }

    pub fn total(mut self, t: &str) -> Self {
        self.total = Decimal::from_str(t).unwrap();
        self
    }

    pub fn currency(mut self, c: &str) -> Self {
        self.currency = c.into();
        self
    }

    pub async fn create(self, db: &DatabaseConnection) -> invoice::Model {
        let total = Amount::new(self.total).unwrap();
        let at = Utc.from_utc_datetime(&self.issued.and_hms_opt(9, 0, 0).unwrap());
        invoice::ActiveModel {
            client_id: Set(Some(self.client_id)),
            client_name: Set(format!("Client {}", self.client_id)),
            number: Set(self.number),
            status: Set(self.status),
            currency: Set(self.currency),
            tax_rate: Set(Amount::ZERO),
            subtotal: Set(total),
            tax_total: Set(Amount::ZERO),
            total: Set(total),
            issue_date: Set(self.issued),
            due_date: Set(self.issued + Duration::days(14)),
            paid_at: Set((self.status == InvoiceStatus::Paid).then_some(at)),
            created_at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
    }
}
