//! The client's address, for throttles: the socket peer, or, when the peer is one of
//! `FOLLOWUP_TRUSTED_PROXIES`, the address the proxies recorded in `Forwarded` (RFC 7239) or
//! `X-Forwarded-For`. Only hops appended by trusted proxies are believed: reading from the right,
//! the first address that is not a trusted proxy is the client, whatever a client wrote further
//! left. IPv6 clients are bucketed by their /64, the block one subscriber usually holds.

use std::net::{IpAddr, Ipv6Addr};

use actix_web::HttpRequest;
use actix_web::http::header::HeaderMap;
use ipnet::IpNet;

/// The throttling key of the request's client.
pub fn client_bucket(req: &HttpRequest, trusted: &[IpNet]) -> IpAddr {
    let peer = req.peer_addr().map(|a| a.ip());
    bucket(client(peer, req.headers(), trusted))
}

/// The client's address. Without a peer address (a unix socket) all requests share one.
pub fn client(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer = peer.map(canonical).unwrap_or(IpAddr::from([0, 0, 0, 0]));
    if !is_trusted(peer, trusted) {
        return peer;
    }
    let hops = forwarded_for(headers);
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop {
            Some(addr) => {
                client = *addr;
                if !is_trusted(*addr, trusted) {
                    break;
                }
            }
            // An obfuscated or unknown hop: the proxy that appended it is the last we know.
            None => break,
        }
    }
    client
}

/// IPv4 as it is; IPv6 cut to its /64.
pub fn bucket(addr: IpAddr) -> IpAddr {
    match canonical(addr) {
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(prefix))
        }
        v4 => v4,
    }
}

fn canonical(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(addr, IpAddr::V4),
        v4 => v4,
    }
}

pub fn is_trusted(addr: IpAddr, trusted: &[IpNet]) -> bool {
    trusted.iter().any(|net| net.contains(&addr))
}

/// The hops, nearest last: `Forwarded`'s `for=` when present, else `X-Forwarded-For`. `None`
/// marks a hop that names no address.
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<&str> = headers
        .get_all("forwarded")
        .filter_map(|v| v.to_str().ok())
        .collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(name, _)| name.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, value)| node(value.trim().trim_matches('"')))
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|hop| node(hop.trim()))
        .collect()
}

/// An address as proxies write it: bare, `[v6]`, `[v6]:port` or `v4:port`.
fn node(text: &str) -> Option<IpAddr> {
    if let Ok(addr) = text.parse::<IpAddr>() {
        return Some(canonical(addr));
    }
    if let Some(rest) = text.strip_prefix('[') {
        let (inside, _) = rest.split_once(']')?;
        return inside.parse::<IpAddr>().ok().map(canonical);
    }
    let (host, port) = text.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().expect("a CIDR")).collect()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let h = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(
            client(Some(ip("198.51.100.7")), &h, &nets(&["10.0.0.0/8"])),
            ip("198.51.100.7")
        );
        assert_eq!(client(Some(ip("10.0.0.2")), &h, &[]), ip("10.0.0.2"));
    }

    #[test]
    fn behind_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client() {
        let trusted = nets(&["10.0.0.0/8"]);
        // The client forged the leftmost entry; the proxy appended the real one.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.0.0.5")]);
        assert_eq!(
            client(Some(ip("10.0.0.1")), &h, &trusted),
            ip("203.0.113.9")
        );
        let h = headers(&[(
            "forwarded",
            "for=1.2.3.4, for=\"[2001:db8:cafe::17]:4711\";proto=https",
        )]);
        assert_eq!(
            client(Some(ip("10.0.0.1")), &h, &trusted),
            ip("2001:db8:cafe::17")
        );
        // No header: the proxy itself.
        assert_eq!(
            client(Some(ip("10.0.0.1")), &HeaderMap::new(), &trusted),
            ip("10.0.0.1")
        );
        // An obfuscated hop stops the walk at the proxy that wrote it.
        let h = headers(&[("forwarded", "for=203.0.113.9, for=_hidden")]);
        assert_eq!(client(Some(ip("10.0.0.1")), &h, &trusted), ip("10.0.0.1"));
    }

    #[test]
    fn ipv6_clients_share_a_bucket_per_64() {
        assert_eq!(
            bucket(ip("2001:db8:1:2:aaaa::1")),
            bucket(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(bucket(ip("2001:db8:1:2::1")), bucket(ip("2001:db8:1:3::1")));
        assert_eq!(bucket(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(bucket(ip("192.0.2.1")), ip("192.0.2.1"));
    }
}
