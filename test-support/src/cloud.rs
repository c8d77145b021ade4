//! A client's cloud rows, written directly as the cloud sync would have read them: stories
//! about lists, pages and filters of resources do not need the cloud that makes them.

use chrono::Utc;
use domain::entities::{
    flavor, image, instance, network, port, project, region, router, ssh_key, volume,
};
use model::cloud::ResourceKind;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

/// One row of every resource kind in a project, inserted directly (the cloud that would
/// report them is not what HTTP tests are about): in the catalogue's first region and flavor.
pub struct Resources {
    pub instance: i32,
    pub volume: i32,
    pub network: i32,
    pub router: i32,
    pub ssh_key: i32,
    pub image: i32,
    pub port: i32,
}

impl Resources {
    /// The row of `kind`.
    pub fn id(&self, kind: ResourceKind) -> i32 {
        match kind {
            ResourceKind::Instances => self.instance,
            ResourceKind::Volumes => self.volume,
            ResourceKind::Networks => self.network,
            ResourceKind::Routers => self.router,
            ResourceKind::SshKeys => self.ssh_key,
            ResourceKind::Images => self.image,
            ResourceKind::Ports => self.port,
        }
    }
}

/// A project of `client_id` named `name`, enabled.
pub async fn project(db: &DatabaseConnection, client_id: i32, name: &str) -> project::Model {
    project::ActiveModel {
        client_id: Set(client_id),
        service_id: Set(None),
        openstack_id: Set(format!("{name}-openstack-id")),
        project_domain_id: Set("default".into()),
        name: Set(name.into()),
        disabled: Set(false),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert a project")
}

/// An instance, a volume, a network, a router, an SSH key, an image and a port (of that
/// network and instance) in `project_id`, each named `<prefix>-<kind>`.
pub async fn resources(db: &DatabaseConnection, project_id: i32, prefix: &str) -> Resources {
    let now = Utc::now();
    let region = region::Entity::find()
        .one(db)
        .await
        .unwrap()
        .expect("a region")
        .id;
    let flavor = flavor::Entity::find()
        .one(db)
        .await
        .unwrap()
        .expect("a flavor")
        .id;
    let instance = instance::ActiveModel {
        project_id: Set(project_id),
        openstack_id: Set(format!("{prefix}-instance-uuid")),
        name: Set(format!("{prefix}-instance")),
        status: Set("ACTIVE".into()),
        region_id: Set(region),
        flavor_id: Set(flavor),
        hypervisor_id: Set(None),
        image_name: Set("Debian 13".into()),
        ipv4: Set("10.0.0.10".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let volume = volume::ActiveModel {
        project_id: Set(project_id),
        openstack_id: Set(format!("{prefix}-volume-uuid")),
        name: Set(format!("{prefix}-volume")),
        status: Set("available".into()),
        region_id: Set(region),
        size_gb: Set(20),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let network = network::ActiveModel {
        project_id: Set(project_id),
        openstack_id: Set(format!("{prefix}-network-uuid")),
        name: Set(format!("{prefix}-network")),
        region_id: Set(region),
        cidr: Set("10.0.0.0/24".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let router = router::ActiveModel {
        project_id: Set(project_id),
        openstack_id: Set(format!("{prefix}-router-uuid")),
        name: Set(format!("{prefix}-router")),
        status: Set("ACTIVE".into()),
        region_id: Set(region),
        external_ip: Set(Some("203.0.113.10".into())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let ssh_key = ssh_key::ActiveModel {
        project_id: Set(project_id),
        name: Set(format!("{prefix}-ssh-key")),
        fingerprint: Set("SHA256:2f1bcd0e3f0a9c1c2a5b".into()),
        public_key: Set(format!(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA {prefix}@example.test"
        )),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let image = image::ActiveModel {
        project_id: Set(project_id),
        openstack_id: Set(format!("{prefix}-image-uuid")),
        name: Set(format!("{prefix}-image")),
        os_distro: Set("debian".into()),
        region_id: Set(region),
        min_disk_gb: Set(10),
        visibility: Set("private".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let port = port::ActiveModel {
        project_id: Set(project_id),
        network_id: Set(Some(network)),
        instance_id: Set(Some(instance)),
        openstack_id: Set(format!("{prefix}-port-uuid")),
        mac_address: Set("fa:16:3e:00:00:10".into()),
        ip_address: Set("10.0.0.10".into()),
        status: Set("ACTIVE".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    Resources {
        instance,
        volume,
        network,
        router,
        ssh_key,
        image,
        port,
    }
}
