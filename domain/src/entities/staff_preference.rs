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

/// What this row points at (the foreign keys of the schema).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id"
    )]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
