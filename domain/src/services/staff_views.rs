//! A staff member's saved views and list columns (migration 000019). A view is a name for a
//! dashboard URL: it stores the query as the URL writes it, so opening a view is following a
//! link, and the URL still carries everything.

use crate::audit::Actor;
use crate::entities::{saved_view, staff_preference, user};
use chrono::Utc;
use model::client_columns::{self, ClientColumn, DEFAULT_COLUMNS};
use model::client_query::ClientQuery;
use model::routes;
use model::saved_views::{name_problem, DashboardPrefs, SavedView};
use model::AppError;
use sea_orm::prelude::*;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{Condition, QueryOrder, Set};
use std::collections::HashMap;

fn staff_id(actor: &Actor) -> Result<i32, AppError> {
    actor.user_id.ok_or(AppError::Unauthorized)
}

/// The query a view keeps: the dashboard's, from its first page.
fn stored(query: &ClientQuery) -> ClientQuery {
    query.with_page(1)
}

/// The stored query string of a view, as a dashboard link.
fn href(query: &str) -> String {
    if query.is_empty() {
        routes::CLIENTS.to_owned()
    } else {
        format!("{}?{query}", routes::CLIENTS)
    }
}

/// The query string of `href(query)`.
fn query_string(query: &ClientQuery) -> String {
    stored(query)
        .href()
        .split_once('?')
        .map(|(_, q)| q.to_owned())
        .unwrap_or_default()
}

/// The staff member's columns, views (their own, then those shared by others) and landing view.
pub async fn prefs(db: &DatabaseConnection, actor: &Actor) -> Result<DashboardPrefs, AppError> {
    let me = staff_id(actor)?;
    let pref = staff_preference::Entity::find_by_id(me).one(db).await?;
    let columns = pref
        .as_ref()
        .and_then(|p| p.client_columns.as_deref())
        .and_then(|list| client_columns::split(list).ok())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| DEFAULT_COLUMNS.to_vec());
    let rows = saved_view::Entity::find()
        .filter(
            Condition::any()
                .add(saved_view::Column::OwnerId.eq(me))
                .add(saved_view::Column::Shared.eq(true)),
        )
        .order_by_asc(saved_view::Column::Name)
        .order_by_asc(saved_view::Column::Id)
        .all(db)
        .await?;
    let mut owner_ids: Vec<i32> = rows.iter().map(|v| v.owner_id).collect();
    owner_ids.sort_unstable();
    owner_ids.dedup();
    let owners: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(owner_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    let mut views: Vec<SavedView> = rows
        .into_iter()
        .map(|v| SavedView {
            id: v.id,
            href: href(&v.query),
            shared: v.shared,
            mine: v.owner_id == me,
            owner: owners.get(&v.owner_id).cloned().unwrap_or_default(),
            name: v.name,
        })
        .collect();
    // Their own first; each group by name (a stable sort keeps the name order).
    views.sort_by_key(|v| !v.mine);
    let landing = pref
        .and_then(|p| p.landing_view_id)
        .filter(|id| views.iter().any(|v| v.id == *id));
    Ok(DashboardPrefs {
        columns,
        views,
        landing,
    })
}

/// Keeps the list view's columns for the staff member.
pub async fn set_columns(
    db: &DatabaseConnection,
    actor: &Actor,
    columns: &[ClientColumn],
) -> Result<(), AppError> {
    let me = staff_id(actor)?;
    if columns.is_empty() {
        return Err(AppError::invalid("columns", "Keep at least one column."));
    }
    staff_preference::Entity::insert(staff_preference::ActiveModel {
        user_id: Set(me),
        client_columns: Set(Some(client_columns::join(columns))),
        landing_view_id: Set(None),
    })
    .on_conflict(
        OnConflict::column(staff_preference::Column::UserId)
            .update_column(staff_preference::Column::ClientColumns)
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Saves `query` under `name` for the staff member: a view of theirs with that name is
/// replaced (its query and sharing), otherwise a new one is made. Returns its id.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    name: &str,
    query: &ClientQuery,
    shared: bool,
) -> Result<i32, AppError> {
    let me = staff_id(actor)?;
    if let Some(problem) = name_problem(name) {
        return Err(AppError::invalid("name", problem));
    }
    let name = name.trim().to_owned();
    let now = Utc::now();
    let qs = query_string(query);
    let txn = crate::db::begin_write(db).await?;
    let existing = saved_view::Entity::find()
        .filter(saved_view::Column::OwnerId.eq(me))
        .filter(saved_view::Column::Name.eq(name.clone()))
        .one(&txn)
        .await?;
    let id = match existing {
        Some(v) => {
            saved_view::Entity::update_many()
                .col_expr(saved_view::Column::Query, Expr::value(qs))
                .col_expr(saved_view::Column::Shared, Expr::value(shared))
                .col_expr(saved_view::Column::UpdatedAt, Expr::value(now))
                .filter(saved_view::Column::Id.eq(v.id))
                .exec(&txn)
                .await?;
            v.id
        }
        None => {
            let inserted = saved_view::Entity::insert(saved_view::ActiveModel {
                owner_id: Set(me),
                name: Set(name),
                query: Set(qs),
                shared: Set(shared),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(&txn)
            .await
            .map_err(|e| {
                // Another request saved the same name first: say so rather than fail.
                if crate::error::is_unique_violation(&e) {
                    AppError::Conflict("A view of that name was just saved; try again.".into())
                } else {
                    e.into()
                }
            })?;
            inserted.last_insert_id
        }
    };
    txn.commit().await?;
    Ok(id)
}

/// A view of the staff member's own, or 404 (someone else's is not theirs to change).
async fn own(db: &DatabaseConnection, me: i32, id: i32) -> Result<saved_view::Model, AppError> {
    saved_view::Entity::find_by_id(id)
        .filter(saved_view::Column::OwnerId.eq(me))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("No view of yours has that id.".into()))
}

/// Deletes one of the staff member's views (a landing on it is cleared by the database).
pub async fn delete(db: &DatabaseConnection, actor: &Actor, id: i32) -> Result<(), AppError> {
    let me = staff_id(actor)?;
    let view = own(db, me, id).await?;
    saved_view::Entity::delete_by_id(view.id).exec(db).await?;
    Ok(())
}

/// The view `/staff/clients` opens on (one the staff member can see), or none.
pub async fn set_landing(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<i32>,
) -> Result<(), AppError> {
    let me = staff_id(actor)?;
    if let Some(id) = id {
        let visible = saved_view::Entity::find_by_id(id)
            .filter(
                Condition::any()
                    .add(saved_view::Column::OwnerId.eq(me))
                    .add(saved_view::Column::Shared.eq(true)),
            )
            .one(db)
            .await?;
        if visible.is_none() {
            return Err(AppError::NotFound("There is no such view.".into()));
        }
    }
    staff_preference::Entity::insert(staff_preference::ActiveModel {
        user_id: Set(me),
        client_columns: Set(None),
        landing_view_id: Set(id),
    })
    .on_conflict(
        OnConflict::column(staff_preference::Column::UserId)
            .update_column(staff_preference::Column::LandingViewId)
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}
