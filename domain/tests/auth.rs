//! Sessions, throttling and the first staff account on both engines.

use chrono::{Duration, Utc};
use domain::auth::bootstrap::{ensure_staff, Bootstrap};
use domain::auth::session_store::DbSessionStore;
use domain::auth::{self, throttle};
use model::AppError;
use std::sync::Arc;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Session, SessionStore};

test_support::db_test!(session_store_round_trip, |db| {
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

test_support::db_test!(first_staff_account_and_sign_in, |db| {
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

fn session(db: &sea_orm::DatabaseConnection) -> Session {
    Session::new(None, Arc::new(DbSessionStore::new(db.clone())), None)
}

async fn lock_entries(db: &sea_orm::DatabaseConnection) -> Vec<serde_json::Value> {
    use domain::entities::audit_entry;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("auth.locked"))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| serde_json::from_str(&e.changes).unwrap())
        .collect()
}

test_support::db_test!(
    guessing_from_one_address_blocks_that_address_not_the_user,
    |db| {
        ensure_staff(
            db,
            Some("boss@example.com".into()),
            Some("right password".into()),
        )
        .await
        .unwrap();
        let s = session(db);
        let now = Utc::now();
        let attacker = "198.51.100.66";
        // Failures older than the window do not count (had they, the next ones would be refused).
        let old = now - Duration::minutes(throttle::WINDOW_MINUTES + 1);
        for _ in 1..throttle::MAX_PER_ACCOUNT_AND_ADDRESS {
            let r = auth::sign_in(db, &s, "boss@example.com", "guess", attacker, old).await;
            assert_eq!(r.unwrap_err(), AppError::WrongCredentials);
        }
        for _ in 0..throttle::MAX_PER_ACCOUNT_AND_ADDRESS {
            let r = auth::sign_in(db, &s, "boss@example.com", "guess", attacker, now).await;
            assert_eq!(r.unwrap_err(), AppError::WrongCredentials);
        }
        // Blocked now, even with the right password: the password is not even checked.
        let blocked =
            auth::sign_in(db, &s, "boss@example.com", "right password", attacker, now).await;
        assert!(
            matches!(&blocked, Err(AppError::TooManyRequests(m)) if m.contains("15 minutes")),
            "{blocked:?}"
        );
        // The real user, from their own address, signs in at once.
        auth::sign_in(
            db,
            &s,
            "boss@example.com",
            "right password",
            "203.0.113.5",
            now,
        )
        .await
        .expect("the account is not locked for everyone");
        // The lock is in the audit log, once.
        let locks = lock_entries(db).await;
        assert_eq!(locks.len(), 1, "{locks:?}");
        assert_eq!(locks[0]["scope"], "account_and_address");
        assert_eq!(locks[0]["address"], attacker);
        // Once the window has passed, the address may try again.
        let later = now + Duration::minutes(throttle::WINDOW_MINUTES) + Duration::seconds(1);
        auth::sign_in(
            db,
            &s,
            "boss@example.com",
            "right password",
            attacker,
            later,
        )
        .await
        .expect("the block ends with the window");
    }
);

test_support::db_test!(ipv6_addresses_count_by_their_64, |db| {
    let s = session(db);
    let now = Utc::now();
    for i in 0..throttle::MAX_PER_ADDRESS {
        // A different account each time: only the address limit applies.
        let email = format!("user{i}@example.com");
        let addr = format!("2001:db8:aa:bb::{:x}", i + 1);
        let r = auth::sign_in(db, &s, &email, "guess", &addr, now).await;
        assert_eq!(r.unwrap_err(), AppError::WrongCredentials);
    }
    let same_64 = auth::sign_in(
        db,
        &s,
        "x@example.com",
        "guess",
        "2001:db8:aa:bb:ffff::1",
        now,
    )
    .await;
    assert!(
        matches!(same_64, Err(AppError::TooManyRequests(_))),
        "{same_64:?}"
    );
    let other_64 = auth::sign_in(db, &s, "x@example.com", "guess", "2001:db8:aa:bc::1", now).await;
    assert_eq!(other_64.unwrap_err(), AppError::WrongCredentials);
    let locks = lock_entries(db).await;
    assert_eq!(locks.len(), 1);
    assert_eq!(locks[0]["scope"], "address");
    assert_eq!(locks[0]["address"], "2001:db8:aa:bb::/64");
});
