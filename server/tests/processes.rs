//! Two server processes on one PostgreSQL database, as behind a load balancer: their job
//! workers share the queue without running a job twice, and a change made through one is seen
//! through the other. A server killed in the middle of a job finishes it as soon as it is
//! back, changing each thing once.

mod common;

use common::binary::{self, free_port, http, wait_up, Server};
use domain::audit::Actor;
use domain::entities::{audit_entry, client, job, pricing_plan, project, service};
use domain::services::{lifecycle, openstack};
use model::{ClientStatus, ServiceStatus};
use sea_orm::{ActiveModelTrait, Set};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::time::{Duration, Instant};
use test_support::{Engine, TestDb};

fn start(url: &str, port: u16, worker: &str) -> Server {
    start_with(url, port, worker, 20)
}

/// The server binary with a cloud that takes `latency_ms` per call.
fn start_with(url: &str, port: u16, worker: &str, latency_ms: u64) -> Server {
    binary::start(
        url,
        port,
        &[
            ("CUMULUS_WORKER_ID", worker),
            ("CUMULUS_OPENSTACK_LATENCY_MS", &latency_ms.to_string()),
        ],
    )
}

async fn wait_for(mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done().await {
        assert!(Instant::now() < deadline, "timed out");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn two_processes_share_jobs_and_state() {
    let t = TestDb::new(Engine::Postgres).await;
    let (pa, pb) = (free_port(), free_port());
    // The first start migrates and fills the database; the second joins it.
    let _a = start(&t.url, pa, "process-a");
    wait_up(pa).await;
    let _b = start(&t.url, pb, "process-b");
    wait_up(pb).await;
    let db = &t.db;

    // Work enqueued by a third party (here: the test) is shared by both workers.
    let mut active = vec![];
    for c in client::Entity::find()
        .filter(client::Column::Status.eq(ClientStatus::Active))
        .order_by_asc(client::Column::Id)
        .all(db)
        .await
        .unwrap()
    {
        let projects = project::Entity::find()
            .filter(project::Column::ClientId.eq(c.id))
            .count(db)
            .await
            .unwrap();
        if projects > 0 {
            active.push(c.id);
        }
    }
    let staff = Actor {
        user_id: None,
        email: "test".into(),
        bulk_run: None,
    };
    let batch: Vec<i32> = active.iter().copied().take(30).collect();
    assert_eq!(
        batch.len(),
        30,
        "enough active clients with projects in the demo"
    );
    for id in &batch {
        lifecycle::suspend(db, &staff, *id, "batch").await.unwrap();
    }
    wait_for(async || {
        job::Entity::find()
            .filter(job::Column::Status.ne(domain::jobs::JobStatus::Done))
            .count(db)
            .await
            .unwrap()
            == 0
    })
    .await;
    // The demo's own jobs (for its Suspending and Deleting clients) ran too; these are ours.
    let jobs = job::Entity::find()
        .filter(job::Column::ClientId.is_in(batch.iter().copied()))
        .all(db)
        .await
        .unwrap();
    assert_eq!(jobs.len(), batch.len());
    for j in &jobs {
        // The error says why, should a job have run twice (a deadlock between the two
        // workers once did).
        assert_eq!(
            (j.attempts, j.last_error.as_deref()),
            (1, None),
            "job {} ran exactly once",
            j.id
        );
    }
    let by_a = jobs
        .iter()
        .filter(|j| j.locked_by.as_deref() == Some("process-a"))
        .count();
    let by_b = jobs
        .iter()
        .filter(|j| j.locked_by.as_deref() == Some("process-b"))
        .count();
    assert_eq!(by_a + by_b, jobs.len());
    println!("jobs run by process A: {by_a}, by process B: {by_b}");
    for id in &batch {
        let c = client::Entity::find_by_id(*id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(c.status, ClientStatus::Suspended);
    }

    // A staff member signed in through A suspends a client; a page served by B shows it.
    let login = format!(
        "email={}&password={}",
        common::enc(common::STAFF_EMAIL),
        common::enc(common::STAFF_PASSWORD)
    );
    let (status, head, _) = http(pa, "POST", "/api/auth/login", "", &login).await;
    assert!(status < 400, "sign-in: {head}");
    let cookie = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_owned();
    let id = active[30];
    let (status, _, body) = http(
        pa,
        "POST",
        "/api/clients/suspend",
        &cookie,
        &format!("client_id={id}&reason=x"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    wait_for(async || {
        let (_, _, page) = http(
            pb,
            "GET",
            &format!("/staff/clients?q={id}&view=list"),
            &cookie,
            "",
        )
        .await;
        page.contains("status-suspended")
    })
    .await;
    drop((_a, _b));
    t.drop_db().await;
}

/// How many audit entries `action` has for `entity_id`.
async fn audited(db: &sea_orm::DatabaseConnection, action: &str, entity_id: i32) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .filter(audit_entry::Column::EntityId.eq(entity_id))
        .count(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_server_killed_mid_job_finishes_it_at_once_after_restart() {
    let t = TestDb::new(Engine::Postgres).await;
    let db = &t.db;
    // Our own rows (and no demo data: the catalogue makes the database "not empty"): one
    // client with an OpenStack service, four projects and a second active service.
    common::catalogue_only(db).await;
    let staff = common::test_staff();
    let c = common::new_client(db, "Crash Test Dummies Ltd").await;
    let plan = pricing_plan::Entity::find()
        .filter(pricing_plan::Column::Currency.eq("EUR"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let svc = openstack::create(db, &staff, c, plan.id).await.unwrap();
    for n in 1..4 {
        project::ActiveModel {
            client_id: Set(c),
            service_id: Set(Some(svc)),
            openstack_id: Set(format!("crash-{n}")),
            project_domain_id: Set("default".into()),
            name: Set(format!("crash project {n}")),
            disabled: Set(false),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }
    let projects = project::Entity::find()
        .filter(project::Column::ClientId.eq(c))
        .all(db)
        .await
        .unwrap();
    assert_eq!(projects.len(), 4);

    // A slow cloud: 1.5 s per call, so the job is mid-way when the server dies.
    let port = free_port();
    let mut server = start_with(&t.url, port, "crash-worker", 1500);
    wait_up(port).await;
    lifecycle::suspend(db, &staff, c, "crash test")
        .await
        .unwrap();
    let ids: Vec<i32> = projects.iter().map(|p| p.id).collect();
    let suspended = async || {
        let mut n = 0;
        for id in &ids {
            n += audited(db, "project.suspended", *id).await;
        }
        n
    };
    wait_for(async || suspended().await >= 1).await;
    server.0.kill().unwrap(); // SIGKILL: no shutdown, no cleanup.
    server.0.wait().unwrap();
    let before = suspended().await;
    assert!(before < 4, "killed mid-job ({before} of 4 projects done)");
    let j = job::Entity::find()
        .filter(job::Column::ClientId.eq(c))
        .filter(job::Column::Kind.eq(domain::jobs::JobKind::SuspendClient))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (j.status.as_str(), j.locked_by.as_deref(), j.attempts),
        ("running", Some("crash-worker"), 1),
        "the dead server still holds the job"
    );

    // Restarted under the same worker id: it takes its job back at once. Waiting out the
    // 60 s lease would miss this deadline.
    let port = free_port();
    let _restarted = start_with(&t.url, port, "crash-worker", 1500);
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let row = client::Entity::find_by_id(c)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        if row.status == ClientStatus::Suspended {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not finished well within the lease"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let j = job::Entity::find_by_id(j.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((j.status.as_str(), j.attempts), ("done", 2));
    // Nothing lost, nothing twice: every project and service was suspended exactly once.
    for p in project::Entity::find()
        .filter(project::Column::ClientId.eq(c))
        .all(db)
        .await
        .unwrap()
    {
        assert!(p.disabled, "project {} suspended", p.id);
        assert_eq!(
            audited(db, "project.suspended", p.id).await,
            1,
            "project {}",
            p.id
        );
    }
    assert_eq!(audited(db, "service.suspended", svc).await, 1);
    assert_eq!(audited(db, "client.suspended", c).await, 1);
    let s = service::Entity::find_by_id(svc)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (s.status, s.suspended_with_client),
        (ServiceStatus::Suspended, true)
    );
    drop(_restarted);
    t.drop_db().await;
}
