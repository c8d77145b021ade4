use model;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "domains")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub client_id: i32,
    pub service_id: Option<i32>,
    #[sea_orm(unique)]
    pub name: String,
    pub status: model::DomainStatus,
    pub registered_at: Option<Date>,
    pub expires_at: Option<Date>,
    pub auto_renew: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
