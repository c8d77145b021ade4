//! The one place invoice money is computed: tax rate, line amounts, tax and totals.
//!
//! Rounding: each line amount (quantity × unit price) and the tax (subtotal × rate / 100) are
//! rounded to 2 decimal places, half away from zero; subtotal = sum of line amounts; total =
//! subtotal + tax. The demo data uses the same `tax` function and the same rates.

use crate::audit::{self, Actor, Change};
use crate::entities::{client, tax_rate};
use crate::money::Amount;
use chrono::Utc;
use model::tax::{parse_country, parse_rate, parse_region, TaxRateView};
use model::{AppError, FieldError};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use std::collections::HashMap;

fn half_up(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The standard rates (the `tax_rates` table): each country's, and a region's where it
/// differs. Keys are upper case.
#[derive(Clone, Debug, Default)]
pub struct TaxTable(HashMap<(String, String), Decimal>);

impl TaxTable {
    /// Every rate (the demo generator reads them once).
    pub async fn load<C: ConnectionTrait>(conn: &C) -> Result<TaxTable, DbErr> {
        Self::from_rows(tax_rate::Entity::find().all(conn).await?)
    }

    /// The rates of one country.
    pub async fn of_country<C: ConnectionTrait>(
        conn: &C,
        country: &str,
    ) -> Result<TaxTable, DbErr> {
        Self::from_rows(
            tax_rate::Entity::find()
                .filter(tax_rate::Column::Country.eq(country.trim().to_uppercase()))
                .all(conn)
                .await?,
        )
    }

    fn from_rows(rows: Vec<tax_rate::Model>) -> Result<TaxTable, DbErr> {
        Ok(TaxTable(
            rows.into_iter()
                .map(|r| ((r.country, r.region.to_uppercase()), r.rate.get()))
                .collect(),
        ))
    }

    /// The rate, in percent, of a client in `country` and `region`: none when it is tax
    /// exempt, else its region's where that differs, else its country's; `None` when no rate
    /// is known for the country (invoicing it is refused: never a silent 0 %).
    pub fn rate(&self, tax_exempt: bool, country: &str, region: &str) -> Option<Decimal> {
        if tax_exempt {
            return Some(Decimal::ZERO);
        }
        let country = country.trim().to_uppercase();
        let region = region.trim().to_uppercase();
        self.0
            .get(&(country.clone(), region))
            .or_else(|| self.0.get(&(country, String::new())))
            .copied()
    }
}

/// The tax rate, in percent, a client's new invoices carry (see `TaxTable::rate`); a
/// conflict when its country has none.
pub async fn rate_for<C: ConnectionTrait>(
    conn: &C,
    c: &client::Model,
) -> Result<Decimal, AppError> {
    TaxTable::of_country(conn, &c.country)
        .await?
        .rate(c.tax_exempt, &c.country, &c.state)
        .ok_or_else(|| AppError::Conflict(model::tax::unknown_tax_rate(&c.country)))
}

/// Every standard rate, by country then region (Settings › Tax rates).
pub async fn list(db: &DatabaseConnection) -> Result<Vec<TaxRateView>, AppError> {
    Ok(tax_rate::Entity::find()
        .order_by_asc(tax_rate::Column::Country)
        .order_by_asc(tax_rate::Column::Region)
        .all(db)
        .await?
        .into_iter()
        .map(|r| TaxRateView {
            country: r.country,
            region: r.region,
            rate: r.rate.get(),
            updated_at: r.updated_at,
        })
        .collect())
}

/// Sets the rate of a country (`region` "") or of one of its regions, as typed; audited with
/// the rate it replaces.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    country: &str,
    region: &str,
    rate: &str,
) -> Result<(), AppError> {
    let mut errors = vec![];
    let country = parse_country(country).map_err(|m| errors.push(("country", m)));
    let region = parse_region(region).map_err(|m| errors.push(("region", m)));
    let rate = parse_rate(rate).map_err(|m| errors.push(("rate", m)));
    let (Ok(country), Ok(region), Ok(rate)) = (country, region, rate) else {
        return Err(AppError::Invalid(
            errors
                .into_iter()
                .map(|(field, message)| FieldError {
                    field: field.into(),
                    message: message.into(),
                })
                .collect(),
        ));
    };
    let amount =
        Amount::new(rate).map_err(|_| AppError::invalid("rate", "Use at most three decimals."))?;
    let txn = crate::db::begin_write(db).await?;
    let before = tax_rate::Entity::find_by_id((country.clone(), region.clone()))
        .one(&txn)
        .await?
        .map(|r| r.rate.get());
    tax_rate::Entity::insert(tax_rate::ActiveModel {
        country: Set(country.clone()),
        region: Set(region.clone()),
        rate: Set(amount),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([tax_rate::Column::Country, tax_rate::Column::Region])
            .update_columns([tax_rate::Column::Rate, tax_rate::Column::UpdatedAt])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Change {
            action: "tax_rate.save",
            entity: "tax_rate",
            entity_id: None,
            client_id: None,
            changes: serde_json::json!({
                "country": country,
                "region": region,
                "rate": { "from": before, "to": rate },
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a rate: a region then pays its country's; a country none (its clients cannot be
/// invoiced until one is set again). Audited.
pub async fn delete(
    db: &DatabaseConnection,
    actor: &Actor,
    country: &str,
    region: &str,
) -> Result<(), AppError> {
    let key = (country.trim().to_uppercase(), region.trim().to_uppercase());
    let txn = crate::db::begin_write(db).await?;
    let Some(gone) = tax_rate::Entity::find_by_id(key.clone()).one(&txn).await? else {
        return Err(AppError::NotFound(format!(
            "The tax rate of {} {}",
            key.0, key.1
        )));
    };
    tax_rate::Entity::delete_by_id(key).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        Change {
            action: "tax_rate.delete",
            entity: "tax_rate",
            entity_id: None,
            client_id: None,
            changes: serde_json::json!({
                "country": gone.country,
                "region": gone.region,
                "rate": gone.rate.get(),
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
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
    fn a_region_s_rate_comes_before_its_country_s_and_an_unknown_country_has_none() {
        let table = TaxTable(HashMap::from([
            (("US".into(), String::new()), d("0")),
            (("US".into(), "NY".into()), d("4")),
            (("DE".into(), String::new()), d("19")),
        ]));
        assert_eq!(table.rate(false, "us", "ny"), Some(d("4")));
        assert_eq!(table.rate(false, "US", "OR"), Some(d("0")));
        assert_eq!(table.rate(false, "de", "Berlin"), Some(d("19")));
        assert_eq!(table.rate(false, "JP", ""), None, "not a silent 0 %");
        assert_eq!(table.rate(true, "JP", ""), Some(Decimal::ZERO));
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
