//! Durable background work in the database: staff actions enqueue a job in the same
//! transaction as the status change, and a worker inside every server process runs it.
//!
//! - Claiming is one atomic UPDATE (on PostgreSQL with `FOR UPDATE SKIP LOCKED`), so workers
//!   in several processes never take the same job. A client's jobs run one at a time, in the
//!   order they were enqueued (a resume finishes before the next suspension starts).
//! - A claimed job carries a lease that its worker renews while it runs (a heartbeat every
//!   third of the lease), so a long cloud call never lets a second worker in. If the worker
//!   dies, another (or the restarted server) takes the job over once the lease has run out; a
//!   restarted server takes back its own running jobs at once (its id is stable).
//! - A worker writes the outcome only while it still holds the job: every write is fenced on
//!   `(id, locked_by, attempts)`, and claiming increments `attempts`, so a stale worker never
//!   overwrites what another one did. Every step is idempotent, so running a job's steps
//!   again is safe; the steps done are also recorded on the job (`Progress`), so a cloud job
//!   retried after a failure or a crash resumes where it stopped.
//! - A failing step is retried with exponential back-off; after the last attempt the job is
//!   `failed`, its client shows the reason (`clients.lifecycle_error`) and waits for staff to
//!   retry (`services::lifecycle::retry`).
//! - A client in a transitional status (Suspending, Deleting) without a live job and without
//!   such an error is a bug the worker repairs on its own: it enqueues the missing job.

use crate::audit::{self, Actor, Change};
use crate::entities::{client, job, project, service};
use crate::openstack::{self, OpenStack, OpenStackError};
use chrono::{DateTime, Duration, Utc};
use model::{ClientStatus, ServiceStatus};
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, Set, Statement, TransactionTrait};
use std::sync::Arc;
use tokio::sync::Notify;

pub const SUSPEND_CLIENT: &str = "suspend_client";
pub const DELETE_CLIENT: &str = "delete_client";
/// Brings a running client's cloud up: creates its projects still pending (a new service)
/// and re-enables those of a resumed client (the database side is done in the request).
pub const RESUME_CLIENT: &str = "resume_client";
/// Reads the client's projects and resources from the cloud into our tables ("Refresh from
/// cloud", and the periodic sweep).
pub const SYNC_CLIENT: &str = "sync_client";
/// Works on a bulk run for a while (see `services::bulk`); bound to no client.
pub const BULK_RUN: &str = "bulk_run";
pub const MAX_ATTEMPTS: i32 = 5;
/// Statuses of a job that will still run.
pub const LIVE: [&str; 2] = ["queued", "running"];
/// Transitional clients repaired per worker loop: enough to catch up quickly, bounded so
/// one loop stays cheap.
const REPAIR_BATCH: u64 = 100;

/// The job that moves a client in `status` on, if the status is transitional.
pub fn for_status(status: ClientStatus) -> Option<&'static str> {
    match status {
        ClientStatus::Suspending => Some(SUSPEND_CLIENT),
        ClientStatus::Deleting => Some(DELETE_CLIENT),
        _ => None,
    }
}

/// Adds a job; call inside the transaction that makes it necessary.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    client_id: i32,
    now: DateTime<Utc>,
) -> Result<job::Model, DbErr> {
    insert(conn, kind, Some(client_id), now).await
}

/// Adds a job of no client (it runs in no client's queue).
pub async fn enqueue_unbound<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    now: DateTime<Utc>,
) -> Result<job::Model, DbErr> {
    insert(conn, kind, None, now).await
}

async fn insert<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    client_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<job::Model, DbErr> {
    job::ActiveModel {
        kind: Set(kind.to_owned()),
        client_id: Set(client_id),
        status: Set("queued".to_owned()),
        attempts: Set(0),
        max_attempts: Set(MAX_ATTEMPTS),
        run_at: Set(now),
        locked_by: Set(None),
        locked_at: Set(None),
        last_error: Set(None),
        progress: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
}

/// Whether the client has a job that will still run.
pub async fn has_live_job<C: ConnectionTrait>(conn: &C, client_id: i32) -> Result<bool, DbErr> {
    use sea_orm::PaginatorTrait;
    Ok(job::Entity::find()
        .filter(job::Column::ClientId.eq(client_id))
        .filter(job::Column::Status.is_in(LIVE))
        .count(conn)
        .await?
        > 0)
}

/// Takes the oldest runnable job for `worker`: queued and due, or running with an expired
/// lease (its worker died); never one behind an earlier live job of the same client.
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
         WHERE id = (SELECT j.id FROM jobs j \
           WHERE ((j.status = 'queued' AND j.run_at <= $2) \
              OR (j.status = 'running' AND j.locked_at < $3)) \
             AND NOT EXISTS (SELECT 1 FROM jobs e WHERE e.client_id = j.client_id \
               AND e.id < j.id AND e.status IN ('queued', 'running')) \
           ORDER BY j.id LIMIT 1 {lock}) \
         RETURNING *"
    );
    let stmt = Statement::from_sql_and_values(
        backend,
        sql,
        [worker.into(), now.into(), (now - lease).into()],
    );
    job::Entity::find().from_raw_sql(stmt).one(db).await
}

/// The rows `job` still names while its claimer holds it: claiming increments `attempts`,
/// so a worker whose lease ran out (and whose job was claimed again) matches nothing.
fn held(job: &job::Model) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(job::Column::Id.eq(job.id))
        .add(job::Column::LockedBy.eq(job.locked_by.clone()))
        .add(job::Column::Attempts.eq(job.attempts))
        .add(job::Column::Status.eq("running"))
}

/// The steps a job has finished, kept on the job row (`jobs.progress`), so a job retried
/// after a failure or a crash skips them. Written like every write of a job: only while its
/// worker still holds it.
pub struct Progress {
    db: DatabaseConnection,
    job: job::Model,
    done: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

impl Progress {
    /// The job's progress so far, recorded on it from now on.
    pub fn of(db: &DatabaseConnection, job: &job::Model) -> Progress {
        let done = job
            .progress
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default();
        Progress {
            db: db.clone(),
            job: job.clone(),
            done: std::sync::Mutex::new(done),
        }
    }

    pub fn is_done(&self, step: &str) -> bool {
        self.done.lock().expect("progress lock").contains(step)
    }

    /// Records a finished step; an error once the job is no longer this worker's (its new
    /// holder redoes the idempotent steps).
    pub async fn done(&self, step: impl Into<String>) -> Result<(), OpenStackError> {
        let json = {
            let mut done = self.done.lock().expect("progress lock");
            done.insert(step.into());
            serde_json::to_string(&*done).expect("a set of strings serialises")
        };
        let held = job::Entity::update_many()
            .col_expr(job::Column::Progress, Expr::value(Some(json)))
            .filter(held(&self.job))
            .exec(&self.db)
            .await?
            .rows_affected
            == 1;
        if held {
            Ok(())
        } else {
            Err(OpenStackError(
                "the job was taken over by another worker".into(),
            ))
        }
    }
}

/// Renews the lease of a job its worker still holds; false once it lost it.
pub async fn heartbeat<C: ConnectionTrait>(
    conn: &C,
    job: &job::Model,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(job::Entity::update_many()
        .col_expr(job::Column::LockedAt, Expr::value(Some(now)))
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(held(job))
        .exec(conn)
        .await?
        .rows_affected
        == 1)
}

/// A (re)started worker's own running jobs were interrupted by its end: they are queued
/// again at once instead of waiting out their lease. `attempts` is kept, so the fence of the
/// dead run cannot match the next one. Returns how many.
pub async fn release_own<C: ConnectionTrait>(
    conn: &C,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value("queued"))
        .col_expr(job::Column::RunAt, Expr::value(now))
        .col_expr(
            job::Column::LockedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(job::Column::Status.eq("running"))
        .filter(job::Column::LockedBy.eq(worker))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Enqueues the missing job of every transitional client that has no live job (and no
/// failure waiting for staff), audited as the system. Cheap when there is nothing to do: the
/// clients' status index finds the few transitional clients, the jobs' client index the rest.
/// Returns how many jobs it enqueued.
pub async fn repair(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    let sql = format!(
        "SELECT c.id, c.status FROM clients c \
         WHERE c.status IN ('{}', '{}') AND c.lifecycle_error IS NULL \
           AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.client_id = c.id \
             AND j.status IN ('queued', 'running')) \
         ORDER BY c.id LIMIT {REPAIR_BATCH}",
        ClientStatus::Suspending.as_str(),
        ClientStatus::Deleting.as_str(),
    );
    let rows = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?;
    let mut enqueued = 0;
    for row in rows {
        let id: i32 = row.try_get("", "id")?;
        let status: String = row.try_get("", "status")?;
        let Some(kind) = status.parse().ok().and_then(for_status) else {
            continue;
        };
        let txn = db.begin().await?;
        // Written before the check: it takes the client's row lock (PostgreSQL) or the write
        // lock (SQLite), so a concurrent repair, retry or staff action is serialised with this
        // one and no client ever gets two jobs.
        let still = client::Entity::update_many()
            .col_expr(client::Column::Status, Expr::col(client::Column::Status))
            .filter(client::Column::Id.eq(id))
            .filter(client::Column::Status.eq(status.clone()))
            .filter(client::Column::LifecycleError.is_null())
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if still && !has_live_job(&txn, id).await? {
            let j = enqueue(&txn, kind, id, now).await?;
            audit::record(
                &txn,
                &Actor::system(),
                Change {
                    action: "job.repair",
                    entity: "client",
                    entity_id: Some(id),
                    client_id: Some(id),
                    changes: serde_json::json!({
                        "status": status,
                        "job": { "id": j.id, "kind": kind },
                        "reason": "the client was in a transitional status without a job",
                    }),
                },
            )
            .await?;
            tracing::warn!(
                client = id,
                kind,
                "enqueued the missing job of a transitional client"
            );
            enqueued += 1;
        }
        txn.commit().await?;
    }
    Ok(enqueued)
}

/// A client is synced every hour: of its finished syncs only the last that succeeded (what
/// "last synced" shows) and the one finishing now are kept, so the table stays the size of
/// the client list, not of its history.
async fn prune_syncs(txn: &impl ConnectionTrait, finished: &job::Model) -> Result<(), DbErr> {
    let backend = txn.get_database_backend();
    let sql = "DELETE FROM jobs WHERE client_id = $1 AND kind = $2 \
         AND status IN ('done', 'failed') AND id < $3 \
         AND id <> COALESCE((SELECT max(id) FROM jobs WHERE client_id = $1 AND kind = $2 \
           AND status = 'done'), 0)";
    txn.execute_raw(Statement::from_sql_and_values(
        backend,
        sql,
        [
            finished.client_id.into(),
            SYNC_CLIENT.into(),
            finished.id.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Seconds before attempt `attempts + 1`: 2, 4, 8, ... capped at five minutes.
pub fn backoff(attempts: i32) -> Duration {
    Duration::seconds(2i64.saturating_pow(attempts.clamp(1, 20) as u32).min(300))
}

/// What a job's last step does, in the same transaction as marking the job done.
#[derive(Debug)]
enum Done {
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
            .col_expr(job::Column::Status, Expr::value("running"))
            .col_expr(job::Column::LockedBy, Expr::value(Some(self.id.clone())))
            .col_expr(job::Column::LockedAt, Expr::value(Some(now)))
            .col_expr(
                job::Column::Attempts,
                Expr::col(job::Column::Attempts).add(1),
            )
            .col_expr(job::Column::UpdatedAt, Expr::value(now))
            .filter(job::Column::Id.eq(id))
            .filter(job::Column::Status.eq("queued"))
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

    async fn execute(&self, job: &job::Model) -> Result<Done, String> {
        if job.kind == BULK_RUN {
            return Ok(match crate::services::bulk::work(&self.db, job).await? {
                crate::services::bulk::Slice::Finished => Done::Nothing,
                crate::services::bulk::Slice::More(run_id) => Done::Continue { run_id },
            });
        }
        let client_id = job.client_id.ok_or("job without a client")?;
        let progress = Progress::of(&self.db, job);
        match job.kind.as_str() {
            SUSPEND_CLIENT => self.suspend(client_id, &progress).await,
            DELETE_CLIENT => self.delete(client_id, &progress).await,
            RESUME_CLIENT => self.resume(client_id, &progress).await,
            SYNC_CLIENT => self.sync(client_id).await,
            other => Err(format!("unknown job kind {other:?}")),
        }
    }

    /// The cloud's view of the client's projects and resources becomes our mirror.
    async fn sync(&self, client_id: i32) -> Result<Done, String> {
        if self.status(client_id).await?.is_none() {
            return Ok(Done::Nothing);
        }
        let known = openstack::sync::known_projects(&self.db, client_id)
            .await
            .map_err(|e| e.to_string())?;
        let inventory = self
            .openstack
            .inventory(client_id, &known)
            .await
            .map_err(|e| e.to_string())?;
        let report = openstack::sync::apply(&self.db, client_id, &inventory)
            .await
            .map_err(|e| e.to_string())?;
        tracing::info!(client = client_id, ?report, "synced from the cloud");
        Ok(Done::Nothing)
    }

    async fn projects(&self, client_id: i32) -> Result<Vec<project::Model>, String> {
        project::Entity::find()
            .filter(project::Column::ClientId.eq(client_id))
            .all(&self.db)
            .await
            .map_err(|e| e.to_string())
    }

    async fn status(&self, client_id: i32) -> Result<Option<ClientStatus>, String> {
        Ok(client::Entity::find_by_id(client_id)
            .one(&self.db)
            .await
            .map_err(|e| e.to_string())?
            .map(|c| c.status))
    }

    /// Suspending -> Suspended: active services stop (remembered, for resume), projects are
    /// disabled. Each step may run again harmlessly and changes only what is not done yet.
    async fn suspend(&self, client_id: i32, progress: &Progress) -> Result<Done, String> {
        if self.status(client_id).await? != Some(ClientStatus::Suspending) {
            return Ok(Done::Nothing); // Gone or changed meanwhile: nothing left to suspend.
        }
        self.suspend_services(client_id)
            .await
            .map_err(|e| e.to_string())?;
        for p in self.projects(client_id).await? {
            if !p.disabled {
                self.openstack
                    .suspend_project(&p, progress)
                    .await
                    .map_err(|e| e.to_string())?;
            }
        }
        Ok(Done::Client {
            from: ClientStatus::Suspending,
            to: Some(ClientStatus::Suspended),
            action: "client.suspended",
        })
    }

    /// Each active service stops, with one audit entry per service actually stopped.
    async fn suspend_services(&self, client_id: i32) -> Result<(), DbErr> {
        let active = service::Entity::find()
            .filter(service::Column::ClientId.eq(client_id))
            .filter(service::Column::Status.eq(ServiceStatus::Active))
            .all(&self.db)
            .await?;
        if active.is_empty() {
            return Ok(());
        }
        let txn = self.db.begin().await?;
        for s in active {
            let done = service::Entity::update_many()
                .col_expr(
                    service::Column::Status,
                    Expr::value(ServiceStatus::Suspended),
                )
                .col_expr(service::Column::SuspendedWithClient, Expr::value(true))
                .col_expr(service::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(service::Column::Id.eq(s.id))
                .filter(service::Column::Status.eq(ServiceStatus::Active))
                .exec(&txn)
                .await?;
            if done.rows_affected == 1 {
                audit::record(
                    &txn,
                    &Actor::system(),
                    Change {
                        action: "service.suspended",
                        entity: "service",
                        entity_id: Some(s.id),
                        client_id: Some(client_id),
                        changes: serde_json::json!({ "status": { "from": ServiceStatus::Active, "to": ServiceStatus::Suspended } }),
                    },
                )
                .await?;
            }
        }
        txn.commit().await
    }

    /// Deleting -> gone: services terminated, projects and resources deleted, then the
    /// client (its invoices and journal entries stay, detached).
    async fn delete(&self, client_id: i32, progress: &Progress) -> Result<Done, String> {
        let db_err = |e: DbErr| e.to_string();
        if self.status(client_id).await? != Some(ClientStatus::Deleting) {
            return Ok(Done::Nothing);
        }
        service::Entity::update_many()
            .col_expr(
                service::Column::Status,
                Expr::value(ServiceStatus::Terminated),
            )
            .col_expr(service::Column::TerminatedAt, Expr::value(Some(Utc::now())))
            .filter(service::Column::ClientId.eq(client_id))
            .filter(service::Column::Status.is_not_in(ServiceStatus::ENDED))
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        for p in self.projects(client_id).await? {
            self.openstack
                .delete_project(&p, progress)
                .await
                .map_err(|e| e.to_string())?;
        }
        Ok(Done::Client {
            from: ClientStatus::Deleting,
            to: None,
            action: "client.deleted",
        })
    }

    /// A resumed (or newly provisioned) client's projects run again, except those of ended
    /// services: projects still pending are created in the cloud first. A no-op once the
    /// client is suspended or deleted again (its later job, run after this one, decides).
    async fn resume(&self, client_id: i32, progress: &Progress) -> Result<Done, String> {
        let ended: Vec<i32> = service::Entity::find()
            .filter(service::Column::ClientId.eq(client_id))
            .filter(service::Column::Status.is_in(ServiceStatus::ENDED))
            .all(&self.db)
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|s| s.id)
            .collect();
        for p in self.projects(client_id).await? {
            if !self
                .status(client_id)
                .await?
                .is_some_and(|s| s.is_derived())
            {
                return Ok(Done::Nothing);
            }
            if p.service_id.is_some_and(|s| ended.contains(&s)) {
                continue;
            }
            let p = if openstack::is_pending(&p) {
                let id = self
                    .openstack
                    .create_project(&p)
                    .await
                    .map_err(|e| e.to_string())?;
                openstack::mirror::created(&self.db, &p, &id)
                    .await
                    .map_err(|e| e.to_string())?;
                project::Model {
                    openstack_id: id,
                    ..p
                }
            } else {
                p
            };
            if p.disabled {
                self.openstack
                    .resume_project(&p, progress)
                    .await
                    .map_err(|e| e.to_string())?;
            }
        }
        Ok(Done::Resumed)
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
                        client::Entity::update_many()
                            .col_expr(client::Column::Status, Expr::value(status))
                            .col_expr(
                                client::Column::LifecycleError,
                                Expr::value(Option::<String>::None),
                            )
                            .col_expr(client::Column::UpdatedAt, Expr::value(Utc::now()))
                            .filter(client::Column::Id.eq(client_id))
                            .filter(client::Column::Status.eq(from))
                            .exec(txn)
                            .await?
                            .rows_affected
                    }
                    None => {
                        client::Entity::delete_many()
                            .filter(client::Column::Id.eq(client_id))
                            .filter(client::Column::Status.eq(from))
                            .exec(txn)
                            .await?
                            .rows_affected
                    }
                };
                if changed == 1 {
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
        outcome: Result<Done, String>,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let txn = self.db.begin().await?;
        // `locked_by` stays: it names the worker that last ran the job.
        let mut update = job::Entity::update_many()
            .col_expr(
                job::Column::LockedAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(job::Column::UpdatedAt, Expr::value(now));
        let (status, error, last) = match &outcome {
            Ok(_) => ("done", None, false),
            Err(e) if job.attempts >= job.max_attempts => ("failed", Some(e.clone()), true),
            Err(e) => {
                update =
                    update.col_expr(job::Column::RunAt, Expr::value(now + backoff(job.attempts)));
                ("queued", Some(e.clone()), false)
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
        if job.kind == SYNC_CLIENT && status != "queued" {
            prune_syncs(&txn, job).await?;
        }
        match (outcome, job.client_id) {
            (Ok(Done::Continue { run_id }), _) => {
                let next = enqueue_unbound(&txn, BULK_RUN, now).await?;
                crate::services::bulk::continued(&txn, run_id, &next).await?;
            }
            (Ok(done), Some(client_id)) => Self::apply(&txn, client_id, done).await?,
            (Err(e), None) if last && job.kind == BULK_RUN => {
                tracing::error!(job = job.id, error = %e, "bulk run stopped");
                let message = format!("Stopped after {} attempts: {e}", job.attempts);
                crate::services::bulk::stopped(&txn, job.id, &message).await?;
            }
            // A failed sync changes nothing: the Cloud resources tab shows its error.
            (Err(e), Some(client_id)) if last && job.kind != SYNC_CLIENT => {
                tracing::error!(job = job.id, error = %e, "job failed for good");
                let message = format!(
                    "{} failed after {} attempts: {e}",
                    match job.kind.as_str() {
                        DELETE_CLIENT => "Deletion",
                        RESUME_CLIENT => "Creating or resuming the cloud projects",
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
                            changes: serde_json::json!({ "job": { "id": job.id, "kind": job.kind }, "error": message }),
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
