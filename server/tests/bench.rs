//! `server bench` on a small generated database: every case it chooses is served as a signed-in
//! page, the load runs without errors, and the account it signed in with is retired after.

use demo::SeedOptions;
use domain::auth::bootstrap::BENCH_EMAIL;
use domain::entities::user;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::bench::{self, Options};
use test_support::db_test;

db_test!(bench_serves_every_case_and_retires_its_account, |db| {
    let anchor = chrono::Utc::now().date_naive();
    demo::seed(
        db,
        &SeedOptions {
            clients: 40,
            seed: 7,
            anchor,
        },
        &mut |_, _| {},
    )
    .await
    .unwrap();

    let cases = bench::cases(db).await.unwrap();
    let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    for expected in [
        "default",
        "sort company asc",
        "sort group desc",
        "has services no",
        "search non-ASCII",
        "search client ID",
        "page last (2)",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    for filter in [
        "configuration",
        "group",
        "region",
        "flavor",
        "hypervisor",
        "product",
    ] {
        let none = format!("{filter} none (");
        assert!(
            names.iter().any(|n| n.starts_with(&none)),
            "a value no client has for {filter}: {names:?}"
        );
    }
    assert_eq!(names.iter().filter(|n| n.starts_with("combo")).count(), 4);

    let members_before = domain::entities::client_group_member::Entity::find()
        .all(db)
        .await
        .unwrap()
        .len();
    let report = bench::run(
        db.clone(),
        Options {
            runs: 1,
            load_secs: 1,
            connections: 2,
            only: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(report.cases.len(), cases.len());
    let default = &report.cases[0];
    assert_eq!((default.name.as_str(), default.total), ("default", 40));
    let none = report
        .cases
        .iter()
        .find(|c| c.name.starts_with("region none"))
        .unwrap();
    assert_eq!(none.total, 0, "{}", none.path);
    let last = report
        .cases
        .iter()
        .find(|c| c.name == "page last (2)")
        .unwrap();
    assert_eq!(last.path, "/staff/clients?page=2");
    assert_eq!(report.loads.len(), 3);
    // The exports stream every matching client.
    assert_eq!(report.exports.len(), 2);
    assert_eq!(report.exports[0].rows, 40, "{:?}", report.exports[0]);
    let active = domain::services::clients::list(
        db,
        &model::client_query::ClientQuery {
            statuses: vec![model::ClientStatus::Active],
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .total;
    assert!(active > 0);
    assert_eq!(report.exports[1].rows, active, "{:?}", report.exports[1]);
    for l in &report.loads {
        assert!(l.requests > 0 && l.errors == 0, "{l:?}");
    }
    // The bulk runs act on every active client, and leave no group behind.
    assert_eq!(report.bulks.len(), 2);
    for b in &report.bulks {
        assert_eq!((b.clients, b.done), (active, active), "{b:?}");
    }
    assert_eq!(
        domain::entities::client_group_member::Entity::find()
            .all(db)
            .await
            .unwrap()
            .len(),
        members_before,
        "the bench's group memberships are gone again"
    );

    let account = user::Entity::find()
        .filter(user::Column::Email.eq(BENCH_EMAIL))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        !account.is_active,
        "the bench account is retired after the run"
    );
});
