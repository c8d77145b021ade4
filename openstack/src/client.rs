use std::sync::Arc;

use reqwest::Method;
use serde_json::json;

use crate::http::{encode, query, Inner, Service};
use crate::wire::*;
use crate::*;

/// Pages followed at most in one listing (a guard against a server that links in circles).
const MAX_PAGES: usize = 1000;

/// The device owners of a router's interface ports: detached before the router is deleted.
const ROUTER_INTERFACE_OWNERS: [&str; 3] = [
    "network:router_interface",
    "network:router_interface_distributed",
    "network:ha_router_replicated_interface",
];

/// One cloud region, as one user (normally an admin) sees it. Cheap to clone; clones share the
/// token, which is fetched on first use, kept until it expires within 5 minutes, and fetched
/// again after a 401 (once per call).
///
/// Identity calls go to `OS_AUTH_URL`; the other services to the catalog's public endpoints in
/// the region.
#[derive(Clone)]
pub struct Cloud {
    inner: Arc<Inner>,
}

impl Cloud {
    /// No network traffic yet. Fails only on an `auth_url` that is not an http(s) URL.
    pub fn new(config: Config) -> Result<Cloud, Error> {
        Ok(Cloud {
            inner: Arc::new(Inner::new(config)?),
        })
    }

    #[cfg(any(test, feature = "fake"))]
    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// Authenticates and checks that the region exists in the catalog with compute, volumev3
    /// (or block-storage), network and image endpoints: the start-up check. (Identity is
    /// reached at `OS_AUTH_URL`, so the region needs no identity endpoint of its own.)
    pub async fn check(&self) -> Result<(), Error> {
        let token = self.inner.token().await?;
        for service in [
            Service::Compute,
            Service::Volume,
            Service::Network,
            Service::Image,
        ] {
            self.inner.endpoint(&token, service)?;
        }
        Ok(())
    }

    /// The region this client works in (configured, or the catalog's only one).
    pub async fn region(&self) -> Result<String, Error> {
        let token = self.inner.token().await?;
        self.inner.region_of(&token, "(any)")
    }

    /// The id of the user this client signs in as.
    pub async fn user_id(&self) -> Result<String, Error> {
        Ok(self.inner.token().await?.user_id.clone())
    }

    /// Every region named in the catalog, sorted.
    pub async fn regions(&self) -> Result<Vec<String>, Error> {
        Ok(self.inner.token().await?.regions())
    }

    // Identity (Keystone v3)

    /// `POST /v3/projects`
    pub async fn create_project(&self, project: &NewProject) -> Result<Project, Error> {
        let body = json!({
            "project": {
                "name": project.name,
                "domain_id": project.domain_id,
                "description": project.description,
                "enabled": project.enabled,
                "tags": project.tags,
            }
        });
        let answer = self
            .inner
            .call(
                Service::Identity,
                Method::POST,
                "/projects",
                Some(&body),
                &[],
            )
            .await?;
        Ok(answer.json::<ProjectBody>()?.project.into())
    }

    /// `GET /v3/projects?tags=<tag>`
    pub async fn projects_tagged(&self, tag: &str) -> Result<Vec<Project>, Error> {
        let path = format!("/projects{}", query(&[("tags", tag)]));
        let answer = self
            .inner
            .call(Service::Identity, Method::GET, &path, None, &[])
            .await?;
        Ok(answer
            .json::<ProjectsBody>()?
            .projects
            .into_iter()
            .map(Project::from)
            .collect())
    }

    /// `GET /v3/projects/{id}`; `None` on 404.
    pub async fn project(&self, id: &str) -> Result<Option<Project>, Error> {
        let path = format!("/projects/{}", encode(id));
        let answer = self
            .inner
            .call(Service::Identity, Method::GET, &path, None, &[404])
            .await?;
        if answer.status == 404 {
            return Ok(None);
        }
        Ok(Some(answer.json::<ProjectBody>()?.project.into()))
    }

    /// `PATCH /v3/projects/{id}`; 404: `Error::NotFound`.
    pub async fn set_project_enabled(&self, id: &str, enabled: bool) -> Result<(), Error> {
        let path = format!("/projects/{}", encode(id));
        let body = json!({"project": {"enabled": enabled}});
        let answer = self
            .inner
            .call(Service::Identity, Method::PATCH, &path, Some(&body), &[404])
            .await?;
        if answer.status == 404 {
            return Err(Error::NotFound {
                what: format!("project {id}"),
            });
        }
        Ok(())
    }

    /// `DELETE /v3/projects/{id}` (Keystone deletes enabled projects too).
    pub async fn delete_project(&self, id: &str) -> Result<Deleted, Error> {
        self.delete(Service::Identity, &format!("/projects/{}", encode(id)))
            .await
    }

    /// Users with a role on the project (`GET /v3/role_assignments?scope.project.id=`), each
    /// once, in Keystone's order. Assignments to groups are not expanded.
    pub async fn project_user_ids(&self, project_id: &str) -> Result<Vec<String>, Error> {
        let path = format!(
            "/role_assignments{}",
            query(&[("scope.project.id", project_id)])
        );
        let answer = self
            .inner
            .call(Service::Identity, Method::GET, &path, None, &[])
            .await?;
        let mut users: Vec<String> = Vec::new();
        for assignment in answer.json::<RoleAssignmentsBody>()?.role_assignments {
            if let Some(user) = assignment.user {
                if !users.contains(&user.id) {
                    users.push(user.id);
                }
            }
        }
        Ok(users)
    }

    // Compute (Nova)

    /// `GET /servers/detail?all_tenants=1&project_id=` (microversion 2.47), all pages.
    pub async fn servers(&self, project_id: &str) -> Result<Vec<Server>, Error> {
        let mut path = format!(
            "/servers/detail{}",
            query(&[("all_tenants", "1"), ("project_id", project_id)])
        );
        let mut servers = Vec::new();
        for _ in 0..MAX_PAGES {
            let answer = self
                .inner
                .call(Service::Compute, Method::GET, &path, None, &[])
                .await?;
            let page: ServersPage = answer.json()?;
            let empty = page.servers.is_empty();
            servers.extend(page.servers.into_iter().map(Server::from));
            match next_link(&page.servers_links) {
                Some(next) if !empty => path = format!("/servers/detail{next}"),
                _ => break,
            }
        }
        Ok(servers)
    }

    /// `os-stop`; a server that is already stopped (409) counts as done.
    pub async fn stop_server(&self, id: &str) -> Result<(), Error> {
        self.server_action(id, "os-stop").await
    }

    /// `os-start`; a server that is already running (409) counts as done.
    pub async fn start_server(&self, id: &str) -> Result<(), Error> {
        self.server_action(id, "os-start").await
    }

    /// `suspend`: the server is paused to disk and stops serving; one that is not ACTIVE
    /// (409) counts as done.
    pub async fn suspend_server(&self, id: &str) -> Result<(), Error> {
        self.server_action(id, "suspend").await
    }

    /// `resume` a SUSPENDED server; one in another state (409) counts as done.
    pub async fn resume_server(&self, id: &str) -> Result<(), Error> {
        self.server_action(id, "resume").await
    }

    async fn server_action(&self, id: &str, action: &str) -> Result<(), Error> {
        let path = format!("/servers/{}/action", encode(id));
        let body = json!({ action: null });
        let answer = self
            .inner
            .call(Service::Compute, Method::POST, &path, Some(&body), &[409])
            .await?;
        if answer.status == 409 {
            tracing::debug!(
                server = id,
                action,
                "OpenStack: already in that state (409)"
            );
        }
        Ok(())
    }

    /// `DELETE /servers/{id}`
    pub async fn delete_server(&self, id: &str) -> Result<Deleted, Error> {
        self.delete(Service::Compute, &format!("/servers/{}", encode(id)))
            .await
    }

    /// `GET /os-keypairs?user_id=` (microversion 2.10).
    pub async fn keypairs(&self, user_id: &str) -> Result<Vec<Keypair>, Error> {
        let path = format!("/os-keypairs{}", query(&[("user_id", user_id)]));
        let answer = self
            .inner
            .call(Service::Compute, Method::GET, &path, None, &[])
            .await?;
        Ok(answer
            .json::<KeypairsBody>()?
            .keypairs
            .into_iter()
            .map(|item| item.keypair.into_keypair(user_id))
            .collect())
    }

    /// `DELETE /os-keypairs/{name}?user_id=`
    pub async fn delete_keypair(&self, user_id: &str, name: &str) -> Result<Deleted, Error> {
        let path = format!(
            "/os-keypairs/{}{}",
            encode(name),
            query(&[("user_id", user_id)])
        );
        self.delete(Service::Compute, &path).await
    }

    // Block storage (Cinder v3)

    /// `GET /volumes/detail?all_tenants=1&project_id=`, all pages.
    pub async fn volumes(&self, project_id: &str) -> Result<Vec<Volume>, Error> {
        let mut path = format!(
            "/volumes/detail{}",
            query(&[("all_tenants", "1"), ("project_id", project_id)])
        );
        let mut volumes = Vec::new();
        for _ in 0..MAX_PAGES {
            let answer = self
                .inner
                .call(Service::Volume, Method::GET, &path, None, &[])
                .await?;
            let page: VolumesBody = answer.json()?;
            let empty = page.volumes.is_empty();
            volumes.extend(page.volumes.into_iter().map(Volume::from));
            match next_link(&page.volumes_links) {
                Some(next) if !empty => path = format!("/volumes/detail{next}"),
                _ => break,
            }
        }
        Ok(volumes)
    }

    /// `DELETE /volumes/{id}`
    pub async fn delete_volume(&self, id: &str) -> Result<Deleted, Error> {
        self.delete(Service::Volume, &format!("/volumes/{}", encode(id)))
            .await
    }

    // Network (Neutron v2.0)

    /// `GET /v2.0/networks?project_id=`, with the CIDR of each network's first subnet
    /// (`GET /v2.0/subnets?project_id=`).
    pub async fn networks(&self, project_id: &str) -> Result<Vec<Network>, Error> {
        let filter = query(&[("project_id", project_id)]);
        let networks: NetworksBody = self
            .inner
            .call(
                Service::Network,
                Method::GET,
                &format!("/networks{filter}"),
                None,
                &[],
            )
            .await?
            .json()?;
        let subnets: SubnetsBody = self
            .inner
            .call(
                Service::Network,
                Method::GET,
                &format!("/subnets{filter}"),
                None,
                &[],
            )
            .await?
            .json()?;
        Ok(networks
            .networks
            .into_iter()
            .map(|network| {
                let by_id = network.subnets.iter().find_map(|id| {
                    subnets
                        .subnets
                        .iter()
                        .find(|subnet| &subnet.id == id)
                        .and_then(|subnet| subnet.cidr.clone())
                });
                let cidr = by_id.or_else(|| {
                    subnets
                        .subnets
                        .iter()
                        .find(|subnet| subnet.network_id == network.id)
                        .and_then(|subnet| subnet.cidr.clone())
                });
                Network {
                    cidr,
                    created: time(network.created_at.as_deref()),
                    id: network.id,
                    name: network.name,
                }
            })
            .collect())
    }

    /// `DELETE /v2.0/networks/{id}`: Neutron deletes the network with its subnets once no port
    /// uses it (409 NetworkInUse otherwise: delete servers, router interfaces and ports first).
    pub async fn delete_network(&self, id: &str) -> Result<Deleted, Error> {
        self.delete(Service::Network, &format!("/networks/{}", encode(id)))
            .await
    }

    /// `GET /v2.0/routers?project_id=`
    pub async fn routers(&self, project_id: &str) -> Result<Vec<Router>, Error> {
        let path = format!("/routers{}", query(&[("project_id", project_id)]));
        let routers: RoutersBody = self
            .inner
            .call(Service::Network, Method::GET, &path, None, &[])
            .await?
            .json()?;
        Ok(routers.routers.into_iter().map(Router::from).collect())
    }

    /// Detaches the router's interfaces (`PUT /v2.0/routers/{id}/remove_router_interface` for
    /// each interface port), clears its gateway (`PUT /v2.0/routers/{id}`), then deletes it.
    pub async fn delete_router(&self, id: &str) -> Result<Deleted, Error> {
        let router_path = format!("/routers/{}", encode(id));
        let answer = self
            .inner
            .call(Service::Network, Method::GET, &router_path, None, &[404])
            .await?;
        if answer.status == 404 {
            return Ok(Deleted::Already);
        }
        let router = answer.json::<RouterBody>()?.router;
        let ports: PortsBody = self
            .inner
            .call(
                Service::Network,
                Method::GET,
                &format!("/ports{}", query(&[("device_id", id)])),
                None,
                &[],
            )
            .await?
            .json()?;
        for port in ports
            .ports
            .iter()
            .filter(|port| ROUTER_INTERFACE_OWNERS.contains(&port.device_owner.as_str()))
        {
            let body = json!({"port_id": port.id});
            self.inner
                .call(
                    Service::Network,
                    Method::PUT,
                    &format!("{router_path}/remove_router_interface"),
                    Some(&body),
                    &[404],
                )
                .await?;
        }
        if router.has_gateway() {
            let body = json!({"router": {"external_gateway_info": {}}});
            let answer = self
                .inner
                .call(
                    Service::Network,
                    Method::PUT,
                    &router_path,
                    Some(&body),
                    &[404],
                )
                .await?;
            if answer.status == 404 {
                return Ok(Deleted::Already);
            }
        }
        self.delete(Service::Network, &router_path).await
    }

    /// `GET /v2.0/ports?project_id=`. Router interface ports are among them; Neutron refuses to
    /// delete those with `delete_port` (409): `delete_router` detaches them.
    pub async fn ports(&self, project_id: &str) -> Result<Vec<Port>, Error> {
        let path = format!("/ports{}", query(&[("project_id", project_id)]));
        let ports: PortsBody = self
            .inner
            .call(Service::Network, Method::GET, &path, None, &[])
            .await?
            .json()?;
        Ok(ports.ports.into_iter().map(Port::from).collect())
    }

    /// `DELETE /v2.0/ports/{id}`
    pub async fn delete_port(&self, id: &str) -> Result<Deleted, Error> {
        self.delete(Service::Network, &format!("/ports/{}", encode(id)))
            .await
    }

    // Image (Glance v2)

    /// `GET /v2/images?owner=`, all pages (following `next`).
    pub async fn images(&self, project_id: &str) -> Result<Vec<Image>, Error> {
        let mut path = format!("/images{}", query(&[("owner", project_id)]));
        let mut images = Vec::new();
        for _ in 0..MAX_PAGES {
            let answer = self
                .inner
                .call(Service::Image, Method::GET, &path, None, &[])
                .await?;
            let page: ImagesPage = answer.json()?;
            let empty = page.images.is_empty();
            images.extend(page.images.into_iter().map(Image::from));
            match page.next.as_deref().and_then(query_of) {
                Some(next) if !empty => path = format!("/images{next}"),
                _ => break,
            }
        }
        Ok(images)
    }

    /// `DELETE /v2/images/{id}`
    pub async fn delete_image(&self, id: &str) -> Result<Deleted, Error> {
        self.delete(Service::Image, &format!("/images/{}", encode(id)))
            .await
    }

    /// A DELETE: 2xx is `Now`, 404 `Already`.
    async fn delete(&self, service: Service, path: &str) -> Result<Deleted, Error> {
        let answer = self
            .inner
            .call(service, Method::DELETE, path, None, &[404])
            .await?;
        Ok(if answer.status == 404 {
            Deleted::Already
        } else {
            Deleted::Now
        })
    }
}

/// The query (`?…`) of a `rel: next` link. Only the query is used: the link's host and path
/// may be an internal address or lack a proxy's prefix, so the next page is asked of the same
/// endpoint as the first.
fn next_link(links: &[Link]) -> Option<String> {
    links
        .iter()
        .find(|link| link.rel == "next")
        .and_then(|link| query_of(&link.href))
}

fn query_of(href: &str) -> Option<String> {
    let start = href.find('?')?;
    let query = &href[start..];
    (query.len() > 1).then(|| query.to_string())
}

/// The token cache against a tiny Keystone stand-in (the real Keystone's tokens last an hour and
/// cannot be revoked from here).
#[cfg(test)]
mod token_tests {
    use super::*;
    use axum::http::{HeaderMap, StatusCode};
    use axum::response::IntoResponse;
    use std::sync::Mutex;
    use std::time::Duration;

    #[derive(Default)]
    struct Stand {
        url: String,
        /// Lifetime of the tokens it issues.
        lifetime: chrono::TimeDelta,
        issued: u32,
        /// Tokens the compute stand-in answers 401 to (`*`: every one).
        rejected: Vec<String>,
        /// Tokens seen by compute, in order.
        seen: Vec<String>,
    }

    async fn stand_in(lifetime: chrono::TimeDelta) -> (Arc<Mutex<Stand>>, Cloud) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let stand = Arc::new(Mutex::new(Stand {
            url: url.clone(),
            lifetime,
            ..Stand::default()
        }));
        let auth = {
            let stand = stand.clone();
            move || async move {
                let mut stand = stand.lock().unwrap();
                stand.issued += 1;
                let token = format!("token-{}", stand.issued);
                let body = json!({"token": {
                    "expires_at": (chrono::Utc::now() + stand.lifetime).to_rfc3339(),
                    "project": {"id": "p-admin"},
                    "catalog": [{"type": "compute", "endpoints": [
                        {"interface": "public", "region_id": "R1", "url": format!("{}/compute/v2.1/", stand.url)}
                    ]}],
                }});
                (
                    StatusCode::CREATED,
                    [("X-Subject-Token", token)],
                    axum::Json(body),
                )
            }
        };
        let compute = {
            let stand = stand.clone();
            move |headers: HeaderMap| async move {
                let mut stand = stand.lock().unwrap();
                let token = headers["x-auth-token"].to_str().unwrap().to_string();
                stand.seen.push(token.clone());
                if stand.rejected.iter().any(|r| *r == token || r == "*") {
                    let body = json!({"error": {"code": 401, "message": "The request you have made requires authentication."}});
                    return (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
                }
                axum::Json(json!({"keypairs": []})).into_response()
            }
        };
        let app = axum::Router::new()
            .route("/v3/auth/tokens", axum::routing::post(auth))
            .route("/compute/v2.1/os-keypairs", axum::routing::get(compute));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let cloud = Cloud::new(Config {
            auth_url: format!("{url}/v3/"),
            username: "admin".into(),
            password: "secret".into(),
            project_name: "admin".into(),
            user_domain_name: "Default".into(),
            project_domain_name: "Default".into(),
            region_name: None,
            timeout: Duration::from_secs(5),
            attempts: 2,
            backoff: Duration::from_millis(10),
        })
        .unwrap();
        (stand, cloud)
    }

    #[tokio::test]
    async fn one_token_serves_many_calls_and_clones() {
        let (stand, cloud) = stand_in(chrono::TimeDelta::hours(1)).await;
        cloud.keypairs("u").await.unwrap();
        cloud.clone().keypairs("u").await.unwrap();
        assert_eq!(cloud.region().await.unwrap(), "R1");
        assert_eq!(cloud.inner().auth_count(), 1);
        assert_eq!(stand.lock().unwrap().seen, ["token-1", "token-1"]);
    }

    #[tokio::test]
    async fn a_token_expiring_within_five_minutes_is_replaced() {
        let (stand, cloud) = stand_in(chrono::TimeDelta::minutes(4)).await;
        cloud.keypairs("u").await.unwrap();
        cloud.keypairs("u").await.unwrap();
        assert_eq!(stand.lock().unwrap().seen, ["token-1", "token-2"]);
        stand.lock().unwrap().lifetime = chrono::TimeDelta::minutes(6);
        cloud.keypairs("u").await.unwrap();
        cloud.keypairs("u").await.unwrap();
        assert_eq!(
            stand.lock().unwrap().seen,
            ["token-1", "token-2", "token-3", "token-3"]
        );
    }

    #[tokio::test]
    async fn a_401_fetches_a_new_token_once_and_repeats_the_call() {
        let (stand, cloud) = stand_in(chrono::TimeDelta::hours(1)).await;
        stand.lock().unwrap().rejected.push("token-1".into());
        cloud.keypairs("u").await.unwrap();
        assert_eq!(stand.lock().unwrap().seen, ["token-1", "token-2"]);
        cloud.keypairs("u").await.unwrap();
        assert_eq!(cloud.inner().auth_count(), 2);

        // Refused again with the new token: the 401 is the answer, no loop.
        stand.lock().unwrap().rejected.push("*".into());
        let error = cloud.keypairs("u").await.unwrap_err();
        assert!(
            matches!(error, Error::Status { status: 401, ref service, .. } if service == "compute"),
            "{error}"
        );
        assert!(
            error.to_string().contains("requires authentication"),
            "{error}"
        );
        assert_eq!(cloud.inner().auth_count(), 3);
        assert_eq!(stand.lock().unwrap().seen.len(), 5);
    }
}
