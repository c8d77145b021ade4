//! Cloud resources: the client tab's lists (one per kind), each resource's page, and the
//! project page. Each kind's entity says once, in its `CloudResource` impl, how it shows as a
//! row and on its page; paging, lookup and counting are written once over the trait, and
//! `with_kind!` picks the entity for a `ResourceKind`.

use super::client_detail::{name_of, offset, require_client};
use crate::entities::{
    flavor, image, instance, network, port, project, region, router, service, ssh_key, volume,
};
use chrono::{DateTime, Utc};
use model::client_detail::{Page, PER_PAGE};
use model::cloud::{ProjectDetail, ResourceDetail, ResourceKind, ResourceRow, ResourceTab};
use model::AppError;
use sea_orm::prelude::*;
use sea_orm::{EntityName, QueryOrder, QuerySelect};
use std::future::Future;

/// What a resource's page shows besides its client.
struct Facts {
    project_id: i32,
    name: String,
    created_at: DateTime<Utc>,
    fields: Vec<(String, String)>,
}

/// One kind of cloud resource as the staff pages show it.
trait CloudResource: EntityTrait + Related<project::Entity> + Default
where
    Self::Model: Send + Sync,
{
    const KIND: ResourceKind;
    fn id() -> Self::Column;
    fn created_at() -> Self::Column;
    /// The list's row: a name, a state and the one detail that tells it apart.
    fn row(m: Self::Model) -> ResourceRow;
    /// The resource's page (may read what it refers to: its region, flavor, network).
    fn facts(
        db: &DatabaseConnection,
        m: Self::Model,
    ) -> impl Future<Output = Result<Facts, AppError>> + Send;
}

/// Runs `$body` with `$e` as the entity of `$kind`.
macro_rules! with_kind {
    ($kind:expr, $e:ident => $body:expr) => {
        match $kind {
            ResourceKind::Instances => {
                type $e = instance::Entity;
                $body
            }
            ResourceKind::Volumes => {
                type $e = volume::Entity;
                $body
            }
            ResourceKind::Networks => {
                type $e = network::Entity;
                $body
            }
            ResourceKind::Routers => {
                type $e = router::Entity;
                $body
            }
            ResourceKind::SshKeys => {
                type $e = ssh_key::Entity;
                $body
            }
            ResourceKind::Images => {
                type $e = image::Entity;
                $body
            }
            ResourceKind::Ports => {
                type $e = port::Entity;
                $body
            }
        }
    };
}

/// One page of a client's resources of kind `E`, newest first (its total is in `counts`).
async fn page_of<E: CloudResource>(
    db: &DatabaseConnection,
    client_id: i32,
    page: u64,
) -> Result<Vec<ResourceRow>, AppError>
where
    E::Model: Send + Sync,
{
    Ok(E::find()
        .inner_join(project::Entity)
        .filter(project::Column::ClientId.eq(client_id))
        .order_by_desc(E::created_at())
        .order_by_desc(E::id())
        .offset(offset(page))
        .limit(PER_PAGE)
        .all(db)
        .await?
        .into_iter()
        .map(E::row)
        .collect())
}

/// The page of resource `id` of kind `E`.
async fn facts_of<E: CloudResource>(db: &DatabaseConnection, id: i32) -> Result<Facts, AppError>
where
    E::Model: Send + Sync,
{
    let m = E::find()
        .filter(E::id().eq(id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("{} {id}", E::KIND.singular())))?;
    E::facts(db, m).await
}

/// How many resources of each kind match `filter` (on `r`, the resource, and `p`, its
/// project; `$1` is `value`), in `ResourceKind::ALL`'s order: one statement (a count per
/// kind, each by the kind's project index, UNION ALL) instead of a round trip per kind.
async fn counts(
    db: &DatabaseConnection,
    filter: &str,
    value: i32,
) -> Result<Vec<(ResourceKind, u64)>, AppError> {
    let table = |k: ResourceKind| with_kind!(k, E => E::default().table_name());
    let sql = ResourceKind::ALL
        .iter()
        .map(|&k| {
            format!(
                "SELECT '{t}' AS kind, COUNT(*) AS n FROM {t} r \
                 JOIN projects p ON p.id = r.project_id WHERE {filter}",
                t = table(k)
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rows = db
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            [value.into()],
        ))
        .await?;
    let mut by_table = std::collections::HashMap::new();
    for row in rows {
        let kind: String = row.try_get("", "kind")?;
        let n: i64 = row.try_get("", "n")?;
        by_table.insert(kind, u64::try_from(n).unwrap_or(0));
    }
    Ok(ResourceKind::ALL
        .iter()
        .map(|&k| (k, by_table.get(table(k)).copied().unwrap_or(0)))
        .collect())
}

pub async fn tab(
    db: &DatabaseConnection,
    client_id: i32,
    kind: ResourceKind,
    page: u64,
) -> Result<ResourceTab, AppError> {
    require_client(db, client_id).await?;
    let counts = counts(db, "p.client_id = $1", client_id).await?;
    let total = counts
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(0, |(_, n)| *n);
    let rows = with_kind!(kind, E => page_of::<E>(db, client_id, page).await?);
    Ok(ResourceTab {
        kind,
        counts,
        sync: crate::openstack::sync::status(db, client_id).await?,
        page: Page {
            rows,
            total,
            page: model::paging::clamp(page),
        },
    })
}

async fn region_name(db: &DatabaseConnection, id: i32) -> Result<String, AppError> {
    Ok(region::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|r| r.name)
        .unwrap_or_default())
}

fn field(label: &str, value: impl Into<String>) -> (String, String) {
    (label.to_owned(), value.into())
}

pub async fn get(
    db: &DatabaseConnection,
    kind: ResourceKind,
    id: i32,
) -> Result<ResourceDetail, AppError> {
    let Facts {
        project_id,
        name,
        created_at,
        fields,
    } = with_kind!(kind, E => facts_of::<E>(db, id).await?);
    let p = project::Entity::find_by_id(project_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let c = require_client(db, p.client_id).await?;
    Ok(ResourceDetail {
        kind,
        id,
        name,
        project: (p.id, p.name),
        client: (c.id, name_of(&c)),
        fields,
        created_at,
    })
}

pub async fn project(db: &DatabaseConnection, project_id: i32) -> Result<ProjectDetail, AppError> {
    let p = project::Entity::find_by_id(project_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Project {project_id}")))?;
    let c = require_client(db, p.client_id).await?;
    let service = match p.service_id {
        Some(id) => service::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|s| (s.id, s.display_name)),
        None => None,
    };
    let counts = counts(db, "r.project_id = $1", p.id).await?;
    Ok(ProjectDetail {
        id: p.id,
        name: p.name,
        openstack_id: p.openstack_id,
        project_domain_id: p.project_domain_id,
        disabled: p.disabled,
        client: (c.id, name_of(&c)),
        service,
        created_at: p.created_at,
        counts,
    })
}

impl CloudResource for instance::Entity {
    const KIND: ResourceKind = ResourceKind::Instances;
    fn id() -> Self::Column {
        instance::Column::Id
    }
    fn created_at() -> Self::Column {
        instance::Column::CreatedAt
    }
    fn row(m: instance::Model) -> ResourceRow {
        ResourceRow {
            id: m.id,
            detail: format!("{} · {}", m.ipv4, m.image_name),
            name: m.name,
            status: m.status,
            created_at: m.created_at,
        }
    }
    async fn facts(db: &DatabaseConnection, m: instance::Model) -> Result<Facts, AppError> {
        let flavor = flavor::Entity::find_by_id(m.flavor_id).one(db).await?;
        let fields = vec![
            field("OpenStack ID", m.openstack_id),
            field("Status", m.status),
            field("Region", region_name(db, m.region_id).await?),
            field(
                "Flavor",
                flavor.map_or(String::new(), |f| {
                    format!(
                        "{} ({} vCPU, {} MB RAM, {} GB disk)",
                        f.name, f.vcpus, f.ram_mb, f.disk_gb
                    )
                }),
            ),
            field("Image", m.image_name),
            field("IPv4", m.ipv4),
        ];
        Ok(Facts {
            project_id: m.project_id,
            name: m.name,
            created_at: m.created_at,
            fields,
        })
    }
}

impl CloudResource for volume::Entity {
    const KIND: ResourceKind = ResourceKind::Volumes;
    fn id() -> Self::Column {
        volume::Column::Id
    }
    fn created_at() -> Self::Column {
        volume::Column::CreatedAt
    }
    fn row(m: volume::Model) -> ResourceRow {
        ResourceRow {
            id: m.id,
            name: m.name,
            status: m.status,
            detail: format!("{} GB", m.size_gb),
            created_at: m.created_at,
        }
    }
    async fn facts(db: &DatabaseConnection, m: volume::Model) -> Result<Facts, AppError> {
        let fields = vec![
            field("OpenStack ID", m.openstack_id),
            field("Status", m.status),
            field("Region", region_name(db, m.region_id).await?),
            field("Size", format!("{} GB", m.size_gb)),
        ];
        Ok(Facts {
            project_id: m.project_id,
            name: m.name,
            created_at: m.created_at,
            fields,
        })
    }
}

impl CloudResource for network::Entity {
    const KIND: ResourceKind = ResourceKind::Networks;
    fn id() -> Self::Column {
        network::Column::Id
    }
    fn created_at() -> Self::Column {
        network::Column::CreatedAt
    }
    fn row(m: network::Model) -> ResourceRow {
        ResourceRow {
            id: m.id,
            name: m.name,
            status: String::new(),
            detail: m.cidr,
            created_at: m.created_at,
        }
    }
    async fn facts(db: &DatabaseConnection, m: network::Model) -> Result<Facts, AppError> {
        let fields = vec![
            field("OpenStack ID", m.openstack_id),
            field("Region", region_name(db, m.region_id).await?),
            field("CIDR", m.cidr),
        ];
        Ok(Facts {
            project_id: m.project_id,
            name: m.name,
            created_at: m.created_at,
            fields,
        })
    }
}

impl CloudResource for router::Entity {
    const KIND: ResourceKind = ResourceKind::Routers;
    fn id() -> Self::Column {
        router::Column::Id
    }
    fn created_at() -> Self::Column {
        router::Column::CreatedAt
    }
    fn row(m: router::Model) -> ResourceRow {
        ResourceRow {
            id: m.id,
            name: m.name,
            status: m.status,
            detail: m.external_ip.unwrap_or_default(),
            created_at: m.created_at,
        }
    }
    async fn facts(db: &DatabaseConnection, m: router::Model) -> Result<Facts, AppError> {
        let fields = vec![
            field("OpenStack ID", m.openstack_id),
            field("Status", m.status),
            field("Region", region_name(db, m.region_id).await?),
            field(
                "External IP",
                m.external_ip.unwrap_or_else(|| "none".into()),
            ),
        ];
        Ok(Facts {
            project_id: m.project_id,
            name: m.name,
            created_at: m.created_at,
            fields,
        })
    }
}

impl CloudResource for ssh_key::Entity {
    const KIND: ResourceKind = ResourceKind::SshKeys;
    fn id() -> Self::Column {
        ssh_key::Column::Id
    }
    fn created_at() -> Self::Column {
        ssh_key::Column::CreatedAt
    }
    fn row(m: ssh_key::Model) -> ResourceRow {
        ResourceRow {
            id: m.id,
            name: m.name,
            status: String::new(),
            detail: m.fingerprint,
            created_at: m.created_at,
        }
    }
    async fn facts(_db: &DatabaseConnection, m: ssh_key::Model) -> Result<Facts, AppError> {
        let fields = vec![
            field("Fingerprint", m.fingerprint),
            field("Public key", m.public_key),
        ];
        Ok(Facts {
            project_id: m.project_id,
            name: m.name,
            created_at: m.created_at,
            fields,
        })
    }
}

impl CloudResource for image::Entity {
    const KIND: ResourceKind = ResourceKind::Images;
    fn id() -> Self::Column {
        image::Column::Id
    }
    fn created_at() -> Self::Column {
        image::Column::CreatedAt
    }
    fn row(m: image::Model) -> ResourceRow {
        ResourceRow {
            id: m.id,
            name: m.name,
            status: m.visibility,
            detail: m.os_distro,
            created_at: m.created_at,
        }
    }
    async fn facts(db: &DatabaseConnection, m: image::Model) -> Result<Facts, AppError> {
        let fields = vec![
            field("OpenStack ID", m.openstack_id),
            field("Operating system", m.os_distro),
            field("Region", region_name(db, m.region_id).await?),
            field("Minimum disk", format!("{} GB", m.min_disk_gb)),
            field("Visibility", m.visibility),
        ];
        Ok(Facts {
            project_id: m.project_id,
            name: m.name,
            created_at: m.created_at,
            fields,
        })
    }
}

impl CloudResource for port::Entity {
    const KIND: ResourceKind = ResourceKind::Ports;
    fn id() -> Self::Column {
        port::Column::Id
    }
    fn created_at() -> Self::Column {
        port::Column::CreatedAt
    }
    /// A port has no name: its MAC address stands for it.
    fn row(m: port::Model) -> ResourceRow {
        ResourceRow {
            id: m.id,
            name: m.mac_address,
            status: m.status,
            detail: m.ip_address,
            created_at: m.created_at,
        }
    }
    async fn facts(db: &DatabaseConnection, m: port::Model) -> Result<Facts, AppError> {
        let network = match m.network_id {
            Some(n) => network::Entity::find_by_id(n)
                .one(db)
                .await?
                .map(|n| n.name),
            None => None,
        };
        let instance = match m.instance_id {
            Some(i) => instance::Entity::find_by_id(i)
                .one(db)
                .await?
                .map(|i| i.name),
            None => None,
        };
        let fields = vec![
            field("OpenStack ID", m.openstack_id),
            field("Status", m.status),
            field("IP address", m.ip_address),
            field("Network", network.unwrap_or_else(|| "none".into())),
            field("Attached to", instance.unwrap_or_else(|| "nothing".into())),
        ];
        Ok(Facts {
            project_id: m.project_id,
            name: m.mac_address,
            created_at: m.created_at,
            fields,
        })
    }
}
