//! The cloud's view of a client, read into our tables.

use super::worker::{Done, JobError};
use super::Worker;
use crate::openstack;

impl Worker {
    /// The cloud's view of the client's projects and resources becomes our mirror.
    pub(super) async fn sync(&self, client_id: i32) -> Result<Done, JobError> {
        if self.status(client_id).await?.is_none() {
            return Ok(Done::Nothing);
        }
        let known = openstack::sync::known_projects(&self.db, client_id).await?;
        let inventory = self.openstack.inventory(client_id, &known).await?;
        let report = openstack::sync::apply(&self.db, client_id, &inventory).await?;
        tracing::info!(client = client_id, ?report, "synced from the cloud");
        Ok(Done::Nothing)
    }
}
