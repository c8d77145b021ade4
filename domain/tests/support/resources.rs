//! A client's cloud rows exactly as a test needs them, inserted directly: stories about
//! finding clients by their resources do not need the cloud that would create them.

use chrono::Utc;
use domain::entities::{flavor, instance, project, region};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

/// A project of `client`, enabled, with `<name>-openstack-id` as its OpenStack ID.
pub async fn new_project(db: &DatabaseConnection, client: i32, name: &str) -> project::Model {
    ProjectBuilder::new(client, name).create(db).await
}

pub struct ProjectBuilder {
    client: i32,
    name: String,
    openstack_id: String,
}

impl ProjectBuilder {
    pub fn new(client: i32, name: &str) -> Self {
        ProjectBuilder {
            client,
            name: name.into(),
            openstack_id: format!("{name}-openstack-id"),
        }
    }

    pub fn openstack_id(mut self, id: &str) -> Self {
        self.openstack_id = id.into();
        self
    }

    pub async fn create(self, db: &DatabaseConnection) -> project::Model {
        project::ActiveModel {
            client_id: Set(self.client),
            service_id: Set(None),
            openstack_id: Set(self.openstack_id),
            project_domain_id: Set("default".into()),
            name: Set(self.name),
            disabled: Set(false),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
    }
}

/// An ACTIVE instance, by default in the catalogue's first region and flavor.
pub struct InstanceBuilder {
    project: i32,
    name: String,
    openstack_id: String,
    ipv4: String,
    region: Option<i32>,
    flavor: Option<i32>,
}

impl InstanceBuilder {
    pub fn new(project: i32, name: &str) -> Self {
        InstanceBuilder {
            project,
            name: name.into(),
            openstack_id: format!("{name}-uuid"),
            ipv4: "10.0.0.1".into(),
            region: None,
            flavor: None,
        }
    }

    pub fn region(mut self, id: i32) -> Self {
        self.region = Some(id);
        self
    }

    pub fn flavor(mut self, id: i32) -> Self {
        self.flavor = Some(id);
        self
    }

    pub fn openstack_id(mut self, id: &str) -> Self {
        self.openstack_id = id.into();
        self
    }

    pub fn ipv4(mut self, ip: &str) -> Self {
        self.ipv4 = ip.into();
        self
    }

    pub async fn create(self, db: &DatabaseConnection) -> instance::Model {
        let region = match self.region {
            Some(id) => id,
            None => region::Entity::find().one(db).await.unwrap().unwrap().id,
        };
        let flavor = match self.flavor {
            Some(id) => id,
            None => flavor::Entity::find().one(db).await.unwrap().unwrap().id,
        };
        instance::ActiveModel {
            project_id: Set(self.project),
            openstack_id: Set(self.openstack_id),
            name: Set(self.name),
            status: Set("ACTIVE".into()),
            region_id: Set(region),
            flavor_id: Set(flavor),
            hypervisor_id: Set(None),
            image_name: Set("Debian 13".into()),
            ipv4: Set(self.ipv4),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
    }
}
