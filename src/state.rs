//! What every request can reach: the service (the database and the clock), the token keys, the settings, the
//! throttles and the proofreader. Built once at start-up, after the migrations have run.

use std::sync::Arc;

use crate::auth::JwtKeys;
use crate::clock::Clock;
use crate::config::{Config, MIN_SECRET_BYTES, ProofreaderLoad};
use crate::db::{self, Backend, DbConnection, DbError};
use crate::http::page_cache::PageCache;
use crate::http::write_limit::WriteLimiter;
use crate::proofread::Proofreader;
use crate::service::Service;
use crate::service::throttle::LoginThrottle;
use crate::store;

#[derive(Clone)]
pub struct AppState {
    pub service: Service,
    pub backend: Backend,
    pub config: Arc<Config>,
    pub jwt: Arc<JwtKeys>,
    pub login_throttle: Arc<LoginThrottle>,
    pub write_limiter: Arc<WriteLimiter>,
    pub pages: Arc<PageCache>,
    pub proofreader: Arc<Proofreader>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("cannot set up the JWT secret: {0}")]
    Secret(String),
}

impl AppState {
    /// Connects, migrates and prepares the keys. Blocking: call before the server starts.
    /// Every "now" of the server comes from `clock`.
    pub fn start(config: Config, clock: Clock) -> Result<Self, StartupError> {
        config.validate()?;
        let manager = db::ConnectionManager::new(&config.database_url)?;
        // Before anything touches the file: a second server stops here.
        let claim = manager.sqlite_path().map(db::claim_sqlite).transpose()?;
        let pool = db::connect(&config.database_url)?;
        let mut conn = pool.get().map_err(DbError::from)?;
        let report = db::run_migrations(&mut conn)?;
        if !report.applied.is_empty() {
            tracing::info!(applied = ?report.applied, "migrations applied");
        }
        let secret = resolve_secret(&mut conn, &config)?;
        drop(conn);
        let previous: Vec<&[u8]> = config
            .jwt_previous_secrets
            .iter()
            .map(|s| s.as_bytes())
            .collect();
        let pages = PageCache::new(pool.changes().clone(), claim, config.page_cache_bytes);
        let proofreader = match config.proofreader {
            ProofreaderLoad::OnDemand => Proofreader::on_demand(),
            ProofreaderLoad::AtStart => Proofreader::at_start(),
        };
        let service = Service::new(pool, clock.clone()).with_quotas(config.quotas);
        let shared = manager.backend() == Backend::Postgres;
        let login_throttle =
            LoginThrottle::new(&config.auth, secret.as_bytes(), service.clone(), shared);
        Ok(Self {
            service,
            backend: manager.backend(),
            pages: Arc::new(pages),
            proofreader: Arc::new(proofreader),
            jwt: Arc::new(JwtKeys::with_previous(
                secret.as_bytes(),
                &previous,
                &config.auth,
                clock.clone(),
            )),
            login_throttle: Arc::new(login_throttle),
            write_limiter: Arc::new(WriteLimiter::new(config.writes)),
            config: Arc::new(config),
        })
    }
}

const SECRET_KEY: &str = "jwt_secret";

/// The configured secret, or the one generated on a first start and kept in the database so
/// that tokens survive restarts and are shared by every instance.
fn resolve_secret(conn: &mut DbConnection, config: &Config) -> Result<String, StartupError> {
    if let Some(secret) = &config.jwt_secret {
        return Ok(secret.clone());
    }
    let candidate =
        crate::auth::token::generate("").map_err(|err| StartupError::Secret(err.to_string()))?;
    let secret = store::settings::get_or_insert(conn, SECRET_KEY, &candidate)
        .map_err(|err| StartupError::Secret(err.to_string()))?;
    if secret.len() < MIN_SECRET_BYTES {
        return Err(StartupError::Secret(
            "the stored secret is too short".into(),
        ));
    }
    tracing::warn!(
        "FOLLOWUP_JWT_SECRET is not set: using a secret generated and kept in the database; \
         set it explicitly in production"
    );
    Ok(secret)
}
