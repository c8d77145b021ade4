//! Slowing down password guessing: failed sign-ins are counted per account and per IP in the
//! database (so every server process sees them); past a limit, sign-in is refused until the
//! window has passed, without even checking the password.

use crate::server::entities::login_failure;
use chrono::{DateTime, Duration, Utc};
use sea_orm::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};

pub const WINDOW_MINUTES: i64 = 15;
pub const MAX_PER_ACCOUNT: u64 = 5;
pub const MAX_PER_IP: u64 = 20;

pub fn email_key(email: &str) -> String {
    format!("email:{}", email.trim().to_lowercase())
}

pub fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
}

/// When `key` may try again, if it has used up its `limit` of failures in the window.
pub async fn blocked_until(
    db: &DatabaseConnection,
    key: &str,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    let since = now - Duration::minutes(WINDOW_MINUTES);
    // The `limit`-th most recent failure: once it leaves the window, a try is allowed again.
    let nth: Option<DateTime<Utc>> = login_failure::Entity::find()
        .select_only()
        .column(login_failure::Column::At)
        .filter(login_failure::Column::Key.eq(key))
        .filter(login_failure::Column::At.gt(since))
        .order_by_desc(login_failure::Column::At)
        .offset(limit - 1)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    Ok(nth.map(|at| at + Duration::minutes(WINDOW_MINUTES)))
}

pub async fn record_failure(
    db: &DatabaseConnection,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let rows = keys.iter().map(|k| login_failure::ActiveModel {
        key: sea_orm::Set(k.clone()),
        at: sea_orm::Set(now),
        ..Default::default()
    });
    login_failure::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    // Old rows are useless: keep the table small.
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::At.lt(now - Duration::minutes(WINDOW_MINUTES)))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn clear(db: &DatabaseConnection, key: &str) -> Result<(), DbErr> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}
