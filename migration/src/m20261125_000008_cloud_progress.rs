//! Jobs that act on a real cloud record their progress: `jobs.progress` holds the steps
//! already done (a JSON array of step names, e.g. `"p12:server:<uuid>"`), so a job retried
//! after a failure or a crash resumes where it stopped instead of repeating cloud calls.
//! Adding a nullable column is a catalogue change on both engines: instant on a table of any
//! size.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

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
            .await
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
