use crate::money::Amount;
use model;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "journal_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub client_id: Option<i32>,
    pub invoice_id: Option<i32>,
    pub entry_date: DateTimeUtc,
    pub source: model::JournalAccount,
    pub destination: model::JournalAccount,
    pub gateway: Option<String>,
    pub amount: Amount,
    pub currency: String,
    pub description: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
