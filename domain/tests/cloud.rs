//! The cloud stories, on both engines, against a real Keystone (started by `scripts/test`)
//! and a stand-in for the compute, volume, network and image APIs registered in it: staff
//! actions on a client act on its OpenStack projects, and "Refresh from cloud" brings what
//! the cloud holds into the client's Cloud resources tab.

mod support;

use cumulus_openstack::fake::{FakeCloud, Kind};
use cumulus_openstack::NewProject;
use domain::entities::{instance, job, network, port, project, region, router, volume};
use domain::openstack::{sync, OpenStack, Tags};
use domain::services::{lifecycle, openstack, resources};
use model::cloud::ResourceKind;
use model::ClientStatus;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use std::sync::Arc;
use support::cloud::TestCloud;
use support::*;

async fn projects_of(db: &DatabaseConnection, client_id: i32) -> Vec<project::Model> {
    project::Entity::find()
        .filter(project::Column::ClientId.eq(client_id))
        .all(db)
        .await
        .unwrap()
}

/// Runs every job that is due, as this process's worker would, against the test cloud; none
/// may be left waiting (for a retry).
async fn run_jobs(db: &DatabaseConnection, cloud: &TestCloud) {
    worker(db, "cloud-test", Arc::new(cloud.openstack(db)))
        .drain()
        .await
        .unwrap();
    let unfinished: Vec<_> = job::Entity::find()
        .filter(job::Column::Status.is_in(domain::jobs::JobStatus::LIVE))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|j| (j.kind, j.status, j.last_error))
        .collect();
    assert!(unfinished.is_empty(), "{unfinished:?}");
}

test_support::db_test!(suspend_resume_and_delete_act_on_the_cloud, |db| {
    let cloud = TestCloud::start().await;
    let admin = cloud.admin();
    catalogue(db).await;
    let id = new_client(db, "Nimbus Labs").await;

    // A new OpenStack service: its project is created in Keystone by the job it enqueues.
    openstack::create(db, &staff(), id, eur_plan(db).await)
        .await
        .unwrap();
    assert!(projects_of(db, id).await[0]
        .openstack_id
        .starts_with("pending-"));
    run_jobs(db, &cloud).await;
    let p = projects_of(db, id).await.remove(0);
    let in_keystone = admin
        .project(&p.openstack_id)
        .await
        .unwrap()
        .expect("created");
    assert!(in_keystone.enabled);
    assert!(in_keystone
        .tags
        .contains(&Tags::of(db).await.unwrap().client(id)));

    // The client runs two servers; its owner shut one off.
    let web = cloud
        .fake
        .add_server(&p.openstack_id, "web", "m1.small", "10.0.0.5");
    let batch = cloud
        .fake
        .add_server(&p.openstack_id, "batch", "m1.large", "10.0.0.6");
    admin.stop_server(&batch).await.unwrap();

    lifecycle::suspend(db, &staff(), id, "unpaid invoices")
        .await
        .unwrap();
    run_jobs(db, &cloud).await;
    assert_eq!(status(db, id).await, Some(ClientStatus::Suspended));
    assert!(
        !admin
            .project(&p.openstack_id)
            .await
            .unwrap()
            .unwrap()
            .enabled
    );
    assert_eq!(cloud.fake.server_status(&web).as_deref(), Some("SUSPENDED"));
    assert_eq!(cloud.fake.server_status(&batch).as_deref(), Some("SHUTOFF"));

    lifecycle::resume(db, &staff(), id).await.unwrap();
    run_jobs(db, &cloud).await;
    assert!(
        admin
            .project(&p.openstack_id)
            .await
            .unwrap()
            .unwrap()
            .enabled
    );
    assert_eq!(cloud.fake.server_status(&web).as_deref(), Some("ACTIVE"));
    assert_eq!(
        cloud.fake.server_status(&batch).as_deref(),
        Some("SHUTOFF"),
        "a server its owner shut off stays off"
    );

    // Deleting removes every resource, then the project, each exactly once: the client's
    // users' keypairs too, never those of the account Cumulus signs in as.
    let user = FakeCloud::add_project_user(
        &cloud.config,
        &p.openstack_id,
        &format!("nimbus-{}", fastrand::u64(..)),
    )
    .await;
    cloud.fake.add_keypair(&user, "laptop");
    let me = admin.user_id().await.unwrap();
    FakeCloud::grant_role(&cloud.config, &p.openstack_id, &me).await;
    cloud.fake.add_keypair(&me, "operator");
    let net = cloud
        .fake
        .add_network(&p.openstack_id, "private", "10.0.0.0/24");
    let gw = cloud
        .fake
        .add_router(&p.openstack_id, "gateway", Some(&net));
    let spare = cloud.fake.add_port(&p.openstack_id, &net, None);
    let disk = cloud.fake.add_volume(&p.openstack_id, "data", 20);
    let img = cloud.fake.add_image(&p.openstack_id, "snapshot");
    lifecycle::delete(db, &staff(), id).await.unwrap();
    run_jobs(db, &cloud).await;
    assert_eq!(status(db, id).await, None, "the client is gone");
    assert_eq!(admin.project(&p.openstack_id).await.unwrap(), None);
    for kind in [
        Kind::Server,
        Kind::Volume,
        Kind::Network,
        Kind::Router,
        Kind::Port,
        Kind::Image,
    ] {
        assert_eq!(
            cloud.fake.ids(kind, &p.openstack_id),
            Vec::<String>::new(),
            "{kind:?} left"
        );
    }
    for gone in [&web, &batch, &net, &gw, &spare, &disk, &img] {
        assert_eq!(cloud.fake.deletes_of(gone).len(), 1, "{gone} deleted once");
    }
    assert!(cloud.fake.ids(Kind::Keypair, &user).is_empty());
    assert_eq!(
        cloud.fake.ids(Kind::Keypair, &me),
        vec!["operator".to_owned()]
    );
});

test_support::db_test!(refresh_from_cloud_mirrors_what_the_cloud_holds, |db| {
    let cloud = TestCloud::start().await;
    let admin = cloud.admin();
    catalogue(db).await;
    let id = new_client(db, "Stratus GmbH").await;

    // A project made outside Cumulus for this client (tagged for it), with resources.
    let made = admin
        .create_project(&NewProject {
            name: format!("stratus-{}", fastrand::u64(..)),
            domain_id: "default".into(),
            description: "made by hand".into(),
            tags: vec![Tags::of(db).await.unwrap().client(id)],
            enabled: true,
        })
        .await
        .unwrap();
    let net = cloud
        .fake
        .add_network(&made.id, "private", "192.168.7.0/24");
    let vm = cloud
        .fake
        .add_server(&made.id, "db-1", "m1.medium", "192.168.7.10");
    let nic = cloud.fake.add_port(&made.id, &net, Some(&vm));
    cloud.fake.add_volume(&made.id, "pgdata", 100);
    cloud.fake.add_router(&made.id, "edge", Some(&net));
    cloud.fake.add_image(&made.id, "golden");

    let tab = resources::tab(db, id, ResourceKind::Instances, 1)
        .await
        .unwrap();
    assert_eq!(tab.sync.synced_at, None);
    sync::request(db, &staff(), id).await.unwrap();
    sync::request(db, &staff(), id).await.unwrap(); // a double click queues one sync
    assert!(
        resources::tab(db, id, ResourceKind::Instances, 1)
            .await
            .unwrap()
            .sync
            .running
    );
    run_jobs(db, &cloud).await;

    let mine = projects_of(db, id).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].openstack_id, made.id);
    let inst = instance::Entity::find()
        .filter(instance::Column::ProjectId.eq(mine[0].id))
        .one(db)
        .await
        .unwrap()
        .expect("the server is mirrored");
    assert_eq!(
        (inst.name.as_str(), inst.ipv4.as_str()),
        ("db-1", "192.168.7.10")
    );
    let net_row = network::Entity::find()
        .filter(network::Column::OpenstackId.eq(net.clone()))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(net_row.cidr, "192.168.7.0/24");
    let nic_row = port::Entity::find()
        .filter(port::Column::OpenstackId.eq(nic.clone()))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (nic_row.network_id, nic_row.instance_id),
        (Some(net_row.id), Some(inst.id))
    );
    let tab = resources::tab(db, id, ResourceKind::Volumes, 1)
        .await
        .unwrap();
    assert!(tab.sync.synced_at.is_some() && !tab.sync.running && tab.sync.error.is_none());
    let count = |k: ResourceKind| tab.counts.iter().find(|(c, _)| *c == k).unwrap().1;
    assert_eq!(
        [
            ResourceKind::Instances,
            ResourceKind::Volumes,
            ResourceKind::Networks,
            ResourceKind::Routers,
            ResourceKind::Images
        ]
        .map(count),
        [1, 1, 1, 1, 1]
    );

    // A volume the client has in another region: this cloud's listing does not show it.
    let elsewhere = region::ActiveModel {
        name: Set(format!("elsewhere-{}", fastrand::u64(..))),
        description: Set("another region".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    volume::ActiveModel {
        project_id: Set(mine[0].id),
        openstack_id: Set("0e1f2a3b-other-region-volume".into()),
        name: Set("far away".into()),
        status: Set("available".into()),
        region_id: Set(elsewhere.id),
        size_gb: Set(5),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();

    // The cloud changes: the server is deleted, a volume added. The next sync follows, and
    // leaves the other region's volume alone.
    admin.delete_server(&vm).await.unwrap();
    cloud.fake.add_volume(&made.id, "scratch", 10);
    sync::request(db, &staff(), id).await.unwrap();
    run_jobs(db, &cloud).await;
    let tab = resources::tab(db, id, ResourceKind::Volumes, 1)
        .await
        .unwrap();
    assert_eq!(
        [ResourceKind::Instances, ResourceKind::Volumes].map(|k| tab
            .counts
            .iter()
            .find(|(c, _)| *c == k)
            .unwrap()
            .1),
        [0, 3]
    );
    assert_eq!(
        router::Entity::find()
            .filter(router::Column::ProjectId.eq(mine[0].id))
            .count(db)
            .await
            .unwrap(),
        1
    );

    // Deleted in the cloud: the project leaves the mirror.
    admin.set_project_enabled(&made.id, false).await.unwrap();
    admin.delete_project(&made.id).await.unwrap();
    sync::request(db, &staff(), id).await.unwrap();
    run_jobs(db, &cloud).await;
    assert!(projects_of(db, id).await.is_empty());
    assert_eq!(
        volume::Entity::find()
            .filter(volume::Column::ProjectId.eq(mine[0].id))
            .count(db)
            .await
            .unwrap(),
        0
    );
});

test_support::db_test!(
    a_cloud_that_fails_shows_its_error_and_deletes_nothing_half_silently,
    |db| {
        let cloud = TestCloud::start().await;
        catalogue(db).await;
        let id = new_client(db, "Cirrus Ltd").await;
        openstack::create(db, &staff(), id, eur_plan(db).await)
            .await
            .unwrap();
        run_jobs(db, &cloud).await;
        let p = projects_of(db, id).await.remove(0);
        let vm = cloud
            .fake
            .add_server(&p.openstack_id, "app", "m1.small", "10.1.0.4");

        // The compute API answers 503 to everything: the deletion fails, retried, then for good,
        // with the cloud's answer on the client; the project and its server are still there.
        cloud.fake.fail_next(10_000, 503);
        lifecycle::delete(db, &staff(), id).await.unwrap();
        let w = worker(db, "cloud-test", Arc::new(cloud.openstack(db)));
        for _ in 0..domain::jobs::MAX_ATTEMPTS {
            // Each retry is due after its back-off: run as if that time had come.
            w.run_one(chrono::Utc::now() + chrono::Duration::hours(1))
                .await
                .unwrap();
        }
        let c = client_row(db, id).await.expect("not deleted");
        assert_eq!(c.status, ClientStatus::Deleting);
        let error = c.lifecycle_error.expect("the failure is on the client");
        assert!(
            error.starts_with("Deletion failed after 5 attempts"),
            "{error}"
        );
        assert!(error.contains("503"), "{error}");
        cloud.fake.fail_next(0, 503);
        assert_eq!(
            cloud.fake.ids(Kind::Server, &p.openstack_id),
            vec![vm.clone()]
        );
        assert!(cloud
            .admin()
            .project(&p.openstack_id)
            .await
            .unwrap()
            .is_some());
        assert_eq!(projects_of(db, id).await.len(), 1);

        // Staff retry once the cloud is back: it finishes.
        lifecycle::retry(db, &staff(), id).await.unwrap();
        run_jobs(db, &cloud).await;
        assert_eq!(status(db, id).await, None);
        assert_eq!(
            cloud
                .fake
                .deletes_of(&vm)
                .iter()
                .filter(|s| **s < 300)
                .count(),
            1
        );
    }
);

test_support::db_test!(wrong_credentials_fail_the_job_with_a_clear_error, |db| {
    let cloud = TestCloud::start().await;
    catalogue(db).await;
    let id = new_client(db, "Altostratus").await;
    let mut config = cloud.config.clone();
    config.password = "not-the-password".into();
    let wrong = Arc::new(domain::openstack::CloudOpenStack::new(db.clone(), config).unwrap());
    assert!(wrong.describe().starts_with("OpenStack at "));
    openstack::create(db, &staff(), id, eur_plan(db).await)
        .await
        .unwrap();
    let w = worker(db, "cloud-test", wrong);
    for _ in 0..domain::jobs::MAX_ATTEMPTS {
        w.run_one(chrono::Utc::now() + chrono::Duration::hours(1))
            .await
            .unwrap();
    }
    let error = client_row(db, id)
        .await
        .unwrap()
        .lifecycle_error
        .expect("failed for good");
    assert!(error.contains("authentication"), "{error}");
    assert!(projects_of(db, id).await[0]
        .openstack_id
        .starts_with("pending-"));
});

test_support::db_test!(
    the_periodic_sweep_syncs_each_client_with_projects_once_a_round,
    |db| {
        catalogue(db).await;
        let mut with_projects = Vec::new();
        for name in ["Alto", "Cumulo", "Nimbo"] {
            let id = new_client(db, name).await;
            openstack::create(db, &staff(), id, eur_plan(db).await)
                .await
                .unwrap();
            with_projects.push(id);
        }
        let without = new_client(db, "Ground Fog").await;
        worker(db, "sweep-test", local(db)).drain().await.unwrap(); // creates the projects
        let syncs = || async {
            job::Entity::find()
                .filter(job::Column::Kind.eq(domain::jobs::JobKind::SyncClient))
                .all(db)
                .await
                .unwrap()
                .into_iter()
                .map(|j| j.client_id.unwrap())
                .collect::<Vec<_>>()
        };
        let hour = chrono::Duration::hours(1);
        let now = chrono::Utc::now();

        assert_eq!(sync::sweep(db, now, hour).await.unwrap(), 3);
        let mut first = syncs().await;
        first.sort();
        assert_eq!(
            first, with_projects,
            "one sync per client with projects, none for {without}"
        );
        // Within the round: nothing more, whether or not the syncs ran.
        assert_eq!(sync::sweep(db, now, hour).await.unwrap(), 0);
        worker(db, "sweep-test", local(db)).drain().await.unwrap();
        assert_eq!(sync::sweep(db, now + hour / 2, hour).await.unwrap(), 0);
        // The next round syncs everyone again; the local cloud is our tables, so nothing changed.
        let later = now + hour * 2;
        assert_eq!(sync::sweep(db, later, hour).await.unwrap(), 3);
        let w = worker(db, "sweep-test", local(db));
        while w.run_one(later).await.unwrap() {}
        // Each client keeps only its last finished sync: the table does not grow every hour.
        let mut kept = syncs().await;
        kept.sort();
        assert_eq!(kept, with_projects);
        for id in with_projects {
            let tab = resources::tab(db, id, ResourceKind::Instances, 1)
                .await
                .unwrap();
            assert!(tab.sync.synced_at.is_some() && tab.sync.error.is_none());
        }
        assert_eq!(
            domain::entities::audit_entry::Entity::find()
                .filter(domain::entities::audit_entry::Column::Action.eq("cloud.synced"))
                .count(db)
                .await
                .unwrap(),
            0
        );
    }
);
