//! The real router over a demo database: pages render on the server with real data, server
//! functions answer with proper statuses.

use app::server::entities::client;
use app::server::seed;
use app::server::testing::{Engine, TestDb};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use tower::ServiceExt;

async fn demo_router() -> (TestDb, axum::Router) {
    let t = TestDb::new(Engine::Sqlite).await;
    let anchor = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    seed::seed_demo_if_empty(&t.db, anchor)
        .await
        .unwrap()
        .expect("an empty database is seeded");
    let router = server::router(server::leptos_options(), t.db.clone());
    (t, router)
}

async fn send(router: &axum::Router, req: Request<Body>) -> (StatusCode, String) {
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[tokio::test]
async fn clients_page_renders_client_names_from_the_database() {
    let (t, router) = demo_router().await;
    // The dashboard's default order: by company, clients without one last.
    let first: Vec<client::Model> = client::Entity::find()
        .filter(client::Column::Company.ne(""))
        .order_by_asc(client::Column::Company)
        .order_by_asc(client::Column::Id)
        .limit(3)
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(first.len(), 3);

    let (status, body) = send(&router, get("/staff/clients")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<title>Clients · Cumulus</title>"), "{body}");
    for c in &first {
        let name = app::model::client::display_name(&c.company, &c.first_name, &c.last_name);
        assert!(body.contains(&html_escape(&name)), "{name} not rendered");
    }
    // The page hydrates: the wasm bundle is referenced.
    assert!(body.contains("/pkg/cumulus"));
    t.drop_db().await;
}

#[tokio::test]
async fn unknown_pages_answer_404() {
    let (t, router) = demo_router().await;
    let (status, body) = send(&router, get("/staff/no-such-page")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Page not found"));
    t.drop_db().await;
}

#[tokio::test]
async fn server_function_lists_clients_and_rejects_bad_arguments() {
    let (t, router) = demo_router().await;
    // The query travels as JSON; fields left out take their defaults.
    let json = |body: &'static str| {
        Request::post("/api/clients/list")
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap()
    };
    let (status, body) = send(&router, json(r#"{"query":{"page":1,"per_page":5}}"#)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let page: app::model::client::ClientPage = serde_json::from_str(&body).unwrap();
    assert_eq!(page.clients.len(), 5);
    assert_eq!(
        page.total,
        client::Entity::find().count(&t.db).await.unwrap()
    );

    let (status, _) = send(&router, json(r#"{"query":{"page":"abc"}}"#)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    t.drop_db().await;
}

#[tokio::test]
async fn service_errors_keep_their_status() {
    let (t, router) = demo_router().await;
    let post = |uri: &'static str, body: &'static str| {
        Request::post(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    let (status, body) = send(&router, post("/api/clients/resume", "client_id=999999")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let err: app::model::AppError = serde_json::from_str(&body).unwrap();
    assert_eq!(err, app::model::AppError::NotFound("Client 999999".into()));
    t.drop_db().await;
}
