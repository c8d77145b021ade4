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
//!
//! This module is the queue (enqueue, claim, fence, progress, repair); `worker` claims a job,
//! runs its kind and records the outcome; each kind's steps have a module of their own
//! (`suspend`, `delete`, `resume`, `sync`; a bulk run's are in `services::bulk`).

use crate::audit::{self, Actor, Change};
use crate::entities::{client, job};
use crate::openstack::OpenStackError;
use chrono::{DateTime, Duration, Utc};
use model::ClientStatus;
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, Set, Statement};

mod delete;
mod resume;
mod suspend;
mod sync;
mod worker;

pub use crate::entities::job::{JobKind, JobStatus};
pub use worker::{JobError, Worker};

pub const MAX_ATTEMPTS: i32 = 5;
/// Transitional clients repaired per worker loop: enough to catch up quickly, bounded so
/// one loop stays cheap.
const REPAIR_BATCH: u64 = 100;

/// The job that moves a client in `status` on, if the status is transitional.
pub fn for_status(status: ClientStatus) -> Option<JobKind> {
    match status {
        ClientStatus::Suspending => Some(JobKind::SuspendClient),
        ClientStatus::Deleting => Some(JobKind::DeleteClient),
        _ => None,
    }
}

/// Adds a job; call inside the transaction that makes it necessary.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    kind: JobKind,
    client_id: i32,
    now: DateTime<Utc>,
) -> Result<job::Model, DbErr> {
    insert(conn, kind, Some(client_id), now).await
}

/// Adds a job of no client (it runs in no client's queue).
pub async fn enqueue_unbound<C: ConnectionTrait>(
    conn: &C,
    kind: JobKind,
    now: DateTime<Utc>,
) -> Result<job::Model, DbErr> {
    insert(conn, kind, None, now).await
}

async fn insert<C: ConnectionTrait>(
    conn: &C,
    kind: JobKind,
    client_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<job::Model, DbErr> {
    job::ActiveModel {
        kind: Set(kind),
        client_id: Set(client_id),
        status: Set(JobStatus::Queued),
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
        .filter(job::Column::Status.is_in(JobStatus::LIVE))
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
        .add(job::Column::Status.eq(JobStatus::Running))
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
        .col_expr(job::Column::Status, Expr::value(JobStatus::Queued))
        .col_expr(job::Column::RunAt, Expr::value(now))
        .col_expr(
            job::Column::LockedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(job::Column::Status.eq(JobStatus::Running))
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
        let txn = crate::db::begin_write(db).await?;
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
                        "job": { "id": j.id, "kind": kind.as_str() },
                        "reason": "the client was in a transitional status without a job",
                    }),
                },
            )
            .await?;
            tracing::warn!(
                client = id,
                kind = kind.as_str(),
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
            JobKind::SyncClient.into(),
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
