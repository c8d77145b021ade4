//! Everything the server takes from its environment, read in one place and checked once at
//! start-up: a bad value stops the server with a message naming the variable, and nothing
//! reads the environment after that. The variables are listed in the README.

use crate::auth_layer::ProxyHops;
use crate::resilience;
use domain::db::{self, DbLimits};
use std::sync::OnceLock;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`; the embedded SQLite file by default.
    pub database_url: String,
    /// `CUMULUS_STATEMENT_TIMEOUT_MS`: how long one statement may run while serving.
    pub db_limits: DbLimits,
    /// `CUMULUS_REQUEST_TIMEOUT_MS`: how long one request may take.
    pub request_time_limit: Duration,
    /// `CUMULUS_TRUST_PROXY`: how many proxies in front append to `X-Forwarded-For`.
    pub proxy_hops: ProxyHops,
    /// `CUMULUS_PUBLIC_URL` is https: cookies get the `Secure` flag.
    pub secure_cookies: bool,
    /// `CUMULUS_ADMIN_EMAIL` / `CUMULUS_ADMIN_PASSWORD`: the first staff account.
    pub admin_email: Option<String>,
    pub admin_password: Option<String>,
    /// `CUMULUS_LICENCE_LIMIT`: the licence limit's first value.
    pub licence_limit: Option<u64>,
    /// `CUMULUS_CLOUD_SYNC_SECS`: how often every client's cloud is read back (0: never).
    pub cloud_sync_secs: Option<u32>,
    /// `CUMULUS_WORKER_ID`, else `HOSTNAME` (with the port): the job worker's stable name.
    pub worker_id: Option<String>,
    pub hostname: Option<String>,
    /// `OS_*`: a real OpenStack; the local stand-in without `OS_AUTH_URL`.
    pub openstack: Option<cumulus_openstack::Config>,
    /// `CUMULUS_OPENSTACK_LATENCY_MS`: the stand-in's delay per cloud call (browser tests).
    pub openstack_latency: Duration,
}

impl Config {
    /// The process's configuration: read and checked the first time, the same after that.
    pub fn load() -> Result<&'static Config, String> {
        static CURRENT: OnceLock<Config> = OnceLock::new();
        if let Some(config) = CURRENT.get() {
            return Ok(config);
        }
        let config = Self::from_lookup(|name| std::env::var(name).ok())?;
        Ok(CURRENT.get_or_init(|| config))
    }

    /// From any lookup of the variables (tests pass a map). Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let number = |name: &str| -> Result<Option<u64>, String> {
            get(name)
                .map(|v| {
                    v.parse()
                        .map_err(|_| format!("{name} must be a whole number, not {v:?}"))
                })
                .transpose()
        };
        let proxy_hops = match get("CUMULUS_TRUST_PROXY").as_deref() {
            None | Some("0" | "false") => ProxyHops(0),
            Some("true") => ProxyHops(1),
            Some(v) => ProxyHops(v.parse().map_err(|_| {
                format!("CUMULUS_TRUST_PROXY must be a number of proxies or true, not {v:?}")
            })?),
        };
        Ok(Config {
            database_url: get("DATABASE_URL")
                .unwrap_or_else(|| db::DEFAULT_DATABASE_URL.to_owned()),
            db_limits: DbLimits::parse(get(DbLimits::ENV).as_deref())?,
            request_time_limit: resilience::parse_time_limit(get(resilience::ENV).as_deref())?,
            proxy_hops,
            secure_cookies: get("CUMULUS_PUBLIC_URL").is_some_and(|u| u.starts_with("https://")),
            admin_email: get("CUMULUS_ADMIN_EMAIL"),
            admin_password: get("CUMULUS_ADMIN_PASSWORD"),
            licence_limit: number("CUMULUS_LICENCE_LIMIT")?,
            cloud_sync_secs: number("CUMULUS_CLOUD_SYNC_SECS")?
                .map(|s| {
                    u32::try_from(s).map_err(|_| "CUMULUS_CLOUD_SYNC_SECS is too large".to_owned())
                })
                .transpose()?,
            worker_id: get("CUMULUS_WORKER_ID"),
            hostname: get("HOSTNAME"),
            openstack: cumulus_openstack::Config::from_lookup(&lookup)
                .map_err(|e| e.to_string())?,
            openstack_latency: Duration::from_millis(
                number("CUMULUS_OPENSTACK_LATENCY_MS")?.unwrap_or(0),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> Result<Config, String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    #[test]
    fn nothing_set_means_the_defaults() {
        let c = with(&[]).unwrap();
        assert_eq!(c.database_url, db::DEFAULT_DATABASE_URL);
        assert_eq!(c.proxy_hops, ProxyHops(0));
        assert!(!c.secure_cookies);
        assert_eq!(c.request_time_limit, resilience::DEFAULT_TIME_LIMIT);
        assert!(c.openstack.is_none() && c.licence_limit.is_none());
        assert_eq!(c.openstack_latency, Duration::ZERO);
    }

    #[test]
    fn values_are_read_and_bad_ones_named() {
        let c = with(&[
            ("CUMULUS_TRUST_PROXY", "true"),
            ("CUMULUS_PUBLIC_URL", "https://panel.example"),
            ("CUMULUS_LICENCE_LIMIT", "42"),
            ("CUMULUS_OPENSTACK_LATENCY_MS", "1500"),
            ("CUMULUS_WORKER_ID", "  "),
        ])
        .unwrap();
        assert_eq!(c.proxy_hops, ProxyHops(1));
        assert!(c.secure_cookies);
        assert_eq!(c.licence_limit, Some(42));
        assert_eq!(c.openstack_latency, Duration::from_millis(1500));
        assert_eq!(c.worker_id, None, "blank is unset");
        for (name, value) in [
            ("CUMULUS_TRUST_PROXY", "several"),
            ("CUMULUS_LICENCE_LIMIT", "-1"),
            ("CUMULUS_CLOUD_SYNC_SECS", "hourly"),
            ("CUMULUS_OPENSTACK_LATENCY_MS", "1.5s"),
            ("CUMULUS_REQUEST_TIMEOUT_MS", "soon"),
            ("CUMULUS_STATEMENT_TIMEOUT_MS", "15s"),
        ] {
            let e = with(&[(name, value)]).unwrap_err();
            assert!(e.contains(name), "{name}: {e}");
        }
    }
}
