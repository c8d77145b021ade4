//! The one seam to OpenStack. Lifecycle jobs and the resource sync call the `OpenStack` trait:
//!
//! - `LocalOpenStack` (the default) acts on our own tables only: they stand in for the cloud;
//! - `CloudOpenStack` speaks to a real cloud over HTTP (`cumulus-openstack`), configured by the
//!   `OS_*` variables the OpenStack CLI reads, and keeps our tables as its mirror.
//!
//! Every operation is idempotent and records its finished steps in the job's `Progress`, so a
//! job retried after a failure or a crash resumes where it stopped.

mod cloud;
mod local;
pub mod mirror;
pub mod sync;

pub use cloud::CloudOpenStack;
pub use local::LocalOpenStack;

use crate::entities::project;
use crate::jobs::Progress;
use sea_orm::prelude::*;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct OpenStackError(pub String);

impl From<DbErr> for OpenStackError {
    fn from(e: DbErr) -> Self {
        OpenStackError(format!("database: {e}"))
    }
}

impl From<cumulus_openstack::Error> for OpenStackError {
    fn from(e: cumulus_openstack::Error) -> Self {
        OpenStackError(e.to_string())
    }
}

/// The openstack id of a project row whose cloud project is still to be created (by the
/// client's next resume job).
pub const PENDING: &str = "pending-";

/// A unique placeholder id (as long as Keystone's: the column holds 32 characters).
pub fn pending_id() -> String {
    format!(
        "{PENDING}{:016x}{:08x}",
        fastrand::u64(..),
        fastrand::u32(..)
    )
}

/// Whether the project exists in the cloud yet.
pub fn is_pending(project: &project::Model) -> bool {
    project.openstack_id.starts_with(PENDING)
}

/// Tags a cloud project carries: which client it belongs to (the sync finds a client's
/// projects by it) and which of our rows it is (creation finds an earlier attempt's project).
/// Both name this installation (`installation_id`), so two installations sharing a cloud (a
/// staging copy, the tests' databases) never adopt each other's projects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tags {
    installation: String,
}

impl Tags {
    pub async fn of(db: &DatabaseConnection) -> Result<Tags, DbErr> {
        Ok(Tags {
            installation: installation_id(db).await?,
        })
    }

    pub fn installation(&self) -> &str {
        &self.installation
    }

    pub fn client(&self, client_id: i32) -> String {
        format!("cumulus-{}-client-{client_id}", self.installation)
    }

    pub fn project(&self, project_id: i32) -> String {
        format!("cumulus-{}-project-{project_id}", self.installation)
    }
}

/// This installation's id: made once, at random, and kept in `settings`.
pub async fn installation_id(db: &DatabaseConnection) -> Result<String, DbErr> {
    use crate::entities::setting;
    const KEY: &str = "installation_id";
    let fresh = format!("{:012x}", fastrand::u64(..) >> 16);
    setting::insert_missing(db, KEY, fresh).await?;
    Ok(setting::Entity::find_by_id(KEY)
        .one(db)
        .await?
        .map(|s| s.value)
        .unwrap_or_default())
}

/// What the cloud holds for one client: its projects with their resources.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inventory {
    /// The region the resources are in (resources of other regions are not listed).
    pub region: String,
    pub projects: Vec<ProjectInventory>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProjectInventory {
    pub project: cumulus_openstack::Project,
    pub servers: Vec<cumulus_openstack::Server>,
    pub volumes: Vec<cumulus_openstack::Volume>,
    pub networks: Vec<cumulus_openstack::Network>,
    pub routers: Vec<cumulus_openstack::Router>,
    pub ports: Vec<cumulus_openstack::Port>,
    pub images: Vec<cumulus_openstack::Image>,
    pub keypairs: Vec<cumulus_openstack::Keypair>,
}

#[async_trait::async_trait]
pub trait OpenStack: Send + Sync {
    /// Which cloud this is, for the start-up line.
    fn describe(&self) -> String;
    /// Whether our tables are the cloud (nothing to read back periodically).
    fn is_stand_in(&self) -> bool {
        false
    }
    /// Creates the project in the cloud and returns its id. Finds (by its `Tags::project` tag)
    /// a project an earlier, interrupted attempt created instead of creating a second one.
    async fn create_project(&self, project: &project::Model) -> Result<String, OpenStackError>;
    /// Suspends the project's running instances and disables it: its resources stop serving.
    async fn suspend_project(
        &self,
        project: &project::Model,
        progress: &Progress,
    ) -> Result<(), OpenStackError>;
    /// Re-enables a suspended project and resumes the instances the suspension suspended.
    async fn resume_project(
        &self,
        project: &project::Model,
        progress: &Progress,
    ) -> Result<(), OpenStackError>;
    /// Deletes the project with all its resources (instances, ports, routers, networks,
    /// volumes, images, ssh keys), then our row.
    async fn delete_project(
        &self,
        project: &project::Model,
        progress: &Progress,
    ) -> Result<(), OpenStackError>;
    /// The client's projects (tagged for it, and the `known` ones still there) with their
    /// resources.
    async fn inventory(
        &self,
        client_id: i32,
        known: &[project::Model],
    ) -> Result<Inventory, OpenStackError>;
}

/// The OpenStack the server uses: a real cloud when `config` is given (`OS_AUTH_URL`), else our own
/// tables. A real cloud is checked here (sign-in, region, endpoints): bad configuration (a
/// missing variable, wrong credentials, an unknown region) is an error, worded in one line;
/// a cloud that does not answer only gets a warning (jobs retry and show their error).
pub async fn configure(
    db: &DatabaseConnection,
    config: Option<cumulus_openstack::Config>,
    local_latency: std::time::Duration,
) -> Result<Arc<dyn OpenStack>, String> {
    let Some(config) = config else {
        return Ok(Arc::new(LocalOpenStack::with_latency(
            db.clone(),
            local_latency,
        )));
    };
    let cloud = CloudOpenStack::new(db.clone(), config).map_err(|e| e.to_string())?;
    match cloud.cloud().check().await {
        Ok(()) => {}
        Err(e @ cumulus_openstack::Error::Unreachable { .. }) => {
            tracing::warn!("{e} (cloud jobs will retry)");
        }
        Err(e) => return Err(e.to_string()),
    }
    Ok(Arc::new(cloud))
}
