use crate::money::Amount;
use model;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "invoices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// None once the client is deleted: invoices are kept for accounting.
    pub client_id: Option<i32>,
    pub client_name: String,
    #[sea_orm(unique)]
    pub number: String,
    pub status: model::InvoiceStatus,
    pub currency: String,
    /// Percent, e.g. 19 for 19 %.
    pub tax_rate: Amount,
    pub subtotal: Amount,
    pub tax_total: Amount,
    pub total: Amount,
    pub issue_date: Date,
    pub due_date: Date,
    pub paid_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

/// What this row points at (the foreign keys of the schema).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::client::Entity",
        from = "Column::ClientId",
        to = "super::client::Column::Id"
    )]
    Client,
}

impl Related<super::client::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Client.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
