//! The server binary against a real Keystone (started by `scripts/test`) and a stand-in for
//! the compute, volume, network and image APIs: bad configuration is one clear line at
//! start-up, and a server killed in the middle of deleting a client's cloud finishes the
//! deletion after its restart without deleting anything twice.

mod common;

use common::binary::{self, free_port, wait_up};
use cumulus_openstack::fake::{FakeCloud, Kind};
use cumulus_openstack::{Cloud, Config, NewProject};
use domain::entities::{client, job, project};
use domain::openstack::Tags;
use domain::services::lifecycle;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use test_support::{Engine, TestDb};

fn keystone() -> (String, String) {
    (
        std::env::var("TEST_KEYSTONE_URL")
            .expect("these tests need a Keystone at TEST_KEYSTONE_URL; scripts/test starts one"),
        std::env::var("TEST_KEYSTONE_PASSWORD").unwrap_or_default(),
    )
}

fn admin(region: &str) -> Config {
    let (url, password) = keystone();
    Config {
        auth_url: url,
        username: "admin".into(),
        password,
        project_name: "admin".into(),
        user_domain_name: "Default".into(),
        project_domain_name: "Default".into(),
        region_name: Some(region.into()),
        timeout: Duration::from_secs(10),
        attempts: 2,
        backoff: Duration::from_millis(50),
    }
}

/// Environment variables for the binary.
type Env = Vec<(&'static str, String)>;

/// The `OS_*` variables for `config`, as an operator would set them.
fn os_env(config: &Config) -> Env {
    vec![
        ("OS_AUTH_URL", config.auth_url.clone()),
        ("OS_USERNAME", config.username.clone()),
        ("OS_PASSWORD", config.password.clone()),
        ("OS_PROJECT_NAME", config.project_name.clone()),
        ("OS_USER_DOMAIN_NAME", config.user_domain_name.clone()),
        ("OS_PROJECT_DOMAIN_NAME", config.project_domain_name.clone()),
        (
            "OS_REGION_NAME",
            config.region_name.clone().unwrap_or_default(),
        ),
        ("CUMULUS_CLOUD_SYNC_SECS", "0".into()),
    ]
}

/// The binary on `db_url` and `port` with `env`, its output not yet directed.
fn command(db_url: &str, port: u16, env: &[(&str, String)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.env("DATABASE_URL", db_url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("CUMULUS_ADMIN_EMAIL", common::STAFF_EMAIL)
        .env("CUMULUS_ADMIN_PASSWORD", common::STAFF_PASSWORD)
        .env("RUST_LOG", "warn");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// Starts the binary with `env` and waits for it to stop by itself (within 60 s).
fn run_to_exit(db_url: &str, env: &[(&str, String)]) -> (bool, String) {
    let mut cmd = command(db_url, free_port(), env);
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let mut child = binary::Server(cmd.spawn().unwrap());
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(s) = child.0.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "the server kept running");
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(child.0.stderr.as_mut().unwrap(), &mut err).unwrap();
    (status.success(), err)
}

#[tokio::test]
async fn bad_cloud_configuration_is_one_clear_line_at_start_up() {
    let t = TestDb::new(Engine::Sqlite).await;
    let fake = FakeCloud::start().await;
    let region = format!("srv-{}-cfg", std::process::id());
    let good = admin(&region);
    fake.register(&good, &region).await;

    let cases: Vec<(&str, Env, &str)> = vec![
        (
            "a missing variable",
            os_env(&good)
                .into_iter()
                .filter(|(k, _)| *k != "OS_PASSWORD")
                .collect(),
            "OS_PASSWORD is not set",
        ),
        (
            "a wrong password",
            os_env(&Config {
                password: "wrong".into(),
                ..good.clone()
            }),
            "authentication",
        ),
        (
            "a region the catalog does not have",
            os_env(&Config {
                region_name: Some("atlantis".into()),
                ..good.clone()
            }),
            "atlantis",
        ),
    ];
    for (what, env, expected) in cases {
        let (ok, stderr) = run_to_exit(&t.url, &env);
        assert!(!ok, "{what}: the server must not start");
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("cumulus:"))
            .collect();
        assert_eq!(lines.len(), 1, "{what}: one line, got {stderr}");
        assert!(lines[0].contains(expected), "{what}: {}", lines[0]);
    }
}

/// A cloud that does not answer may be a passing outage: the server starts, says so in one
/// line, and its jobs retry (their error shows on the client's badge).
#[tokio::test]
async fn an_unreachable_cloud_is_a_warning_and_the_server_starts() {
    let t = TestDb::new(Engine::Sqlite).await;
    let closed = format!("http://127.0.0.1:{}/v3", free_port());
    let env = os_env(&Config {
        auth_url: closed.clone(),
        ..admin("RegionOne")
    });
    let port = free_port();
    let mut env = env;
    env.push(("OS_TIMEOUT", "2".into()));
    let mut cmd = command(&t.url, port, &env);
    // The log (where warnings go) is on stdout.
    cmd.stdout(Stdio::piped()).stderr(Stdio::null());
    let mut server = binary::Server(cmd.spawn().unwrap());
    wait_up(port).await;
    server.0.kill().unwrap();
    server.0.wait().unwrap();
    let mut log = String::new();
    std::io::Read::read_to_string(server.0.stdout.as_mut().unwrap(), &mut log).unwrap();
    let warnings: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("did not answer"))
        .collect();
    assert_eq!(warnings.len(), 1, "{log}");
    assert!(warnings[0].contains(&closed), "{}", warnings[0]);
}

#[tokio::test]
async fn a_server_killed_mid_deletion_finishes_it_without_deleting_anything_twice() {
    let t = TestDb::new(Engine::Postgres).await;
    let db = &t.db;
    let fake = FakeCloud::start().await;
    let region = format!("srv-{}-crash", std::process::id());
    let config = admin(&region);
    fake.register(&config, &region).await;
    let cloud = Cloud::new(config.clone()).unwrap();

    // The catalogue only (no demo data), one client and its project in Keystone, full of
    // resources in the stand-in cloud.
    common::catalogue_only(db).await;
    let staff = common::test_staff();
    let c = common::new_client(db, "Half Deleted Ltd").await;
    let made = cloud
        .create_project(&NewProject {
            name: format!("half-deleted-{}", fastrand::u64(..)),
            domain_id: "default".into(),
            description: "crash test".into(),
            tags: vec![Tags::of(db).await.unwrap().client(c)],
            enabled: true,
        })
        .await
        .unwrap();
    project::ActiveModel {
        client_id: Set(c),
        service_id: Set(None),
        openstack_id: Set(made.id.clone()),
        project_domain_id: Set("default".into()),
        name: Set("half deleted".into()),
        disabled: Set(false),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let mut all = Vec::new();
    let net = fake.add_network(&made.id, "private", "10.9.0.0/24");
    for n in 0..6 {
        all.push(fake.add_server(
            &made.id,
            &format!("vm-{n}"),
            "m1.small",
            &format!("10.9.0.{}", n + 10),
        ));
        all.push(fake.add_volume(&made.id, &format!("disk-{n}"), 10));
    }
    all.push(fake.add_router(&made.id, "gw", Some(&net)));
    all.push(fake.add_image(&made.id, "snap"));
    all.push(net);

    // A slow cloud (every call takes 300 ms): the server dies after the third deletion.
    fake.set_delay(Duration::from_millis(300));
    lifecycle::delete(db, &staff, c).await.unwrap();
    let mut env = os_env(&config);
    env.push(("CUMULUS_WORKER_ID", "crash-cloud".into()));
    let env_ref: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let port = free_port();
    let mut server = binary::start(&t.url, port, &env_ref);
    wait_up(port).await;
    let deletes = || fake.calls().iter().filter(|c| c.method == "DELETE").count();
    let deadline = Instant::now() + Duration::from_secs(60);
    while deletes() < 3 {
        assert!(Instant::now() < deadline, "no deletion started");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.0.kill().unwrap(); // SIGKILL: no shutdown, no cleanup.
    server.0.wait().unwrap();
    let before = deletes();
    assert!(
        before < all.len(),
        "killed mid-deletion ({before} of {} deleted)",
        all.len()
    );
    let j = job::Entity::find()
        .filter(job::Column::ClientId.eq(c))
        .filter(job::Column::Kind.eq(domain::jobs::JobKind::DeleteClient))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(j.progress.is_some(), "the job recorded its progress");

    // Restarted: it takes its job back and finishes where it stopped.
    let port = free_port();
    let _restarted = binary::start(&t.url, port, &env_ref);
    let deadline = Instant::now() + Duration::from_secs(90);
    while client::Entity::find_by_id(c)
        .one(db)
        .await
        .unwrap()
        .is_some()
    {
        assert!(Instant::now() < deadline, "the deletion did not finish");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for kind in [
        Kind::Server,
        Kind::Volume,
        Kind::Network,
        Kind::Router,
        Kind::Image,
    ] {
        assert!(
            fake.ids(kind, &made.id).is_empty(),
            "{kind:?} left in the cloud"
        );
    }
    for id in &all {
        assert_eq!(
            fake.deletes_of(id).len(),
            1,
            "{id}: one DELETE, none of something gone"
        );
    }
    assert_eq!(
        cloud.project(&made.id).await.unwrap(),
        None,
        "the project is gone"
    );
}
