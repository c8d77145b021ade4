//! The staff lists behind the top bar through the real router: the top bar's links lead to a
//! list, every list renders on the server from a cold URL, a bad filter is explained on the
//! page and answered with 422 by the server function.

mod common;

use axum::http::{header, StatusCode};
use common::{catalogue_app, get, json, new_client, test_staff};
use domain::entities::invoice;
use domain::services::invoices;
use model::billing::{NewInvoice, NewInvoiceItem};
use model::lists::ListKind;
use sea_orm::EntityTrait;
use test_support::Engine;

#[tokio::test]
async fn the_top_bar_leads_to_lists_that_render_and_explain_bad_filters() {
    for engine in [Engine::Sqlite, Engine::Postgres] {
        let app = catalogue_app(engine).await;
        let db = &app.db.db;
        let staff = app.staff().await;
        let acme = new_client(db, "Acme Lists").await;
        let input = NewInvoice {
            items: vec![NewInvoiceItem {
                description: "Consulting".into(),
                quantity: "2".into(),
                unit_price: "50".into(),
            }],
            due_date: String::new(),
        };
        let id = invoices::create(db, &test_staff(), acme, input)
            .await
            .unwrap();
        let number = invoice::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .number;

        for (from, to) in [
            ("/staff/billing", "/staff/billing/invoices"),
            ("/staff/cloud", "/staff/cloud/projects"),
            ("/staff/support", "/staff/support/tickets"),
        ] {
            // As a browser asks: with `Accept: text/html` the redirect is a real 302.
            let mut req = get(from, Some(&staff));
            req.headers_mut()
                .insert(header::ACCEPT, "text/html".parse().unwrap());
            let r = app.send(req).await;
            assert!(r.status.is_redirection(), "{from}: {}", r.status);
            assert_eq!(r.headers[header::LOCATION], to, "{from}");
        }
        for kind in ListKind::all() {
            let r = app.send(get(&kind.path(), Some(&staff))).await;
            assert_eq!(r.status, StatusCode::OK, "{}", kind.path());
            assert!(r.body.contains(kind.title()), "{}", kind.path());
        }

        let r = app
            .send(get(
                &format!("/staff/billing/invoices?client={acme}&status=unpaid"),
                Some(&staff),
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains(&number),
            "the invoice is in the server-rendered page"
        );
        assert!(
            r.body.contains(&format!("/staff/clients/{acme}/invoices")),
            "it links to its client"
        );
        assert!(r.body.contains(r#"data-total="1""#));

        let r = app
            .send(get(
                "/staff/billing/invoices?status=lost&from=yesterday",
                Some(&staff),
            ))
            .await;
        assert!(
            r.body.contains("Unknown invoice status: lost."),
            "{}",
            r.body
        );
        assert!(r
            .body
            .contains("Enter a date as YYYY-MM-DD, not yesterday."));
        assert!(
            !r.body.contains(&number),
            "no rows under filters that make no sense"
        );

        let body = r#"{"kind":"Invoices","query":{"pairs":[["min","-x"]]}}"#;
        let r = app.send(json("/api/lists/get", body, Some(&staff))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(
            r.body.contains("Enter an amount such as 12.50"),
            "{}",
            r.body
        );

        let r = app.send(get("/staff/billing/invoices", None)).await;
        assert!(r.status.is_redirection(), "signed out: to the sign-in page");
        app.db.drop_db().await;
    }
}
