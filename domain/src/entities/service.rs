use model;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "services")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub client_id: i32,
    pub product_id: i32,
    pub cycle_id: Option<i32>,
    pub pricing_plan_id: Option<i32>,
    pub display_name: String,
    pub status: model::ServiceStatus,
    pub next_due_date: Option<Date>,
    /// Set when the client's suspension stopped it, so resuming restarts only those.
    pub suspended_with_client: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub terminated_at: Option<DateTimeUtc>,
    /// Its product is an OpenStack one: lets the database keep one live OpenStack service
    /// per client (a partial unique index cannot look at the product).
    pub is_openstack: bool,
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
    #[sea_orm(
        belongs_to = "super::product::Entity",
        from = "Column::ProductId",
        to = "super::product::Column::Id"
    )]
    Product,
    #[sea_orm(
        belongs_to = "super::product_cycle::Entity",
        from = "Column::CycleId",
        to = "super::product_cycle::Column::Id"
    )]
    Cycle,
    #[sea_orm(
        belongs_to = "super::pricing_plan::Entity",
        from = "Column::PricingPlanId",
        to = "super::pricing_plan::Column::Id"
    )]
    PricingPlan,
}

impl Related<super::client::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Client.def()
    }
}

impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl Related<super::product_cycle::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Cycle.def()
    }
}

impl Related<super::pricing_plan::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PricingPlan.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
