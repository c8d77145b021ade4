use crate::money::Amount;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "configurations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub name: String,
    pub description: String,
    pub is_default: bool,
    pub credit_limit: Amount,
    pub auto_suspend: bool,
    pub suspend_after_days: i32,
    pub auto_terminate: bool,
    pub terminate_after_days: i32,
    pub invoice_due_days: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
