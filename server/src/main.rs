//! `server [serve]`: run Cumulus (migrating the database and filling an empty one with demo data).
//! `server migrate`: only bring the schema up to date.
//! `server seed --clients N [--seed S]`: fill an empty database with N generated clients.
//! `server bench [--runs N] [--load-secs S] [--connections C] [--only TEXT]`: time the clients
//! dashboard through its HTTP page on the database (see `server::bench`).

use domain::db;
use server::config::Config;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: server [serve | migrate | seed --clients N [--seed S] \
                     | bench [--runs N] [--load-secs S] [--connections C] [--only TEXT]]";

enum Command {
    Serve,
    Migrate,
    Seed { clients: u32, seed: u64 },
    Bench(server::bench::Options),
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value.parse().map_err(|_| format!("bad {flag} {value:?}"))
}

fn parse(args: &[String]) -> Result<Command, String> {
    let mut it = args.iter().map(String::as_str);
    match it.next() {
        None | Some("serve") => Ok(Command::Serve),
        Some("migrate") => Ok(Command::Migrate),
        Some("seed") => {
            let (mut clients, mut seed) = (None, 42u64);
            while let Some(flag) = it.next() {
                let value = it.next().ok_or(format!("{flag} needs a value"))?;
                match flag {
                    "--clients" => {
                        clients = Some(
                            value
                                .parse()
                                .map_err(|_| format!("bad --clients {value:?}"))?,
                        )
                    }
                    "--seed" => {
                        seed = value.parse().map_err(|_| format!("bad --seed {value:?}"))?
                    }
                    _ => return Err(format!("unknown option {flag}")),
                }
            }
            Ok(Command::Seed {
                clients: clients.ok_or("seed needs --clients N")?,
                seed,
            })
        }
        Some("bench") => {
            let mut opts = server::bench::Options::default();
            while let Some(flag) = it.next() {
                let value = it.next().ok_or(format!("{flag} needs a value"))?;
                match flag {
                    "--runs" => opts.runs = number(flag, value)?,
                    "--load-secs" => opts.load_secs = number(flag, value)?,
                    "--connections" => opts.connections = number(flag, value)?,
                    "--only" => opts.only = Some(value.to_owned()),
                    _ => return Err(format!("unknown option {flag}")),
                }
            }
            if opts.runs == 0 {
                return Err("--runs must be at least 1".into());
            }
            Ok(Command::Bench(opts))
        }
        Some(other) => Err(format!("unknown command {other:?}")),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    dotenvy::dotenv().ok();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cumulus: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cumulus: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), String> {
    let config = Config::load()?;
    let url = &config.database_url;
    // Serving bounds every statement (`CUMULUS_STATEMENT_TIMEOUT_MS`); the batch commands
    // may legitimately run long ones.
    let limits = match command {
        Command::Serve => config.db_limits,
        _ => db::DbLimits::none(),
    };
    let conn = db::open_with(url, limits)
        .await
        .map_err(|e| e.to_string())?;
    let today = chrono::Utc::now().date_naive();
    match command {
        Command::Migrate => {
            println!("database {} is up to date", db::redact(url));
            Ok(())
        }
        Command::Bench(opts) => server::bench::run(conn, opts).await.map(|_| ()),
        Command::Seed { clients, seed } => {
            let opts = demo::SeedOptions {
                clients,
                seed,
                anchor: today,
            };
            let started = Instant::now();
            let mut last = Instant::now();
            let report = demo::seed(&conn, &opts, &mut |done, total| {
                if last.elapsed().as_secs() >= 2 || done == total {
                    last = Instant::now();
                    let secs = started.elapsed().as_secs_f64();
                    println!(
                        "seeded {done}/{total} clients ({:.0}%) in {secs:.1}s, {:.0} clients/s",
                        100.0 * done as f64 / total.max(1) as f64,
                        done as f64 / secs.max(0.001)
                    );
                }
            })
            .await
            .map_err(|e| e.to_string())?;
            let secs = started.elapsed().as_secs_f64();
            println!(
                "done: {} clients, {} rows in {secs:.1}s ({:.0} rows/s)",
                report.clients,
                report.rows,
                report.rows as f64 / secs.max(0.001)
            );
            Ok(())
        }
        Command::Serve => {
            bootstrap_staff(&conn, config).await?;
            if let Some(report) = demo::seed_demo_if_empty(&conn, today)
                .await
                .map_err(|e| format!("cannot write the demo data: {e}"))?
            {
                tracing::info!(
                    clients = report.clients,
                    rows = report.rows,
                    "empty database filled with demo data"
                );
            }
            init_licence(&conn, config).await?;
            let options = server::leptos_options();
            let addr = options.site_addr;
            let openstack = domain::openstack::configure(
                &conn,
                config.openstack.clone(),
                config.openstack_latency,
            )
            .await?;
            let state =
                app::server::state::AppState::with_openstack(options, conn.clone(), openstack);
            tokio::spawn(job_worker(&state, config, addr).run(std::time::Duration::from_secs(1)));
            if let Some(every) = cloud_sync_every(&state, config) {
                tokio::spawn(sweep_cloud(state.clone(), every));
            }
            let cloud = state.openstack.describe();
            let app = server::router_with(state);
            tokio::spawn(delete_expired_sessions(conn));
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
            println!(
                "Cumulus is running at http://{addr}/staff/clients (database {}; OpenStack: {})",
                db::redact(url),
                cloud
            );
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| e.to_string())
        }
    }
}

/// A new installation gets one staff account: from `CUMULUS_ADMIN_EMAIL` and
/// `CUMULUS_ADMIN_PASSWORD`, or with a generated password printed this once.
async fn bootstrap_staff(
    conn: &sea_orm::DatabaseConnection,
    config: &Config,
) -> Result<(), String> {
    use domain::auth::bootstrap::{ensure_staff, Bootstrap};
    let created = ensure_staff(
        conn,
        config.admin_email.clone(),
        config.admin_password.clone(),
    )
    .await
    .map_err(|e| format!("cannot create the first staff account: {e}"))?;
    if let Bootstrap::Created {
        email,
        password,
        generated,
    } = created
    {
        if generated {
            println!(
                "Created the first staff account: sign in as {email} with password {password}"
            );
            println!(
                "(shown only now, and only good for the first sign-in: it must be replaced then; \
                 set CUMULUS_ADMIN_PASSWORD before the first start to choose it instead)"
            );
        } else {
            println!(
                "Created the first staff account {email} (password from CUMULUS_ADMIN_PASSWORD)"
            );
        }
    }
    Ok(())
}

/// Expired sessions are refused on load anyway; this keeps the table small.
async fn delete_expired_sessions(conn: sea_orm::DatabaseConnection) {
    use tower_sessions::session_store::ExpiredDeletion;
    let store = domain::auth::session_store::DbSessionStore::new(conn);
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        if let Err(e) = store.delete_expired().await {
            tracing::warn!(error = %e, "could not delete expired sessions");
        }
    }
}

/// The licence limit's first value: `CUMULUS_LICENCE_LIMIT` (a stored value wins after that).
async fn init_licence(conn: &sea_orm::DatabaseConnection, config: &Config) -> Result<(), String> {
    use domain::services::licence;
    let limit = config.licence_limit.unwrap_or(licence::DEFAULT_LIMIT);
    licence::init(conn, limit)
        .await
        .map_err(|e| format!("cannot store the licence limit: {e}"))
}

/// How often every client's cloud resources are read back: `CUMULUS_CLOUD_SYNC_SECS`
/// (0: never), by default hourly with a real OpenStack and never with the local stand-in
/// (our tables are its cloud).
fn cloud_sync_every(
    state: &app::server::state::AppState,
    config: &Config,
) -> Option<chrono::Duration> {
    let secs = match config.cloud_sync_secs {
        Some(secs) => secs,
        None if state.openstack.is_stand_in() => 0,
        None => 3600,
    };
    (secs > 0).then(|| chrono::Duration::seconds(secs.into()))
}

/// Enqueues the periodic syncs, a batch of clients at a time (see `sync::sweep`).
async fn sweep_cloud(state: app::server::state::AppState, every: chrono::Duration) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(10));
    loop {
        tick.tick().await;
        match domain::openstack::sync::sweep(&state.db, chrono::Utc::now(), every).await {
            Ok(0) => {}
            Ok(_) => state.wake_jobs.notify_one(),
            Err(e) => tracing::warn!(error = %e, "periodic cloud sync"),
        }
    }
}

/// This process's job worker: shares the jobs table with every other server process. Its id
/// is stable across restarts (`CUMULUS_WORKER_ID`, else host name and listening port, never
/// the pid), so a restarted server recognises its own interrupted jobs and takes them back
/// at once instead of waiting out their lease.
fn job_worker(
    state: &app::server::state::AppState,
    config: &Config,
    addr: std::net::SocketAddr,
) -> domain::jobs::Worker {
    let id = config.worker_id.clone().unwrap_or_else(|| {
        let host = std::fs::read_to_string("/etc/hostname")
            .ok()
            .or_else(|| config.hostname.clone())
            .unwrap_or_default();
        format!("{}:{}", host.trim(), addr.port())
    });
    domain::jobs::Worker {
        db: state.db.clone(),
        openstack: state.openstack.clone(),
        id,
        lease: chrono::Duration::seconds(60),
        wake: state.wake_jobs.clone(),
    }
}
