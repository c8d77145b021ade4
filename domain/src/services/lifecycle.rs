//! Suspending, resuming and deleting clients.
//!
//! Each transition is a guarded update (`... WHERE id = ? AND status = ?`), written before
//! anything is read, so two staff members acting on the same client at once cannot both win
//! (and SQLite never has to upgrade a read lock). The cloud side of every transition
//! (suspending, deleting, resuming projects) then runs as a durable job (`domain::jobs`)
//! enqueued in the same transaction.

use crate::audit::{self, Actor, Change};
use crate::entities::{client, service};
use crate::jobs;
use crate::services::licence;
use chrono::Utc;
use model::status::LifecycleAction;
use model::{AppError, ClientStatus, ServiceStatus};
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, DbBackend, QuerySelect};

/// The one write of a client's lifecycle status: `from` -> `to` only if the client is still
/// `from` (so two actions, or an action and a job, never both act), clearing a lifecycle
/// error, and setting the suspension reason when one is given. True when it moved.
pub(crate) async fn guarded_status_update<C: ConnectionTrait>(
    conn: &C,
    client_id: i32,
    from: ClientStatus,
    to: ClientStatus,
    suspension_reason: Option<Option<String>>,
) -> Result<bool, DbErr> {
    let mut update = client::Entity::update_many()
        .col_expr(client::Column::Status, Expr::value(to))
        .col_expr(
            client::Column::LifecycleError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(client::Column::UpdatedAt, Expr::value(Utc::now()));
    if let Some(reason) = suspension_reason {
        update = update.col_expr(client::Column::SuspensionReason, Expr::value(reason));
    }
    Ok(update
        .filter(client::Column::Id.eq(client_id))
        .filter(client::Column::Status.eq(from))
        .exec(conn)
        .await?
        .rows_affected
        == 1)
}

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
        let suspension_reason = (action != LifecycleAction::Delete).then(|| reason.clone());
        if guarded_status_update(conn, client_id, from, to, suspension_reason).await? {
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

/// Why a suspension reason is refused, if it is.
pub fn check_reason(reason: &str) -> Result<Option<String>, AppError> {
    let reason = reason.trim();
    if reason.chars().count() > 500 {
        return Err(AppError::invalid(
            "reason",
            "Keep the reason under 500 characters.",
        ));
    }
    Ok((!reason.is_empty()).then(|| reason.to_owned()))
}

/// Starts suspending: the client is Suspending at once; a job suspends its services and
/// projects, then marks it Suspended.
pub async fn suspend(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
    reason: &str,
) -> Result<(), AppError> {
    let reason = check_reason(reason)?;
    let actor = actor.clone();
    crate::db::write(db, |txn| {
        Box::pin(async move { suspend_in(txn, &actor, client_id, reason).await })
    })
    .await
}

/// `suspend`, within the caller's transaction (a bulk run's).
pub async fn suspend_in<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    client_id: i32,
    reason: Option<String>,
) -> Result<(), AppError> {
    let to = LifecycleAction::Suspend
        .in_progress()
        .unwrap_or(ClientStatus::Suspending);
    transition(conn, actor, client_id, LifecycleAction::Suspend, to, reason).await?;
    jobs::enqueue(conn, jobs::JobKind::SuspendClient, client_id, Utc::now()).await?;
    Ok(())
}

/// Starts deleting: the client is Deleting at once; a job terminates its services, deletes
/// its projects and resources, then the client. Invoices and journal entries stay.
pub async fn delete(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
) -> Result<(), AppError> {
    let actor = actor.clone();
    crate::db::write(db, |txn| {
        Box::pin(async move { delete_in(txn, &actor, client_id).await })
    })
    .await
}

/// `delete`, within the caller's transaction.
pub async fn delete_in<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    client_id: i32,
) -> Result<(), AppError> {
    let to = LifecycleAction::Delete
        .in_progress()
        .unwrap_or(ClientStatus::Deleting);
    transition(conn, actor, client_id, LifecycleAction::Delete, to, None).await?;
    jobs::enqueue(conn, jobs::JobKind::DeleteClient, client_id, Utc::now()).await?;
    Ok(())
}

/// Restarts what the suspension stopped; the client becomes Active or Inactive by the rule,
/// and not Active past the licence limit (then nothing changes). The cloud follows in a
/// `resume_client` job enqueued in the same transaction.
pub async fn resume(
    db: &DatabaseConnection,
    actor: &Actor,
    client_id: i32,
) -> Result<ClientStatus, AppError> {
    let actor = actor.clone();
    crate::db::write(db, |txn| {
        Box::pin(async move { resume_in(txn, &actor, client_id).await })
    })
    .await
}

/// `resume`, within the caller's transaction.
pub async fn resume_in<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    client_id: i32,
) -> Result<ClientStatus, AppError> {
    // Inactive for the moment: the recomputation below decides. Being the first statement,
    // this update also takes the write lock (SQLite) before anything is counted against the
    // licence.
    transition(
        conn,
        actor,
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
        .exec(conn)
        .await?;
    let status = recompute_status(conn, client_id).await?;
    jobs::enqueue(conn, jobs::JobKind::ResumeClient, client_id, Utc::now()).await?;
    Ok(status)
}

/// Staff retry a lifecycle job that failed for good: the error is cleared and the job that
/// the client's status needs is enqueued again (suspension, deletion, or the cloud side of a
/// resume), audited.
pub async fn retry(db: &DatabaseConnection, actor: &Actor, client_id: i32) -> Result<(), AppError> {
    let actor = actor.clone();
    crate::db::write(db, |txn| {
        Box::pin(async move {
            // Written first: serialises with the worker's repair and with another retry
            // (and SQLite never has to upgrade a read lock).
            let failed = client::Entity::update_many()
                .col_expr(client::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(client::Column::Id.eq(client_id))
                .filter(client::Column::LifecycleError.is_not_null())
                .exec(txn)
                .await?
                .rows_affected
                == 1;
            let c = client::Entity::find_by_id(client_id)
                .one(txn)
                .await?
                .ok_or_else(|| AppError::NotFound(format!("Client {client_id}")))?;
            if !failed {
                return Err(AppError::Conflict(
                    "Nothing to retry: no lifecycle job of this client has failed.".into(),
                ));
            }
            let kind = match jobs::for_status(c.status) {
                Some(kind) => kind,
                None if c.status.is_derived() => jobs::JobKind::ResumeClient,
                None => {
                    return Err(AppError::Conflict(format!(
                        "Nothing to retry for a client that is {}.",
                        c.status.label().to_lowercase()
                    )))
                }
            };
            client::Entity::update_many()
                .col_expr(
                    client::Column::LifecycleError,
                    Expr::value(Option::<String>::None),
                )
                .filter(client::Column::Id.eq(client_id))
                .exec(txn)
                .await?;
            if !jobs::has_live_job(txn, client_id).await? {
                jobs::enqueue(txn, kind, client_id, Utc::now()).await?;
            }
            audit::record(
                txn,
                &actor,
                Change {
                    action: "client.retry",
                    entity: "client",
                    entity_id: Some(client_id),
                    client_id: Some(client_id),
                    changes: serde_json::json!({ "job": kind, "error": c.lifecycle_error }),
                },
            )
            .await?;
            Ok(())
        })
    })
    .await
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
