//! Cloud › Projects, Cloud › each resource kind, and Domains: staff find any client's
//! projects, resources and domains by the filters in the URL, sort them both ways, count them
//! by status and page through them; bad filter values name the field and show nothing.

mod support;

use chrono::{NaiveDate, Utc};
use domain::entities::{
    domain_name, flavor, hypervisor, image, instance, network, port, project, region, router,
    ssh_key, volume,
};
use domain::services::lists::list;
use model::cloud::ResourceKind;
use model::lists::{Cell, ListKind, ListPage, ListQuery};
use model::{AppError, DomainStatus};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, QueryOrder, Set};
use support::{catalogue, new_client};

fn q(pairs: &[(&str, &str)]) -> ListQuery {
    ListQuery::from_pairs(pairs.iter().copied())
}

async fn page(db: &DatabaseConnection, kind: ListKind, pairs: &[(&str, &str)]) -> ListPage {
    list(db, kind, &q(pairs)).await.unwrap()
}

/// The first cell's text of every row: what a row is called.
fn names(p: &ListPage) -> Vec<String> {
    p.rows
        .iter()
        .map(|r| match &r.cells[0] {
            Cell::Link { text, .. } => text.clone(),
            other => panic!("the first cell links to the detail page: {other:?}"),
        })
        .collect()
}

fn hrefs(p: &ListPage, row: usize) -> Vec<String> {
    p.rows[row]
        .cells
        .iter()
        .filter_map(|c| match c {
            Cell::Link { href, .. } => Some(href.clone()),
            _ => None,
        })
        .collect()
}

/// The page for `pairs`, which lists exactly `expected`, in that order.
async fn shows(
    db: &DatabaseConnection,
    kind: ListKind,
    pairs: &[(&str, &str)],
    expected: &[&str],
) -> ListPage {
    let p = page(db, kind, pairs).await;
    assert_eq!(names(&p), strs(expected), "{kind:?} {pairs:?}");
    p
}

/// The message for `field`, when `pairs` are refused.
async fn refused(db: &DatabaseConnection, kind: ListKind, pairs: &[(&str, &str)]) -> AppError {
    let err = list(db, kind, &q(pairs)).await.unwrap_err();
    assert!(matches!(err, AppError::Invalid(_)), "{err:?}");
    err
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

async fn new_project(db: &DatabaseConnection, client: i32, name: &str, disabled: bool) -> i32 {
    project::ActiveModel {
        client_id: Set(client),
        service_id: Set(None),
        openstack_id: Set(format!("os-{name}")),
        project_domain_id: Set("default".into()),
        name: Set(name.into()),
        disabled: Set(disabled),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// The catalogue's regions, flavors and hypervisors, by name.
struct Catalogue {
    regions: Vec<region::Model>,
    flavors: Vec<flavor::Model>,
    hypervisors: Vec<hypervisor::Model>,
}

impl Catalogue {
    async fn read(db: &DatabaseConnection) -> Catalogue {
        Catalogue {
            regions: region::Entity::find()
                .order_by_asc(region::Column::Id)
                .all(db)
                .await
                .unwrap(),
            flavors: flavor::Entity::find()
                .order_by_asc(flavor::Column::Id)
                .all(db)
                .await
                .unwrap(),
            hypervisors: hypervisor::Entity::find()
                .order_by_asc(hypervisor::Column::Id)
                .all(db)
                .await
                .unwrap(),
        }
    }
}

struct Vm<'a> {
    project: i32,
    name: &'a str,
    status: &'a str,
    region: i32,
    flavor: i32,
    hypervisor: Option<i32>,
    ipv4: &'a str,
}

async fn new_instance(db: &DatabaseConnection, vm: Vm<'_>) -> i32 {
    instance::ActiveModel {
        project_id: Set(vm.project),
        openstack_id: Set(format!("os-{}-{}", vm.project, vm.name)),
        name: Set(vm.name.into()),
        status: Set(vm.status.into()),
        region_id: Set(vm.region),
        flavor_id: Set(vm.flavor),
        hypervisor_id: Set(vm.hypervisor),
        image_name: Set("Ubuntu 24.04".into()),
        ipv4: Set(vm.ipv4.into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// Inserts a row of `$entity` in `$project`, created now, with the given columns.
macro_rules! insert {
    ($db:expr, $entity:ident, $project:expr, { $($field:ident: $value:expr),* $(,)? }) => {
        $entity::ActiveModel {
            project_id: Set($project),
            created_at: Set(Utc::now()),
            $($field: Set($value),)*
            ..Default::default()
        }
        .insert($db)
        .await
        .unwrap()
        .id
    };
}

/// One resource of `kind` named `name` in `project` (ports go by their MAC address).
async fn new_resource(
    db: &DatabaseConnection,
    kind: ResourceKind,
    project: i32,
    name: &str,
    region: i32,
    flavor: i32,
) -> i32 {
    let os = format!("os-{}-{project}-{name}", kind.slug());
    match kind {
        ResourceKind::Instances => {
            let vm = Vm {
                project,
                name,
                status: "ACTIVE",
                region,
                flavor,
                hypervisor: None,
                ipv4: "10.0.0.5",
            };
            new_instance(db, vm).await
        }
        ResourceKind::Volumes => insert!(db, volume, project, {
            openstack_id: os, name: name.into(), status: "available".into(),
            region_id: region, size_gb: 50,
        }),
        ResourceKind::Networks => insert!(db, network, project, {
            openstack_id: os, name: name.into(), region_id: region, cidr: "10.0.0.0/24".into(),
        }),
        ResourceKind::Routers => insert!(db, router, project, {
            openstack_id: os, name: name.into(), status: "ACTIVE".into(), region_id: region,
            external_ip: Some("185.97.1.1".into()),
        }),
        ResourceKind::SshKeys => insert!(db, ssh_key, project, {
            name: name.into(), fingerprint: format!("SHA256:{name}"),
            public_key: format!("ssh-ed25519 AAAA {name}"),
        }),
        ResourceKind::Images => insert!(db, image, project, {
            openstack_id: os, name: name.into(), os_distro: "debian".into(), region_id: region,
            min_disk_gb: 10, visibility: "private".into(),
        }),
        ResourceKind::Ports => insert!(db, port, project, {
            openstack_id: os, mac_address: name.into(), ip_address: "10.0.0.9".into(),
            status: "DOWN".into(),
        }),
    }
}

test_support::db_test!(projects_by_client_disabled_and_region, |db| {
    catalogue(db).await;
    let cat = Catalogue::read(db).await;
    let (fra, ams) = (&cat.regions[0], &cat.regions[1]);
    let acme = new_client(db, "Acme Projects").await;
    let beta = new_client(db, "Beta Projects").await;
    let web = new_project(db, acme, "acme-web", false).await;
    let old = new_project(db, acme, "acme-old", true).await;
    let lab = new_project(db, beta, "beta-lab", false).await;
    // Two instances of acme-web in one region: the project is listed once.
    for (p, name, r) in [
        (web, "web-1", fra),
        (web, "web-2", fra),
        (lab, "lab-1", ams),
    ] {
        let vm = Vm {
            project: p,
            name,
            status: "ACTIVE",
            region: r.id,
            flavor: cat.flavors[0].id,
            hypervisor: None,
            ipv4: "10.1.1.1",
        };
        new_instance(db, vm).await;
    }
    let kind = ListKind::Projects;

    // Newest first, each row leading to the project and to its client's OpenStack tab.
    let all = shows(db, kind, &[], &["beta-lab", "acme-old", "acme-web"]).await;
    assert_eq!(all.total, 3);
    assert_eq!(
        hrefs(&all, 2),
        vec![
            format!("/staff/cloud/projects/{web}"),
            format!("/staff/clients/{acme}/openstack"),
        ]
    );
    assert_eq!(all.rows[2].cells[1], Cell::Text("os-acme-web".into()));
    assert!(matches!(&all.rows[1].cells[3], Cell::Badge { label, .. } if label == "Disabled"));

    let client = acme.to_string();
    let of_acme = shows(db, kind, &[("client", &client)], &["acme-old", "acme-web"]).await;
    assert_eq!(of_acme.total, 2);
    let disabled = shows(db, kind, &[("disabled", "yes")], &["acme-old"]).await;
    assert_eq!(
        hrefs(&disabled, 0)[0],
        format!("/staff/cloud/projects/{old}")
    );
    shows(db, kind, &[("disabled", "no")], &["beta-lab", "acme-web"]).await;
    let in_fra = shows(db, kind, &[("region", &fra.id.to_string())], &["acme-web"]).await;
    assert_eq!(in_fra.total, 1);
    let none = page(
        db,
        kind,
        &[("region", &ams.id.to_string()), ("client", &client)],
    )
    .await;
    assert!(none.rows.is_empty());
    assert_eq!(none.total, 0);

    // Sorted by name both ways, and by creation the other way.
    shows(
        db,
        kind,
        &[("sort", "name"), ("dir", "asc")],
        &["acme-old", "acme-web", "beta-lab"],
    )
    .await;
    shows(
        db,
        kind,
        &[("sort", "name"), ("dir", "desc")],
        &["beta-lab", "acme-web", "acme-old"],
    )
    .await;
    shows(
        db,
        kind,
        &[("sort", "created"), ("dir", "asc")],
        &["acme-web", "acme-old", "beta-lab"],
    )
    .await;

    // Bad values: every field said at once, nothing listed.
    let err = refused(
        db,
        kind,
        &[
            ("client", "acme"),
            ("disabled", "maybe"),
            ("region", "999999"),
            ("sort", "size"),
        ],
    )
    .await;
    assert!(err.field("client").is_some());
    assert_eq!(
        err.field("disabled").as_deref(),
        Some("Choose yes or no, not maybe.")
    );
    assert_eq!(
        err.field("region").as_deref(),
        Some("Unknown region: 999999.")
    );
    assert!(err.field("sort").is_some());
});

test_support::db_test!(instances_by_every_filter_with_totals, |db| {
    catalogue(db).await;
    let cat = Catalogue::read(db).await;
    let (fra, ams) = (&cat.regions[0], &cat.regions[1]);
    let (small, large) = (&cat.flavors[0], &cat.flavors[1]);
    let host = cat
        .hypervisors
        .iter()
        .find(|h| h.region_id == fra.id)
        .unwrap();
    let acme = new_client(db, "Acme Instances").await;
    let beta = new_client(db, "Beta Instances").await;
    let web = new_project(db, acme, "acme-web", false).await;
    let db_project = new_project(db, acme, "acme-db", false).await;
    let lab = new_project(db, beta, "beta-lab", false).await;
    let vms = [
        (web, "web-a", "ACTIVE", fra, small, Some(host), "10.0.0.1"),
        (web, "web-b", "SHUTOFF", fra, large, Some(host), "10.0.0.2"),
        (db_project, "pg-1", "ACTIVE", ams, large, None, "10.0.1.1"),
        (lab, "lab-1", "ERROR", ams, small, None, "10.0.2.1"),
    ];
    let mut ids = Vec::new();
    for (project, name, status, region, flavor, hypervisor, ipv4) in vms {
        let vm = Vm {
            project,
            name,
            status,
            region: region.id,
            flavor: flavor.id,
            hypervisor: hypervisor.map(|h| h.id),
            ipv4,
        };
        ids.push(new_instance(db, vm).await);
    }
    let kind = ListKind::Resources(ResourceKind::Instances);

    let all = shows(db, kind, &[], &["lab-1", "pg-1", "web-b", "web-a"]).await;
    assert_eq!(all.total, 4);
    // Totals: the statuses that occur, counted under the other filters.
    let totals: Vec<(String, u64)> = all
        .totals
        .iter()
        .map(|t| (t.value.clone(), t.count))
        .collect();
    assert_eq!(
        totals,
        vec![
            ("ACTIVE".to_owned(), 2),
            ("SHUTOFF".to_owned(), 1),
            ("ERROR".to_owned(), 1)
        ]
    );
    // web-a: its page, its project, its client's instances; flavor and address; region.
    let web_a = &all.rows[3];
    assert_eq!(
        hrefs(&all, 3),
        vec![
            format!("/staff/cloud/instances/{}", ids[0]),
            format!("/staff/cloud/projects/{web}"),
            format!("/staff/clients/{acme}/resources?kind=instances"),
        ]
    );
    assert_eq!(
        web_a.cells[1],
        Cell::Text(format!("{} · 10.0.0.1", small.name))
    );
    assert_eq!(web_a.cells[2], Cell::Text(fra.name.clone()));
    assert!(
        matches!(&web_a.cells[3], Cell::Badge { label, class } if label == "ACTIVE" && class == "tone-green")
    );

    shows(
        db,
        kind,
        &[("client", &acme.to_string())],
        &["pg-1", "web-b", "web-a"],
    )
    .await;
    let active_of_acme = shows(
        db,
        kind,
        &[("client", &acme.to_string()), ("status", "active")],
        &["pg-1", "web-a"],
    )
    .await;
    assert_eq!(active_of_acme.total, 2);
    // The totals stay over the other filters, the chosen status's total is the count.
    assert_eq!(
        active_of_acme.totals.iter().map(|t| t.count).sum::<u64>(),
        3
    );
    shows(
        db,
        kind,
        &[("project", &web.to_string())],
        &["web-b", "web-a"],
    )
    .await;
    shows(
        db,
        kind,
        &[("region", &ams.id.to_string())],
        &["lab-1", "pg-1"],
    )
    .await;
    shows(
        db,
        kind,
        &[("flavor", &large.id.to_string())],
        &["pg-1", "web-b"],
    )
    .await;
    shows(
        db,
        kind,
        &[("hypervisor", &host.id.to_string())],
        &["web-b", "web-a"],
    )
    .await;
    let errors = shows(db, kind, &[("status", "ERROR")], &["lab-1"]).await;
    assert_eq!(errors.total, 1);

    shows(
        db,
        kind,
        &[("sort", "name"), ("dir", "asc")],
        &["lab-1", "pg-1", "web-a", "web-b"],
    )
    .await;
    shows(
        db,
        kind,
        &[("sort", "name"), ("dir", "desc")],
        &["web-b", "web-a", "pg-1", "lab-1"],
    )
    .await;
    shows(
        db,
        kind,
        &[("sort", "created"), ("dir", "asc")],
        &["web-a", "web-b", "pg-1", "lab-1"],
    )
    .await;

    let err = refused(
        db,
        kind,
        &[
            ("status", "RUNNING"),
            ("flavor", "big"),
            ("hypervisor", "999999"),
            ("project", "-3"),
            ("dir", "up"),
        ],
    )
    .await;
    assert_eq!(
        err.field("status").as_deref(),
        Some("Unknown status: RUNNING.")
    );
    assert!(err.field("flavor").is_some());
    assert!(err.field("hypervisor").is_some());
    assert!(err.field("project").is_some());
    assert!(err.field("dir").is_some());
});

test_support::db_test!(every_resource_kind_lists_by_client_and_links_to_it, |db| {
    catalogue(db).await;
    let cat = Catalogue::read(db).await;
    let (region, flavor) = (cat.regions[0].id, cat.flavors[0].id);
    let acme = new_client(db, "Acme Resources").await;
    let beta = new_client(db, "Beta Resources").await;
    let mine = new_project(db, acme, "acme-main", false).await;
    let theirs = new_project(db, beta, "beta-main", false).await;
    for kind in ResourceKind::ALL {
        let a = new_resource(db, kind, mine, "aa-mine", region, flavor).await;
        new_resource(db, kind, theirs, "zz-theirs", region, flavor).await;
        let list_kind = ListKind::Resources(kind);
        let all = shows(db, list_kind, &[], &["zz-theirs", "aa-mine"]).await;
        assert_eq!(all.total, 2, "{kind:?}");
        assert_eq!(all.columns.len(), all.rows[0].cells.len(), "{kind:?}");
        shows(
            db,
            list_kind,
            &[("sort", "name"), ("dir", "asc")],
            &["aa-mine", "zz-theirs"],
        )
        .await;
        let of_acme = shows(
            db,
            list_kind,
            &[("client", &acme.to_string())],
            &["aa-mine"],
        )
        .await;
        assert_eq!(of_acme.total, 1, "{kind:?}");
        assert_eq!(
            hrefs(&of_acme, 0),
            vec![
                format!("/staff/cloud/{}/{a}", kind.slug()),
                format!("/staff/cloud/projects/{mine}"),
                format!("/staff/clients/{acme}/resources?kind={}", kind.slug()),
            ],
            "{kind:?}"
        );
        shows(
            db,
            list_kind,
            &[("project", &theirs.to_string())],
            &["zz-theirs"],
        )
        .await;
        let err = refused(db, list_kind, &[("client", "x")]).await;
        assert!(err.field("client").is_some(), "{kind:?}");
    }

    // Volumes, routers and ports have a status: filter and totals.
    let volumes = ListKind::Resources(ResourceKind::Volumes);
    let available = page(db, volumes, &[("status", "available")]).await;
    assert_eq!(available.total, 2);
    assert_eq!(available.totals.len(), 1);
    let in_use = page(db, volumes, &[("status", "in-use")]).await;
    assert_eq!(in_use.total, 0);
    assert!(in_use.rows.is_empty());
    let down = page(
        db,
        ListKind::Resources(ResourceKind::Ports),
        &[("status", "DOWN"), ("client", &beta.to_string())],
    )
    .await;
    assert_eq!(names(&down), strs(&["zz-theirs"]));
    let err = refused(db, volumes, &[("status", "melted")]).await;
    assert!(err.field("status").is_some());
});

test_support::db_test!(resource_pages_split_without_overlap, |db| {
    catalogue(db).await;
    let acme = new_client(db, "Acme Keys").await;
    let p = new_project(db, acme, "acme-keys", false).await;
    for i in 0..27 {
        new_resource(db, ResourceKind::SshKeys, p, &format!("key-{i:02}"), 0, 0).await;
    }
    let kind = ListKind::Resources(ResourceKind::SshKeys);
    let first = page(db, kind, &[]).await;
    let second = page(db, kind, &[("page", "2")]).await;
    assert_eq!((first.total, first.pages()), (27, 2));
    assert_eq!(first.rows.len(), 25);
    assert_eq!(names(&first)[0], "key-26");
    assert_eq!(names(&second), strs(&["key-01", "key-00"]));
    shows(
        db,
        kind,
        &[("sort", "name"), ("dir", "asc"), ("page", "2")],
        &["key-25", "key-26"],
    )
    .await;
});

async fn new_domain(
    db: &DatabaseConnection,
    client: i32,
    name: &str,
    status: DomainStatus,
    expires: Option<NaiveDate>,
) -> i32 {
    domain_name::ActiveModel {
        client_id: Set(client),
        service_id: Set(None),
        name: Set(name.into()),
        status: Set(status),
        registered_at: Set(expires.map(|d| d - chrono::Duration::days(365))),
        expires_at: Set(expires),
        auto_renew: Set(true),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

test_support::db_test!(domains_by_status_and_client_soonest_expiry_first, |db| {
    catalogue(db).await;
    let acme = new_client(db, "Acme Domains").await;
    let beta = new_client(db, "Beta Domains").await;
    let day = |m, d| NaiveDate::from_ymd_opt(2027, m, d);
    let shop = new_domain(db, acme, "acme-shop.com", DomainStatus::Active, day(3, 1)).await;
    new_domain(db, acme, "acme-old.eu", DomainStatus::Expired, day(1, 1)).await;
    new_domain(db, beta, "beta-web.io", DomainStatus::Active, day(2, 1)).await;
    new_domain(db, beta, "beta-new.com", DomainStatus::Cancelled, day(6, 1)).await;
    let kind = ListKind::Domains;

    let all = shows(
        db,
        kind,
        &[],
        &[
            "acme-old.eu",
            "beta-web.io",
            "acme-shop.com",
            "beta-new.com",
        ],
    )
    .await;
    let totals: Vec<(String, u64)> = all
        .totals
        .iter()
        .map(|t| (t.value.clone(), t.count))
        .collect();
    assert_eq!(
        totals,
        vec![
            ("pending".to_owned(), 0),
            ("active".to_owned(), 2),
            ("expired".to_owned(), 1),
            ("cancelled".to_owned(), 1)
        ]
    );
    assert_eq!(all.total, 4);
    let shop_row = &all.rows[2];
    assert_eq!(
        hrefs(&all, 2),
        vec![
            format!("/staff/domains/{shop}"),
            format!("/staff/clients/{acme}/domains"),
        ]
    );
    assert_eq!(
        shop_row.cells[2],
        Cell::Badge {
            class: "dom-active".into(),
            label: "Active".into()
        }
    );
    assert_eq!(shop_row.cells[3], Cell::Text("2026-03-01".into()));
    assert_eq!(shop_row.cells[4], Cell::Text("2027-03-01".into()));

    let active = shows(
        db,
        kind,
        &[("status", "active")],
        &["beta-web.io", "acme-shop.com"],
    )
    .await;
    assert_eq!(active.total, 2);
    let of_beta = shows(
        db,
        kind,
        &[("client", &beta.to_string())],
        &["beta-web.io", "beta-new.com"],
    )
    .await;
    assert_eq!(
        of_beta.totals.iter().map(|t| t.count).collect::<Vec<_>>(),
        vec![0, 1, 0, 1]
    );
    shows(
        db,
        kind,
        &[("sort", "expires"), ("dir", "desc")],
        &[
            "beta-new.com",
            "acme-shop.com",
            "beta-web.io",
            "acme-old.eu",
        ],
    )
    .await;
    shows(
        db,
        kind,
        &[("sort", "name"), ("dir", "asc")],
        &[
            "acme-old.eu",
            "acme-shop.com",
            "beta-new.com",
            "beta-web.io",
        ],
    )
    .await;
    shows(
        db,
        kind,
        &[("sort", "name"), ("dir", "desc")],
        &[
            "beta-web.io",
            "beta-new.com",
            "acme-shop.com",
            "acme-old.eu",
        ],
    )
    .await;
    shows(
        db,
        kind,
        &[("sort", "created"), ("dir", "desc")],
        &[
            "beta-new.com",
            "beta-web.io",
            "acme-old.eu",
            "acme-shop.com",
        ],
    )
    .await;

    let err = refused(db, kind, &[("status", "parked"), ("client", "0")]).await;
    assert_eq!(
        err.field("status").as_deref(),
        Some("Unknown domain status: parked.")
    );
    assert!(err.field("client").is_some());
});
