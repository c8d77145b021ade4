//! The one seam to OpenStack. Lifecycle work calls this trait; `LocalOpenStack` acts on our own
//! tables (the projects and resources we mirror), and a real OpenStack client plugs in here.
//! Every operation must be idempotent: jobs retry them after failures and crashes.

use crate::server::entities::project;
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("OpenStack: {0}")]
pub struct OpenStackError(pub String);

impl From<DbErr> for OpenStackError {
    fn from(e: DbErr) -> Self {
        OpenStackError(e.to_string())
    }
}

#[async_trait::async_trait]
pub trait OpenStack: Send + Sync {
    /// Disables the project: its resources stop serving.
    async fn suspend_project(&self, project: &project::Model) -> Result<(), OpenStackError>;
    /// Re-enables a suspended project.
    async fn resume_project(&self, project: &project::Model) -> Result<(), OpenStackError>;
    /// Deletes the project with all its resources (instances, volumes, networks, ...).
    async fn delete_project(&self, project: &project::Model) -> Result<(), OpenStackError>;
}

/// Our own tables stand in for the cloud: a disabled flag, and deletion with the project's
/// resources (they cascade from it). `latency` imitates a real cloud API's response time
/// (`CUMULUS_OPENSTACK_LATENCY_MS`; none by default), so the in-progress states can be seen.
pub struct LocalOpenStack {
    db: DatabaseConnection,
    latency: std::time::Duration,
}

impl LocalOpenStack {
    pub fn new(db: DatabaseConnection) -> Self {
        LocalOpenStack {
            db,
            latency: std::time::Duration::ZERO,
        }
    }

    /// With the latency from `CUMULUS_OPENSTACK_LATENCY_MS`.
    pub fn from_env(db: DatabaseConnection) -> Self {
        let ms = std::env::var("CUMULUS_OPENSTACK_LATENCY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        LocalOpenStack {
            db,
            latency: std::time::Duration::from_millis(ms),
        }
    }

    async fn set_disabled(&self, id: i32, disabled: bool) -> Result<(), OpenStackError> {
        tokio::time::sleep(self.latency).await;
        project::Entity::update_many()
            .col_expr(project::Column::Disabled, Expr::value(disabled))
            .filter(project::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl OpenStack for LocalOpenStack {
    async fn suspend_project(&self, project: &project::Model) -> Result<(), OpenStackError> {
        self.set_disabled(project.id, true).await
    }

    async fn resume_project(&self, project: &project::Model) -> Result<(), OpenStackError> {
        self.set_disabled(project.id, false).await
    }

    async fn delete_project(&self, project: &project::Model) -> Result<(), OpenStackError> {
        tokio::time::sleep(self.latency).await;
        project::Entity::delete_by_id(project.id)
            .exec(&self.db)
            .await?;
        Ok(())
    }
}
