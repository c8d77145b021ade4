//! Test support: a fresh, migrated database per test, on SQLite and on PostgreSQL, and
//! builders for the few rows a story needs (`builders`).
//!
//! PostgreSQL tests create a throw-away database on the server named by `TEST_DATABASE_URL`
//! (default `postgres://postgres@127.0.0.1:5432/test`) and drop it afterwards.

pub mod builders;
pub mod cloud;

pub use builders::{
    anchor, configuration, customer, domain_product, group, pay_by_gateway, pricing_plan, staff,
    staff_account, Catalogue, ClientBuilder,
};

use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::sync::atomic::{AtomicU32, Ordering};

pub const DEFAULT_TEST_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A migrated, empty database that cleans up after itself: at `drop_db`, or when dropped
/// without it (a test that panicked).
pub struct TestDb {
    pub db: DatabaseConnection,
    pub url: String,
    cleanup: Option<Cleanup>,
}

enum Cleanup {
    File(std::path::PathBuf),
    PgDatabase { admin_url: String, name: String },
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    format!(
        "cumulus_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        fastrand::u32(..)
    )
}

impl TestDb {
    pub async fn new(engine: Engine) -> TestDb {
        let t = match engine {
            Engine::Sqlite => Self::sqlite().await,
            Engine::Postgres => Self::postgres().await,
        };
        domain::db::migrate(&t.db)
            .await
            .expect("migrate test database");
        t
    }

    async fn sqlite() -> TestDb {
        let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let db = domain::db::connect(&url)
            .await
            .expect("open SQLite test database");
        TestDb {
            db,
            url,
            cleanup: Some(Cleanup::File(path)),
        }
    }

    async fn postgres() -> TestDb {
        let admin_url = std::env::var("TEST_DATABASE_URL")
            .unwrap_or_else(|_| DEFAULT_TEST_DATABASE_URL.to_owned());
        let admin = domain::db::connect(&admin_url).await.unwrap_or_else(|e| {
            panic!("PostgreSQL tests need a server at TEST_DATABASE_URL ({e}); scripts/test starts one")
        });
        let name = unique_name();
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create PostgreSQL test database");
        admin.close().await.ok();
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(&admin_url);
        let url = format!("{base}/{name}");
        let db = domain::db::connect(&url)
            .await
            .expect("connect to PostgreSQL test database");
        TestDb {
            db,
            url,
            cleanup: Some(Cleanup::PgDatabase { admin_url, name }),
        }
    }

    /// Closes the pool and removes the database. Call at the end of a test.
    pub async fn drop_db(mut self) {
        self.db.clone().close().await.ok();
        if let Some(cleanup) = self.cleanup.take() {
            cleanup.run().await;
        }
    }
}

impl Drop for TestDb {
    /// A test that panicked never reached `drop_db`: remove its database all the same. On a
    /// thread of its own with its own runtime, since the test's runtime may be unwinding.
    fn drop(&mut self) {
        if let Some(cleanup) = self.cleanup.take() {
            let _ = std::thread::spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    rt.block_on(cleanup.run());
                }
            })
            .join();
        }
    }
}

impl Cleanup {
    async fn run(self) {
        match self {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::PgDatabase { admin_url, name } => {
                if let Ok(admin) = domain::db::connect(&admin_url).await {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                    admin.close().await.ok();
                }
            }
        }
    }
}

/// Every story ends with the triggers' counters and client facts equal to a recount of their
/// tables, whatever the story changed and however (services, jobs, cascades, raw updates).
pub async fn assert_counts_exact(db: &sea_orm::DatabaseConnection) {
    let drift = domain::counts::drift(db)
        .await
        .expect("recount the counted tables");
    assert!(
        drift.is_empty(),
        "row_counts drifted from the tables: {drift:#?}"
    );
    let facts = domain::counts::fact_drift(db)
        .await
        .expect("recount the client facts");
    assert!(
        facts.is_empty(),
        "client facts drifted from the tables: {facts:?}"
    );
    let keys = domain::services::client_search::key_drift(db)
        .await
        .expect("recompute the search keys");
    assert!(
        keys.is_empty(),
        "search keys differ from the clients' fields (0: the SQLite index): {keys:?}"
    );
}

/// Declares one test per engine: `db_test!(name, |db| { ... });` defines
/// `name::sqlite` and `name::postgres`, each given a fresh migrated `&DatabaseConnection`.
#[macro_export]
macro_rules! db_test {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($db: &sea_orm::DatabaseConnection) $body

            #[tokio::test]
            async fn sqlite() {
                let t = $crate::TestDb::new(
                    $crate::Engine::Sqlite,
                )
                .await;
                run(&t.db).await;
                $crate::assert_counts_exact(&t.db).await;
                t.drop_db().await;
            }

            #[tokio::test]
            async fn postgres() {
                let t = $crate::TestDb::new(
                    $crate::Engine::Postgres,
                )
                .await;
                run(&t.db).await;
                $crate::assert_counts_exact(&t.db).await;
                t.drop_db().await;
            }
        }
    };
}
