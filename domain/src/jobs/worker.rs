//! The worker: claims a job, runs its kind's steps (one module per kind), and records the
//! outcome while it still holds the job.

use super::{backoff, claim, enqueue_unbound, heartbeat, held, prune_syncs, release_own, repair};
use super::{JobKind, JobStatus, Progress};
use crate::audit::{self, Actor, Change};
use crate::entities::{client, job, project};
use crate::openstack::{OpenStack, OpenStackError};
use crate::services::lifecycle::guarded_status_update;
use chrono::{DateTime, Duration, Utc};
use model::ClientStatus;
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::ConnectionTrait;
use std::sync::Arc;
use tokio::sync::Notify;

/// Why an attempt at a job failed; its text is what the job and the client show.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("{0}")]
    Db(#[from] DbErr),
    #[error("{0}")]
    Cloud(#[from] OpenStackError),
    #[error("{0}")]
    Other(String),
}

impl From<String> for JobError {
    fn from(message: String) -> Self {
        JobError::Other(message)
    }
}

/// What a job's last step does, in the same transaction as marking the job done.
#[derive(Debug)]
pub(super) enum Done {
    /// Nothing left to do (e.g. the client changed meanwhile).
    Nothing,
    /// The client leaves its in-progress status (`to`: `None` deletes it).
    Client {
        from: ClientStatus,
        to: Option<ClientStatus>,
        action: &'static str,
    },
    /// The resumed client's projects run again: a previous failure no longer stands.
    Resumed,
    /// A bulk run's slice is over: a fresh job goes on with the run.
    Continue { run_id: i32 },
}

/// Runs jobs: one per server process, sharing the table with the others.
pub struct Worker {
    pub db: DatabaseConnection,
    pub openstack: Arc<dyn OpenStack>,
    /// Stable across restarts of the same server (see `release_own`).
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
        self.run_claimed(job).await?;
        Ok(true)
    }

    /// Runs the job `id` now if it is queued (the benchmark drives a bulk run this way,
    /// whatever else waits); false if it was not.
    pub async fn run_job(&self, id: i32) -> Result<bool, DbErr> {
        use sea_orm::sea_query::ExprTrait;
        let now = Utc::now();
        let taken = job::Entity::update_many()
            .col_expr(job::Column::Status, Expr::value(JobStatus::Running))
            .col_expr(job::Column::LockedBy, Expr::value(Some(self.id.clone())))
            .col_expr(job::Column::LockedAt, Expr::value(Some(now)))
            .col_expr(
                job::Column::Attempts,
                Expr::col(job::Column::Attempts).add(1),
            )
            .col_expr(job::Column::UpdatedAt, Expr::value(now))
            .filter(job::Column::Id.eq(id))
            .filter(job::Column::Status.eq(JobStatus::Queued))
            .exec(&self.db)
            .await?
            .rows_affected
            == 1;
        if !taken {
            return Ok(false);
        }
        let Some(job) = job::Entity::find_by_id(id).one(&self.db).await? else {
            return Ok(false);
        };
        self.run_claimed(job).await?;
        Ok(true)
    }

    /// Runs a job this worker has just claimed and records its outcome.
    async fn run_claimed(&self, job: job::Model) -> Result<(), DbErr> {
        let outcome = tokio::select! {
            outcome = self.execute(&job) => outcome,
            () = self.keep_lease(&job) => {
                // Another worker has the job now; it redoes the (idempotent) steps.
                tracing::warn!(job = job.id, worker = %self.id, "lost the job's lease, stopped");
                return Ok(());
            }
        };
        self.finish(&job, outcome, Utc::now()).await
    }

    /// Renews the lease every third of it; returns only once the job is no longer ours.
    async fn keep_lease(&self, job: &job::Model) {
        let every = (self.lease / 3)
            .to_std()
            .unwrap_or_default()
            .max(std::time::Duration::from_millis(10));
        loop {
            tokio::time::sleep(every).await;
            match heartbeat(&self.db, job, Utc::now()).await {
                Ok(true) => {}
                Ok(false) => return,
                // The database is unreachable: the job's own steps will fail and say so.
                Err(e) => tracing::warn!(job = job.id, error = %e, "job heartbeat"),
            }
        }
    }

    /// Runs jobs until there are none left that are due.
    pub async fn drain(&self) -> Result<usize, DbErr> {
        let mut n = 0;
        while self.run_one(Utc::now()).await? {
            n += 1;
        }
        Ok(n)
    }

    /// The server's loop: takes back this worker's interrupted jobs, then repairs, runs, and
    /// waits for a nudge from this process or `poll` (for jobs that other processes enqueued
    /// or whose back-off has passed).
    pub async fn run(self, poll: std::time::Duration) {
        match release_own(&self.db, &self.id, Utc::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(jobs = n, worker = %self.id, "took back interrupted jobs"),
            Err(e) => tracing::error!(error = %e, "releasing interrupted jobs"),
        }
        loop {
            if let Err(e) = repair(&self.db, Utc::now()).await {
                tracing::error!(error = %e, "job repair");
            }
            if let Err(e) = self.drain().await {
                tracing::error!(error = %e, "job worker");
            }
            let _ = tokio::time::timeout(poll, self.wake.notified()).await;
        }
    }

    /// Runs the job's kind.
    async fn execute(&self, job: &job::Model) -> Result<Done, JobError> {
        let client_id = match (job.kind, job.client_id) {
            (JobKind::BulkRun, _) => {
                return Ok(match crate::services::bulk::work(&self.db, job).await? {
                    crate::services::bulk::Slice::Finished => Done::Nothing,
                    crate::services::bulk::Slice::More(run_id) => Done::Continue { run_id },
                });
            }
            (_, Some(client_id)) => client_id,
            (_, None) => return Err(JobError::Other("job without a client".into())),
        };
        let progress = Progress::of(&self.db, job);
        match job.kind {
            JobKind::SuspendClient => self.suspend(client_id, &progress).await,
            JobKind::DeleteClient => self.delete(client_id, &progress).await,
            JobKind::ResumeClient => self.resume(client_id, &progress).await,
            JobKind::SyncClient => self.sync(client_id).await,
            JobKind::BulkRun => unreachable!("handled above"),
        }
    }

    pub(super) async fn projects(&self, client_id: i32) -> Result<Vec<project::Model>, JobError> {
        Ok(project::Entity::find()
            .filter(project::Column::ClientId.eq(client_id))
            .all(&self.db)
            .await?)
    }

    pub(super) async fn status(&self, client_id: i32) -> Result<Option<ClientStatus>, JobError> {
        Ok(client::Entity::find_by_id(client_id)
            .one(&self.db)
            .await?
            .map(|c| c.status))
    }

    /// The last step, guarded on the in-progress status: the new status (or deletion) and
    /// its audit entry. Part of the transaction that marks the job done.
    async fn apply(txn: &impl ConnectionTrait, client_id: i32, done: Done) -> Result<(), DbErr> {
        match done {
            Done::Nothing | Done::Continue { .. } => Ok(()),
            Done::Resumed => {
                client::Entity::update_many()
                    .col_expr(
                        client::Column::LifecycleError,
                        Expr::value(Option::<String>::None),
                    )
                    .filter(client::Column::Id.eq(client_id))
                    .filter(client::Column::LifecycleError.is_not_null())
                    .exec(txn)
                    .await?;
                Ok(())
            }
            Done::Client { from, to, action } => {
                let changed = match to {
                    Some(status) => {
                        guarded_status_update(txn, client_id, from, status, None).await?
                    }
                    None => {
                        client::Entity::delete_many()
                            .filter(client::Column::Id.eq(client_id))
                            .filter(client::Column::Status.eq(from))
                            .exec(txn)
                            .await?
                            .rows_affected
                            == 1
                    }
                };
                if changed {
                    audit::record(
                        txn,
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
                Ok(())
            }
        }
    }

    /// Records the outcome, only if this worker still holds the job (else another one has
    /// taken it over and its outcome counts): done with the last step, queued again after a
    /// back-off, or failed for good with the reason on the client.
    async fn finish(
        &self,
        job: &job::Model,
        outcome: Result<Done, JobError>,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let txn = crate::db::begin_write(&self.db).await?;
        // `locked_by` stays: it names the worker that last ran the job.
        let mut update = job::Entity::update_many()
            .col_expr(
                job::Column::LockedAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(job::Column::UpdatedAt, Expr::value(now));
        let (status, error, last) = match &outcome {
            Ok(_) => (JobStatus::Done, None, false),
            Err(e) if job.attempts >= job.max_attempts => {
                (JobStatus::Failed, Some(e.to_string()), true)
            }
            Err(e) => {
                update =
                    update.col_expr(job::Column::RunAt, Expr::value(now + backoff(job.attempts)));
                (JobStatus::Queued, Some(e.to_string()), false)
            }
        };
        let held = update
            .col_expr(job::Column::Status, Expr::value(status))
            .col_expr(job::Column::LastError, Expr::value(error.clone()))
            .filter(held(job))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if !held {
            tracing::warn!(job = job.id, worker = %self.id, "job taken over meanwhile; outcome dropped");
            return txn.rollback().await;
        }
        if job.kind == JobKind::SyncClient && status != JobStatus::Queued {
            prune_syncs(&txn, job).await?;
        }
        match (outcome, job.client_id) {
            (Ok(Done::Continue { run_id }), _) => {
                let next = enqueue_unbound(&txn, JobKind::BulkRun, now).await?;
                crate::services::bulk::continued(&txn, run_id, &next).await?;
            }
            (Ok(done), Some(client_id)) => Self::apply(&txn, client_id, done).await?,
            (Err(e), None) if last && job.kind == JobKind::BulkRun => {
                tracing::error!(job = job.id, error = %e, "bulk run stopped");
                let message = format!("Stopped after {} attempts: {e}", job.attempts);
                crate::services::bulk::stopped(&txn, job.id, &message).await?;
            }
            // A failed sync changes nothing: the Cloud resources tab shows its error.
            (Err(e), Some(client_id)) if last && job.kind != JobKind::SyncClient => {
                tracing::error!(job = job.id, error = %e, "job failed for good");
                let message = format!(
                    "{} failed after {} attempts: {e}",
                    match job.kind {
                        JobKind::DeleteClient => "Deletion",
                        JobKind::ResumeClient => "Creating or resuming the cloud projects",
                        _ => "Suspension",
                    },
                    job.attempts
                );
                let found = client::Entity::update_many()
                    .col_expr(
                        client::Column::LifecycleError,
                        Expr::value(Some(message.clone())),
                    )
                    .filter(client::Column::Id.eq(client_id))
                    .exec(&txn)
                    .await?
                    .rows_affected;
                if found == 1 {
                    audit::record(
                        &txn,
                        &Actor::system(),
                        Change {
                            action: "job.failed",
                            entity: "client",
                            entity_id: Some(client_id),
                            client_id: Some(client_id),
                            changes: serde_json::json!({ "job": { "id": job.id, "kind": job.kind.as_str() }, "error": message }),
                        },
                    )
                    .await?;
                }
            }
            (Err(e), _) if !last => {
                tracing::warn!(job = job.id, attempt = job.attempts, error = %e, "job failed, will retry");
            }
            _ => {}
        }
        txn.commit().await
    }
}
