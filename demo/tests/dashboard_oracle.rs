//! The dashboard over the demo data, on SQLite and PostgreSQL: every filter and every sort,
//! alone and combined, returns exactly the clients a plain Rust reading of the tables says it
//! should, in the same order. The demo is made to be this varied (every status, country,
//! group, product and flavour), which is why these checks live with it; the dashboard's own
//! stories, with a few built clients each, are in `domain/tests/dashboard_form.rs`.

use domain::entities::{
    client, client_group, client_group_member, configuration, instance, product, project, service,
};
use domain::services::client_export::ClientExport;
use domain::services::clients;
use domain::services::{client_query, client_search};
use model::client_query::{ClientQuery, Dir, SortKey};
use model::{ClientStatus, ProductType, ServiceStatus};
use sea_orm::{DatabaseConnection, EntityTrait, QueryFilter};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use test_support::anchor;

/// Everything the dashboard filters and sorts by, read plainly from the tables.
struct Data {
    clients: Vec<client::Model>,
    config_name: HashMap<i32, String>,
    /// Group ids and names per client.
    groups: HashMap<i32, Vec<(i32, String)>>,
    /// Live (not terminated/cancelled) services per client: (product id, product type).
    services: HashMap<i32, Vec<(i32, ProductType)>>,
    /// Instances per client: (region, flavor, hypervisor).
    instances: HashMap<i32, Vec<(i32, i32, Option<i32>)>>,
}

impl Data {
    async fn load(db: &DatabaseConnection) -> Data {
        let clients = client::Entity::find().all(db).await.unwrap();
        let config_name = configuration::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let group_name: HashMap<i32, String> = client_group::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect();
        let mut groups: HashMap<i32, Vec<(i32, String)>> = HashMap::new();
        for m in client_group_member::Entity::find().all(db).await.unwrap() {
            groups
                .entry(m.client_id)
                .or_default()
                .push((m.group_id, group_name[&m.group_id].clone()));
        }
        let product_type: HashMap<i32, ProductType> = product::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|p| (p.id, p.product_type))
            .collect();
        let mut services: HashMap<i32, Vec<(i32, ProductType)>> = HashMap::new();
        for s in service::Entity::find().all(db).await.unwrap() {
            if !matches!(
                s.status,
                ServiceStatus::Terminated | ServiceStatus::Cancelled
            ) {
                services
                    .entry(s.client_id)
                    .or_default()
                    .push((s.product_id, product_type[&s.product_id]));
            }
        }
        let project_client: HashMap<i32, i32> = project::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|p| (p.id, p.client_id))
            .collect();
        let mut instances: HashMap<i32, Vec<(i32, i32, Option<i32>)>> = HashMap::new();
        for i in instance::Entity::find().all(db).await.unwrap() {
            instances
                .entry(project_client[&i.project_id])
                .or_default()
                .push((i.region_id, i.flavor_id, i.hypervisor_id));
        }
        Data {
            clients,
            config_name,
            groups,
            services,
            instances,
        }
    }

    fn matches(&self, c: &client::Model, q: &ClientQuery) -> bool {
        let none = Vec::new();
        let services = self.services.get(&c.id).unwrap_or(&none);
        let no_inst = Vec::new();
        let instances = self.instances.get(&c.id).unwrap_or(&no_inst);
        let no_groups = Vec::new();
        let groups = self.groups.get(&c.id).unwrap_or(&no_groups);
        let term = q.search.trim().to_lowercase();
        let search_ok = term.is_empty()
            || [&c.company, &c.first_name, &c.last_name, &c.email, &c.phone]
                .iter()
                .any(|f| f.to_lowercase().contains(&term))
            || term.parse::<i32>() == Ok(c.id);
        let day = c.created_at.date_naive();
        search_ok
            && q.created_from.is_none_or(|d| day >= d)
            && q.created_to.is_none_or(|d| day <= d)
            && (q.configurations.is_empty() || q.configurations.contains(&c.configuration_id))
            && (q.statuses.is_empty() || q.statuses.contains(&c.status))
            && q.tax_exempt.is_none_or(|b| c.tax_exempt == b)
            && (q.groups.is_empty() || groups.iter().any(|(g, _)| q.groups.contains(g)))
            && (q.regions.is_empty() || instances.iter().any(|i| q.regions.contains(&i.0)))
            && (q.flavors.is_empty() || instances.iter().any(|i| q.flavors.contains(&i.1)))
            && (q.hypervisors.is_empty()
                || instances
                    .iter()
                    .any(|i| i.2.is_some_and(|h| q.hypervisors.contains(&h))))
            && q.billing_agreement.is_none_or(|b| c.billing_agreement == b)
            && q.has_services.is_none_or(|b| services.is_empty() != b)
            && q.has_instances.is_none_or(|b| instances.is_empty() != b)
            && (q.service_types.is_empty()
                || services.iter().any(|s| q.service_types.contains(&s.1)))
            && (q.products.is_empty() || services.iter().any(|s| q.products.contains(&s.0)))
    }

    /// The first group name alphabetically, from the memberships themselves.
    fn first_group(&self, id: i32) -> Option<String> {
        self.groups
            .get(&id)
            .and_then(|g| g.iter().map(|(_, n)| n.clone()).min())
    }

    fn expected(&self, q: &ClientQuery) -> Vec<i32> {
        let mut rows: Vec<&client::Model> =
            self.clients.iter().filter(|c| self.matches(c, q)).collect();
        let dir = |o: Ordering| if q.dir == Dir::Desc { o.reverse() } else { o };
        rows.sort_by(|a, b| {
            // Ties break by ID in the sort's direction.
            let primary = match q.sort {
                SortKey::Company => (a.company.is_empty())
                    .cmp(&b.company.is_empty())
                    .then_with(|| dir(a.company.cmp(&b.company))),
                SortKey::Country => dir(a.country.cmp(&b.country)),
                SortKey::Created => dir(a.created_at.cmp(&b.created_at)),
                SortKey::Credit => dir(a.uptodate_credit.cmp(&b.uptodate_credit)),
                SortKey::Configuration => dir(self.config_name[&a.configuration_id]
                    .cmp(&self.config_name[&b.configuration_id])),
                SortKey::Group => {
                    let (ga, gb) = (self.first_group(a.id), self.first_group(b.id));
                    ga.is_none()
                        .cmp(&gb.is_none())
                        .then_with(|| dir(ga.cmp(&gb)))
                }
            };
            primary.then_with(|| dir(a.id.cmp(&b.id)))
        });
        rows.into_iter().map(|c| c.id).collect()
    }
}

/// Every matching id, in order, read page by page through the service.
async fn actual(db: &DatabaseConnection, q: &ClientQuery) -> Vec<i32> {
    let mut ids = Vec::new();
    let mut page = 1;
    loop {
        let p = clients::list(
            db,
            &ClientQuery {
                page,
                per_page: 96,
                ..q.clone()
            },
        )
        .await
        .unwrap();
        assert!(p.clients.len() <= 96);
        let done = p.clients.is_empty();
        ids.extend(p.clients.iter().map(|c| c.id));
        if done || ids.len() as u64 >= p.total {
            assert_eq!(ids.len() as u64, p.total, "total for {q:?}");
            return ids;
        }
        page += 1;
    }
}

/// Every matching id, in order, as an export reads them: in chunks of 16, each continuing
/// after the last row of the one before.
async fn exported(db: &DatabaseConnection, q: &ClientQuery) -> Vec<i32> {
    let mut export = ClientExport::start(db, q).await.unwrap().chunked(16);
    let mut ids = Vec::new();
    while let Some(rows) = export.next_chunk(db).await.unwrap() {
        ids.extend(rows.iter().map(|r| r.id));
    }
    assert_eq!(ids.len() as u64, export.total(), "export total for {q:?}");
    ids
}

async fn check(db: &DatabaseConnection, data: &Data, what: &str, q: ClientQuery) -> usize {
    let want = data.expected(&q);
    let got = actual(db, &q).await;
    assert_eq!(got, want, "{what}: {q:?}");
    assert_eq!(exported(db, &q).await, want, "{what} exported: {q:?}");
    // The filters' two shapes (drive from the matching rows, or probe while walking the sort)
    // select the same clients.
    let found: Vec<i32> = client_search::lookup(db, &q.search)
        .await
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut want_set = want.clone();
    want_set.sort();
    for walk in [false, true] {
        let cond = client_query::condition(&q, true, &found, db.get_database_backend(), walk);
        let mut ids: Vec<i32> = client::Entity::find()
            .filter(cond)
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        ids.sort();
        assert_eq!(ids, want_set, "{what} (walk: {walk}): {q:?}");
    }
    want.len()
}

/// Checks a single filter and that it really narrows the list (so the test can fail).
async fn check_narrowing(db: &DatabaseConnection, data: &Data, what: &str, q: ClientQuery) {
    let n = check(db, data, what, q).await;
    assert!(
        n > 0 && n < data.clients.len(),
        "{what} should match some but not all clients, matched {n}"
    );
}

test_support::db_test!(each_filter_alone_and_combined, |db| {
    demo::seed_demo_if_empty(db, anchor()).await.unwrap();
    let d = Data::load(db).await;
    let base = ClientQuery::default;

    let mut configs: Vec<i32> = d.config_name.keys().copied().collect();
    configs.sort();
    let used_region = d.instances.values().flatten().map(|i| i.0).min().unwrap();
    let mut flavors: Vec<i32> = d
        .instances
        .values()
        .flatten()
        .map(|i| i.1)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    flavors.sort();
    let hypervisor = d
        .instances
        .values()
        .flatten()
        .filter_map(|i| i.2)
        .min()
        .unwrap();
    let mut products: Vec<i32> = d
        .services
        .values()
        .flatten()
        .map(|s| s.0)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    products.sort();
    let group = d.groups.values().flatten().map(|g| g.0).min().unwrap();
    let mid = d
        .clients
        .iter()
        .map(|c| c.created_at)
        .min()
        .unwrap()
        .date_naive()
        + (d.clients.iter().map(|c| c.created_at).max().unwrap()
            - d.clients.iter().map(|c| c.created_at).min().unwrap())
            / 2;
    let some_company = d
        .clients
        .iter()
        .find(|c| c.company.len() > 6)
        .unwrap()
        .company[1..5]
        .to_uppercase();

    let email_domain = d.clients[5].email.split('@').nth(1).unwrap().to_owned();
    let single: Vec<(&str, ClientQuery)> = vec![
        (
            "created from",
            ClientQuery {
                created_from: Some(mid),
                ..base()
            },
        ),
        (
            "created to",
            ClientQuery {
                created_to: Some(mid),
                ..base()
            },
        ),
        (
            "configuration",
            ClientQuery {
                configurations: vec![configs[0]],
                ..base()
            },
        ),
        (
            "configurations (OR)",
            ClientQuery {
                configurations: configs[..2].to_vec(),
                ..base()
            },
        ),
        (
            "status",
            ClientQuery {
                statuses: vec![ClientStatus::Active],
                ..base()
            },
        ),
        (
            "statuses (OR)",
            ClientQuery {
                statuses: vec![ClientStatus::Inactive, ClientStatus::Suspended],
                ..base()
            },
        ),
        (
            "tax exempt",
            ClientQuery {
                tax_exempt: Some(true),
                ..base()
            },
        ),
        (
            "not tax exempt",
            ClientQuery {
                tax_exempt: Some(false),
                ..base()
            },
        ),
        (
            "group",
            ClientQuery {
                groups: vec![group],
                ..base()
            },
        ),
        (
            "region",
            ClientQuery {
                regions: vec![used_region],
                ..base()
            },
        ),
        (
            "flavor",
            ClientQuery {
                flavors: vec![flavors[0]],
                ..base()
            },
        ),
        (
            "flavors (OR)",
            ClientQuery {
                flavors: flavors[..2].to_vec(),
                ..base()
            },
        ),
        (
            "hypervisor",
            ClientQuery {
                hypervisors: vec![hypervisor],
                ..base()
            },
        ),
        (
            "billing agreement",
            ClientQuery {
                billing_agreement: Some(true),
                ..base()
            },
        ),
        (
            "no billing agreement",
            ClientQuery {
                billing_agreement: Some(false),
                ..base()
            },
        ),
        (
            "has services",
            ClientQuery {
                has_services: Some(true),
                ..base()
            },
        ),
        (
            "has no services",
            ClientQuery {
                has_services: Some(false),
                ..base()
            },
        ),
        (
            "has instances",
            ClientQuery {
                has_instances: Some(true),
                ..base()
            },
        ),
        (
            "has no instances",
            ClientQuery {
                has_instances: Some(false),
                ..base()
            },
        ),
        (
            "service type",
            ClientQuery {
                service_types: vec![ProductType::Domain],
                ..base()
            },
        ),
        (
            "service types (OR)",
            ClientQuery {
                service_types: vec![ProductType::Hosting, ProductType::Generic],
                ..base()
            },
        ),
        (
            "product",
            ClientQuery {
                products: vec![products[0]],
                ..base()
            },
        ),
        (
            "search company",
            ClientQuery {
                search: some_company,
                ..base()
            },
        ),
        (
            "search email domain",
            ClientQuery {
                search: email_domain,
                ..base()
            },
        ),
    ];
    for (what, q) in single {
        check_narrowing(db, &d, what, q).await;
    }
    // Search by client ID finds that client (and any whose text contains the number).
    let id = d.clients[17].id;
    let q = ClientQuery {
        search: id.to_string(),
        ..base()
    };
    assert!(actual(db, &q).await.contains(&id));
    check(db, &d, "search id", q).await;
    // LIKE wildcards in the search are literal.
    assert_eq!(
        check(
            db,
            &d,
            "search %",
            ClientQuery {
                search: "%".into(),
                ..base()
            }
        )
        .await,
        0
    );

    let combined = vec![
        (
            "status + has instances",
            ClientQuery {
                statuses: vec![ClientStatus::Active],
                has_instances: Some(true),
                ..base()
            },
        ),
        (
            "group + config + tax",
            ClientQuery {
                groups: vec![group],
                configurations: configs[..2].to_vec(),
                tax_exempt: Some(false),
                ..base()
            },
        ),
        (
            "region + flavor + service type",
            ClientQuery {
                regions: vec![used_region],
                flavors: flavors.clone(),
                service_types: vec![ProductType::Openstack],
                ..base()
            },
        ),
        (
            "dates + billing + product",
            ClientQuery {
                created_from: Some(mid - chrono::TimeDelta::days(400)),
                created_to: Some(mid),
                billing_agreement: Some(true),
                products: products[..3].to_vec(),
                ..base()
            },
        ),
        (
            "no services + search",
            ClientQuery {
                has_services: Some(false),
                search: "a".into(),
                ..base()
            },
        ),
    ];
    for (what, q) in combined {
        check(db, &d, what, q).await;
    }
});

test_support::db_test!(each_sort_both_directions_alone_and_filtered, |db| {
    demo::seed_demo_if_empty(db, anchor()).await.unwrap();
    let d = Data::load(db).await;
    // The data has what makes the sorts interesting: clients without company or group.
    assert!(d.clients.iter().any(|c| c.company.is_empty()));
    assert!(d.clients.iter().any(|c| d.first_group(c.id).is_none()));
    for sort in SortKey::ALL {
        for dir in [Dir::Asc, Dir::Desc] {
            check(
                db,
                &d,
                "sort",
                ClientQuery {
                    sort,
                    dir,
                    ..ClientQuery::default()
                },
            )
            .await;
            check(
                db,
                &d,
                "sort filtered",
                ClientQuery {
                    sort,
                    dir,
                    statuses: vec![ClientStatus::Active, ClientStatus::Inactive],
                    has_instances: Some(true),
                    ..ClientQuery::default()
                },
            )
            .await;
        }
    }
    // The configuration sort walks one configuration after another: small pages that start
    // inside a configuration, end in the next, or are read from the end, in both directions.
    for dir in [Dir::Asc, Dir::Desc] {
        let q = ClientQuery {
            sort: SortKey::Configuration,
            dir,
            per_page: 7,
            ..ClientQuery::default()
        };
        let want = d.expected(&q);
        let pages = want.len().div_ceil(7) as u64;
        for page in 1..=pages {
            let p = clients::list(db, &ClientQuery { page, ..q.clone() })
                .await
                .unwrap();
            let ids: Vec<i32> = p.clients.iter().map(|c| c.id).collect();
            let from = (page as usize - 1) * 7;
            assert_eq!(
                ids,
                want[from..(from + 7).min(want.len())],
                "page {page} {dir:?}"
            );
        }
    }
    // Paging is stable: consecutive pages neither overlap nor skip.
    let q = ClientQuery {
        sort: SortKey::Country,
        per_page: 12,
        ..ClientQuery::default()
    };
    let want = d.expected(&q);
    for page in 1..=3u64 {
        let p = clients::list(db, &ClientQuery { page, ..q.clone() })
            .await
            .unwrap();
        let ids: Vec<i32> = p.clients.iter().map(|c| c.id).collect();
        assert_eq!(ids, want[(page as usize - 1) * 12..page as usize * 12]);
    }
});

test_support::db_test!(status_totals_and_licence_count, |db| {
    demo::seed_demo_if_empty(db, anchor()).await.unwrap();
    let d = Data::load(db).await;
    let q = ClientQuery {
        statuses: vec![ClientStatus::Suspended],
        has_services: Some(true),
        ..ClientQuery::default()
    };
    let p = clients::list(db, &q).await.unwrap();
    // Totals follow the other filters but not the status filter.
    let other = ClientQuery {
        statuses: vec![],
        ..q.clone()
    };
    for (status, n) in &p.status_totals {
        let want = d
            .clients
            .iter()
            .filter(|c| c.status == *status && d.matches(c, &other))
            .count() as u64;
        assert_eq!(*n, want, "{status:?}");
    }
    assert_eq!(p.status_totals.len(), ClientStatus::ALL.len());
    let active = d
        .clients
        .iter()
        .filter(|c| c.status == ClientStatus::Active)
        .count() as u64;
    assert!(active > 0);
    assert_eq!(p.licence_count, active);
    assert_eq!(
        clients::list(db, &ClientQuery::default())
            .await
            .unwrap()
            .licence_count,
        active
    );
});
