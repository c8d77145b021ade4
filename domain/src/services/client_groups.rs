//! Putting a client in a group and taking it out (the bulk actions; the client form sets a
//! client's groups all at once).

use crate::audit::{self, Actor, Change};
use crate::entities::{client, client_group, client_group_member};
use chrono::Utc;
use model::AppError;
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, QuerySelect, Set};

/// The group a client sorts by in the dashboard: the alphabetically (byte-wise, as the
/// sort) first of its groups.
pub fn first_group(names: impl IntoIterator<Item = String>) -> Option<String> {
    names.into_iter().min()
}

/// The group `group_id`, or the message for a choice that does not exist.
pub async fn require_group<C: ConnectionTrait>(
    conn: &C,
    group_id: i32,
) -> Result<client_group::Model, AppError> {
    client_group::Entity::find_by_id(group_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::invalid("group_id", "Choose a group."))
}

/// Adds the client to the group, in the caller's transaction; a conflict if it is in it.
pub async fn add_in<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    client_id: i32,
    group_id: i32,
) -> Result<(), AppError> {
    let group = require_group(conn, group_id).await?;
    touch(conn, client_id).await?;
    if is_member(conn, client_id, group_id).await? {
        return Err(AppError::Conflict(format!(
            "The client is already in the group {}.",
            group.name
        )));
    }
    client_group_member::ActiveModel {
        client_id: Set(client_id),
        group_id: Set(group_id),
    }
    .insert(conn)
    .await?;
    changed(conn, actor, client_id, &group, "client.add_to_group").await
}

/// Takes the client out of the group, in the caller's transaction; a conflict if it is not
/// in it.
pub async fn remove_in<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    client_id: i32,
    group_id: i32,
) -> Result<(), AppError> {
    let group = require_group(conn, group_id).await?;
    touch(conn, client_id).await?;
    let removed = client_group_member::Entity::delete_many()
        .filter(client_group_member::Column::ClientId.eq(client_id))
        .filter(client_group_member::Column::GroupId.eq(group_id))
        .exec(conn)
        .await?
        .rows_affected;
    if removed == 0 {
        return Err(AppError::Conflict(format!(
            "The client is not in the group {}.",
            group.name
        )));
    }
    changed(conn, actor, client_id, &group, "client.remove_from_group").await
}

/// Written before anything is read: takes the client's row lock (PostgreSQL) or the write
/// lock (SQLite), so concurrent changes of its groups are serialised.
async fn touch<C: ConnectionTrait>(conn: &C, client_id: i32) -> Result<(), AppError> {
    let found = client::Entity::update_many()
        .col_expr(client::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(client::Column::Id.eq(client_id))
        .exec(conn)
        .await?
        .rows_affected;
    if found == 0 {
        return Err(AppError::NotFound(format!("Client {client_id}")));
    }
    Ok(())
}

async fn is_member<C: ConnectionTrait>(
    conn: &C,
    client_id: i32,
    group_id: i32,
) -> Result<bool, DbErr> {
    Ok(client_group_member::Entity::find()
        .filter(client_group_member::Column::ClientId.eq(client_id))
        .filter(client_group_member::Column::GroupId.eq(group_id))
        .one(conn)
        .await?
        .is_some())
}

/// The client's sort key follows its groups; the change is audited.
async fn changed<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    client_id: i32,
    group: &client_group::Model,
    action: &str,
) -> Result<(), AppError> {
    let ids: Vec<i32> = client_group_member::Entity::find()
        .select_only()
        .column(client_group_member::Column::GroupId)
        .filter(client_group_member::Column::ClientId.eq(client_id))
        .into_tuple()
        .all(conn)
        .await?;
    let names: Vec<String> = client_group::Entity::find()
        .select_only()
        .column(client_group::Column::Name)
        .filter(client_group::Column::Id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    client::Entity::update_many()
        .col_expr(
            client::Column::FirstGroupName,
            Expr::value(first_group(names)),
        )
        .filter(client::Column::Id.eq(client_id))
        .exec(conn)
        .await?;
    audit::record(
        conn,
        actor,
        Change {
            action,
            entity: "client",
            entity_id: Some(client_id),
            client_id: Some(client_id),
            changes: serde_json::json!({ "group": { "id": group.id, "name": group.name } }),
        },
    )
    .await?;
    Ok(())
}
