//! "Has services" and "has instances" are facts the database keeps on each client (migration
//! 000016): they follow services starting and ending, instances arriving, moving and going,
//! projects and clients being deleted, and a database that already has rows gets them when it
//! migrates. The dashboard's filters read them, with totals from the counters. (Every story
//! also ends with a recount of every fact and counter: `db_test!`.)

mod support;

use domain::entities::{client, instance, product, project, service};
use domain::services::client_query;
use migration::{Migrator, MigratorTrait};
use model::client_query::ClientQuery;
use model::ServiceStatus;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, Set, Statement,
};
use support::resources::{new_project, InstanceBuilder};
use support::{catalogue, new_client};

/// A service of `client` in `status`, of the catalogue's first product.
async fn service(db: &DatabaseConnection, client: i32, status: ServiceStatus) -> service::Model {
    let product = product::Entity::find()
        .order_by_asc(product::Column::Id)
        .one(db)
        .await
        .unwrap()
        .expect("a product");
    support::service_row(db, client, product.id, status).await
}

/// The dashboard's (total, client ids) for one "has ..." filter.
async fn dashboard(
    db: &DatabaseConnection,
    change: impl FnOnce(&mut ClientQuery),
) -> (u64, Vec<i32>) {
    let page = client_query::page(db, &ClientQuery::default().with(change))
        .await
        .unwrap();
    let mut ids: Vec<i32> = page.clients.iter().map(|c| c.id).collect();
    ids.sort();
    (page.total, ids)
}

async fn with_services(db: &DatabaseConnection, yes: bool) -> (u64, Vec<i32>) {
    dashboard(db, |q| q.has_services = Some(yes)).await
}

async fn with_instances(db: &DatabaseConnection, yes: bool) -> (u64, Vec<i32>) {
    dashboard(db, |q| q.has_instances = Some(yes)).await
}

#[test]
fn the_database_and_the_model_agree_on_which_services_ended() {
    let ended: Vec<&str> = ServiceStatus::ENDED.iter().map(|s| s.as_str()).collect();
    assert_eq!(ended, migration::ENDED_SERVICES);
    for s in ServiceStatus::ALL {
        assert_eq!(s.is_live(), !ended.contains(&s.as_str()), "{s:?}");
    }
}

test_support::db_test!(has_services_follows_services_starting_and_ending, |db| {
    catalogue(db).await;
    let acme = new_client(db, "Acme").await;
    let nimbus = new_client(db, "Nimbus").await;
    assert_eq!(with_services(db, true).await, (0, vec![]));
    assert_eq!(with_services(db, false).await, (2, vec![acme, nimbus]));

    // An ended service does not count; a pending one does.
    service(db, acme, ServiceStatus::Cancelled).await;
    assert_eq!(with_services(db, true).await, (0, vec![]));
    let pending = service(db, acme, ServiceStatus::Pending).await;
    let second = service(db, acme, ServiceStatus::Active).await;
    assert_eq!(with_services(db, true).await, (1, vec![acme]));

    // Terminating one of two leaves the client with services; terminating both does not.
    let mut ended: service::ActiveModel = pending.into();
    ended.status = Set(ServiceStatus::Terminated);
    ended.update(db).await.unwrap();
    assert_eq!(with_services(db, true).await, (1, vec![acme]));
    service::Entity::update_many()
        .col_expr(
            service::Column::Status,
            sea_orm::sea_query::Expr::value(ServiceStatus::Terminated),
        )
        .filter(service::Column::ClientId.eq(acme))
        .exec(db)
        .await
        .unwrap();
    assert_eq!(with_services(db, true).await, (0, vec![]));

    // A service handed to another client moves the fact with it.
    let mut revived: service::ActiveModel = second.into();
    revived.status = Set(ServiceStatus::Active);
    revived.client_id = Set(nimbus);
    revived.update(db).await.unwrap();
    assert_eq!(with_services(db, true).await, (1, vec![nimbus]));
    assert_eq!(with_services(db, false).await, (1, vec![acme]));

    // Deleting a client takes its services along (the cascade finds no client to update).
    client::Entity::delete_by_id(nimbus).exec(db).await.unwrap();
    assert_eq!(with_services(db, true).await, (0, vec![]));
});

test_support::db_test!(has_instances_follows_instances_and_projects, |db| {
    catalogue(db).await;
    let acme = new_client(db, "Acme").await;
    let nimbus = new_client(db, "Nimbus").await;
    let acme_prod = new_project(db, acme, "acme-prod").await;
    assert_eq!(with_instances(db, true).await, (0, vec![]));

    let web = InstanceBuilder::new(acme_prod.id, "web").create(db).await;
    InstanceBuilder::new(acme_prod.id, "db").create(db).await;
    assert_eq!(with_instances(db, true).await, (1, vec![acme]));
    assert_eq!(with_instances(db, false).await, (1, vec![nimbus]));

    // An instance moved to another client's project: both clients have one.
    let nimbus_dev = new_project(db, nimbus, "nimbus-dev").await;
    let mut moved: instance::ActiveModel = web.into();
    moved.project_id = Set(nimbus_dev.id);
    let web = moved.update(db).await.unwrap();
    assert_eq!(with_instances(db, true).await, (2, vec![acme, nimbus]));

    // A project handed over takes its instances along.
    let mut handed: project::ActiveModel = acme_prod.clone().into();
    handed.client_id = Set(nimbus);
    handed.update(db).await.unwrap();
    assert_eq!(with_instances(db, true).await, (1, vec![nimbus]));
    assert_eq!(with_instances(db, false).await, (1, vec![acme]));

    // Deleting a project deletes its instances (cascade); deleting the last instance too.
    project::Entity::delete_by_id(acme_prod.id)
        .exec(db)
        .await
        .unwrap();
    assert_eq!(with_instances(db, true).await, (1, vec![nimbus]));
    instance::Entity::delete_by_id(web.id)
        .exec(db)
        .await
        .unwrap();
    assert_eq!(with_instances(db, true).await, (0, vec![]));
    assert_eq!(with_instances(db, false).await, (2, vec![acme, nimbus]));
});

test_support::db_test!(
    a_database_with_rows_gets_its_facts_and_search_keys_when_it_migrates,
    |db| {
        catalogue(db).await;
        let acme = new_client(db, "Acme").await;
        let nimbus = new_client(db, "Nimbus").await;
        new_client(db, "Idle").await;
        service(db, acme, ServiceStatus::Active).await;
        service(db, nimbus, ServiceStatus::Terminated).await;
        let p = new_project(db, nimbus, "nimbus-prod").await;
        InstanceBuilder::new(p.id, "web").create(db).await;

        // Undo 000017 (search keys) and 000016 (facts): their columns, triggers and indexes go.
        // Then migrate the populated database again; `db_test!` recounts facts and keys after.
        let since = Migrator::migrations()
            .iter()
            .rev()
            .position(|m| m.name() == "m20261125_000016_client_facts")
            .expect("the facts' migration")
            + 1;
        Migrator::down(db, Some(since as u32)).await.unwrap();
        Migrator::up(db, None).await.unwrap();
        assert_eq!(
            client_query::page(
                db,
                &ClientQuery::default().with(|q| q.search = "nimbus".into())
            )
            .await
            .unwrap()
            .total,
            1
        );
        assert_eq!(with_services(db, true).await, (1, vec![acme]));
        assert_eq!(with_instances(db, true).await, (1, vec![nimbus]));
        let (total, _) = with_services(db, false).await;
        assert_eq!(total, 2, "nimbus (only an ended service) and Idle");
    }
);

/// The names of the database's indexes, those of keys and constraints included.
async fn index_names(db: &DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY 1",
    };
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.try_get_by_index(0).unwrap())
        .collect()
}

test_support::db_test!(
    an_interrupted_bulk_load_still_ends_with_every_upkeep_trigger_and_index,
    |db| {
        catalogue(db).await;
        let indexes = index_names(db).await;
        assert!(indexes.len() > 50, "{indexes:?}");
        // A load that died after turning the upkeep off, run again on the still-empty database.
        let _died = migration::upkeep::suspend(db).await.unwrap();
        assert!(index_names(db).await.len() < indexes.len(), "set aside");
        let again = migration::upkeep::suspend(db).await.unwrap();
        migration::upkeep::resume(db, again).await.unwrap();
        assert_eq!(index_names(db).await, indexes, "every index is back");

        let acme = new_client(db, "Acme").await;
        service(db, acme, ServiceStatus::Active).await;
        assert_eq!(with_services(db, true).await, (1, vec![acme]));
        assert_eq!(dashboard(db, |q| q.search = "acme".into()).await.0, 1);
    }
);

test_support::db_test!(column_filters_combine_and_are_counted_exactly, |db| {
    catalogue(db).await;
    let acme = test_support::ClientBuilder::new("Acme")
        .tax_exempt()
        .build(db)
        .await
        .id;
    let nimbus = new_client(db, "Nimbus").await;
    let idle = new_client(db, "Idle").await;
    service(db, acme, ServiceStatus::Active).await;
    service(db, nimbus, ServiceStatus::Active).await;
    let exempt_with_services = |db| {
        dashboard(db, |q| {
            q.has_services = Some(true);
            q.tax_exempt = Some(true);
        })
    };
    assert_eq!(exempt_with_services(db).await, (1, vec![acme]));
    assert_eq!(
        dashboard(db, |q| {
            q.has_services = Some(true);
            q.tax_exempt = Some(false);
        })
        .await,
        (1, vec![nimbus])
    );
    let configuration = client::Entity::find_by_id(idle)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .configuration_id;
    assert_eq!(
        dashboard(db, |q| {
            q.configurations = vec![configuration];
            q.has_services = Some(false);
            q.has_instances = Some(false);
        })
        .await,
        (1, vec![idle])
    );

    // Acme's last service ends: it leaves the combination (its profile changes).
    service::Entity::update_many()
        .col_expr(
            service::Column::Status,
            sea_orm::sea_query::Expr::value(ServiceStatus::Cancelled),
        )
        .filter(service::Column::ClientId.eq(acme))
        .exec(db)
        .await
        .unwrap();
    assert_eq!(exempt_with_services(db).await, (0, vec![]));
    assert_eq!(
        dashboard(db, |q| {
            q.has_services = Some(false);
            q.billing_agreement = Some(false);
        })
        .await,
        (2, vec![acme, idle])
    );
});

test_support::db_test!(clients_created_between_two_days_are_counted_per_day, |db| {
    catalogue(db).await;
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    let created = |name: &'static str, on: &'static str| {
        test_support::ClientBuilder::new(name).created_on(day(on))
    };
    let march = created("March", "2026-03-01").build(db).await.id;
    let april = created("April", "2026-04-15").active().build(db).await.id;
    let may = created("May", "2026-05-31").build(db).await.id;
    let today = new_client(db, "Today").await;
    test_support::assert_counts_exact(db).await;

    let between = |from: Option<&'static str>, to: Option<&'static str>| {
        dashboard(db, move |q| {
            q.created_from = from.map(day);
            q.created_to = to.map(day);
        })
    };
    // Both days included.
    assert_eq!(
        between(Some("2026-03-01"), Some("2026-04-15")).await,
        (2, vec![march, april])
    );
    assert_eq!(
        between(Some("2026-03-02"), Some("2026-05-31")).await,
        (2, vec![april, may])
    );
    assert_eq!(between(None, Some("2026-04-14")).await, (1, vec![march]));
    assert_eq!(between(Some("2026-06-01"), None).await, (1, vec![today]));
    assert_eq!(
        between(Some("2026-05-01"), Some("2026-04-01")).await,
        (0, vec![])
    );

    // With the status, and per status.
    let active_in_spring = dashboard(db, |q| {
        q.created_from = Some(day("2026-03-01"));
        q.created_to = Some(day("2026-05-31"));
        q.statuses = vec![model::ClientStatus::Active];
    })
    .await;
    assert_eq!(active_in_spring, (1, vec![april]));
    let page = client_query::page(
        db,
        &ClientQuery::default().with(|q| q.created_to = Some(day("2026-12-31"))),
    )
    .await
    .unwrap();
    let per_status: Vec<_> = page
        .status_totals
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(
        per_status,
        [
            (model::ClientStatus::Active, 1),
            (model::ClientStatus::Inactive, 3)
        ]
    );

    // A client leaves the range when deleted.
    client::Entity::delete_by_id(may).exec(db).await.unwrap();
    test_support::assert_counts_exact(db).await;
    assert_eq!(between(Some("2026-05-01"), None).await, (1, vec![today]));
});
