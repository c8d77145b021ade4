//! Durable background work in the database: staff actions enqueue a job in the same
//! transaction as the status change, and a worker inside every server process runs it.
//!
//! - Claiming is one atomic UPDATE (on PostgreSQL with `FOR UPDATE SKIP LOCKED`), so workers
//!   in several processes never take the same job.
//! - A claimed job carries a lease: if its worker dies, another (or the restarted server)
//!   takes it over once the lease has run out. Every step is idempotent, so running a job's
//!   steps again is safe.
//! - A failing step is retried with exponential back-off; after the last attempt the job is
//!   `failed` and its client shows the reason (`clients.lifecycle_error`).

use crate::model::{ClientStatus, ServiceStatus};
use crate::server::audit::{self, Actor, Change};
use crate::server::entities::{client, job, project, service};
use crate::server::openstack::OpenStack;
use chrono::{DateTime, Duration, Utc};
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, Set, Statement};
use std::sync::Arc;
use tokio::sync::Notify;

pub const SUSPEND_CLIENT: &str = "suspend_client";
pub const DELETE_CLIENT: &str = "delete_client";
pub const MAX_ATTEMPTS: i32 = 5;

/// Adds a job; call inside the transaction that makes it necessary.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    client_id: i32,
    now: DateTime<Utc>,
) -> Result<job::Model, DbErr> {
    job::ActiveModel {
        kind: Set(kind.to_owned()),
        client_id: Set(Some(client_id)),
        status: Set("queued".to_owned()),
        attempts: Set(0),
        max_attempts: Set(MAX_ATTEMPTS),
        run_at: Set(now),
        locked_by: Set(None),
        locked_at: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
}

/// Takes the oldest runnable job for `worker`: queued and due, or running with an expired
/// lease (its worker died).
pub async fn claim(
    db: &DatabaseConnection,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<Option<job::Model>, DbErr> {
    let backend = db.get_database_backend();
    let lock = if backend == DbBackend::Postgres {
        "FOR UPDATE SKIP LOCKED"
    } else {
        // SQLite runs one writer at a time: the UPDATE below is atomic as it is.
        ""
    };
    let sql = format!(
        "UPDATE jobs SET status = 'running', locked_by = $1, locked_at = $2, \
         attempts = attempts + 1, updated_at = $2 \
         WHERE id = (SELECT id FROM jobs \
           WHERE (status = 'queued' AND run_at <= $2) OR (status = 'running' AND locked_at < $3) \
           ORDER BY id LIMIT 1 {lock}) \
         RETURNING *"
    );
    let stmt = Statement::from_sql_and_values(
        backend,
        sql,
        [worker.into(), now.into(), (now - lease).into()],
    );
    job::Entity::find().from_raw_sql(stmt).one(db).await
}

/// Seconds before attempt `attempts + 1`: 2, 4, 8, ... capped at five minutes.
pub fn backoff(attempts: i32) -> Duration {
    Duration::seconds(2i64.saturating_pow(attempts.clamp(1, 20) as u32).min(300))
}

/// Runs jobs: one per server process, sharing the table with the others.
pub struct Worker {
    pub db: DatabaseConnection,
    pub openstack: Arc<dyn OpenStack>,
    pub id: String,
    pub lease: Duration,
    pub wake: Arc<Notify>,
}

impl Worker {
    /// Claims and runs one job; false when there was nothing to do.
    pub async fn run_one(&self, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let Some(job) = claim(&self.db, &self.id, now, self.lease).await? else {
            return Ok(false);
        };
        let outcome = self.execute(&job).await;
        self.finish(&job, outcome, Utc::now()).await?;
        Ok(true)
    }

    /// Runs jobs until there are none left that are due.
    pub async fn drain(&self) -> Result<usize, DbErr> {
        let mut n = 0;
        while self.run_one(Utc::now()).await? {
            n += 1;
        }
        Ok(n)
    }

    /// The server's loop: wake on a nudge from this process or every `poll`, for jobs that
    /// other processes enqueued or whose back-off has passed.
    pub async fn run(self, poll: std::time::Duration) {
        loop {
            if let Err(e) = self.drain().await {
                tracing::error!(error = %e, "job worker");
            }
            let _ = tokio::time::timeout(poll, self.wake.notified()).await;
        }
    }

    async fn execute(&self, job: &job::Model) -> Result<(), String> {
        let client_id = job.client_id.ok_or("job without a client")?;
        match job.kind.as_str() {
            SUSPEND_CLIENT => self.suspend(client_id).await,
            DELETE_CLIENT => self.delete(client_id).await,
            other => Err(format!("unknown job kind {other:?}")),
        }
    }

    async fn projects(&self, client_id: i32) -> Result<Vec<project::Model>, String> {
        project::Entity::find()
            .filter(project::Column::ClientId.eq(client_id))
            .all(&self.db)
            .await
            .map_err(|e| e.to_string())
    }

    /// Suspending -> Suspended: active services stop (remembered, for resume), projects are
    /// disabled. Each step may run again harmlessly.
    async fn suspend(&self, client_id: i32) -> Result<(), String> {
        let db_err = |e: DbErr| e.to_string();
        let Some(c) = client::Entity::find_by_id(client_id)
            .one(&self.db)
            .await
            .map_err(db_err)?
        else {
            return Ok(()); // Gone meanwhile: nothing left to suspend.
        };
        if c.status != ClientStatus::Suspending {
            return Ok(());
        }
        service::Entity::update_many()
            .col_expr(
                service::Column::Status,
                Expr::value(ServiceStatus::Suspended),
            )
            .col_expr(service::Column::SuspendedWithClient, Expr::value(true))
            .col_expr(service::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(service::Column::ClientId.eq(client_id))
            .filter(service::Column::Status.eq(ServiceStatus::Active))
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        for p in self.projects(client_id).await? {
            self.openstack
                .suspend_project(&p)
                .await
                .map_err(|e| e.to_string())?;
        }
        self.finish_client(
            client_id,
            ClientStatus::Suspending,
            Some(ClientStatus::Suspended),
            "client.suspended",
        )
        .await
        .map_err(db_err)
    }

    /// Deleting -> gone: services terminated, projects and resources deleted, then the
    /// client (its invoices and journal entries stay, detached).
    async fn delete(&self, client_id: i32) -> Result<(), String> {
        let db_err = |e: DbErr| e.to_string();
        let Some(c) = client::Entity::find_by_id(client_id)
            .one(&self.db)
            .await
            .map_err(db_err)?
        else {
            return Ok(());
        };
        if c.status != ClientStatus::Deleting {
            return Ok(());
        }
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
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        for p in self.projects(client_id).await? {
            self.openstack
                .delete_project(&p)
                .await
                .map_err(|e| e.to_string())?;
        }
        self.finish_client(client_id, ClientStatus::Deleting, None, "client.deleted")
            .await
            .map_err(db_err)
    }

    /// The last step, guarded on the in-progress status: the new status (or deletion) and
    /// its audit entry, in one transaction.
    async fn finish_client(
        &self,
        client_id: i32,
        from: ClientStatus,
        to: Option<ClientStatus>,
        action: &str,
    ) -> Result<(), DbErr> {
        use sea_orm::TransactionTrait;
        let txn = self.db.begin().await?;
        let done = match to {
            Some(status) => {
                client::Entity::update_many()
                    .col_expr(client::Column::Status, Expr::value(status))
                    .col_expr(
                        client::Column::LifecycleError,
                        Expr::value(Option::<String>::None),
                    )
                    .col_expr(client::Column::UpdatedAt, Expr::value(Utc::now()))
                    .filter(client::Column::Id.eq(client_id))
                    .filter(client::Column::Status.eq(from))
                    .exec(&txn)
                    .await?
                    .rows_affected
            }
            None => {
                client::Entity::delete_many()
                    .filter(client::Column::Id.eq(client_id))
                    .filter(client::Column::Status.eq(from))
                    .exec(&txn)
                    .await?
                    .rows_affected
            }
        };
        if done == 1 {
            audit::record(
                &txn,
                &Actor::system(),
                Change {
                    action,
                    entity: "client",
                    entity_id: Some(client_id),
                    client_id: Some(client_id),
                    changes: serde_json::json!({ "status": { "from": from, "to": to } }),
                },
            )
            .await?;
        }
        txn.commit().await
    }

    async fn finish(
        &self,
        job: &job::Model,
        outcome: Result<(), String>,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        // `locked_by` stays: it names the worker that last ran the job.
        let mut active: job::ActiveModel = job.clone().into();
        active.locked_at = Set(None);
        active.updated_at = Set(now);
        match outcome {
            Ok(()) => {
                active.status = Set("done".to_owned());
                active.last_error = Set(None);
            }
            Err(e) if job.attempts >= job.max_attempts => {
                tracing::error!(job = job.id, error = %e, "job failed for good");
                active.status = Set("failed".to_owned());
                active.last_error = Set(Some(e.clone()));
                if let Some(client_id) = job.client_id {
                    let what = if job.kind == DELETE_CLIENT {
                        "Deletion"
                    } else {
                        "Suspension"
                    };
                    client::Entity::update_many()
                        .col_expr(
                            client::Column::LifecycleError,
                            Expr::value(Some(format!(
                                "{what} failed after {} attempts: {e}",
                                job.attempts
                            ))),
                        )
                        .filter(client::Column::Id.eq(client_id))
                        .exec(&self.db)
                        .await?;
                }
            }
            Err(e) => {
                tracing::warn!(job = job.id, attempt = job.attempts, error = %e, "job failed, will retry");
                active.status = Set("queued".to_owned());
                active.last_error = Set(Some(e));
                active.run_at = Set(now + backoff(job.attempts));
            }
        }
        active.update(&self.db).await?;
        Ok(())
    }
}
