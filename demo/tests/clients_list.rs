//! The clients list over the demo data: stable paging over hundreds of clients and summaries
//! that agree with a plain reading of the tables.

use domain::entities::{
    client, client_group, client_group_member, configuration, instance, project, service,
};
use domain::services::clients;
use model::client_query::ClientQuery;
use model::ServiceStatus;
use sea_orm::EntityTrait;
use std::collections::HashMap;
use test_support::anchor;

test_support::db_test!(pages_are_stable_and_summaries_are_right, |db| {
    demo::seed_demo_if_empty(db, anchor()).await.unwrap();
    let mut all = client::Entity::find().all(db).await.unwrap();
    all.sort_by(|a, b| (&a.company, a.id).cmp(&(&b.company, b.id)));

    let q = |page: u64, per_page: u64| ClientQuery {
        page,
        per_page,
        ..ClientQuery::default()
    };
    // The default sort is by company with clients without one last.
    all.sort_by_key(|c| c.company.is_empty());
    let p1 = clients::list(db, &q(1, 50)).await.unwrap();
    let p2 = clients::list(db, &q(2, 50)).await.unwrap();
    assert_eq!(p1.total, all.len() as u64);
    let ids = |p: &model::client::ClientPage| p.clients.iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids(&p1), all[..50].iter().map(|c| c.id).collect::<Vec<_>>());
    assert_eq!(
        ids(&p2),
        all[50..100].iter().map(|c| c.id).collect::<Vec<_>>()
    );
    // Page sizes are bounded.
    assert_eq!(
        clients::list(db, &q(1, 10_000))
            .await
            .unwrap()
            .clients
            .len() as u64,
        clients::MAX_PER_PAGE.min(all.len() as u64)
    );

    let configs: HashMap<i32, String> = configuration::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let groups: HashMap<i32, String> = client_group::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let members = client_group_member::Entity::find().all(db).await.unwrap();
    let services = service::Entity::find().all(db).await.unwrap();
    let projects: HashMap<i32, i32> = project::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.client_id))
        .collect();
    let instances = instance::Entity::find().all(db).await.unwrap();

    let mut with_groups = 0;
    let mut with_instances = 0;
    for s in p1.clients.iter().chain(&p2.clients) {
        let c = all.iter().find(|c| c.id == s.id).unwrap();
        assert_eq!(s.configuration, configs[&c.configuration_id]);
        let mut names: Vec<String> = members
            .iter()
            .filter(|m| m.client_id == c.id)
            .map(|m| groups[&m.group_id].clone())
            .collect();
        names.sort();
        assert_eq!(s.groups, names);
        with_groups += usize::from(!names.is_empty());
        let live = services
            .iter()
            .filter(|x| x.client_id == c.id)
            .filter(|x| {
                !matches!(
                    x.status,
                    ServiceStatus::Terminated | ServiceStatus::Cancelled
                )
            })
            .count() as u64;
        assert_eq!(s.services, live);
        let inst = instances
            .iter()
            .filter(|i| projects[&i.project_id] == c.id)
            .count() as u64;
        assert_eq!(s.instances, inst);
        with_instances += usize::from(inst > 0);
        assert_eq!(s.status, c.status);
        assert_eq!(s.uptodate_credit, c.uptodate_credit.get());
    }
    // The comparison exercised real data, not only empty lists.
    assert!(with_groups > 0 && with_instances > 0);
});
