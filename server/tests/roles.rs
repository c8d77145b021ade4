//! Staff roles over HTTP: every server function and staff page for every role, the issued
//! password that must be replaced first, and `next` values that try to leave the site.

mod common;

use axum::http::{header, StatusCode};
use common::{
    catalogue_app, enc, form, get, html_form, session_cookie, STAFF_EMAIL, STAFF_PASSWORD,
};
use model::staff::Permission;
use model::StaffRole;
use test_support::{ClientBuilder, Engine};

/// What each staff server function needs: the policy, stated independently of the code.
fn expected(path: &str) -> Option<Permission> {
    use Permission::*;
    let needs = match path.trim_start_matches("/api/") {
        "client-users/candidates"
        | "client-users/tab"
        | "client/activity"
        | "client/header"
        | "client/overview"
        | "clients/filter_options"
        | "clients/form"
        | "clients/list"
        | "configurations/tab"
        | "domains/get"
        | "domains/list"
        | "domains/tlds"
        | "invoices/get"
        | "invoices/list"
        | "journal/get"
        | "journal/list"
        | "lists/get"
        | "notes/list"
        | "openstack/tab"
        | "projects/get"
        | "resources/get"
        | "resources/tab"
        | "services/get"
        | "services/list"
        | "tickets/get"
        | "tickets/list"
        | "views/prefs"
        | "views/columns"
        | "views/save"
        | "views/delete"
        | "views/landing"
        | "bulk/get"
        | "bulk/list"
        | "tax/list" => View,
        "clients/save"
        | "clients/suspend"
        | "clients/resume"
        | "clients/retry"
        | "resources/refresh"
        | "configurations/change"
        | "notes/add"
        | "notes/edit"
        | "notes/delete"
        | "notes/pin"
        | "bulk/start"
        | "bulk/retry" => ManageClients,
        "clients/delete" => DeleteClients,
        "invoices/create"
        | "tax/save"
        | "tax/delete"
        | "openstack/create"
        | "openstack/change-plan"
        | "openstack/terminate"
        | "domains/register"
        | "credit/preview"
        | "credit/apply" => ManageBilling,
        "client-users/associate" | "client-users/roles" | "client-users/dissociate" => {
            ManageClientUsers
        }
        "tickets/open" => ManageTickets,
        "auth/impersonate" => Impersonate,
        "staff/list" | "staff/create" | "staff/update" | "staff/reset-password" => ManageStaff,
        _ => return None,
    };
    Some(needs)
}

fn location(r: &common::Reply) -> String {
    r.headers
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn every_server_function_for_every_role() {
    let app = catalogue_app(Engine::Sqlite).await;
    let mut signed_in = Vec::new();
    for role in StaffRole::ALL {
        signed_in.push((*role, app.staff_as(*role).await));
    }
    let open = ["/api/auth/login", "/api/auth/logout", "/api/auth/me"];
    let any_staff = ["/api/staff/change-password"];
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        if open.contains(&path)
            || path.starts_with("/api/portal/")
            || path == "/api/auth/stop-impersonating"
        {
            continue;
        }
        let needs = expected(path);
        assert!(
            needs.is_some() || any_staff.contains(&path),
            "{path}: say which permission it needs, here and in access::STAFF_ENDPOINTS"
        );
        for (role, cookie) in &signed_in {
            let r = app.send(form(path, "", Some(cookie))).await;
            let allowed = needs.is_none_or(|p| role.can(p));
            if allowed {
                assert!(
                    r.status != StatusCode::FORBIDDEN && r.status != StatusCode::UNAUTHORIZED,
                    "{path} as {role:?}: {} {}",
                    r.status,
                    r.body
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{path} as {role:?}: {}",
                    r.body
                );
            }
        }
    }
    app.db.drop_db().await;
}

#[tokio::test]
async fn staff_pages_follow_the_role() {
    let app = catalogue_app(Engine::Sqlite).await;
    let acme = ClientBuilder::new("Acme").active().build(&app.db.db).await;
    let (overview, edit) = (
        format!("/staff/clients/{}/overview", acme.id),
        format!("/staff/clients/{}/edit", acme.id),
    );
    let pages: [(&str, Option<Permission>); 6] = [
        ("/staff/clients", Some(Permission::View)),
        (
            "/staff/clients/export?status=active",
            Some(Permission::ExportClients),
        ),
        (&overview, Some(Permission::View)),
        ("/staff/clients/new", Some(Permission::ManageClients)),
        (&edit, Some(Permission::ManageClients)),
        ("/staff/settings/staff", Some(Permission::ManageStaff)),
    ];
    for role in StaffRole::ALL {
        let cookie = app.staff_as(*role).await;
        for (page, needs) in pages {
            let r = app.send(get(page, Some(&cookie))).await;
            if needs.is_none_or(|p| role.can(p)) {
                assert_eq!(r.status, StatusCode::OK, "{page} as {role:?}");
            } else {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{page} as {role:?}");
                assert!(r.body.contains("Not allowed"), "{}", r.body);
            }
        }
        let own = app
            .send(get("/staff/settings/password", Some(&cookie)))
            .await;
        assert_eq!(own.status, StatusCode::OK, "own password page as {role:?}");
        // The top bar offers staff management to administrators only; the dashboard offers
        // the export to those who may.
        let list = app.send(get("/staff/clients", Some(&cookie))).await;
        assert_eq!(
            list.body.contains("data-export=\"csv\""),
            role.can(Permission::ExportClients),
            "{role:?}"
        );
        assert_eq!(
            list.body.contains("href=\"/staff/settings/staff\""),
            *role == StaffRole::Administrator,
            "{role:?}"
        );
    }
    app.db.drop_db().await;
}

#[tokio::test]
async fn an_issued_password_is_replaced_before_anything_else() {
    let app = catalogue_app(Engine::Sqlite).await;
    let admin = app.staff().await;
    let created = app
        .send(form(
            "/api/staff/create",
            "email=newbie%40cumulus.test&full_name=New+Bie&role=support",
            Some(&admin),
        ))
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let issued: serde_json::Value = serde_json::from_str(&created.body).unwrap();
    let password = issued["password"].as_str().unwrap().to_owned();

    let login = app
        .send(html_form(
            "/api/auth/login",
            &format!(
                "email=newbie%40cumulus.test&password={}&next=%2Fstaff%2Fclients%3Fview%3Dlist",
                enc(&password)
            ),
            None,
        ))
        .await;
    assert_eq!(location(&login), "/staff/settings/password");
    let cookie = session_cookie(&login.headers).unwrap();
    assert_eq!(
        location(&app.send(get("/staff/clients", Some(&cookie))).await),
        "/staff/settings/password"
    );
    let refused = app.send(form("/api/clients/list", "", Some(&cookie))).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains("PasswordChangeRequired"),
        "{}",
        refused.body
    );
    assert_eq!(
        app.send(get("/staff/settings/password", Some(&cookie)))
            .await
            .status,
        StatusCode::OK
    );

    let short = app
        .send(form(
            "/api/staff/change-password",
            &format!(
                "current={}&new_password=short&confirm=short",
                enc(&password)
            ),
            Some(&cookie),
        ))
        .await;
    assert_eq!(
        short.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        short.body
    );
    let changed = app
        .send(html_form(
            "/api/staff/change-password",
            &format!(
                "current={}&new_password=my+own+long+password&confirm=my+own+long+password",
                enc(&password)
            ),
            Some(&cookie),
        ))
        .await;
    assert!(
        changed.status.is_redirection(),
        "{} {}",
        changed.status,
        changed.body
    );
    assert_eq!(location(&changed), "/staff/clients");
    assert_eq!(
        app.send(get("/staff/clients", Some(&cookie))).await.status,
        StatusCode::OK
    );
    app.db.drop_db().await;
}

#[tokio::test]
async fn hostile_next_values_never_leave_the_site() {
    let app = catalogue_app(Engine::Sqlite).await;
    for next in [
        "/\t/evil.example/",
        "/\n/evil.example/",
        "/\r\n/evil.example/",
        "/\r\nSet-Cookie:%20x=1",
        "//evil.example/",
        "/\\evil.example/",
        "\\/evil.example/",
        "https://evil.example/",
        " //evil.example/",
        "/%09/evil.example/",
        "/\u{0}/evil.example/",
        "/\u{2028}/evil.example/",
        "javascript:alert(1)",
    ] {
        let body = format!(
            "email={}&password={}&next={}",
            enc(STAFF_EMAIL),
            enc(STAFF_PASSWORD),
            enc(next)
        );
        let r = app.send(html_form("/api/auth/login", &body, None)).await;
        assert!(
            r.status.is_redirection(),
            "{next:?}: {} {}",
            r.status,
            r.body
        );
        let to = location(&r);
        // `/%09/evil.example/` is a path on this site (the tab stays encoded); all others
        // fall back to the staff home.
        assert!(
            to == "/staff/clients" || to == "/%09/evil.example/",
            "{next:?} led to {to:?}"
        );
        assert!(!to.starts_with("//") && !to.contains('\\'), "{to:?}");
    }
    app.db.drop_db().await;
}
