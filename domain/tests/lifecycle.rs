//! The client lifecycle, both engines: staff actions change the status at once
//! and enqueue durable jobs; workers finish the work, survive crashes, retry, and never run a
//! job twice; concurrent actions end in one consistent state; the licence is enforced.

mod support;

use chrono::{Duration, Utc};
use domain::entities::{client, invoice, job, journal_entry, project, service};
use domain::jobs::{self, JobStatus};
use domain::openstack::OpenStackError;
use domain::services::{licence, lifecycle};
use model::{AppError, ClientStatus, InvoiceStatus, ServiceStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use std::sync::atomic::{AtomicU32, Ordering};
use support::*;
use test_support::ClientBuilder;

/// Fails its first `failures` lifecycle calls, then lets them through.
struct Flaky {
    failures: u32,
    calls: AtomicU32,
}

#[async_trait::async_trait]
impl Before for Flaky {
    async fn before(&self) -> Result<(), OpenStackError> {
        if self.calls.fetch_add(1, Ordering::SeqCst) < self.failures {
            return Err(OpenStackError("keystone unreachable".into()));
        }
        Ok(())
    }
}

/// The jobs a story started: those after the setup's (each Active client's service brought
/// its cloud up in a job of its own, done before the story begins).
struct Since(i32);

impl Since {
    async fn jobs_of(&self, db: &DatabaseConnection, id: i32) -> Vec<job::Model> {
        jobs_of(db, id)
            .await
            .into_iter()
            .filter(|j| j.id > self.0)
            .collect()
    }
}

/// `n` Active clients, each with an OpenStack service and its project, some invoices (the
/// accounting a deletion keeps) and nothing queued.
async fn active_clients(db: &DatabaseConnection, n: usize) -> (Vec<client::Model>, Since) {
    let mut made = Vec::with_capacity(n);
    for i in 0..n {
        let c = ClientBuilder::new(&format!("Client {i}"))
            .active()
            .with_invoices(2)
            .build(db)
            .await;
        made.push(c);
    }
    worker(db, "setup", local(db)).drain().await.unwrap();
    let last = job::Entity::find()
        .order_by_desc(job::Column::Id)
        .one(db)
        .await
        .unwrap()
        .map_or(0, |j| j.id);
    (made, Since(last))
}

async fn services_of(db: &DatabaseConnection, id: i32) -> Vec<(i32, ServiceStatus)> {
    service::Entity::find()
        .filter(service::Column::ClientId.eq(id))
        .order_by_asc(service::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.id, s.status))
        .collect()
}

test_support::db_test!(
    suspend_runs_as_a_job_and_resume_restores_what_was_active,
    |db| {
        let (mut cs, since) = active_clients(db, 1).await;
        let c = cs.remove(0);
        let before = services_of(db, c.id).await;

        lifecycle::suspend(db, &staff(), c.id, "Unpaid invoices")
            .await
            .unwrap();
        assert_eq!(
            status(db, c.id).await,
            Some(ClientStatus::Suspending),
            "at once"
        );
        assert_eq!(since.jobs_of(db, c.id).await.len(), 1);

        assert_eq!(worker(db, "w1", local(db)).drain().await.unwrap(), 1);
        let after = client::Entity::find_by_id(c.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(after.status, ClientStatus::Suspended);
        assert_eq!(after.suspension_reason.as_deref(), Some("Unpaid invoices"));
        assert!(services_of(db, c.id)
            .await
            .iter()
            .all(|(_, s)| *s != ServiceStatus::Active));
        let projects = project::Entity::find()
            .filter(project::Column::ClientId.eq(c.id))
            .all(db)
            .await
            .unwrap();
        assert!(!projects.is_empty() && projects.iter().all(|p| p.disabled));

        let again = lifecycle::suspend(db, &staff(), c.id, "")
            .await
            .unwrap_err();
        assert_eq!(
            again,
            AppError::Conflict("Cannot suspend a client that is suspended.".into())
        );

        let status_now = lifecycle::resume(db, &staff(), c.id).await.unwrap();
        assert_eq!(status_now, ClientStatus::Active);
        assert_eq!(
            services_of(db, c.id).await,
            before,
            "service statuses are as before"
        );
        // The cloud follows in a job.
        let resume_job = since
            .jobs_of(db, c.id)
            .await
            .into_iter()
            .find(|j| j.kind == jobs::JobKind::ResumeClient)
            .expect("a resume job");
        assert_eq!(resume_job.status, JobStatus::Queued);
        assert_eq!(worker(db, "w1", local(db)).drain().await.unwrap(), 1);
        let ended: Vec<i32> = services_of(db, c.id)
            .await
            .into_iter()
            .filter(|(_, s)| matches!(s, ServiceStatus::Terminated | ServiceStatus::Cancelled))
            .map(|(id, _)| id)
            .collect();
        let projects = project::Entity::find()
            .filter(project::Column::ClientId.eq(c.id))
            .all(db)
            .await
            .unwrap();
        assert!(projects
            .iter()
            .filter(|p| !p.service_id.is_some_and(|s| ended.contains(&s)))
            .all(|p| !p.disabled));
        assert!(matches!(
            lifecycle::resume(db, &staff(), c.id).await,
            Err(AppError::Conflict(_))
        ));
    }
);

test_support::db_test!(delete_runs_as_a_job_and_keeps_the_accounting, |db| {
    let (mut cs, _) = active_clients(db, 1).await;
    let c = cs.remove(0);
    let invoices = invoice::Entity::find()
        .filter(invoice::Column::ClientId.eq(c.id))
        .all(db)
        .await
        .unwrap();
    let entries = journal_entry::Entity::find()
        .filter(journal_entry::Column::ClientId.eq(c.id))
        .all(db)
        .await
        .unwrap();
    assert!(!invoices.is_empty());

    lifecycle::delete(db, &staff(), c.id).await.unwrap();
    assert_eq!(status(db, c.id).await, Some(ClientStatus::Deleting));
    worker(db, "w1", local(db)).drain().await.unwrap();
    assert_eq!(status(db, c.id).await, None, "removed");
    assert_eq!(
        project::Entity::find()
            .filter(project::Column::ClientId.eq(c.id))
            .count(db)
            .await
            .unwrap(),
        0
    );
    for i in &invoices {
        let kept = invoice::Entity::find_by_id(i.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (kept.client_id, &kept.client_name, kept.total),
            (None, &i.client_name, i.total)
        );
        assert!(InvoiceStatus::ALL.contains(&kept.status));
    }
    for e in &entries {
        assert!(journal_entry::Entity::find_by_id(e.id)
            .one(db)
            .await
            .unwrap()
            .is_some());
    }
    assert_eq!(
        lifecycle::delete(db, &staff(), c.id).await.unwrap_err(),
        AppError::NotFound(format!("Client {}", c.id))
    );
});

test_support::db_test!(a_crashed_worker_s_job_is_taken_over_after_its_lease, |db| {
    let (mut cs, since) = active_clients(db, 1).await;
    let c = cs.remove(0);
    lifecycle::suspend(db, &staff(), c.id, "").await.unwrap();
    let now = Utc::now();
    // A worker claims the job and dies before finishing.
    let claimed = jobs::claim(db, "dead", now, Duration::seconds(60))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((claimed.status.as_str(), claimed.attempts), ("running", 1));
    let survivor = worker(db, "restarted", local(db));
    assert!(
        !survivor.run_one(now).await.unwrap(),
        "the lease still holds"
    );
    // Once the lease has run out, the restarted server resumes the job.
    assert!(survivor.run_one(now + Duration::seconds(61)).await.unwrap());
    let j = since.jobs_of(db, c.id).await.remove(0);
    assert_eq!((j.status.as_str(), j.attempts), ("done", 2));
    assert_eq!(status(db, c.id).await, Some(ClientStatus::Suspended));
});

test_support::db_test!(failing_steps_retry_with_backoff_then_show_the_error, |db| {
    let (cs, since) = active_clients(db, 2).await;

    // Two failures, then success.
    let flaky = Intercepted::new(
        db,
        Flaky {
            failures: 2,
            calls: AtomicU32::new(0),
        },
    );
    let w = worker(db, "w", flaky);
    lifecycle::suspend(db, &staff(), cs[0].id, "")
        .await
        .unwrap();
    let mut now = Utc::now();
    assert!(w.run_one(now).await.unwrap());
    let j = since.jobs_of(db, cs[0].id).await.remove(0);
    assert_eq!((j.status.as_str(), j.attempts), ("queued", 1));
    assert!(j.run_at > now + Duration::seconds(1), "backed off");
    assert!(!w.run_one(now).await.unwrap(), "not due yet");
    for _ in 0..2 {
        now += Duration::minutes(10);
        assert!(w.run_one(now).await.unwrap());
    }
    let j = since.jobs_of(db, cs[0].id).await.remove(0);
    assert_eq!((j.status.as_str(), j.attempts), ("done", 3));
    assert_eq!(status(db, cs[0].id).await, Some(ClientStatus::Suspended));

    // Always failing: after the last attempt the client shows why.
    let broken = Intercepted::new(
        db,
        Flaky {
            failures: u32::MAX,
            calls: AtomicU32::new(0),
        },
    );
    let w = worker(db, "w", broken);
    lifecycle::suspend(db, &staff(), cs[1].id, "")
        .await
        .unwrap();
    for _ in 0..jobs::MAX_ATTEMPTS {
        now += Duration::minutes(10);
        assert!(w.run_one(now).await.unwrap());
    }
    assert!(
        !w.run_one(now + Duration::hours(1)).await.unwrap(),
        "failed jobs are not retried"
    );
    let j = since.jobs_of(db, cs[1].id).await.remove(0);
    assert_eq!(j.status, JobStatus::Failed);
    let c = client::Entity::find_by_id(cs[1].id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.status, ClientStatus::Suspending);
    assert_eq!(
        c.lifecycle_error.as_deref(),
        Some("Suspension failed after 5 attempts: keystone unreachable")
    );
});

test_support::db_test!(
    concurrent_suspend_and_delete_end_in_one_state_and_one_job,
    |db| {
        let (alice, bob) = (staff(), staff());
        let (cs, since) = active_clients(db, 3).await;
        for c in cs {
            let (a, b) = tokio::join!(
                lifecycle::suspend(db, &alice, c.id, "race"),
                lifecycle::delete(db, &bob, c.id),
            );
            assert!(a.is_ok() != b.is_ok(), "exactly one wins: {a:?} / {b:?}");
            let loser = a.err().or(b.err()).unwrap();
            assert!(matches!(loser, AppError::Conflict(_)), "{loser:?}");
            let jobs = since.jobs_of(db, c.id).await;
            assert_eq!(jobs.len(), 1);
            let expected = if jobs[0].kind == jobs::JobKind::SuspendClient {
                ClientStatus::Suspending
            } else {
                ClientStatus::Deleting
            };
            assert_eq!(status(db, c.id).await, Some(expected));
        }
    }
);

/// Two workers drain the queue together: each client's job since `since` ran once, on its
/// first attempt, without an error.
async fn two_workers_run_each_job_once(
    db: &DatabaseConnection,
    clients: &[client::Model],
    since: &Since,
) {
    let (w1, w2) = (worker(db, "w1", local(db)), worker(db, "w2", local(db)));
    let (n1, n2) = tokio::join!(w1.drain(), w2.drain());
    assert_eq!(n1.unwrap() + n2.unwrap(), clients.len());
    for c in clients {
        let j = since.jobs_of(db, c.id).await.remove(0);
        assert_eq!(
            (j.status.as_str(), j.attempts, j.last_error.as_deref()),
            ("done", 1, None),
            "job {} ran once, without an error",
            j.id
        );
    }
}

test_support::db_test!(two_workers_share_the_queue_and_run_each_job_once, |db| {
    let (clients, since) = active_clients(db, 12).await;
    for c in &clients {
        lifecycle::suspend(db, &staff(), c.id, "").await.unwrap();
    }
    two_workers_run_each_job_once(db, &clients, &since).await;
    for c in &clients {
        assert_eq!(status(db, c.id).await, Some(ClientStatus::Suspended));
    }
});

test_support::db_test!(
    workers_suspending_clients_with_products_in_crossing_orders_never_conflict,
    |db| {
        // Half the clients took product A before B, the other half B before A: suspending
        // them moves the per-product counters of both in opposite orders. (Their OpenStack
        // service waits for provisioning: suspending it would move one counter first for all.)
        let (clients, since) = active_clients(db, 12).await;
        let a = test_support::domain_product(db, "Domains A", &["com"], "10.00").await;
        let b = test_support::domain_product(db, "Domains B", &["net"], "10.00").await;
        service::Entity::update_many()
            .col_expr(service::Column::Status, Expr::value(ServiceStatus::Pending))
            .filter(service::Column::ClientId.is_in(clients.iter().map(|c| c.id)))
            .exec(db)
            .await
            .unwrap();
        for (i, c) in clients.iter().enumerate() {
            let order = if i % 2 == 0 { [a, b] } else { [b, a] };
            for product in order {
                service_row(db, c.id, product, ServiceStatus::Active).await;
            }
            lifecycle::suspend(db, &staff(), c.id, "").await.unwrap();
        }
        two_workers_run_each_job_once(db, &clients, &since).await;
        for c in &clients {
            let statuses: Vec<ServiceStatus> = services_of(db, c.id)
                .await
                .into_iter()
                .map(|(_, s)| s)
                .collect();
            assert_eq!(
                statuses,
                [
                    ServiceStatus::Pending,
                    ServiceStatus::Suspended,
                    ServiceStatus::Suspended
                ]
            );
        }
    }
);

test_support::db_test!(activation_past_the_licence_limit_is_refused, |db| {
    let (mut cs, _) = active_clients(db, 1).await;
    let c = cs.remove(0);
    lifecycle::suspend(db, &staff(), c.id, "").await.unwrap();
    worker(db, "w", local(db)).drain().await.unwrap();

    licence::set_limit(db, licence::used(db).await.unwrap())
        .await
        .unwrap();
    let refused = lifecycle::resume(db, &staff(), c.id).await.unwrap_err();
    assert!(
        matches!(&refused, AppError::Conflict(m) if m.contains("licence allows")),
        "{refused:?}"
    );
    assert_eq!(
        status(db, c.id).await,
        Some(ClientStatus::Suspended),
        "nothing changed"
    );

    licence::set_limit(db, licence::used(db).await.unwrap() + 1)
        .await
        .unwrap();
    assert_eq!(
        lifecycle::resume(db, &staff(), c.id).await.unwrap(),
        ClientStatus::Active
    );
});
