use sea_orm::entity::prelude::*;

/// One "Change pricing plan" of a service (see the detail migration).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub service_id: i32,
    pub from_plan_id: Option<i32>,
    pub to_plan_id: Option<i32>,
    pub from_plan_name: String,
    pub to_plan_name: String,
    pub changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
