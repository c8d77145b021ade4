//! The one place invoice money is computed: tax rate, line amounts, tax and totals.
//!
//! Rounding: each line amount (quantity × unit price) and the tax (subtotal × rate / 100) are
//! rounded to 2 decimal places, half away from zero; subtotal = sum of line amounts; total =
//! subtotal + tax. The demo data uses the same `tax` function.

use crate::server::entities::client;
use rust_decimal::{Decimal, RoundingStrategy};

fn half_up(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The tax rate, in percent, a client's new invoices carry: none when it is tax exempt, else the
/// standard rate where it lives.
pub fn rate_for(c: &client::Model) -> Decimal {
    if c.tax_exempt {
        Decimal::ZERO
    } else {
        crate::server::seed::standard_tax_rate(&c.country, &c.city)
    }
}

/// The tax on `subtotal` at `rate` percent.
pub fn tax(subtotal: Decimal, rate: Decimal) -> Decimal {
    half_up(subtotal * rate / Decimal::ONE_HUNDRED)
}

/// A line's amount, or None when it does not fit a Decimal.
pub fn line_amount(quantity: Decimal, unit_price: Decimal) -> Option<Decimal> {
    quantity.checked_mul(unit_price).map(half_up)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Totals {
    pub subtotal: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
}

/// The totals of lines already computed with `line_amount`.
pub fn totals(amounts: &[Decimal], rate: Decimal) -> Totals {
    let subtotal: Decimal = amounts.iter().copied().sum();
    let tax = tax(subtotal, rate);
    Totals {
        subtotal,
        tax,
        total: subtotal + tax,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounds_lines_and_tax_half_away_from_zero() {
        assert_eq!(line_amount(d("3"), d("0.335")), Some(d("1.01")));
        assert_eq!(line_amount(d("1"), d("0.005")), Some(d("0.01")));
        let t = totals(&[d("10.00"), d("0.05")], d("19"));
        assert_eq!(t.subtotal, d("10.05"));
        // 10.05 × 19 % = 1.9095 -> 1.91
        assert_eq!(t.tax, d("1.91"));
        assert_eq!(t.total, d("11.96"));
        assert_eq!(totals(&[d("99.99")], Decimal::ZERO).tax, Decimal::ZERO);
    }
}
