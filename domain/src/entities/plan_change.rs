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

/// What this row points at (the foreign keys of the schema).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::service::Entity",
        from = "Column::ServiceId",
        to = "super::service::Column::Id"
    )]
    Service,
}

impl Related<super::service::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Service.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
