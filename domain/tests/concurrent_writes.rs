//! Two staff members saving at the same moment, both engines: the later save waits for the
//! earlier one's transaction instead of failing. On SQLite a transaction that had read before
//! another connection committed could not write any more ("database is locked", at once,
//! whatever the busy timeout), until every write transaction took the write lock at its start
//! (`db::begin_write`).

mod support;

use domain::entities::client;
use domain::services::notes;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::time::Duration;
use support::*;

test_support::db_test!(a_save_waits_for_one_in_progress, |db| {
    let client_id = new_client(db, "Waits GmbH").await;

    // One staff member's change has begun and read the client...
    let first = domain::db::begin_write(db).await.unwrap();
    let read = client::Entity::find_by_id(client_id)
        .one(&first)
        .await
        .unwrap()
        .expect("the client");

    // ...when another adds a note to the same client.
    let second = tokio::spawn({
        let db = db.clone();
        async move { notes::add(&db, &staff(), client_id, "Called back".into()).await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;

    // The first change writes what it read and commits.
    client::Entity::update_many()
        .col_expr(
            client::Column::UpdatedAt,
            Expr::value(read.updated_at + chrono::Duration::seconds(1)),
        )
        .filter(client::Column::Id.eq(client_id))
        .exec(&first)
        .await
        .expect("the first change still writes");
    first.commit().await.expect("the first change commits");

    // The note was saved after it.
    second
        .await
        .unwrap()
        .expect("the second change waited and saved");
    let bodies: Vec<String> = notes::list(db, client_id, 1)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|n| n.body)
        .collect();
    assert_eq!(bodies, ["Called back"]);
    let after = client::Entity::find_by_id(client_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        after.updated_at,
        read.updated_at + chrono::Duration::seconds(1)
    );
});
