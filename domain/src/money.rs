//! Money in the database: a BIGINT of ten-thousandths, read and written as `Decimal`.
//!
//! SQLite has no exact decimal type (sqlx would go through REAL), so amounts are stored as
//! scaled integers on both engines. Exact, sortable, indexable, and summable in SQL.

use rust_decimal::Decimal;
use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, QueryResult, TryGetError, TryGetable, Value};

/// Fractional digits kept in storage.
pub const SCALE: u32 = 4;

/// An exact amount that fits the storage: at most 4 decimals, |x| < 10^14.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(Decimal);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("amount {0} has more than {SCALE} decimal places")]
    TooPrecise(Decimal),
    #[error("amount {0} is too large")]
    TooLarge(Decimal),
}

const LIMIT: i64 = 100_000_000_000_000; // 10^14 whole units

impl Amount {
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    pub fn new(d: Decimal) -> Result<Self, AmountError> {
        if d.normalize().scale() > SCALE {
            return Err(AmountError::TooPrecise(d));
        }
        if d.abs() >= Decimal::from(LIMIT) {
            return Err(AmountError::TooLarge(d));
        }
        Ok(Amount(d.normalize()))
    }

    /// Rounds to the storage scale (banker's rounding) before checking the range.
    pub fn rounded(d: Decimal) -> Result<Self, AmountError> {
        Self::new(d.round_dp(SCALE))
    }

    pub fn from_units(units: i64) -> Self {
        Amount(Decimal::new(units, SCALE).normalize())
    }

    pub fn units(self) -> i64 {
        let mut d = self.0;
        d.rescale(SCALE);
        // In range by construction: |mantissa| < 10^18 < i64::MAX.
        d.mantissa() as i64
    }

    pub fn get(self) -> Decimal {
        self.0
    }
}

impl From<Amount> for Decimal {
    fn from(a: Amount) -> Decimal {
        a.0
    }
}

impl From<Amount> for Value {
    fn from(a: Amount) -> Value {
        Value::BigInt(Some(a.units()))
    }
}

impl TryGetable for Amount {
    fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
        i64::try_get_by(res, idx).map(Amount::from_units)
    }
}

impl ValueType for Amount {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        <i64 as ValueType>::try_from(v).map(Amount::from_units)
    }

    fn type_name() -> String {
        "Amount".to_owned()
    }

    fn array_type() -> ArrayType {
        ArrayType::BigInt
    }

    fn column_type() -> ColumnType {
        ColumnType::BigInteger
    }
}

impl Nullable for Amount {
    fn null() -> Value {
        Value::BigInt(None)
    }
}

impl sea_orm::IntoActiveValue<Amount> for Amount {
    fn into_active_value(self) -> sea_orm::ActiveValue<Amount> {
        sea_orm::ActiveValue::Set(self)
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
    fn round_trips_through_units() {
        for s in ["0", "12.5", "-0.0001", "99999999999999.9999", "-3.14"] {
            let a = Amount::new(d(s)).unwrap();
            assert_eq!(Amount::from_units(a.units()), a, "{s}");
            assert_eq!(a.get(), d(s).normalize());
        }
        assert_eq!(Amount::new(d("12.50")).unwrap().units(), 125_000);
    }

    #[test]
    fn refuses_what_does_not_fit() {
        assert!(matches!(
            Amount::new(d("0.00001")),
            Err(AmountError::TooPrecise(_))
        ));
        assert!(matches!(
            Amount::new(d("100000000000000")),
            Err(AmountError::TooLarge(_))
        ));
        assert_eq!(
            Amount::rounded(d("0.00005")).unwrap(),
            Amount::new(d("0")).unwrap()
        );
    }
}
