//! Shared by the lifecycle and jobs stories: the staff member acting, the demo's date, a job
//! worker over the local cloud, and reading a client's status and jobs.
#![allow(dead_code)]

pub mod cloud;
pub mod credit;
pub mod invoices;
pub mod resources;

use chrono::Duration;
use demo::SeedOptions;
use domain::audit::Actor;
use domain::entities::pricing_plan;
use domain::entities::project;
use domain::entities::{client, job};
use domain::jobs::Progress;
use domain::jobs::Worker;
use domain::openstack::{Inventory, LocalOpenStack, OpenStack, OpenStackError};
use model::ClientStatus;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::sync::Arc;

// Not every story file uses both.
#[allow(unused_imports)]
pub use test_support::{anchor, staff};

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

/// What a test cloud does first in each suspend, resume or delete call (fail, wait, ...).
#[async_trait::async_trait]
pub trait Before: Send + Sync {
    async fn before(&self) -> Result<(), OpenStackError>;
}

/// The local cloud, with `before` run first in every suspend, resume and delete call.
pub struct Intercepted<B> {
    inner: LocalOpenStack,
    pub before: B,
}

impl<B> Intercepted<B> {
    pub fn new(db: &DatabaseConnection, before: B) -> Arc<Self> {
        Arc::new(Intercepted {
            inner: LocalOpenStack::new(db.clone()),
            before,
        })
    }
}

#[async_trait::async_trait]
impl<B: Before> OpenStack for Intercepted<B> {
    fn describe(&self) -> String {
        self.inner.describe()
    }
    async fn create_project(&self, p: &project::Model) -> Result<String, OpenStackError> {
        self.inner.create_project(p).await
    }
    async fn inventory(
        &self,
        client: i32,
        known: &[project::Model],
    ) -> Result<Inventory, OpenStackError> {
        self.inner.inventory(client, known).await
    }
    async fn suspend_project(
        &self,
        p: &project::Model,
        progress: &Progress,
    ) -> Result<(), OpenStackError> {
        self.before.before().await?;
        self.inner.suspend_project(p, progress).await
    }
    async fn resume_project(
        &self,
        p: &project::Model,
        progress: &Progress,
    ) -> Result<(), OpenStackError> {
        self.before.before().await?;
        self.inner.resume_project(p, progress).await
    }
    async fn delete_project(
        &self,
        p: &project::Model,
        progress: &Progress,
    ) -> Result<(), OpenStackError> {
        self.before.before().await?;
        self.inner.delete_project(p, progress).await
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

/// The catalogue (configurations, products, plans) and no clients.
pub async fn catalogue(db: &DatabaseConnection) {
    let opts = SeedOptions {
        clients: 0,
        seed: 7,
        anchor: anchor(),
    };
    demo::seed(db, &opts, &mut |_, _| {}).await.unwrap();
}

/// A service of `client` for `product`, in `status`, inserted as a row (no billing).
pub async fn service_row(
    db: &DatabaseConnection,
    client: i32,
    product: i32,
    status: model::ServiceStatus,
) -> domain::entities::service::Model {
    use sea_orm::{ActiveModelTrait, Set};
    domain::entities::service::ActiveModel {
        client_id: Set(client),
        product_id: Set(product),
        display_name: Set(format!("{} service", status.as_str())),
        status: Set(status),
        suspended_with_client: Set(false),
        created_at: Set(chrono::Utc::now()),
        updated_at: Set(chrono::Utc::now()),
        is_openstack: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
}

/// A new EUR client named `name`, with no services (Inactive).
pub async fn new_client(db: &DatabaseConnection, name: &str) -> i32 {
    let slug = name.to_lowercase().replace(' ', "-");
    new_client_reached_at(db, name, &format!("{slug}@example.test")).await
}

/// The same, for a company name that would not make an e-mail address.
pub async fn new_client_reached_at(db: &DatabaseConnection, name: &str, email: &str) -> i32 {
    test_support::ClientBuilder::new(name)
        .email(email)
        .build(db)
        .await
        .id
}

pub async fn eur_plan(db: &DatabaseConnection) -> i32 {
    pricing_plan::Entity::find()
        .filter(pricing_plan::Column::Currency.eq("EUR"))
        .order_by_asc(pricing_plan::Column::Id)
        .one(db)
        .await
        .unwrap()
        .expect("an EUR plan")
        .id
}

/// A staff account named `name` (read-only role, no password): who a story acts as.
pub async fn staff_member(db: &DatabaseConnection, name: &str) -> Actor {
    let id = test_support::staff_account(db, name, model::StaffRole::ReadOnly).await;
    Actor {
        user_id: Some(id),
        email: format!("{}@staff.test", name.to_lowercase().replace(' ', ".")),
        bulk_run: None,
    }
}
