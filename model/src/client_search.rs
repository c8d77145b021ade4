//! Which identifier found a client in the dashboard search (instance IP, OpenStack UUID, a
//! user's e-mail, VAT ID, invoice number), shown on its card or row.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MatchedField {
    InstanceIp,
    InstanceUuid,
    ProjectUuid,
    UserEmail,
    VatId,
    InvoiceNumber,
}

impl MatchedField {
    pub fn label(self) -> &'static str {
        match self {
            MatchedField::InstanceIp => "instance IP",
            MatchedField::InstanceUuid => "instance UUID",
            MatchedField::ProjectUuid => "project UUID",
            MatchedField::UserEmail => "user e-mail",
            MatchedField::VatId => "VAT ID",
            MatchedField::InvoiceNumber => "invoice",
        }
    }
}

/// The field and the stored value it matched (the whole UUID when a prefix was typed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matched {
    pub field: MatchedField,
    pub value: String,
}

impl Matched {
    /// "Matched: instance IP 10.0.3.7".
    pub fn text(&self) -> String {
        format!("Matched: {} {}", self.field.label(), self.value)
    }
}
