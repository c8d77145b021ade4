//! Shared by the lifecycle and jobs stories: the staff member acting, the demo's date, a job
//! worker over the local cloud, and reading a client's status and jobs.
#![allow(dead_code)]

use app::model::ClientStatus;
use app::server::audit::Actor;
use app::server::entities::{client, job};
use app::server::jobs::Worker;
use app::server::openstack::{LocalOpenStack, OpenStack};
use chrono::Duration;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::sync::Arc;

pub fn staff() -> Actor {
    Actor {
        user_id: None,
        email: "staff@test".into(),
    }
}

pub fn anchor() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// A worker named `id` with a 60 s lease.
pub fn worker(db: &DatabaseConnection, id: &str, openstack: Arc<dyn OpenStack>) -> Worker {
    Worker {
        db: db.clone(),
        openstack,
        id: id.into(),
        lease: Duration::seconds(60),
        wake: Default::default(),
    }
}

/// The OpenStack implementation that acts on our own tables.
pub fn local(db: &DatabaseConnection) -> Arc<dyn OpenStack> {
    Arc::new(LocalOpenStack::new(db.clone()))
}

pub async fn client_row(db: &DatabaseConnection, id: i32) -> Option<client::Model> {
    client::Entity::find_by_id(id).one(db).await.unwrap()
}

pub async fn status(db: &DatabaseConnection, id: i32) -> Option<ClientStatus> {
    client_row(db, id).await.map(|c| c.status)
}

/// The client's jobs, oldest first.
pub async fn jobs_of(db: &DatabaseConnection, id: i32) -> Vec<job::Model> {
    job::Entity::find()
        .filter(job::Column::ClientId.eq(id))
        .order_by_asc(job::Column::Id)
        .all(db)
        .await
        .unwrap()
}
