use model;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    #[sea_orm(unique)]
    pub code: String,
    pub product_type: model::ProductType,
    pub description: String,
    pub enabled: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::product_tld::Entity")]
    Tlds,
}

impl Related<super::product_tld::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Tlds.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
