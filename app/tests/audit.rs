//! Staff mutations leave an audit entry naming who, what and the changed values.

use app::model::client_form::ClientForm;
use app::server::audit::Actor;
use app::server::entities::{audit_entry, client};
use app::server::jobs::Worker;
use app::server::openstack::LocalOpenStack;
use app::server::seed;
use app::server::services::{client_form, lifecycle};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::sync::Arc;

fn actor() -> Actor {
    Actor {
        user_id: Some(7),
        email: "auditor@test".into(),
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

app::db_test!(client_edits_and_lifecycle_are_audited, |db| {
    seed::seed_demo_if_empty(db, chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap())
        .await
        .unwrap();
    let c = client::Entity::find()
        .filter(client::Column::Company.ne(""))
        .one(db)
        .await
        .unwrap()
        .unwrap();
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
    Worker {
        db: db.clone(),
        openstack: Arc::new(LocalOpenStack::new(db.clone())),
        id: "w".into(),
        lease: chrono::Duration::seconds(60),
        wake: Default::default(),
    }
    .drain()
    .await
    .unwrap();

    let log = entries(db, c.id).await;
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["client.update", "client.suspend", "client.suspended"]
    );
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
