//! The users tab: associate a user with roles, change roles, dissociate.
//!
//! The rule kept by every change: a client that has users has at least one Owner.

use super::client_detail::require_client;
use crate::audit::{self, Actor, Change};
use crate::entities::{client_user, user};
use chrono::Utc;
use model::client_users::{ClientUserRow, UserOption, UsersTab};
use model::roles::Roles;
use model::status::NewWork;
use model::{AppError, Role};
use sea_orm::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{Condition, ConnectionTrait, QueryOrder, QuerySelect, QueryTrait, Set};

pub async fn tab(db: &DatabaseConnection, client_id: i32) -> Result<UsersTab, AppError> {
    require_client(db, client_id).await?;
    let links = client_user::Entity::find()
        .filter(client_user::Column::ClientId.eq(client_id))
        .order_by_asc(client_user::Column::CreatedAt)
        .order_by_asc(client_user::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = links.iter().map(|l| l.user_id).collect();
    let users: std::collections::HashMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut rows = Vec::new();
    for l in links {
        if let Some(u) = users.get(&l.user_id) {
            rows.push(ClientUserRow {
                user_id: u.id,
                full_name: u.full_name.clone(),
                email: u.email.clone(),
                roles: Roles::from_db(&l.roles).map_err(|_| AppError::Internal)?,
                is_active: u.is_active,
                associated_at: l.created_at,
            });
        }
    }
    let candidates = candidates(db, client_id, "").await?;
    Ok(UsersTab {
        users: rows,
        candidates,
    })
}

/// How many users "Associate user" offers at once; typing narrows them down.
pub const CANDIDATES: u64 = 20;

/// Active non-staff users not yet associated with the client whose name or email contains
/// `query` (any case), by name; at most `CANDIDATES`.
pub async fn candidates(
    db: &DatabaseConnection,
    client_id: i32,
    query: &str,
) -> Result<Vec<UserOption>, AppError> {
    require_client(db, client_id).await?;
    let linked = client_user::Entity::find()
        .select_only()
        .column(client_user::Column::UserId)
        .filter(client_user::Column::ClientId.eq(client_id))
        .into_query();
    let mut q = user::Entity::find()
        .filter(user::Column::IsStaff.eq(false))
        .filter(user::Column::IsActive.eq(true))
        .filter(user::Column::Id.not_in_subquery(linked));
    // LIKE wildcards typed by the user are taken literally by dropping them.
    let needle: String = query
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '%' | '_' | '\\'))
        .collect();
    if !needle.is_empty() {
        let pattern = format!("%{needle}%");
        q = q.filter(
            Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(user::Column::FullName))).like(&pattern))
                .add(Expr::expr(Func::lower(Expr::col(user::Column::Email))).like(&pattern)),
        );
    }
    Ok(q.order_by_asc(user::Column::FullName)
        .order_by_asc(user::Column::Id)
        .limit(CANDIDATES)
        .all(db)
        .await?
        .into_iter()
        .map(|u| UserOption {
            id: u.id,
            label: format!("{} <{}>", u.full_name, u.email),
        })
        .collect())
}

fn checked_roles(roles: Vec<Role>) -> Result<Roles, AppError> {
    let roles = Roles::new(roles);
    if roles.is_empty() {
        return Err(AppError::invalid("roles", "Choose at least one role."));
    }
    Ok(roles)
}

/// Refuses a change that would leave the client's users without an Owner.
async fn keep_an_owner<C: ConnectionTrait>(conn: &C, client_id: i32) -> Result<(), AppError> {
    let roles: Vec<String> = client_user::Entity::find()
        .filter(client_user::Column::ClientId.eq(client_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| l.roles)
        .collect();
    let has_owner = roles
        .iter()
        .any(|r| Roles::from_db(r).is_ok_and(|r| r.contains(Role::Owner)));
    if roles.is_empty() || has_owner {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "The client must keep at least one owner.".into(),
        ))
    }
}

async fn link<C: ConnectionTrait>(
    conn: &C,
    client_id: i32,
    user_id: i32,
) -> Result<client_user::Model, AppError> {
    client_user::Entity::find()
        .filter(client_user::Column::ClientId.eq(client_id))
        .filter(client_user::Column::UserId.eq(user_id))
        .one(conn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("User {user_id} of client {client_id}")))
}

pub async fn associate(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    user_id: i32,
    roles: Vec<Role>,
) -> Result<(), AppError> {
    let roles = checked_roles(roles)?;
    let actor = actor.clone();
    crate::db::write(db, |txn| {
        Box::pin(async move {
            let c = require_client(txn, client_id).await?;
            if let Some(refusal) = c.status.refuses(NewWork::UserChange) {
                return Err(AppError::Conflict(refusal));
            }
            let u = user::Entity::find_by_id(user_id)
                .one(txn)
                .await?
                .ok_or_else(|| AppError::invalid("user_id", "Choose a user."))?;
            if u.is_staff {
                return Err(AppError::invalid(
                    "user_id",
                    "Staff users cannot be associated with a client.",
                ));
            }
            if link(txn, client_id, user_id).await.is_ok() {
                return Err(AppError::invalid(
                    "user_id",
                    "This user is already associated with the client.",
                ));
            }
            client_user::ActiveModel {
                client_id: Set(client_id),
                user_id: Set(user_id),
                roles: Set(roles.to_db()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            keep_an_owner(txn, client_id).await?;
            audit::record(
                txn,
                &actor,
                Change {
                    action: "user.associate",
                    entity: "user",
                    entity_id: Some(user_id),
                    client_id: Some(client_id),
                    changes: serde_json::json!({ "user": u.email, "roles": roles.to_db() }),
                },
            )
            .await?;
            Ok(())
        })
    })
    .await
}

pub async fn set_roles(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    user_id: i32,
    roles: Vec<Role>,
) -> Result<(), AppError> {
    let roles = checked_roles(roles)?;
    let actor = actor.clone();
    crate::db::write(db, |txn| {
        Box::pin(async move {
            let c = require_client(txn, client_id).await?;
            if let Some(refusal) = c.status.refuses(NewWork::UserChange) {
                return Err(AppError::Conflict(refusal));
            }
            let l = link(txn, client_id, user_id).await?;
            client_user::Entity::update_many()
                .col_expr(client_user::Column::Roles, Expr::value(roles.to_db()))
                .filter(client_user::Column::Id.eq(l.id))
                .exec(txn)
                .await?;
            keep_an_owner(txn, client_id).await?;
            audit::record(
                txn,
                &actor,
                Change {
                    action: "user.set_roles",
                    entity: "user",
                    entity_id: Some(user_id),
                    client_id: Some(client_id),
                    changes: serde_json::json!({ "roles": { "from": l.roles, "to": roles.to_db() } }),
                },
            )
            .await?;
            Ok(())
        })
    }).await
}

pub async fn dissociate(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    user_id: i32,
) -> Result<(), AppError> {
    let actor = actor.clone();
    crate::db::write(db, |txn| {
        Box::pin(async move {
            let l = link(txn, client_id, user_id).await?;
            client_user::Entity::delete_by_id(l.id).exec(txn).await?;
            keep_an_owner(txn, client_id).await?;
            audit::record(
                txn,
                &actor,
                Change {
                    action: "user.dissociate",
                    entity: "user",
                    entity_id: Some(user_id),
                    client_id: Some(client_id),
                    changes: serde_json::json!({ "roles": l.roles }),
                },
            )
            .await?;
            Ok(())
        })
    })
    .await
}
