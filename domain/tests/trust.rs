//! The "Trust" stories, both engines, on rows each test builds for itself (only the
//! catalogue comes from the demo generator): transitional clients heal themselves, a job that
//! failed for good waits for a staff retry, resume runs as a job, leases are kept and fenced,
//! the licence holds under concurrent activations, double submits register once, and a
//! client being suspended or deleted takes no new work.

mod support;

use chrono::{Duration, Utc};
use domain::entities::{audit_entry, client, domain_name, invoice, project, service, user};
use domain::jobs::Progress;
use domain::jobs::{self, Worker};
use domain::openstack::{Inventory, OpenStack, OpenStackError};
use domain::services::{client_users, domains, invoices, licence, lifecycle, openstack};
use model::billing::{NewInvoice, NewInvoiceItem};
use model::{AppError, ClientStatus, DomainStatus, Role, ServiceStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use support::*;
use tokio::sync::{Notify, Semaphore};

/// Gives the client an active OpenStack service with `projects` projects; it becomes Active.
/// The service's project is created in the (local) cloud by the job its creation enqueued.
async fn with_cloud(db: &DatabaseConnection, client_id: i32, projects: usize) -> i32 {
    let plan = eur_plan(db).await;
    let s = openstack::create(db, &staff(), client_id, plan)
        .await
        .unwrap();
    worker(db, "provision", local(db)).drain().await.unwrap();
    for n in 1..projects {
        project::ActiveModel {
            client_id: Set(client_id),
            service_id: Set(Some(s)),
            openstack_id: Set(format!("test-{client_id}-{n}-{}", fastrand::u64(..))),
            project_domain_id: Set("default".into()),
            name: Set(format!("extra project {n}")),
            disabled: Set(false),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }
    s
}

async fn projects_of(db: &DatabaseConnection, id: i32) -> Vec<project::Model> {
    project::Entity::find()
        .filter(project::Column::ClientId.eq(id))
        .order_by_asc(project::Column::Id)
        .all(db)
        .await
        .unwrap()
}

/// How many audit entries `action` has for `entity_id`.
async fn audited(db: &DatabaseConnection, action: &str, entity_id: i32) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .filter(audit_entry::Column::EntityId.eq(entity_id))
        .count(db)
        .await
        .unwrap()
}

/// Puts the client in `to` directly, as the old demo data (or a lost job) left it: no job.
async fn force_status(db: &DatabaseConnection, id: i32, to: ClientStatus) {
    let mut c: client::ActiveModel = client_row(db, id).await.unwrap().into();
    c.status = Set(to);
    c.update(db).await.unwrap();
}

/// Fails every call.
struct Down;

#[async_trait::async_trait]
impl OpenStack for Down {
    fn describe(&self) -> String {
        "a cloud that is down".into()
    }
    async fn create_project(&self, _: &project::Model) -> Result<String, OpenStackError> {
        Err(OpenStackError("keystone unreachable".into()))
    }
    async fn inventory(&self, _: i32, _: &[project::Model]) -> Result<Inventory, OpenStackError> {
        Err(OpenStackError("keystone unreachable".into()))
    }
    async fn suspend_project(
        &self,
        _: &project::Model,
        _: &Progress,
    ) -> Result<(), OpenStackError> {
        Err(OpenStackError("keystone unreachable".into()))
    }
    async fn resume_project(&self, _: &project::Model, _: &Progress) -> Result<(), OpenStackError> {
        Err(OpenStackError("keystone unreachable".into()))
    }
    async fn delete_project(&self, _: &project::Model, _: &Progress) -> Result<(), OpenStackError> {
        Err(OpenStackError("keystone unreachable".into()))
    }
}

/// A cloud call that waits until the test lets it through (a long-running cloud operation).
struct Gate {
    entered: Notify,
    pass: Semaphore,
    calls: AtomicU32,
}

impl Gate {
    fn new(db: &DatabaseConnection) -> Arc<Intercepted<Gate>> {
        Intercepted::new(
            db,
            Gate {
                entered: Notify::new(),
                pass: Semaphore::new(0),
                calls: AtomicU32::new(0),
            },
        )
    }
}

#[async_trait::async_trait]
impl Before for Gate {
    async fn before(&self) -> Result<(), OpenStackError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.entered.notify_one();
        self.pass.acquire().await.unwrap().forget();
        Ok(())
    }
}

test_support::db_test!(a_transitional_client_without_a_job_is_repaired, |db| {
    catalogue(db).await;
    let stuck_suspending = new_client(db, "Stuck Suspending").await;
    with_cloud(db, stuck_suspending, 2).await;
    let stuck_deleting = new_client(db, "Stuck Deleting").await;
    with_cloud(db, stuck_deleting, 1).await;
    let failed = new_client(db, "Failed For Good").await;
    force_status(db, stuck_suspending, ClientStatus::Suspending).await;
    force_status(db, stuck_deleting, ClientStatus::Deleting).await;
    // A failure waiting for staff is not "stuck": it is not retried behind their back.
    force_status(db, failed, ClientStatus::Suspending).await;
    let mut f: client::ActiveModel = client_row(db, failed).await.unwrap().into();
    f.lifecycle_error = Set(Some("Suspension failed after 5 attempts: boom".into()));
    f.update(db).await.unwrap();

    assert_eq!(jobs::repair(db, Utc::now()).await.unwrap(), 2);
    assert_eq!(
        jobs::repair(db, Utc::now()).await.unwrap(),
        0,
        "one job each, however often it runs"
    );
    assert_eq!(
        jobs_of(db, stuck_suspending).await.pop().unwrap().kind,
        jobs::JobKind::SuspendClient
    );
    assert_eq!(
        jobs_of(db, stuck_deleting).await.pop().unwrap().kind,
        jobs::JobKind::DeleteClient
    );
    assert!(jobs_of(db, failed).await.is_empty());
    let repair = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("job.repair"))
        .filter(audit_entry::Column::ClientId.eq(stuck_suspending))
        .one(db)
        .await
        .unwrap()
        .expect("audited");
    assert_eq!(repair.actor_email, "system");

    worker(db, "w", local(db)).drain().await.unwrap();
    assert_eq!(
        status(db, stuck_suspending).await,
        Some(ClientStatus::Suspended)
    );
    assert!(projects_of(db, stuck_suspending)
        .await
        .iter()
        .all(|p| p.disabled));
    assert_eq!(status(db, stuck_deleting).await, None, "deleted");
    assert_eq!(status(db, failed).await, Some(ClientStatus::Suspending));
});

test_support::db_test!(a_job_failed_for_good_waits_for_staff_to_retry_it, |db| {
    catalogue(db).await;
    let c = new_client(db, "Flaky Cloud").await;
    with_cloud(db, c, 2).await;
    lifecycle::suspend(db, &staff(), c, "unpaid").await.unwrap();

    let broken = worker(db, "w", Arc::new(Down));
    let mut now = Utc::now();
    for _ in 0..jobs::MAX_ATTEMPTS {
        assert!(broken.run_one(now).await.unwrap());
        now += Duration::minutes(10);
    }
    let row = client_row(db, c).await.unwrap();
    assert_eq!(row.status, ClientStatus::Suspending);
    let error = row.lifecycle_error.clone().expect("the failure shows");
    assert!(
        error.starts_with("Suspension failed after 5 attempts"),
        "{error}"
    );
    // Pages stop polling; the worker does not re-enqueue it on its own.
    assert!(!row.status.awaits_job(row.lifecycle_error.as_deref()));
    assert_eq!(jobs::repair(db, now).await.unwrap(), 0);
    assert_eq!(audited(db, "job.failed", c).await, 1);

    // Staff retry: the error goes, one new job runs, and it is audited.
    lifecycle::retry(db, &staff(), c).await.unwrap();
    assert_eq!(client_row(db, c).await.unwrap().lifecycle_error, None);
    let js = jobs_of(db, c).await;
    assert_eq!(
        js.iter().map(|j| j.status.as_str()).collect::<Vec<_>>(),
        ["done", "failed", "queued"],
        "the service's project creation, the suspension that failed, the retry"
    );
    assert_eq!(audited(db, "client.retry", c).await, 1);
    assert_eq!(
        lifecycle::retry(db, &staff(), c).await.unwrap_err(),
        AppError::Conflict("Nothing to retry: no lifecycle job of this client has failed.".into())
    );
    worker(db, "w", local(db)).drain().await.unwrap();
    assert_eq!(status(db, c).await, Some(ClientStatus::Suspended));
    assert!(matches!(
        lifecycle::retry(db, &staff(), 999_999).await,
        Err(AppError::NotFound(_))
    ));
});

test_support::db_test!(
    resume_runs_as_a_job_and_yields_to_a_later_suspension,
    |db| {
        catalogue(db).await;
        let c = new_client(db, "Resumable").await;
        let svc = with_cloud(db, c, 3).await;
        lifecycle::suspend(db, &staff(), c, "").await.unwrap();
        let w = worker(db, "w", local(db));
        w.drain().await.unwrap();
        assert_eq!(status(db, c).await, Some(ClientStatus::Suspended));

        // The request: status and services at once, the cloud not yet.
        assert_eq!(
            lifecycle::resume(db, &staff(), c).await.unwrap(),
            ClientStatus::Active
        );
        let s = service::Entity::find_by_id(svc)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(s.status, ServiceStatus::Active);
        assert!(projects_of(db, c).await.iter().all(|p| p.disabled));
        assert_eq!(
            jobs_of(db, c).await.last().unwrap().kind,
            jobs::JobKind::ResumeClient
        );
        // The job: every project once.
        w.drain().await.unwrap();
        for p in projects_of(db, c).await {
            assert!(!p.disabled);
            assert_eq!(audited(db, "project.resumed", p.id).await, 1);
            assert_eq!(audited(db, "project.suspended", p.id).await, 1);
        }

        // Suspended again before the resume job ran: it changes nothing, the suspension wins.
        lifecycle::suspend(db, &staff(), c, "").await.unwrap();
        w.drain().await.unwrap();
        lifecycle::resume(db, &staff(), c).await.unwrap();
        lifecycle::suspend(db, &staff(), c, "again").await.unwrap();
        assert_eq!(w.drain().await.unwrap(), 2);
        assert_eq!(status(db, c).await, Some(ClientStatus::Suspended));
        for p in projects_of(db, c).await {
            assert!(p.disabled);
            assert_eq!(
                audited(db, "project.resumed", p.id).await,
                1,
                "the second resume job did not touch the cloud"
            );
        }
    }
);

test_support::db_test!(
    a_running_job_keeps_its_lease_and_a_stale_worker_cannot_finish_it,
    |db| {
        catalogue(db).await;
        let c = new_client(db, "Long Cloud").await;
        with_cloud(db, c, 1).await;
        lifecycle::suspend(db, &staff(), c, "").await.unwrap();

        // Worker A holds the job in a long cloud call; its heartbeat keeps the lease.
        let gate = Gate::new(db);
        let a = Worker {
            lease: Duration::milliseconds(900),
            ..worker(db, "a", gate.clone())
        };
        let run_a = tokio::spawn(async move { a.run_one(Utc::now()).await });
        gate.before.entered.notified().await;
        let first = jobs_of(db, c).await.pop().unwrap();
        loop {
            let j = jobs_of(db, c).await.pop().unwrap();
            if j.locked_at > first.locked_at {
                break; // renewed
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        // Another worker sees a live lease at the renewed time and takes nothing.
        let j = jobs_of(db, c).await.pop().unwrap();
        let b_now = j.locked_at.unwrap() + Duration::milliseconds(800);
        assert!(jobs::claim(db, "b", b_now, Duration::milliseconds(900))
            .await
            .unwrap()
            .is_none());

        // Suppose A stalls past its lease anyway: B takes the job over...
        let taken = jobs::claim(
            db,
            "b",
            Utc::now() + Duration::minutes(5),
            Duration::milliseconds(900),
        )
        .await
        .unwrap()
        .expect("the lease ran out");
        assert_eq!((taken.locked_by.as_deref(), taken.attempts), (Some("b"), 2));
        assert!(!jobs::heartbeat(db, &first, Utc::now()).await.unwrap());
        // ...and A, finding out at its next heartbeat, stops without writing an outcome.
        gate.before.pass.add_permits(10);
        assert!(run_a.await.unwrap().unwrap());
        let j = jobs_of(db, c).await.pop().unwrap();
        assert_eq!(
            (j.status.as_str(), j.locked_by.as_deref(), j.attempts),
            ("running", Some("b"), 2),
            "A did not overwrite B's job"
        );
        assert_eq!(status(db, c).await, Some(ClientStatus::Suspending));

        // B was "restarted": it takes its job back at once, without waiting for the lease.
        assert_eq!(jobs::release_own(db, "b", Utc::now()).await.unwrap(), 1);
        assert!(worker(db, "b", local(db))
            .run_one(Utc::now())
            .await
            .unwrap());
        let j = jobs_of(db, c).await.pop().unwrap();
        assert_eq!((j.status.as_str(), j.attempts), ("done", 3));
        assert_eq!(status(db, c).await, Some(ClientStatus::Suspended));
        let p = projects_of(db, c).await.remove(0);
        assert_eq!(audited(db, "project.suspended", p.id).await, 1);
    }
);

test_support::db_test!(concurrent_resumes_at_the_licence_limit_one_wins, |db| {
    catalogue(db).await;
    for round in 0..2 {
        licence::set_limit(db, 1000).await.unwrap();
        let a = new_client(db, &format!("Licence A{round}")).await;
        let b = new_client(db, &format!("Licence B{round}")).await;
        for c in [a, b] {
            with_cloud(db, c, 1).await;
            lifecycle::suspend(db, &staff(), c, "").await.unwrap();
        }
        worker(db, "w", local(db)).drain().await.unwrap();
        let used = licence::used(db).await.unwrap();
        licence::set_limit(db, used + 1).await.unwrap();

        let (alice, bob) = (staff(), staff());
        let (ra, rb) = tokio::join!(
            lifecycle::resume(db, &alice, a),
            lifecycle::resume(db, &bob, b),
        );
        assert!(
            ra.is_ok() != rb.is_ok(),
            "exactly one wins: {ra:?} / {rb:?}"
        );
        let (winner, loser, refusal) = match (ra, rb) {
            (Ok(s), Err(e)) => ((a, s), b, e),
            (Err(e), Ok(s)) => ((b, s), a, e),
            _ => unreachable!(),
        };
        assert_eq!(winner.1, ClientStatus::Active);
        assert!(
            matches!(&refusal, AppError::Conflict(m) if m.contains("licence allows")),
            "{refusal:?}"
        );
        assert_eq!(status(db, loser).await, Some(ClientStatus::Suspended));
        assert_eq!(licence::used(db).await.unwrap(), used + 1);
    }
});

test_support::db_test!(a_double_submitted_domain_is_registered_once, |db| {
    catalogue(db).await;
    let c = new_client(db, "Double Domain").await;
    let actor = staff();
    let (one, two) = tokio::join!(
        domains::register(db, &actor, c, "twice-clicked", "com", 1),
        domains::register(db, &actor, c, "Twice-Clicked ", "com", 1),
    );
    assert!(one.is_ok() != two.is_ok(), "{one:?} / {two:?}");
    let e = one.err().or(two.err()).unwrap();
    assert_eq!(
        e.field("name").as_deref(),
        Some("twice-clicked.com is already registered.")
    );
    let count = |table: &'static str| async move {
        match table {
            "domains" => domain_name::Entity::find()
                .filter(domain_name::Column::ClientId.eq(c))
                .count(db)
                .await
                .unwrap(),
            "services" => service::Entity::find()
                .filter(service::Column::ClientId.eq(c))
                .count(db)
                .await
                .unwrap(),
            _ => invoice::Entity::find()
                .filter(invoice::Column::ClientId.eq(c))
                .count(db)
                .await
                .unwrap(),
        }
    };
    assert_eq!(
        (
            count("domains").await,
            count("services").await,
            count("invoices").await
        ),
        (1, 1, 1),
        "nothing of the second submit was written"
    );

    // The database keeps the rule for every writer, whatever the case.
    let other = new_client(db, "Other Writer").await;
    let dup = domain_name::ActiveModel {
        client_id: Set(other),
        service_id: Set(None),
        name: Set("TWICE-CLICKED.com".into()),
        status: Set(DomainStatus::Pending),
        registered_at: Set(None),
        expires_at: Set(None),
        auto_renew: Set(false),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap_err();
    assert!(domain::error::is_unique_violation(&dup), "{dup}");
});

test_support::db_test!(a_double_submitted_openstack_service_is_created_once, |db| {
    catalogue(db).await;
    let c = new_client(db, "Double Cloud").await;
    let plan = eur_plan(db).await;
    let actor = staff();
    let (one, two) = tokio::join!(
        openstack::create(db, &actor, c, plan),
        openstack::create(db, &actor, c, plan),
    );
    assert!(one.is_ok() != two.is_ok(), "{one:?} / {two:?}");
    let e = one.err().or(two.err()).unwrap();
    assert_eq!(
        e.field("plan_id").as_deref(),
        Some("The client already has an OpenStack service.")
    );
    let services = service::Entity::find()
        .filter(service::Column::ClientId.eq(c))
        .all(db)
        .await
        .unwrap();
    assert_eq!(services.len(), 1);
    assert!(services[0].is_openstack);
    assert_eq!(projects_of(db, c).await.len(), 1);
    assert_eq!(audited(db, "service.create", services[0].id).await, 1);

    // Once it has ended, a new one may be created.
    openstack::terminate(db, &staff(), services[0].id)
        .await
        .unwrap();
    openstack::create(db, &staff(), c, plan).await.unwrap();
});

test_support::db_test!(a_winding_down_client_takes_no_new_work, |db| {
    catalogue(db).await;
    let suspending = new_client(db, "Winding Down").await;
    with_cloud(db, suspending, 1).await;
    lifecycle::suspend(db, &staff(), suspending, "")
        .await
        .unwrap();
    let deleting = new_client(db, "Going Away").await;
    lifecycle::delete(db, &staff(), deleting).await.unwrap();
    let someone = user::ActiveModel {
        email: Set("someone@example.test".into()),
        full_name: Set("Some One".into()),
        password_hash: Set(None),
        is_staff: Set(false),
        is_active: Set(true),
        created_at: Set(Utc::now()),
        last_login_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let plan = eur_plan(db).await;
    let invoice = NewInvoice {
        items: vec![NewInvoiceItem {
            description: "Consulting".into(),
            quantity: "1".into(),
            unit_price: "100".into(),
        }],
        due_date: String::new(),
    };

    for (c, word) in [(suspending, "suspending"), (deleting, "deleting")] {
        let conflict = |m: &str| AppError::Conflict(format!("{m} a client that is {word}."));
        assert_eq!(
            openstack::create(db, &staff(), c, plan).await.unwrap_err(),
            conflict("Cannot add a service to")
        );
        assert_eq!(
            domains::register(db, &staff(), c, "late-order", "com", 1)
                .await
                .unwrap_err(),
            conflict("Cannot add a service to")
        );
        assert_eq!(
            invoices::create(db, &staff(), c, invoice.clone())
                .await
                .unwrap_err(),
            conflict("Cannot invoice")
        );
        assert_eq!(
            client_users::associate(db, &staff(), c, someone.id, vec![Role::Owner])
                .await
                .unwrap_err(),
            conflict("Cannot change the users of")
        );
        assert_eq!(
            invoice::Entity::find()
                .filter(invoice::Column::ClientId.eq(c))
                .count(db)
                .await
                .unwrap(),
            0
        );
    }
    assert_eq!(
        AppError::Conflict(String::new()).status(),
        409,
        "refusals are 409s"
    );
    // A suspended client may still be invoiced (what it owes), not given services.
    worker(db, "w", local(db)).drain().await.unwrap();
    assert_eq!(status(db, suspending).await, Some(ClientStatus::Suspended));
    invoices::create(db, &staff(), suspending, invoice)
        .await
        .unwrap();
});

test_support::db_test!(the_migration_resolves_existing_duplicates, |db| {
    use migration::MigratorTrait;
    catalogue(db).await;
    let c = new_client(db, "Legacy Duplicates").await;
    let first = with_cloud(db, c, 1).await;
    let other = new_client(db, "Legacy Other").await;
    // Back to the schema before the rule, and write what double submits used to leave.
    let to_undo = migration::Migrator::migrations()
        .iter()
        .rev()
        .position(|m| m.name() == "m20261125_000007_one_where_one")
        .unwrap()
        + 1;
    migration::Migrator::down(db, Some(to_undo as u32))
        .await
        .unwrap();
    use sea_orm::ConnectionTrait;
    // The entity now has `is_openstack`, which the old schema lacks: raw SQL it is.
    db.execute_unprepared(&format!(
        "INSERT INTO services (client_id, product_id, cycle_id, pricing_plan_id, display_name, \
         status, next_due_date, suspended_with_client, created_at, updated_at, terminated_at) \
         SELECT client_id, product_id, cycle_id, pricing_plan_id, display_name, status, \
         next_due_date, suspended_with_client, created_at, updated_at, terminated_at \
         FROM services WHERE id = {first}"
    ))
    .await
    .unwrap();
    db.execute_unprepared(&format!(
        "INSERT INTO projects (client_id, service_id, openstack_id, project_domain_id, name, \
         disabled, created_at) SELECT client_id, (SELECT MAX(id) FROM services), \
         'legacy-dup', project_domain_id, name, disabled, created_at FROM projects \
         WHERE service_id = {first}"
    ))
    .await
    .unwrap();
    for (client_id, name) in [(c, "legacy.com"), (other, "LEGACY.com")] {
        db.execute_unprepared(&format!(
            "INSERT INTO domains (client_id, name, status, auto_renew, created_at) \
             SELECT {client_id}, '{name}', 'active', FALSE, created_at FROM clients \
             WHERE id = {client_id}"
        ))
        .await
        .unwrap();
    }

    migration::Migrator::up(db, None).await.unwrap();

    let services = service::Entity::find()
        .filter(service::Column::ClientId.eq(c))
        .order_by_asc(service::Column::Id)
        .all(db)
        .await
        .unwrap();
    assert_eq!(services.len(), 2);
    assert!(services.iter().all(|s| s.is_openstack));
    assert_eq!(
        (services[0].id, services[0].status),
        (first, ServiceStatus::Active),
        "the oldest stays"
    );
    assert_eq!(services[1].status, ServiceStatus::Cancelled);
    let dup_project = project::Entity::find()
        .filter(project::Column::ServiceId.eq(services[1].id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(dup_project.disabled);
    let names: Vec<String> = domain_name::Entity::find()
        .order_by_asc(domain_name::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(names[0], "legacy.com");
    assert!(names[1].starts_with("LEGACY.com~duplicate-"), "{names:?}");
    // And the rules hold from now on.
    let e = openstack::create(db, &staff(), c, eur_plan(db).await)
        .await
        .unwrap_err();
    assert!(e.field("plan_id").is_some());
});
