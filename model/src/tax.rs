//! Standard tax rates as staff see and edit them (Settings › Tax rates).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// One rate: a country's, or a region's (a US state) where it differs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaxRateView {
    pub country: String,
    /// "" for the whole country.
    pub region: String,
    /// Percent.
    pub rate: Decimal,
    pub updated_at: DateTime<Utc>,
}

/// Why a client cannot be invoiced: no rate is known where it lives.
pub fn unknown_tax_rate(country: &str) -> String {
    format!(
        "No tax rate is set for {}: add one under Settings › Tax rates before invoicing this client.",
        country.trim().to_uppercase()
    )
}

/// A rate as typed ("19", "8.875"): 0 to 100 percent, at most three decimals.
pub fn parse_rate(text: &str) -> Result<Decimal, &'static str> {
    let d = Decimal::from_str(text.trim().trim_end_matches('%').trim())
        .map_err(|_| "Enter the rate as a number of percent, such as 19 or 8.875.")?;
    if d < Decimal::ZERO || d > Decimal::ONE_HUNDRED {
        return Err("A rate is between 0 and 100 percent.");
    }
    if d.normalize().scale() > 3 {
        return Err("Use at most three decimals.");
    }
    Ok(d.normalize())
}

/// A country code as typed: two letters, upper case.
pub fn parse_country(text: &str) -> Result<String, &'static str> {
    let c = text.trim().to_uppercase();
    if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err("Enter the country's two-letter ISO code, such as DE.")
    }
}

/// A region as typed (a US state's code); "" for the whole country.
pub fn parse_region(text: &str) -> Result<String, &'static str> {
    let r = text.trim().to_uppercase();
    if r.chars().count() > 64 {
        Err("Keep the region under 64 characters.")
    } else {
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_percent_with_few_decimals() {
        assert_eq!(
            parse_rate(" 8.875 % "),
            Ok(Decimal::from_str("8.875").unwrap())
        );
        assert_eq!(parse_rate("19"), Ok(Decimal::from(19)));
        assert!(parse_rate("101").is_err());
        assert!(parse_rate("-1").is_err());
        assert!(parse_rate("1.2345").is_err());
        assert!(parse_rate("lots").is_err());
        assert_eq!(parse_country(" jp"), Ok("JP".into()));
        assert!(parse_country("JPN").is_err());
        assert_eq!(parse_region(" ny "), Ok("NY".into()));
    }
}
