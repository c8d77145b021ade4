//! A stand-in for the compute, block-storage, network and image APIs, for tests: it answers
//! the calls `Cloud` makes with the request and response bodies of the official API
//! references, keeps its resources in memory per project, and records every call so tests can
//! assert what was asked (e.g. that nothing was deleted twice). Identity is never faked: tests
//! run a real Keystone and register this server's endpoints in it (`register`).

use std::time::Duration;

/// One recorded request and the status it was answered with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub method: String,
    /// The path after the service prefix, e.g. `/servers/<id>` (no query).
    pub path: String,
    pub status: u16,
}

/// The kinds the fake keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Server,
    Volume,
    Network,
    Router,
    Port,
    Image,
    Keypair,
}

pub struct FakeCloud {
    _private: (),
}

#[allow(unused_variables)]
impl FakeCloud {
    /// Serves on a free loopback port until dropped.
    pub async fn start() -> FakeCloud {
        todo!()
    }
    /// `http://127.0.0.1:<port>`
    pub fn url(&self) -> String {
        todo!()
    }
    /// `(service type, public URL)` for compute, volumev3, network and image.
    pub fn endpoints(&self) -> Vec<(&'static str, String)> {
        todo!()
    }
    /// Registers `region` and this server's endpoints (public interface) in the Keystone that
    /// `admin` authenticates against (idempotent: an existing region/service/endpoint is kept
    /// or updated).
    pub async fn register(&self, admin: &crate::Config, region: &str) {
        todo!()
    }

    // Seeding (ids are generated UUIDs, returned)
    pub fn add_server(&self, project_id: &str, name: &str, flavor: &str, ipv4: &str) -> String {
        todo!()
    }
    pub fn add_volume(&self, project_id: &str, name: &str, size_gb: i32) -> String {
        todo!()
    }
    /// With one subnet of `cidr`.
    pub fn add_network(&self, project_id: &str, name: &str, cidr: &str) -> String {
        todo!()
    }
    /// With an interface port on `network_id` when given.
    pub fn add_router(&self, project_id: &str, name: &str, network_id: Option<&str>) -> String {
        todo!()
    }
    /// A port on the network, bound to `device_id` (e.g. a server) when given.
    pub fn add_port(&self, project_id: &str, network_id: &str, device_id: Option<&str>) -> String {
        todo!()
    }
    pub fn add_image(&self, project_id: &str, name: &str) -> String {
        todo!()
    }
    pub fn add_keypair(&self, user_id: &str, name: &str) {
        todo!()
    }

    // Inspection and faults
    /// The ids (keypair: name) of one kind still present for the project (keypairs: user).
    pub fn ids(&self, kind: Kind, owner: &str) -> Vec<String> {
        todo!()
    }
    /// A server's status (ACTIVE, SHUTOFF, ...).
    pub fn server_status(&self, id: &str) -> Option<String> {
        todo!()
    }
    pub fn calls(&self) -> Vec<Call> {
        todo!()
    }
    /// The statuses of every DELETE of a path ending in `id`.
    pub fn deletes_of(&self, id: &str) -> Vec<u16> {
        todo!()
    }
    /// The next `n` requests (of any kind) answer `status` (e.g. 503) without effect.
    pub fn fail_next(&self, n: usize, status: u16) {
        todo!()
    }
    /// Every request waits this long before it is answered.
    pub fn set_delay(&self, delay: Duration) {
        todo!()
    }
}
