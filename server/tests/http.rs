//! The real router over a database with the clients each test builds: pages render on the
//! server with real data, server functions answer with proper statuses.

mod common;

use axum::http::StatusCode;
use common::{catalogue_app, form, get, json};
use domain::entities::client;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use test_support::{ClientBuilder, Engine};

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[tokio::test]
async fn clients_page_renders_client_names_from_the_database() {
    let app = catalogue_app(Engine::Sqlite).await;
    for company in ["Zeta Systems", "Smith & Sons <Ltd>", "Acme", "Mango Cloud"] {
        ClientBuilder::new(company).build(&app.db.db).await;
    }
    let staff = app.staff().await;
    // The dashboard's default order: by company, clients without one last.
    let first: Vec<client::Model> = client::Entity::find()
        .filter(client::Column::Company.ne(""))
        .order_by_asc(client::Column::Company)
        .order_by_asc(client::Column::Id)
        .limit(3)
        .all(&app.db.db)
        .await
        .unwrap();
    let companies: Vec<&str> = first.iter().map(|c| c.company.as_str()).collect();
    assert_eq!(companies, ["Acme", "Mango Cloud", "Smith & Sons <Ltd>"]);

    let r = app.send(get("/staff/clients", Some(&staff))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("<title>Clients · Cumulus</title>"),
        "{}",
        r.body
    );
    for c in &first {
        let name = model::client::display_name(&c.company, &c.first_name, &c.last_name);
        assert!(r.body.contains(&html_escape(&name)), "{name} not rendered");
    }
    // The page hydrates: the bundle's script and the stylesheet are referenced by name.
    assert!(r.body.contains("href=\"/pkg/cumulus.js\""), "{}", r.body);
    assert!(r.body.contains("href=\"/pkg/cumulus.css\""), "{}", r.body);
    app.db.drop_db().await;
}

#[tokio::test]
async fn unknown_pages_answer_404() {
    let app = catalogue_app(Engine::Sqlite).await;
    let staff = app.staff().await;
    let r = app.send(get("/staff/no-such-page", Some(&staff))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Page not found"));
    let r = app.send(get("/no-such-page", None)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    app.db.drop_db().await;
}

#[tokio::test]
async fn server_function_lists_clients_and_rejects_bad_arguments() {
    let app = catalogue_app(Engine::Sqlite).await;
    for n in 1..=6 {
        ClientBuilder::new(&format!("Client {n}"))
            .build(&app.db.db)
            .await;
    }
    let staff = app.staff().await;
    // The query travels as JSON; fields left out take their defaults.
    let body = r#"{"query":{"page":1,"per_page":5}}"#;
    let r = app
        .send(json("/api/clients/list", body, Some(&staff)))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let page: model::client::ClientPage = serde_json::from_str(&r.body).unwrap();
    assert_eq!(page.clients.len(), 5);
    assert_eq!(page.total, 6);
    assert_eq!(
        page.total,
        client::Entity::find().count(&app.db.db).await.unwrap()
    );

    let r = app
        .send(json(
            "/api/clients/list",
            r#"{"query":{"page":"abc"}}"#,
            Some(&staff),
        ))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    app.db.drop_db().await;
}

#[tokio::test]
async fn service_errors_keep_their_status() {
    let app = catalogue_app(Engine::Sqlite).await;
    let staff = app.staff().await;
    let r = app
        .send(form(
            "/api/clients/resume",
            "client_id=999999",
            Some(&staff),
        ))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let err: model::AppError = serde_json::from_str(&r.body).unwrap();
    assert_eq!(err, model::AppError::NotFound("Client 999999".into()));
    app.db.drop_db().await;
}

#[tokio::test]
async fn editing_an_unknown_client_is_a_404() {
    let app = catalogue_app(Engine::Sqlite).await;
    let staff = app.staff().await;
    let r = app
        .send(get("/staff/clients/999999/edit", Some(&staff)))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    app.db.drop_db().await;
}

#[test]
fn a_bad_database_url_stops_start_up_with_one_clear_line() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .env("DATABASE_URL", "mysql://nope")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim(),
        r#"cumulus: DATABASE_URL "mysql://nope" is not a sqlite:// or postgres:// URL"#
    );

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .env("DATABASE_URL", "postgres://nobody:secret@127.0.0.1:1/x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.starts_with(
            "cumulus: cannot connect to the database at postgres://nobody:***@127.0.0.1:1/x"
        ),
        "{err}"
    );
}
