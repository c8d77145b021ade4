//! Staff notes on a client. A note goes with its client (ON DELETE CASCADE: client deletion
//! removes the row and the database removes its notes). The author is kept by email too, so
//! a note stays attributed after the staff account is gone (SET NULL).
//!
//! One index serves both readers from the selective side: a client's notes, pinned first and
//! newest first (the overview tab), and the pinned notes of one page of clients (the
//! dashboard: `client_id IN (...) AND pinned`).
//!
//! A new table: nothing existing is rewritten.

use crate::id;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000009_client_notes"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(id("client_notes"))
                    .col(pk_auto(id("id")))
                    .col(integer(id("client_id")))
                    .col(integer_null(id("author_id")))
                    .col(string(id("author_email")))
                    .col(text(id("body")))
                    .col(boolean(id("pinned")).default(false))
                    .col(timestamp_with_time_zone(id("created_at")))
                    .col(timestamp_with_time_zone(id("updated_at")))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_client_notes_client_id")
                            .from(id("client_notes"), id("client_id"))
                            .to(id("clients"), id("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_client_notes_author_id")
                            .from(id("client_notes"), id("author_id"))
                            .to(id("users"), id("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_client_notes_client_id_pinned_created_at_id")
                    .table(id("client_notes"))
                    .col(id("client_id"))
                    .col(id("pinned"))
                    .col(id("created_at"))
                    .col(id("id"))
                    .take(),
            )
            .await?;
        // Deleting a staff account sets its notes' author to NULL: without an index that
        // would scan every note.
        manager
            .create_index(
                Index::create()
                    .name("idx_client_notes_author_id")
                    .table(id("client_notes"))
                    .col(id("author_id"))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(id("client_notes")).if_exists().take())
            .await
    }
}
