//! A real OpenStack over HTTP (`cumulus-openstack`), with our tables as its mirror.
//!
//! Each cloud call is one recorded step of the job (`Progress`): a step done is never called
//! again when the job is retried, and every call is idempotent anyway (a 404 on delete is
//! success), so a crash between a call and its record repeats nothing harmful.

use super::mirror::{self, Kind};
use super::{Inventory, OpenStack, OpenStackError, ProjectInventory};
use crate::entities::project;
use crate::jobs::Progress;
use cumulus_openstack::{Cloud, Config, Deleted, NewProject};
use sea_orm::prelude::*;
use std::time::Duration;

pub struct CloudOpenStack {
    db: DatabaseConnection,
    cloud: Cloud,
    auth_url: String,
    /// The tags of this installation's projects (read once, on first use).
    tags: tokio::sync::OnceCell<super::Tags>,
    /// How long a deletion waits for the cloud to finish deleting (instances take a while).
    settle: Duration,
}

/// Keystone limits project names to 64 characters.
const NAME_MAX: usize = 64;

impl CloudOpenStack {
    pub fn new(db: DatabaseConnection, config: Config) -> Result<Self, OpenStackError> {
        let auth_url = config.auth_url.clone();
        Ok(CloudOpenStack {
            db,
            cloud: Cloud::new(config)?,
            auth_url,
            tags: tokio::sync::OnceCell::new(),
            settle: Duration::from_secs(120),
        })
    }

    async fn tags(&self) -> Result<&super::Tags, OpenStackError> {
        Ok(self
            .tags
            .get_or_try_init(|| super::Tags::of(&self.db))
            .await?)
    }

    /// The client this adapter talks through (start-up check, tests).
    pub fn cloud(&self) -> &Cloud {
        &self.cloud
    }

    /// The project in the cloud: by its id, or for a row still pending creation, the project
    /// an interrupted creation made (found by tag). `None`: nothing in the cloud.
    async fn cloud_id(&self, project: &project::Model) -> Result<Option<String>, OpenStackError> {
        if !super::is_pending(project) {
            return Ok(Some(project.openstack_id.clone()));
        }
        let found = self
            .cloud
            .projects_tagged(&self.tags().await?.project(project.id))
            .await?;
        Ok(found.into_iter().next().map(|p| p.id))
    }

    /// Lists what is left of one kind in the project (keypairs: of the project's users).
    async fn remaining(
        &self,
        kind: Kind,
        project_id: &str,
        users: &[String],
    ) -> Result<Vec<String>, OpenStackError> {
        let c = &self.cloud;
        Ok(match kind {
            Kind::Server => c
                .servers(project_id)
                .await?
                .into_iter()
                .map(|s| s.id)
                .collect(),
            Kind::Port => c
                .ports(project_id)
                .await?
                .into_iter()
                // Router interfaces go with their router, instances' ports with the instance.
                .filter(|p| !p.device_owner.starts_with("network:") && p.device_id.is_empty())
                .map(|p| p.id)
                .collect(),
            Kind::Router => c
                .routers(project_id)
                .await?
                .into_iter()
                .map(|r| r.id)
                .collect(),
            Kind::Network => c
                .networks(project_id)
                .await?
                .into_iter()
                .map(|n| n.id)
                .collect(),
            Kind::Volume => c
                .volumes(project_id)
                .await?
                .into_iter()
                .map(|v| v.id)
                .collect(),
            Kind::Image => c
                .images(project_id)
                .await?
                .into_iter()
                .map(|i| i.id)
                .collect(),
            Kind::Keypair => {
                let mut names = Vec::new();
                for u in users {
                    for k in c.keypairs(u).await? {
                        names.push(format!("{u}/{}", k.name));
                    }
                }
                names
            }
        })
    }

    async fn delete_one(&self, kind: Kind, id: &str) -> Result<Deleted, OpenStackError> {
        let c = &self.cloud;
        Ok(match kind {
            Kind::Server => c.delete_server(id).await?,
            Kind::Port => c.delete_port(id).await?,
            Kind::Router => c.delete_router(id).await?,
            Kind::Network => c.delete_network(id).await?,
            Kind::Volume => c.delete_volume(id).await?,
            Kind::Image => c.delete_image(id).await?,
            Kind::Keypair => {
                let (user, name) = id.split_once('/').unwrap_or(("", id));
                c.delete_keypair(user, name).await?
            }
        })
    }

    /// Deletes every resource of one kind, each once: a resource whose deletion is recorded is
    /// not asked again, only waited for (real clouds delete instances asynchronously).
    async fn delete_kind(
        &self,
        project: &project::Model,
        cloud_id: &str,
        kind: Kind,
        users: &[String],
        progress: &Progress,
    ) -> Result<(), OpenStackError> {
        let step = format!("p{}:{}s", project.id, kind.as_str());
        if progress.is_done(&step) {
            return Ok(());
        }
        let started = tokio::time::Instant::now();
        loop {
            let left = self.remaining(kind, cloud_id, users).await?;
            if left.is_empty() {
                break;
            }
            let mut asked = false;
            for id in &left {
                let key = format!("p{}:{}:{id}", project.id, kind.as_str());
                if progress.is_done(&key) {
                    continue; // Asked before: the cloud is still deleting it.
                }
                let outcome = self.delete_one(kind, id).await?;
                tracing::info!(
                    project = project.id,
                    kind = kind.as_str(),
                    id,
                    ?outcome,
                    "deleted"
                );
                let name = id.rsplit('/').next().unwrap_or(id);
                mirror::forget(&self.db, kind, project.id, name).await?;
                progress.done(key).await?;
                asked = true;
            }
            if asked {
                continue;
            }
            if started.elapsed() > self.settle {
                return Err(OpenStackError(format!(
                    "{} {}(s) of project {} still being deleted after {} s",
                    left.len(),
                    kind.as_str(),
                    project.name,
                    self.settle.as_secs()
                )));
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        progress.done(step).await?;
        Ok(())
    }

    /// The users with a role on the project whose keypairs are the client's: never the account
    /// Cumulus signs in as (an operator may give it a role on client projects).
    async fn client_users(&self, project_id: &str) -> Result<Vec<String>, OpenStackError> {
        let me = self.cloud.user_id().await?;
        let mut users = self.cloud.project_user_ids(project_id).await?;
        users.retain(|u| *u != me);
        Ok(users)
    }

    async fn project_inventory(
        &self,
        project: cumulus_openstack::Project,
    ) -> Result<ProjectInventory, OpenStackError> {
        let c = &self.cloud;
        let id = project.id.clone();
        let mut keypairs = Vec::new();
        for u in self.client_users(&id).await? {
            keypairs.extend(c.keypairs(&u).await?);
        }
        Ok(ProjectInventory {
            servers: c.servers(&id).await?,
            volumes: c.volumes(&id).await?,
            networks: c.networks(&id).await?,
            routers: c.routers(&id).await?,
            ports: c.ports(&id).await?,
            images: c.images(&id).await?,
            keypairs,
            project,
        })
    }
}

#[async_trait::async_trait]
impl OpenStack for CloudOpenStack {
    fn describe(&self) -> String {
        format!("OpenStack at {}", self.auth_url)
    }

    async fn create_project(&self, project: &project::Model) -> Result<String, OpenStackError> {
        if let Some(id) = self.cloud_id(project).await? {
            return Ok(id);
        }
        // Unique in the Keystone domain, also beside another installation's projects.
        let tags = self.tags().await?;
        let suffix = format!(" ({}:{})", tags.installation(), project.id);
        let keep = NAME_MAX - suffix.chars().count();
        let name = project.name.chars().take(keep).collect::<String>() + &suffix;
        let created = self
            .cloud
            .create_project(&NewProject {
                name,
                domain_id: project.project_domain_id.clone(),
                description: format!("Cumulus client {}", project.client_id),
                tags: vec![
                    self.tags().await?.client(project.client_id),
                    self.tags().await?.project(project.id),
                ],
                enabled: true,
            })
            .await?;
        Ok(created.id)
    }

    async fn suspend_project(
        &self,
        project: &project::Model,
        progress: &Progress,
    ) -> Result<(), OpenStackError> {
        let Some(id) = self.cloud_id(project).await? else {
            return Ok(mirror::set_disabled(&self.db, project, true).await?);
        };
        for server in self.cloud.servers(&id).await? {
            let key = format!("p{}:suspend:{}", project.id, server.id);
            if server.status == "ACTIVE" && !progress.is_done(&key) {
                self.cloud.suspend_server(&server.id).await?;
                mirror::instance_status(&self.db, project.id, &server.id, "SUSPENDED").await?;
                progress.done(key).await?;
            }
        }
        self.cloud.set_project_enabled(&id, false).await?;
        Ok(mirror::set_disabled(&self.db, project, true).await?)
    }

    async fn resume_project(
        &self,
        project: &project::Model,
        progress: &Progress,
    ) -> Result<(), OpenStackError> {
        let Some(id) = self.cloud_id(project).await? else {
            return Ok(mirror::set_disabled(&self.db, project, false).await?);
        };
        self.cloud.set_project_enabled(&id, true).await?;
        for server in self.cloud.servers(&id).await? {
            let key = format!("p{}:resume:{}", project.id, server.id);
            // Only what a suspension suspended: a server its owner shut off stays off.
            if server.status == "SUSPENDED" && !progress.is_done(&key) {
                self.cloud.resume_server(&server.id).await?;
                mirror::instance_status(&self.db, project.id, &server.id, "ACTIVE").await?;
                progress.done(key).await?;
            }
        }
        Ok(mirror::set_disabled(&self.db, project, false).await?)
    }

    async fn delete_project(
        &self,
        project: &project::Model,
        progress: &Progress,
    ) -> Result<(), OpenStackError> {
        if let Some(id) = self.cloud_id(project).await? {
            let users = self.client_users(&id).await?;
            for kind in Kind::DELETION_ORDER {
                self.delete_kind(project, &id, kind, &users, progress)
                    .await?;
            }
            let step = format!("p{}:project", project.id);
            // Asked only while it is there: a restarted job never deletes it twice.
            if !progress.is_done(&step) && self.cloud.project(&id).await?.is_some() {
                self.cloud.delete_project(&id).await?;
            }
            progress.done(step).await?;
        }
        Ok(mirror::delete_project(&self.db, project).await?)
    }

    async fn inventory(
        &self,
        client_id: i32,
        known: &[project::Model],
    ) -> Result<Inventory, OpenStackError> {
        let mut found = self
            .cloud
            .projects_tagged(&self.tags().await?.client(client_id))
            .await?;
        // Projects we know that lack the tag (created before, or outside, Cumulus).
        for p in known.iter().filter(|p| !super::is_pending(p)) {
            if !found.iter().any(|f| f.id == p.openstack_id) {
                if let Some(cloud) = self.cloud.project(&p.openstack_id).await? {
                    found.push(cloud);
                }
            }
        }
        let mut projects = Vec::new();
        for p in found {
            projects.push(self.project_inventory(p).await?);
        }
        Ok(Inventory {
            region: self.cloud.region().await?,
            projects,
        })
    }
}
