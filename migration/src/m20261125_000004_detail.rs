//! The client detail page's one addition to the schema: the history of a service's pricing
//! plan changes ("Change pricing plan" is recorded). Plan names are copied so the history
//! stays readable when a plan is renamed or deleted.

use crate::id;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000004_detail"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("plan_changes"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("service_id")))
                    .col(integer_null(id("from_plan_id")))
                    .col(integer_null(id("to_plan_id")))
                    .col(string(id("from_plan_name")))
                    .col(string(id("to_plan_name")))
                    .col(timestamp_with_time_zone(id("changed_at")))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_changes_service_id")
                            .from(id("plan_changes"), id("service_id"))
                            .to(id("services"), id("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_changes_from_plan_id")
                            .from(id("plan_changes"), id("from_plan_id"))
                            .to(id("pricing_plans"), id("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_changes_to_plan_id")
                            .from(id("plan_changes"), id("to_plan_id"))
                            .to(id("pricing_plans"), id("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_plan_changes_service_id")
                    .table(id("plan_changes"))
                    .col(id("service_id"))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(id("plan_changes")).if_exists().take())
            .await
    }
}
