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

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
