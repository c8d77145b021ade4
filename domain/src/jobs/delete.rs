//! Deleting -> gone.

use super::worker::{Done, JobError};
use super::{Progress, Worker};
use crate::entities::service;
use chrono::Utc;
use model::{ClientStatus, ServiceStatus};
use sea_orm::prelude::*;
use sea_orm::sea_query::Expr;

impl Worker {
    /// Deleting -> gone: services terminated, projects and resources deleted, then the
    /// client (its invoices and journal entries stay, detached).
    pub(super) async fn delete(
        &self,
        client_id: i32,
        progress: &Progress,
    ) -> Result<Done, JobError> {
        if self.status(client_id).await? != Some(ClientStatus::Deleting) {
            return Ok(Done::Nothing);
        }
        service::Entity::update_many()
            .col_expr(
                service::Column::Status,
                Expr::value(ServiceStatus::Terminated),
            )
            .col_expr(service::Column::TerminatedAt, Expr::value(Some(Utc::now())))
            .filter(service::Column::ClientId.eq(client_id))
            .filter(service::Column::Status.is_not_in(ServiceStatus::ENDED))
            .exec(&self.db)
            .await?;
        for p in self.projects(client_id).await? {
            self.openstack.delete_project(&p, progress).await?;
        }
        Ok(Done::Client {
            from: ClientStatus::Deleting,
            to: None,
            action: "client.deleted",
        })
    }
}
