//! A stand-in for the compute, block-storage, network and image APIs, for tests: it answers
//! the calls `Cloud` makes with the request and response bodies of the official API
//! references, keeps its resources in memory per project, and records every call so tests can
//! assert what was asked (e.g. that nothing was deleted twice). Identity is never faked: tests
//! run a real Keystone and register this server's endpoints in it (`register`).
//!
//! Served under one loopback port:
//! - compute `{url}/compute/v2.1` (`/servers/detail`, `/servers/{id}`, `/servers/{id}/action`,
//!   `/os-keypairs`),
//! - volume `{url}/volume/v3/{project_id}` (`/volumes/detail`, `/volumes/{id}`); any project id
//!   is accepted, and the endpoint is registered as `…/volume/v3/%(project_id)s`, which Keystone
//!   fills with the token's project,
//! - network `{url}/network` (`/v2.0/networks`, `subnets`, `routers`, `ports`, …),
//! - image `{url}/image` (`/v2/images`).
//!
//! Like the real services: every request needs an `X-Auth-Token` (any value; 401 otherwise); a
//! DELETE of something absent answers 404; deleting a server deletes the ports bound to it;
//! deleting a network that still has ports answers 409 (NetworkInUse), a router with
//! interfaces 409 (RouterInUse), and a router interface port through the port API 409.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use reqwest::Method as ReqwestMethod;
use serde_json::{json, Value};

use crate::http::{encode, query, Service};

/// An identity call as the admin (test arrangements Cumulus itself never makes); its JSON
/// answer, `Null` when empty. Panics on failure.
async fn identity_admin(
    admin: &crate::Config,
    method: ReqwestMethod,
    path: String,
    body: Option<Value>,
) -> Value {
    let mut config = admin.clone();
    config.region_name = None;
    let cloud = crate::Cloud::new(config).expect("admin config");
    let answer = cloud
        .inner()
        .call(Service::Identity, method, &path, body.as_ref(), &[])
        .await
        .unwrap_or_else(|e| panic!("Keystone {path}: {e}"));
    if answer.body.is_empty() {
        Value::Null
    } else {
        answer.json().unwrap_or(Value::Null)
    }
}

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

/// The fake's server; it stops when dropped.
pub struct FakeCloud {
    shared: Arc<Shared>,
    url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeCloud {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Shared {
    url: String,
    state: Mutex<FakeState>,
}

#[derive(Default)]
struct FakeState {
    servers: Vec<FServer>,
    volumes: Vec<FVolume>,
    networks: Vec<FNetwork>,
    routers: Vec<FRouter>,
    ports: Vec<FPort>,
    images: Vec<FImage>,
    keypairs: Vec<FKeypair>,
    calls: Vec<Call>,
    /// Requests still to fail, and with which status.
    failures: (usize, u16),
    delay: Duration,
    page_size: Option<usize>,
    /// For MAC and IP addresses.
    counter: u32,
}

struct FServer {
    id: String,
    project_id: String,
    name: String,
    status: String,
    flavor: String,
    ipv4: String,
    image_id: String,
    created: String,
}

struct FVolume {
    id: String,
    project_id: String,
    name: String,
    size_gb: i32,
    created: String,
}

struct FNetwork {
    id: String,
    project_id: String,
    name: String,
    subnet_id: String,
    cidr: String,
    created: String,
}

struct FRouter {
    id: String,
    project_id: String,
    name: String,
    /// (external network id, external IP)
    gateway: Option<(String, String)>,
    created: String,
}

struct FPort {
    id: String,
    project_id: String,
    network_id: String,
    subnet_id: String,
    device_id: String,
    device_owner: String,
    mac: String,
    ip: Option<String>,
    created: String,
}

struct FImage {
    id: String,
    owner: String,
    name: String,
    created: String,
}

struct FKeypair {
    user_id: String,
    name: String,
    fingerprint: String,
    public_key: String,
}

/// The external network every fake router's gateway is on.
const EXTERNAL_NETWORK_ID: &str = "0e5c7a3d-6b1f-4e0a-9d7c-public000000";
const ROUTER_INTERFACE: &str = "network:router_interface";

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn now() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Host number `n` of an IPv4 CIDR (`10.0.0.0/24`, 1: `10.0.0.1`).
fn host_in(cidr: &str, n: u32) -> Option<String> {
    let (address, _) = cidr.split_once('/')?;
    let base: std::net::Ipv4Addr = address.parse().ok()?;
    Some(std::net::Ipv4Addr::from(u32::from(base).wrapping_add(n)).to_string())
}

fn flavor(name: &str) -> (i32, i32, i32) {
    match name {
        "m1.tiny" => (1, 512, 1),
        "m1.small" => (1, 2048, 20),
        "m1.medium" => (2, 4096, 40),
        "m1.large" => (4, 8192, 80),
        "m1.xlarge" => (8, 16384, 160),
        _ => (1, 1024, 10),
    }
}

impl FakeCloud {
    /// Serves on a free loopback port until dropped (on the current Tokio runtime).
    pub async fn start() -> FakeCloud {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("FakeCloud: no free loopback port");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let shared = Arc::new(Shared {
            url: url.clone(),
            state: Mutex::new(FakeState::default()),
        });
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeCloud { shared, url, task }
    }

    /// `http://127.0.0.1:<port>`
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// `(service type, public URL)` for compute, volumev3, network and image. The volume URL
    /// ends in Keystone's `%(project_id)s`, which Keystone fills with the token's project.
    pub fn endpoints(&self) -> Vec<(&'static str, String)> {
        vec![
            ("compute", format!("{}/compute/v2.1", self.url)),
            ("volumev3", format!("{}/volume/v3/%(project_id)s", self.url)),
            ("network", format!("{}/network", self.url)),
            ("image", format!("{}/image", self.url)),
        ]
    }

    /// Registers `region` and this server's endpoints (public interface) in the Keystone that
    /// `admin` authenticates against (idempotent: an existing region/service/endpoint is kept
    /// or updated). Services are found by type (the first of a type is used) and created when
    /// missing; only endpoints of `region` are created or changed. `admin` needs the admin role
    /// (its `region_name` is ignored). Panics when Keystone refuses.
    pub async fn register(&self, admin: &crate::Config, region: &str) {
        let mut config = admin.clone();
        config.region_name = None;
        let cloud = crate::Cloud::new(config).expect("FakeCloud::register: admin config");
        if let Err(error) = self.try_register(cloud.inner(), region).await {
            panic!("FakeCloud::register({region}): {error}");
        }
    }

    /// A new Keystone user (in `Default`) with a role on the project, as a client's own user
    /// would be: its keypairs are the project's. Returns the user's id.
    pub async fn add_project_user(admin: &crate::Config, project_id: &str, name: &str) -> String {
        let body = json!({"user": {"name": name, "domain_id": "default", "password": name}});
        let user = identity_admin(admin, ReqwestMethod::POST, "/users".into(), Some(body)).await;
        let user_id = user["user"]["id"].as_str().unwrap_or_default().to_string();
        Self::grant_role(admin, project_id, &user_id).await;
        user_id
    }

    /// Gives an existing user the `admin` role on the project.
    pub async fn grant_role(admin: &crate::Config, project_id: &str, user_id: &str) {
        let roles =
            identity_admin(admin, ReqwestMethod::GET, "/roles?name=admin".into(), None).await;
        let role = roles["roles"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let path = format!(
            "/projects/{}/users/{}/roles/{}",
            encode(project_id),
            encode(user_id),
            encode(&role)
        );
        identity_admin(admin, ReqwestMethod::PUT, path, None).await;
    }

    async fn try_register(
        &self,
        keystone: &crate::http::Inner,
        region: &str,
    ) -> Result<(), crate::Error> {
        let get = |path: String| async move {
            keystone
                .call(Service::Identity, ReqwestMethod::GET, &path, None, &[404])
                .await
        };
        let send = |method: ReqwestMethod, path: String, body: Value| async move {
            keystone
                .call(Service::Identity, method, &path, Some(&body), &[409])
                .await
        };
        if get(format!("/regions/{}", encode(region))).await?.status == 404 {
            let body =
                json!({"region": {"id": region, "description": "cumulus-openstack fake cloud"}});
            send(ReqwestMethod::POST, "/regions".into(), body).await?;
        }
        for (kind, url) in self.endpoints() {
            let services: Value = get(format!("/services{}", query(&[("type", kind)])))
                .await?
                .json()?;
            let existing = services["services"]
                .as_array()
                .and_then(|list| list.first())
                .and_then(|service| service["id"].as_str())
                .map(str::to_string);
            let service_id = match existing {
                Some(id) => id,
                None => {
                    let name = match kind {
                        "compute" => "nova",
                        "volumev3" => "cinderv3",
                        "network" => "neutron",
                        _ => "glance",
                    };
                    let body = json!({"service": {"type": kind, "name": name, "enabled": true}});
                    let created: Value = send(ReqwestMethod::POST, "/services".into(), body)
                        .await?
                        .json()?;
                    created["service"]["id"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string()
                }
            };
            let path = format!(
                "/endpoints{}",
                query(&[
                    ("service_id", &service_id),
                    ("region_id", region),
                    ("interface", "public")
                ])
            );
            let endpoints: Value = get(path).await?.json()?;
            let existing = endpoints["endpoints"].as_array().and_then(|list| {
                list.iter().find(|endpoint| {
                    endpoint["region_id"] == region && endpoint["interface"] == "public"
                })
            });
            match existing {
                Some(endpoint) if endpoint["url"] == url.as_str() => {}
                Some(endpoint) => {
                    let id = endpoint["id"].as_str().unwrap_or_default();
                    let body = json!({"endpoint": {"url": url, "enabled": true}});
                    send(
                        ReqwestMethod::PATCH,
                        format!("/endpoints/{}", encode(id)),
                        body,
                    )
                    .await?;
                }
                None => {
                    let body = json!({"endpoint": {
                        "service_id": service_id,
                        "region_id": region,
                        "interface": "public",
                        "url": url,
                        "enabled": true,
                    }});
                    send(ReqwestMethod::POST, "/endpoints".into(), body).await?;
                }
            }
        }
        Ok(())
    }

    fn state(&self) -> MutexGuard<'_, FakeState> {
        self.shared.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    // Seeding (ids are generated UUIDs, returned)

    /// An ACTIVE server of a flavor (`m1.tiny` … `m1.xlarge` have their usual sizes, other
    /// names 1 vCPU, 1 GiB, 10 GB) with `ipv4` on a network called `private`.
    pub fn add_server(&self, project_id: &str, name: &str, flavor: &str, ipv4: &str) -> String {
        let id = new_id();
        self.state().servers.push(FServer {
            id: id.clone(),
            project_id: project_id.into(),
            name: name.into(),
            status: "ACTIVE".into(),
            flavor: flavor.into(),
            ipv4: ipv4.into(),
            image_id: new_id(),
            created: now(),
        });
        id
    }

    pub fn add_volume(&self, project_id: &str, name: &str, size_gb: i32) -> String {
        let id = new_id();
        self.state().volumes.push(FVolume {
            id: id.clone(),
            project_id: project_id.into(),
            name: name.into(),
            size_gb,
            created: Utc::now().format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
        });
        id
    }

    /// With one subnet of `cidr`.
    pub fn add_network(&self, project_id: &str, name: &str, cidr: &str) -> String {
        let id = new_id();
        self.state().networks.push(FNetwork {
            id: id.clone(),
            project_id: project_id.into(),
            name: name.into(),
            subnet_id: new_id(),
            cidr: cidr.into(),
            created: now(),
        });
        id
    }

    /// With an external gateway (an IP in 203.0.113.0/24), and an interface port on
    /// `network_id` (its subnet's first address) when given.
    pub fn add_router(&self, project_id: &str, name: &str, network_id: Option<&str>) -> String {
        let id = new_id();
        let mut state = self.state();
        state.counter += 1;
        let external_ip = format!("203.0.113.{}", 1 + state.counter % 250);
        state.routers.push(FRouter {
            id: id.clone(),
            project_id: project_id.into(),
            name: name.into(),
            gateway: Some((EXTERNAL_NETWORK_ID.into(), external_ip)),
            created: now(),
        });
        if let Some(network_id) = network_id {
            state.add_port(project_id, network_id, &id, ROUTER_INTERFACE, Some(1));
        }
        id
    }

    /// A port on the network, bound to `device_id` (e.g. a server, device owner `compute:nova`)
    /// when given.
    pub fn add_port(&self, project_id: &str, network_id: &str, device_id: Option<&str>) -> String {
        let owner = if device_id.is_some() {
            "compute:nova"
        } else {
            ""
        };
        self.state()
            .add_port(project_id, network_id, device_id.unwrap_or(""), owner, None)
    }

    pub fn add_image(&self, project_id: &str, name: &str) -> String {
        let id = new_id();
        self.state().images.push(FImage {
            id: id.clone(),
            owner: project_id.into(),
            name: name.into(),
            created: now(),
        });
        id
    }

    pub fn add_keypair(&self, user_id: &str, name: &str) {
        let mut state = self.state();
        state.counter += 1;
        let n = state.counter;
        state.keypairs.push(FKeypair {
            user_id: user_id.into(),
            name: name.into(),
            fingerprint: format!(
                "{:02x}:{:02x}:{:02x}:{:02x}",
                n >> 24 & 255,
                n >> 16 & 255,
                n >> 8 & 255,
                n & 255
            ),
            public_key: format!("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake{n:08} {name}"),
        });
    }

    // Inspection and faults

    /// The ids (keypair: name) of one kind still present for the project (keypairs: user).
    pub fn ids(&self, kind: Kind, owner: &str) -> Vec<String> {
        let state = self.state();
        let pick = |project: &str, id: &str| (project == owner).then(|| id.to_string());
        match kind {
            Kind::Server => state
                .servers
                .iter()
                .filter_map(|s| pick(&s.project_id, &s.id))
                .collect(),
            Kind::Volume => state
                .volumes
                .iter()
                .filter_map(|v| pick(&v.project_id, &v.id))
                .collect(),
            Kind::Network => state
                .networks
                .iter()
                .filter_map(|n| pick(&n.project_id, &n.id))
                .collect(),
            Kind::Router => state
                .routers
                .iter()
                .filter_map(|r| pick(&r.project_id, &r.id))
                .collect(),
            Kind::Port => state
                .ports
                .iter()
                .filter_map(|p| pick(&p.project_id, &p.id))
                .collect(),
            Kind::Image => state
                .images
                .iter()
                .filter_map(|i| pick(&i.owner, &i.id))
                .collect(),
            Kind::Keypair => state
                .keypairs
                .iter()
                .filter_map(|k| pick(&k.user_id, &k.name))
                .collect(),
        }
    }

    /// A server's status (ACTIVE, SHUTOFF, ...).
    pub fn server_status(&self, id: &str) -> Option<String> {
        self.state()
            .servers
            .iter()
            .find(|server| server.id == id)
            .map(|server| server.status.clone())
    }

    pub fn calls(&self) -> Vec<Call> {
        self.state().calls.clone()
    }

    /// The statuses of every DELETE of a path ending in `id`.
    pub fn deletes_of(&self, id: &str) -> Vec<u16> {
        self.state()
            .calls
            .iter()
            .filter(|call| call.method == "DELETE" && call.path.ends_with(id))
            .map(|call| call.status)
            .collect()
    }

    /// The next `n` requests (of any kind) answer `status` (e.g. 503) without effect.
    pub fn fail_next(&self, n: usize, status: u16) {
        self.state().failures = (n, status);
    }

    /// Every request waits this long before it is answered.
    pub fn set_delay(&self, delay: Duration) {
        self.state().delay = delay;
    }

    /// Lists of servers, volumes and images answer at most `n` items per page, with a link to
    /// the next page (the services' defaults: Nova and Cinder 1000, Glance 25).
    pub fn set_page_size(&self, n: usize) {
        self.state().page_size = Some(n.max(1));
    }
}

impl FakeState {
    fn add_port(
        &mut self,
        project_id: &str,
        network_id: &str,
        device_id: &str,
        device_owner: &str,
        host: Option<u32>,
    ) -> String {
        self.counter += 1;
        let n = self.counter;
        let network = self.networks.iter().find(|net| net.id == network_id);
        let ip = network.and_then(|net| host_in(&net.cidr, host.unwrap_or(10 + n % 200)));
        let id = new_id();
        self.ports.push(FPort {
            id: id.clone(),
            project_id: project_id.into(),
            network_id: network_id.into(),
            subnet_id: network.map(|net| net.subnet_id.clone()).unwrap_or_default(),
            device_id: device_id.into(),
            device_owner: device_owner.into(),
            mac: format!(
                "fa:16:3e:{:02x}:{:02x}:{:02x}",
                n >> 16 & 255,
                n >> 8 & 255,
                n & 255
            ),
            ip,
            created: now(),
        });
        id
    }
}

/// What the handler answers: a status and a JSON body, plain text, or nothing.
enum Body {
    Json(Value),
    Text(String),
    Empty,
}

type Reply = (u16, Body);

fn json_reply(status: u16, value: Value) -> Reply {
    (status, Body::Json(value))
}

/// An error in the shape the service answers it.
fn error(service: &str, status: u16, message: &str) -> Reply {
    if status == 401 {
        return json_reply(
            401,
            json!({"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}),
        );
    }
    match service {
        "network" => {
            let kind = match status {
                404 => "NotFound",
                409 => "Conflict",
                400 => "BadRequest",
                _ => "ServiceUnavailable",
            };
            json_reply(
                status,
                json!({"NeutronError": {"type": kind, "message": message, "detail": ""}}),
            )
        }
        "image" => {
            let reason = StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Error");
            (
                status,
                Body::Text(format!("{status} {reason}\n\n{message}\n\n   ")),
            )
        }
        _ => {
            let key = match status {
                400 => "badRequest",
                404 => "itemNotFound",
                409 => "conflictingRequest",
                503 => "serviceUnavailable",
                _ => "computeFault",
            };
            json_reply(status, json!({ key: {"code": status, "message": message} }))
        }
    }
}

/// Percent-decoding for paths and queries (`+` is a space in queries).
fn decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key, true), decode(value, true))
        })
        .collect()
}

struct Request<'a> {
    method: &'a Method,
    segments: Vec<String>,
    query: Vec<(String, String)>,
    body: Value,
}

impl Request<'_> {
    fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn route(&self) -> (&Method, Vec<&str>) {
        (
            self.method,
            self.segments.iter().map(String::as_str).collect(),
        )
    }
}

/// Splits `/compute/v2.1/servers/x` into the service and the path after its prefix.
fn split_service(path: &str) -> (&'static str, String) {
    let strip = |prefix: &str| {
        path.strip_prefix(prefix)
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
            .map(str::to_string)
    };
    if let Some(rest) = strip("/compute/v2.1") {
        return ("compute", rest);
    }
    if let Some(rest) = strip("/volume/v3") {
        // `/{project_id}/volumes/...`
        let after_project = rest
            .trim_start_matches('/')
            .split_once('/')
            .map(|(_, tail)| format!("/{tail}"))
            .unwrap_or_default();
        return ("volume", after_project);
    }
    if let Some(rest) = strip("/network") {
        return ("network", rest);
    }
    if let Some(rest) = strip("/image") {
        return ("image", rest);
    }
    ("", path.to_string())
}

/// Every request is answered in a task of its own: like a real service, the fake finishes (and
/// records) a request whose client gave up waiting.
async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    tokio::spawn(answer(shared, method, uri, headers, body))
        .await
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

async fn answer(
    shared: Arc<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let delay = shared.state.lock().unwrap_or_else(|p| p.into_inner()).delay;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let (service, path) = split_service(uri.path());
    let request = Request {
        method: &method,
        segments: path
            .trim_start_matches('/')
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(|segment| decode(segment, false))
            .collect(),
        query: query_pairs(uri.query()),
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    };
    let has_token = headers
        .get("x-auth-token")
        .is_some_and(|token| !token.is_empty());
    let (status, body) = {
        let mut state = shared.state.lock().unwrap_or_else(|p| p.into_inner());
        let reply = if state.failures.0 > 0 {
            state.failures.0 -= 1;
            let status = state.failures.1;
            error(
                service,
                status,
                "The fake cloud was told to fail this request.",
            )
        } else if !has_token {
            error(service, 401, "")
        } else {
            match service {
                "compute" => state.compute(&shared.url, &request),
                "volume" => state.volume(&request),
                "network" => state.network(&request),
                "image" => state.image(&request),
                _ => error(service, 404, "The resource could not be found."),
            }
        };
        state.calls.push(Call {
            method: method.to_string(),
            path,
            status: reply.0,
        });
        reply
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match body {
        Body::Json(value) => (status, axum::Json(value)).into_response(),
        Body::Text(text) => (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=UTF-8")],
            text,
        )
            .into_response(),
        Body::Empty => status.into_response(),
    }
}

/// One page of `items` after `marker`, at most `limit` long, and whether more follow.
fn page<'a, T>(
    items: Vec<&'a T>,
    id: impl Fn(&T) -> &str,
    marker: Option<&str>,
    limit: usize,
) -> (Vec<&'a T>, bool) {
    let start = marker
        .and_then(|marker| {
            items
                .iter()
                .position(|item| id(item) == marker)
                .map(|i| i + 1)
        })
        .unwrap_or(0);
    let rest: Vec<&T> = items.into_iter().skip(start).collect();
    let more = rest.len() > limit;
    (rest.into_iter().take(limit).collect(), more)
}

impl FakeState {
    fn limit(&self, request: &Request, default: usize) -> usize {
        let asked = request.param("limit").and_then(|l| l.parse::<usize>().ok());
        let most = self.page_size.unwrap_or(default);
        asked.map_or(most, |asked| asked.clamp(1, most))
    }

    fn compute(&mut self, url: &str, request: &Request) -> Reply {
        let not_found = |what: &str| error("compute", 404, &format!("{what} could not be found."));
        let (method, route) = request.route();
        match (method, route.as_slice()) {
            (&Method::GET, ["servers", "detail"]) => {
                let project = request.param("project_id");
                let servers: Vec<&FServer> = self
                    .servers
                    .iter()
                    .filter(|s| project.is_none_or(|p| s.project_id == p))
                    .collect();
                let limit = self.limit(request, 1000);
                let (servers, more) = page(servers, |s| &s.id, request.param("marker"), limit);
                let mut body = json!({"servers": servers.iter().map(|s| server_json(url, s)).collect::<Vec<_>>()});
                if more {
                    let mut pairs: Vec<(&str, &str)> = request
                        .query
                        .iter()
                        .filter(|(key, _)| key != "marker" && key != "limit")
                        .map(|(key, value)| (key.as_str(), value.as_str()))
                        .collect();
                    let limit_text = limit.to_string();
                    let last = servers.last().map(|s| s.id.clone()).unwrap_or_default();
                    pairs.push(("limit", &limit_text));
                    pairs.push(("marker", &last));
                    body["servers_links"] = json!([{
                        "rel": "next",
                        "href": format!("{url}/compute/v2.1/servers/detail{}", query(&pairs)),
                    }]);
                }
                json_reply(200, body)
            }
            (&Method::GET, ["servers", id]) => match self.servers.iter().find(|s| s.id == *id) {
                Some(server) => json_reply(200, json!({"server": server_json(url, server)})),
                None => not_found(&format!("Instance {id}")),
            },
            (&Method::POST, ["servers", id, "action"]) => {
                let Some(server) = self.servers.iter_mut().find(|s| s.id == *id) else {
                    return not_found(&format!("Instance {id}"));
                };
                let (action, from, to) = if request.body.get("os-stop").is_some() {
                    ("stop", "ACTIVE", "SHUTOFF")
                } else if request.body.get("os-start").is_some() {
                    ("start", "SHUTOFF", "ACTIVE")
                } else if request.body.get("suspend").is_some() {
                    ("suspend", "ACTIVE", "SUSPENDED")
                } else if request.body.get("resume").is_some() {
                    ("resume", "SUSPENDED", "ACTIVE")
                } else {
                    return error("compute", 400, "There is no such action in this fake.");
                };
                if server.status != from {
                    let state = server.status.to_lowercase();
                    return error(
                        "compute",
                        409,
                        &format!("Cannot '{action}' instance {id} while it is in vm_state {state}"),
                    );
                }
                server.status = to.into();
                (202, Body::Empty)
            }
            (&Method::DELETE, ["servers", id]) => {
                let before = self.servers.len();
                self.servers.retain(|s| s.id != *id);
                if self.servers.len() == before {
                    return not_found(&format!("Instance {id}"));
                }
                // Nova deletes the ports it bound to the server.
                self.ports.retain(|p| p.device_id != *id);
                (204, Body::Empty)
            }
            (&Method::GET, ["os-keypairs"]) => {
                let user = request.param("user_id").unwrap_or("");
                let keypairs: Vec<Value> = self
                    .keypairs
                    .iter()
                    .filter(|k| k.user_id == user)
                    .map(|k| {
                        json!({"keypair": {
                            "name": k.name,
                            "type": "ssh",
                            "fingerprint": k.fingerprint,
                            "public_key": k.public_key,
                        }})
                    })
                    .collect();
                json_reply(200, json!({"keypairs": keypairs, "keypairs_links": []}))
            }
            (&Method::DELETE, ["os-keypairs", name]) => {
                let user = request.param("user_id").unwrap_or("");
                let before = self.keypairs.len();
                self.keypairs
                    .retain(|k| !(k.user_id == user && k.name == *name));
                if self.keypairs.len() == before {
                    return not_found(&format!("Keypair {name}"));
                }
                (202, Body::Empty)
            }
            _ => error("compute", 404, "The resource could not be found."),
        }
    }

    fn volume(&mut self, request: &Request) -> Reply {
        let (method, route) = request.route();
        match (method, route.as_slice()) {
            (&Method::GET, ["volumes", "detail"]) => {
                let project = request.param("project_id");
                let volumes: Vec<Value> = self
                    .volumes
                    .iter()
                    .filter(|v| project.is_none_or(|p| v.project_id == p))
                    .map(|v| {
                        json!({
                            "id": v.id,
                            "name": v.name,
                            "status": "available",
                            "size": v.size_gb,
                            "volume_type": "__DEFAULT__",
                            "bootable": "false",
                            "attachments": [],
                            "os-vol-tenant-attr:tenant_id": v.project_id,
                            "created_at": v.created,
                            "updated_at": null,
                        })
                    })
                    .collect();
                json_reply(200, json!({"volumes": volumes}))
            }
            (&Method::DELETE, ["volumes", id]) => {
                let before = self.volumes.len();
                self.volumes.retain(|v| v.id != *id);
                if self.volumes.len() == before {
                    return error("volume", 404, &format!("Volume {id} could not be found."));
                }
                (202, Body::Empty)
            }
            _ => error("volume", 404, "The resource could not be found."),
        }
    }

    fn network(&mut self, request: &Request) -> Reply {
        let (method, route) = request.route();
        let Some(("v2.0", route)) = route.split_first().map(|(v, rest)| (*v, rest)) else {
            return error("network", 404, "The resource could not be found.");
        };
        let project = request.param("project_id");
        let mine = |owner: &str| project.is_none_or(|p| owner == p);
        match (method, route) {
            (&Method::GET, ["networks"]) => {
                let networks: Vec<Value> = self
                    .networks
                    .iter()
                    .filter(|n| mine(&n.project_id))
                    .map(|n| {
                        json!({
                            "id": n.id,
                            "name": n.name,
                            "status": "ACTIVE",
                            "admin_state_up": true,
                            "shared": false,
                            "router:external": false,
                            "subnets": [n.subnet_id],
                            "project_id": n.project_id,
                            "tenant_id": n.project_id,
                            "created_at": n.created,
                        })
                    })
                    .collect();
                json_reply(200, json!({"networks": networks}))
            }
            (&Method::GET, ["subnets"]) => {
                let subnets: Vec<Value> = self
                    .networks
                    .iter()
                    .filter(|n| mine(&n.project_id))
                    .map(|n| {
                        json!({
                            "id": n.subnet_id,
                            "name": format!("{}-subnet", n.name),
                            "network_id": n.id,
                            "ip_version": 4,
                            "cidr": n.cidr,
                            "gateway_ip": host_in(&n.cidr, 1),
                            "enable_dhcp": true,
                            "project_id": n.project_id,
                            "tenant_id": n.project_id,
                            "created_at": n.created,
                        })
                    })
                    .collect();
                json_reply(200, json!({"subnets": subnets}))
            }
            (&Method::GET, ["routers"]) => {
                let routers: Vec<Value> = self
                    .routers
                    .iter()
                    .filter(|r| mine(&r.project_id))
                    .map(router_json)
                    .collect();
                json_reply(200, json!({"routers": routers}))
            }
            (&Method::GET, ["routers", id]) => match self.routers.iter().find(|r| r.id == *id) {
                Some(router) => json_reply(200, json!({"router": router_json(router)})),
                None => error("network", 404, &format!("Router {id} could not be found.")),
            },
            (&Method::PUT, ["routers", id]) => {
                let Some(router) = self.routers.iter_mut().find(|r| r.id == *id) else {
                    return error("network", 404, &format!("Router {id} could not be found."));
                };
                if let Some(info) = request.body["router"].get("external_gateway_info") {
                    if info.get("network_id").is_none() {
                        router.gateway = None;
                    }
                }
                json_reply(200, json!({"router": router_json(router)}))
            }
            (&Method::PUT, ["routers", id, "remove_router_interface"]) => {
                if !self.routers.iter().any(|r| r.id == *id) {
                    return error("network", 404, &format!("Router {id} could not be found."));
                }
                let port_id = request.body["port_id"].as_str().unwrap_or("");
                let Some(index) = self
                    .ports
                    .iter()
                    .position(|p| p.id == port_id && p.device_id == *id)
                else {
                    return error(
                        "network",
                        404,
                        &format!("Router {id} does not have an interface with id {port_id}"),
                    );
                };
                let port = self.ports.remove(index);
                json_reply(
                    200,
                    json!({
                        "id": id,
                        "port_id": port.id,
                        "subnet_id": port.subnet_id,
                        "subnet_ids": [port.subnet_id],
                        "network_id": port.network_id,
                        "project_id": port.project_id,
                        "tenant_id": port.project_id,
                    }),
                )
            }
            (&Method::GET, ["ports"]) => {
                let device = request.param("device_id");
                let network = request.param("network_id");
                let ports: Vec<Value> = self
                    .ports
                    .iter()
                    .filter(|p| mine(&p.project_id))
                    .filter(|p| device.is_none_or(|d| p.device_id == d))
                    .filter(|p| network.is_none_or(|n| p.network_id == n))
                    .map(|p| json!({
                        "id": p.id,
                        "name": "",
                        "network_id": p.network_id,
                        "device_id": p.device_id,
                        "device_owner": p.device_owner,
                        "mac_address": p.mac,
                        "fixed_ips": p.ip.iter().map(|ip| json!({"subnet_id": p.subnet_id, "ip_address": ip})).collect::<Vec<_>>(),
                        "status": if p.device_id.is_empty() { "DOWN" } else { "ACTIVE" },
                        "admin_state_up": true,
                        "project_id": p.project_id,
                        "tenant_id": p.project_id,
                        "created_at": p.created,
                    }))
                    .collect();
                json_reply(200, json!({"ports": ports}))
            }
            (&Method::DELETE, ["networks", id]) => {
                if !self.networks.iter().any(|n| n.id == *id) {
                    return error("network", 404, &format!("Network {id} could not be found."));
                }
                if self.ports.iter().any(|p| p.network_id == *id) {
                    return error(
                        "network",
                        409,
                        &format!("Unable to complete operation on network {id}. There are one or more ports still in use on the network."),
                    );
                }
                self.networks.retain(|n| n.id != *id);
                (204, Body::Empty)
            }
            (&Method::DELETE, ["routers", id]) => {
                if !self.routers.iter().any(|r| r.id == *id) {
                    return error("network", 404, &format!("Router {id} could not be found."));
                }
                if self.ports.iter().any(|p| p.device_id == *id) {
                    return error("network", 409, &format!("Router {id} still has ports"));
                }
                self.routers.retain(|r| r.id != *id);
                (204, Body::Empty)
            }
            (&Method::DELETE, ["ports", id]) => {
                let Some(port) = self.ports.iter().find(|p| p.id == *id) else {
                    return error("network", 404, &format!("Port {id} could not be found."));
                };
                if port.device_owner.starts_with(ROUTER_INTERFACE) {
                    return error(
                        "network",
                        409,
                        &format!("Port {id} cannot be deleted directly via the port API: has device owner {}.", port.device_owner),
                    );
                }
                self.ports.retain(|p| p.id != *id);
                (204, Body::Empty)
            }
            _ => error("network", 404, "The resource could not be found."),
        }
    }

    fn image(&mut self, request: &Request) -> Reply {
        let (method, route) = request.route();
        match (method, route.as_slice()) {
            (&Method::GET, ["v2", "images"]) => {
                let owner = request.param("owner");
                let images: Vec<&FImage> = self
                    .images
                    .iter()
                    .filter(|i| owner.is_none_or(|o| i.owner == o))
                    .collect();
                let limit = self.limit(request, 25);
                let (images, more) = page(images, |i| &i.id, request.param("marker"), limit);
                let mut body = json!({
                    "images": images.iter().map(|i| json!({
                        "id": i.id,
                        "name": i.name,
                        "status": "active",
                        "visibility": "private",
                        "owner": i.owner,
                        "os_distro": "ubuntu",
                        "min_disk": 10,
                        "min_ram": 0,
                        "disk_format": "qcow2",
                        "container_format": "bare",
                        "size": 2_361_393_152_u64,
                        "tags": [],
                        "created_at": i.created,
                        "updated_at": i.created,
                        "self": format!("/v2/images/{}", i.id),
                    })).collect::<Vec<_>>(),
                    "first": "/v2/images",
                    "schema": "/v2/schemas/images",
                });
                if more {
                    let last = images.last().map(|i| i.id.clone()).unwrap_or_default();
                    let mut pairs = vec![("limit", limit.to_string()), ("marker", last)];
                    if let Some(owner) = owner {
                        pairs.insert(0, ("owner", owner.to_string()));
                    }
                    let pairs: Vec<(&str, &str)> =
                        pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    body["next"] = json!(format!("/v2/images{}", query(&pairs)));
                }
                json_reply(200, body)
            }
            (&Method::DELETE, ["v2", "images", id]) => {
                let before = self.images.len();
                self.images.retain(|i| i.id != *id);
                if self.images.len() == before {
                    return error("image", 404, &format!("No image found with ID {id}"));
                }
                (204, Body::Empty)
            }
            _ => error("image", 404, "The resource could not be found."),
        }
    }
}

fn server_json(url: &str, s: &FServer) -> Value {
    let (vcpus, ram, disk) = flavor(&s.flavor);
    let power_state = if s.status == "ACTIVE" { 1 } else { 4 };
    json!({
        "id": s.id,
        "name": s.name,
        "status": s.status,
        "tenant_id": s.project_id,
        "user_id": "fake-user",
        "flavor": {
            "original_name": s.flavor,
            "vcpus": vcpus,
            "ram": ram,
            "disk": disk,
            "ephemeral": 0,
            "swap": 0,
            "extra_specs": {},
        },
        "image": {"id": s.image_id, "links": []},
        "addresses": {
            "private": [{
                "addr": s.ipv4,
                "version": 4,
                "OS-EXT-IPS:type": "fixed",
                "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:00:00:01",
            }]
        },
        "OS-EXT-SRV-ATTR:hypervisor_hostname": "fake-compute-1",
        "OS-EXT-STS:vm_state": if s.status == "ACTIVE" { "active" } else { "stopped" },
        "OS-EXT-STS:power_state": power_state,
        "created": s.created,
        "updated": s.created,
        "links": [{"rel": "self", "href": format!("{url}/compute/v2.1/servers/{}", s.id)}],
    })
}

fn router_json(r: &FRouter) -> Value {
    let gateway = r.gateway.as_ref().map(|(network_id, ip)| {
        json!({
            "network_id": network_id,
            "enable_snat": true,
            "external_fixed_ips": [{"subnet_id": "public-subnet", "ip_address": ip}],
        })
    });
    json!({
        "id": r.id,
        "name": r.name,
        "status": "ACTIVE",
        "admin_state_up": true,
        "external_gateway_info": gateway,
        "project_id": r.project_id,
        "tenant_id": r.project_id,
        "created_at": r.created,
    })
}
