//! Which addresses a webhook may reach: the globally reachable ones only. The ranges come from
//! IANA's IPv4 and IPv6 Special-Purpose Address Registries (every block not marked "globally
//! reachable", and the few marked so that no receiver lives in: anycast relays, AS112, AMT), plus
//! multicast, the reserved 240/4, and IPv6 outside global unicast 2000::/3. Forms that carry an
//! IPv4 address inside an IPv6 one (mapped, compatible, NAT64, 6to4, Teredo) are judged by that
//! IPv4 address, so `[::ffff:127.0.0.1]` or `[64:ff9b::a9fe:a9fe]` reach nothing inside.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// IPv4 blocks no webhook may reach, as (network, prefix length).
const V4_BLOCKED: &[([u8; 4], u8)] = &[
    ([0, 0, 0, 0], 8),       // "this network" (RFC 791)
    ([10, 0, 0, 0], 8),      // private use (RFC 1918)
    ([100, 64, 0, 0], 10),   // shared address space, CGNAT (RFC 6598)
    ([127, 0, 0, 0], 8),     // loopback (RFC 1122)
    ([169, 254, 0, 0], 16),  // link local (RFC 3927)
    ([172, 16, 0, 0], 12),   // private use (RFC 1918)
    ([192, 0, 0, 0], 24),    // IETF protocol assignments (RFC 6890)
    ([192, 0, 2, 0], 24),    // documentation, TEST-NET-1 (RFC 5737)
    ([192, 31, 196, 0], 24), // AS112-v4 (RFC 7535)
    ([192, 52, 193, 0], 24), // AMT (RFC 7450)
    ([192, 88, 99, 0], 24),  // deprecated 6to4 relay anycast (RFC 7526)
    ([192, 168, 0, 0], 16),  // private use (RFC 1918)
    ([192, 175, 48, 0], 24), // direct delegation AS112 service (RFC 7534)
    ([198, 18, 0, 0], 15),   // benchmarking (RFC 2544)
    ([198, 51, 100, 0], 24), // documentation, TEST-NET-2 (RFC 5737)
    ([203, 0, 113, 0], 24),  // documentation, TEST-NET-3 (RFC 5737)
    ([224, 0, 0, 0], 4),     // multicast (RFC 5771)
    ([240, 0, 0, 0], 4),     // reserved, and the limited broadcast 255.255.255.255 (RFC 1112)
];

/// IPv6 blocks inside global unicast 2000::/3 that no webhook may reach. Everything outside
/// 2000::/3 is refused as well: loopback, unspecified, IPv4-compatible, discard-only 100::/64,
/// the local NAT64 64:ff9b:1::/48, unique local fc00::/7, link local fe80::/10, the old site
/// local fec0::/10, multicast ff00::/8, and what is not allocated.
const V6_BLOCKED: &[([u16; 8], u8)] = &[
    ([0x2001, 0, 0, 0, 0, 0, 0, 0], 23), // IETF protocol assignments (RFC 2928)
    ([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32), // documentation (RFC 3849)
    ([0x2620, 0x4f, 0x8000, 0, 0, 0, 0, 0], 48), // direct delegation AS112 service (RFC 7534)
    ([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20), // documentation (RFC 9637)
    ([0x5f00, 0, 0, 0, 0, 0, 0, 0], 16), // segment routing SIDs (RFC 9602)
];

/// Whether `ip` is globally reachable, so that a webhook may go there.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4_is_public(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => v4_is_public(v4),
            None => v6_is_public(v6),
        },
    }
}

fn v4_is_public(ip: Ipv4Addr) -> bool {
    let bits = u32::from(ip);
    !V4_BLOCKED.iter().any(|&(net, len)| {
        let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
        bits & mask == u32::from(Ipv4Addr::from(net)) & mask
    })
}

fn v6_is_public(ip: Ipv6Addr) -> bool {
    let bits = u128::from(ip);
    let within = |net: [u16; 8], len: u8| {
        let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
        bits & mask == u128::from(Ipv6Addr::from(net)) & mask
    };
    within([0x2000, 0, 0, 0, 0, 0, 0, 0], 3)
        && !V6_BLOCKED.iter().any(|&(net, len)| within(net, len))
}

/// The IPv4 address an IPv6 address stands for, in the forms that carry one: IPv4-mapped
/// (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`, deprecated), NAT64 (`64:ff9b::/96`), 6to4
/// (`2002:aabb:ccdd::/48`) and Teredo (`2001:0::/32`, the client's address inverted in the last
/// 32 bits). `::` and `::1` are IPv6's own and carry none.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    match s {
        [0, 0, 0, 0, 0, 0xffff, hi, lo] => Some(low(hi, lo)),
        [0, 0, 0, 0, 0, 0, 0, 0 | 1] => None,
        [0, 0, 0, 0, 0, 0, hi, lo] => Some(low(hi, lo)),
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => Some(low(hi, lo)),
        [0x2002, hi, lo, ..] => Some(low(hi, lo)),
        [0x2001, 0, .., hi, lo] => Some(low(!hi, !lo)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(text: &str) -> bool {
        is_public(text.parse().unwrap_or(IpAddr::from([127, 0, 0, 1])))
    }

    #[test]
    fn inside_and_special_addresses_are_refused_in_every_form() {
        for inside in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "198.18.0.1",
            "198.19.255.255",
            "192.0.0.1",
            "192.0.2.1",
            "240.0.0.1",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "fec0::1",
            "100::1",
            "2001:db8::1",
            "3fff::1",
            "ff02::1",
            "64:ff9b:1::1",
            // IPv4 inside IPv6.
            "::ffff:127.0.0.1",
            "::127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b::7f00:1",
            "2002:7f00:1::",
            "2002:a9fe:a9fe::1",
            "2001:0:4136:e378:8000:63bf:80ff:fffe",
        ] {
            assert!(!public(inside), "{inside} must be refused");
        }
    }

    #[test]
    fn public_addresses_pass_in_every_form() {
        for outside in [
            "93.184.216.34",
            "8.8.8.8",
            "1.1.1.1",
            "2606:2800:220:1::1",
            "2a00:1450:4001:81b::200e",
            "::ffff:93.184.216.34",
            "64:ff9b::5db8:d822",
            "2002:5db8:d822::1",
            // Teredo to 93.184.216.34 (inverted in the last 32 bits).
            "2001:0:4136:e378:8000:63bf:a247:27dd",
        ] {
            assert!(public(outside), "{outside} is public");
        }
    }
}
