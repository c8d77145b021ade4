//! Display formatting shared by every page.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

/// `1234.5` in EUR -> `"1,234.50 EUR"`: two decimals at least, grouped thousands.
pub fn money(amount: Decimal, currency: &str) -> String {
    let rounded = amount.round_dp(2);
    let text = format!("{:.2}", rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped}.{frac} {currency}")
}

pub fn date(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn formats_money() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(money(d("1234.5"), "EUR"), "1,234.50 EUR");
        assert_eq!(money(d("-0.004"), "USD"), "0.00 USD");
        assert_eq!(money(d("-1000000"), "GBP"), "-1,000,000.00 GBP");
        assert_eq!(money(d("999.999"), "CHF"), "1,000.00 CHF");
    }
}
