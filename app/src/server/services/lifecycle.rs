//! Suspending, resuming and deleting clients.
//!
//! Each transition is a guarded update (`... WHERE id = ? AND status = ?`), written before
//! anything is read, so two staff members acting on the same client at once cannot both win
//! (and SQLite never has to upgrade a read lock). Suspension and deletion then continue as a
//! durable job (`server::jobs`) enqueued in the same transaction.

use crate::model::status::LifecycleAction;
use crate::model::{AppError, ClientStatus, ServiceStatus};
use crate::server::audit::{self, Actor, Change};
use crate::server::entities::{client, project, service};
use crate::server::jobs;
use crate::server::openstack::OpenStack;
use crate::server::services::licence;
use chrono::Utc;
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, DbBackend, QuerySelect, TransactionTrait};

/// Moves `client_id` from one of `action.allowed_from()` to `to` and records it in the audit
/// log; or explains why not. Returns the status it came from.
async fn transition<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    client_id: i32,
    action: LifecycleAction,
    to: ClientStatus,
    reason: Option<String>,
) -> Result<ClientStatus, AppError> {
    for &from in action.allowed_from() {
        let mut update = client::Entity::update_many()
            .col_expr(client::Column::Status, Expr::value(to))
            .col_expr(
                client::Column::LifecycleError,
                Expr::value(Option::<String>::None),
            )
            .col_expr(client::Column::UpdatedAt, Expr::value(Utc::now()));
        if action != LifecycleAction::Delete {
            update = update.col_expr(
                client::Column::SuspensionReason,
                Expr::value(reason.clone()),
            );
        }
        let done = update
            .filter(client::Column::Id.eq(client_id))
            .filter(client::Column::Status.eq(from))
            .exec(conn)
            .await?;
        if done.rows_affected == 1 {
            let company: Option<String> = client::Entity::find_by_id(client_id)
                .select_only()
                .column(client::Column::Company)
                .into_tuple()
                .one(conn)
                .await?;
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
                        "company": company,
                        "status": { "from": from, "to": to },
                        "reason": reason,
                    }),
                },
            )
            .await?;
            return Ok(from);
        }
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

/// Starts suspending: the client is Suspending at once; a job suspends its services and
/// projects, then marks it Suspended.
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
            let to = LifecycleAction::Suspend
                .in_progress()
                .unwrap_or(ClientStatus::Suspending);
            transition(txn, &actor, client_id, LifecycleAction::Suspend, to, reason).await?;
            jobs::enqueue(txn, jobs::SUSPEND_CLIENT, client_id, Utc::now()).await?;
            Ok(())
        })
    })
    .await
    .map_err(Into::into)
}

/// Starts deleting: the client is Deleting at once; a job terminates its services, deletes
/// its projects and resources, then the client. Invoices and journal entries stay.
pub async fn delete(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
) -> Result<(), AppError> {
    let actor = actor.clone();
    db.transaction::<_, _, AppError>(|txn| {
        Box::pin(async move {
            let to = LifecycleAction::Delete
                .in_progress()
                .unwrap_or(ClientStatus::Deleting);
            transition(txn, &actor, client_id, LifecycleAction::Delete, to, None).await?;
            jobs::enqueue(txn, jobs::DELETE_CLIENT, client_id, Utc::now()).await?;
            Ok(())
        })
    })
    .await
    .map_err(Into::into)
}

/// Restarts what the suspension stopped; the client becomes Active or Inactive by the rule,
/// and not Active past the licence limit (then nothing changes).
pub async fn resume(
    db: &DatabaseConnection,
    openstack: &dyn OpenStack,
    actor: &Actor,
    client_id: i32,
) -> Result<ClientStatus, AppError> {
    let actor = actor.clone();
    let status = db
        .transaction::<_, _, AppError>(|txn| {
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
                recompute_status(txn, client_id).await
            })
        })
        .await?;
    // After the commit: the cloud follows the database (idempotent, safe to repeat).
    for p in project::Entity::find()
        .filter(project::Column::ClientId.eq(client_id))
        .all(db)
        .await?
    {
        openstack.resume_project(&p).await.map_err(|e| {
            tracing::error!(client = client_id, error = %e, "resuming a project");
            AppError::Conflict(format!(
                "The client is resumed, but its project {} could not be: {e}",
                p.name
            ))
        })?;
    }
    Ok(status)
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

/// Applies the status rule (`ClientStatus::recomputed`) to the client's current services,
/// refusing to make it Active past the licence limit. Call it in the same transaction as
/// any change of a service's status.
pub async fn recompute_status<C: ConnectionTrait>(
    conn: &C,
    client_id: i32,
) -> Result<ClientStatus, AppError> {
    let mut find = client::Entity::find_by_id(client_id);
    if conn.get_database_backend() == DbBackend::Postgres {
        // Serialises concurrent service changes of one client (SQLite has one writer anyway).
        find = find.lock_exclusive();
    }
    let current = find
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
        if status == ClientStatus::Active {
            licence::check_activation(conn).await?;
        }
        set_status(conn, client_id, status).await?;
    }
    Ok(status)
}
