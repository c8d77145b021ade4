//! Bulk runs over HTTP: starting one needs the action's permission, and a malformed or
//! refused request is a 4xx that says why and starts nothing.

mod common;

use axum::http::StatusCode;
use common::{catalogue_app, form, json, new_client};
use domain::entities::bulk_run;
use sea_orm::{EntityTrait, PaginatorTrait};
use test_support::Engine;

fn start(selection: &str, action: &str, confirm: &str) -> String {
    format!(
        r#"{{"request": {{"selection": {selection}, "action": {action}, "confirm": {confirm}}}}}"#
    )
}

#[tokio::test]
async fn staff_start_a_run_and_read_it_back() {
    let app = catalogue_app(Engine::Sqlite).await;
    let a = new_client(&app.db.db, "Bulk Alpha").await;
    let cookie = app.staff().await;

    let r = app
        .send(json(
            "/api/bulk/start",
            &start(
                &format!(r#"{{"Picked": [{a}]}}"#),
                r#"{"Suspend": {"reason": "late"}}"#,
                "null",
            ),
            Some(&cookie),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id: i32 = r.body.trim().parse().expect("the run's id");

    let r = app
        .send(form("/api/bulk/get", &format!("id={id}"), Some(&cookie)))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Bulk Alpha"), "{}", r.body);
}

#[tokio::test]
async fn bad_requests_are_refused_and_start_nothing() {
    let app = catalogue_app(Engine::Sqlite).await;
    let a = new_client(&app.db.db, "Bulk Beta").await;
    let b = new_client(&app.db.db, "Bulk Gamma").await;
    let admin = app.staff().await;
    let picked = format!(r#"{{"Picked": [{a}, {b}]}}"#);
    for (body, status, says) in [
        (
            start(r#""everyone""#, r#""Resume""#, "null"),
            StatusCode::BAD_REQUEST,
            "",
        ),
        (
            start(&picked, r#""Explode""#, "null"),
            StatusCode::BAD_REQUEST,
            "",
        ),
        (
            start(r#""Nothing""#, r#""Resume""#, "null"),
            StatusCode::BAD_REQUEST,
            "Select the clients",
        ),
        (
            start(&picked, r#""Delete""#, "null"),
            StatusCode::BAD_REQUEST,
            "Type the number of clients (2)",
        ),
        (
            start(&picked, r#"{"AddToGroup": {"group_id": 999999}}"#, "null"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "Choose a group.",
        ),
    ] {
        let r = app.send(json("/api/bulk/start", &body, Some(&admin))).await;
        assert_eq!(r.status, status, "{body}: {}", r.body);
        assert!(r.body.contains(says), "{body}: {}", r.body);
    }

    // Billing staff may export clients, not suspend them.
    let billing = app.staff_as(model::StaffRole::Billing).await;
    let r = app
        .send(json(
            "/api/bulk/start",
            &start(&picked, r#"{"Suspend": {"reason": ""}}"#, "null"),
            Some(&billing),
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    assert_eq!(bulk_run::Entity::find().count(&app.db.db).await.unwrap(), 0);
}
