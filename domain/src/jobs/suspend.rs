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

    /// Each active service stops, with one audit entry per service actually stopped. One
    /// statement for all of them: the counters its trigger moves are locked in one sorted pass.
    /// A statement per service locked them service by service, so two workers suspending
    /// clients whose services' products came in opposite orders could deadlock (PostgreSQL
    /// then aborts one, and its job runs again).
    async fn suspend_services(&self, client_id: i32) -> Result<(), DbErr> {
        let txn = crate::db::begin_write(&self.db).await?;
        let mut stopped = service::Entity::update_many()
            .col_expr(
                service::Column::Status,
                Expr::value(ServiceStatus::Suspended),
            )
            .col_expr(service::Column::SuspendedWithClient, Expr::value(true))
            .col_expr(service::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(service::Column::ClientId.eq(client_id))
            .filter(service::Column::Status.eq(ServiceStatus::Active))
            .exec_with_returning(&txn)
            .await?;
        stopped.sort_by_key(|s| s.id);
        for s in stopped {
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
        txn.commit().await
    }
}
