//! Hostile input against the real router: every answer is a proper status with a complete
//! body (regressions from the "Trust" issue: each of these once panicked or hung).

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use sea_orm::EntityTrait;
use std::time::Duration;
use test_support::{domain_product, pay_by_gateway, ClientBuilder, Engine};

/// Fails the test rather than hanging when an answer never completes.
async fn within(app: &App, req: Request<Body>) -> Reply {
    tokio::time::timeout(Duration::from_secs(20), app.send(req))
        .await
        .expect("an answer with a complete body")
}

/// A client with rows on every tab: invoices, an OpenStack service and its project with a
/// resource of every kind, a domain (its service, and its invoice paid: a journal entry), a
/// ticket, and the activity all that left.
async fn client_with_rows_on_every_tab(app: &App) -> i32 {
    use domain::entities::project;
    use domain::services::{domains, tickets};
    use sea_orm::{ColumnTrait, QueryFilter};
    let db = &app.db.db;
    let acme = ClientBuilder::new("Acme")
        .active()
        .with_invoices(3)
        .build(db)
        .await;
    let project = project::Entity::find()
        .filter(project::Column::ClientId.eq(acme.id))
        .one(db)
        .await
        .unwrap()
        .expect("the active client's project");
    resources(db, project.id, "acme").await;
    domain_product(db, "Domain .test", &["test"], "12.00").await;
    let registration = domains::register(db, &test_staff(), acme.id, "acme", "test", 1)
        .await
        .unwrap();
    pay_by_gateway(db, registration.invoice_id, chrono::Utc::now()).await;
    tickets::open(db, &test_staff(), acme.id, "Help", "billing", "Hello")
        .await
        .unwrap();
    acme.id
}

#[tokio::test]
async fn huge_page_numbers_are_clamped() {
    let app = catalogue_app(Engine::Sqlite).await;
    let staff = app.staff().await;
    let id = client_with_rows_on_every_tab(&app).await;
    let max = u64::MAX;
    // The dashboard once panicked in the SQLite driver (u64 offset into i64) and dropped the
    // connection; a client tab's page never finished (the panic was in a resource task).
    for path in [
        format!("/staff/clients?page={max}"),
        format!("/staff/clients?page={max}&per_page=96"),
        "/staff/clients?page=99999999999999999999999999".to_owned(),
        "/staff/clients?page=-1".to_owned(),
        format!("/staff/clients/{id}/invoices?page={max}"),
        format!("/staff/clients/{id}/journal?page={max}"),
        format!("/staff/clients/{id}/activity?page={max}"),
        format!("/staff/clients/{id}/services?page={max}"),
        format!("/staff/clients/{id}/domains?page={max}"),
        format!("/staff/clients/{id}/tickets?page={max}"),
        format!("/staff/clients/{id}/resources?page={max}"),
        format!("/staff/clients/{id}/resources?kind=volumes&page={max}"),
    ] {
        let r = within(&app, get(&path, Some(&staff))).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        assert!(r.body.contains("</html>"), "{path}: incomplete page");
        assert!(
            !r.body.contains("Something went wrong"),
            "{path}: {}",
            r.body
        );
    }
    // Server functions take the number as it comes: any u64 is a page, the last one allowed.
    let r = within(
        &app,
        form(
            "/api/invoices/list",
            &format!("client_id={id}&page={max}"),
            Some(&staff),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let page: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(page["page"], model::paging::MAX_PAGE);
    assert_eq!(page["rows"], serde_json::json!([]));
    let r = within(
        &app,
        json(
            "/api/clients/list",
            &format!(r#"{{"query":{{"page":{max},"per_page":{max}}}}}"#),
            Some(&staff),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.db.drop_db().await;
}

#[tokio::test]
async fn out_of_range_dates_and_ids_are_answered() {
    let app = catalogue_app(Engine::Sqlite).await;
    let staff = app.staff().await;
    // The last date chrono knows: "the day after" once overflowed.
    for path in [
        "/staff/clients?to=%2B262142-12-31",
        "/staff/clients?from=%2B262142-12-31&to=%2B262142-12-31",
        "/staff/clients?to=-262143-01-01",
    ] {
        let r = within(&app, get(path, Some(&staff))).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        assert!(!r.body.contains("Something went wrong"), "{path}");
    }
    let r = within(
        &app,
        json(
            "/api/clients/list",
            r#"{"query":{"created_to":"+262142-12-31"}}"#,
            Some(&staff),
        ),
    )
    .await;
    assert!(r.status.is_success(), "{} {}", r.status, r.body);

    for path in [
        "/staff/clients/99999999999999/overview",
        "/staff/clients/2147483648/invoices",
        "/staff/clients/-1/overview",
        "/staff/clients/abc/overview",
        "/staff/clients/1e3/overview",
        "/staff/billing/invoices/99999999999999",
        "/staff/billing/invoices/-5",
    ] {
        let r = within(&app, get(path, Some(&staff))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    // Ids out of i32 range in server function arguments: a 400 saying why.
    let r = within(
        &app,
        form(
            "/api/invoices/list",
            "client_id=99999999999999&page=1",
            Some(&staff),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    app.db.drop_db().await;
}

/// A request exactly as a client sent it (`curl --path-as-is`): the path is not normalised.
fn raw(path: &str, cookie: &str) -> Request<Body> {
    let req = get(path, Some(cookie));
    assert_eq!(req.uri().path(), path.split('?').next().unwrap());
    req
}

#[tokio::test]
async fn abnormal_paths_are_a_bare_404_before_any_other_layer() {
    let app = catalogue_app(Engine::Sqlite).await;
    let staff = app.staff().await;
    let frame = within(&app, get("/staff/clients", Some(&staff))).await;
    assert_eq!(frame.status, StatusCode::OK);
    for path in [
        "/pkg/../staff/clients",
        "//x/staff/clients",
        "/staff//clients",
        "/./staff/clients",
        "/staff/clients/.",
        "/pkg/%2e%2e/staff/clients",
        "/pkg/%2E%2E%2Fstaff%2Fclients",
        "/pkg%5c..%5cstaff/clients",
        "/staff/clients%00",
        "/staff/clients/%0d%0aSet-Cookie:x=1",
    ] {
        for cookie in [staff.as_str(), "cumulus_session=nobody"] {
            let r = within(&app, raw(path, cookie)).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
            assert_eq!(r.body, "Not found", "{path}");
            assert!(
                r.headers.get("set-cookie").is_none(),
                "{path}: reached the session layer"
            );
        }
    }
    app.db.drop_db().await;
}

#[tokio::test]
async fn every_answer_names_its_request() {
    let app = catalogue_app(Engine::Sqlite).await;
    let a = within(&app, get("/login", None)).await;
    let b = within(&app, get("/login", None)).await;
    let (a, b) = (&a.headers["x-request-id"], &b.headers["x-request-id"]);
    assert_ne!(a, b);
    app.db.drop_db().await;
}
