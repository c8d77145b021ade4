//! A burst of concurrent wrong passwords gets at most the limit of real verifications: each
//! attempt reserves its place before the password is checked. Its own test binary, so that no
//! other test's sign-ins add to the process's verification count.

use domain::auth::bootstrap::ensure_staff;
use domain::auth::session_store::DbSessionStore;
use domain::auth::{self, password, throttle};
use model::AppError;
use std::sync::Arc;
use test_support::{Engine, TestDb};
use tower_sessions::Session;

async fn burst(engine: Engine) {
    let t = TestDb::new(engine).await;
    ensure_staff(
        &t.db,
        Some("boss@example.com".into()),
        Some("right password".into()),
    )
    .await
    .unwrap();
    let before = password::verifications();
    let now = chrono::Utc::now();
    let attempts = (0..50).map(|i| {
        let db = t.db.clone();
        tokio::spawn(async move {
            let s = Session::new(None, Arc::new(DbSessionStore::new(db.clone())), None);
            let guess = format!("guess {i}");
            auth::sign_in(&db, &s, "boss@example.com", &guess, "198.51.100.9", now).await
        })
    });
    let mut wrong = 0;
    let mut refused = 0;
    for a in attempts.collect::<Vec<_>>() {
        match a.await.unwrap() {
            Err(AppError::WrongCredentials) => wrong += 1,
            Err(AppError::TooManyRequests(_)) => refused += 1,
            other => panic!("{engine:?}: unexpected {other:?}"),
        }
    }
    let verified = password::verifications() - before;
    assert_eq!(wrong + refused, 50);
    assert!(
        verified <= throttle::MAX_PER_ACCOUNT_AND_ADDRESS,
        "{engine:?}: {verified} passwords checked"
    );
    // (When every reservation lands before any count, none is checked at all: safe.)
    assert_eq!(
        verified, wrong,
        "{engine:?}: every verified guess was a failure"
    );
    t.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_guesses_is_checked_at_most_the_limit_times() {
    // One engine after the other: both count on the same process-wide counter.
    burst(Engine::Sqlite).await;
    burst(Engine::Postgres).await;
}
