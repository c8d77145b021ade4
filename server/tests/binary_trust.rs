//! What the tester tried against the release server, now against the real binary with raw
//! bytes on the wire: paths outside the access layer, hostile `next` values, a guesser hiding
//! behind a forged `X-Forwarded-For`, and paging numbers that used to panic.

mod common;

use common::binary::{self, free_port, header, raw, wait_up};
use common::{enc, STAFF_EMAIL, STAFF_PASSWORD};

fn get(port: u16, path: &str, cookie: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nCookie: {cookie}\r\n\r\n")
}

/// A sign-in as a browser without JavaScript posts it, from behind our one proxy.
fn login(port: u16, forwarded_for: &str, password: &str, next: &str) -> String {
    let body = format!(
        "email={}&password={}&next={}",
        enc(STAFF_EMAIL),
        enc(password),
        enc(next)
    );
    format!(
        "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Accept: text/html\r\nX-Forwarded-For: {forwarded_for}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

#[tokio::test]
async fn the_testers_attacks_fail_against_the_real_binary() {
    let db = std::env::temp_dir().join(format!("cumulus-trust-{}.db", std::process::id()));
    let url = format!("sqlite://{}?mode=rwc", db.display());
    let port = free_port();
    let server = binary::start(&url, port, &[("CUMULUS_TRUST_PROXY", "1")]);
    wait_up(port).await;

    // Page shells outside the access layer: a bare 404, no page frame.
    for path in [
        "/pkg/../staff/clients",
        "//x/staff/clients",
        "/staff/./clients",
    ] {
        let (status, _, body) = raw(port, &get(port, path, "")).await;
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("Cumulus"), "{path}: {body:.200}");
    }

    // Hostile `next` values: the redirect stays on the site, and nothing panics.
    for next in [
        "/\t/evil.example/",
        "/\r\n/evil.example/",
        "//evil.example/",
    ] {
        let (status, head, _) = raw(port, &login(port, "203.0.113.1", STAFF_PASSWORD, next)).await;
        assert_eq!(status, 302, "{next:?}: {head}");
        assert_eq!(
            header(&head, "location"),
            Some("/staff/clients"),
            "{next:?}"
        );
    }

    // A guesser who writes a new address in front of each request is still one address: ours
    // is the proxy's entry, the rightmost.
    for i in 0..5 {
        let forged = format!("10.9.8.{i}, 198.51.100.77");
        let (status, _, _) = raw(port, &login(port, &forged, "a guess", "/")).await;
        assert_eq!(status, 401, "guess {i}");
    }
    let (status, _, body) = raw(
        port,
        &login(port, "10.9.9.9, 198.51.100.77", STAFF_PASSWORD, "/"),
    )
    .await;
    assert_eq!(status, 429, "{body}");
    // The real staff member, elsewhere, is not locked out.
    let (status, head, _) = raw(port, &login(port, "192.0.2.44", STAFF_PASSWORD, "/")).await;
    assert_eq!(status, 302, "{head}");
    let cookie = header(&head, "set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("a session")
        .to_owned();

    // Paging numbers that panicked (dashboard) or hung (a client tab) get a page.
    for path in [
        "/staff/clients?page=18446744073709551615",
        "/staff/clients/1/invoices?page=18446744073709551615",
        "/staff/clients?page=-1&per_page=99999999999999999999",
    ] {
        let (status, _, _) = raw(port, &get(port, path, &cookie)).await;
        assert!(status == 200 || status == 404, "{path}: {status}");
    }
    drop(server);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}
