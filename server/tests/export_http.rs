//! The export over HTTP: a signed-in staff member's download is the dashboard's list as a
//! file, named and typed for the browser; bad parameters are a 400 that says why.

mod common;

use axum::http::{header, StatusCode};
use common::{catalogue_app, get};
use domain::services::clients;
use model::client_query::{ClientQuery, SortKey};
use model::ClientStatus;
use test_support::{ClientBuilder, Engine};

#[tokio::test]
async fn staff_download_the_filtered_list() {
    let app = catalogue_app(Engine::Sqlite).await;
    let db = &app.db.db;
    // Three active clients and one without services, which the status filter leaves out.
    let mut active = Vec::new();
    for company in ["Acme", "Globex", "Initech"] {
        active.push(ClientBuilder::new(company).active().build(db).await);
    }
    let idle = ClientBuilder::new("Idle Ltd").build(db).await;
    let cookie = app.staff().await;

    let r = app
        .send(get(
            "/staff/clients/export?status=active&sort=created&dir=desc&column=id&column=email",
            Some(&cookie),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let disposition = r.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"clients-")
            && disposition.ends_with(".csv\""),
        "{disposition}"
    );
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-store");

    let dashboard = clients::list(
        db,
        &ClientQuery {
            statuses: vec![ClientStatus::Active],
            sort: SortKey::Created,
            dir: model::client_query::Dir::Desc,
            ..ClientQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(dashboard.total, 3, "the active clients");
    let lines: Vec<&str> = r.body.lines().collect();
    assert_eq!(lines[0], "id,email");
    assert_eq!(lines.len() as u64, dashboard.total + 1, "a line per client");
    let first = &dashboard.clients[0];
    assert_eq!(lines[1], format!("{},{}", first.id, first.email));
    for c in &active {
        assert!(
            lines.contains(&format!("{},{}", c.id, c.email).as_str()),
            "{} is in the file",
            c.company
        );
    }
    assert!(!r.body.contains(&idle.email), "the inactive client is not");

    let jsonl = app
        .send(get(
            "/staff/clients/export?format=jsonl&status=active",
            Some(&cookie),
        ))
        .await;
    assert_eq!(jsonl.status, StatusCode::OK);
    assert_eq!(
        jsonl.headers[header::CONTENT_TYPE],
        "application/x-ndjson; charset=utf-8"
    );
    assert_eq!(jsonl.body.lines().count() as u64, dashboard.total);

    // Through the compression layer too, which reads the stream once more after its end.
    let mut req = get("/staff/clients/export?status=active", Some(&cookie));
    req.headers_mut()
        .insert(header::ACCEPT_ENCODING, "gzip".parse().unwrap());
    let gz = app.send(req).await;
    assert_eq!(gz.status, StatusCode::OK);
    assert_eq!(gz.headers[header::CONTENT_ENCODING], "gzip");
    assert!(!gz.body.is_empty());
}

#[tokio::test]
async fn bad_parameters_are_refused_with_the_reason() {
    let app = catalogue_app(Engine::Sqlite).await;
    // A client whose email a download would carry.
    ClientBuilder::new("Acme")
        .email("billing@acme.test")
        .build(&app.db.db)
        .await;
    let cookie = app.staff().await;
    for (url, says) in [
        ("/staff/clients/export?format=xlsx", "xlsx"),
        (
            "/staff/clients/export?column=password_hash",
            "password_hash",
        ),
    ] {
        let r = app.send(get(url, Some(&cookie))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{url}");
        assert!(r.body.contains(says), "{url}: {}", r.body);
    }
    // Nobody signed in: no file.
    let r = app.send(get("/staff/clients/export", None)).await;
    assert!(
        r.status.is_redirection() || r.status == StatusCode::UNAUTHORIZED,
        "{}",
        r.status
    );
    assert!(!r.body.contains("@"), "{}", r.body);
}
