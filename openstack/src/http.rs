//! The plumbing under every call: the token (cached, refreshed, fetched again after a 401), the
//! catalog's endpoints, the timeout, retries with back-off, and errors worded from OpenStack's
//! error bodies.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::{Config, Error};

/// A token is fetched again when it expires within this.
const REFRESH_MARGIN: chrono::TimeDelta = chrono::TimeDelta::minutes(5);
/// The compute microversion sent with every Nova call: inline flavors in server details (2.47)
/// and `user_id` on keypairs (2.10).
pub(crate) const NOVA_MICROVERSION: &str = "2.47";
/// How much of an error body goes into an error message.
const MESSAGE_CHARS: usize = 200;

/// The APIs the client calls, named as in error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Service {
    Identity,
    Compute,
    Volume,
    Network,
    Image,
}

impl Service {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Service::Identity => "identity",
            Service::Compute => "compute",
            Service::Volume => "volume",
            Service::Network => "network",
            Service::Image => "image",
        }
    }

    /// Catalog service types, preferred first.
    fn catalog_types(self) -> &'static [&'static str] {
        match self {
            Service::Identity => &["identity"],
            Service::Compute => &["compute"],
            Service::Volume => &["volumev3", "block-storage"],
            Service::Network => &["network"],
            Service::Image => &["image"],
        }
    }
}

/// A Keystone token with what came with it.
#[derive(Debug)]
pub(crate) struct Token {
    pub(crate) value: String,
    pub(crate) expires_at: DateTime<Utc>,
    /// The project the token is scoped to (it fills `%(project_id)s` in endpoint URLs).
    pub(crate) project_id: String,
    /// The user the token was issued to.
    pub(crate) user_id: String,
    catalog: Vec<CatalogService>,
}

#[derive(Debug, Deserialize)]
struct CatalogService {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    endpoints: Vec<CatalogEndpoint>,
}

#[derive(Debug, Deserialize)]
struct CatalogEndpoint {
    #[serde(default)]
    interface: String,
    #[serde(default)]
    region_id: Option<String>,
    #[serde(default)]
    region: Option<String>,
    url: String,
}

impl CatalogEndpoint {
    fn region(&self) -> Option<&str> {
        self.region_id.as_deref().or(self.region.as_deref())
    }
}

impl Token {
    /// Every region named in the catalog, sorted.
    pub(crate) fn regions(&self) -> Vec<String> {
        let mut regions: Vec<String> = self
            .catalog
            .iter()
            .flat_map(|service| &service.endpoints)
            .filter_map(|endpoint| endpoint.region().map(str::to_string))
            .collect();
        regions.sort();
        regions.dedup();
        regions
    }
}

/// The shared state behind `Cloud` clones.
pub(crate) struct Inner {
    pub(crate) config: Config,
    http: reqwest::Client,
    identity_root: String,
    token: tokio::sync::Mutex<Option<Arc<Token>>>,
    /// Token requests sent (for tests of the cache).
    auths: AtomicU64,
}

/// A successful (or expected) answer.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    service: Service,
}

impl Answer {
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|error| Error::Decode {
            service: self.service.name().into(),
            message: error.to_string(),
        })
    }
}

impl Inner {
    pub(crate) fn new(config: Config) -> Result<Inner, Error> {
        crate::config::check_auth_url(&config.auth_url).map_err(|message| Error::Auth {
            url: config.auth_url.clone(),
            message,
        })?;
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .build()
            .map_err(|error| Error::Unreachable {
                service: "identity".into(),
                url: config.auth_url.clone(),
                message: format!("no HTTP client: {error}"),
            })?;
        Ok(Inner {
            identity_root: config.identity_root(),
            config,
            http,
            token: tokio::sync::Mutex::new(None),
            auths: AtomicU64::new(0),
        })
    }

    #[cfg(test)]
    pub(crate) fn auth_count(&self) -> u64 {
        self.auths.load(Ordering::SeqCst)
    }

    /// The cached token, or a new one when there is none or it expires within 5 minutes.
    pub(crate) async fn token(&self) -> Result<Arc<Token>, Error> {
        let mut slot = self.token.lock().await;
        if let Some(token) = slot.as_ref() {
            if token.expires_at - Utc::now() > REFRESH_MARGIN {
                return Ok(token.clone());
            }
        }
        let token = Arc::new(self.authenticate().await?);
        *slot = Some(token.clone());
        Ok(token)
    }

    /// Drops `token` from the cache (after a 401), unless another call replaced it already.
    async fn forget(&self, token: &Token) {
        let mut slot = self.token.lock().await;
        if slot
            .as_ref()
            .is_some_and(|cached| cached.value == token.value)
        {
            *slot = None;
        }
    }

    /// Keystone v3 password authentication, scoped to the configured project.
    async fn authenticate(&self) -> Result<Token, Error> {
        let url = format!("{}/v3/auth/tokens", self.identity_root);
        let config = &self.config;
        let body = json!({
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": config.username,
                            "domain": {"name": config.user_domain_name},
                            "password": config.password,
                        }
                    }
                },
                "scope": {
                    "project": {
                        "name": config.project_name,
                        "domain": {"name": config.project_domain_name},
                    }
                }
            }
        });
        self.auths.fetch_add(1, Ordering::SeqCst);
        tracing::debug!(%url, user = %config.username, project = %config.project_name, "OpenStack: authenticating");
        let (status, headers, bytes) = self
            .send_with_retries(Service::Identity, &Method::POST, &url, || {
                self.http.post(&url).json(&body)
            })
            .await?;
        let auth_error = |message: String| Error::Auth {
            url: url.clone(),
            message,
        };
        if status.is_server_error() {
            return Err(status_error(
                Service::Identity,
                &Method::POST,
                &url,
                status,
                &bytes,
            ));
        }
        if status == StatusCode::UNAUTHORIZED {
            return Err(auth_error(error_message(&bytes)));
        }
        if !status.is_success() {
            return Err(auth_error(format!("{status}: {}", error_message(&bytes))));
        }
        let value = headers
            .get("x-subject-token")
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty())
            .ok_or_else(|| auth_error("the answer has no X-Subject-Token header".into()))?
            .to_string();
        #[derive(Deserialize)]
        struct Body {
            token: TokenBody,
        }
        #[derive(Deserialize)]
        struct TokenBody {
            expires_at: DateTime<Utc>,
            #[serde(default)]
            project: Option<IdOnly>,
            #[serde(default)]
            user: Option<IdOnly>,
            #[serde(default)]
            catalog: Vec<CatalogService>,
        }
        #[derive(Deserialize)]
        struct IdOnly {
            id: String,
        }
        let body: Body = serde_json::from_slice(&bytes)
            .map_err(|error| auth_error(format!("the token could not be read: {error}")))?;
        Ok(Token {
            value,
            expires_at: body.token.expires_at,
            project_id: body.token.project.map(|p| p.id).unwrap_or_default(),
            user_id: body.token.user.map(|u| u.id).unwrap_or_default(),
            catalog: body.token.catalog,
        })
    }

    /// The region to use: the configured one, or the catalog's only one.
    pub(crate) fn region_of(&self, token: &Token, service_type: &str) -> Result<String, Error> {
        if let Some(region) = &self.config.region_name {
            return Ok(region.clone());
        }
        let regions = token.regions();
        match regions.as_slice() {
            [only] => Ok(only.clone()),
            _ => Err(Error::MissingEndpoint {
                service_type: service_type.into(),
                region: "(OS_REGION_NAME is not set)".into(),
                available: available(&regions),
            }),
        }
    }

    /// The base URL of a service's API: identity from `OS_AUTH_URL` (`…/v3`), the others from the
    /// catalog's public endpoint in the region, with the version Neutron (`/v2.0`) and Glance
    /// (`/v2`) leave out, and Cinder's `%(project_id)s` filled in.
    pub(crate) fn endpoint(&self, token: &Token, service: Service) -> Result<String, Error> {
        if service == Service::Identity {
            return Ok(format!("{}/v3", self.identity_root));
        }
        let types = service.catalog_types();
        let region = self.region_of(token, types[0])?;
        let found = types.iter().find_map(|kind| {
            token
                .catalog
                .iter()
                .filter(|entry| entry.kind == *kind)
                .flat_map(|entry| &entry.endpoints)
                .find(|endpoint| {
                    endpoint.interface == "public" && endpoint.region() == Some(region.as_str())
                })
        });
        let Some(endpoint) = found else {
            return Err(Error::MissingEndpoint {
                service_type: types[0].into(),
                region,
                available: available(&token.regions()),
            });
        };
        let mut url = endpoint.url.trim().trim_end_matches('/').to_string();
        for placeholder in [
            "%(project_id)s",
            "$(project_id)s",
            "%(tenant_id)s",
            "$(tenant_id)s",
        ] {
            url = url.replace(placeholder, &token.project_id);
        }
        match service {
            Service::Network if !url.ends_with("/v2.0") => url.push_str("/v2.0"),
            Service::Image if !url.ends_with("/v2") => url.push_str("/v2"),
            _ => {}
        }
        Ok(url)
    }

    /// One call to a service: `path` (with its query) is appended to the service's base URL.
    /// Answers 2xx or one of `expected` are returned; a 401 fetches a new token and repeats the
    /// call once; anything else is an error.
    pub(crate) async fn call(
        &self,
        service: Service,
        method: Method,
        path: &str,
        body: Option<&Value>,
        expected: &[u16],
    ) -> Result<Answer, Error> {
        let mut authenticated_again = false;
        loop {
            let token = self.token().await?;
            let url = format!("{}{}", self.endpoint(&token, service)?, path);
            tracing::debug!(service = service.name(), %method, %url, "OpenStack call");
            let (status, _, bytes) = self
                .send_with_retries(service, &method, &url, || {
                    let mut request = self
                        .http
                        .request(method.clone(), &url)
                        .header("X-Auth-Token", &token.value)
                        .header("Accept", "application/json");
                    if service == Service::Compute {
                        request = request
                            .header(
                                "OpenStack-API-Version",
                                format!("compute {NOVA_MICROVERSION}"),
                            )
                            .header("X-OpenStack-Nova-API-Version", NOVA_MICROVERSION);
                    }
                    if let Some(body) = body {
                        request = request.json(body);
                    }
                    request
                })
                .await?;
            if status == StatusCode::UNAUTHORIZED && !authenticated_again {
                tracing::debug!(service = service.name(), %url, "OpenStack: 401, authenticating again");
                self.forget(&token).await;
                authenticated_again = true;
                continue;
            }
            if status.is_success() || expected.contains(&status.as_u16()) {
                return Ok(Answer {
                    status: status.as_u16(),
                    body: bytes,
                    service,
                });
            }
            return Err(status_error(service, &method, &url, status, &bytes));
        }
    }

    /// Sends a request up to `attempts` times while there is no answer or a 5xx one, waiting
    /// `backoff`, then twice that, and so on, in between. Returns the last answer, whatever its
    /// status; no answer at all is `Unreachable`.
    async fn send_with_retries(
        &self,
        service: Service,
        method: &Method,
        url: &str,
        build: impl Fn() -> reqwest::RequestBuilder,
    ) -> Result<(StatusCode, reqwest::header::HeaderMap, Vec<u8>), Error> {
        let attempts = self.config.attempts.max(1);
        let mut wait = self.config.backoff;
        let mut attempt = 1;
        loop {
            let outcome = match build().send().await {
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    match response.bytes().await {
                        Ok(bytes) => Ok((status, headers, bytes.to_vec())),
                        Err(error) => Err(error),
                    }
                }
                Err(error) => Err(error),
            };
            let reason = match outcome {
                Ok(answer) if !answer.0.is_server_error() || attempt >= attempts => {
                    return Ok(answer)
                }
                Err(error) if attempt >= attempts => {
                    return Err(Error::Unreachable {
                        service: service.name().into(),
                        url: url.into(),
                        message: format!("{} (after {attempts} attempts)", describe(&error)),
                    })
                }
                Ok(answer) => format!("answered {}", answer.0),
                Err(error) => describe(&error),
            };
            tracing::debug!(service = service.name(), %method, %url, attempt, %reason, "OpenStack: trying again after {wait:?}");
            tokio::time::sleep(wait).await;
            wait = wait.saturating_mul(2);
            attempt += 1;
        }
    }
}

/// The regions for an error message.
fn available(regions: &[String]) -> String {
    if regions.is_empty() {
        "none".into()
    } else {
        regions.join(", ")
    }
}

/// A transport error in a few words, with its cause (reqwest's own text is terse).
fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        "timed out".to_string()
    } else if error.is_connect() {
        "could not connect".to_string()
    } else {
        error.to_string()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

pub(crate) fn status_error(
    service: Service,
    method: &Method,
    url: &str,
    status: StatusCode,
    body: &[u8],
) -> Error {
    Error::Status {
        service: service.name().into(),
        method: method.to_string(),
        url: url.into(),
        status: status.as_u16(),
        message: error_message(body),
    }
}

/// The message of an OpenStack error body: Keystone's `{"error": {"message"}}`, Nova's and
/// Cinder's `{"itemNotFound": {"message"}}` (one key, any name), Neutron's
/// `{"NeutronError": {"message"}}`, a top-level `message`, or else the text itself (Glance
/// answers plain text or HTML), whitespace collapsed and cut to about 200 characters.
pub(crate) fn error_message(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if let Ok(Value::Object(object)) = serde_json::from_str::<Value>(&text) {
        let message = |value: &Value| match value.get("message") {
            Some(Value::String(message)) => Some(message.clone()),
            _ => None,
        };
        let found = message(&Value::Object(object.clone()))
            .or_else(|| object.get("error").and_then(message))
            .or_else(|| {
                if object.len() == 1 {
                    object.values().next().and_then(message)
                } else {
                    object.values().find_map(message)
                }
            });
        if let Some(found) = found {
            return shorten(&found);
        }
    }
    let text = shorten(&text);
    if text.is_empty() {
        "(no message)".into()
    } else {
        text
    }
}

fn shorten(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= MESSAGE_CHARS {
        collapsed
    } else {
        let cut: String = collapsed.chars().take(MESSAGE_CHARS).collect();
        format!("{cut}…")
    }
}

/// A query string from pairs, values percent-encoded.
pub(crate) fn query(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(&encode(key));
        out.push('=');
        out.push_str(&encode(value));
    }
    out
}

/// Percent-encodes all but RFC 3986's unreserved characters (for query values and path segments).
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_come_out_of_every_error_shape() {
        let keystone = br#"{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"#;
        assert_eq!(
            error_message(keystone),
            "The request you have made requires authentication."
        );
        let nova =
            br#"{"itemNotFound": {"code": 404, "message": "Instance abc could not be found."}}"#;
        assert_eq!(error_message(nova), "Instance abc could not be found.");
        let neutron = br#"{"NeutronError": {"type": "NetworkInUse", "message": "Unable to complete operation on network n.", "detail": ""}}"#;
        assert_eq!(
            error_message(neutron),
            "Unable to complete operation on network n."
        );
        let glance = b"404 Not Found\n\nNo image found with ID x\n\n   ";
        assert_eq!(
            error_message(glance),
            "404 Not Found No image found with ID x"
        );
        assert_eq!(error_message(b""), "(no message)");
        let long = "x".repeat(1000);
        assert_eq!(
            error_message(long.as_bytes()).chars().count(),
            MESSAGE_CHARS + 1
        );
    }

    #[test]
    fn queries_are_encoded() {
        assert_eq!(
            query(&[("a", "b c"), ("tags", "x&y=z")]),
            "?a=b%20c&tags=x%26y%3Dz"
        );
        assert_eq!(query(&[]), "");
    }
}
