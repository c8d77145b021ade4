//! Staff mutations leave an audit entry naming who, what and the changed values.

use domain::audit::Actor;
use domain::entities::audit_entry;
use domain::jobs::Worker;
use domain::openstack::LocalOpenStack;
use domain::services::{client_form, lifecycle};
use model::client_form::ClientForm;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::sync::Arc;
use test_support::{configuration, customer, domain_product, ClientBuilder};

fn actor() -> Actor {
    Actor {
        user_id: Some(7),
        email: "auditor@test".into(),
        bulk_run: None,
    }
}

async fn entries(db: &DatabaseConnection, client_id: i32) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::ClientId.eq(client_id))
        .order_by_asc(audit_entry::Column::Id)
        .all(db)
        .await
        .unwrap()
}

test_support::db_test!(client_edits_and_lifecycle_are_audited, |db| {
    // An active client whose cloud project is up; what it took is logged before the story.
    let c = ClientBuilder::new("Acme").active().build(db).await;
    let worker = || Worker {
        db: db.clone(),
        openstack: Arc::new(LocalOpenStack::new(db.clone())),
        id: "w".into(),
        lease: chrono::Duration::seconds(60),
        wake: Default::default(),
    };
    worker().drain().await.unwrap();
    let earlier = entries(db, c.id).await.len();
    let mut form: ClientForm = client_form::load(db, c.id).await.unwrap();
    let old_city = form.city.clone();
    form.city = "Reykjavík".into();
    client_form::save(db, &actor(), Some(c.id), form.clone())
        .await
        .unwrap();

    let created = client_form::save(db, &actor(), None, form).await.unwrap();

    lifecycle::suspend(db, &actor(), c.id, "Fraud check")
        .await
        .unwrap();
    worker().drain().await.unwrap();

    let log = entries(db, c.id).await.split_off(earlier);
    let actions: Vec<&str> = log
        .iter()
        .map(|e| e.action.as_str())
        .filter(|a| a.starts_with("client."))
        .collect();
    assert_eq!(
        actions,
        ["client.update", "client.suspend", "client.suspended"]
    );
    // Between them, the job's effective steps (services stopped, projects disabled).
    assert!(log[2..].iter().all(|e| e.actor_email == "system"
        && ["service.suspended", "project.suspended", "client.suspended"]
            .contains(&e.action.as_str())));
    let update: serde_json::Value = serde_json::from_str(&log[0].changes).unwrap();
    assert_eq!(
        update,
        serde_json::json!({"city": {"from": old_city, "to": "Reykjavík"}})
    );
    assert_eq!(
        (log[0].actor_id, log[0].actor_email.as_str()),
        (Some(7), "auditor@test")
    );
    let suspend: serde_json::Value = serde_json::from_str(&log[1].changes).unwrap();
    assert_eq!(suspend["reason"], "Fraud check");
    assert_eq!(
        suspend["status"],
        serde_json::json!({"from": c.status, "to": "suspending"})
    );
    assert_eq!(log[2].actor_email, "system", "the job's own step");

    let log = entries(db, created).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, "client.create");
    assert!(log[0].changes.contains("Reykjavík"));
});

test_support::db_test!(detail_actions_are_audited, |db| {
    use domain::entities::service;
    use domain::services::{client_users, configurations, domains, invoices, openstack, tickets};
    use model::billing::{NewInvoice, NewInvoiceItem};
    use model::Role;

    domain_product(db, "Domain .com", &["com"], "12.00").await;
    let c = ClientBuilder::new("Acme").active().build(db).await;
    let svc = service::Entity::find()
        .filter(service::Column::ClientId.eq(c.id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let premium = configuration(db, "Premium").await;
    let owner = customer(db, "Olga Owner").await;
    let ada = customer(db, "Ada Lovelace").await;
    let before = entries(db, c.id).await.len();
    let a = actor();

    let item = NewInvoiceItem {
        description: "Consulting".into(),
        quantity: "2".into(),
        unit_price: "50".into(),
    };
    invoices::create(
        db,
        &a,
        c.id,
        NewInvoice {
            items: vec![item],
            due_date: String::new(),
        },
    )
    .await
    .unwrap();
    configurations::change(db, &a, c.id, premium).await.unwrap();
    client_users::associate(db, &a, c.id, owner, vec![Role::Owner])
        .await
        .unwrap();
    client_users::associate(db, &a, c.id, ada, vec![Role::Member])
        .await
        .unwrap();
    client_users::set_roles(db, &a, c.id, ada, vec![Role::Member, Role::Billing])
        .await
        .unwrap();
    client_users::dissociate(db, &a, c.id, ada).await.unwrap();
    domains::register(db, &a, c.id, "audited-example", "com", 1)
        .await
        .unwrap();
    tickets::open(db, &a, c.id, "Audit me", "billing", "Hello there")
        .await
        .unwrap();
    openstack::terminate(db, &a, svc.id).await.unwrap();

    let mine: Vec<audit_entry::Model> = entries(db, c.id).await.split_off(before);
    let actions: Vec<&str> = mine.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "invoice.create",
            "client.change_configuration",
            "user.associate",
            "user.associate",
            "user.set_roles",
            "user.dissociate",
            "domain.register",
            "ticket.open",
            "service.terminate",
        ]
    );
    assert!(mine.iter().all(|e| e.actor_email == "auditor@test"));
});
