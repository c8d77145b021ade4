//! Sessions, throttling and the first staff account on both engines.

use app::model::AppError;
use app::server::auth::bootstrap::{ensure_staff, Bootstrap};
use app::server::auth::session_store::DbSessionStore;
use app::server::auth::{self, throttle};
use chrono::{Duration, Utc};
use std::sync::Arc;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Session, SessionStore};

app::db_test!(session_store_round_trip, |db| {
    let store = DbSessionStore::new(db.clone());
    let mut record = Record {
        id: Id::default(),
        data: [("k".to_owned(), serde_json::json!({"a": 1}))].into(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    store.create(&mut record).await.unwrap();
    assert_eq!(
        store.load(&record.id).await.unwrap().unwrap().data,
        record.data
    );

    record.data.insert("k".into(), serde_json::json!(2));
    store.save(&record).await.unwrap();
    assert_eq!(store.load(&record.id).await.unwrap().unwrap().data["k"], 2);

    let mut expired = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: time::OffsetDateTime::now_utc() - time::Duration::minutes(1),
    };
    store.create(&mut expired).await.unwrap();
    assert!(
        store.load(&expired.id).await.unwrap().is_none(),
        "expired sessions do not load"
    );
    store.delete_expired().await.unwrap();
    store.delete(&record.id).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_none());
});

app::db_test!(first_staff_account_and_sign_in, |db| {
    let created = ensure_staff(
        db,
        Some("Boss@Example.com".into()),
        Some("s3cret pass".into()),
    )
    .await
    .unwrap();
    assert!(
        matches!(created, Bootstrap::Created { ref email, generated: false, .. } if email == "boss@example.com")
    );
    assert_eq!(
        ensure_staff(db, None, None).await.unwrap(),
        Bootstrap::Present
    );

    let session = Session::new(None, Arc::new(DbSessionStore::new(db.clone())), None);
    let now = Utc::now();
    let wrong = auth::sign_in(db, &session, "boss@example.com", "nope", "10.0.0.1", now).await;
    assert_eq!(wrong.unwrap_err(), AppError::WrongCredentials);
    assert!(auth::principal(db, &session).await.unwrap().is_none());

    let user = auth::sign_in(
        db,
        &session,
        " BOSS@example.com ",
        "s3cret pass",
        "10.0.0.1",
        now,
    )
    .await
    .unwrap();
    let p = auth::principal(db, &session).await.unwrap().unwrap();
    assert_eq!(p.user.id, user.id);
    assert!(p.is_staff());
    assert!(p.user.last_login_at.is_some());
});

app::db_test!(throttling_counts_recent_failures_only, |db| {
    let key = throttle::email_key("a@b.c");
    let now = Utc::now();
    let old = now - Duration::minutes(throttle::WINDOW_MINUTES + 1);
    for _ in 0..throttle::MAX_PER_ACCOUNT {
        throttle::record_failure(db, std::slice::from_ref(&key), old)
            .await
            .unwrap();
    }
    assert_eq!(
        throttle::blocked_until(db, &key, throttle::MAX_PER_ACCOUNT, now)
            .await
            .unwrap(),
        None
    );
    for i in 0..throttle::MAX_PER_ACCOUNT {
        let at = now - Duration::minutes(10) + Duration::seconds(i as i64);
        throttle::record_failure(db, std::slice::from_ref(&key), at)
            .await
            .unwrap();
    }
    let until = throttle::blocked_until(db, &key, throttle::MAX_PER_ACCOUNT, now)
        .await
        .unwrap()
        .unwrap();
    // The oldest failure in the window leaves it in five minutes (PostgreSQL keeps
    // microseconds, SQLite nanoseconds).
    assert!(
        (299..=300).contains(&(until - now).num_seconds()),
        "{until} vs {now}"
    );
    throttle::clear(db, &key).await.unwrap();
    assert_eq!(
        throttle::blocked_until(db, &key, throttle::MAX_PER_ACCOUNT, now)
            .await
            .unwrap(),
        None
    );
});
