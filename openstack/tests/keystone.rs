//! The client against a real Keystone: authentication, the catalog's regions, projects.

mod support;

use std::time::Duration;

use cumulus_openstack::{Cloud, Config, Deleted, Error, NewProject};
use support::*;

#[tokio::test]
async fn a_wrong_password_is_an_authentication_error() {
    let cloud = Cloud::new(Config {
        password: "not-the-password".into(),
        ..admin_config(None)
    })
    .unwrap();
    let error = cloud.check().await.unwrap_err();
    assert!(matches!(error, Error::Auth { .. }), "{error:?}");
    let text = error.to_string();
    assert!(text.contains("authentication at"), "{text}");
    assert!(text.contains("failed"), "{text}");
    assert!(text.contains("requires authentication"), "{text}");
}

#[tokio::test]
async fn an_unknown_region_names_the_regions_there_are() {
    let cloud = Cloud::new(admin_config(Some("Atlantis"))).unwrap();
    match cloud.check().await.unwrap_err() {
        Error::MissingEndpoint {
            region, available, ..
        } => {
            assert_eq!(region, "Atlantis");
            assert!(available.contains("RegionOne"), "{available}");
        }
        other => panic!("expected MissingEndpoint, got {other:?}"),
    }
    assert!(cloud
        .regions()
        .await
        .unwrap()
        .contains(&"RegionOne".to_string()));
}

#[tokio::test]
async fn a_closed_port_is_unreachable_after_every_attempt() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let cloud = Cloud::new(Config {
        auth_url: format!("http://127.0.0.1:{port}/v3"),
        timeout: Duration::from_secs(2),
        attempts: 3,
        backoff: Duration::from_millis(20),
        ..admin_config(None)
    })
    .unwrap();
    let started = std::time::Instant::now();
    let error = cloud.projects_tagged("x").await.unwrap_err();
    match &error {
        Error::Unreachable {
            service, message, ..
        } => {
            assert_eq!(service, "identity");
            assert!(message.contains("after 3 attempts"), "{message}");
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
    // Two waits: 20 ms, then 40 ms.
    assert!(started.elapsed() >= Duration::from_millis(60));
}

#[tokio::test]
async fn a_project_is_created_found_disabled_enabled_and_deleted() {
    let cloud = Cloud::new(admin_config(Some("RegionOne"))).unwrap();
    let tag = unique("cumulus", "projects");
    let created = cloud
        .create_project(&NewProject {
            name: unique("client", "projects"),
            domain_id: "default".into(),
            description: "A Cumulus client".into(),
            tags: vec![tag.clone(), "cumulus".into()],
            enabled: true,
        })
        .await
        .unwrap();
    assert!(created.enabled);
    assert_eq!(created.domain_id, "default");
    assert!(created.tags.contains(&tag));

    let tagged = cloud.projects_tagged(&tag).await.unwrap();
    assert_eq!(tagged, vec![created.clone()]);

    cloud.set_project_enabled(&created.id, false).await.unwrap();
    let disabled = cloud.project(&created.id).await.unwrap().unwrap();
    assert!(!disabled.enabled);
    cloud.set_project_enabled(&created.id, true).await.unwrap();
    assert!(cloud.project(&created.id).await.unwrap().unwrap().enabled);

    // Nobody has a role on it yet.
    assert_eq!(
        cloud.project_user_ids(&created.id).await.unwrap(),
        Vec::<String>::new()
    );

    // Keystone deletes an enabled project.
    assert_eq!(
        cloud.delete_project(&created.id).await.unwrap(),
        Deleted::Now
    );
    assert_eq!(
        cloud.delete_project(&created.id).await.unwrap(),
        Deleted::Already
    );
    assert_eq!(cloud.project(&created.id).await.unwrap(), None);
    assert!(cloud.projects_tagged(&tag).await.unwrap().is_empty());
    match cloud.set_project_enabled(&created.id, false).await {
        Err(Error::NotFound { what }) => assert!(what.contains(&created.id)),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn the_admin_project_lists_the_admin_user() {
    let (_, admin_user, admin_project) = admin_token().await;
    let cloud = Cloud::new(admin_config(Some("RegionOne"))).unwrap();
    let users = cloud.project_user_ids(&admin_project).await.unwrap();
    assert_eq!(users, vec![admin_user]);
}

#[tokio::test]
async fn a_duplicate_project_name_is_keystones_conflict() {
    let cloud = Cloud::new(admin_config(Some("RegionOne"))).unwrap();
    let project = NewProject {
        name: unique("client", "duplicate"),
        domain_id: "default".into(),
        description: String::new(),
        tags: vec![],
        enabled: false,
    };
    let first = cloud.create_project(&project).await.unwrap();
    assert!(!first.enabled);
    let error = cloud.create_project(&project).await.unwrap_err();
    assert!(
        matches!(error, Error::Status { status: 409, ref service, ref method, .. } if service == "identity" && method == "POST"),
        "{error:?}"
    );
    assert_eq!(cloud.delete_project(&first.id).await.unwrap(), Deleted::Now);
}
