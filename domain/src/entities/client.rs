use crate::money::Amount;
use model;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "clients")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub company: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub country: String,
    pub state: String,
    pub city: String,
    pub address1: String,
    pub address2: String,
    pub zip_code: String,
    pub vat_id: Option<String>,
    pub tax_exempt: bool,
    pub currency: String,
    pub configuration_id: i32,
    pub status: model::ClientStatus,
    pub suspension_reason: Option<String>,
    pub credit_balance: Amount,
    pub uptodate_credit: Amount,
    pub out_of_credit_since: Option<DateTimeUtc>,
    pub billing_agreement: bool,
    /// Denormalised sort key: the alphabetically first group's name.
    pub first_group_name: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Why the last lifecycle job failed (visible to staff); cleared when one succeeds.
    pub lifecycle_error: Option<String>,
    /// The searched fields, case-folded (`migration::search_key`): set with them, indexed for
    /// the dashboard's search (migration 000017).
    pub search_key: String,
}

/// What this row points at (the foreign keys of the schema).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::configuration::Entity",
        from = "Column::ConfigurationId",
        to = "super::configuration::Column::Id"
    )]
    Configuration,
}

impl Related<super::configuration::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Configuration.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
