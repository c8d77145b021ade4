//! Domains as the client tab and the domain page show them.

use super::DomainStatus;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The longest registration, in years.
pub const MAX_YEARS: u32 = 10;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DomainRow {
    pub id: i32,
    pub name: String,
    pub status: DomainStatus,
    pub expires_at: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DomainDetail {
    pub row: DomainRow,
    pub client: (i32, String),
    pub registered_at: Option<NaiveDate>,
    pub auto_renew: bool,
    pub service: Option<(i32, String)>,
}

/// What "Register domain" created.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Registration {
    pub domain_id: i32,
    pub service_id: i32,
    pub invoice_id: i32,
}
