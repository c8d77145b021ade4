//! The schema migrates up, down and up again on SQLite and PostgreSQL.

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

async fn tables(db: &DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        _ => "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    };
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "name").unwrap())
        .collect()
}

test_support::db_test!(up_down_up, |db| {
    let up = tables(db).await;
    for t in [
        "clients",
        "services",
        "instances",
        "invoices",
        "journal_entries",
        "tickets",
    ] {
        assert!(up.contains(&t.to_owned()), "{t} missing after up: {up:?}");
    }
    assert_eq!(Migrator::get_pending_migrations(db).await.unwrap().len(), 0);

    Migrator::down(db, None).await.unwrap();
    let down = tables(db).await;
    assert_eq!(
        down,
        vec!["seaql_migrations".to_owned()],
        "only the bookkeeping table is left"
    );

    Migrator::up(db, None).await.unwrap();
    assert_eq!(tables(db).await, up);
});
