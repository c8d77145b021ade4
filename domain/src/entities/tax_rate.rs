use crate::money::Amount;
use sea_orm::entity::prelude::*;

/// A standard tax rate (see migration m20261126_000021_tax_rates).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tax_rates")]
pub struct Model {
    /// ISO 3166 alpha-2, upper case.
    #[sea_orm(primary_key, auto_increment = false)]
    pub country: String,
    /// The region (a US state) whose rate differs; "" for the whole country.
    #[sea_orm(primary_key, auto_increment = false)]
    pub region: String,
    /// Percent.
    pub rate: Amount,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
