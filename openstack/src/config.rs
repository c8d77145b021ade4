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

    /// From any lookup of the `OS_*` names (tests pass a map). Empty values count as unset.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Config>, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|value| value.trim().to_string())
                .filter(|value| !value.is_empty())
        };
        let Some(auth_url) = get("OS_AUTH_URL") else {
            return Ok(None);
        };
        check_auth_url(&auth_url).map_err(|reason| ConfigError::Invalid {
            name: "OS_AUTH_URL",
            reason,
        })?;
        let required = |name: &'static str| get(name).ok_or(ConfigError::Missing(name));
        let timeout = match get("OS_TIMEOUT") {
            None => Duration::from_secs(30),
            Some(text) => match text.parse::<f64>() {
                Ok(seconds) if seconds.is_finite() && seconds > 0.0 && seconds < 86_400.0 => {
                    Duration::from_secs_f64(seconds)
                }
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "OS_TIMEOUT",
                        reason: format!("{text:?} is not a positive number of seconds"),
                    })
                }
            },
        };
        Ok(Some(Config {
            auth_url,
            username: required("OS_USERNAME")?,
            password: required("OS_PASSWORD")?,
            project_name: required("OS_PROJECT_NAME")?,
            user_domain_name: get("OS_USER_DOMAIN_NAME").unwrap_or_else(|| "Default".into()),
            project_domain_name: get("OS_PROJECT_DOMAIN_NAME").unwrap_or_else(|| "Default".into()),
            region_name: get("OS_REGION_NAME"),
            timeout,
            attempts: 3,
            backoff: Duration::from_millis(500),
        }))
    }

    /// Keystone's root: `OS_AUTH_URL` without a trailing `/` or `/v3`
    /// (`https://keystone.example.com:5000`); identity paths start with `/v3/`.
    pub(crate) fn identity_root(&self) -> String {
        let url = self.auth_url.trim().trim_end_matches('/');
        url.strip_suffix("/v3")
            .unwrap_or(url)
            .trim_end_matches('/')
            .to_string()
    }
}

/// An http(s) URL with a host.
pub(crate) fn check_auth_url(url: &str) -> Result<(), String> {
    match reqwest::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.has_host() => Ok(()),
        Ok(_) => Err(format!("{url:?} is not an http(s) URL")),
        Err(error) => Err(format!("{url:?} is not a URL ({error})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Option<Config>, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    const FULL: [(&str, &str); 4] = [
        ("OS_AUTH_URL", "https://keystone.example.com:5000/v3/"),
        ("OS_USERNAME", "cumulus"),
        ("OS_PASSWORD", "secret"),
        ("OS_PROJECT_NAME", "admin"),
    ];

    #[test]
    fn no_auth_url_means_no_cloud() {
        assert_eq!(config(&[]), Ok(None));
        assert_eq!(
            config(&[("OS_AUTH_URL", ""), ("OS_USERNAME", "x")]),
            Ok(None)
        );
    }

    #[test]
    fn the_defaults_fill_what_the_cli_would() {
        let config = config(&FULL).unwrap().unwrap();
        assert_eq!(config.username, "cumulus");
        assert_eq!(config.user_domain_name, "Default");
        assert_eq!(config.project_domain_name, "Default");
        assert_eq!(config.region_name, None);
        assert_eq!(config.timeout, Duration::from_secs(30));
        assert_eq!(config.attempts, 3);
        assert_eq!(config.backoff, Duration::from_millis(500));
        assert_eq!(config.identity_root(), "https://keystone.example.com:5000");
    }

    #[test]
    fn the_auth_url_may_or_may_not_end_in_v3() {
        for url in [
            "http://k:5000",
            "http://k:5000/",
            "http://k:5000/v3",
            "http://k:5000/v3/",
        ] {
            let mut vars = FULL.to_vec();
            vars[0] = ("OS_AUTH_URL", url);
            assert_eq!(
                config(&vars).unwrap().unwrap().identity_root(),
                "http://k:5000"
            );
        }
        let mut vars = FULL.to_vec();
        vars[0] = ("OS_AUTH_URL", "https://example.com/identity/v3");
        assert_eq!(
            config(&vars).unwrap().unwrap().identity_root(),
            "https://example.com/identity"
        );
    }

    #[test]
    fn a_missing_or_invalid_variable_is_named() {
        assert_eq!(config(&FULL[..2]), Err(ConfigError::Missing("OS_PASSWORD")));
        let mut vars = FULL.to_vec();
        vars.push(("OS_TIMEOUT", "soon"));
        assert!(matches!(
            config(&vars),
            Err(ConfigError::Invalid {
                name: "OS_TIMEOUT",
                ..
            })
        ));
        vars.pop();
        vars.push(("OS_TIMEOUT", "5"));
        vars.push(("OS_REGION_NAME", "RegionTwo"));
        vars.push(("OS_USER_DOMAIN_NAME", "Users"));
        let parsed = config(&vars).unwrap().unwrap();
        assert_eq!(parsed.timeout, Duration::from_secs(5));
        assert_eq!(parsed.region_name.as_deref(), Some("RegionTwo"));
        assert_eq!(parsed.user_domain_name, "Users");
        for bad in [
            "keystone.example.com:5000",
            "ftp://example.com/v3",
            "not a url",
        ] {
            let mut vars = FULL.to_vec();
            vars[0] = ("OS_AUTH_URL", bad);
            assert!(
                matches!(
                    config(&vars),
                    Err(ConfigError::Invalid {
                        name: "OS_AUTH_URL",
                        ..
                    })
                ),
                "{bad}"
            );
        }
    }
}
