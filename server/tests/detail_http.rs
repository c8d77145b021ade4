//! The client detail routes through the real router: cold tab URLs render their data on the
//! server, unknown clients/tabs are 404s, and the detail server functions answer bad input
//! with 422 and the field's message.

use app::server::entities::invoice;
use app::server::seed;
use app::server::testing::{Engine, TestDb};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tower::ServiceExt;

async fn demo_router() -> (TestDb, axum::Router) {
    let t = TestDb::new(Engine::Sqlite).await;
    let anchor = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    seed::seed_demo_if_empty(&t.db, anchor).await.unwrap();
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

#[tokio::test]
async fn tab_urls_render_on_the_server_and_unknowns_are_404() {
    let (t, router) = demo_router().await;
    let inv = invoice::Entity::find()
        .filter(invoice::Column::ClientId.is_not_null())
        .order_by_desc(invoice::Column::IssueDate)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    let cid = inv.client_id.unwrap();
    let (status, body) = send(&router, get(&format!("/staff/clients/{cid}/invoices"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains(&inv.number),
        "the invoice list is in the HTML"
    );
    let (status, body) = send(&router, get(&format!("/staff/billing/invoices/{}", inv.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&inv.number));
    for uri in [
        "/staff/clients/999999/overview".to_owned(),
        format!("/staff/clients/{cid}/nope"),
        "/staff/billing/invoices/999999".to_owned(),
        "/staff/support/tickets/999999".to_owned(),
        "/staff/cloud/gadgets/1".to_owned(),
    ] {
        let (status, _) = send(&router, get(&uri)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
    }
    t.drop_db().await;
}

#[tokio::test]
async fn detail_actions_answer_bad_input_with_422() {
    let (t, router) = demo_router().await;
    let req = Request::post("/api/invoices/create")
        .header("content-type", "application/json")
        .body(Body::from(
            r#"{"client_id":1,"input":{"items":[],"due_date":""}}"#,
        ))
        .unwrap();
    let (status, body) = send(&router, req).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let err: app::model::AppError = serde_json::from_str(&body).unwrap();
    assert_eq!(
        err.field("items").as_deref(),
        Some("Add at least one item.")
    );

    let req = Request::post("/api/domains/register")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("client_id=1&name=-x-&tld=com&years=1"))
        .unwrap();
    let (status, body) = send(&router, req).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    t.drop_db().await;
}
