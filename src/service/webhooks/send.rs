//! Sending deliveries: where to (`https`, public addresses only, checked by the resolver the
//! client connects through, so a name cannot be re-pointed inside between the check and the
//! connection), signed as Standard Webhooks specifies, with a short timeout and no redirects.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use reqwest::Url;
use sha2::Sha256;

use super::address::is_public;
use crate::config::WebhookSettings;

/// An endpoint gets this long to answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Why an address is refused, whatever the reason: unresolvable, or not globally reachable.
pub const NOT_PUBLIC: &str = "must name a host with a public address";
/// The prefix of a signing secret, as Standard Webhooks writes them.
pub const SECRET_PREFIX: &str = "whsec_";

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The endpoint's status code, when it answered.
    pub status: Option<u16>,
    /// Why it failed, when it did.
    pub error: Option<String>,
    pub duration: Duration,
}

impl Outcome {
    pub fn delivered(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Where webhooks may go: the scheme, the form of the URL, and public addresses only (unless
/// the settings say otherwise). Registration asks it, and so does every connection.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    settings: WebhookSettings,
}

impl Policy {
    pub fn new(settings: WebhookSettings) -> Self {
        Self { settings }
    }

    /// Whether `url` may be registered: its scheme, its form, and where its host points now.
    pub async fn check(&self, url: &str) -> Result<(), String> {
        let url = self.parse(url)?;
        match url.host() {
            Some(url::Host::Domain(name)) => self.lookup(name).await.map(|_| ()),
            Some(url::Host::Ipv4(ip)) => self.allowed(&[IpAddr::V4(ip)]),
            Some(url::Host::Ipv6(ip)) => self.allowed(&[IpAddr::V6(ip)]),
            None => Err("must name a host".into()),
        }
    }

    fn parse(&self, text: &str) -> Result<Url, String> {
        let url = Url::parse(text).map_err(|err| format!("is not a URL: {err}"))?;
        match url.scheme() {
            "https" => {}
            "http" if self.settings.allow_http => {}
            "http" => return Err("must be https".into()),
            other => return Err(format!("must be https, not {other}")),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("must not hold a user name or password".into());
        }
        if url.host().is_none() {
            return Err("must name a host".into());
        }
        Ok(url)
    }

    /// The addresses of `name`, all of them allowed: a name with one public and one private
    /// address cannot be used to reach the private one. A name that does not resolve gets the
    /// same answer as one that points inside, and neither says where it points: registration
    /// must not tell anyone what the server's own resolver knows.
    async fn lookup(&self, name: &str) -> Result<Vec<SocketAddr>, String> {
        let addresses: Vec<SocketAddr> =
            tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::lookup_host((name, 0)))
                .await
                .map_err(|_| NOT_PUBLIC.to_string())?
                .map_err(|_| NOT_PUBLIC.to_string())?
                .collect();
        if addresses.is_empty() {
            return Err(NOT_PUBLIC.into());
        }
        let ips: Vec<IpAddr> = addresses.iter().map(SocketAddr::ip).collect();
        self.allowed(&ips)?;
        Ok(addresses)
    }

    fn allowed(&self, ips: &[IpAddr]) -> Result<(), String> {
        if self.settings.allow_private || ips.iter().all(|ip| is_public(*ip)) {
            Ok(())
        } else {
            Err(NOT_PUBLIC.into())
        }
    }
}

/// Name resolution for deliveries, through the policy: the client connects to the addresses
/// that were checked, so a name cannot be re-pointed inside between the check and the
/// connection.
struct CheckedResolver(Policy);

impl reqwest::dns::Resolve for CheckedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.0;
        let name = name.as_str().to_string();
        Box::pin(async move {
            let addresses = policy.lookup(&name).await?;
            Ok(Box::new(addresses.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Sends deliveries: one HTTP client for all of them (its TLS context is built once), asking
/// the policy about every address it connects to.
#[derive(Clone)]
pub struct Sender {
    policy: Policy,
    client: reqwest::Client,
}

impl Sender {
    pub fn new(settings: WebhookSettings) -> Result<Self, String> {
        Self::with_timeout(settings, TIMEOUT)
    }

    /// A sender whose endpoints get `timeout` to answer, for tests of endpoints that never do.
    pub fn with_timeout(settings: WebhookSettings, timeout: Duration) -> Result<Self, String> {
        let policy = Policy::new(settings);
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(CONNECT_TIMEOUT.min(timeout))
            .redirect(reqwest::redirect::Policy::none())
            // A proxy from the environment (`HTTPS_PROXY`) would resolve the name itself, past
            // the checking resolver.
            .no_proxy()
            .dns_resolver(std::sync::Arc::new(CheckedResolver(policy)))
            .user_agent(concat!("followup-webhooks/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| format!("cannot set up the webhook client: {err}"))?;
        Ok(Self { policy, client })
    }

    /// Posts `body` to `url`, signed with `secret` under the event id `id`.
    pub async fn send(&self, url: &str, secret: &str, id: &str, body: &str) -> Outcome {
        let started = Instant::now();
        let result = self.try_send(url, secret, id, body).await;
        let duration = started.elapsed();
        match result {
            Ok(status) => Outcome {
                status: Some(status),
                error: (!(200..300).contains(&status))
                    .then(|| format!("the endpoint answered {status}")),
                duration,
            },
            Err(error) => Outcome {
                status: None,
                error: Some(error),
                duration,
            },
        }
    }

    async fn try_send(&self, url: &str, secret: &str, id: &str, body: &str) -> Result<u16, String> {
        let url = self.policy.parse(url)?;
        // A name goes through the checking resolver; an address written in the URL is checked here.
        match url.host() {
            Some(url::Host::Ipv4(ip)) => self.policy.allowed(&[IpAddr::V4(ip)])?,
            Some(url::Host::Ipv6(ip)) => self.policy.allowed(&[IpAddr::V6(ip)])?,
            _ => {}
        }
        // Receivers compare it with their own clock to refuse replays: the machine's time, not
        // the service's (which tests move).
        let timestamp = chrono::Utc::now().timestamp().to_string();
        let signature = sign(secret, id, &timestamp, body)?;
        let response = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", &timestamp)
            .header("webhook-signature", signature)
            .body(body.to_string())
            .send()
            .await
            .map_err(describe)?;
        Ok(response.status().as_u16())
    }
}

/// `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the secret's key.
pub fn sign(secret: &str, id: &str, timestamp: &str, body: &str) -> Result<String, String> {
    let key = STANDARD
        .decode(secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret))
        .map_err(|_| "the signing secret is corrupt".to_string())?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key)
        .map_err(|_| "the signing key is unusable".to_string())?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Ok(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// A new signing secret: 32 random bytes.
pub fn new_secret() -> Result<String, getrandom::Error> {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key)?;
    Ok(format!("{SECRET_PREFIX}{}", STANDARD.encode(key)))
}

fn describe(err: reqwest::Error) -> String {
    if err.is_timeout() {
        "no answer in time".to_string()
    } else if err.is_connect() {
        // The innermost cause says why: refused, unreachable, or a refused address.
        let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(&err);
        let mut why = None;
        while let Some(inner) = cause {
            why = Some(inner.to_string());
            cause = inner.source();
        }
        match why {
            Some(why) => format!("could not connect: {why}"),
            None => "could not connect".into(),
        }
    } else {
        err.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_match_the_standard_webhooks_example() {
        // The example of the Standard Webhooks specification.
        let signature = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265330",
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(
            signature.as_deref(),
            Ok("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
    }

    #[tokio::test]
    async fn registration_refuses_what_delivery_would() {
        let strict = Policy::new(WebhookSettings::default());
        assert_eq!(
            strict.check("http://example.com/hook").await,
            Err("must be https".into())
        );
        for inside in [
            "https://127.0.0.1/hook",
            "https://[::1]:8443/hook",
            "https://[::127.0.0.1]/hook",
            "https://[64:ff9b::a9fe:a9fe]/hook",
            "https://localhost/hook",
            "https://no-such-host.invalid/hook",
        ] {
            assert_eq!(
                strict.check(inside).await,
                Err(NOT_PUBLIC.into()),
                "{inside}"
            );
        }
        assert!(strict.check("https://user:pw@example.com/").await.is_err());
        assert!(strict.check("ftp://example.com/").await.is_err());
        let local = Policy::new(WebhookSettings {
            allow_private: true,
            allow_http: true,
        });
        assert_eq!(local.check("http://127.0.0.1:9/hook").await, Ok(()));
    }
}
