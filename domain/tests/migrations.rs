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

test_support::db_test!(products_learn_the_tlds_they_sold_by_code, |db| {
    use domain::entities::{product, product_tld};
    use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder, Set};
    // A database from before 000022, whose catalogue sold domains by these codes.
    let since = Migrator::migrations()
        .iter()
        .rev()
        .position(|m| m.name() == "m20261126_000022_product_tlds")
        .expect("the TLDs' migration")
        + 1;
    Migrator::down(db, Some(since as u32)).await.unwrap();
    let mut ids = Vec::new();
    for code in ["dom-com", "dom-cc", "vps-small"] {
        let p = product::ActiveModel {
            name: Set(code.into()),
            code: Set(code.into()),
            product_type: Set(model::ProductType::Domain),
            description: Set(String::new()),
            enabled: Set(true),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        };
        ids.push(p.insert(db).await.unwrap().id);
    }
    Migrator::up(db, None).await.unwrap();
    let sold: Vec<(String, i32)> = product_tld::Entity::find()
        .order_by_asc(product_tld::Column::Tld)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.tld, t.product_id))
        .collect();
    let (com, cc) = (ids[0], ids[1]);
    // .eu and .io had no product here: they stay unsold rather than guessed.
    assert_eq!(
        sold,
        [
            ("ch", cc),
            ("co.uk", cc),
            ("com", com),
            ("com.au", cc),
            ("de", cc),
            ("fr", cc),
            ("nl", cc),
            ("pl", cc),
            ("ro", cc),
            ("se", cc),
        ]
        .map(|(t, p)| (t.to_owned(), p))
    );
});
