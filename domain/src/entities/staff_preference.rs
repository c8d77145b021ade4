use sea_orm::entity::prelude::*;

/// What a staff member chose to keep (see migration m20261126_000019_staff_views).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_preferences")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    /// The list view's columns, comma-separated keys (`ClientColumn::key`); NULL: the default.
    pub client_columns: Option<String>,
    /// The saved view `/staff/clients` opens on; NULL: every client.
    pub landing_view_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
