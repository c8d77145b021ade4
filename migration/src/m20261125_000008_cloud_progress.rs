//! Jobs that act on a real cloud record their progress: `jobs.progress` holds the steps
//! already done (a JSON array of step names, e.g. `"p12:server:<uuid>"`), so a job retried
//! after a failure or a crash resumes where it stopped instead of repeating cloud calls.
//!
//! Resources read back from a real cloud carry its statuses, some longer than the 16
//! characters the columns allowed (Nova's `SHELVED_OFFLOADED`, Cinder's `awaiting-transfer`):
//! on PostgreSQL they widen to 32 (raising a varchar limit rewrites nothing); SQLite does not
//! enforce lengths.
//!
//! Both are catalogue changes: instant on tables of any size.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

const STATUS_TABLES: [&str; 4] = ["instances", "volumes", "routers", "ports"];

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000008_cloud_progress"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("jobs"))
                    .add_column(text_null(Alias::new("progress")))
                    .take(),
            )
            .await?;
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            for table in STATUS_TABLES {
                manager
                    .get_connection()
                    .execute_unprepared(&format!(
                        "ALTER TABLE {table} ALTER COLUMN status TYPE varchar(32)"
                    ))
                    .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("jobs"))
                    .drop_column(Alias::new("progress"))
                    .take(),
            )
            .await
    }
}
