//! A resumed or newly provisioned client's cloud comes up.

use super::worker::{Done, JobError};
use super::{Progress, Worker};
use crate::entities::{project, service};
use crate::openstack;
use model::ServiceStatus;
use sea_orm::prelude::*;

impl Worker {
    /// A resumed (or newly provisioned) client's projects run again, except those of ended
    /// services: projects still pending are created in the cloud first. A no-op once the
    /// client is suspended or deleted again (its later job, run after this one, decides).
    pub(super) async fn resume(
        &self,
        client_id: i32,
        progress: &Progress,
    ) -> Result<Done, JobError> {
        let ended: Vec<i32> = service::Entity::find()
            .filter(service::Column::ClientId.eq(client_id))
            .filter(service::Column::Status.is_in(ServiceStatus::ENDED))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
        for p in self.projects(client_id).await? {
            if !self
                .status(client_id)
                .await?
                .is_some_and(|s| s.is_derived())
            {
                return Ok(Done::Nothing);
            }
            if p.service_id.is_some_and(|s| ended.contains(&s)) {
                continue;
            }
            let p = if openstack::is_pending(&p) {
                let id = self.openstack.create_project(&p).await?;
                openstack::mirror::created(&self.db, &p, &id).await?;
                project::Model {
                    openstack_id: id,
                    ..p
                }
            } else {
                p
            };
            if p.disabled {
                self.openstack.resume_project(&p, progress).await?;
            }
        }
        Ok(Done::Resumed)
    }
}
