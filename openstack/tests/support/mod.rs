//! What the integration tests share: the real Keystone that `scripts/lib.sh ensure_keystone`
//! starts (`TEST_KEYSTONE_URL`, `TEST_KEYSTONE_PASSWORD`), admin configurations, and fake
//! clouds registered in it under regions of their own.

#![allow(dead_code)]

use std::time::Duration;

use cumulus_openstack::fake::FakeCloud;
use cumulus_openstack::{Cloud, Config};
use serde_json::{json, Value};

pub fn keystone_url() -> String {
    std::env::var("TEST_KEYSTONE_URL")
        .ok()
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| {
            panic!(
                "Keystone tests need TEST_KEYSTONE_URL; scripts/test starts one \
             (or: source scripts/lib.sh; ensure_keystone)"
            )
        })
}

pub fn keystone_password() -> String {
    std::env::var("TEST_KEYSTONE_PASSWORD").unwrap_or_else(|_| {
        panic!("Keystone tests need TEST_KEYSTONE_PASSWORD; scripts/test sets it")
    })
}

/// The bootstrap admin (`admin` in project `admin`, domain `Default`), short back-off.
pub fn admin_config(region: Option<&str>) -> Config {
    Config {
        auth_url: keystone_url(),
        username: "admin".into(),
        password: keystone_password(),
        project_name: "admin".into(),
        user_domain_name: "Default".into(),
        project_domain_name: "Default".into(),
        region_name: region.map(str::to_string),
        timeout: Duration::from_secs(10),
        attempts: 3,
        backoff: Duration::from_millis(50),
    }
}

/// A name no other test (binary, run) uses: `<prefix>-<binary>-<tag>-<pid>`.
pub fn unique(prefix: &str, tag: &str) -> String {
    let exe = std::env::current_exe().unwrap();
    let stem = exe.file_stem().unwrap().to_string_lossy().to_string();
    // Cargo names test binaries `<name>-<hash>`.
    let binary = stem
        .rsplit_once('-')
        .map_or(stem.as_str(), |(name, _)| name);
    format!("{prefix}-{binary}-{tag}-{}", std::process::id())
}

/// A fake cloud registered in the test Keystone under a region of its own, and an admin client
/// for that region.
pub async fn fake_cloud(tag: &str) -> (FakeCloud, Cloud, String) {
    let region = unique("test", tag);
    forget_dead_test_regions().await;
    let fake = FakeCloud::start().await;
    fake.register(&admin_config(None), &region).await;
    let cloud = Cloud::new(admin_config(Some(&region))).unwrap();
    (fake, cloud, region)
}

/// The admin's token and its user and project ids, asked directly.
pub async fn admin_token() -> (String, String, String) {
    let url = format!("{}/auth/tokens", keystone_url().trim_end_matches('/'));
    let body = json!({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": "admin", "domain": {"name": "Default"}, "password": keystone_password()
        }}},
        "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}
    }});
    let response = reqwest::Client::new()
        .post(&url)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201, "admin authentication");
    let token = response.headers()["x-subject-token"]
        .to_str()
        .unwrap()
        .to_string();
    let body: Value = response.json().await.unwrap();
    let user = body["token"]["user"]["id"].as_str().unwrap().to_string();
    let project = body["token"]["project"]["id"].as_str().unwrap().to_string();
    (token, user, project)
}

/// Removes the endpoints and regions that earlier test processes (now gone) registered, so the
/// test Keystone's catalog does not grow run after run. Best effort.
async fn forget_dead_test_regions() {
    let (token, _, _) = admin_token().await;
    let base = keystone_url().trim_end_matches('/').to_string();
    let http = reqwest::Client::new();
    let Ok(response) = http
        .get(format!("{base}/endpoints"))
        .header("X-Auth-Token", &token)
        .send()
        .await
    else {
        return;
    };
    let Ok(endpoints) = response.json::<Value>().await else {
        return;
    };
    let dead = |region: &str| {
        region.starts_with("test-")
            && region
                .rsplit_once('-')
                .and_then(|(_, pid)| pid.parse::<u32>().ok())
                .is_some_and(|pid| !std::path::Path::new(&format!("/proc/{pid}")).exists())
    };
    let mut regions = Vec::new();
    for endpoint in endpoints["endpoints"].as_array().into_iter().flatten() {
        let region = endpoint["region_id"].as_str().unwrap_or_default();
        if dead(region) {
            let id = endpoint["id"].as_str().unwrap_or_default();
            let _ = http
                .delete(format!("{base}/endpoints/{id}"))
                .header("X-Auth-Token", &token)
                .send()
                .await;
            regions.push(region.to_string());
        }
    }
    regions.sort();
    regions.dedup();
    for region in regions {
        let _ = http
            .delete(format!("{base}/regions/{region}"))
            .header("X-Auth-Token", &token)
            .send()
            .await;
    }
}
