//! The columns of the clients list: which the list view shows (a staff member's choice, in
//! their order) and which an export writes.

use super::client_query::SortKey;
use serde::{Deserialize, Serialize};

/// A column of the clients list: shown by the list view (as chosen) and exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClientColumn {
    Id,
    Company,
    Contact,
    Email,
    Phone,
    Country,
    City,
    Status,
    UptodateCredit,
    CurrentCredit,
    Currency,
    Configuration,
    Groups,
    Services,
    Instances,
    Created,
    BillingAgreement,
    TaxExempt,
    VatId,
}

impl ClientColumn {
    pub const ALL: [ClientColumn; 19] = [
        ClientColumn::Id,
        ClientColumn::Company,
        ClientColumn::Contact,
        ClientColumn::Email,
        ClientColumn::Phone,
        ClientColumn::Country,
        ClientColumn::City,
        ClientColumn::Status,
        ClientColumn::UptodateCredit,
        ClientColumn::CurrentCredit,
        ClientColumn::Currency,
        ClientColumn::Configuration,
        ClientColumn::Groups,
        ClientColumn::Services,
        ClientColumn::Instances,
        ClientColumn::Created,
        ClientColumn::BillingAgreement,
        ClientColumn::TaxExempt,
        ClientColumn::VatId,
    ];

    /// The name in URLs, in the CSV header row and as the JSON key.
    pub fn key(self) -> &'static str {
        match self {
            ClientColumn::Id => "id",
            ClientColumn::Company => "company",
            ClientColumn::Contact => "contact",
            ClientColumn::Email => "email",
            ClientColumn::Phone => "phone",
            ClientColumn::Country => "country",
            ClientColumn::City => "city",
            ClientColumn::Status => "status",
            ClientColumn::UptodateCredit => "uptodate_credit",
            ClientColumn::CurrentCredit => "current_credit",
            ClientColumn::Currency => "currency",
            ClientColumn::Configuration => "configuration",
            ClientColumn::Groups => "groups",
            ClientColumn::Services => "services",
            ClientColumn::Instances => "instances",
            ClientColumn::Created => "created",
            ClientColumn::BillingAgreement => "billing_agreement",
            ClientColumn::TaxExempt => "tax_exempt",
            ClientColumn::VatId => "vat_id",
        }
    }

    pub fn parse(s: &str) -> Option<ClientColumn> {
        ClientColumn::ALL.into_iter().find(|c| c.key() == s)
    }

    /// The header's text.
    pub fn label(self) -> &'static str {
        match self {
            ClientColumn::Id => "ID",
            ClientColumn::Company => "Client",
            ClientColumn::Contact => "Contact",
            ClientColumn::Email => "Email",
            ClientColumn::Phone => "Phone",
            ClientColumn::Country => "Country",
            ClientColumn::City => "City",
            ClientColumn::Status => "Status",
            ClientColumn::UptodateCredit => "Up-to-date credit",
            ClientColumn::CurrentCredit => "Current credit",
            ClientColumn::Currency => "Currency",
            ClientColumn::Configuration => "Configuration",
            ClientColumn::Groups => "Groups",
            ClientColumn::Services => "Services",
            ClientColumn::Instances => "Instances",
            ClientColumn::Created => "Created",
            ClientColumn::BillingAgreement => "Billing agreement",
            ClientColumn::TaxExempt => "Tax exempt",
            ClientColumn::VatId => "VAT ID",
        }
    }

    /// The sort its header sets, for a column the dashboard can sort by.
    pub fn sort(self) -> Option<SortKey> {
        match self {
            ClientColumn::Company => Some(SortKey::Company),
            ClientColumn::Country => Some(SortKey::Country),
            ClientColumn::UptodateCredit => Some(SortKey::Credit),
            ClientColumn::Configuration => Some(SortKey::Configuration),
            ClientColumn::Groups => Some(SortKey::Group),
            ClientColumn::Created => Some(SortKey::Created),
            _ => None,
        }
    }

    /// A number, right-aligned in the list.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            ClientColumn::Id
                | ClientColumn::UptodateCredit
                | ClientColumn::CurrentCredit
                | ClientColumn::Services
                | ClientColumn::Instances
        )
    }

    /// An amount: exported as an exact decimal, always with the currency beside it.
    pub fn is_money(self) -> bool {
        matches!(
            self,
            ClientColumn::UptodateCredit | ClientColumn::CurrentCredit
        )
    }
}

/// The list view's columns until a staff member chooses their own.
pub const DEFAULT_COLUMNS: [ClientColumn; 10] = [
    ClientColumn::Company,
    ClientColumn::Email,
    ClientColumn::Country,
    ClientColumn::Status,
    ClientColumn::UptodateCredit,
    ClientColumn::Configuration,
    ClientColumn::Groups,
    ClientColumn::Services,
    ClientColumn::Instances,
    ClientColumn::Created,
];

/// Columns as URLs and the preferences keep them: keys joined by commas.
pub fn join(columns: &[ClientColumn]) -> String {
    columns
        .iter()
        .map(|c| c.key())
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads a comma-separated list, each column once in first-seen order. `Err` names the
/// first key that is not a column.
pub fn split(list: &str) -> Result<Vec<ClientColumn>, String> {
    let mut out = Vec::new();
    for key in list.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        let c = ClientColumn::parse(key).ok_or_else(|| key.to_owned())?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_round_trip_and_name_what_they_refuse() {
        let cols = vec![ClientColumn::Email, ClientColumn::Id, ClientColumn::VatId];
        assert_eq!(join(&cols), "email,id,vat_id");
        assert_eq!(split("email, id,vat_id,email"), Ok(cols));
        assert_eq!(split(""), Ok(vec![]));
        assert_eq!(split("email,passwd"), Err("passwd".to_owned()));
        for c in ClientColumn::ALL {
            assert_eq!(ClientColumn::parse(c.key()), Some(c));
        }
    }
}
