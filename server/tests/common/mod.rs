//! Shared by the server's HTTP tests: the real router over a database with the catalogue and
//! the rows each test builds, and signing in.
#![allow(dead_code)]

pub mod binary;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use domain::auth::{bootstrap, password};
use domain::entities::user;
use http_body_util::BodyExt;
use model::Role;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
// Not every test file builds cloud rows.
#[allow(unused_imports)]
pub use test_support::cloud::{project, resources, Resources};
use test_support::{ClientBuilder, Engine, TestDb};
use tower::ServiceExt;

pub const STAFF_EMAIL: &str = "staff@cumulus.test";
pub const STAFF_PASSWORD: &str = "staff password 1";
pub const USER_PASSWORD: &str = "end user password 1";

pub struct App {
    pub db: TestDb,
    pub router: axum::Router,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

/// The router over a fresh database on `engine` with the catalogue, no clients, and one staff
/// account: each test adds the few rows it is about.
pub async fn catalogue_app(engine: Engine) -> App {
    let t = TestDb::new(engine).await;
    catalogue_only(&t.db).await;
    app_over(t).await
}

async fn app_over(t: TestDb) -> App {
    bootstrap::ensure_staff(&t.db, Some(STAFF_EMAIL.into()), Some(STAFF_PASSWORD.into()))
        .await
        .unwrap();
    let router = server::router(server::leptos_options(), t.db.clone());
    App { db: t, router }
}

/// One request through a router, its answer read whole.
pub async fn send_to(router: &axum::Router, req: Request<Body>) -> Reply {
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

impl App {
    pub async fn send(&self, req: Request<Body>) -> Reply {
        send_to(&self.router, req).await
    }

    /// Signs in and returns the session cookie (`name=value`).
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let body = format!("email={}&password={}", enc(email), enc(password));
        let r = self.send(form("/api/auth/login", &body, None)).await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "sign-in failed: {} {}",
            r.status,
            r.body
        );
        session_cookie(&r.headers).expect("a session cookie")
    }

    pub async fn staff(&self) -> String {
        self.sign_in(STAFF_EMAIL, STAFF_PASSWORD).await
    }

    /// A staff member with `role` (and a password of their own), signed in.
    pub async fn staff_as(&self, role: model::StaffRole) -> String {
        let email = format!("{}@cumulus.test", role.as_str());
        user::ActiveModel {
            email: Set(email.clone()),
            full_name: Set(format!("{} staff", role.label())),
            password_hash: Set(Some(password::hash(STAFF_PASSWORD))),
            is_staff: Set(true),
            is_active: Set(true),
            created_at: Set(chrono::Utc::now()),
            staff_role: Set(Some(role)),
            must_change_password: Set(false),
            ..Default::default()
        }
        .insert(&self.db.db)
        .await
        .unwrap();
        self.sign_in(&email, STAFF_PASSWORD).await
    }

    /// An end user: the owner of a client of their own ("Portal Customer Ltd"), given a
    /// password, signed in.
    pub async fn end_user(&self) -> (user::Model, String) {
        let db = &self.db.db;
        let c = ClientBuilder::new("Portal Customer Ltd").build(db).await;
        let u = client_user(db, c.id, "Paula Portal", Role::Owner).await;
        let mut a: user::ActiveModel = u.clone().into();
        a.password_hash = Set(Some(password::hash(USER_PASSWORD)));
        let u = a.update(db).await.unwrap();
        let cookie = self.sign_in(&u.email, USER_PASSWORD).await;
        (u, cookie)
    }
}

/// A customer's account named `name` (no password), associated with the client `client_id`
/// in `role` as staff would on the Users tab.
pub async fn client_user(
    db: &sea_orm::DatabaseConnection,
    client_id: i32,
    name: &str,
    role: Role,
) -> user::Model {
    let id = test_support::customer(db, name).await;
    domain::services::client_users::associate(db, &test_staff(), client_id, id, vec![role])
        .await
        .unwrap();
    user::Entity::find_by_id(id).one(db).await.unwrap().unwrap()
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn session_cookie(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cumulus_session="))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

pub fn get(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = Request::get(uri);
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::empty()).unwrap()
}

pub fn form(uri: &str, body: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "localhost");
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::from(body.to_owned())).unwrap()
}

/// A form as a browser without JavaScript posts it: server functions answer with a real redirect.
pub fn html_form(uri: &str, body: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = form(uri, body, cookie);
    r.headers_mut().insert(
        header::ACCEPT,
        header::HeaderValue::from_static("text/html,application/xhtml+xml"),
    );
    r
}

pub fn json(uri: &str, body: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::HOST, "localhost");
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::from(body.to_owned())).unwrap()
}

/// The catalogue (configurations, products, plans) and no clients: the database is "not
/// empty", so a server started on it writes no demo data.
pub async fn catalogue_only(db: &sea_orm::DatabaseConnection) {
    let opts = demo::SeedOptions {
        clients: 0,
        seed: 5,
        anchor: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    };
    demo::seed(db, &opts, &mut |_, _| {}).await.unwrap();
}

/// The staff member the process tests act as.
pub fn test_staff() -> domain::audit::Actor {
    domain::audit::Actor {
        user_id: None,
        email: "test".into(),
        bulk_run: None,
    }
}

/// A new EUR client (no services) named `company`.
pub async fn new_client(db: &sea_orm::DatabaseConnection, company: &str) -> i32 {
    use domain::entities::configuration;
    use model::client_form::ClientForm;
    let slug: String = company
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let form = ClientForm {
        company: company.into(),
        first_name: "Test".into(),
        last_name: "Client".into(),
        email: format!("{slug}@example.test"),
        phone: "+44 20 7946 0000".into(),
        country: "gb".into(),
        city: "London".into(),
        address1: "1 Test Street".into(),
        zip_code: "EC1A 1BB".into(),
        currency: "eur".into(),
        configuration_id: configuration::Entity::find()
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .id,
        ..ClientForm::default()
    };
    domain::services::client_form::save(db, &test_staff(), None, form)
        .await
        .unwrap()
}
