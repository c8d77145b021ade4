use std::time::Duration;

/// Where and as whom to reach the cloud, read like the OpenStack CLI reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// `OS_AUTH_URL`, e.g. `https://keystone.example.com:5000/v3` (a trailing `/v3` is optional).
    pub auth_url: String,
    /// `OS_USERNAME`
    pub username: String,
    /// `OS_PASSWORD`
    pub password: String,
    /// `OS_PROJECT_NAME`: the (admin) project the token is scoped to.
    pub project_name: String,
    /// `OS_USER_DOMAIN_NAME`, default `Default`.
    pub user_domain_name: String,
    /// `OS_PROJECT_DOMAIN_NAME`, default `Default`.
    pub project_domain_name: String,
    /// `OS_REGION_NAME`; `None`: the catalog must have exactly one region.
    pub region_name: Option<String>,
    /// Per HTTP request (`OS_TIMEOUT` seconds; default 30).
    pub timeout: Duration,
    /// Attempts per call for connection errors and 5xx (default 3).
    pub attempts: u32,
    /// First back-off between attempts, doubled each time (default 500 ms).
    pub backoff: Duration,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// `OS_AUTH_URL` is set but another required variable is not.
    #[error(
        "OpenStack: {0} is not set (OS_AUTH_URL is, so the other OS_* variables are required)"
    )]
    Missing(&'static str),
    #[error("OpenStack: {name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

impl Config {
    /// From the process environment; `Ok(None)` when `OS_AUTH_URL` is not set.
    pub fn from_env() -> Result<Option<Config>, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// From any lookup of the `OS_*` names (tests pass a map).
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Config>, ConfigError> {
        let _ = lookup;
        todo!()
    }
}
