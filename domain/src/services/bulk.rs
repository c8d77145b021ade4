//! Bulk runs: one action on every selected client, as durable background work.
//!
//! - Starting a run checks everything that holds for the whole run (the selection's size, the
//!   action's parameters, the typed count of a deletion) and writes the run, its job and (for
//!   clients picked one by one) its items, audited, in one transaction. A run on "every client
//!   a filter matches" first finds those clients in the job (`Preparing`), in the dashboard's
//!   order, a chunk at a time; finding them again after a crash adds nobody twice (items are
//!   unique per client in a run).
//! - Each client's action is the single action itself (`lifecycle::suspend_in`, ...), with
//!   its rules: a client whose status does not allow it, or past the licence limit, is
//!   skipped with the reason; every change is audited as its staff member's, with the run's
//!   id. The action and the item's outcome commit in one transaction, a chunk of clients at a
//!   time, fenced on the job still being this worker's: a worker that died or lost its lease
//!   commits nothing, and the worker that takes over finds those clients still pending. So
//!   no client is acted on twice, and none is forgotten.
//! - A job works on a slice of the run and hands the rest to a fresh job, so the suspensions
//!   and deletions the run enqueues (and other staff's jobs) run in between.
//! - The run's counts are kept exact in the transactions that change its items.

use crate::audit::{self, Actor, Change};
use crate::entities::{bulk_item, bulk_run, client, client_group, configuration, job};
use crate::jobs;
use crate::services::{client_export::ClientExport, client_groups, lifecycle};
use chrono::{DateTime, Utc};
use model::bulk::{
    BulkAction, BulkItemView, BulkOutcome, BulkRequest, BulkRunPage, BulkRunView, BulkStatus,
    ITEMS_PER_PAGE,
};
use model::selection::{Selection, MAX_PICKED};
use model::{AppError, ClientStatus};
use sea_orm::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::time::{Duration, Instant};

/// Clients per transaction: each is a few statements, so a chunk holds the write lock
/// (SQLite) for a few tens of milliseconds.
const CHUNK: u64 = 50;
/// A job hands the rest of its run to a fresh job after this long, so other jobs get a turn.
const SLICE: Duration = Duration::from_secs(3);
/// Runs per page of the list of runs.
const RUNS_PER_PAGE: u64 = 50;

/// Starts `request` as `actor`; returns the run's id. Nothing is written when the request
/// is refused.
pub async fn start(
    db: &DatabaseConnection,
    actor: &Actor,
    request: &BulkRequest,
) -> Result<i32, AppError> {
    let count = request.selection.count();
    let (picked, except) = match &request.selection {
        Selection::Nothing => (None, None),
        Selection::Picked(ids) => (Some(ids), None),
        Selection::Matching { except, .. } => (None, Some(except)),
    };
    if count == 0 {
        return Err(AppError::BadRequest(
            "Select the clients to act on first.".into(),
        ));
    }
    if picked.or(except).is_some_and(|ids| ids.len() > MAX_PICKED) {
        return Err(AppError::BadRequest(format!(
            "At most {MAX_PICKED} clients can be picked one by one: select all that match a filter instead."
        )));
    }
    let action = checked(db, &request.action).await?;
    if action.needs_typed_count(count) && request.confirm != Some(count) {
        return Err(AppError::BadRequest(format!(
            "Type the number of clients ({count}) to confirm that they are to be deleted."
        )));
    }
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let job = jobs::enqueue_unbound(&txn, jobs::JobKind::BulkRun, now).await?;
    let run = bulk_run::ActiveModel {
        action: Set(action.key().to_owned()),
        params: Set(serde_json::to_string(&action).map_err(|_| AppError::Internal)?),
        selection: Set(serde_json::to_string(&request.selection).map_err(|_| AppError::Internal)?),
        actor_id: Set(actor.user_id),
        actor_email: Set(actor.email.clone()),
        status: Set(match picked {
            Some(_) => BulkStatus::Running,
            None => BulkStatus::Preparing,
        }
        .key()
        .to_owned()),
        total: Set(0),
        done: Set(0),
        failed: Set(0),
        skipped: Set(0),
        error: Set(None),
        job_id: Set(Some(job.id)),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(ids) = picked {
        let ids: Vec<i32> = ids.iter().copied().collect();
        let mut labels = labels(&txn, &ids).await?;
        let rows: Vec<(i32, String)> = ids
            .iter()
            .map(|id| {
                let label = labels.remove(id).unwrap_or_else(|| format!("Client #{id}"));
                (*id, label)
            })
            .collect();
        add_items(&txn, run.id, rows, now).await?;
    }
    let selection = match &request.selection {
        Selection::Matching { query, except, .. } => serde_json::json!({
            "filter": query.href(),
            "except": except,
        }),
        other => serde_json::json!({ "clients": other }),
    };
    audit::record(
        &txn,
        actor,
        Change {
            action: "bulk.start",
            entity: "bulk_run",
            entity_id: Some(run.id),
            client_id: None,
            changes: serde_json::json!({
                "action": action,
                "selection": selection,
                "clients": count,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(run.id)
}

/// The action with its parameters checked (the reason trimmed); what holds for every client.
async fn checked(db: &DatabaseConnection, action: &BulkAction) -> Result<BulkAction, AppError> {
    Ok(match action {
        BulkAction::Suspend { reason } => BulkAction::Suspend {
            reason: lifecycle::check_reason(reason)?.unwrap_or_default(),
        },
        BulkAction::ChangeConfiguration { configuration_id } => {
            if configuration::Entity::find_by_id(*configuration_id)
                .one(db)
                .await?
                .is_none()
            {
                return Err(AppError::invalid(
                    "configuration_id",
                    "Choose a configuration.",
                ));
            }
            action.clone()
        }
        BulkAction::AddToGroup { group_id } | BulkAction::RemoveFromGroup { group_id } => {
            client_groups::require_group(db, *group_id).await?;
            action.clone()
        }
        BulkAction::Resume | BulkAction::Delete => action.clone(),
    })
}

/// Who the clients `ids` are, for their items: the company, or the contact's name.
async fn labels<C: ConnectionTrait>(
    conn: &C,
    ids: &[i32],
) -> Result<std::collections::HashMap<i32, String>, DbErr> {
    let mut out = std::collections::HashMap::new();
    for part in ids.chunks(500) {
        let rows: Vec<(i32, String, String, String)> = client::Entity::find()
            .select_only()
            .columns([
                client::Column::Id,
                client::Column::Company,
                client::Column::FirstName,
                client::Column::LastName,
            ])
            .filter(client::Column::Id.is_in(part.to_vec()))
            .into_tuple()
            .all(conn)
            .await?;
        for (id, company, first, last) in rows {
            out.insert(id, label(&company, &first, &last));
        }
    }
    Ok(out)
}

fn label(company: &str, first: &str, last: &str) -> String {
    if company.trim().is_empty() {
        format!("{first} {last}").trim().to_owned()
    } else {
        company.to_owned()
    }
}

/// Adds the clients to the run (those it holds already are left as they are) and counts the
/// new ones into its total.
async fn add_items<C: ConnectionTrait>(
    conn: &C,
    run_id: i32,
    rows: Vec<(i32, String)>,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    if rows.is_empty() {
        return Ok(0);
    }
    let added = bulk_item::Entity::insert_many(rows.into_iter().map(|(client_id, label)| {
        bulk_item::ActiveModel {
            run_id: Set(run_id),
            client_id: Set(client_id),
            label: Set(label),
            outcome: Set(BulkOutcome::Pending.key().to_owned()),
            reason: Set(None),
            updated_at: Set(now),
            ..Default::default()
        }
    }))
    .on_conflict(
        OnConflict::columns([bulk_item::Column::RunId, bulk_item::Column::ClientId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    bulk_run::Entity::update_many()
        .col_expr(
            bulk_run::Column::Total,
            Expr::col(bulk_run::Column::Total).add(added as i64),
        )
        .filter(bulk_run::Column::Id.eq(run_id))
        .exec(conn)
        .await?;
    Ok(added)
}

/// What a job did with its run.
#[derive(Debug, PartialEq, Eq)]
pub enum Slice {
    /// Nothing left to do.
    Finished,
    /// Its time is up: a fresh job goes on with run `0`.
    More(i32),
}

/// Works on the run of `job` for a slice of time (see the module's notes).
pub async fn work(db: &DatabaseConnection, job: &job::Model) -> Result<Slice, String> {
    work_for(db, job, SLICE, CHUNK).await
}

/// `work`, with the slice's length and the chunk's size given (tests crash mid-run).
pub async fn work_for(
    db: &DatabaseConnection,
    job: &job::Model,
    slice: Duration,
    chunk: u64,
) -> Result<Slice, String> {
    let err = |e: DbErr| e.to_string();
    let Some(run) = bulk_run::Entity::find()
        .filter(bulk_run::Column::JobId.eq(job.id))
        .one(db)
        .await
        .map_err(err)?
    else {
        return Ok(Slice::Finished); // The run was removed meanwhile.
    };
    let started = Instant::now();
    if BulkStatus::parse(&run.status) == Some(BulkStatus::Preparing) {
        prepare(db, job, &run).await?;
    }
    let action: BulkAction =
        serde_json::from_str(&run.params).map_err(|e| format!("unreadable action: {e}"))?;
    let actor = Actor {
        user_id: run.actor_id,
        email: run.actor_email.clone(),
        bulk_run: Some(run.id),
    };
    loop {
        if !act_on_chunk(db, job, &run, &action, &actor, chunk).await? {
            return Ok(Slice::Finished);
        }
        if started.elapsed() >= slice {
            return Ok(Slice::More(run.id));
        }
    }
}

/// The job's write fence and heartbeat: the first statement of each of its transactions
/// (so it also takes SQLite's write lock, and on PostgreSQL the job's row lock until the
/// commit). False once the job is no longer this worker's.
async fn still_held(txn: &DatabaseTransaction, job: &job::Model) -> Result<bool, String> {
    jobs::heartbeat(txn, job, Utc::now())
        .await
        .map_err(|e| e.to_string())
}

const LOST: &str = "the job was taken over by another worker";

/// Finds the clients of a run on a filter, a chunk at a time, then sets it running.
async fn prepare(
    db: &DatabaseConnection,
    job: &job::Model,
    run: &bulk_run::Model,
) -> Result<(), String> {
    let err = |e: AppError| e.to_string();
    let db_err = |e: DbErr| e.to_string();
    let selection: Selection =
        serde_json::from_str(&run.selection).map_err(|e| format!("unreadable selection: {e}"))?;
    if let Selection::Matching { query, except, .. } = selection {
        let except: Vec<i32> = except.into_iter().collect();
        let mut walk = ClientExport::start_with(db, &query, &[], &except)
            .await
            .map_err(err)?;
        while let Some(rows) = walk.next_rows(db).await.map_err(err)? {
            let rows = rows
                .into_iter()
                .map(|c| (c.id, label(&c.company, &c.first_name, &c.last_name)))
                .collect();
            let txn = crate::db::begin_write(db).await.map_err(db_err)?;
            if !still_held(&txn, job).await? {
                return Err(LOST.into());
            }
            add_items(&txn, run.id, rows, Utc::now())
                .await
                .map_err(db_err)?;
            txn.commit().await.map_err(db_err)?;
        }
    }
    let txn = crate::db::begin_write(db).await.map_err(db_err)?;
    if !still_held(&txn, job).await? {
        return Err(LOST.into());
    }
    bulk_run::Entity::update_many()
        .col_expr(
            bulk_run::Column::Status,
            Expr::value(BulkStatus::Running.key()),
        )
        .col_expr(bulk_run::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(bulk_run::Column::Id.eq(run.id))
        .exec(&txn)
        .await
        .map_err(db_err)?;
    txn.commit().await.map_err(db_err)
}

/// Acts on the next chunk of pending clients; false when none was left (the run is then
/// marked finished).
async fn act_on_chunk(
    db: &DatabaseConnection,
    job: &job::Model,
    run: &bulk_run::Model,
    action: &BulkAction,
    actor: &Actor,
    chunk: u64,
) -> Result<bool, String> {
    let db_err = |e: DbErr| e.to_string();
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await.map_err(db_err)?;
    if !still_held(&txn, job).await? {
        return Err(LOST.into());
    }
    let items = bulk_item::Entity::find()
        .filter(bulk_item::Column::RunId.eq(run.id))
        .filter(bulk_item::Column::Outcome.eq(BulkOutcome::Pending.key()))
        .order_by_asc(bulk_item::Column::Id)
        .limit(chunk)
        .all(&txn)
        .await
        .map_err(db_err)?;
    if items.is_empty() {
        bulk_run::Entity::update_many()
            .col_expr(
                bulk_run::Column::Status,
                Expr::value(BulkStatus::Done.key()),
            )
            .col_expr(bulk_run::Column::FinishedAt, Expr::value(Some(now)))
            .col_expr(bulk_run::Column::UpdatedAt, Expr::value(now))
            .filter(bulk_run::Column::Id.eq(run.id))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        txn.commit().await.map_err(db_err)?;
        return Ok(false);
    }
    let (mut done, mut failed, mut skipped) = (0i64, 0i64, 0i64);
    for item in items {
        // A savepoint per client: a refused or failed action leaves nothing behind.
        let one = txn.begin().await.map_err(db_err)?;
        let (outcome, reason) = match act(&one, actor, action, item.client_id).await {
            Ok(()) => {
                one.commit().await.map_err(db_err)?;
                (BulkOutcome::Done, None)
            }
            Err(e) => {
                one.rollback().await.map_err(db_err)?;
                outcome_of(&e)
            }
        };
        match outcome {
            BulkOutcome::Done => done += 1,
            BulkOutcome::Failed => failed += 1,
            _ => skipped += 1,
        }
        bulk_item::Entity::update_many()
            .col_expr(bulk_item::Column::Outcome, Expr::value(outcome.key()))
            .col_expr(bulk_item::Column::Reason, Expr::value(reason))
            .col_expr(bulk_item::Column::UpdatedAt, Expr::value(now))
            .filter(bulk_item::Column::Id.eq(item.id))
            .filter(bulk_item::Column::Outcome.eq(BulkOutcome::Pending.key()))
            .exec(&txn)
            .await
            .map_err(db_err)?;
    }
    bulk_run::Entity::update_many()
        .col_expr(
            bulk_run::Column::Done,
            Expr::col(bulk_run::Column::Done).add(done),
        )
        .col_expr(
            bulk_run::Column::Failed,
            Expr::col(bulk_run::Column::Failed).add(failed),
        )
        .col_expr(
            bulk_run::Column::Skipped,
            Expr::col(bulk_run::Column::Skipped).add(skipped),
        )
        .col_expr(bulk_run::Column::UpdatedAt, Expr::value(now))
        .filter(bulk_run::Column::Id.eq(run.id))
        .exec(&txn)
        .await
        .map_err(db_err)?;
    txn.commit().await.map_err(db_err)?;
    Ok(true)
}

/// The single action on one client.
async fn act<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    action: &BulkAction,
    client_id: i32,
) -> Result<(), AppError> {
    match action {
        BulkAction::Suspend { reason } => {
            let reason = (!reason.is_empty()).then(|| reason.clone());
            lifecycle::suspend_in(conn, actor, client_id, reason).await
        }
        BulkAction::Resume => lifecycle::resume_in(conn, actor, client_id)
            .await
            .map(|_| ()),
        BulkAction::Delete => lifecycle::delete_in(conn, actor, client_id).await,
        BulkAction::ChangeConfiguration { configuration_id } => {
            super::configurations::change_in(conn, actor, client_id, *configuration_id).await
        }
        BulkAction::AddToGroup { group_id } => {
            client_groups::add_in(conn, actor, client_id, *group_id).await
        }
        BulkAction::RemoveFromGroup { group_id } => {
            client_groups::remove_in(conn, actor, client_id, *group_id).await
        }
    }
}

/// A refusal by the action's rules skips the client; anything else is a failure to retry.
fn outcome_of(e: &AppError) -> (BulkOutcome, Option<String>) {
    match e {
        AppError::Conflict(m) | AppError::BadRequest(m) => (BulkOutcome::Skipped, Some(m.clone())),
        AppError::NotFound(_) => (
            BulkOutcome::Skipped,
            Some("The client no longer exists.".into()),
        ),
        AppError::Invalid(fields) => (
            BulkOutcome::Skipped,
            Some(
                fields
                    .iter()
                    .map(|f| f.message.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ),
        other => (BulkOutcome::Failed, Some(other.to_string())),
    }
}

/// The run of a job that failed for good stops, with the reason; in the transaction that
/// marks the job failed.
pub async fn stopped<C: ConnectionTrait>(conn: &C, job_id: i32, error: &str) -> Result<(), DbErr> {
    // The status stays where the run was (a run stopped while finding its clients finds
    // them again when retried); the error is what shows it stopped.
    bulk_run::Entity::update_many()
        .col_expr(bulk_run::Column::Error, Expr::value(Some(error.to_owned())))
        .col_expr(bulk_run::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(bulk_run::Column::JobId.eq(job_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The run goes on in `next` (a fresh job); in the transaction that finishes the last one.
pub async fn continued<C: ConnectionTrait>(
    conn: &C,
    run_id: i32,
    next: &job::Model,
) -> Result<(), DbErr> {
    bulk_run::Entity::update_many()
        .col_expr(bulk_run::Column::JobId, Expr::value(Some(next.id)))
        .filter(bulk_run::Column::Id.eq(run_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// "Retry failed": the failed clients are pending again, and a run that stopped goes on;
/// audited. A conflict when there is nothing to retry.
pub async fn retry_failed(
    db: &DatabaseConnection,
    actor: &Actor,
    run_id: i32,
) -> Result<(), AppError> {
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    // Written first: serialises with the run's worker and with another retry.
    let found = bulk_run::Entity::update_many()
        .col_expr(bulk_run::Column::UpdatedAt, Expr::value(now))
        .filter(bulk_run::Column::Id.eq(run_id))
        .exec(&txn)
        .await?
        .rows_affected;
    let run = bulk_run::Entity::find_by_id(run_id)
        .one(&txn)
        .await?
        .filter(|_| found == 1)
        .ok_or_else(|| AppError::NotFound(format!("Bulk run {run_id}")))?;
    let retried = bulk_item::Entity::update_many()
        .col_expr(
            bulk_item::Column::Outcome,
            Expr::value(BulkOutcome::Pending.key()),
        )
        .col_expr(
            bulk_item::Column::Reason,
            Expr::value(Option::<String>::None),
        )
        .col_expr(bulk_item::Column::UpdatedAt, Expr::value(now))
        .filter(bulk_item::Column::RunId.eq(run_id))
        .filter(bulk_item::Column::Outcome.eq(BulkOutcome::Failed.key()))
        .exec(&txn)
        .await?
        .rows_affected;
    let stopped = run.error.is_some();
    if retried == 0 && !stopped {
        return Err(AppError::Conflict(
            "Nothing to retry: no client of this run has failed.".into(),
        ));
    }
    let live = match run.job_id {
        Some(id) => job::Entity::find_by_id(id)
            .filter(job::Column::Status.is_in(jobs::JobStatus::LIVE))
            .one(&txn)
            .await?
            .is_some(),
        None => false,
    };
    let mut update = bulk_run::Entity::update_many()
        .col_expr(
            bulk_run::Column::Failed,
            Expr::col(bulk_run::Column::Failed).sub(retried as i64),
        )
        .col_expr(bulk_run::Column::Error, Expr::value(Option::<String>::None))
        .col_expr(
            bulk_run::Column::FinishedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    if BulkStatus::parse(&run.status) == Some(BulkStatus::Done) {
        update = update.col_expr(
            bulk_run::Column::Status,
            Expr::value(BulkStatus::Running.key()),
        );
    }
    if !live {
        let next = jobs::enqueue_unbound(&txn, jobs::JobKind::BulkRun, now).await?;
        update = update.col_expr(bulk_run::Column::JobId, Expr::value(Some(next.id)));
    }
    update
        .filter(bulk_run::Column::Id.eq(run_id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        Change {
            action: "bulk.retry",
            entity: "bulk_run",
            entity_id: Some(run_id),
            client_id: None,
            changes: serde_json::json!({ "clients": retried, "error": run.error }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The action of run `run_id` (what retrying it needs permission for).
pub async fn action_of(db: &DatabaseConnection, run_id: i32) -> Result<BulkAction, AppError> {
    let run = bulk_run::Entity::find_by_id(run_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Bulk run {run_id}")))?;
    serde_json::from_str(&run.params).map_err(|_| AppError::Internal)
}

/// A run and a page of its clients: those with `outcome` (all when `None`), after item
/// `after`.
pub async fn run_page(
    db: &DatabaseConnection,
    run_id: i32,
    outcome: Option<BulkOutcome>,
    after: Option<i32>,
) -> Result<BulkRunPage, AppError> {
    let run = bulk_run::Entity::find_by_id(run_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Bulk run {run_id}")))?;
    let mut find = bulk_item::Entity::find().filter(bulk_item::Column::RunId.eq(run_id));
    if let Some(o) = outcome {
        find = find.filter(bulk_item::Column::Outcome.eq(o.key()));
    }
    if let Some(after) = after {
        find = find.filter(bulk_item::Column::Id.gt(after));
    }
    let mut items = find
        .order_by_asc(bulk_item::Column::Id)
        .limit(ITEMS_PER_PAGE + 1)
        .all(db)
        .await?;
    let next_after = (items.len() as u64 > ITEMS_PER_PAGE).then(|| {
        items.truncate(ITEMS_PER_PAGE as usize);
        items.last().map_or(0, |i| i.id)
    });
    // The clients as they are now: one lookup by primary key for the page.
    let now: std::collections::HashMap<i32, (ClientStatus, Option<String>)> =
        client::Entity::find()
            .select_only()
            .columns([
                client::Column::Id,
                client::Column::Status,
                client::Column::LifecycleError,
            ])
            .filter(client::Column::Id.is_in(items.iter().map(|i| i.client_id)))
            .into_tuple::<(i32, ClientStatus, Option<String>)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, status, error)| (id, (status, error)))
            .collect();
    Ok(BulkRunPage {
        run: view(db, run).await?,
        items: items
            .into_iter()
            .map(|i| {
                let current = now.get(&i.client_id);
                BulkItemView {
                    id: i.id,
                    client_id: i.client_id,
                    label: i.label,
                    outcome: BulkOutcome::parse(&i.outcome).unwrap_or(BulkOutcome::Pending),
                    reason: i.reason,
                    status: current.map(|c| c.0),
                    busy: current.is_some_and(|(s, e)| s.awaits_job(e.as_deref())),
                }
            })
            .collect(),
        next_after,
    })
}

/// The newest runs first, before run `before`.
pub async fn recent(
    db: &DatabaseConnection,
    before: Option<i32>,
) -> Result<Vec<BulkRunView>, AppError> {
    let mut find = bulk_run::Entity::find();
    if let Some(before) = before {
        find = find.filter(bulk_run::Column::Id.lt(before));
    }
    let runs = find
        .order_by_desc(bulk_run::Column::Id)
        .limit(RUNS_PER_PAGE)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(runs.len());
    for run in runs {
        out.push(view(db, run).await?);
    }
    Ok(out)
}

async fn view(db: &DatabaseConnection, run: bulk_run::Model) -> Result<BulkRunView, AppError> {
    let action: BulkAction = serde_json::from_str(&run.params).map_err(|e| {
        tracing::error!(run = run.id, error = %e, "unreadable bulk action");
        AppError::Internal
    })?;
    let target = match &action {
        BulkAction::ChangeConfiguration { configuration_id } => Some(
            configuration::Entity::find_by_id(*configuration_id)
                .one(db)
                .await?
                .map_or_else(|| format!("#{configuration_id}"), |c| c.name),
        ),
        BulkAction::AddToGroup { group_id } | BulkAction::RemoveFromGroup { group_id } => Some(
            client_group::Entity::find_by_id(*group_id)
                .one(db)
                .await?
                .map_or_else(|| format!("#{group_id}"), |g| g.name),
        ),
        _ => None,
    };
    let status = match &run.error {
        Some(_) => BulkStatus::Failed,
        None => BulkStatus::parse(&run.status).unwrap_or(BulkStatus::Failed),
    };
    let selected = serde_json::from_str::<Selection>(&run.selection)
        .map(|s| s.count())
        .unwrap_or(0);
    Ok(BulkRunView {
        id: run.id,
        action,
        target,
        status,
        started_by: run.actor_email,
        created_at: run.created_at,
        finished_at: run.finished_at,
        // While its clients are being found, a run on a filter shows as many as selected.
        total: match status {
            BulkStatus::Preparing => std::cmp::max(selected, run.total as u64),
            _ => run.total as u64,
        },
        done: run.done as u64,
        failed: run.failed as u64,
        skipped: run.skipped as u64,
        error: run.error,
    })
}
