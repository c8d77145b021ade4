//! What a staff member keeps of the clients dashboard: named views (a filter, sort, view and
//! columns, i.e. a dashboard URL's query, under a name; their own, or shared with all staff),
//! and their preferences (the list view's columns, the view to land on).
//!
//! A view goes with its owner (ON DELETE CASCADE); a preference's landing view is cleared
//! when that view is deleted (SET NULL). Names are unique per owner.
//!
//! New tables: nothing existing is rewritten, so this is instant on a database of any size.

use crate::id;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000019_staff_views"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("saved_views"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("owner_id")))
                    .col(string(id("name")))
                    .col(text(id("query")))
                    .col(boolean(id("shared")).default(false))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_saved_views_owner_id")
                            .from(id("saved_views"), id("owner_id"))
                            .to(id("users"), id("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_saved_views_owner_id_name")
                    .table(id("saved_views"))
                    .col(id("owner_id"))
                    .col(id("name"))
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_saved_views_shared")
                    .table(id("saved_views"))
                    .col(id("shared"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(id("staff_preferences"))
                    .col(integer(id("user_id")).primary_key())
                    .col(text_null(id("client_columns")))
                    .col(integer_null(id("landing_view_id")))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_staff_preferences_user_id")
                            .from(id("staff_preferences"), id("user_id"))
                            .to(id("users"), id("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_staff_preferences_landing_view_id")
                            .from(id("staff_preferences"), id("landing_view_id"))
                            .to(id("saved_views"), id("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .take(),
            )
            .await?;
        // Deleting a view clears the preferences landing on it: without an index that would
        // scan them all.
        manager
            .create_index(
                Index::create()
                    .name("idx_staff_preferences_landing_view_id")
                    .table(id("staff_preferences"))
                    .col(id("landing_view_id"))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(id("staff_preferences"))
                    .if_exists()
                    .take(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(id("saved_views")).if_exists().take())
            .await
    }
}
