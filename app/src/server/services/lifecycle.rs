//! Suspending, resuming and deleting clients.
//!
//! Each transition starts with a guarded update (`... WHERE id = ? AND status IN (allowed)`),
//! so two staff members acting on the same client at once cannot both win, on SQLite or
//! PostgreSQL. The work itself (services, OpenStack projects) runs in the same transaction.

use crate::model::status::LifecycleAction;
use crate::model::{AppError, ClientStatus, ServiceStatus};
use crate::server::audit::{self, Actor, Change};
use crate::server::entities::{client, project, service};
use chrono::Utc;
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, QuerySelect, TransactionTrait};

/// Moves `client_id` from one of `action.allowed_from()` to `to`, or explains why not, and
/// records it in the audit log.
async fn transition<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    client_id: i32,
    action: LifecycleAction,
    to: ClientStatus,
    reason: Option<String>,
) -> Result<(), AppError> {
    // Read first for the audit's "from"; the guarded update below is what decides.
    let before = client::Entity::find_by_id(client_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Client {client_id}")))?;
    let mut update = client::Entity::update_many()
        .col_expr(client::Column::Status, Expr::value(to))
        .col_expr(client::Column::UpdatedAt, Expr::value(Utc::now()));
    if action == LifecycleAction::Suspend || action == LifecycleAction::Resume {
        update = update.col_expr(
            client::Column::SuspensionReason,
            Expr::value(reason.clone()),
        );
    }
    let done = update
        .filter(client::Column::Id.eq(client_id))
        .filter(client::Column::Status.is_in(action.allowed_from().iter().copied()))
        .exec(conn)
        .await?;
    if done.rows_affected == 1 {
        audit::record(
            conn,
            actor,
            Change {
                action: match action {
                    LifecycleAction::Suspend => "client.suspend",
                    LifecycleAction::Resume => "client.resume",
                    LifecycleAction::Delete => "client.delete",
                },
                entity: "client",
                entity_id: Some(client_id),
                client_id: Some(client_id),
                changes: serde_json::json!({
                    "company": before.company,
                    "status": { "from": before.status, "to": to },
                    "reason": reason_for_audit(action, &reason),
                }),
            },
        )
        .await?;
        return Ok(());
    }
    let current = client::Entity::find_by_id(client_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Client {client_id}")))?;
    Err(AppError::Conflict(
        action
            .refusal(current.status)
            .unwrap_or_else(|| "The client changed meanwhile; please try again.".to_owned()),
    ))
}

/// Suspends the client and its active services, and disables its OpenStack projects.
pub async fn suspend(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.chars().count() > 500 {
        return Err(AppError::invalid(
            "reason",
            "Keep the reason under 500 characters.",
        ));
    }
    let reason = (!reason.is_empty()).then(|| reason.to_owned());
    let actor = actor.clone();
    db.transaction::<_, _, AppError>(|txn| {
        Box::pin(async move {
            transition(
                txn,
                &actor,
                client_id,
                LifecycleAction::Suspend,
                ClientStatus::Suspending,
                reason,
            )
            .await?;
            // Remember which services this suspension stopped, so resuming restarts only them.
            service::Entity::update_many()
                .col_expr(
                    service::Column::Status,
                    Expr::value(ServiceStatus::Suspended),
                )
                .col_expr(service::Column::SuspendedWithClient, Expr::value(true))
                .col_expr(service::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(service::Column::ClientId.eq(client_id))
                .filter(service::Column::Status.eq(ServiceStatus::Active))
                .exec(txn)
                .await?;
            project::Entity::update_many()
                .col_expr(project::Column::Disabled, Expr::value(true))
                .filter(project::Column::ClientId.eq(client_id))
                .exec(txn)
                .await?;
            set_status(txn, client_id, ClientStatus::Suspended).await
        })
    })
    .await
    .map_err(Into::into)
}

/// Restarts the services the suspension stopped; the client becomes Active or Inactive.
pub async fn resume(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
) -> Result<ClientStatus, AppError> {
    let actor = actor.clone();
    db.transaction::<_, _, AppError>(|txn| {
        Box::pin(async move {
            // Inactive for the moment: the recomputation below decides.
            transition(
                txn,
                &actor,
                client_id,
                LifecycleAction::Resume,
                ClientStatus::Inactive,
                None,
            )
            .await?;
            service::Entity::update_many()
                .col_expr(service::Column::Status, Expr::value(ServiceStatus::Active))
                .col_expr(service::Column::SuspendedWithClient, Expr::value(false))
                .col_expr(service::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(service::Column::ClientId.eq(client_id))
                .filter(service::Column::SuspendedWithClient.eq(true))
                .exec(txn)
                .await?;
            project::Entity::update_many()
                .col_expr(project::Column::Disabled, Expr::value(false))
                .filter(project::Column::ClientId.eq(client_id))
                .exec(txn)
                .await?;
            recompute_status(txn, client_id).await
        })
    })
    .await
    .map_err(Into::into)
}

/// Terminates every service, removes the client's cloud resources and the client itself.
/// Invoices and journal entries stay (detached, with the client's name on the invoice).
pub async fn delete(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
) -> Result<(), AppError> {
    let actor = actor.clone();
    db.transaction::<_, _, AppError>(|txn| {
        Box::pin(async move {
            transition(
                txn,
                &actor,
                client_id,
                LifecycleAction::Delete,
                ClientStatus::Deleting,
                None,
            )
            .await?;
            service::Entity::update_many()
                .col_expr(
                    service::Column::Status,
                    Expr::value(ServiceStatus::Terminated),
                )
                .col_expr(service::Column::TerminatedAt, Expr::value(Some(Utc::now())))
                .filter(service::Column::ClientId.eq(client_id))
                .filter(
                    service::Column::Status
                        .is_not_in([ServiceStatus::Terminated, ServiceStatus::Cancelled]),
                )
                .exec(txn)
                .await?;
            // Projects cascade to their resources; the client cascades to services, domains,
            // tickets and memberships, and sets invoices' and journal entries' client to NULL.
            project::Entity::delete_many()
                .filter(project::Column::ClientId.eq(client_id))
                .exec(txn)
                .await?;
            client::Entity::delete_by_id(client_id).exec(txn).await?;
            Ok(())
        })
    })
    .await
    .map_err(Into::into)
}

fn reason_for_audit(action: LifecycleAction, reason: &Option<String>) -> Option<String> {
    (action == LifecycleAction::Suspend)
        .then(|| reason.clone())
        .flatten()
}

async fn set_status<C: ConnectionTrait>(
    conn: &C,
    client_id: i32,
    status: ClientStatus,
) -> Result<(), AppError> {
    client::Entity::update_many()
        .col_expr(client::Column::Status, Expr::value(status))
        .col_expr(client::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(client::Column::Id.eq(client_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Applies the status rule (`ClientStatus::recomputed`) to the client's current services.
/// Call it in the same transaction as any change of a service's status.
pub async fn recompute_status<C: ConnectionTrait>(
    conn: &C,
    client_id: i32,
) -> Result<ClientStatus, AppError> {
    let current = client::Entity::find_by_id(client_id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Client {client_id}")))?
        .status;
    let services: Vec<ServiceStatus> = service::Entity::find()
        .select_only()
        .column(service::Column::Status)
        .filter(service::Column::ClientId.eq(client_id))
        .into_tuple()
        .all(conn)
        .await?;
    let status = ClientStatus::recomputed(current, services);
    if status != current {
        set_status(conn, client_id, status).await?;
    }
    Ok(status)
}
