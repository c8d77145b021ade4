//! Cloud › Instances, Volumes, Networks, Routers, SSH keys, Images, Ports: every client's
//! resources of one kind. The seven share one code path; `Resource` says which columns a kind
//! has (region, status, flavor, hypervisor) and what its row shows.

use super::{
    client_cell, client_filter, column, filter, link, rows_of, text, total_of, Filters, Scope,
};
use crate::entities::{
    flavor, hypervisor, image, instance, network, port, project, region, router, ssh_key, volume,
};
use model::client_query::Dir;
use model::cloud::ResourceKind;
use model::format;
use model::lists::{Cell, ColumnSpec, FilterInput, ListKind, ListPage, ListQuery, ListRow};
use model::routes;
use model::AppError;
use sea_orm::prelude::*;
use sea_orm::sea_query::{IntoCondition, SelectStatement};
use sea_orm::{QueryOrder, QuerySelect, QueryTrait};
use std::collections::HashMap;

/// `created` is the id: ids grow with creation, and the primary key serves the order.
const SORTS: &[&str] = &["created", "name"];

/// Nova's server statuses.
const SERVER_STATUSES: &[&str] = &[
    "ACTIVE",
    "BUILD",
    "REBUILD",
    "REBOOT",
    "HARD_REBOOT",
    "RESIZE",
    "VERIFY_RESIZE",
    "REVERT_RESIZE",
    "MIGRATING",
    "PASSWORD",
    "RESCUE",
    "PAUSED",
    "SUSPENDED",
    "SHUTOFF",
    "SHELVED",
    "SHELVED_OFFLOADED",
    "SOFT_DELETED",
    "DELETED",
    "ERROR",
    "UNKNOWN",
];

/// Cinder's volume statuses.
const VOLUME_STATUSES: &[&str] = &[
    "creating",
    "available",
    "reserved",
    "attaching",
    "detaching",
    "in-use",
    "maintenance",
    "deleting",
    "awaiting-transfer",
    "error",
    "error_deleting",
    "backing-up",
    "restoring-backup",
    "error_backing-up",
    "error_restoring",
    "error_extending",
    "downloading",
    "uploading",
    "retyping",
    "extending",
];

/// Neutron's router and port statuses.
const NETWORK_STATUSES: &[&str] = &["ACTIVE", "DOWN", "BUILD", "ERROR"];

/// What a list row shows of one resource.
pub(super) struct Summary {
    id: i32,
    project_id: i32,
    name: String,
    /// The detail that tells it apart (an instance's flavor name is put before it).
    detail: String,
    region_id: Option<i32>,
    status: Option<String>,
    flavor_id: Option<i32>,
    created_at: DateTimeUtc,
}

/// A kind of resource as its list sees it: the columns it has. Every column named here is
/// indexed (migration 000012), so each filter and both sorts read an index.
trait Resource: EntityTrait {
    const KIND: ResourceKind;
    const ID: Self::Column;
    const PROJECT: Self::Column;
    /// What "name" sorts by.
    const NAME: Self::Column;
    const REGION: Option<Self::Column> = None;
    const STATUS: Option<Self::Column> = None;
    /// Every status the cloud reports for the kind: the filter's choices and the totals.
    const STATUSES: &'static [&'static str] = &[];
    const FLAVOR: Option<Self::Column> = None;
    const HYPERVISOR: Option<Self::Column> = None;

    fn summary(m: Self::Model) -> Summary;
}

/// Implements `Resource` for an entity: its kind, the column "name" sorts by, the row's name
/// and telling detail, and the optional columns it has (`Column = field`).
macro_rules! resource {
    (@some) => { None };
    (@some $e:expr) => { Some($e) };
    ($entity:ident, $kind:ident, name: $name:ident, |$m:ident| ($label:expr, $detail:expr)
        $(, region: $region:ident = $region_f:ident)?
        $(, status: $status:ident = $status_f:ident in $statuses:expr)?
        $(, flavor: $flavor:ident = $flavor_f:ident)?
        $(, hypervisor: $hypervisor:ident)?) => {
        impl Resource for $entity::Entity {
            const KIND: ResourceKind = ResourceKind::$kind;
            const ID: $entity::Column = $entity::Column::Id;
            const PROJECT: $entity::Column = $entity::Column::ProjectId;
            const NAME: $entity::Column = $entity::Column::$name;
            $(const REGION: Option<$entity::Column> = Some($entity::Column::$region);)?
            $(
                const STATUS: Option<$entity::Column> = Some($entity::Column::$status);
                const STATUSES: &'static [&'static str] = $statuses;
            )?
            $(const FLAVOR: Option<$entity::Column> = Some($entity::Column::$flavor);)?
            $(const HYPERVISOR: Option<$entity::Column> = Some($entity::Column::$hypervisor);)?

            fn summary($m: $entity::Model) -> Summary {
                Summary {
                    id: $m.id,
                    project_id: $m.project_id,
                    name: $label,
                    detail: $detail,
                    region_id: resource!(@some $($m.$region_f)?),
                    status: resource!(@some $($m.$status_f)?),
                    flavor_id: resource!(@some $($m.$flavor_f)?),
                    created_at: $m.created_at,
                }
            }
        }
    };
}

resource!(instance, Instances, name: Name, |m| (m.name, m.ipv4),
    region: RegionId = region_id, status: Status = status in SERVER_STATUSES,
    flavor: FlavorId = flavor_id, hypervisor: HypervisorId);
resource!(volume, Volumes, name: Name, |m| (m.name, format!("{} GB", m.size_gb)),
    region: RegionId = region_id, status: Status = status in VOLUME_STATUSES);
resource!(network, Networks, name: Name, |m| (m.name, m.cidr), region: RegionId = region_id);
resource!(router, Routers, name: Name,
    |m| (m.name, m.external_ip.unwrap_or_else(|| "no external IP".into())),
    region: RegionId = region_id, status: Status = status in NETWORK_STATUSES);
resource!(ssh_key, SshKeys, name: Name, |m| (m.name, m.fingerprint));
resource!(image, Images, name: Name, |m| (m.name, m.os_distro), region: RegionId = region_id);
// A port has no name: it goes by its MAC address.
resource!(port, Ports, name: MacAddress, |m| (m.mac_address, m.ip_address),
    status: Status = status in NETWORK_STATUSES);

pub async fn list(
    db: &DatabaseConnection,
    kind: ResourceKind,
    query: &ListQuery,
) -> Result<ListPage, AppError> {
    match kind {
        ResourceKind::Instances => page::<instance::Entity>(db, query).await,
        ResourceKind::Volumes => page::<volume::Entity>(db, query).await,
        ResourceKind::Networks => page::<network::Entity>(db, query).await,
        ResourceKind::Routers => page::<router::Entity>(db, query).await,
        ResourceKind::SshKeys => page::<ssh_key::Entity>(db, query).await,
        ResourceKind::Images => page::<image::Entity>(db, query).await,
        ResourceKind::Ports => page::<port::Entity>(db, query).await,
    }
}

/// The `(id, label)` pairs of a small table (regions, flavors, hypervisors), by label: a
/// select's options and the names shown in rows.
pub(super) async fn lookup<E: EntityTrait>(
    db: &DatabaseConnection,
    id: E::Column,
    label: E::Column,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(E::find()
        .select_only()
        .column(id)
        .column(label)
        .order_by_asc(label)
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, label)| (id.to_string(), label))
        .collect())
}

/// `SELECT col FROM <E> WHERE cond`: the inside of a semi-join (`x IN (...)`).
pub(super) fn column_where<E: EntityTrait>(
    col: E::Column,
    cond: impl IntoCondition,
) -> SelectStatement {
    E::find()
        .select_only()
        .column(col)
        .filter(cond)
        .into_query()
}

/// The id picked from a select's `options`, or a message naming the field.
pub(super) fn chosen(
    f: &mut Filters,
    name: &str,
    what: &str,
    options: &[(String, String)],
) -> Option<i32> {
    let values: Vec<&str> = options.iter().map(|(v, _)| v.as_str()).collect();
    f.one_of(name, what, &values)?.parse().ok()
}

/// "in-use" → "In use", "SHUTOFF" → "Shutoff".
fn status_label(s: &str) -> String {
    let words = s.to_lowercase().replace(['_', '-'], " ");
    let mut c = words.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The badge colour of a status: up, failed, stopped or on its way.
fn status_tone(s: &str) -> &'static str {
    match s.to_ascii_uppercase().as_str() {
        "ACTIVE" | "AVAILABLE" | "IN-USE" => "tone-green",
        e if e.starts_with("ERROR") => "tone-red",
        "SHUTOFF" | "SUSPENDED" | "PAUSED" | "SHELVED" | "SHELVED_OFFLOADED" | "SOFT_DELETED"
        | "DELETED" | "DOWN" | "UNKNOWN" => "tone-grey",
        _ => "tone-yellow",
    }
}

/// A kind's optional id column (region, flavor, hypervisor) with the options of its select,
/// read from the small table `L` only when the kind has the column.
async fn options_for<C, L: EntityTrait>(
    db: &DatabaseConnection,
    col: Option<C>,
    id: L::Column,
    label: L::Column,
) -> Result<(Option<C>, Vec<(String, String)>), AppError> {
    Ok(match col {
        Some(c) => (Some(c), lookup::<L>(db, id, label).await?),
        None => (None, Vec::new()),
    })
}

async fn page<E: Resource>(db: &DatabaseConnection, query: &ListQuery) -> Result<ListPage, AppError>
where
    E::Model: Sync,
{
    let kind = E::KIND;
    let regions =
        options_for::<_, region::Entity>(db, E::REGION, region::Column::Id, region::Column::Name)
            .await?;
    let flavors =
        options_for::<_, flavor::Entity>(db, E::FLAVOR, flavor::Column::Id, flavor::Column::Name)
            .await?;
    let hypervisors = options_for::<_, hypervisor::Entity>(
        db,
        E::HYPERVISOR,
        hypervisor::Column::Id,
        hypervisor::Column::Hostname,
    )
    .await?;
    // (parameter, label, counted column, (column, options))
    let selects = [
        ("region", "Region", "region_id", &regions),
        ("flavor", "Flavor", "flavor_id", &flavors),
        ("hypervisor", "Hypervisor", "hypervisor_id", &hypervisors),
    ];

    let mut f = Filters::new(query);
    let client = f.id("client", "The client ID");
    let project = f.id("project", "The project ID");
    let mut picked = Vec::new();
    for (name, label, dim, (col, options)) in selects {
        if let Some(col) = col {
            if let Some(id) = chosen(&mut f, name, &label.to_lowercase(), options) {
                picked.push((dim, *col, id));
            }
        }
    }
    let status = E::STATUS.and_then(|_| f.one_of("status", "status", E::STATUSES));
    let (sort, dir) = f.sort(SORTS, Dir::Desc);
    f.finish()?;

    let mut scope = Scope::<E>::new()
        .when(client, |c| {
            // The client's few projects, then their resources by the project index.
            let projects = column_where::<project::Entity>(
                project::Column::Id,
                project::Column::ClientId.eq(c),
            );
            E::PROJECT.in_subquery(projects)
        })
        .when(project, |p| E::PROJECT.eq(p));
    for (dim, col, id) in picked {
        scope = scope.counted(dim, Some(id), |id| vec![id.to_string()], |id| col.eq(id));
    }
    let (totals, total) = match E::STATUS {
        Some(col) => {
            let mut totals = scope
                .totals_by(
                    db,
                    col,
                    E::STATUSES
                        .iter()
                        .map(|s| ((*s).to_owned(), status_label(s), status_tone(s).to_owned())),
                )
                .await?;
            let total = total_of(&totals, status.as_deref());
            // Of the API's many statuses, those that occur (and the chosen one).
            totals.retain(|t| t.count > 0 || status.as_deref() == Some(t.value.as_str()));
            (totals, total)
        }
        None => (Vec::new(), scope.count(db).await?),
    };
    let q = match (E::STATUS, &status) {
        (Some(col), Some(s)) => scope.q.filter(col.eq(s.as_str())),
        _ => scope.q,
    };
    let col = match sort {
        "name" => E::NAME,
        _ => E::ID,
    };
    let found: Vec<Summary> = rows_of(db, q, (col, E::ID), dir, query.page(), total)
        .await?
        .into_iter()
        .map(E::summary)
        .collect();

    // The page's projects and their clients, two small queries.
    let mut pids: Vec<i32> = found.iter().map(|s| s.project_id).collect();
    pids.sort_unstable();
    pids.dedup();
    let projects: HashMap<i32, project::Model> = if pids.is_empty() {
        HashMap::new()
    } else {
        project::Entity::find()
            .filter(project::Column::Id.is_in(pids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect()
    };
    let clients = super::client_names(db, projects.values().map(|p| p.client_id)).await?;
    let region_names: HashMap<String, String> = regions.1.iter().cloned().collect();
    let flavor_names: HashMap<String, String> = flavors.1.iter().cloned().collect();
    let name_of = |names: &HashMap<String, String>, id: Option<i32>| {
        id.and_then(|i| names.get(&i.to_string()).cloned())
    };

    let rows = found
        .into_iter()
        .map(|s| {
            let p = projects.get(&s.project_id);
            let detail = match name_of(&flavor_names, s.flavor_id) {
                Some(fl) => format!("{fl} · {}", s.detail),
                None => s.detail,
            };
            let mut cells = vec![
                link(routes::resource(kind.slug(), s.id), s.name),
                text(detail),
            ];
            if E::REGION.is_some() {
                cells.push(text(
                    name_of(&region_names, s.region_id).unwrap_or_else(|| "—".into()),
                ));
            }
            if let Some(st) = s.status {
                cells.push(Cell::Badge {
                    class: status_tone(&st).to_owned(),
                    label: st,
                });
            }
            cells.push(link(
                routes::project(s.project_id),
                p.map_or_else(|| format!("Project {}", s.project_id), |p| p.name.clone()),
            ));
            cells.push(client_cell(
                p.map(|p| p.client_id),
                p.and_then(|p| clients.get(&p.client_id))
                    .map(String::as_str),
                &format!("resources?kind={}", kind.slug()),
            ));
            cells.push(text(format::date(&s.created_at)));
            ListRow { tone: None, cells }
        })
        .collect();

    let mut filters = vec![
        client_filter(),
        filter(
            "project",
            "Project ID",
            FilterInput::Text {
                placeholder: "e.g. 7".into(),
            },
        ),
    ];
    for (name, label, _, (col, options)) in selects {
        if col.is_some() {
            filters.push(filter(name, label, FilterInput::Select(options.clone())));
        }
    }
    if E::STATUS.is_some() {
        filters.push(filter(
            "status",
            "Status",
            FilterInput::Select(
                E::STATUSES
                    .iter()
                    .map(|s| ((*s).to_owned(), status_label(s)))
                    .collect(),
            ),
        ));
    }
    Ok(ListPage {
        kind: ListKind::Resources(kind),
        filters,
        columns: columns::<E>(),
        rows,
        total,
        page: query.page(),
        sort: sort.to_owned(),
        dir,
        default_dir: Dir::Desc,
        totals,
        totals_param: "status".into(),
    })
}

/// The kind's columns, in the order `page` fills the cells.
fn columns<E: Resource>() -> Vec<ColumnSpec> {
    let name = match E::KIND {
        ResourceKind::Ports => "MAC address",
        _ => "Name",
    };
    let detail = match E::KIND {
        ResourceKind::Instances => "Flavor · IPv4",
        ResourceKind::Volumes => "Size",
        ResourceKind::Networks => "CIDR",
        ResourceKind::Routers => "External IP",
        ResourceKind::SshKeys => "Fingerprint",
        ResourceKind::Images => "Distribution",
        ResourceKind::Ports => "IP address",
    };
    let mut cols = vec![
        column(name, Some("name"), false),
        column(detail, None, false),
    ];
    if E::REGION.is_some() {
        cols.push(column("Region", None, false));
    }
    if E::STATUS.is_some() {
        cols.push(column("Status", None, false));
    }
    cols.extend([
        column("Project", None, false),
        column("Client", None, false),
        column("Created", Some("created"), false),
    ]);
    cols
}
