use crate::*;

/// One cloud region, as one user (normally an admin) sees it. Cheap to clone; clones share the
/// token, which is fetched on first use, kept until shortly before it expires, and fetched
/// again after a 401.
#[derive(Clone)]
pub struct Cloud {
    _private: (),
}

#[allow(unused_variables)]
impl Cloud {
    /// No network traffic yet.
    pub fn new(config: Config) -> Result<Cloud, Error> {
        todo!()
    }

    /// Authenticates and checks that the region exists in the catalog with identity, compute,
    /// volumev3, network and image endpoints: the start-up check.
    pub async fn check(&self) -> Result<(), Error> {
        todo!()
    }

    /// The region this client works in (configured, or the catalog's only one).
    pub async fn region(&self) -> Result<String, Error> {
        todo!()
    }

    /// Every region named in the catalog.
    pub async fn regions(&self) -> Result<Vec<String>, Error> {
        todo!()
    }

    // Identity (Keystone v3)

    pub async fn create_project(&self, project: &NewProject) -> Result<Project, Error> {
        todo!()
    }
    /// `GET /v3/projects?tags=<tag>`
    pub async fn projects_tagged(&self, tag: &str) -> Result<Vec<Project>, Error> {
        todo!()
    }
    /// `None` on 404.
    pub async fn project(&self, id: &str) -> Result<Option<Project>, Error> {
        todo!()
    }
    /// 404: `Error::NotFound`.
    pub async fn set_project_enabled(&self, id: &str, enabled: bool) -> Result<(), Error> {
        todo!()
    }
    pub async fn delete_project(&self, id: &str) -> Result<Deleted, Error> {
        todo!()
    }
    /// Users with a role on the project (`GET /v3/role_assignments?scope.project.id=`).
    pub async fn project_user_ids(&self, project_id: &str) -> Result<Vec<String>, Error> {
        todo!()
    }

    // Compute (Nova)

    /// `GET /servers/detail?all_tenants=1&project_id=` (microversion 2.47), all pages.
    pub async fn servers(&self, project_id: &str) -> Result<Vec<Server>, Error> {
        todo!()
    }
    /// `os-stop`; a server that is already stopped (409) counts as done.
    pub async fn stop_server(&self, id: &str) -> Result<(), Error> {
        todo!()
    }
    /// `os-start`; a server that is already running (409) counts as done.
    pub async fn start_server(&self, id: &str) -> Result<(), Error> {
        todo!()
    }
    /// `suspend`; a server that is not ACTIVE (409) counts as done.
    pub async fn suspend_server(&self, id: &str) -> Result<(), Error> {
        todo!()
    }
    /// `resume`; a server that is not SUSPENDED (409) counts as done.
    pub async fn resume_server(&self, id: &str) -> Result<(), Error> {
        todo!()
    }
    pub async fn delete_server(&self, id: &str) -> Result<Deleted, Error> {
        todo!()
    }
    /// `GET /os-keypairs?user_id=` (microversion 2.10).
    pub async fn keypairs(&self, user_id: &str) -> Result<Vec<Keypair>, Error> {
        todo!()
    }
    pub async fn delete_keypair(&self, user_id: &str, name: &str) -> Result<Deleted, Error> {
        todo!()
    }

    // Block storage (Cinder v3)

    /// `GET /volumes/detail?all_tenants=1&project_id=`
    pub async fn volumes(&self, project_id: &str) -> Result<Vec<Volume>, Error> {
        todo!()
    }
    pub async fn delete_volume(&self, id: &str) -> Result<Deleted, Error> {
        todo!()
    }

    // Network (Neutron v2.0)

    pub async fn networks(&self, project_id: &str) -> Result<Vec<Network>, Error> {
        todo!()
    }
    /// Deletes the network's subnets first? No: Neutron deletes a network with its subnets once
    /// no port uses it.
    pub async fn delete_network(&self, id: &str) -> Result<Deleted, Error> {
        todo!()
    }
    pub async fn routers(&self, project_id: &str) -> Result<Vec<Router>, Error> {
        todo!()
    }
    /// Detaches the router's interfaces and clears its gateway, then deletes it.
    pub async fn delete_router(&self, id: &str) -> Result<Deleted, Error> {
        todo!()
    }
    pub async fn ports(&self, project_id: &str) -> Result<Vec<Port>, Error> {
        todo!()
    }
    pub async fn delete_port(&self, id: &str) -> Result<Deleted, Error> {
        todo!()
    }

    // Image (Glance v2)

    /// `GET /v2/images?owner=`, all pages.
    pub async fn images(&self, project_id: &str) -> Result<Vec<Image>, Error> {
        todo!()
    }
    pub async fn delete_image(&self, id: &str) -> Result<Deleted, Error> {
        todo!()
    }
}
