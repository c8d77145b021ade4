//! Sign-in, authorisation of every page and server function, CSRF, impersonation, bad input.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{catalogue_app, client_user, form, get, session_cookie, STAFF_EMAIL, STAFF_PASSWORD};
use domain::auth::access::{for_path, Access, PUBLIC_ENDPOINTS};
use domain::entities::audit_entry;
use model::Role;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use test_support::{ClientBuilder, Engine};

fn location(r: &common::Reply) -> String {
    r.headers
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// Every registered server function, as `/api/...` paths.
fn server_functions() -> Vec<String> {
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

#[tokio::test]
async fn pages_send_strangers_to_sign_in_and_users_home() {
    let app = catalogue_app(Engine::Sqlite).await;
    let r = app.send(get("/staff/clients?view=list", None)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?next=/staff/clients%3Fview%3Dlist");
    let r = app.send(get("/", None)).await;
    assert!(location(&r).starts_with("/login"), "{}", location(&r));
    assert_eq!(app.send(get("/login", None)).await.status, StatusCode::OK);

    let staff = app.staff().await;
    assert_eq!(
        app.send(get("/staff/clients", Some(&staff))).await.status,
        StatusCode::OK
    );
    assert_eq!(
        location(&app.send(get("/", Some(&staff))).await),
        "/staff/clients"
    );
    assert_eq!(
        location(&app.send(get("/login", Some(&staff))).await),
        "/staff/clients"
    );

    let (_, user) = app.end_user().await;
    assert_eq!(
        location(&app.send(get("/staff/clients", Some(&user))).await),
        "/"
    );
    assert_eq!(app.send(get("/", Some(&user))).await.status, StatusCode::OK);
    app.db.drop_db().await;
}

#[tokio::test]
async fn every_server_function_refuses_strangers_and_end_users() {
    let app = catalogue_app(Engine::Sqlite).await;
    let fns = server_functions();
    for known in [
        "/api/clients/list",
        "/api/clients/suspend",
        "/api/auth/login",
        "/api/portal/overview",
    ] {
        assert!(
            fns.iter().any(|f| f == known),
            "{known} registered: {fns:?}"
        );
    }
    let (_, user) = app.end_user().await;
    let staff = app.staff().await;
    for path in &fns {
        let access = for_path(path);
        if PUBLIC_ENDPOINTS.contains(&path.as_str()) {
            assert_eq!(access, Access::Public);
            continue;
        }
        let anonymous = app.send(form(path, "", None)).await;
        assert_eq!(
            anonymous.status,
            StatusCode::UNAUTHORIZED,
            "{path} anonymous"
        );
        let as_user = app.send(form(path, "", Some(&user))).await;
        let as_staff = app.send(form(path, "", Some(&staff))).await;
        match access {
            Access::Staff(_) | Access::OwnAccount => {
                assert_eq!(
                    as_user.status,
                    StatusCode::FORBIDDEN,
                    "{path} as an end user"
                );
                assert_ne!(as_staff.status, StatusCode::FORBIDDEN, "{path} as staff");
            }
            Access::Portal => {
                assert_eq!(as_staff.status, StatusCode::FORBIDDEN, "{path} as staff");
                assert_ne!(
                    as_user.status,
                    StatusCode::UNAUTHORIZED,
                    "{path} as an end user"
                );
            }
            Access::Public => unreachable!(),
        }
    }
    app.db.drop_db().await;
}

#[tokio::test]
async fn sign_in_and_out() {
    let app = catalogue_app(Engine::Sqlite).await;
    let wrong = app
        .send(form(
            "/api/auth/login",
            &format!("email={STAFF_EMAIL}&password=nope"),
            None,
        ))
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(session_cookie(&wrong.headers).is_none());

    let staff = app.staff().await;
    let me = app.send(form("/api/auth/me", "", Some(&staff))).await;
    assert!(me.body.contains(STAFF_EMAIL), "{}", me.body);

    let out = app.send(form("/api/auth/logout", "", Some(&staff))).await;
    assert!(out.status.is_success() || out.status.is_redirection());
    let after = app.send(get("/staff/clients", Some(&staff))).await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "the old cookie no longer signs in"
    );
    app.db.drop_db().await;
}

#[tokio::test]
async fn repeated_wrong_passwords_are_slowed_down() {
    let app = catalogue_app(Engine::Sqlite).await;
    let attempt = |password: &'static str| {
        form(
            "/api/auth/login",
            &format!("email={STAFF_EMAIL}&password={password}"),
            None,
        )
    };
    for _ in 0..5 {
        assert_eq!(
            app.send(attempt("guess")).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // Locked for the window: even the right password is refused, without being checked.
    let locked = app
        .send(form(
            "/api/auth/login",
            &format!(
                "email={STAFF_EMAIL}&password={}",
                common::enc(STAFF_PASSWORD)
            ),
            None,
        ))
        .await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        locked.body
    );
    assert!(
        locked.body.contains("Try again in 15 minutes"),
        "{}",
        locked.body
    );

    // Per address too: many accounts guessed from one place.
    for i in 0..15 {
        let r = app
            .send(form(
                "/api/auth/login",
                &format!("email=u{i}@x.test&password=p"),
                None,
            ))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = app
        .send(form("/api/auth/login", "email=new@x.test&password=p", None))
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    app.db.drop_db().await;
}

#[tokio::test]
async fn cross_origin_state_changes_are_refused() {
    let app = catalogue_app(Engine::Sqlite).await;
    let staff = app.staff().await;
    let with_origin = |origin: &str| {
        Request::post("/api/clients/list")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, origin)
            .header(header::COOKIE, &staff)
            .body(Body::from(r#"{"query":{}}"#))
            .unwrap()
    };
    assert_eq!(
        app.send(with_origin("http://evil.example")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.send(with_origin("http://localhost")).await.status,
        StatusCode::OK
    );
    let referer_only = Request::post("/api/clients/list")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::HOST, "localhost")
        .header(header::REFERER, "http://evil.example/page")
        .header(header::COOKIE, &staff)
        .body(Body::from(r#"{"query":{}}"#))
        .unwrap();
    assert_eq!(app.send(referer_only).await.status, StatusCode::FORBIDDEN);
    app.db.drop_db().await;
}

#[tokio::test]
async fn impersonation_round_trip_is_audited() {
    let app = catalogue_app(Engine::Sqlite).await;
    let db = &app.db.db;
    let acme = ClientBuilder::new("Acme").active().build(db).await;
    let owner = client_user(db, acme.id, "Olga Owner", Role::Owner).await;
    let mut cookie = app.staff().await;

    let start = app
        .send(form(
            "/api/auth/impersonate",
            &format!("user_id={}", owner.id),
            Some(&cookie),
        ))
        .await;
    assert!(
        start.status.is_success() || start.status.is_redirection(),
        "{}",
        start.body
    );
    cookie = session_cookie(&start.headers).unwrap_or(cookie);

    let portal = app.send(get("/", Some(&cookie))).await;
    assert_eq!(portal.status, StatusCode::OK);
    assert!(
        portal.body.contains("You are impersonating"),
        "{}",
        portal.body
    );
    // While impersonating, the staff side is closed.
    assert_eq!(
        location(&app.send(get("/staff/clients", Some(&cookie))).await),
        "/"
    );

    let stop = app
        .send(form("/api/auth/stop-impersonating", "", Some(&cookie)))
        .await;
    assert!(
        stop.status.is_success() || stop.status.is_redirection(),
        "{}",
        stop.body
    );
    cookie = session_cookie(&stop.headers).unwrap_or(cookie);
    assert_eq!(
        app.send(get("/staff/clients", Some(&cookie))).await.status,
        StatusCode::OK
    );

    let log = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.starts_with("impersonation."))
        .order_by_asc(audit_entry::Column::Id)
        .all(db)
        .await
        .unwrap();
    let actions: Vec<_> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["impersonation.start", "impersonation.stop"]);
    assert!(log
        .iter()
        .all(|e| e.actor_email == STAFF_EMAIL && e.entity_id == Some(owner.id)));
    app.db.drop_db().await;
}

#[tokio::test]
async fn bad_input_gets_a_4xx_from_every_server_function() {
    let app = catalogue_app(Engine::Sqlite).await;
    let db = &app.db.db;
    // A client and one of its users, so that ids in the bodies name real rows.
    let acme = ClientBuilder::new("Acme")
        .active()
        .with_invoices(1)
        .build(db)
        .await;
    let owner = client_user(db, acme.id, "Olga Owner", Role::Owner).await;
    let (c, u) = (acme.id, owner.id);
    let staff = app.staff().await;
    let huge = format!(
        "client_id={c}&reason={}&company={0}&page={0}",
        "x".repeat(200_000)
    );
    let bodies = [
        "".to_owned(),
        "%%%".to_owned(),
        "client_id=abc&page=abc&per_page=abc&user_id=abc".to_owned(),
        "client_id=-1&page=-1&per_page=-5&user_id=-1".to_owned(),
        "client_id=99999999&user_id=99999999".to_owned(),
        huge,
    ];
    // Malformed JSON, wrong types, unknown ids, negative and absurd amounts.
    let json_bodies = [
        "{".to_owned(),
        r#"{"client_id":"one","query":7}"#.to_owned(),
        r#"{"client_id":99999999,"input":{"items":[{"description":"x","quantity":"1","unit_price":"1"}],"due_date":""}}"#.to_owned(),
        format!(r#"{{"client_id":{c},"input":{{"items":[{{"description":"x","quantity":"-1","unit_price":"-5"}}],"due_date":""}}}}"#),
        format!(r#"{{"client_id":{c},"input":{{"items":[{{"description":"x","quantity":"1e30","unit_price":"99999999999999999"}}],"due_date":"tomorrow"}}}}"#),
        format!(r#"{{"client_id":{c},"user_id":{u},"roles":["root"]}}"#),
    ];
    for path in server_functions() {
        // Sign-in and session functions are covered above; the rest are staff data.
        if path.starts_with("/api/auth/") || path.starts_with("/api/portal/") {
            continue;
        }
        for body in &bodies {
            let r = app.send(form(&path, body, Some(&staff))).await;
            assert!(
                r.status.is_success() || r.status.is_client_error(),
                "{path} with {:.40}: {} {:.200}",
                body,
                r.status,
                r.body
            );
        }
        for body in &json_bodies {
            let r = app.send(common::json(&path, body, Some(&staff))).await;
            assert!(
                r.status.is_success() || r.status.is_client_error(),
                "{path} with JSON {:.60}: {} {:.200}",
                body,
                r.status,
                r.body
            );
        }
    }
    app.db.drop_db().await;
}

#[tokio::test]
async fn only_active_users_of_clients_taking_work_can_be_impersonated() {
    use domain::audit::Actor;
    use domain::entities::user;
    use domain::services::lifecycle;
    use sea_orm::{ActiveModelTrait, Set};
    let app = catalogue_app(Engine::Sqlite).await;
    let db = &app.db.db;
    // Two clients taking work, each with its owner.
    let acme = ClientBuilder::new("Acme").active().build(db).await;
    let ada = client_user(db, acme.id, "Ada Owner", Role::Owner).await;
    let globex = ClientBuilder::new("Globex").active().build(db).await;
    let gus = client_user(db, globex.id, "Gus Globex", Role::Owner).await;
    let cookie = app.staff().await;
    let attempt = |user_id: i32| {
        let cookie = cookie.clone();
        let app = &app;
        async move {
            app.send(form(
                "/api/auth/impersonate",
                &format!("user_id={user_id}"),
                Some(&cookie),
            ))
            .await
        }
    };

    // An inactive user.
    let mut u: user::ActiveModel = ada.into();
    u.is_active = Set(false);
    let ada = u.update(db).await.unwrap();
    let r = attempt(ada.id).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body.contains("Only active users can be impersonated."),
        "{}",
        r.body
    );

    // A user of a client being suspended (no worker runs here, so it stays Suspending).
    let staff = Actor {
        user_id: None,
        email: STAFF_EMAIL.into(),
        bulk_run: None,
    };
    lifecycle::suspend(db, &staff, globex.id, "").await.unwrap();
    let r = attempt(gus.id).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body
            .contains("Cannot sign in as a user of a client that is suspending."),
        "{}",
        r.body
    );
    assert_eq!(
        audit_entry::Entity::find()
            .filter(audit_entry::Column::Action.eq("impersonation.start"))
            .all(db)
            .await
            .unwrap()
            .len(),
        0,
        "no impersonation started"
    );
    app.db.drop_db().await;
}
