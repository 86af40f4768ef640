//! The address clients reach the server at, for links the server hands out (the calendar
//! feed's): `FOLLOWUP_PUBLIC_URL` when it is set. Otherwise a trusted proxy
//! (`FOLLOWUP_TRUSTED_PROXIES`) may say which host and scheme the client used (`Forwarded`, or
//! `X-Forwarded-Host` and `X-Forwarded-Proto`), and without one it is the bind address. A
//! header sent by anybody else is ignored: it would let a caller have the server write a link
//! to a host of their choosing.

use actix_web::HttpRequest;
use actix_web::http::header::HeaderMap;

use crate::config::Config;
use crate::http::client_addr;

/// Scheme and authority, without a trailing slash: `https://followup.example`.
pub fn base(req: &HttpRequest, config: &Config) -> String {
    if let Some(url) = &config.public_url {
        return url.clone();
    }
    let peer = req.peer_addr().map(|a| a.ip());
    if peer.is_some_and(|ip| client_addr::is_trusted(ip, &config.trusted_proxies))
        && let Some((scheme, host)) = forwarded(req.headers())
    {
        return format!("{scheme}://{host}");
    }
    format!("http://{}", config.bind)
}

/// The scheme and host the nearest proxy recorded: `Forwarded`'s `proto` and `host` when it
/// has a host, else `X-Forwarded-Proto` and `X-Forwarded-Host`.
fn forwarded(headers: &HeaderMap) -> Option<(String, String)> {
    let last = |name: &str| {
        headers
            .get_all(name)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .next_back()
            .map(str::to_string)
    };
    let from_forwarded = last("forwarded").and_then(|element| {
        let value = |key: &str| {
            element
                .split(';')
                .filter_map(|pair| pair.split_once('='))
                .find(|(name, _)| name.trim().eq_ignore_ascii_case(key))
                .map(|(_, v)| v.trim().trim_matches('"').to_string())
        };
        Some((value("proto"), value("host")?))
    });
    let (scheme, host) = match from_forwarded {
        Some(found) => found,
        None => (last("x-forwarded-proto"), last("x-forwarded-host")?),
    };
    let scheme = match scheme.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("https") => "https",
        Some("http") | None => "http",
        Some(_) => return None,
    };
    is_authority(&host).then(|| (scheme.to_string(), host))
}

/// A host with an optional port, and nothing that could end or extend the authority.
fn is_authority(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 255
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn config(public_url: Option<&str>, trusted: &[&str]) -> Config {
        let mut config = Config::local("sqlite://unused.db");
        config.public_url = public_url.map(str::to_string);
        config.trusted_proxies = trusted.iter().filter_map(|n| n.parse().ok()).collect();
        config
    }

    fn request(peer: &str, headers: &[(&str, &str)]) -> HttpRequest {
        let mut req = TestRequest::get().peer_addr(
            peer.parse()
                .unwrap_or_else(|_| std::net::SocketAddr::from(([127, 0, 0, 1], 1))),
        );
        for (name, value) in headers {
            req = req.insert_header((*name, *value));
        }
        req.to_http_request()
    }

    #[test]
    fn forwarding_headers_count_only_through_trusted_proxies() {
        let forged = [
            ("x-forwarded-host", "attacker.example"),
            ("x-forwarded-proto", "https"),
        ];
        let untrusted = request("203.0.113.5:4000", &forged);
        assert_eq!(
            base(&untrusted, &config(None, &["10.0.0.0/8"])),
            "http://127.0.0.1:8080"
        );
        let proxied = request("10.0.0.2:4000", &forged);
        assert_eq!(
            base(&proxied, &config(None, &["10.0.0.0/8"])),
            "https://attacker.example"
        );
        let rfc = request(
            "10.0.0.2:4000",
            &[("forwarded", "for=1.2.3.4;proto=https;host=followup.example")],
        );
        assert_eq!(
            base(&rfc, &config(None, &["10.0.0.0/8"])),
            "https://followup.example"
        );
        let odd = request(
            "10.0.0.2:4000",
            &[("x-forwarded-host", "a.example/evil?x=")],
        );
        assert_eq!(
            base(&odd, &config(None, &["10.0.0.0/8"])),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn a_configured_address_wins_over_every_header() {
        let proxied = request("10.0.0.2:4000", &[("x-forwarded-host", "other.example")]);
        assert_eq!(
            base(
                &proxied,
                &config(Some("https://followup.example"), &["10.0.0.0/8"])
            ),
            "https://followup.example"
        );
    }
}
