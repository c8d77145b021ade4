//! Suspending -> Suspended.

use super::worker::{Done, JobError};
use super::{Progress, Worker};
use crate::audit::{self, Actor, Change};
use crate::entities::service;
use chrono::Utc;
use model::{ClientStatus, ServiceStatus};
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;

impl Worker {
    /// Suspending -> Suspended: active services stop (remembered, for resume), projects are
    /// disabled. Each step may run again harmlessly and changes only what is not done yet.
    pub(super) async fn suspend(
        &self,
        client_id: i32,
        progress: &Progress,
    ) -> Result<Done, JobError> {
        if self.status(client_id).await? != Some(ClientStatus::Suspending) {
            return Ok(Done::Nothing); // Gone or changed meanwhile: nothing left to suspend.
        }
        self.suspend_services(client_id).await?;
        for p in self.projects(client_id).await? {
            if !p.disabled {
                self.openstack.suspend_project(&p, progress).await?;
            }
        }
        Ok(Done::Client {
            from: ClientStatus::Suspending,
            to: Some(ClientStatus::Suspended),
            action: "client.suspended",
        })
    }

    /// Each active service stops, with one audit entry per service actually stopped.
    async fn suspend_services(&self, client_id: i32) -> Result<(), DbErr> {
        let active = service::Entity::find()
            .filter(service::Column::ClientId.eq(client_id))
            .filter(service::Column::Status.eq(ServiceStatus::Active))
            .all(&self.db)
            .await?;
        if active.is_empty() {
            return Ok(());
        }
        let txn = crate::db::begin_write(&self.db).await?;
        for s in active {
            let done = service::Entity::update_many()
                .col_expr(
                    service::Column::Status,
                    Expr::value(ServiceStatus::Suspended),
                )
                .col_expr(service::Column::SuspendedWithClient, Expr::value(true))
                .col_expr(service::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(service::Column::Id.eq(s.id))
                .filter(service::Column::Status.eq(ServiceStatus::Active))
                .exec(&txn)
                .await?;
            if done.rows_affected == 1 {
                audit::record(
                    &txn,
                    &Actor::system(),
                    Change {
                        action: "service.suspended",
                        entity: "service",
                        entity_id: Some(s.id),
                        client_id: Some(client_id),
                        changes: serde_json::json!({ "status": { "from": ServiceStatus::Active, "to": ServiceStatus::Suspended } }),
                    },
                )
                .await?;
            }
        }
        txn.commit().await
    }
}
