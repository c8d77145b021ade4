//! The configuration tab: the client's configuration and the ones it can change to.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfigurationView {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub is_default: bool,
    pub credit_limit: Decimal,
    pub auto_suspend: bool,
    pub suspend_after_days: i32,
    pub auto_terminate: bool,
    pub terminate_after_days: i32,
    pub invoice_due_days: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfigurationTab {
    pub current: ConfigurationView,
    pub choices: Vec<(i32, String)>,
}
