//! The JSON shapes the client reads (only the fields it uses), and their conversion to the
//! crate's types.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use crate::*;

/// OpenStack's timestamps: RFC 3339 (`2026-11-01T12:00:00Z`), or without a zone as Cinder
/// writes them (`2026-11-01T12:00:00.000000`, UTC).
pub(crate) fn time(text: Option<&str>) -> Option<DateTime<Utc>> {
    let text = text?.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
        .ok()
        .map(|naive| naive.and_utc())
}

/// A `null` read as the default.
fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

// Keystone

#[derive(Deserialize)]
pub(crate) struct ProjectBody {
    pub(crate) project: WProject,
}

#[derive(Deserialize)]
pub(crate) struct ProjectsBody {
    pub(crate) projects: Vec<WProject>,
}

#[derive(Deserialize)]
pub(crate) struct WProject {
    id: String,
    #[serde(default, deserialize_with = "nullable")]
    name: String,
    #[serde(default, deserialize_with = "nullable")]
    domain_id: String,
    #[serde(default)]
    enabled: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    tags: Vec<String>,
}

impl From<WProject> for Project {
    /// Tags sorted: Keystone keeps them as a set and answers them in varying order.
    fn from(mut p: WProject) -> Project {
        p.tags.sort();
        Project {
            id: p.id,
            name: p.name,
            domain_id: p.domain_id,
            enabled: p.enabled.unwrap_or(true),
            tags: p.tags,
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct RoleAssignmentsBody {
    pub(crate) role_assignments: Vec<WRoleAssignment>,
}

#[derive(Deserialize)]
pub(crate) struct WRoleAssignment {
    #[serde(default)]
    pub(crate) user: Option<IdOnly>,
}

#[derive(Deserialize)]
pub(crate) struct IdOnly {
    pub(crate) id: String,
}

// Nova

#[derive(Deserialize)]
pub(crate) struct Link {
    #[serde(default)]
    pub(crate) rel: String,
    #[serde(default)]
    pub(crate) href: String,
}

#[derive(Deserialize)]
pub(crate) struct ServersPage {
    #[serde(default)]
    pub(crate) servers: Vec<WServer>,
    #[serde(default, deserialize_with = "nullable")]
    pub(crate) servers_links: Vec<Link>,
}

#[derive(Deserialize)]
pub(crate) struct WServer {
    id: String,
    #[serde(default, deserialize_with = "nullable")]
    name: String,
    #[serde(default, deserialize_with = "nullable")]
    status: String,
    #[serde(default)]
    flavor: Option<WFlavor>,
    /// `{"id": ..}`, or `""` for a server booted from a volume.
    #[serde(default)]
    image: Value,
    #[serde(rename = "OS-EXT-SRV-ATTR:hypervisor_hostname", default)]
    hypervisor: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    addresses: BTreeMap<String, Vec<WAddress>>,
    #[serde(default)]
    created: Option<String>,
}

#[derive(Deserialize)]
struct WFlavor {
    #[serde(default)]
    original_name: Option<String>,
    #[serde(default)]
    vcpus: Option<i32>,
    #[serde(default)]
    ram: Option<i32>,
    #[serde(default)]
    disk: Option<i32>,
}

#[derive(Deserialize)]
struct WAddress {
    #[serde(default)]
    addr: String,
    #[serde(default)]
    version: Option<u8>,
}

impl From<WServer> for Server {
    fn from(s: WServer) -> Server {
        let flavor = s.flavor.unwrap_or(WFlavor {
            original_name: None,
            vcpus: None,
            ram: None,
            disk: None,
        });
        let image_id = s
            .image
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .map(str::to_string);
        let ipv4 = s
            .addresses
            .values()
            .flatten()
            .find(|address| {
                address.version == Some(4)
                    || (address.version.is_none()
                        && address.addr.parse::<std::net::Ipv4Addr>().is_ok())
            })
            .map(|address| address.addr.clone());
        Server {
            id: s.id,
            name: s.name,
            status: s.status,
            flavor_name: flavor.original_name,
            flavor_vcpus: flavor.vcpus,
            flavor_ram_mb: flavor.ram,
            flavor_disk_gb: flavor.disk,
            image_id,
            hypervisor: s.hypervisor.filter(|h| !h.is_empty()),
            ipv4,
            created: time(s.created.as_deref()),
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct KeypairsBody {
    #[serde(default)]
    pub(crate) keypairs: Vec<KeypairItem>,
}

#[derive(Deserialize)]
pub(crate) struct KeypairItem {
    pub(crate) keypair: WKeypair,
}

#[derive(Deserialize)]
pub(crate) struct WKeypair {
    name: String,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    fingerprint: String,
    #[serde(default, deserialize_with = "nullable")]
    public_key: String,
}

impl WKeypair {
    /// The list leaves `user_id` out: it is the one asked for.
    pub(crate) fn into_keypair(self, user_id: &str) -> Keypair {
        Keypair {
            name: self.name,
            user_id: self.user_id.unwrap_or_else(|| user_id.to_string()),
            fingerprint: self.fingerprint,
            public_key: self.public_key,
        }
    }
}

// Cinder

#[derive(Deserialize)]
pub(crate) struct VolumesBody {
    #[serde(default)]
    pub(crate) volumes: Vec<WVolume>,
    #[serde(default, deserialize_with = "nullable")]
    pub(crate) volumes_links: Vec<Link>,
}

#[derive(Deserialize)]
pub(crate) struct WVolume {
    id: String,
    #[serde(default, deserialize_with = "nullable")]
    name: String,
    #[serde(default, deserialize_with = "nullable")]
    status: String,
    #[serde(default)]
    size: i32,
    #[serde(default)]
    created_at: Option<String>,
}

impl From<WVolume> for Volume {
    fn from(v: WVolume) -> Volume {
        Volume {
            id: v.id,
            name: v.name,
            status: v.status,
            size_gb: v.size,
            created: time(v.created_at.as_deref()),
        }
    }
}

// Neutron

#[derive(Deserialize)]
pub(crate) struct NetworksBody {
    pub(crate) networks: Vec<WNetwork>,
}

#[derive(Deserialize)]
pub(crate) struct WNetwork {
    pub(crate) id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(crate) name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(crate) subnets: Vec<String>,
    #[serde(default)]
    pub(crate) created_at: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct SubnetsBody {
    pub(crate) subnets: Vec<WSubnet>,
}

#[derive(Deserialize)]
pub(crate) struct WSubnet {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) network_id: String,
    #[serde(default)]
    pub(crate) cidr: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct RoutersBody {
    pub(crate) routers: Vec<WRouter>,
}

#[derive(Deserialize)]
pub(crate) struct RouterBody {
    pub(crate) router: WRouter,
}

#[derive(Deserialize)]
pub(crate) struct WRouter {
    id: String,
    #[serde(default, deserialize_with = "nullable")]
    name: String,
    #[serde(default, deserialize_with = "nullable")]
    status: String,
    #[serde(default)]
    pub(crate) external_gateway_info: Option<WGateway>,
    #[serde(default)]
    created_at: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct WGateway {
    #[serde(default)]
    pub(crate) network_id: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    external_fixed_ips: Vec<WFixedIp>,
}

#[derive(Deserialize)]
struct WFixedIp {
    #[serde(default)]
    ip_address: Option<String>,
}

impl WRouter {
    pub(crate) fn has_gateway(&self) -> bool {
        self.external_gateway_info
            .as_ref()
            .is_some_and(|gateway| gateway.network_id.is_some())
    }
}

impl From<WRouter> for Router {
    fn from(r: WRouter) -> Router {
        let external_ip = r.external_gateway_info.as_ref().and_then(|gateway| {
            gateway
                .external_fixed_ips
                .iter()
                .filter_map(|ip| ip.ip_address.clone())
                .next()
        });
        Router {
            id: r.id,
            name: r.name,
            status: r.status,
            external_ip,
            created: time(r.created_at.as_deref()),
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct PortsBody {
    pub(crate) ports: Vec<WPort>,
}

#[derive(Deserialize)]
pub(crate) struct WPort {
    pub(crate) id: String,
    #[serde(default, deserialize_with = "nullable")]
    network_id: String,
    #[serde(default, deserialize_with = "nullable")]
    device_id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(crate) device_owner: String,
    #[serde(default, deserialize_with = "nullable")]
    mac_address: String,
    #[serde(default, deserialize_with = "nullable")]
    fixed_ips: Vec<WFixedIp>,
    #[serde(default, deserialize_with = "nullable")]
    status: String,
    #[serde(default)]
    created_at: Option<String>,
}

impl From<WPort> for Port {
    fn from(p: WPort) -> Port {
        Port {
            ip_address: p.fixed_ips.iter().find_map(|ip| ip.ip_address.clone()),
            id: p.id,
            network_id: p.network_id,
            device_id: p.device_id,
            device_owner: p.device_owner,
            mac_address: p.mac_address,
            status: p.status,
            created: time(p.created_at.as_deref()),
        }
    }
}

// Glance

#[derive(Deserialize)]
pub(crate) struct ImagesPage {
    #[serde(default)]
    pub(crate) images: Vec<WImage>,
    #[serde(default)]
    pub(crate) next: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct WImage {
    id: String,
    #[serde(default, deserialize_with = "nullable")]
    name: String,
    #[serde(default)]
    os_distro: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    min_disk: i32,
    #[serde(default, deserialize_with = "nullable")]
    visibility: String,
    #[serde(default)]
    created_at: Option<String>,
}

impl From<WImage> for Image {
    fn from(i: WImage) -> Image {
        Image {
            id: i.id,
            name: i.name,
            os_distro: i.os_distro.filter(|d| !d.is_empty()),
            min_disk_gb: i.min_disk,
            visibility: i.visibility,
            created: time(i.created_at.as_deref()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_with_and_without_a_zone() {
        let at = time(Some("2026-11-01T12:00:00Z")).unwrap();
        assert_eq!(time(Some("2026-11-01T12:00:00.000000")), Some(at));
        assert_eq!(time(Some("2026-11-01T13:00:00+01:00")), Some(at));
        assert_eq!(time(Some("yesterday")), None);
        assert_eq!(time(None), None);
    }

    #[test]
    fn a_server_booted_from_a_volume_has_no_image() {
        let server: WServer = serde_json::from_value(serde_json::json!({
            "id": "s1", "name": "web", "status": "ACTIVE", "image": "",
            "flavor": {"original_name": "m1.small", "vcpus": 1, "ram": 2048, "disk": 20},
            "addresses": {"net": [
                {"addr": "fd00::5", "version": 6},
                {"addr": "10.0.0.5", "version": 4}
            ]},
            "OS-EXT-SRV-ATTR:hypervisor_hostname": "compute-1",
            "created": "2026-11-01T12:00:00Z"
        }))
        .unwrap();
        let server = Server::from(server);
        assert_eq!(server.image_id, None);
        assert_eq!(server.ipv4.as_deref(), Some("10.0.0.5"));
        assert_eq!(server.flavor_ram_mb, Some(2048));
        assert_eq!(server.hypervisor.as_deref(), Some("compute-1"));
    }
}
