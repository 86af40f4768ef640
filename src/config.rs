//! Settings read from `FOLLOWUP_*` environment variables, each with a default that works on a
//! laptop, so `cargo run --release` needs no configuration at all.

use std::time::Duration;

use ipnet::IpNet;
use thiserror::Error;

/// Shortest JWT secret we accept: HS256 is only as strong as its key.
pub const MIN_SECRET_BYTES: usize = 32;

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: String,
    /// `None` means: generate one on first start and keep it in the database.
    pub jwt_secret: Option<String>,
    /// Secrets signed with before the current one: tokens they signed stay valid until they
    /// expire, so the secret can be rotated without signing everyone out.
    pub jwt_previous_secrets: Vec<String>,
    /// Reverse proxies whose `Forwarded`/`X-Forwarded-*` headers name the client, and the host
    /// and scheme it reached the server at.
    pub trusted_proxies: Vec<IpNet>,
    /// `FOLLOWUP_PUBLIC_URL`: the scheme and authority clients reach the server at, for links
    /// the server hands out; `None` means the bind address (or what a trusted proxy says).
    pub public_url: Option<String>,
    pub quotas: Quotas,
    pub writes: WriteLimit,
    pub production: bool,
    pub tick: Duration,
    pub cors_origins: Vec<String>,
    pub auth: AuthSettings,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Memory for rendered list pages, in bytes; 0 turns the page cache off.
    pub page_cache_bytes: u64,
    pub webhooks: WebhookSettings,
    pub proofreader: ProofreaderLoad,
}

/// When the proofreader's checker (about 150 MB, one to two seconds) is loaded. Either way off
/// the request path: a check that comes before it is ready is answered 503 with `Retry-After`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProofreaderLoad {
    /// `on_demand`: on the first check, so a server nobody proofreads on never holds it.
    #[default]
    OnDemand,
    /// `at_start`: while the server starts, so that only checks in its first seconds are
    /// turned away.
    AtStart,
}

/// Where webhooks may deliver. By default only `https` to public addresses, so that nobody can
/// make the server call into its own network.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WebhookSettings {
    /// `FOLLOWUP_WEBHOOK_ALLOW_PRIVATE`: loopback, private and link-local addresses too.
    pub allow_private: bool,
    /// `FOLLOWUP_WEBHOOK_ALLOW_HTTP`: plain `http` URLs too.
    pub allow_http: bool,
}

/// Token lifetimes and the throttles on the login and registration endpoints.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub issuer: String,
    pub audience: String,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// Refresh tokens of one login are refused after this long, however often they rotate.
    pub session_max: Duration,
    /// Failed logins one client address may make on one account before it must wait...
    pub failures_per_client: u32,
    /// ...and those all addresses together may make before addresses that failed must wait...
    pub failures_per_account: u32,
    /// ...and how often one failure is forgiven after that.
    pub failure_refill: Duration,
    /// Requests to login/register one client address may send in a burst...
    pub ip_burst: u32,
    /// ...and how often one more is allowed after that.
    pub ip_replenish: Duration,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            issuer: "followup".into(),
            audience: "followup-api".into(),
            access_ttl: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(30 * 24 * 3600),
            session_max: Duration::from_secs(90 * 24 * 3600),
            failures_per_client: 5,
            failures_per_account: 20,
            failure_refill: Duration::from_secs(60),
            ip_burst: 20,
            ip_replenish: Duration::from_secs(3),
        }
    }
}

/// What one user may store. A job seeker never nears these; a runaway script reaches them early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotas {
    pub applications: u32,
    pub interviews: u32,
    pub people: u32,
    pub references: u32,
    pub open_tasks: u32,
    pub custom_rules: u32,
    pub api_tokens: u32,
    pub webhooks: u32,
    pub words: u32,
}

impl Default for Quotas {
    fn default() -> Self {
        Self {
            applications: 1_000,
            interviews: 1_000,
            people: 5_000,
            references: 500,
            open_tasks: 10_000,
            custom_rules: 50,
            api_tokens: 50,
            webhooks: 10,
            words: 1_000,
        }
    }
}

/// Writes one user may send: `burst` at once, then `per_minute`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteLimit {
    pub burst: u32,
    pub per_minute: u32,
}

impl Default for WriteLimit {
    fn default() -> Self {
        Self {
            burst: 200,
            per_minute: 120,
        }
    }
}

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("FOLLOWUP_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes long")]
    SecretTooShort,
    #[error("FOLLOWUP_JWT_SECRET must be set when FOLLOWUP_ENV=production")]
    SecretRequired,
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

impl Config {
    /// Defaults for local use: SQLite next to the working directory.
    pub fn local(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            bind: "127.0.0.1:8080".into(),
            jwt_secret: None,
            jwt_previous_secrets: Vec::new(),
            trusted_proxies: Vec::new(),
            public_url: None,
            quotas: Quotas::default(),
            writes: WriteLimit::default(),
            production: false,
            tick: Duration::from_secs(60),
            cors_origins: Vec::new(),
            auth: AuthSettings::default(),
            body_limit: 64 * 1024,
            page_cache_bytes: 64 << 20,
            webhooks: WebhookSettings::default(),
            proofreader: ProofreaderLoad::default(),
        }
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup` so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let mut config = Self::local(
            get("FOLLOWUP_DATABASE_URL").unwrap_or_else(|| "sqlite://followup.db".into()),
        );
        if let Some(bind) = get("FOLLOWUP_BIND") {
            config.bind = bind;
        }
        config.production = get("FOLLOWUP_ENV").is_some_and(|v| v == "production");
        config.jwt_secret = get("FOLLOWUP_JWT_SECRET");
        if let Some(tick) = get("FOLLOWUP_TICK_SECONDS") {
            let secs: u64 = tick.parse().map_err(|_| ConfigError::Invalid {
                name: "FOLLOWUP_TICK_SECONDS",
                reason: format!("`{tick}` is not a whole number of seconds"),
            })?;
            if secs == 0 {
                return Err(ConfigError::Invalid {
                    name: "FOLLOWUP_TICK_SECONDS",
                    reason: "must be at least 1".into(),
                });
            }
            config.tick = Duration::from_secs(secs);
        }
        if let Some(mb) = get("FOLLOWUP_PAGE_CACHE_MB") {
            let mb: u64 = mb.parse().map_err(|_| ConfigError::Invalid {
                name: "FOLLOWUP_PAGE_CACHE_MB",
                reason: format!("`{mb}` is not a whole number of megabytes"),
            })?;
            config.page_cache_bytes = mb.saturating_mul(1 << 20);
        }
        if let Some(list) = get("FOLLOWUP_JWT_PREVIOUS_SECRETS") {
            config.jwt_previous_secrets = split_list(&list).map(str::to_string).collect();
        }
        if let Some(url) = get("FOLLOWUP_PUBLIC_URL") {
            config.public_url = Some(public_url(&url)?);
        }
        if let Some(list) = get("FOLLOWUP_TRUSTED_PROXIES") {
            config.trusted_proxies = split_list(&list)
                .map(|net| {
                    net.parse::<IpNet>()
                        .or_else(|_| net.parse::<std::net::IpAddr>().map(IpNet::from))
                        .map_err(|_| ConfigError::Invalid {
                            name: "FOLLOWUP_TRUSTED_PROXIES",
                            reason: format!("`{net}` is not an address or a CIDR block"),
                        })
                })
                .collect::<Result<_, _>>()?;
        }
        let count = |name: &'static str, default: u32| -> Result<u32, ConfigError> {
            get(name).map_or(Ok(default), |v| {
                v.trim().parse().map_err(|_| ConfigError::Invalid {
                    name,
                    reason: format!("`{v}` is not a whole number"),
                })
            })
        };
        let quotas = Quotas::default();
        config.quotas = Quotas {
            applications: count("FOLLOWUP_MAX_APPLICATIONS", quotas.applications)?,
            interviews: count("FOLLOWUP_MAX_INTERVIEWS", quotas.interviews)?,
            people: count("FOLLOWUP_MAX_PEOPLE", quotas.people)?,
            references: count("FOLLOWUP_MAX_REFERENCES", quotas.references)?,
            open_tasks: count("FOLLOWUP_MAX_OPEN_TASKS", quotas.open_tasks)?,
            custom_rules: count("FOLLOWUP_MAX_CUSTOM_RULES", quotas.custom_rules)?,
            api_tokens: count("FOLLOWUP_MAX_API_TOKENS", quotas.api_tokens)?,
            webhooks: count("FOLLOWUP_MAX_WEBHOOKS", quotas.webhooks)?,
            words: count("FOLLOWUP_MAX_WORDS", quotas.words)?,
        };
        let writes = WriteLimit::default();
        config.writes = WriteLimit {
            burst: count("FOLLOWUP_WRITE_BURST", writes.burst)?,
            per_minute: count("FOLLOWUP_WRITES_PER_MINUTE", writes.per_minute)?,
        };
        let flag = |name: &'static str| -> Result<bool, ConfigError> {
            get(name).map_or(Ok(false), |v| match v.trim() {
                "true" | "1" => Ok(true),
                "false" | "0" | "" => Ok(false),
                other => Err(ConfigError::Invalid {
                    name,
                    reason: format!("`{other}` is neither true nor false"),
                }),
            })
        };
        config.webhooks = WebhookSettings {
            allow_private: flag("FOLLOWUP_WEBHOOK_ALLOW_PRIVATE")?,
            allow_http: flag("FOLLOWUP_WEBHOOK_ALLOW_HTTP")?,
        };
        if let Some(load) = get("FOLLOWUP_PROOFREADER") {
            config.proofreader = match load.trim() {
                "on_demand" => ProofreaderLoad::OnDemand,
                "at_start" => ProofreaderLoad::AtStart,
                other => {
                    return Err(ConfigError::Invalid {
                        name: "FOLLOWUP_PROOFREADER",
                        reason: format!("`{other}` is neither on_demand nor at_start"),
                    });
                }
            };
        }
        if let Some(origins) = get("FOLLOWUP_CORS_ORIGINS") {
            config.cors_origins = split_list(&origins).map(str::to_string).collect();
        }
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        if self
            .jwt_previous_secrets
            .iter()
            .any(|s| s.len() < MIN_SECRET_BYTES)
        {
            return Err(ConfigError::Invalid {
                name: "FOLLOWUP_JWT_PREVIOUS_SECRETS",
                reason: format!("each secret must be at least {MIN_SECRET_BYTES} bytes long"),
            });
        }
        if self.writes.burst == 0 || self.writes.per_minute == 0 {
            return Err(ConfigError::Invalid {
                name: "FOLLOWUP_WRITE_BURST",
                reason: "the write limit and its rate must be at least 1".into(),
            });
        }
        match &self.jwt_secret {
            Some(secret) if secret.len() < MIN_SECRET_BYTES => Err(ConfigError::SecretTooShort),
            None if self.production => Err(ConfigError::SecretRequired),
            _ => Ok(()),
        }
    }
}

/// `https://host[:port]` (or `http`), with at most a path prefix; stored without the final `/`.
fn public_url(text: &str) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::Invalid {
        name: "FOLLOWUP_PUBLIC_URL",
        reason: format!("`{text}` {reason}"),
    };
    let url = url::Url::parse(text.trim()).map_err(|_| invalid("is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid("must be an http or https URL with a host"));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(invalid("must hold no query, fragment or user name"));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

fn split_list(list: &str) -> impl Iterator<Item = &str> {
    list.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_lookup(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn defaults_need_no_configuration() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(c.database_url, "sqlite://followup.db");
        assert_eq!(c.bind, "127.0.0.1:8080");
        assert!(c.jwt_secret.is_none());
        assert_eq!(c.tick, Duration::from_secs(60));
        assert_eq!(c.proofreader, ProofreaderLoad::OnDemand);
    }

    #[test]
    fn the_proofreader_loads_when_asked() {
        let at_start = config(&[("FOLLOWUP_PROOFREADER", "at_start")]).expect("valid");
        assert_eq!(at_start.proofreader, ProofreaderLoad::AtStart);
        let wrong = config(&[("FOLLOWUP_PROOFREADER", "eager")]);
        assert!(
            matches!(
                wrong,
                Err(ConfigError::Invalid {
                    name: "FOLLOWUP_PROOFREADER",
                    ..
                })
            ),
            "{wrong:?}"
        );
    }

    #[test]
    fn short_secret_refuses_to_start() {
        assert!(matches!(
            config(&[("FOLLOWUP_JWT_SECRET", "too-short")]),
            Err(ConfigError::SecretTooShort)
        ));
    }

    #[test]
    fn production_requires_an_explicit_secret() {
        assert!(matches!(
            config(&[("FOLLOWUP_ENV", "production")]),
            Err(ConfigError::SecretRequired)
        ));
        let secret = "x".repeat(32);
        assert!(
            config(&[
                ("FOLLOWUP_ENV", "production"),
                ("FOLLOWUP_JWT_SECRET", &secret)
            ])
            .is_ok()
        );
    }

    #[test]
    fn origins_and_tick_are_parsed() {
        let c = config(&[
            (
                "FOLLOWUP_CORS_ORIGINS",
                "https://a.example, https://b.example",
            ),
            ("FOLLOWUP_TICK_SECONDS", "5"),
        ])
        .expect("valid");
        assert_eq!(
            c.cors_origins,
            vec!["https://a.example", "https://b.example"]
        );
        assert_eq!(c.tick, Duration::from_secs(5));
        assert!(config(&[("FOLLOWUP_TICK_SECONDS", "soon")]).is_err());
        assert!(config(&[("FOLLOWUP_TICK_SECONDS", "0")]).is_err());
    }

    #[test]
    fn the_page_cache_budget_is_in_megabytes_and_zero_turns_it_off() {
        assert_eq!(config(&[]).expect("defaults").page_cache_bytes, 64 << 20);
        let c = config(&[("FOLLOWUP_PAGE_CACHE_MB", "8")]).expect("valid");
        assert_eq!(c.page_cache_bytes, 8 << 20);
        let off = config(&[("FOLLOWUP_PAGE_CACHE_MB", "0")]).expect("valid");
        assert_eq!(off.page_cache_bytes, 0);
        assert!(config(&[("FOLLOWUP_PAGE_CACHE_MB", "lots")]).is_err());
        assert!(config(&[("FOLLOWUP_PAGE_CACHE_MB", "-1")]).is_err());
    }

    #[test]
    fn the_public_url_is_an_http_address_kept_without_its_final_slash() {
        let c = config(&[("FOLLOWUP_PUBLIC_URL", "https://followup.example/")]).expect("valid");
        assert_eq!(c.public_url.as_deref(), Some("https://followup.example"));
        let c = config(&[("FOLLOWUP_PUBLIC_URL", "https://example.org/followup/")]).expect("valid");
        assert_eq!(
            c.public_url.as_deref(),
            Some("https://example.org/followup")
        );
        for bad in [
            "followup.example",
            "ftp://x.example",
            "https://x.example/?a=1",
            "https://u@x.example",
        ] {
            assert!(config(&[("FOLLOWUP_PUBLIC_URL", bad)]).is_err(), "{bad}");
        }
    }

    #[test]
    fn proxies_quotas_and_write_limits_are_parsed() {
        let c = config(&[
            (
                "FOLLOWUP_TRUSTED_PROXIES",
                "10.0.0.0/8, 192.0.2.1, 2001:db8::/32",
            ),
            ("FOLLOWUP_MAX_PEOPLE", "7"),
            ("FOLLOWUP_WRITES_PER_MINUTE", "30"),
        ])
        .expect("valid");
        assert_eq!(c.trusted_proxies.len(), 3);
        assert!(c.trusted_proxies[1].contains(&"192.0.2.1".parse::<std::net::IpAddr>().unwrap()));
        assert_eq!(c.quotas.people, 7);
        assert_eq!(c.quotas.interviews, 1_000);
        assert_eq!(c.writes.per_minute, 30);
        assert!(config(&[("FOLLOWUP_TRUSTED_PROXIES", "10.0.0.0/33")]).is_err());
        assert!(config(&[("FOLLOWUP_MAX_PEOPLE", "many")]).is_err());
        assert!(config(&[("FOLLOWUP_WRITE_BURST", "0")]).is_err());
        assert!(config(&[("FOLLOWUP_JWT_PREVIOUS_SECRETS", "short")]).is_err());
    }
}
