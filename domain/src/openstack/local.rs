//! Our own tables stand in for the cloud: a disabled flag, and deletion with the project's
//! resources (they cascade from it). `latency` imitates a real cloud API's response time
//! (`CUMULUS_OPENSTACK_LATENCY_MS`; none by default), so the in-progress states can be seen.

use super::{mirror, Inventory, OpenStack, OpenStackError, ProjectInventory};
use crate::entities::{image, instance, network, port, project, router, ssh_key, volume};
use crate::jobs::Progress;
use sea_orm::prelude::*;

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

    /// Waiting `latency` in every cloud call, as a real cloud would (the browser tests).
    pub fn with_latency(db: DatabaseConnection, latency: std::time::Duration) -> Self {
        LocalOpenStack { db, latency }
    }

    /// A project's resources as the mirror holds them, in the cloud API's terms.
    async fn project_inventory(&self, p: &project::Model) -> Result<ProjectInventory, DbErr> {
        use cumulus_openstack as os;
        let db = &self.db;
        macro_rules! rows {
            ($entity:ident) => {
                $entity::Entity::find()
                    .filter($entity::Column::ProjectId.eq(p.id))
                    .all(db)
                    .await?
            };
        }
        Ok(ProjectInventory {
            project: os::Project {
                id: p.openstack_id.clone(),
                name: p.name.clone(),
                domain_id: p.project_domain_id.clone(),
                enabled: !p.disabled,
                tags: Vec::new(),
            },
            servers: Vec::new(),
            volumes: Vec::new(),
            networks: Vec::new(),
            routers: Vec::new(),
            ports: Vec::new(),
            images: Vec::new(),
            keypairs: Vec::new(),
        }
        .with_local_rows(
            rows!(instance),
            rows!(volume),
            rows!(network),
            rows!(router),
            rows!(port),
            rows!(image),
            rows!(ssh_key),
        ))
    }
}

impl ProjectInventory {
    /// The mirror's rows as the cloud would list them (the local "cloud" is the mirror).
    #[allow(clippy::too_many_arguments)]
    fn with_local_rows(
        mut self,
        instances: Vec<instance::Model>,
        volumes: Vec<volume::Model>,
        networks: Vec<network::Model>,
        routers: Vec<router::Model>,
        ports: Vec<port::Model>,
        images: Vec<image::Model>,
        keys: Vec<ssh_key::Model>,
    ) -> Self {
        use cumulus_openstack as os;
        self.servers = instances
            .into_iter()
            .map(|i| os::Server {
                id: i.openstack_id,
                name: i.name,
                status: i.status,
                flavor_name: None,
                flavor_vcpus: None,
                flavor_ram_mb: None,
                flavor_disk_gb: None,
                image_id: None,
                hypervisor: None,
                ipv4: Some(i.ipv4),
                created: Some(i.created_at),
            })
            .collect();
        self.volumes = volumes
            .into_iter()
            .map(|v| os::Volume {
                id: v.openstack_id,
                name: v.name,
                status: v.status,
                size_gb: v.size_gb,
                created: Some(v.created_at),
            })
            .collect();
        self.networks = networks
            .into_iter()
            .map(|n| os::Network {
                id: n.openstack_id,
                name: n.name,
                cidr: Some(n.cidr),
                created: Some(n.created_at),
            })
            .collect();
        self.routers = routers
            .into_iter()
            .map(|r| os::Router {
                id: r.openstack_id,
                name: r.name,
                status: r.status,
                external_ip: r.external_ip,
                created: Some(r.created_at),
            })
            .collect();
        self.ports = ports
            .into_iter()
            .map(|p| os::Port {
                id: p.openstack_id,
                network_id: String::new(),
                device_id: String::new(),
                device_owner: String::new(),
                mac_address: p.mac_address,
                ip_address: Some(p.ip_address),
                status: p.status,
                created: Some(p.created_at),
            })
            .collect();
        self.images = images
            .into_iter()
            .map(|i| os::Image {
                id: i.openstack_id,
                name: i.name,
                os_distro: Some(i.os_distro),
                min_disk_gb: i.min_disk_gb,
                visibility: i.visibility,
                created: Some(i.created_at),
            })
            .collect();
        self.keypairs = keys
            .into_iter()
            .map(|k| os::Keypair {
                name: k.name,
                user_id: String::new(),
                fingerprint: k.fingerprint,
                public_key: k.public_key,
            })
            .collect();
        self
    }
}

#[async_trait::async_trait]
impl OpenStack for LocalOpenStack {
    fn describe(&self) -> String {
        "the local stand-in (our own tables; set OS_AUTH_URL for a real OpenStack)".into()
    }

    fn is_stand_in(&self) -> bool {
        true
    }

    async fn create_project(&self, _project: &project::Model) -> Result<String, OpenStackError> {
        tokio::time::sleep(self.latency).await;
        Ok(format!(
            "{:016x}{:016x}",
            fastrand::u64(..),
            fastrand::u64(..)
        ))
    }

    async fn suspend_project(
        &self,
        project: &project::Model,
        _progress: &Progress,
    ) -> Result<(), OpenStackError> {
        tokio::time::sleep(self.latency).await;
        Ok(mirror::set_disabled(&self.db, project, true).await?)
    }

    async fn resume_project(
        &self,
        project: &project::Model,
        _progress: &Progress,
    ) -> Result<(), OpenStackError> {
        tokio::time::sleep(self.latency).await;
        Ok(mirror::set_disabled(&self.db, project, false).await?)
    }

    async fn delete_project(
        &self,
        project: &project::Model,
        _progress: &Progress,
    ) -> Result<(), OpenStackError> {
        tokio::time::sleep(self.latency).await;
        Ok(mirror::delete_project(&self.db, project).await?)
    }

    async fn inventory(
        &self,
        _client_id: i32,
        known: &[project::Model],
    ) -> Result<Inventory, OpenStackError> {
        let mut projects = Vec::new();
        for p in known.iter().filter(|p| !super::is_pending(p)) {
            projects.push(self.project_inventory(p).await?);
        }
        Ok(Inventory {
            region: String::new(),
            projects,
        })
    }
}
