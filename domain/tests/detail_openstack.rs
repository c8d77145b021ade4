//! Client detail: the OpenStack service tab and its actions, projects and cloud resources,
//! on SQLite and PostgreSQL.

use domain::entities::{client, instance, pricing_plan, project, service};
use domain::services::{openstack, resources};
use model::cloud::ResourceKind;
use model::{AppError, ClientStatus, ServiceStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use support::resources::InstanceBuilder;
use test_support::{domain_product, pricing_plan, ClientBuilder};

mod support;

/// An Active client's OpenStack service (made with its project).
async fn active_openstack(db: &sea_orm::DatabaseConnection, company: &str) -> service::Model {
    let c = ClientBuilder::new(company).active().build(db).await;
    service::Entity::find()
        .filter(service::Column::ClientId.eq(c.id))
        .one(db)
        .await
        .unwrap()
        .unwrap()
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
    let s = active_openstack(db, "Acme").await;
    let premium = pricing_plan(db, "Premium EUR", "EUR").await;
    let dollars = pricing_plan(db, "Standard USD", "USD").await;
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
    let other = pricing_plan::Entity::find_by_id(premium)
        .one(db)
        .await
        .unwrap()
        .unwrap();
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
    let e = openstack::change_plan(db, test_actor(), s.id, dollars)
        .await
        .unwrap_err();
    assert!(e.field("plan_id").unwrap().contains("bills in"));
    domain_product(db, "Domain .com", &["com"], "12.00").await;
    let domain = domain::services::domains::register(db, test_actor(), c.id, "acme", "com", 1)
        .await
        .unwrap();
    assert!(matches!(
        openstack::change_plan(db, test_actor(), domain.service_id, other.id).await,
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

test_support::db_test!(
    the_resources_tab_counts_each_kind_and_opens_a_resource,
    |db| {
        support::catalogue(db).await;
        let s = active_openstack(db, "Acme").await;
        let cid = s.client_id;
        let p = project::Entity::find()
            .filter(project::Column::ServiceId.eq(s.id))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        for name in ["web-1", "web-2", "db-1"] {
            InstanceBuilder::new(p.id, name).create(db).await;
        }
        let tab = resources::tab(db, cid, ResourceKind::Instances, 1)
            .await
            .unwrap();
        assert_eq!(tab.page.total, 3);
        assert_eq!(
            tab.counts,
            ResourceKind::ALL
                .map(|k| (k, if k == ResourceKind::Instances { 3 } else { 0 }))
                .to_vec()
        );
        for k in ResourceKind::ALL {
            let t = resources::tab(db, cid, k, 1).await.unwrap();
            assert_eq!(t.kind, k);
            assert_eq!(
                t.page.total,
                if k == ResourceKind::Instances { 3 } else { 0 }
            );
        }
        let first = &tab.page.rows[0];
        let i = instance::Entity::find_by_id(first.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(first.name, i.name);
        let detail = resources::get(db, ResourceKind::Instances, first.id)
            .await
            .unwrap();
        assert_eq!(detail.client.0, cid);
        assert_eq!(detail.name, first.name);
        assert_eq!(detail.project.0, p.id);
        let project_page = resources::project(db, p.id).await.unwrap();
        assert_eq!(project_page.client.0, cid);
        assert!(matches!(
            resources::get(db, ResourceKind::Volumes, 0).await,
            Err(AppError::NotFound(_))
        ));
        assert!(matches!(
            resources::get(db, ResourceKind::Volumes, first.id).await,
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
    }
);

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
