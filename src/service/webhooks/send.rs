//! Sending one delivery: where to (`https`, a public address checked after DNS resolution and
//! then pinned, so a name cannot be re-pointed inside between the check and the connection),
//! signed as Standard Webhooks specifies, with a short timeout and no redirects.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use reqwest::Url;
use sha2::Sha256;

use crate::config::WebhookSettings;

/// An endpoint gets this long to answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
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

#[derive(Debug, Clone, Copy)]
pub struct Sender {
    settings: WebhookSettings,
}

impl Sender {
    pub fn new(settings: WebhookSettings) -> Self {
        Self { settings }
    }

    /// Whether `url` may be registered: its scheme, its form, and where its name points now.
    pub async fn check(&self, url: &str) -> Result<(), String> {
        let url = self.parse(url)?;
        self.resolve(&url).await.map(|_| ())
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
        let url = self.parse(url)?;
        let address = self.resolve(&url).await?;
        let mut client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("followup-webhooks/", env!("CARGO_PKG_VERSION")));
        if let Some(url::Host::Domain(name)) = url.host() {
            // Connect to the address that was checked, not to what the name says a moment later.
            client = client.resolve(name, address);
        }
        let client = client.build().map_err(|err| err.to_string())?;
        // Receivers compare it with their own clock to refuse replays: the machine's time, not
        // the service's (which tests move).
        let timestamp = chrono::Utc::now().timestamp().to_string();
        let signature = sign(secret, id, &timestamp, body)?;
        let response = client
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

    /// The address to connect to: every address the host has must be allowed, so that a name
    /// with one public and one private address cannot be used to reach the private one.
    async fn resolve(&self, url: &Url) -> Result<SocketAddr, String> {
        let port = url.port_or_known_default().unwrap_or(443);
        let addresses: Vec<SocketAddr> = match url.host() {
            Some(url::Host::Ipv4(ip)) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
            Some(url::Host::Ipv6(ip)) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
            Some(url::Host::Domain(name)) => {
                tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::lookup_host((name, port)))
                    .await
                    .map_err(|_| format!("cannot resolve {name} in time"))?
                    .map_err(|err| format!("cannot resolve {name}: {err}"))?
                    .collect()
            }
            None => Vec::new(),
        };
        let first = *addresses
            .first()
            .ok_or_else(|| "the host has no address".to_string())?;
        if !self.settings.allow_private
            && let Some(inside) = addresses.iter().find(|a| !is_public(a.ip()))
        {
            return Err(format!(
                "points to {}, a private, loopback or link-local address",
                inside.ip()
            ));
        }
        Ok(first)
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

/// Whether an address is one the internet can reach: not loopback, private, link-local,
/// shared (CGNAT), unspecified, multicast or documentation space, in either family.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}

fn describe(err: reqwest::Error) -> String {
    if err.is_timeout() {
        format!("no answer within {} seconds", TIMEOUT.as_secs())
    } else if err.is_connect() {
        "could not connect".into()
    } else {
        err.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_addresses_are_not_public() {
        for inside in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(
                !is_public(inside.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))),
                "{inside}"
            );
        }
        for outside in ["93.184.216.34", "2606:2800:220:1::1"] {
            assert!(
                is_public(outside.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))),
                "{outside}"
            );
        }
    }

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
        let strict = Sender::new(WebhookSettings::default());
        assert_eq!(
            strict.check("http://example.com/hook").await,
            Err("must be https".into())
        );
        assert!(strict.check("https://127.0.0.1/hook").await.is_err());
        assert!(strict.check("https://[::1]:8443/hook").await.is_err());
        assert!(strict.check("https://user:pw@example.com/").await.is_err());
        assert!(strict.check("ftp://example.com/").await.is_err());
        let local = Sender::new(WebhookSettings {
            allow_private: true,
            allow_http: true,
        });
        assert_eq!(local.check("http://127.0.0.1:9/hook").await, Ok(()));
    }
}
