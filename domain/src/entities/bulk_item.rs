use sea_orm::entity::prelude::*;

/// One client of a bulk run and what happened to it.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "bulk_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub run_id: i32,
    /// Not a foreign key: a bulk delete outlives the clients it deletes.
    pub client_id: i32,
    /// Who the client was when the run took it (company, or contact name).
    pub label: String,
    /// `BulkOutcome::key`.
    pub outcome: String,
    pub reason: Option<String>,
    pub updated_at: DateTimeUtc,
}

/// What this row points at (the foreign keys of the schema).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::bulk_run::Entity",
        from = "Column::RunId",
        to = "super::bulk_run::Column::Id"
    )]
    Run,
}

impl Related<super::bulk_run::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Run.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
