//! Billing › Services, Billing › Journal and Support › Tickets through the real router: a cold
//! URL renders the filtered rows on the server, a bad filter shows its message (and the server
//! function answers 422), and "Open ticket" from the tickets list takes a typed client ID.

mod common;

use axum::http::StatusCode;
use chrono::Utc;
use common::{catalogue_app, form, get, json};
use domain::entities::{journal_entry, product, service, ticket};
use domain::money::Amount;
use model::{
    JournalAccount, ProductType, ServiceStatus, TicketDepartment, TicketPriority, TicketStatus,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use test_support::{ClientBuilder, Engine};

#[tokio::test]
async fn billing_and_support_lists_render_filtered_rows_and_explain_bad_filters() {
    let app = catalogue_app(Engine::Sqlite).await;
    let staff = app.staff().await;
    let db = &app.db.db;
    let c = ClientBuilder::new("Listed Ltd").build(db).await.id;
    // Another client's rows, which the client filter leaves out.
    ClientBuilder::new("Other Ltd").active().build(db).await;
    let hosting = product::Entity::find()
        .filter(product::Column::ProductType.eq(ProductType::Hosting))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let now = Utc::now();
    let svc = service::ActiveModel {
        client_id: Set(c),
        product_id: Set(hosting.id),
        display_name: Set("listed-web-1".into()),
        status: Set(ServiceStatus::Suspended),
        next_due_date: Set(Some(now.date_naive())),
        suspended_with_client: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        is_openstack: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    journal_entry::ActiveModel {
        client_id: Set(Some(c)),
        entry_date: Set(now),
        source: Set(JournalAccount::Staff),
        destination: Set(JournalAccount::Credit),
        amount: Set(Amount::from_units(425_000)),
        currency: Set("EUR".into()),
        description: Set("Listed goodwill".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let t = ticket::ActiveModel {
        client_id: Set(c),
        title: Set("Listed ticket title".into()),
        status: Set(TicketStatus::OnHold),
        department: Set(TicketDepartment::Billing),
        priority: Set(TicketPriority::High),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();

    let pages = [
        (
            format!("/staff/billing/services?client={c}&status=suspended&type=hosting"),
            vec![
                format!("href=\"/staff/billing/services/{}\"", svc.id),
                "listed-web-1".to_owned(),
                "badge svc-suspended".to_owned(),
            ],
        ),
        (
            format!("/staff/billing/journal?client={c}&source=staff&destination=credit"),
            vec!["Listed goodwill".to_owned(), "42.50 EUR".to_owned()],
        ),
        (
            format!(
                "/staff/support/tickets?client={c}&status=on_hold&priority=high&department=billing"
            ),
            vec![
                format!("href=\"/staff/support/tickets/{}\"", t.id),
                "Listed ticket title".to_owned(),
                "bar ticket-on_hold".to_owned(),
                "Open ticket".to_owned(),
            ],
        ),
    ];
    for (uri, wanted) in pages {
        let r = app.send(get(&uri, Some(&staff))).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        for w in wanted {
            assert!(r.body.contains(&w), "{uri} shows {w}");
        }
        assert!(r.body.contains("Listed Ltd"), "{uri} links the client");
        assert!(r.body.contains("data-total=\"1\""), "{uri} counts one row");
    }

    for (uri, message) in [
        (
            "/staff/billing/services?status=sleeping",
            "Unknown service status: sleeping.",
        ),
        (
            "/staff/billing/services?product=abc",
            "Unknown product: abc.",
        ),
        (
            "/staff/billing/journal?source=bank",
            "Unknown source account: bank.",
        ),
        (
            "/staff/billing/journal?from=yesterday",
            "Enter a date as YYYY-MM-DD, not yesterday.",
        ),
        (
            "/staff/support/tickets?department=legal",
            "Unknown department: legal.",
        ),
        (
            "/staff/support/tickets?client=abc",
            "The client ID is a whole number, e.g. 42.",
        ),
    ] {
        let r = app.send(get(uri, Some(&staff))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        assert!(r.body.contains(message), "{uri} says {message}");
    }
    for (kind, pair) in [
        ("Services", r#"["type","lamp"]"#),
        ("Journal", r#"["destination","pocket"]"#),
        ("Tickets", r#"["priority","urgent"]"#),
    ] {
        let body = format!(r#"{{"kind":"{kind}","query":{{"pairs":[{pair}]}}}}"#);
        let r = app.send(json("/api/lists/get", &body, Some(&staff))).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{kind}: {}",
            r.body
        );
    }
    app.db.drop_db().await;
}

#[tokio::test]
async fn open_ticket_takes_a_typed_client_id() {
    let app = catalogue_app(Engine::Sqlite).await;
    let staff = app.staff().await;
    let c = ClientBuilder::new("Ticketed Ltd")
        .build(&app.db.db)
        .await
        .id;
    for (id, message) in [
        ("abc", "Enter the client's ID"),
        ("999999", "There is no client with ID 999999."),
    ] {
        let body = format!("client_id={id}&title=Help&department=sales&message=Hello");
        let r = app
            .send(form("/api/tickets/open", &body, Some(&staff)))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let err: model::AppError = serde_json::from_str(&r.body).unwrap();
        let field = err.field("client_id").expect("a message on client_id");
        assert!(field.starts_with(message), "{field}");
    }
    let body = format!("client_id={c}&title=Help&department=sales&message=Hello");
    let r = app
        .send(form("/api/tickets/open", &body, Some(&staff)))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id: i32 = serde_json::from_str(&r.body).unwrap();
    let t = ticket::Entity::find_by_id(id)
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((t.client_id, t.title.as_str()), (c, "Help"));
    app.db.drop_db().await;
}
