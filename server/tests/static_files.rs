//! `/pkg`: a built file whose name carries its content hash is kept by browsers for good, any
//! other is revalidated, and the precompressed copies a release build leaves are sent to the
//! browsers that accept them.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{send_to, Reply};
use leptos::config::LeptosOptions;
use test_support::{Engine, TestDb};

const HASHED: &str = "cumulus.Q2x1c3RlckJ1bmRsZTAx.wasm";

/// A site root in the temporary directory with a hashed wasm file (plain, brotli and gzip
/// copies, told apart by their content) and an unhashed stylesheet; removed when dropped.
struct Site(std::path::PathBuf);

impl Site {
    fn new() -> Self {
        let root = std::env::temp_dir().join(format!("cumulus_test_site_{}", std::process::id()));
        let pkg = root.join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join(HASHED), "plain wasm").unwrap();
        std::fs::write(pkg.join(format!("{HASHED}.br")), "brotli wasm").unwrap();
        std::fs::write(pkg.join(format!("{HASHED}.gz")), "gzip wasm").unwrap();
        std::fs::write(pkg.join("cumulus.css"), "body {}").unwrap();
        Site(root)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn get(router: &axum::Router, path: &str, accept_encoding: Option<&str>) -> Reply {
    let mut req = Request::get(path);
    if let Some(enc) = accept_encoding {
        req = req.header(header::ACCEPT_ENCODING, enc);
    }
    send_to(router, req.body(Body::empty()).unwrap()).await
}

fn header(got: &Reply, name: header::HeaderName) -> &str {
    got.headers
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

#[tokio::test]
async fn hashed_files_are_immutable_and_sent_precompressed() {
    let site = Site::new();
    let t = TestDb::new(Engine::Sqlite).await;
    let options = LeptosOptions::builder()
        .output_name("cumulus")
        .site_root(site.0.to_str().unwrap())
        .site_pkg_dir("pkg")
        .build();
    let router = server::router(options, t.db.clone());
    let path = format!("/pkg/{HASHED}");

    let br = get(&router, &path, Some("gzip, deflate, br")).await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.body, "brotli wasm");
    assert_eq!(header(&br, header::CONTENT_ENCODING), "br");
    assert_eq!(
        header(&br, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&br, header::VARY), "accept-encoding");

    let gz = get(&router, &path, Some("gzip")).await;
    assert_eq!(gz.body, "gzip wasm");
    assert_eq!(header(&gz, header::CONTENT_ENCODING), "gzip");

    let plain = get(&router, &path, None).await;
    assert_eq!(plain.body, "plain wasm");
    assert_eq!(header(&plain, header::CONTENT_ENCODING), "");
    assert!(header(&plain, header::CACHE_CONTROL).contains("immutable"));

    // A name without a hash may change content under the same name: revalidated each time.
    let css = get(&router, "/pkg/cumulus.css", None).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.body, "body {}");
    assert_eq!(header(&css, header::CACHE_CONTROL), "no-cache");

    // Nothing is promised about a file that is not there.
    let missing = get(&router, "/pkg/cumulus.AAAAAAAAAAAAAAAAAAAAAA.wasm", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(header(&missing, header::CACHE_CONTROL), "");
}
