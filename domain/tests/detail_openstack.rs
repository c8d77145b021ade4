//! Client detail: the OpenStack service tab and its actions, projects and cloud resources,
//! over the demo data on SQLite and PostgreSQL.

use domain::entities::{client, instance, pricing_plan, product, project, service};
use domain::services::{openstack, resources};
use model::cloud::ResourceKind;
use model::{AppError, ClientStatus, ProductType, ServiceStatus};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use test_support::{anchor, ClientBuilder};

async fn openstack_product_ids(db: &sea_orm::DatabaseConnection) -> Vec<i32> {
    product::Entity::find()
        .filter(product::Column::ProductType.eq(ProductType::Openstack))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect()
}

/// An active OpenStack service of an Active client, with a project.
async fn active_openstack(db: &sea_orm::DatabaseConnection) -> service::Model {
    let ids = openstack_product_ids(db).await;
    for s in service::Entity::find()
        .filter(service::Column::ProductId.is_in(ids))
        .filter(service::Column::Status.eq(ServiceStatus::Active))
        .all(db)
        .await
        .unwrap()
    {
        let c = client::Entity::find_by_id(s.client_id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let has_project = project::Entity::find()
            .filter(project::Column::ServiceId.eq(s.id))
            .count(db)
            .await
            .unwrap()
            > 0;
        if c.status == ClientStatus::Active && has_project {
            return s;
        }
    }
    panic!("the demo has an active OpenStack service");
}

async fn status_of(db: &sea_orm::DatabaseConnection, id: i32) -> ClientStatus {
    client::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .status
}

test_support::db_test!(tab_shows_the_service_and_plans_change, |db| {
    demo::seed_demo_if_empty(db, anchor()).await.unwrap();
    let s = active_openstack(db).await;
    let c = client::Entity::find_by_id(s.client_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let tab = openstack::tab(db, c.id).await.unwrap();
    let shown = tab.service.clone().unwrap();
    assert_eq!(shown.service_id, s.id);
    assert_eq!(shown.status, ServiceStatus::Active);
    let p = project::Entity::find()
        .filter(project::Column::ServiceId.eq(s.id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(shown.project.as_ref().map(|x| x.0), Some(p.id));
    assert_eq!(
        shown.project_domain_id.as_deref(),
        Some(p.project_domain_id.as_str())
    );
    assert!(tab.plans.iter().all(|p| p.currency == c.currency));

    // Change to another plan in the client's currency.
    let other = pricing_plan::Entity::find()
        .filter(pricing_plan::Column::Currency.eq(c.currency.clone()))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .find(|p| Some(p.id) != s.pricing_plan_id)
        .expect("a second plan in the client's currency");
    openstack::change_plan(db, test_actor(), s.id, other.id)
        .await
        .unwrap();
    let after = service::Entity::find_by_id(s.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.pricing_plan_id, Some(other.id));
    // Recorded: the service page lists the change, from the old plan to the new one.
    let old_name = match s.pricing_plan_id {
        Some(id) => {
            pricing_plan::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .name
        }
        None => "none".to_owned(),
    };
    let page = domain::services::billing_services::get(db, s.id)
        .await
        .unwrap();
    assert_eq!(page.plan_changes.len(), 1);
    assert_eq!(page.plan_changes[0].from, old_name);
    assert_eq!(page.plan_changes[0].to, other.name);
    assert_eq!(page.pricing_plan.as_deref(), Some(other.name.as_str()));
    assert_eq!(
        openstack::tab(db, c.id)
            .await
            .unwrap()
            .service
            .unwrap()
            .pricing_plan
            .unwrap()
            .id,
        other.id
    );
    // Rejected: the same plan again, an unknown plan, a plan in another currency, not OpenStack.
    let e = openstack::change_plan(db, test_actor(), s.id, other.id)
        .await
        .unwrap_err();
    assert_eq!(
        e.field("plan_id").as_deref(),
        Some("The service already uses this plan.")
    );
    let e = openstack::change_plan(db, test_actor(), s.id, 999_999)
        .await
        .unwrap_err();
    assert!(e.field("plan_id").is_some());
    if let Some(foreign) = pricing_plan::Entity::find()
        .filter(pricing_plan::Column::Currency.ne(c.currency.clone()))
        .one(db)
        .await
        .unwrap()
    {
        let e = openstack::change_plan(db, test_actor(), s.id, foreign.id)
            .await
            .unwrap_err();
        assert!(e.field("plan_id").unwrap().contains("bills in"));
    }
    let not_os = service::Entity::find()
        .filter(service::Column::ProductId.is_not_in(openstack_product_ids(db).await))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(
        openstack::change_plan(db, test_actor(), not_os.id, other.id).await,
        Err(AppError::BadRequest(_))
    ));
    assert!(matches!(
        openstack::change_plan(db, test_actor(), 0, other.id).await,
        Err(AppError::NotFound(_))
    ));
    let page = domain::services::billing_services::get(db, s.id)
        .await
        .unwrap();
    assert_eq!(
        page.plan_changes.len(),
        1,
        "refused changes are not recorded"
    );
});

test_support::db_test!(terminate_recomputes_status_and_create_starts_again, |db| {
    // Acme's only service is its OpenStack one: terminating it leaves Acme inactive.
    let cid = ClientBuilder::new("Acme").active().build(db).await.id;
    let s = service::Entity::find()
        .filter(service::Column::ClientId.eq(cid))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let status = openstack::terminate(db, test_actor(), s.id).await.unwrap();
    assert_eq!(status, ClientStatus::Inactive);
    assert_eq!(status_of(db, cid).await, ClientStatus::Inactive);
    let t = service::Entity::find_by_id(s.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.status, ServiceStatus::Terminated);
    assert!(t.terminated_at.is_some());
    assert!(project::Entity::find()
        .filter(project::Column::ServiceId.eq(s.id))
        .all(db)
        .await
        .unwrap()
        .iter()
        .all(|p| p.disabled));
    // A second termination is refused.
    assert!(matches!(
        openstack::terminate(db, test_actor(), s.id).await,
        Err(AppError::Conflict(_))
    ));
    let tab = openstack::tab(db, cid).await.unwrap();
    assert_eq!(tab.service.unwrap().status, ServiceStatus::Terminated);

    // Create a new one: rejected plan first, then a good one.
    let c = client::Entity::find_by_id(cid)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let e = openstack::create(db, test_actor(), cid, 999_999)
        .await
        .unwrap_err();
    assert!(e.field("plan_id").is_some());
    let plan = tab.plans[0].id;
    let new_id = openstack::create(db, test_actor(), cid, plan)
        .await
        .unwrap();
    let n = service::Entity::find_by_id(new_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(n.status, ServiceStatus::Active);
    assert_eq!(n.pricing_plan_id, Some(plan));
    assert_eq!(status_of(db, cid).await, ClientStatus::Active);
    let tab = openstack::tab(db, cid).await.unwrap();
    let shown = tab.service.unwrap();
    assert_eq!(shown.service_id, new_id);
    assert!(shown.project.is_some());
    assert_eq!(c.currency, tab.plans[0].currency);
    // Only one live OpenStack service per client (a message on the form's plan field).
    assert_eq!(
        openstack::create(db, test_actor(), cid, plan)
            .await
            .unwrap_err()
            .field("plan_id")
            .as_deref(),
        Some("The client already has an OpenStack service.")
    );
    assert!(matches!(
        openstack::create(db, test_actor(), 999_999, plan).await,
        Err(AppError::NotFound(_))
    ));
});

test_support::db_test!(resources_list_per_kind_and_pages, |db| {
    demo::seed_demo_if_empty(db, anchor()).await.unwrap();
    // The client with the most instances.
    let mut best = (0u64, 0i32);
    for p in project::Entity::find().all(db).await.unwrap() {
        let n = instance::Entity::find()
            .filter(instance::Column::ProjectId.eq(p.id))
            .count(db)
            .await
            .unwrap();
        if n > best.0 {
            best = (n, p.client_id);
        }
    }
    let (n, cid) = best;
    assert!(n > 0);
    let tab = resources::tab(db, cid, ResourceKind::Instances, 1)
        .await
        .unwrap();
    assert_eq!(tab.page.total, n);
    assert_eq!(tab.counts.len(), 7);
    assert_eq!(tab.counts[0], (ResourceKind::Instances, n));
    for k in ResourceKind::ALL {
        let t = resources::tab(db, cid, k, 1).await.unwrap();
        assert_eq!(t.kind, k);
        assert_eq!(
            t.page.total,
            tab.counts.iter().find(|c| c.0 == k).unwrap().1
        );
        if let Some(r) = t.page.rows.first() {
            let detail = resources::get(db, k, r.id).await.unwrap();
            assert_eq!(detail.client.0, cid);
            assert_eq!(detail.name, r.name);
            let p = resources::project(db, detail.project.0).await.unwrap();
            assert_eq!(p.client.0, cid);
        }
    }
    let first = &tab.page.rows[0];
    let i = instance::Entity::find_by_id(first.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.name, i.name);
    assert!(matches!(
        resources::get(db, ResourceKind::Volumes, 0).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        resources::project(db, 0).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        resources::tab(db, 999_999, ResourceKind::Ports, 1).await,
        Err(AppError::NotFound(_))
    ));
});

/// The staff member the audit log names in these tests (static: some calls outlive a temporary).
fn test_actor() -> &'static domain::audit::Actor {
    static ACTOR: std::sync::LazyLock<domain::audit::Actor> =
        std::sync::LazyLock::new(|| domain::audit::Actor {
            user_id: None,
            email: "staff@test".into(),
            bulk_run: None,
        });
    &ACTOR
}
