//! Every statement has a time limit, on both engines, and hitting it is reported as such.

use domain::db::{connect_with, DbLimits};
use domain::error::TOO_SLOW;
use model::AppError;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use std::time::Duration;
use test_support::{Engine, TestDb};

async fn limited(t: &TestDb, ms: u64) -> DatabaseConnection {
    let limits = DbLimits {
        statement: Some(Duration::from_millis(ms)),
    };
    connect_with(&t.url, limits).await.unwrap()
}

async fn run(db: &DatabaseConnection, sql: &str) -> Result<(), AppError> {
    let stmt = Statement::from_string(db.get_database_backend(), sql);
    // The bound only keeps a broken limit from hanging the test run.
    tokio::time::timeout(Duration::from_secs(60), db.query_all_raw(stmt))
        .await
        .expect("the statement limit ended the statement")
        .map(|_| ())
        .map_err(AppError::from)
}

#[tokio::test]
async fn sqlite_interrupts_a_statement_over_its_limit() {
    let t = TestDb::new(Engine::Sqlite).await;
    let db = limited(&t, 300).await;
    // Counts for ever without a limit.
    let endless =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
    assert_eq!(
        run(&db, endless).await,
        Err(AppError::Unavailable(TOO_SLOW.into()))
    );
    // The limit is per statement: the connections stay usable, and a statement that starts
    // after the connection sat idle longer than the limit is not cut short.
    tokio::time::sleep(Duration::from_millis(400)).await;
    for _ in 0..8 {
        run(&db, "SELECT count(*) FROM clients").await.unwrap();
    }
    let bounded = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) \
                   SELECT count(*) FROM c";
    run(&db, bounded).await.unwrap();
    db.close().await.unwrap();
    t.drop_db().await;
}

#[tokio::test]
async fn sqlite_stops_the_statement_of_an_abandoned_request() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let t = TestDb::new(Engine::Sqlite).await;
    // A limit far away: only the request's cancel flag can stop the statement in time.
    let db = limited(&t, 600_000).await;
    let endless =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
    let cancel = std::sync::Arc::new(AtomicBool::new(false));
    let request = tokio::spawn(domain::db::cancellable(cancel.clone(), {
        let db = db.clone();
        async move { run(&db, endless).await }
    }));
    tokio::time::sleep(Duration::from_millis(300)).await;
    // What the server does when the client goes away (see `server::guarded`).
    cancel.store(true, Ordering::Relaxed);
    assert!(
        request.await.unwrap().is_err(),
        "the statement was interrupted"
    );
    // The connection serves the next request normally.
    for _ in 0..8 {
        run(&db, "SELECT count(*) FROM clients").await.unwrap();
    }
    db.close().await.unwrap();
    t.drop_db().await;
}

#[tokio::test]
async fn postgres_cancels_a_statement_over_its_limit() {
    let t = TestDb::new(Engine::Postgres).await;
    let db = limited(&t, 300).await;
    assert_eq!(
        run(&db, "SELECT pg_sleep(30)").await,
        Err(AppError::Unavailable(TOO_SLOW.into()))
    );
    let show = |name: &'static str| {
        let db = db.clone();
        async move {
            let stmt = Statement::from_string(db.get_database_backend(), format!("SHOW {name}"));
            let row = db.query_one_raw(stmt).await.unwrap().unwrap();
            row.try_get_by_index::<String>(0).unwrap()
        }
    };
    assert_eq!(show("statement_timeout").await, "300ms");
    assert_eq!(show("lock_timeout").await, "300ms");
    assert_eq!(show("idle_in_transaction_session_timeout").await, "1min");
    assert_eq!(show("client_connection_check_interval").await, "1s");
    db.close().await.unwrap();
    t.drop_db().await;
}

#[tokio::test]
async fn batch_connections_have_no_limit() {
    let t = TestDb::new(Engine::Postgres).await;
    let db = connect_with(&t.url, DbLimits::none()).await.unwrap();
    let stmt = Statement::from_string(db.get_database_backend(), "SHOW statement_timeout");
    let row = db.query_one_raw(stmt).await.unwrap().unwrap();
    assert_eq!(row.try_get_by_index::<String>(0).unwrap(), "0");
    db.close().await.unwrap();
    t.drop_db().await;
}
