//! Cloud › Projects, Cloud › each resource kind and Domains through the real router: a cold
//! URL renders the filtered rows on the server, and a bad filter shows its message (the
//! server function answers it with 422).

mod common;

use axum::http::StatusCode;
use common::{catalogue_app, get, json, resources};
use domain::entities::{domain_name, flavor, instance, project, region};
use model::cloud::ResourceKind;
use model::lists::{ListKind, ListQuery};
use model::DomainStatus;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use test_support::{ClientBuilder, Engine};

#[tokio::test]
async fn cloud_and_domain_lists_render_filtered_rows() {
    let app = catalogue_app(Engine::Sqlite).await;
    let staff = app.staff().await;
    let db = &app.db.db;
    let c = ClientBuilder::new("Listed Cloud").build(db).await.id;
    let now = chrono::Utc::now();
    let p = project::ActiveModel {
        client_id: Set(c),
        service_id: Set(None),
        openstack_id: Set("os-listed-project".into()),
        project_domain_id: Set("default".into()),
        name: Set("listed-project".into()),
        disabled: Set(true),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let fra = region::Entity::find().one(db).await.unwrap().unwrap();
    let small = flavor::Entity::find().one(db).await.unwrap().unwrap();
    let vm = instance::ActiveModel {
        project_id: Set(p.id),
        openstack_id: Set("os-listed-vm".into()),
        name: Set("listed-vm".into()),
        status: Set("PAUSED".into()),
        region_id: Set(fra.id),
        flavor_id: Set(small.id),
        hypervisor_id: Set(None),
        image_name: Set("Debian 12".into()),
        ipv4: Set("10.9.9.9".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let d = domain_name::ActiveModel {
        client_id: Set(c),
        service_id: Set(None),
        name: Set("listed-domain.com".into()),
        status: Set(DomainStatus::Active),
        registered_at: Set(None),
        expires_at: Set(chrono::NaiveDate::from_ymd_opt(2027, 1, 1)),
        auto_renew: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();

    // A resource of every kind besides, in the project of another client.
    let other = ClientBuilder::new("Other Cloud").build(db).await.id;
    let other_project = common::project(db, other, "other-project").await;
    resources(db, other_project.id, "other").await;

    let region = fra.id;
    for (uri, shows) in [
        (
            format!("/staff/cloud/projects?client={c}&disabled=yes&region={region}&sort=name"),
            format!("/staff/cloud/projects/{}", p.id),
        ),
        (
            format!(
                "/staff/cloud/instances?client={c}&status=PAUSED&region={region}&flavor={}",
                small.id
            ),
            format!("/staff/cloud/instances/{}", vm.id),
        ),
        (
            format!("/staff/domains?client={c}&status=active&sort=name&dir=desc"),
            format!("/staff/domains/{}", d.id),
        ),
    ] {
        let r = app.send(get(&uri, Some(&staff))).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert!(r.body.contains(&shows), "{uri} lists {shows}");
        assert!(
            r.body.contains(&format!("/staff/clients/{c}/")),
            "{uri} links to the client"
        );
        assert!(
            !r.body.contains(&format!("/staff/clients/{other}/")),
            "{uri} leaves the other client out"
        );
    }

    // Every resource list renders its newest rows from a cold URL.
    for kind in ResourceKind::ALL {
        let first =
            domain::services::lists::list(db, ListKind::Resources(kind), &ListQuery::default())
                .await
                .unwrap();
        let uri = format!("/staff/cloud/{}", kind.slug());
        let r = app.send(get(&uri, Some(&staff))).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        let row = first.rows.first().unwrap_or_else(|| panic!("{uri}: a row"));
        let model::lists::Cell::Link { href, .. } = &row.cells[0] else {
            panic!("{uri}: the first cell is a link");
        };
        assert!(r.body.contains(href.as_str()), "{uri} shows {href}");
    }

    // A bad filter: the page says what is wrong; the server function answers 422.
    let r = app
        .send(get("/staff/cloud/instances?status=RUNNING", Some(&staff)))
        .await;
    assert!(
        r.body.contains("Unknown status: RUNNING."),
        "the page shows the message"
    );
    let r = app
        .send(get("/staff/domains?client=abc", Some(&staff)))
        .await;
    assert!(r.body.contains("The client ID is a whole number"));
    let body = r#"{"kind":{"Resources":"Volumes"},"query":{"pairs":[["status","melted"]]}}"#;
    let r = app.send(json("/api/lists/get", body, Some(&staff))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let err: model::AppError = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        err.field("status").as_deref(),
        Some("Unknown status: melted.")
    );
    let body = r#"{"kind":"Projects","query":{"pairs":[["disabled","maybe"]]}}"#;
    let r = app.send(json("/api/lists/get", body, Some(&staff))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    app.db.drop_db().await;
}
