//! What each client uses (migration 000024: groups, products, service types, regions, flavors,
//! hypervisors) is kept by the database as rows change, whatever code changes them, so the
//! dashboard's related-row filters are index lookups and one value alone is counted by the
//! counters. Each step checks the dashboard's page and its per-status totals, and that every
//! counter and use equals a recount (`db_test!` checks it once more at the end).

mod support;

use domain::entities::{
    client, client_group_member, flavor, instance, product, project, region, service,
};
use domain::services::client_query;
use migration::{Migrator, MigratorTrait};
use model::client_query::ClientQuery;
use model::{ClientStatus, ProductType, ServiceStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use support::resources::{new_project, InstanceBuilder};
use support::{catalogue, new_client};
use test_support::{assert_counts_exact, group, ClientBuilder};

/// What the dashboard shows for a filter: the total, the ids, and the clients per status
/// (only the statuses that have any).
#[derive(Debug, PartialEq)]
struct Shown {
    total: u64,
    ids: Vec<i32>,
    per_status: Vec<(ClientStatus, u64)>,
}

async fn shown(db: &DatabaseConnection, change: impl FnOnce(&mut ClientQuery)) -> Shown {
    let page = client_query::page(db, &ClientQuery::default().with(change))
        .await
        .unwrap();
    let mut ids: Vec<i32> = page.clients.iter().map(|c| c.id).collect();
    ids.sort();
    // A step's counts are checked against a recount right away, not only at the end.
    assert_counts_exact(db).await;
    Shown {
        total: page.total,
        ids,
        per_status: page
            .status_totals
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .collect(),
    }
}

fn inactive(ids: &[i32]) -> Shown {
    Shown {
        total: ids.len() as u64,
        ids: ids.to_vec(),
        per_status: if ids.is_empty() {
            vec![]
        } else {
            vec![(ClientStatus::Inactive, ids.len() as u64)]
        },
    }
}

async fn products(db: &DatabaseConnection) -> Vec<product::Model> {
    product::Entity::find()
        .order_by_asc(product::Column::Id)
        .all(db)
        .await
        .unwrap()
}

async fn live_service(db: &DatabaseConnection, client: i32, product: i32) -> service::Model {
    support::service_row(db, client, product, ServiceStatus::Pending).await
}

/// The catalogue, a group and Acme in it.
async fn early_adopter(db: &DatabaseConnection) -> (i32, i32) {
    catalogue(db).await;
    let group = group(db, "Early adopters").await;
    let acme = ClientBuilder::new("Acme")
        .in_group(group)
        .build(db)
        .await
        .id;
    (group, acme)
}

async fn set_status(db: &DatabaseConnection, id: i32, status: ClientStatus) {
    client::Entity::update_many()
        .col_expr(client::Column::Status, Expr::value(status.as_str()))
        .filter(client::Column::Id.eq(id))
        .exec(db)
        .await
        .unwrap();
}

test_support::db_test!(groups_and_services_are_filtered_and_counted_as_used, |db| {
    let (resellers, acme) = early_adopter(db).await;
    let nimbus = new_client(db, "Nimbus").await;
    new_client(db, "Idle").await;
    assert_eq!(
        shown(db, |q| q.groups = vec![resellers]).await,
        inactive(&[acme])
    );

    // Joining a group by a plain insert, and a status change, are followed.
    client_group_member::ActiveModel {
        client_id: Set(nimbus),
        group_id: Set(resellers),
    }
    .insert(db)
    .await
    .unwrap();
    set_status(db, nimbus, ClientStatus::Suspended).await;
    assert_eq!(
        shown(db, |q| q.groups = vec![resellers]).await,
        Shown {
            total: 2,
            ids: vec![acme, nimbus],
            per_status: vec![(ClientStatus::Inactive, 1), (ClientStatus::Suspended, 1)],
        }
    );
    let only_suspended = shown(db, |q| {
        q.groups = vec![resellers];
        q.statuses = vec![ClientStatus::Suspended];
    })
    .await;
    assert_eq!(
        (only_suspended.total, only_suspended.ids),
        (1, vec![nimbus])
    );

    // Two services of one product are one use; it ends when the last one ends.
    let catalogue = products(db).await;
    let (hosting, other) = {
        let mut kinds = catalogue.iter();
        let first = kinds.next().unwrap().clone();
        let other = catalogue
            .iter()
            .find(|p| p.product_type != first.product_type)
            .expect("two product types")
            .clone();
        (first, other)
    };
    let first = live_service(db, acme, hosting.id).await;
    live_service(db, acme, hosting.id).await;
    assert_eq!(
        shown(db, |q| q.products = vec![hosting.id]).await,
        inactive(&[acme])
    );
    assert_eq!(
        shown(db, |q| q.service_types = vec![hosting.product_type]).await,
        inactive(&[acme])
    );
    service::Entity::update_many()
        .col_expr(
            service::Column::Status,
            Expr::value(ServiceStatus::Terminated),
        )
        .filter(service::Column::Id.eq(first.id))
        .exec(db)
        .await
        .unwrap();
    assert_eq!(
        shown(db, |q| q.products = vec![hosting.id]).await,
        inactive(&[acme])
    );
    service::Entity::update_many()
        .col_expr(
            service::Column::Status,
            Expr::value(ServiceStatus::Cancelled),
        )
        .filter(service::Column::ClientId.eq(acme))
        .exec(db)
        .await
        .unwrap();
    assert_eq!(
        shown(db, |q| q.products = vec![hosting.id]).await,
        inactive(&[])
    );

    // Several values: a client using both is one client. Filters combine.
    live_service(db, acme, hosting.id).await;
    live_service(db, acme, other.id).await;
    live_service(db, nimbus, other.id).await;
    let both = shown(db, |q| q.products = vec![hosting.id, other.id]).await;
    assert_eq!((both.total, both.ids), (2, vec![acme, nimbus]));
    let combined = shown(db, |q| {
        q.products = vec![other.id];
        q.service_types = vec![hosting.product_type];
        q.groups = vec![resellers];
    })
    .await;
    assert_eq!(combined, inactive(&[acme]));

    // With a column filter: each use carries its client's profile.
    let with_services = shown(db, |q| {
        q.groups = vec![resellers];
        q.has_services = Some(true);
    })
    .await;
    assert_eq!(
        (with_services.total, with_services.ids),
        (2, vec![acme, nimbus])
    );
    let exempt = shown(db, |q| {
        q.groups = vec![resellers];
        q.has_services = Some(true);
        q.tax_exempt = Some(true);
    })
    .await;
    assert_eq!(exempt, inactive(&[]));

    // A product changing type takes its clients along.
    let mut retyped: product::ActiveModel = other.clone().into();
    let new_type = ProductType::ALL
        .iter()
        .copied()
        .find(|t| *t != other.product_type && *t != hosting.product_type)
        .expect("a third product type");
    retyped.product_type = Set(new_type);
    retyped.update(db).await.unwrap();
    let retyped = shown(db, |q| q.service_types = vec![new_type]).await;
    assert_eq!((retyped.total, retyped.ids), (2, vec![acme, nimbus]));

    // Deleting a client takes its uses along; a group nobody uses shows nobody.
    client::Entity::delete_by_id(nimbus).exec(db).await.unwrap();
    assert_eq!(
        shown(db, |q| q.groups = vec![resellers]).await,
        inactive(&[acme])
    );
    let empty = group(db, "Nobody here").await;
    assert_eq!(shown(db, |q| q.groups = vec![empty]).await, inactive(&[]));
});

test_support::db_test!(instances_are_used_through_their_projects, |db| {
    catalogue(db).await;
    let regions: Vec<i32> = region::Entity::find()
        .order_by_asc(region::Column::Id)
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let flavors: Vec<i32> = flavor::Entity::find()
        .order_by_asc(flavor::Column::Id)
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|f| f.id)
        .collect();
    let (r1, r2, f1, f2) = (regions[0], regions[1], flavors[0], flavors[1]);
    let acme = new_client(db, "Acme").await;
    let nimbus = new_client(db, "Nimbus").await;
    let acme_prod = new_project(db, acme, "acme-prod").await;
    let nimbus_dev = new_project(db, nimbus, "nimbus-dev").await;
    let web = InstanceBuilder::new(acme_prod.id, "web")
        .region(r1)
        .flavor(f1)
        .create(db)
        .await;
    InstanceBuilder::new(nimbus_dev.id, "api")
        .region(r2)
        .flavor(f1)
        .create(db)
        .await;
    assert_eq!(shown(db, |q| q.regions = vec![r1]).await, inactive(&[acme]));
    assert_eq!(
        shown(db, |q| q.flavors = vec![f1]).await,
        inactive(&[acme, nimbus])
    );
    let both = shown(db, |q| q.regions = vec![r1, r2]).await;
    assert_eq!((both.total, both.ids), (2, vec![acme, nimbus]));
    assert_eq!(
        shown(db, |q| {
            q.regions = vec![r2];
            q.flavors = vec![f1];
        })
        .await,
        inactive(&[nimbus])
    );

    // An instance resized and moved to another region.
    let mut resized: instance::ActiveModel = web.into();
    resized.flavor_id = Set(f2);
    resized.region_id = Set(r2);
    resized.update(db).await.unwrap();
    assert_eq!(shown(db, |q| q.regions = vec![r1]).await, inactive(&[]));
    assert_eq!(shown(db, |q| q.flavors = vec![f2]).await, inactive(&[acme]));

    // A project handed over takes its instances' uses along.
    let mut handed: project::ActiveModel = acme_prod.clone().into();
    handed.client_id = Set(nimbus);
    handed.update(db).await.unwrap();
    assert_eq!(
        shown(db, |q| q.flavors = vec![f2]).await,
        inactive(&[nimbus])
    );
    assert_eq!(
        shown(db, |q| q.regions = vec![r2]).await,
        inactive(&[nimbus])
    );

    // Deleting a project (its instances go by cascade) leaves the other project's uses.
    project::Entity::delete_by_id(acme_prod.id)
        .exec(db)
        .await
        .unwrap();
    assert_eq!(shown(db, |q| q.flavors = vec![f2]).await, inactive(&[]));
    assert_eq!(
        shown(db, |q| q.flavors = vec![f1]).await,
        inactive(&[nimbus])
    );
});

test_support::db_test!(a_database_with_rows_gets_its_uses_when_it_migrates, |db| {
    let (resellers, acme) = early_adopter(db).await;
    let nimbus = new_client(db, "Nimbus").await;
    let p = new_project(db, nimbus, "nimbus-prod").await;
    let web = InstanceBuilder::new(p.id, "web").create(db).await;

    // Undo 000024, then migrate the populated database again.
    let since = Migrator::migrations()
        .iter()
        .rev()
        .position(|m| m.name() == "m20261126_000024_client_uses")
        .expect("the uses' migration")
        + 1;
    Migrator::down(db, Some(since as u32)).await.unwrap();
    Migrator::up(db, None).await.unwrap();
    assert_eq!(
        shown(db, |q| q.groups = vec![resellers]).await,
        inactive(&[acme])
    );
    assert_eq!(
        shown(db, |q| q.regions = vec![web.region_id]).await,
        inactive(&[nimbus])
    );
});
