//! A story that fails still leaves no database behind: the test database is removed when it
//! is dropped during the panic, on both engines.

use sea_orm::{ConnectionTrait, Statement};
use test_support::{Engine, TestDb, DEFAULT_TEST_DATABASE_URL};

async fn pg_database_exists(name: &str) -> bool {
    let admin_url =
        std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_TEST_DATABASE_URL.into());
    let admin = domain::db::connect(&admin_url).await.unwrap();
    let found = admin
        .query_one_raw(Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT 1 FROM pg_database WHERE datname = $1",
            [name.into()],
        ))
        .await
        .unwrap()
        .is_some();
    admin.close().await.ok();
    found
}

#[tokio::test]
async fn a_panicking_story_leaves_no_database() {
    let sqlite = TestDb::new(Engine::Sqlite).await;
    let file = sqlite
        .url
        .trim_start_matches("sqlite://")
        .trim_end_matches("?mode=rwc")
        .to_owned();
    let pg = TestDb::new(Engine::Postgres).await;
    let name = pg.url.rsplit('/').next().unwrap().to_owned();
    assert!(std::path::Path::new(&file).exists());
    assert!(pg_database_exists(&name).await);

    let story = tokio::spawn(async move {
        let (_sqlite, _pg) = (sqlite, pg);
        panic!("the story failed");
    });
    assert!(story.await.unwrap_err().is_panic());

    assert!(!std::path::Path::new(&file).exists(), "{file} is gone");
    assert!(!pg_database_exists(&name).await, "{name} is gone");
}
