//! The client against the fake cloud, registered in a real Keystone: what the back office does
//! to a client's resources (list, stop, start, delete), and how calls fail and are retried.

mod support;

use std::time::Duration;

use cumulus_openstack::fake::Kind;
use cumulus_openstack::{Cloud, Config, Deleted, Error};
use support::*;

#[tokio::test]
async fn the_region_has_every_service_and_the_catalog_names_it() {
    let (fake, cloud, region) = fake_cloud("check").await;
    cloud.check().await.unwrap();
    assert_eq!(cloud.region().await.unwrap(), region);
    let regions = cloud.regions().await.unwrap();
    assert!(regions.contains(&region) && regions.contains(&"RegionOne".to_string()));

    // Registering again is harmless; the endpoints stay as they are.
    fake.register(&admin_config(None), &region).await;
    cloud.check().await.unwrap();

    // Several regions and none configured: the client will not guess.
    let unsure = Cloud::new(admin_config(None)).unwrap();
    match unsure.region().await.unwrap_err() {
        Error::MissingEndpoint { available, .. } => {
            assert!(
                available.contains(&region) && available.contains("RegionOne"),
                "{available}"
            )
        }
        other => panic!("expected MissingEndpoint, got {other:?}"),
    }
}

#[tokio::test]
async fn servers_are_listed_stopped_started_and_deleted() {
    let (fake, cloud, _) = fake_cloud("servers").await;
    let web = fake.add_server("client-a", "web", "m1.small", "10.0.0.5");
    let db = fake.add_server("client-a", "db", "m1.large", "10.0.0.6");
    fake.add_server("client-b", "other", "m1.tiny", "10.1.0.5");

    let servers = cloud.servers("client-a").await.unwrap();
    assert_eq!(servers.len(), 2);
    let first = servers.iter().find(|s| s.id == web).unwrap();
    assert_eq!(first.name, "web");
    assert_eq!(first.status, "ACTIVE");
    assert_eq!(first.flavor_name.as_deref(), Some("m1.small"));
    assert_eq!(
        (
            first.flavor_vcpus,
            first.flavor_ram_mb,
            first.flavor_disk_gb
        ),
        (Some(1), Some(2048), Some(20))
    );
    assert_eq!(first.ipv4.as_deref(), Some("10.0.0.5"));
    assert!(first.image_id.is_some());
    assert_eq!(first.hypervisor.as_deref(), Some("fake-compute-1"));
    assert!(first.created.is_some());

    // Suspend: stop; stopping again is no error (Nova's 409).
    cloud.stop_server(&web).await.unwrap();
    assert_eq!(fake.server_status(&web).as_deref(), Some("SHUTOFF"));
    cloud.stop_server(&web).await.unwrap();
    let actions: Vec<u16> = fake
        .calls()
        .iter()
        .filter(|c| c.path == format!("/servers/{web}/action"))
        .map(|c| c.status)
        .collect();
    assert_eq!(actions, [202, 409]);
    // Resume.
    cloud.start_server(&web).await.unwrap();
    cloud.start_server(&web).await.unwrap();
    assert_eq!(fake.server_status(&web).as_deref(), Some("ACTIVE"));

    // Suspend and resume proper: only from ACTIVE and SUSPENDED; again is no error.
    cloud.suspend_server(&web).await.unwrap();
    cloud.suspend_server(&web).await.unwrap();
    assert_eq!(fake.server_status(&web).as_deref(), Some("SUSPENDED"));
    cloud.resume_server(&web).await.unwrap();
    cloud.resume_server(&web).await.unwrap();
    assert_eq!(fake.server_status(&web).as_deref(), Some("ACTIVE"));

    // A missing server is an error for an action, not for a deletion.
    let error = cloud.stop_server("no-such-server").await.unwrap_err();
    assert!(
        matches!(error, Error::Status { status: 404, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("could not be found"), "{error}");

    // Delete: the ports Nova bound go with the server.
    let network = fake.add_network("client-a", "private", "10.0.0.0/24");
    let port = fake.add_port("client-a", &network, Some(&db));
    assert_eq!(cloud.delete_server(&db).await.unwrap(), Deleted::Now);
    assert_eq!(cloud.delete_server(&db).await.unwrap(), Deleted::Already);
    assert_eq!(fake.deletes_of(&db), [204, 404]);
    assert!(!fake.ids(Kind::Port, "client-a").contains(&port));
    assert_eq!(fake.ids(Kind::Server, "client-a"), [web]);
}

#[tokio::test]
async fn every_page_of_servers_and_images_is_read() {
    let (fake, cloud, _) = fake_cloud("paging").await;
    fake.set_page_size(2);
    for i in 0..5 {
        fake.add_server(
            "client-a",
            &format!("s{i}"),
            "m1.tiny",
            &format!("10.0.0.{}", 10 + i),
        );
        fake.add_image("client-a", &format!("image-{i}"));
    }
    fake.add_image("client-b", "not-mine");
    let names: Vec<String> = cloud
        .servers("client-a")
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["s0", "s1", "s2", "s3", "s4"]);
    let images = cloud.images("client-a").await.unwrap();
    assert_eq!(images.len(), 5);
    assert_eq!(images[0].name, "image-0");
    assert_eq!(images[0].os_distro.as_deref(), Some("ubuntu"));
    assert_eq!(images[0].min_disk_gb, 10);
    assert_eq!(images[0].visibility, "private");
    let pages = |path: &str| {
        fake.calls()
            .iter()
            .filter(|c| c.method == "GET" && c.path == path)
            .count()
    };
    assert_eq!(pages("/servers/detail"), 3);
    assert_eq!(pages("/v2/images"), 3);

    assert_eq!(
        cloud.delete_image(&images[0].id).await.unwrap(),
        Deleted::Now
    );
    assert_eq!(
        cloud.delete_image(&images[0].id).await.unwrap(),
        Deleted::Already
    );
    assert_eq!(fake.ids(Kind::Image, "client-a").len(), 4);
}

#[tokio::test]
async fn volumes_are_listed_and_deleted() {
    let (fake, cloud, _) = fake_cloud("volumes").await;
    let data = fake.add_volume("client-a", "data", 50);
    fake.add_volume("client-b", "theirs", 10);
    let volumes = cloud.volumes("client-a").await.unwrap();
    assert_eq!(volumes.len(), 1);
    assert_eq!(
        (volumes[0].id.as_str(), volumes[0].name.as_str()),
        (data.as_str(), "data")
    );
    assert_eq!(
        (volumes[0].size_gb, volumes[0].status.as_str()),
        (50, "available")
    );
    // Cinder's timestamps have no zone.
    assert!(volumes[0].created.is_some());

    assert_eq!(cloud.delete_volume(&data).await.unwrap(), Deleted::Now);
    assert_eq!(cloud.delete_volume(&data).await.unwrap(), Deleted::Already);
    assert_eq!(fake.deletes_of(&data), [202, 404]);
    assert!(fake.ids(Kind::Volume, "client-a").is_empty());
    // Under the volume endpoint Keystone filled with the admin project's id.
    assert!(fake.calls().iter().any(|c| c.path == "/volumes/detail"));
}

#[tokio::test]
async fn networks_routers_and_ports_are_taken_apart_in_order() {
    let (fake, cloud, _) = fake_cloud("network").await;
    let network = fake.add_network("client-a", "private", "192.168.10.0/24");
    let router = fake.add_router("client-a", "gateway", Some(&network));
    let server = fake.add_server("client-a", "web", "m1.small", "192.168.10.20");
    let server_port = fake.add_port("client-a", &network, Some(&server));
    let spare_port = fake.add_port("client-a", &network, None);
    fake.add_network("client-b", "theirs", "10.9.0.0/16");

    let networks = cloud.networks("client-a").await.unwrap();
    assert_eq!(networks.len(), 1);
    assert_eq!(networks[0].cidr.as_deref(), Some("192.168.10.0/24"));
    assert!(networks[0].created.is_some());

    let routers = cloud.routers("client-a").await.unwrap();
    assert_eq!(routers.len(), 1);
    assert_eq!(routers[0].status, "ACTIVE");
    assert!(routers[0]
        .external_ip
        .as_deref()
        .unwrap()
        .starts_with("203.0.113."));

    let ports = cloud.ports("client-a").await.unwrap();
    assert_eq!(ports.len(), 3);
    let interface = ports.iter().find(|p| p.device_id == router).unwrap();
    assert_eq!(interface.device_owner, "network:router_interface");
    assert_eq!(interface.ip_address.as_deref(), Some("192.168.10.1"));
    assert!(interface.mac_address.starts_with("fa:16:3e:"));
    let bound = ports.iter().find(|p| p.id == server_port).unwrap();
    assert_eq!(
        (bound.device_id.as_str(), bound.network_id.as_str()),
        (server.as_str(), network.as_str())
    );

    // Neutron refuses to delete a network in use, and a router interface through the port API.
    let error = cloud.delete_network(&network).await.unwrap_err();
    assert!(
        matches!(error, Error::Status { status: 409, ref service, .. } if service == "network"),
        "{error:?}"
    );
    assert!(error.to_string().contains("ports still in use"), "{error}");
    assert!(cloud.delete_port(&interface.id).await.is_err());

    // The router goes with its interfaces and gateway.
    assert_eq!(cloud.delete_router(&router).await.unwrap(), Deleted::Now);
    let calls = fake.calls();
    let detached = calls
        .iter()
        .filter(|c| {
            c.method == "PUT" && c.path == format!("/v2.0/routers/{router}/remove_router_interface")
        })
        .count();
    assert_eq!(detached, 1);
    assert!(calls
        .iter()
        .any(|c| c.method == "PUT" && c.path == format!("/v2.0/routers/{router}")));
    assert_eq!(fake.deletes_of(&router), [204]);
    assert_eq!(
        cloud.delete_router(&router).await.unwrap(),
        Deleted::Already
    );

    assert_eq!(cloud.delete_server(&server).await.unwrap(), Deleted::Now);
    assert_eq!(cloud.delete_port(&spare_port).await.unwrap(), Deleted::Now);
    assert_eq!(
        cloud.delete_port(&spare_port).await.unwrap(),
        Deleted::Already
    );
    assert_eq!(cloud.delete_network(&network).await.unwrap(), Deleted::Now);
    assert_eq!(
        cloud.delete_network(&network).await.unwrap(),
        Deleted::Already
    );
    for kind in [Kind::Network, Kind::Router, Kind::Port, Kind::Server] {
        assert!(fake.ids(kind, "client-a").is_empty(), "{kind:?}");
    }
    assert_eq!(fake.ids(Kind::Network, "client-b").len(), 1);
}

#[tokio::test]
async fn keypairs_belong_to_users() {
    let (fake, cloud, _) = fake_cloud("keypairs").await;
    fake.add_keypair("user-1", "laptop");
    fake.add_keypair("user-1", "ci key");
    fake.add_keypair("user-2", "laptop");
    let keypairs = cloud.keypairs("user-1").await.unwrap();
    assert_eq!(keypairs.len(), 2);
    assert!(keypairs
        .iter()
        .all(|k| k.user_id == "user-1" && k.public_key.starts_with("ssh-ed25519 ")));
    assert!(!keypairs[0].fingerprint.is_empty());

    assert_eq!(
        cloud.delete_keypair("user-1", "ci key").await.unwrap(),
        Deleted::Now
    );
    assert_eq!(
        cloud.delete_keypair("user-1", "ci key").await.unwrap(),
        Deleted::Already
    );
    assert_eq!(fake.ids(Kind::Keypair, "user-1"), ["laptop"]);
    assert_eq!(fake.ids(Kind::Keypair, "user-2"), ["laptop"]);
}

#[tokio::test]
async fn server_errors_are_retried_and_client_errors_are_not() {
    let (fake, cloud, _) = fake_cloud("retries").await;
    fake.add_volume("client-a", "data", 1);
    let gets = || -> Vec<u16> {
        fake.calls()
            .iter()
            .filter(|c| c.path == "/volumes/detail")
            .map(|c| c.status)
            .collect()
    };

    fake.fail_next(2, 503);
    assert_eq!(cloud.volumes("client-a").await.unwrap().len(), 1);
    assert_eq!(gets(), [503, 503, 200]);

    fake.fail_next(1, 400);
    let error = cloud.volumes("client-a").await.unwrap_err();
    assert!(
        matches!(error, Error::Status { status: 400, ref service, ref method, .. } if service == "volume" && method == "GET"),
        "{error:?}"
    );
    assert!(error.to_string().contains("told to fail"), "{error}");
    assert_eq!(gets(), [503, 503, 200, 400]);

    // Three attempts, then the 5xx is the answer.
    fake.fail_next(3, 500);
    let error = cloud.volumes("client-a").await.unwrap_err();
    assert!(
        matches!(error, Error::Status { status: 500, .. }),
        "{error:?}"
    );
    assert_eq!(gets().len(), 7);
}

#[tokio::test]
async fn a_slow_service_times_out_on_every_attempt() {
    let (fake, _, region) = fake_cloud("timeout").await;
    let cloud = Cloud::new(Config {
        // Long enough for Keystone's answers while the other tests register their fakes.
        timeout: Duration::from_millis(2000),
        attempts: 2,
        backoff: Duration::from_millis(10),
        ..admin_config(Some(&region))
    })
    .unwrap();
    cloud.check().await.unwrap(); // the token comes from Keystone, quickly
    fake.set_delay(Duration::from_millis(2500));
    match cloud.images("client-a").await.unwrap_err() {
        Error::Unreachable {
            service,
            message,
            url,
        } => {
            assert_eq!(service, "image");
            assert!(
                message.contains("timed out") && message.contains("after 2 attempts"),
                "{message}"
            );
            assert!(url.starts_with(&fake.url()), "{url}");
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
    // The fake answers (and records) each abandoned request once its delay is over.
    tokio::time::sleep(Duration::from_millis(2600)).await;
    assert_eq!(
        fake.calls()
            .iter()
            .filter(|c| c.path == "/v2/images")
            .count(),
        2
    );
}

#[tokio::test]
async fn the_fake_wants_a_token() {
    let fake = cumulus_openstack::fake::FakeCloud::start().await;
    let response = reqwest::get(format!("{}/compute/v2.1/servers/detail", fake.url()))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    assert_eq!(fake.calls()[0].status, 401);
    assert_eq!(fake.calls()[0].path, "/servers/detail");
}
