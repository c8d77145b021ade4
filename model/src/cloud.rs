//! The OpenStack service tab, projects and cloud resources.

use super::{BillingCycle, ServiceStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanOption {
    pub id: i32,
    pub name: String,
    pub currency: String,
    pub is_default: bool,
}

/// A client's OpenStack service as its tab shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenstackService {
    pub service_id: i32,
    pub service_name: String,
    pub status: ServiceStatus,
    pub product_name: String,
    pub cycle: Option<BillingCycle>,
    pub pricing_plan: Option<PlanOption>,
    pub project: Option<(i32, String)>,
    pub project_domain_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenstackTab {
    /// The live service, else the latest terminated one; None when the client never had one.
    pub service: Option<OpenstackService>,
    /// Plans in the client's currency, for "Change pricing plan" and "Create".
    pub plans: Vec<PlanOption>,
}

/// The kinds of cloud resource, each with its own list and detail page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResourceKind {
    Instances,
    Volumes,
    Networks,
    Routers,
    SshKeys,
    Images,
    Ports,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 7] = [
        ResourceKind::Instances,
        ResourceKind::Volumes,
        ResourceKind::Networks,
        ResourceKind::Routers,
        ResourceKind::SshKeys,
        ResourceKind::Images,
        ResourceKind::Ports,
    ];

    /// The URL segment (`/staff/cloud/<slug>/:id`).
    pub fn slug(self) -> &'static str {
        match self {
            ResourceKind::Instances => "instances",
            ResourceKind::Volumes => "volumes",
            ResourceKind::Networks => "networks",
            ResourceKind::Routers => "routers",
            ResourceKind::SshKeys => "ssh-keys",
            ResourceKind::Images => "images",
            ResourceKind::Ports => "ports",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ResourceKind::Instances => "Instances",
            ResourceKind::Volumes => "Volumes",
            ResourceKind::Networks => "Networks",
            ResourceKind::Routers => "Routers",
            ResourceKind::SshKeys => "SSH keys",
            ResourceKind::Images => "Images",
            ResourceKind::Ports => "Ports",
        }
    }

    /// One of them, singular, for a detail page title.
    pub fn singular(self) -> &'static str {
        match self {
            ResourceKind::Instances => "Instance",
            ResourceKind::Volumes => "Volume",
            ResourceKind::Networks => "Network",
            ResourceKind::Routers => "Router",
            ResourceKind::SshKeys => "SSH key",
            ResourceKind::Images => "Image",
            ResourceKind::Ports => "Port",
        }
    }

    pub fn from_slug(s: &str) -> Option<ResourceKind> {
        ResourceKind::ALL.into_iter().find(|k| k.slug() == s)
    }
}

/// Route parameters parse through the slug (see `app::params`).
impl std::str::FromStr for ResourceKind {
    type Err = crate::routes::UnknownSlug;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ResourceKind::from_slug(s).ok_or_else(|| crate::routes::UnknownSlug(s.to_owned()))
    }
}

/// One resource in a list: a name, a state and the one detail that tells it apart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceRow {
    pub id: i32,
    pub name: String,
    pub status: String,
    pub detail: String,
    pub created_at: DateTime<Utc>,
}

/// The cloud resources tab: how many of each kind, and one page of the chosen kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceTab {
    pub kind: ResourceKind,
    pub counts: Vec<(ResourceKind, u64)>,
    pub page: super::client_detail::Page<ResourceRow>,
    pub sync: CloudSync,
}

/// When the client's resources were last read back from the cloud ("Refresh from cloud").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CloudSync {
    /// The last sync that succeeded.
    pub synced_at: Option<DateTime<Utc>>,
    /// A sync is queued or running.
    pub running: bool,
    /// Why the last sync failed, unless one succeeded since.
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceDetail {
    pub kind: ResourceKind,
    pub id: i32,
    pub name: String,
    pub project: (i32, String),
    pub client: (i32, String),
    /// Label and value of every other attribute, in display order.
    pub fields: Vec<(String, String)>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectDetail {
    pub id: i32,
    pub name: String,
    pub openstack_id: String,
    pub project_domain_id: String,
    pub disabled: bool,
    pub client: (i32, String),
    pub service: Option<(i32, String)>,
    pub created_at: DateTime<Utc>,
    /// How many resources of each kind the project holds.
    pub counts: Vec<(ResourceKind, u64)>,
}
