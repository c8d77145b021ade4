//! A real cloud for the stories: the Keystone that `scripts/test` runs (`TEST_KEYSTONE_URL`)
//! with a fake compute/volume/network/image server registered in it under a region of its own,
//! so stories running side by side never see each other's endpoints.

use cumulus_openstack::fake::FakeCloud;
use cumulus_openstack::{Cloud, Config};
use domain::openstack::CloudOpenStack;
use sea_orm::DatabaseConnection;
use std::time::Duration;

pub struct TestCloud {
    pub fake: FakeCloud,
    pub config: Config,
}

/// The Keystone admin, as `scripts/test` set it up.
pub fn admin_config(region: Option<&str>) -> Config {
    let url = std::env::var("TEST_KEYSTONE_URL")
        .expect("cloud stories need a Keystone at TEST_KEYSTONE_URL; scripts/test starts one");
    Config {
        auth_url: url,
        username: "admin".into(),
        password: std::env::var("TEST_KEYSTONE_PASSWORD").unwrap_or_default(),
        project_name: "admin".into(),
        user_domain_name: "Default".into(),
        project_domain_name: "Default".into(),
        region_name: region.map(str::to_owned),
        timeout: Duration::from_secs(10),
        attempts: 2,
        backoff: Duration::from_millis(20),
    }
}

impl TestCloud {
    pub async fn start() -> TestCloud {
        let fake = FakeCloud::start().await;
        let port = fake.url().rsplit(':').next().unwrap_or_default().to_owned();
        let region = format!("app-{}-{port}", std::process::id());
        let config = admin_config(Some(&region));
        fake.register(&config, &region).await;
        TestCloud { fake, config }
    }

    /// The client as the admin (to arrange and to read back what Cumulus did).
    pub fn admin(&self) -> Cloud {
        Cloud::new(self.config.clone()).unwrap()
    }

    pub fn openstack(&self, db: &DatabaseConnection) -> CloudOpenStack {
        CloudOpenStack::new(db.clone(), self.config.clone()).unwrap()
    }
}
