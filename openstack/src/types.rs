use chrono::{DateTime, Utc};

/// What a deletion found: the thing was there (and is going now), or it was gone already.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deleted {
    Now,
    Already,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewProject {
    pub name: String,
    /// Keystone domain id (`default` in most deployments).
    pub domain_id: String,
    pub description: String,
    pub tags: Vec<String>,
    pub enabled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub domain_id: String,
    pub enabled: bool,
    /// Sorted (Keystone keeps a set).
    pub tags: Vec<String>,
}

/// A Nova server (GET /servers/detail, microversion 2.47: the flavor comes inline).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    pub id: String,
    pub name: String,
    /// ACTIVE, SHUTOFF, SUSPENDED, ERROR, BUILD, DELETED, ...
    pub status: String,
    pub flavor_name: Option<String>,
    pub flavor_vcpus: Option<i32>,
    pub flavor_ram_mb: Option<i32>,
    pub flavor_disk_gb: Option<i32>,
    pub image_id: Option<String>,
    /// `OS-EXT-SRV-ATTR:hypervisor_hostname` (admin only).
    pub hypervisor: Option<String>,
    /// The first IPv4 address of `addresses`.
    pub ipv4: Option<String>,
    pub created: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Volume {
    pub id: String,
    pub name: String,
    pub status: String,
    pub size_gb: i32,
    pub created: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    pub id: String,
    pub name: String,
    /// The first subnet's CIDR.
    pub cidr: Option<String>,
    pub created: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Router {
    pub id: String,
    pub name: String,
    pub status: String,
    /// The gateway's first external fixed IP.
    pub external_ip: Option<String>,
    pub created: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Port {
    pub id: String,
    pub network_id: String,
    pub device_id: String,
    pub device_owner: String,
    pub mac_address: String,
    pub ip_address: Option<String>,
    pub status: String,
    pub created: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    pub id: String,
    pub name: String,
    pub os_distro: Option<String>,
    pub min_disk_gb: i32,
    pub visibility: String,
    pub created: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keypair {
    pub name: String,
    pub user_id: String,
    pub fingerprint: String,
    pub public_key: String,
}
