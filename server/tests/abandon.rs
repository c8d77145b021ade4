//! A request the client abandons stops its database work (PostgreSQL: the statement is
//! cancelled, not left running to completion).

mod common;

use common::*;
use domain::auth::bootstrap;
use leptos::prelude::*;
use model::AppError;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use std::time::Duration;
use test_support::{Engine, TestDb};

/// A slow statement run the way a server function runs its service. Defined here, so it is
/// registered in this test binary only and can never be reached in a real server.
#[server(endpoint = "test/sleep")]
pub async fn test_sleep(tag: String) -> Result<(), AppError> {
    app::server::call(|cx| sleep(cx.db, tag)).await
}

/// The same, but run in a spawned task as a page's resources are: dropping the request does
/// not drop that task, only the request's `RequestGone` can stop it.
#[server(endpoint = "test/sleep_spawned")]
pub async fn test_sleep_spawned(tag: String) -> Result<(), AppError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let work = leptos::reactive::computed::ScopedFuture::new(async move {
        let _ = tx.send(app::server::call(|cx| sleep(cx.db, tag)).await);
    });
    tokio::spawn(work);
    rx.await.unwrap_or(Err(AppError::Internal))
}

async fn sleep(db: DatabaseConnection, tag: String) -> Result<(), AppError> {
    // The tag, in a comment, finds this statement in pg_stat_activity.
    let sql = format!("SELECT pg_sleep(60) /* {tag} */");
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    Ok(())
}

/// Whether a statement carrying `tag` is running.
async fn running(admin: &DatabaseConnection, tag: &str) -> bool {
    let sql = format!(
        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%{tag} */' \
         AND pid <> pg_backend_pid()"
    );
    let row = admin
        .query_one_raw(Statement::from_string(admin.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap() > 0
}

/// Polls until `running` is `want`, for at most `limit` (the statement limit is 15 s and the
/// sleep 60 s, so seeing it stop sooner can only be the abandonment).
async fn wait_for(admin: &DatabaseConnection, tag: &str, want: bool, limit: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + limit;
    while tokio::time::Instant::now() < deadline {
        if running(admin, tag).await == want {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn an_abandoned_request_stops_its_statement_on_postgres() {
    let t = TestDb::new(Engine::Postgres).await;
    bootstrap::ensure_staff(&t.db, Some(STAFF_EMAIL.into()), Some(STAFF_PASSWORD.into()))
        .await
        .unwrap();
    let app = App {
        router: server::router(server::leptos_options(), t.db.clone()),
        db: t,
    };
    let staff = app.staff().await;
    let admin = domain::db::connect_with(&app.db.url, domain::db::DbLimits::none())
        .await
        .unwrap();
    for endpoint in ["test/sleep", "test/sleep_spawned"] {
        let tag = format!("abandon_{}", endpoint.replace('/', "_"));
        let request = app.send(form(
            &format!("/api/{endpoint}"),
            &format!("tag={tag}"),
            Some(&staff),
        ));
        // The client gives up once the statement is running: its request future is dropped.
        let watcher = async {
            assert!(
                wait_for(&admin, &tag, true, Duration::from_secs(10)).await,
                "{endpoint}: never started"
            );
        };
        tokio::select! {
            r = request => panic!("{endpoint}: answered although the statement sleeps: {}", r.status),
            () = watcher => {}
        }
        assert!(
            wait_for(&admin, &tag, false, Duration::from_secs(8)).await,
            "{endpoint}: the statement ran on after the request was dropped"
        );
    }
    admin.close().await.unwrap();
    app.db.drop_db().await;
}
