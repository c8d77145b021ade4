//! Cloud resources: the client tab's lists (one per kind), each resource's page, and the
//! project page.

use super::client_detail::{name_of, offset, require_client};
use crate::entities::{
    flavor, image, instance, network, port, project, region, router, service, ssh_key, volume,
};
use model::client_detail::{Page, PER_PAGE};
use model::cloud::{ProjectDetail, ResourceDetail, ResourceKind, ResourceRow, ResourceTab};
use model::AppError;
use sea_orm::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};

/// `SELECT .. FROM <resource> JOIN projects .. WHERE projects.client_id = ?`: the resources
/// of a client across its projects.
macro_rules! of_client {
    ($entity:ident, $client_id:expr) => {
        $entity::Entity::find()
            .join(
                sea_orm::JoinType::InnerJoin,
                $entity::Entity::belongs_to(project::Entity)
                    .from($entity::Column::ProjectId)
                    .to(project::Column::Id)
                    .into(),
            )
            .filter(project::Column::ClientId.eq($client_id))
    };
}

/// One page of a kind, newest first, mapped to rows (its total is in `counts`).
macro_rules! page_of {
    ($db:expr, $entity:ident, $client_id:expr, $page:expr, $row:expr) => {{
        of_client!($entity, $client_id)
            .order_by_desc($entity::Column::CreatedAt)
            .order_by_desc($entity::Column::Id)
            .offset(offset($page))
            .limit(PER_PAGE)
            .all($db)
            .await?
            .into_iter()
            .map($row)
            .collect::<Vec<ResourceRow>>()
    }};
}

/// The table that holds a kind.
fn table(kind: ResourceKind) -> &'static str {
    use sea_orm::EntityName;
    match kind {
        ResourceKind::Instances => instance::Entity.table_name(),
        ResourceKind::Volumes => volume::Entity.table_name(),
        ResourceKind::Networks => network::Entity.table_name(),
        ResourceKind::Routers => router::Entity.table_name(),
        ResourceKind::SshKeys => ssh_key::Entity.table_name(),
        ResourceKind::Images => image::Entity.table_name(),
        ResourceKind::Ports => port::Entity.table_name(),
    }
}

/// How many resources of each kind the client has, in `ResourceKind::ALL`'s order: one
/// statement (a count per kind, each by the kind's project index, UNION ALL) instead of a
/// round trip per kind.
async fn counts(
    db: &DatabaseConnection,
    client_id: i32,
) -> Result<Vec<(ResourceKind, u64)>, AppError> {
    let sql = ResourceKind::ALL
        .iter()
        .map(|&k| {
            format!(
                "SELECT '{t}' AS kind, COUNT(*) AS n FROM {t} r \
                 JOIN projects p ON p.id = r.project_id WHERE p.client_id = $1",
                t = table(k)
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rows = db
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            [client_id.into()],
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
    let counts = counts(db, client_id).await?;
    let total = counts
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(0, |(_, n)| *n);
    let rows = match kind {
        ResourceKind::Instances => page_of!(db, instance, client_id, page, |m| ResourceRow {
            id: m.id,
            name: m.name,
            status: m.status,
            detail: format!("{} · {}", m.ipv4, m.image_name),
            created_at: m.created_at,
        }),
        ResourceKind::Volumes => page_of!(db, volume, client_id, page, |m| ResourceRow {
            id: m.id,
            name: m.name,
            status: m.status,
            detail: format!("{} GB", m.size_gb),
            created_at: m.created_at,
        }),
        ResourceKind::Networks => page_of!(db, network, client_id, page, |m| ResourceRow {
            id: m.id,
            name: m.name,
            status: String::new(),
            detail: m.cidr,
            created_at: m.created_at,
        }),
        ResourceKind::Routers => page_of!(db, router, client_id, page, |m| ResourceRow {
            id: m.id,
            name: m.name,
            status: m.status,
            detail: m.external_ip.unwrap_or_default(),
            created_at: m.created_at,
        }),
        ResourceKind::SshKeys => page_of!(db, ssh_key, client_id, page, |m| ResourceRow {
            id: m.id,
            name: m.name,
            status: String::new(),
            detail: m.fingerprint,
            created_at: m.created_at,
        }),
        ResourceKind::Images => page_of!(db, image, client_id, page, |m| ResourceRow {
            id: m.id,
            name: m.name,
            status: m.visibility,
            detail: m.os_distro,
            created_at: m.created_at,
        }),
        ResourceKind::Ports => page_of!(db, port, client_id, page, |m| ResourceRow {
            id: m.id,
            name: m.mac_address,
            status: m.status,
            detail: m.ip_address,
            created_at: m.created_at,
        }),
    };
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

fn not_found(kind: ResourceKind, id: i32) -> AppError {
    AppError::NotFound(format!("{} {id}", kind.singular()))
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
    let (project_id, name, created_at, fields) = match kind {
        ResourceKind::Instances => {
            let m = instance::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| not_found(kind, id))?;
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
            (m.project_id, m.name, m.created_at, fields)
        }
        ResourceKind::Volumes => {
            let m = volume::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| not_found(kind, id))?;
            let fields = vec![
                field("OpenStack ID", m.openstack_id),
                field("Status", m.status),
                field("Region", region_name(db, m.region_id).await?),
                field("Size", format!("{} GB", m.size_gb)),
            ];
            (m.project_id, m.name, m.created_at, fields)
        }
        ResourceKind::Networks => {
            let m = network::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| not_found(kind, id))?;
            let fields = vec![
                field("OpenStack ID", m.openstack_id),
                field("Region", region_name(db, m.region_id).await?),
                field("CIDR", m.cidr),
            ];
            (m.project_id, m.name, m.created_at, fields)
        }
        ResourceKind::Routers => {
            let m = router::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| not_found(kind, id))?;
            let fields = vec![
                field("OpenStack ID", m.openstack_id),
                field("Status", m.status),
                field("Region", region_name(db, m.region_id).await?),
                field(
                    "External IP",
                    m.external_ip.unwrap_or_else(|| "none".into()),
                ),
            ];
            (m.project_id, m.name, m.created_at, fields)
        }
        ResourceKind::SshKeys => {
            let m = ssh_key::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| not_found(kind, id))?;
            let fields = vec![
                field("Fingerprint", m.fingerprint),
                field("Public key", m.public_key),
            ];
            (m.project_id, m.name, m.created_at, fields)
        }
        ResourceKind::Images => {
            let m = image::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| not_found(kind, id))?;
            let fields = vec![
                field("OpenStack ID", m.openstack_id),
                field("Operating system", m.os_distro),
                field("Region", region_name(db, m.region_id).await?),
                field("Minimum disk", format!("{} GB", m.min_disk_gb)),
                field("Visibility", m.visibility),
            ];
            (m.project_id, m.name, m.created_at, fields)
        }
        ResourceKind::Ports => {
            let m = port::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| not_found(kind, id))?;
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
            (m.project_id, m.mac_address, m.created_at, fields)
        }
    };
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
    macro_rules! in_project {
        ($entity:ident) => {
            $entity::Entity::find()
                .filter($entity::Column::ProjectId.eq(p.id))
                .count(db)
                .await?
        };
    }
    let counts = vec![
        (ResourceKind::Instances, in_project!(instance)),
        (ResourceKind::Volumes, in_project!(volume)),
        (ResourceKind::Networks, in_project!(network)),
        (ResourceKind::Routers, in_project!(router)),
        (ResourceKind::SshKeys, in_project!(ssh_key)),
        (ResourceKind::Images, in_project!(image)),
        (ResourceKind::Ports, in_project!(port)),
    ];
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
