use sea_orm::entity::prelude::*;

/// One bulk action on many clients; see `services::bulk`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "bulk_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `BulkAction::key`.
    pub action: String,
    /// The whole `BulkAction` as JSON (with its reason, configuration or group).
    pub params: String,
    /// The `Selection` it was started on, as JSON.
    pub selection: String,
    pub actor_id: Option<i32>,
    pub actor_email: String,
    /// `BulkStatus::key`.
    pub status: String,
    pub total: i32,
    pub done: i32,
    pub failed: i32,
    pub skipped: i32,
    pub error: Option<String>,
    pub job_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
