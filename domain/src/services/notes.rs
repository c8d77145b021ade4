//! Staff notes on a client: add, edit, delete, pin and unpin, each with its audit entry in
//! one transaction; the overview tab's list, the header's pinned notes and the dashboard's.

use super::client_detail::{lock_client, paged, require_client};
use crate::audit::{self, Actor, Change};
use crate::entities::client_note;
use chrono::Utc;
use model::client_detail::Page;
use model::notes::{checked_body, ClientNote, DASHBOARD_NOTE_CHARS, MAX_PINNED};
use model::AppError;
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, PaginatorTrait, QueryOrder, QuerySelect, Select, Set,
};
use serde_json::json;
use std::collections::HashMap;

/// A client's notes in the order every reader shows them: pinned first, then newest first
/// (the walk of `idx_client_notes_client_id_pinned_created_at_id`).
fn of_client(client_id: i32) -> Select<client_note::Entity> {
    client_note::Entity::find()
        .filter(client_note::Column::ClientId.eq(client_id))
        .order_by_desc(client_note::Column::Pinned)
        .order_by_desc(client_note::Column::CreatedAt)
        .order_by_desc(client_note::Column::Id)
}

fn shown(n: client_note::Model) -> ClientNote {
    ClientNote {
        id: n.id,
        body: n.body,
        pinned: n.pinned,
        author: n.author_email,
        created_at: n.created_at,
        updated_at: n.updated_at,
    }
}

/// One page of the client's notes.
pub async fn list(
    db: &DatabaseConnection,
    client_id: i32,
    page: u64,
) -> Result<Page<ClientNote>, AppError> {
    require_client(db, client_id).await?;
    paged(db, of_client(client_id), page, shown).await
}

/// The texts of the client's pinned notes, newest first (for the header).
pub async fn pinned<C: ConnectionTrait>(conn: &C, client_id: i32) -> Result<Vec<String>, DbErr> {
    of_client(client_id)
        .filter(client_note::Column::Pinned.eq(true))
        .select_only()
        .column(client_note::Column::Body)
        .limit(MAX_PINNED)
        .into_tuple()
        .all(conn)
        .await
}

/// The pinned notes of one page of clients, newest first, each cut to
/// `DASHBOARD_NOTE_CHARS`: one query over the page's ids, whatever the size of the table.
pub async fn pinned_of_clients(
    db: &DatabaseConnection,
    client_ids: Vec<i32>,
) -> Result<HashMap<i32, Vec<String>>, DbErr> {
    // One character more than shown tells whether the text was cut. Literal numbers: a
    // bound parameter would be a bigint on PostgreSQL, which `substr` does not take.
    let excerpt = Expr::cust(format!(
        "SUBSTR(\"client_notes\".\"body\", 1, {})",
        DASHBOARD_NOTE_CHARS + 1
    ));
    let rows: Vec<(i32, String)> = client_note::Entity::find()
        .select_only()
        .column(client_note::Column::ClientId)
        .column_as(excerpt, "body")
        .filter(client_note::Column::ClientId.is_in(client_ids))
        .filter(client_note::Column::Pinned.eq(true))
        .order_by_desc(client_note::Column::CreatedAt)
        .order_by_desc(client_note::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut by_client: HashMap<i32, Vec<String>> = HashMap::new();
    for (client_id, body) in rows {
        let text = if body.chars().count() > DASHBOARD_NOTE_CHARS {
            let cut: String = body.chars().take(DASHBOARD_NOTE_CHARS).collect();
            format!("{cut}…")
        } else {
            body
        };
        by_client.entry(client_id).or_default().push(text);
    }
    Ok(by_client)
}

fn body_or_refuse(body: &str) -> Result<String, AppError> {
    checked_body(body).map_err(|m| AppError::invalid("body", m))
}

/// The note, if it is one of the client's (a note of another client is as unknown as a
/// missing one), with the client locked for the rest of the transaction: changes to one
/// client's notes queue up, so the pin limit holds under concurrent pins.
async fn locked_note(
    txn: &DatabaseTransaction,
    client_id: i32,
    note_id: i32,
) -> Result<client_note::Model, AppError> {
    lock_client(txn, client_id).await?;
    client_note::Entity::find_by_id(note_id)
        .filter(client_note::Column::ClientId.eq(client_id))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Note {note_id} of client {client_id}")))
}

/// Records the change to `n` and commits: the audit entry is part of the change.
async fn audit_and_commit(
    txn: DatabaseTransaction,
    actor: &Actor,
    action: &str,
    n: &client_note::Model,
    changes: serde_json::Value,
) -> Result<(), AppError> {
    let change = Change {
        action,
        entity: "note",
        entity_id: Some(n.id),
        client_id: Some(n.client_id),
        changes,
    };
    audit::record(&txn, actor, change).await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a note (unpinned); returns its id.
pub async fn add(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    body: String,
) -> Result<i32, AppError> {
    let body = body_or_refuse(&body)?;
    let txn = crate::db::begin_write(db).await?;
    lock_client(&txn, client_id).await?;
    let now = Utc::now();
    let n = client_note::ActiveModel {
        client_id: Set(client_id),
        author_id: Set(actor.user_id),
        author_email: Set(actor.email.clone()),
        body: Set(body),
        pinned: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let changes = json!({ "body": n.body });
    audit_and_commit(txn, actor, "note.added", &n, changes).await?;
    Ok(n.id)
}

/// Replaces a note's text (an unchanged text changes and records nothing).
pub async fn edit(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    note_id: i32,
    body: String,
) -> Result<(), AppError> {
    let body = body_or_refuse(&body)?;
    let txn = crate::db::begin_write(db).await?;
    let n = locked_note(&txn, client_id, note_id).await?;
    if n.body == body {
        return Ok(());
    }
    client_note::Entity::update_many()
        .col_expr(client_note::Column::Body, Expr::value(body.clone()))
        .col_expr(client_note::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(client_note::Column::Id.eq(n.id))
        .exec(&txn)
        .await?;
    let changes = json!({ "body": { "from": n.body, "to": body } });
    audit_and_commit(txn, actor, "note.edited", &n, changes).await
}

pub async fn delete(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    note_id: i32,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let n = locked_note(&txn, client_id, note_id).await?;
    client_note::Entity::delete_by_id(n.id).exec(&txn).await?;
    let changes = json!({ "body": n.body, "pinned": n.pinned, "author": n.author_email });
    audit_and_commit(txn, actor, "note.deleted", &n, changes).await
}

/// Pins or unpins a note; at most `MAX_PINNED` per client. Asking for the state it is
/// already in changes and records nothing (a double submit).
pub async fn set_pinned(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    note_id: i32,
    pinned: bool,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let n = locked_note(&txn, client_id, note_id).await?;
    if n.pinned == pinned {
        return Ok(());
    }
    if pinned {
        let already = client_note::Entity::find()
            .filter(client_note::Column::ClientId.eq(client_id))
            .filter(client_note::Column::Pinned.eq(true))
            .count(&txn)
            .await?;
        if already >= MAX_PINNED {
            return Err(AppError::Conflict(format!(
                "At most {MAX_PINNED} notes can be pinned; unpin one first."
            )));
        }
    }
    // `updated_at` stays: it says when the text last changed.
    client_note::Entity::update_many()
        .col_expr(client_note::Column::Pinned, Expr::value(pinned))
        .filter(client_note::Column::Id.eq(n.id))
        .exec(&txn)
        .await?;
    let action = if pinned {
        "note.pinned"
    } else {
        "note.unpinned"
    };
    audit_and_commit(txn, actor, action, &n, json!({ "body": n.body })).await
}
