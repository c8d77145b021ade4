//! The licence: only Active clients count, up to a limit kept in `settings` (its first value
//! comes from `CUMULUS_LICENCE_LIMIT`).

use crate::entities::{client, setting};
use model::{AppError, ClientStatus};
use sea_orm::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbBackend, QuerySelect, Set};

const KEY: &str = "licence_limit";
pub const DEFAULT_LIMIT: u64 = 500;

/// Stores the limit unless one is set already (start-up: from the environment).
pub async fn init(db: &DatabaseConnection, limit: u64) -> Result<(), DbErr> {
    setting::insert_missing(db, KEY, limit.to_string()).await
}

pub async fn set_limit<C: ConnectionTrait>(conn: &C, limit: u64) -> Result<(), DbErr> {
    setting::Entity::insert(setting::ActiveModel {
        key: Set(KEY.to_owned()),
        value: Set(limit.to_string()),
    })
    .on_conflict(
        OnConflict::column(setting::Column::Key)
            .update_column(setting::Column::Value)
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

pub async fn limit<C: ConnectionTrait>(conn: &C) -> Result<u64, DbErr> {
    Ok(setting::Entity::find_by_id(KEY)
        .one(conn)
        .await?
        .and_then(|s| s.value.parse().ok())
        .unwrap_or(DEFAULT_LIMIT))
}

/// Active clients, from the counters (`row_counts`): what the dashboard shows, without
/// counting 1M clients per page. The activation check below counts under its lock instead.
pub async fn used_counted(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let kept = crate::counts::by_status(db, &crate::counts::Tally::all("clients")).await?;
    match kept {
        Some(by) => Ok(by.get(ClientStatus::Active.as_str()).copied().unwrap_or(0)),
        None => used(db).await,
    }
}

pub async fn used<C: ConnectionTrait>(conn: &C) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    client::Entity::find()
        .filter(client::Column::Status.eq(ClientStatus::Active))
        .count(conn)
        .await
}

/// Refuses one more Active client when the limit is reached. Call it inside the activating
/// transaction, after its first write: activations are serialised so that two of them
/// cannot both see room for one more. On PostgreSQL the licence row is locked
/// (`FOR UPDATE`) until the transaction ends, and the count that follows (a new snapshot
/// under READ COMMITTED) sees the activation committed before the lock was granted. SQLite
/// has one writer: a transaction that has written holds the write lock, so no other
/// activation can commit between its count and its own commit.
pub async fn check_activation<C: ConnectionTrait>(conn: &C) -> Result<(), AppError> {
    if conn.get_database_backend() == DbBackend::Postgres {
        // The row must exist to be locked; a concurrent insert of it is absorbed.
        setting::Entity::insert(setting::ActiveModel {
            key: Set(KEY.to_owned()),
            value: Set(DEFAULT_LIMIT.to_string()),
        })
        .on_conflict(
            OnConflict::column(setting::Column::Key)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
        setting::Entity::find_by_id(KEY)
            .lock_exclusive()
            .one(conn)
            .await?;
    }
    let (used, limit) = (used(conn).await?, limit(conn).await?);
    if used >= limit {
        return Err(AppError::Conflict(format!(
            "The licence allows {limit} active clients and {used} are active: this client cannot become active."
        )));
    }
    Ok(())
}
