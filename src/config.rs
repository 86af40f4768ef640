//! Settings read from `FOLLOWUP_*` environment variables, each with a default that works on a
//! laptop, so `cargo run --release` needs no configuration at all.

use std::time::Duration;

use thiserror::Error;

/// Shortest JWT secret we accept: HS256 is only as strong as its key.
pub const MIN_SECRET_BYTES: usize = 32;

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: String,
    /// `None` means: generate one on first start and keep it in the database.
    pub jwt_secret: Option<String>,
    pub production: bool,
    pub tick: Duration,
    pub cors_origins: Vec<String>,
    pub auth: AuthSettings,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Memory for rendered list pages, in bytes; 0 turns the page cache off.
    pub page_cache_bytes: u64,
}

/// Token lifetimes and the throttles on the login and registration endpoints.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub issuer: String,
    pub audience: String,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// Consecutive failed logins after which an account is locked for `lockout`.
    pub max_failed_logins: u32,
    pub lockout: Duration,
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
            max_failed_logins: 5,
            lockout: Duration::from_secs(5 * 60),
            ip_burst: 20,
            ip_replenish: Duration::from_secs(3),
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
            production: false,
            tick: Duration::from_secs(60),
            cors_origins: Vec::new(),
            auth: AuthSettings::default(),
            body_limit: 64 * 1024,
            page_cache_bytes: 64 << 20,
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
        if let Some(origins) = get("FOLLOWUP_CORS_ORIGINS") {
            config.cors_origins = origins
                .split(',')
                .map(|o| o.trim().to_string())
                .filter(|o| !o.is_empty())
                .collect();
        }
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        match &self.jwt_secret {
            Some(secret) if secret.len() < MIN_SECRET_BYTES => Err(ConfigError::SecretTooShort),
            None if self.production => Err(ConfigError::SecretRequired),
            _ => Ok(()),
        }
    }
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
}
