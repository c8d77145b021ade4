//! Suspend, resume and delete on real data, both engines.

use app::model::{AppError, ClientStatus, InvoiceStatus, ServiceStatus};
use app::server::entities::{client, invoice, journal_entry, project, service};
use app::server::{seed, services::lifecycle};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

fn staff() -> app::server::audit::Actor {
    app::server::audit::Actor {
        user_id: None,
        email: "staff@test".into(),
    }
}

fn anchor() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// An Active client that has a project and at least one non-active service too.
async fn active_client_with_project(db: &sea_orm::DatabaseConnection) -> client::Model {
    let clients = client::Entity::find()
        .filter(client::Column::Status.eq(ClientStatus::Active))
        .all(db)
        .await
        .unwrap();
    for c in clients {
        let has_project = project::Entity::find()
            .filter(project::Column::ClientId.eq(c.id))
            .one(db)
            .await
            .unwrap()
            .is_some();
        if has_project {
            return c;
        }
    }
    panic!("the demo data has an active client with a project");
}

async fn services_of(db: &sea_orm::DatabaseConnection, id: i32) -> Vec<service::Model> {
    service::Entity::find()
        .filter(service::Column::ClientId.eq(id))
        .order_by_asc(service::Column::Id)
        .all(db)
        .await
        .unwrap()
}

app::db_test!(suspend_then_resume_restores_what_was_active, |db| {
    seed::seed_demo_if_empty(db, anchor()).await.unwrap();
    let c = active_client_with_project(db).await;
    let before = services_of(db, c.id).await;

    lifecycle::suspend(db, &staff(), c.id, "Unpaid invoices")
        .await
        .unwrap();
    let after = client::Entity::find_by_id(c.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.status, ClientStatus::Suspended);
    assert_eq!(after.suspension_reason.as_deref(), Some("Unpaid invoices"));
    assert!(services_of(db, c.id)
        .await
        .iter()
        .all(|s| s.status != ServiceStatus::Active));
    let projects = project::Entity::find()
        .filter(project::Column::ClientId.eq(c.id))
        .all(db)
        .await
        .unwrap();
    assert!(!projects.is_empty() && projects.iter().all(|p| p.disabled));

    // Refused transitions say why and change nothing.
    let again = lifecycle::suspend(db, &staff(), c.id, "")
        .await
        .unwrap_err();
    assert_eq!(
        again,
        AppError::Conflict("Cannot suspend a client that is suspended.".into())
    );

    assert_eq!(
        lifecycle::resume(db, &staff(), c.id).await.unwrap(),
        ClientStatus::Active
    );
    let restored = services_of(db, c.id).await;
    let statuses = |v: &[service::Model]| v.iter().map(|s| (s.id, s.status)).collect::<Vec<_>>();
    assert_eq!(
        statuses(&restored),
        statuses(&before),
        "service statuses are as before"
    );
    assert!(matches!(
        lifecycle::resume(db, &staff(), c.id).await,
        Err(AppError::Conflict(_))
    ));
});

app::db_test!(delete_removes_the_client_and_keeps_its_accounting, |db| {
    seed::seed_demo_if_empty(db, anchor()).await.unwrap();
    let c = active_client_with_project(db).await;
    let invoices = invoice::Entity::find()
        .filter(invoice::Column::ClientId.eq(c.id))
        .all(db)
        .await
        .unwrap();
    let entries = journal_entry::Entity::find()
        .filter(journal_entry::Column::ClientId.eq(c.id))
        .all(db)
        .await
        .unwrap();

    lifecycle::delete(db, &staff(), c.id).await.unwrap();
    assert!(client::Entity::find_by_id(c.id)
        .one(db)
        .await
        .unwrap()
        .is_none());
    assert!(services_of(db, c.id).await.is_empty());
    for i in &invoices {
        let kept = invoice::Entity::find_by_id(i.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(kept.client_id, None);
        assert_eq!(kept.client_name, i.client_name);
        assert_eq!(kept.total, i.total);
        assert!(InvoiceStatus::ALL.contains(&kept.status));
    }
    for e in &entries {
        assert!(journal_entry::Entity::find_by_id(e.id)
            .one(db)
            .await
            .unwrap()
            .is_some());
    }
    assert_eq!(
        lifecycle::delete(db, &staff(), c.id).await.unwrap_err(),
        AppError::NotFound(format!("Client {}", c.id))
    );
});
