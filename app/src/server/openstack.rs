//! The one seam to OpenStack. Lifecycle work calls this trait; `LocalOpenStack` acts on our own
//! tables (the projects and resources we mirror), and a real OpenStack client plugs in here.
//! Every operation must be idempotent: jobs retry them after failures and crashes.

use crate::server::audit::{self, Actor, Change};
use crate::server::entities::project;
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{DatabaseTransaction, TransactionTrait};

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
/// resources (they cascade from it). Each effective change is audited (system actor). `latency` imitates a real cloud API's response time
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

    /// Changes the project only if it is not in the target state yet, with one audit entry
    /// per effective change (in the same transaction): the log shows what really happened
    /// to the "cloud", e.g. that a job run twice (after a crash) suspended a project once.
    async fn set_disabled(
        &self,
        project: &project::Model,
        disabled: bool,
    ) -> Result<(), OpenStackError> {
        tokio::time::sleep(self.latency).await;
        let txn = self.db.begin().await?;
        let changed = project::Entity::update_many()
            .col_expr(project::Column::Disabled, Expr::value(disabled))
            .filter(project::Column::Id.eq(project.id))
            .filter(project::Column::Disabled.eq(!disabled))
            .exec(&txn)
            .await?
            .rows_affected;
        if changed == 1 {
            record(
                &txn,
                project,
                if disabled {
                    "project.suspended"
                } else {
                    "project.resumed"
                },
            )
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }
}

async fn record(
    txn: &DatabaseTransaction,
    project: &project::Model,
    action: &str,
) -> Result<(), DbErr> {
    audit::record(
        txn,
        &Actor::system(),
        Change {
            action,
            entity: "project",
            entity_id: Some(project.id),
            client_id: Some(project.client_id),
            changes: serde_json::json!({ "project": project.name, "openstack_id": project.openstack_id }),
        },
    )
    .await
}

#[async_trait::async_trait]
impl OpenStack for LocalOpenStack {
    async fn suspend_project(&self, project: &project::Model) -> Result<(), OpenStackError> {
        self.set_disabled(project, true).await
    }

    async fn resume_project(&self, project: &project::Model) -> Result<(), OpenStackError> {
        self.set_disabled(project, false).await
    }

    async fn delete_project(&self, project: &project::Model) -> Result<(), OpenStackError> {
        tokio::time::sleep(self.latency).await;
        let txn = self.db.begin().await?;
        let deleted = project::Entity::delete_by_id(project.id)
            .exec(&txn)
            .await?
            .rows_affected;
        if deleted == 1 {
            record(&txn, project, "project.deleted").await?;
        }
        txn.commit().await?;
        Ok(())
    }
}
