//! Credit adjustments through the real router: bad input is a 422 with the field's message
//! and writes nothing; a good one answers with the new overview.

mod common;

use axum::http::StatusCode;
use common::{catalogue_app, json};
use domain::entities::journal_entry;
use model::client_detail::ClientOverview;
use model::credit::CreditPreview;
use model::AppError;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use test_support::{ClientBuilder, Engine};

fn body(client_id: i32, direction: &str, amount: &str, reason: &str) -> String {
    serde_json::json!({
        "client_id": client_id,
        "input": { "direction": direction, "amount": amount, "currency": "EUR", "reason": reason }
    })
    .to_string()
}

#[tokio::test]
async fn bad_amounts_are_422_and_good_ones_apply() {
    let app = catalogue_app(Engine::Sqlite).await;
    let staff = app.staff().await;
    let id = ClientBuilder::new("Http Credit Ltd")
        .currency("EUR")
        .build(&app.db.db)
        .await
        .id;
    let entries = || async {
        journal_entry::Entity::find()
            .filter(journal_entry::Column::ClientId.eq(id))
            .count(&app.db.db)
            .await
            .unwrap()
    };

    for (path, amount, message) in [
        (
            "/api/credit/apply",
            "1.234",
            "EUR amounts have at most 2 decimals.",
        ),
        ("/api/credit/apply", "0", "Enter an amount above zero."),
        ("/api/credit/preview", "lots", "Enter a number, e.g. 25.00."),
    ] {
        let r = app
            .send(json(
                path,
                &body(id, "add", amount, "Goodwill"),
                Some(&staff),
            ))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} {amount}: {}",
            r.body
        );
        let err: AppError = serde_json::from_str(&r.body).unwrap();
        assert_eq!(err.field("amount").as_deref(), Some(message));
    }
    let r = app
        .send(json(
            "/api/credit/apply",
            &body(id, "sideways", "5", "x"),
            Some(&staff),
        ))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(entries().await, 0, "nothing written");

    let r = app
        .send(json(
            "/api/credit/preview",
            &body(id, "add", "5", ""),
            Some(&staff),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let p: CreditPreview = serde_json::from_str(&r.body).unwrap();
    assert_eq!(p.credit_after.to_string(), "5");

    let r = app
        .send(json(
            "/api/credit/apply",
            &body(id, "add", "5", "Goodwill"),
            Some(&staff),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let o: ClientOverview = serde_json::from_str(&r.body).unwrap();
    assert_eq!(o.credit_balance.to_string(), "5");
    assert_eq!(entries().await, 1);
    app.db.drop_db().await;
}
