//! The client detail routes through the real router: cold tab URLs render their data on the
//! server, unknown clients/tabs are 404s, and the detail server functions answer bad input
//! with 422 and the field's message.

mod common;

use axum::http::StatusCode;
use common::{catalogue_app, form, get, json};
use domain::entities::invoice;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use test_support::{ClientBuilder, Engine};

#[tokio::test]
async fn tab_urls_render_on_the_server_and_unknowns_are_404() {
    let app = catalogue_app(Engine::Sqlite).await;
    let staff = app.staff().await;
    let acme = ClientBuilder::new("Acme")
        .with_invoices(1)
        .build(&app.db.db)
        .await;
    let cid = acme.id;
    let inv = invoice::Entity::find()
        .filter(invoice::Column::ClientId.eq(cid))
        .one(&app.db.db)
        .await
        .unwrap()
        .expect("Acme's invoice");
    let r = app
        .send(get(&format!("/staff/clients/{cid}/invoices"), Some(&staff)))
        .await;
    let (status, body) = (r.status, r.body);
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains(&inv.number),
        "the invoice list is in the HTML"
    );
    let uri = format!("/staff/billing/invoices/{}", inv.id);
    let r = app.send(get(&uri, Some(&staff))).await;
    let (status, body) = (r.status, r.body);
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&inv.number));
    for uri in [
        "/staff/clients/999999/overview".to_owned(),
        format!("/staff/clients/{cid}/nope"),
        "/staff/billing/invoices/999999".to_owned(),
        "/staff/support/tickets/999999".to_owned(),
        "/staff/cloud/gadgets/1".to_owned(),
    ] {
        let status = app.send(get(&uri, Some(&staff))).await.status;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
    }
    app.db.drop_db().await;
}

#[tokio::test]
async fn detail_actions_answer_bad_input_with_422() {
    let app = catalogue_app(Engine::Sqlite).await;
    let staff = app.staff().await;
    let cid = ClientBuilder::new("Acme").build(&app.db.db).await.id;
    let body = format!(r#"{{"client_id":{cid},"input":{{"items":[],"due_date":""}}}}"#);
    let r = app
        .send(json("/api/invoices/create", &body, Some(&staff)))
        .await;
    let (status, body) = (r.status, r.body);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let err: model::AppError = serde_json::from_str(&body).unwrap();
    assert_eq!(
        err.field("items").as_deref(),
        Some("Add at least one item.")
    );

    let body = format!("client_id={cid}&name=-x-&tld=com&years=1");
    let r = app
        .send(form("/api/domains/register", &body, Some(&staff)))
        .await;
    let (status, body) = (r.status, r.body);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let err: model::AppError = serde_json::from_str(&body).unwrap();
    assert!(err.field("name").is_some(), "{body}");
    app.db.drop_db().await;
}
