//! Two server processes on one PostgreSQL database, as behind a load balancer: their job
//! workers share the queue without running a job twice, and a change made through one is seen
//! through the other.

mod common;

use app::model::ClientStatus;
use app::server::audit::Actor;
use app::server::entities::{client, job, project};
use app::server::services::lifecycle;
use app::server::testing::{Engine, TestDb};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(url: &str, port: u16, worker: &str) -> Server {
    Server(
        Command::new(env!("CARGO_BIN_EXE_server"))
            .env("DATABASE_URL", url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("CUMULUS_ADMIN_EMAIL", common::STAFF_EMAIL)
            .env("CUMULUS_ADMIN_PASSWORD", common::STAFF_PASSWORD)
            .env("CUMULUS_WORKER_ID", worker)
            .env("CUMULUS_OPENSTACK_LATENCY_MS", "20")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("start the server binary"),
    )
}

/// A bare HTTP/1.1 exchange (the test needs no client library): status line and body.
async fn http(
    port: u16,
    method: &str,
    path: &str,
    cookie: &str,
    body: &str,
) -> (u16, String, String) {
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

async fn wait_up(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("server on {port} did not start");
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
            .filter(job::Column::Status.ne("done"))
            .count(db)
            .await
            .unwrap()
            == 0
    })
    .await;
    let jobs = job::Entity::find().all(db).await.unwrap();
    assert_eq!(jobs.len(), batch.len());
    for j in &jobs {
        assert_eq!(j.attempts, 1, "job {} ran exactly once", j.id);
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
