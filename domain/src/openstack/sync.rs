//! "Refresh from cloud": what the cloud reports for a client becomes our mirror, in one
//! transaction: resources added in the cloud appear, changed ones are updated, gone ones are
//! removed; projects tagged for the client are adopted, projects deleted in the cloud go.
//! What the cloud does not report (e.g. a server's hypervisor for a non-admin) is kept.

use super::{is_pending, Inventory, ProjectInventory};
use crate::audit::{self, Actor, Change};
use crate::entities::{
    flavor, hypervisor, image, instance, network, port, project, region, router, ssh_key, volume,
};
use chrono::Utc;
use sea_orm::prelude::*;
use sea_orm::{ActiveModelTrait, ConnectionTrait, IntoActiveModel, Set};
use std::collections::HashMap;

/// What a sync changed, per kind: (added, changed, removed).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncReport {
    pub projects: Counts,
    pub instances: Counts,
    pub volumes: Counts,
    pub networks: Counts,
    pub routers: Counts,
    pub ports: Counts,
    pub images: Counts,
    pub ssh_keys: Counts,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub added: u32,
    pub changed: u32,
    pub removed: u32,
}

impl SyncReport {
    pub fn is_empty(&self) -> bool {
        *self == SyncReport::default()
    }
}

/// The client's projects as we know them (those still pending creation included).
pub async fn known_projects<C: ConnectionTrait>(
    conn: &C,
    client_id: i32,
) -> Result<Vec<project::Model>, DbErr> {
    project::Entity::find()
        .filter(project::Column::ClientId.eq(client_id))
        .all(conn)
        .await
}

/// Applies the inventory to the client's mirror; one audit entry when anything changed.
pub async fn apply(
    db: &DatabaseConnection,
    client_id: i32,
    inventory: &Inventory,
) -> Result<SyncReport, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let mut report = SyncReport::default();
    let known = known_projects(&txn, client_id).await?;
    let now = Utc::now();
    let region_id = match inventory.region.as_str() {
        "" => None,
        name => Some(region_id(&txn, name).await?),
    };
    for p in known.iter().filter(|p| !is_pending(p)) {
        if !inventory
            .projects
            .iter()
            .any(|i| i.project.id == p.openstack_id)
        {
            project::Entity::delete_by_id(p.id).exec(&txn).await?;
            report.projects.removed += 1;
        }
    }
    for inv in &inventory.projects {
        let row = match known.iter().find(|p| p.openstack_id == inv.project.id) {
            Some(p) => {
                if p.name != inv.project.name || p.disabled == inv.project.enabled {
                    let mut a = p.clone().into_active_model();
                    a.name = Set(inv.project.name.clone());
                    a.disabled = Set(!inv.project.enabled);
                    a.update(&txn).await?;
                    report.projects.changed += 1;
                }
                p.clone()
            }
            None => {
                report.projects.added += 1;
                project::ActiveModel {
                    client_id: Set(client_id),
                    service_id: Set(None),
                    openstack_id: Set(inv.project.id.clone()),
                    project_domain_id: Set(inv.project.domain_id.clone()),
                    name: Set(inv.project.name.clone()),
                    disabled: Set(!inv.project.enabled),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
            }
        };
        sync_project(&txn, &row, inv, region_id, &mut report).await?;
    }
    if !report.is_empty() {
        audit::record(
            &txn,
            &Actor::system(),
            Change {
                action: "cloud.synced",
                entity: "client",
                entity_id: Some(client_id),
                client_id: Some(client_id),
                changes: serde_json::to_value(&report).unwrap_or_default(),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(report)
}

async fn region_id<C: ConnectionTrait>(conn: &C, name: &str) -> Result<i32, DbErr> {
    if let Some(r) = region::Entity::find()
        .filter(region::Column::Name.eq(name))
        .one(conn)
        .await?
    {
        return Ok(r.id);
    }
    Ok(region::ActiveModel {
        name: Set(name.to_owned()),
        description: Set(format!("{name} (found in the cloud's catalog)")),
        ..Default::default()
    }
    .insert(conn)
    .await?
    .id)
}

async fn flavor_id<C: ConnectionTrait>(
    conn: &C,
    s: &cumulus_openstack::Server,
) -> Result<i32, DbErr> {
    let name = s.flavor_name.clone().unwrap_or_else(|| "unknown".into());
    if let Some(f) = flavor::Entity::find()
        .filter(flavor::Column::Name.eq(name.clone()))
        .one(conn)
        .await?
    {
        return Ok(f.id);
    }
    Ok(flavor::ActiveModel {
        name: Set(name),
        vcpus: Set(s.flavor_vcpus.unwrap_or(0)),
        ram_mb: Set(s.flavor_ram_mb.unwrap_or(0)),
        disk_gb: Set(s.flavor_disk_gb.unwrap_or(0)),
        ..Default::default()
    }
    .insert(conn)
    .await?
    .id)
}

async fn hypervisor_id<C: ConnectionTrait>(
    conn: &C,
    hostname: &str,
    region_id: i32,
) -> Result<i32, DbErr> {
    if let Some(h) = hypervisor::Entity::find()
        .filter(hypervisor::Column::Hostname.eq(hostname))
        .one(conn)
        .await?
    {
        return Ok(h.id);
    }
    Ok(hypervisor::ActiveModel {
        hostname: Set(hostname.to_owned()),
        region_id: Set(region_id),
        ..Default::default()
    }
    .insert(conn)
    .await?
    .id)
}

/// Rows of one kind in the project, by their cloud id.
macro_rules! by_cloud_id {
    ($conn:expr, $entity:ident, $project:expr, $key:ident) => {
        $entity::Entity::find()
            .filter($entity::Column::ProjectId.eq($project.id))
            .all($conn)
            .await?
            .into_iter()
            .map(|m| (m.$key.clone(), m))
            .collect::<HashMap<String, $entity::Model>>()
    };
}

/// Removes the rows whose key the cloud no longer lists. With `in $region`: only rows of that
/// region (the inventory lists one region; another region's resources are not gone).
macro_rules! remove_gone {
    ($conn:expr, $entity:ident, $rows:expr, $listed:expr, $counts:expr, in $region:expr) => {
        let rows = $rows
            .into_iter()
            .filter(|(_, m)| $region.is_none_or(|r| m.region_id == r));
        remove_gone!($conn, $entity, rows, $listed, $counts);
    };
    ($conn:expr, $entity:ident, $rows:expr, $listed:expr, $counts:expr) => {
        for (key, m) in $rows {
            if !$listed.contains(&key.as_str()) {
                $entity::Entity::delete_by_id(m.id).exec($conn).await?;
                $counts.removed += 1;
            }
        }
    };
}

/// Updates a row if the cloud's view differs (`$changed`), counting it.
macro_rules! upsert {
    ($conn:expr, $existing:expr, $counts:expr, $changed:expr, $update:expr, $insert:expr) => {
        match $existing {
            Some(m) => {
                if $changed(&m) {
                    let mut a = m.clone().into_active_model();
                    $update(&mut a);
                    a.update($conn).await?;
                    $counts.changed += 1;
                }
            }
            None => {
                $insert.insert($conn).await?;
                $counts.added += 1;
            }
        }
    };
}

async fn sync_project<C: ConnectionTrait>(
    conn: &C,
    p: &project::Model,
    inv: &ProjectInventory,
    region: Option<i32>,
    report: &mut SyncReport,
) -> Result<(), DbErr> {
    let now = Utc::now();
    let created = |c: Option<chrono::DateTime<Utc>>| c.unwrap_or(now);
    let image_name = |id: &Option<String>| -> Option<String> {
        let id = id.as_deref().filter(|i| !i.is_empty())?;
        Some(
            inv.images
                .iter()
                .find(|i| i.id == id)
                .map_or_else(|| id.to_owned(), |i| i.name.clone()),
        )
    };

    // Instances
    let mut rows = by_cloud_id!(conn, instance, p, openstack_id);
    let listed: Vec<&str> = inv.servers.iter().map(|s| s.id.as_str()).collect();
    for s in &inv.servers {
        let existing = rows.remove(&s.id);
        let region_id = region.or(existing.as_ref().map(|m| m.region_id));
        let Some(region_id) = region_id else { continue };
        let flavor = match (&existing, &s.flavor_name) {
            (Some(m), None) => m.flavor_id,
            _ => flavor_id(conn, s).await?,
        };
        let hyper = match &s.hypervisor {
            Some(h) => Some(hypervisor_id(conn, h, region_id).await?),
            None => existing.as_ref().and_then(|m| m.hypervisor_id),
        };
        let image = image_name(&s.image_id)
            .or_else(|| existing.as_ref().map(|m| m.image_name.clone()))
            .unwrap_or_default();
        let ipv4 = s
            .ipv4
            .clone()
            .or_else(|| existing.as_ref().map(|m| m.ipv4.clone()))
            .unwrap_or_default();
        upsert!(
            conn,
            existing,
            report.instances,
            |m: &instance::Model| m.name != s.name
                || m.status != s.status
                || m.flavor_id != flavor
                || m.hypervisor_id != hyper
                || m.image_name != image
                || m.ipv4 != ipv4,
            |a: &mut instance::ActiveModel| {
                a.name = Set(s.name.clone());
                a.status = Set(s.status.clone());
                a.flavor_id = Set(flavor);
                a.hypervisor_id = Set(hyper);
                a.image_name = Set(image.clone());
                a.ipv4 = Set(ipv4.clone());
            },
            instance::ActiveModel {
                project_id: Set(p.id),
                openstack_id: Set(s.id.clone()),
                name: Set(s.name.clone()),
                status: Set(s.status.clone()),
                region_id: Set(region_id),
                flavor_id: Set(flavor),
                hypervisor_id: Set(hyper),
                image_name: Set(image.clone()),
                ipv4: Set(ipv4.clone()),
                created_at: Set(created(s.created)),
                ..Default::default()
            }
        );
    }
    remove_gone!(conn, instance, rows, listed, report.instances, in region);

    // Volumes
    let mut rows = by_cloud_id!(conn, volume, p, openstack_id);
    let listed: Vec<&str> = inv.volumes.iter().map(|v| v.id.as_str()).collect();
    for v in &inv.volumes {
        let existing = rows.remove(&v.id);
        let Some(region_id) = region.or(existing.as_ref().map(|m| m.region_id)) else {
            continue;
        };
        upsert!(
            conn,
            existing,
            report.volumes,
            |m: &volume::Model| m.name != v.name || m.status != v.status || m.size_gb != v.size_gb,
            |a: &mut volume::ActiveModel| {
                a.name = Set(v.name.clone());
                a.status = Set(v.status.clone());
                a.size_gb = Set(v.size_gb);
            },
            volume::ActiveModel {
                project_id: Set(p.id),
                openstack_id: Set(v.id.clone()),
                name: Set(v.name.clone()),
                status: Set(v.status.clone()),
                region_id: Set(region_id),
                size_gb: Set(v.size_gb),
                created_at: Set(created(v.created)),
                ..Default::default()
            }
        );
    }
    remove_gone!(conn, volume, rows, listed, report.volumes, in region);

    // Networks
    let mut rows = by_cloud_id!(conn, network, p, openstack_id);
    let listed: Vec<&str> = inv.networks.iter().map(|n| n.id.as_str()).collect();
    for n in &inv.networks {
        let existing = rows.remove(&n.id);
        let Some(region_id) = region.or(existing.as_ref().map(|m| m.region_id)) else {
            continue;
        };
        let cidr = n
            .cidr
            .clone()
            .or_else(|| existing.as_ref().map(|m| m.cidr.clone()))
            .unwrap_or_default();
        upsert!(
            conn,
            existing,
            report.networks,
            |m: &network::Model| m.name != n.name || m.cidr != cidr,
            |a: &mut network::ActiveModel| {
                a.name = Set(n.name.clone());
                a.cidr = Set(cidr.clone());
            },
            network::ActiveModel {
                project_id: Set(p.id),
                openstack_id: Set(n.id.clone()),
                name: Set(n.name.clone()),
                region_id: Set(region_id),
                cidr: Set(cidr.clone()),
                created_at: Set(created(n.created)),
                ..Default::default()
            }
        );
    }
    remove_gone!(conn, network, rows, listed, report.networks, in region);

    // Routers
    let mut rows = by_cloud_id!(conn, router, p, openstack_id);
    let listed: Vec<&str> = inv.routers.iter().map(|r| r.id.as_str()).collect();
    for r in &inv.routers {
        let existing = rows.remove(&r.id);
        let Some(region_id) = region.or(existing.as_ref().map(|m| m.region_id)) else {
            continue;
        };
        upsert!(
            conn,
            existing,
            report.routers,
            |m: &router::Model| m.name != r.name
                || m.status != r.status
                || m.external_ip != r.external_ip,
            |a: &mut router::ActiveModel| {
                a.name = Set(r.name.clone());
                a.status = Set(r.status.clone());
                a.external_ip = Set(r.external_ip.clone());
            },
            router::ActiveModel {
                project_id: Set(p.id),
                openstack_id: Set(r.id.clone()),
                name: Set(r.name.clone()),
                status: Set(r.status.clone()),
                region_id: Set(region_id),
                external_ip: Set(r.external_ip.clone()),
                created_at: Set(created(r.created)),
                ..Default::default()
            }
        );
    }
    remove_gone!(conn, router, rows, listed, report.routers, in region);

    // Images (before ports: nothing refers to them; ports refer to networks and instances)
    let mut rows = by_cloud_id!(conn, image, p, openstack_id);
    let listed: Vec<&str> = inv.images.iter().map(|i| i.id.as_str()).collect();
    for i in &inv.images {
        let existing = rows.remove(&i.id);
        let Some(region_id) = region.or(existing.as_ref().map(|m| m.region_id)) else {
            continue;
        };
        let distro = i
            .os_distro
            .clone()
            .or_else(|| existing.as_ref().map(|m| m.os_distro.clone()))
            .unwrap_or_default();
        upsert!(
            conn,
            existing,
            report.images,
            |m: &image::Model| m.name != i.name
                || m.os_distro != distro
                || m.min_disk_gb != i.min_disk_gb
                || m.visibility != i.visibility,
            |a: &mut image::ActiveModel| {
                a.name = Set(i.name.clone());
                a.os_distro = Set(distro.clone());
                a.min_disk_gb = Set(i.min_disk_gb);
                a.visibility = Set(i.visibility.clone());
            },
            image::ActiveModel {
                project_id: Set(p.id),
                openstack_id: Set(i.id.clone()),
                name: Set(i.name.clone()),
                os_distro: Set(distro.clone()),
                region_id: Set(region_id),
                min_disk_gb: Set(i.min_disk_gb),
                visibility: Set(i.visibility.clone()),
                created_at: Set(created(i.created)),
                ..Default::default()
            }
        );
    }
    remove_gone!(conn, image, rows, listed, report.images, in region);

    // Ports: linked to our network and instance rows by their cloud ids.
    let networks = by_cloud_id!(conn, network, p, openstack_id);
    let instances = by_cloud_id!(conn, instance, p, openstack_id);
    let mut rows = by_cloud_id!(conn, port, p, openstack_id);
    let listed: Vec<&str> = inv.ports.iter().map(|x| x.id.as_str()).collect();
    for x in &inv.ports {
        let existing = rows.remove(&x.id);
        let network_id = networks
            .get(&x.network_id)
            .map(|n| n.id)
            .or(existing.as_ref().and_then(|m| m.network_id));
        let instance_id = instances.get(&x.device_id).map(|i| i.id).or_else(|| {
            if x.device_id.is_empty() && !x.network_id.is_empty() {
                None // unbound in the cloud
            } else {
                existing.as_ref().and_then(|m| m.instance_id)
            }
        });
        let ip = x
            .ip_address
            .clone()
            .or_else(|| existing.as_ref().map(|m| m.ip_address.clone()))
            .unwrap_or_default();
        upsert!(
            conn,
            existing,
            report.ports,
            |m: &port::Model| m.status != x.status
                || m.mac_address != x.mac_address
                || m.ip_address != ip
                || m.network_id != network_id
                || m.instance_id != instance_id,
            |a: &mut port::ActiveModel| {
                a.status = Set(x.status.clone());
                a.mac_address = Set(x.mac_address.clone());
                a.ip_address = Set(ip.clone());
                a.network_id = Set(network_id);
                a.instance_id = Set(instance_id);
            },
            port::ActiveModel {
                project_id: Set(p.id),
                network_id: Set(network_id),
                instance_id: Set(instance_id),
                openstack_id: Set(x.id.clone()),
                mac_address: Set(x.mac_address.clone()),
                ip_address: Set(ip.clone()),
                status: Set(x.status.clone()),
                created_at: Set(created(x.created)),
                ..Default::default()
            }
        );
    }
    remove_gone!(conn, port, rows, listed, report.ports);

    // SSH keys (Nova keypairs of the project's users), by name.
    let mut rows = by_cloud_id!(conn, ssh_key, p, name);
    let listed: Vec<&str> = inv.keypairs.iter().map(|k| k.name.as_str()).collect();
    for k in &inv.keypairs {
        let existing = rows.remove(&k.name);
        upsert!(
            conn,
            existing,
            report.ssh_keys,
            |m: &ssh_key::Model| m.fingerprint != k.fingerprint || m.public_key != k.public_key,
            |a: &mut ssh_key::ActiveModel| {
                a.fingerprint = Set(k.fingerprint.clone());
                a.public_key = Set(k.public_key.clone());
            },
            ssh_key::ActiveModel {
                project_id: Set(p.id),
                name: Set(k.name.clone()),
                fingerprint: Set(k.fingerprint.clone()),
                public_key: Set(k.public_key.clone()),
                created_at: Set(now),
                ..Default::default()
            }
        );
    }
    remove_gone!(conn, ssh_key, rows, listed, report.ssh_keys);
    Ok(())
}

/// Clients given a sync job per sweep step: the step's cost follows the batch, not the table.
const SWEEP_BATCH: u64 = 200;
const CURSOR: &str = "cloud_sync.cursor";
const NEXT_ROUND: &str = "cloud_sync.next_round";

/// One step of the periodic refresh: the next batch of clients with projects (in id order,
/// from a cursor kept in `settings`) gets a sync job each, unless it has one waiting. After
/// the last batch the cursor starts over, `every` after the round began. Several server
/// processes share the cursor: each step locks it first, so no batch is taken twice.
/// Returns how many jobs it enqueued.
pub async fn sweep(
    db: &DatabaseConnection,
    now: chrono::DateTime<Utc>,
    every: chrono::Duration,
) -> Result<u64, DbErr> {
    use crate::entities::{job, setting};
    use crate::jobs;
    use sea_orm::sea_query::Expr;
    use sea_orm::{PaginatorTrait, QueryOrder, QuerySelect};

    for key in [CURSOR, NEXT_ROUND] {
        setting::insert_missing(db, key, String::new()).await?;
    }
    let txn = crate::db::begin_write(db).await?;
    // The write comes first: it takes the row lock (PostgreSQL) or the write lock (SQLite).
    setting::Entity::update_many()
        .col_expr(setting::Column::Value, Expr::col(setting::Column::Value))
        .filter(setting::Column::Key.eq(CURSOR))
        .exec(&txn)
        .await?;
    let value = |key: &'static str| {
        let txn = &txn;
        async move {
            Ok::<_, DbErr>(
                setting::Entity::find_by_id(key)
                    .one(txn)
                    .await?
                    .map(|s| s.value)
                    .unwrap_or_default(),
            )
        }
    };
    let cursor: i32 = value(CURSOR).await?.parse().unwrap_or(0);
    let next_round = chrono::DateTime::parse_from_rfc3339(&value(NEXT_ROUND).await?).ok();
    if cursor == 0 && next_round.is_some_and(|t| t > now) {
        return txn.commit().await.map(|()| 0);
    }
    // The next SWEEP_BATCH project rows in client order, deduplicated here: a plain range
    // scan of the client index on both engines, whatever the planner's statistics say
    // (a DISTINCT may be planned as a scan of the whole table).
    let rows: Vec<i32> = project::Entity::find()
        .select_only()
        .column(project::Column::ClientId)
        .filter(project::Column::ClientId.gt(cursor))
        .order_by_asc(project::Column::ClientId)
        .limit(SWEEP_BATCH)
        .into_tuple()
        .all(&txn)
        .await?;
    let mut clients = rows.clone();
    clients.dedup();
    let mut enqueued = 0;
    for &client_id in &clients {
        let waiting = job::Entity::find()
            .filter(job::Column::ClientId.eq(client_id))
            .filter(job::Column::Kind.eq(jobs::JobKind::SyncClient))
            .filter(job::Column::Status.is_in(jobs::JobStatus::LIVE))
            .count(&txn)
            .await?;
        if waiting == 0 {
            jobs::enqueue(&txn, jobs::JobKind::SyncClient, client_id, now).await?;
            enqueued += 1;
        }
    }
    let (cursor, round) = match rows.last() {
        // A full batch: more may follow. Its last client's other projects (cut off by the
        // limit) need no second look: the client has its job.
        Some(&last) if rows.len() as u64 == SWEEP_BATCH => (last, None),
        _ => (0, Some((now + every).to_rfc3339())),
    };
    let set = |key: &'static str, v: String| {
        setting::Entity::update_many()
            .col_expr(setting::Column::Value, Expr::value(v))
            .filter(setting::Column::Key.eq(key))
            .exec(&txn)
    };
    set(CURSOR, cursor.to_string()).await?;
    if let Some(round) = round {
        set(NEXT_ROUND, round).await?;
    }
    txn.commit().await?;
    Ok(enqueued)
}

/// "Refresh from cloud": a sync job for the client, unless one is waiting already. Audited.
pub async fn request(
    db: &DatabaseConnection,
    actor: &crate::audit::Actor,
    client_id: i32,
) -> Result<(), model::AppError> {
    use crate::entities::{client, job};
    use crate::jobs;
    use sea_orm::PaginatorTrait;
    let txn = crate::db::begin_write(db).await?;
    crate::services::client_detail::lock_client(&txn, client_id).await?;
    client::Entity::find_by_id(client_id)
        .one(&txn)
        .await?
        .ok_or_else(|| model::AppError::NotFound(format!("Client {client_id}")))?;
    let waiting = job::Entity::find()
        .filter(job::Column::ClientId.eq(client_id))
        .filter(job::Column::Kind.eq(jobs::JobKind::SyncClient))
        .filter(job::Column::Status.is_in(jobs::JobStatus::LIVE))
        .count(&txn)
        .await?;
    if waiting == 0 {
        let j = jobs::enqueue(&txn, jobs::JobKind::SyncClient, client_id, Utc::now()).await?;
        audit::record(
            &txn,
            actor,
            Change {
                action: "cloud.sync_requested",
                entity: "client",
                entity_id: Some(client_id),
                client_id: Some(client_id),
                changes: serde_json::json!({ "job": j.id }),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The client's last sync as its Cloud resources tab shows it.
pub async fn status(
    db: &DatabaseConnection,
    client_id: i32,
) -> Result<model::cloud::CloudSync, DbErr> {
    use crate::entities::job;
    use crate::jobs;
    use sea_orm::QueryOrder;
    // Finished syncs are pruned (`jobs::prune_syncs`): a client has a handful at most.
    let syncs = job::Entity::find()
        .filter(job::Column::ClientId.eq(client_id))
        .filter(job::Column::Kind.eq(jobs::JobKind::SyncClient))
        .order_by_desc(job::Column::Id)
        .all(db)
        .await?;
    let latest = |status| syncs.iter().find(|j| j.status == status);
    let done = latest(jobs::JobStatus::Done);
    let failed = latest(jobs::JobStatus::Failed);
    Ok(model::cloud::CloudSync {
        synced_at: done.map(|j| j.updated_at),
        running: syncs.iter().any(|j| j.status.is_live()),
        // The newest failure, unless a sync succeeded after it.
        error: failed
            .filter(|f| done.is_none_or(|d| d.id < f.id))
            .and_then(|f| f.last_error.clone()),
    })
}
