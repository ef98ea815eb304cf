//! The client's address for throttling. Behind a TLS proxy every connection comes from the
//! proxy, so `X-Forwarded-For` is read — but only when the connection comes from a proxy the
//! operator named (`--trusted-proxy CIDR`); otherwise anyone could send the header and pick a
//! fresh address for every guess.

use std::net::IpAddr;
use std::str::FromStr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses CIDRs (`10.0.0.0/8`) or single addresses, separated by commas or spaces.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                IpNet::from_str(s)
                    .or_else(|_| IpAddr::from_str(s).map(IpNet::from))
                    .map_err(|_| format!("`{s}` is not an address or CIDR range"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// The client: the connection's peer, or — when the peer is a trusted proxy — the nearest
    /// address in `X-Forwarded-For` that is not itself a trusted proxy (proxies append, so the
    /// right-most entries are the ones our own proxies wrote).
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .map(IpAddr::from_str)
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        hops.into_iter()
            .rev()
            .find(|ip| !self.trusts(*ip))
            .unwrap_or(peer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", xff.parse().unwrap());
        h
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.5").unwrap();
        let ip = |s: &str| IpAddr::from_str(s).unwrap();
        // Through the proxy: the client it saw.
        assert_eq!(
            proxies.client(ip("10.1.2.3"), &headers("203.0.113.7")),
            ip("203.0.113.7")
        );
        // A client's own forged entries come first; the proxy's appended one wins.
        assert_eq!(
            proxies.client(
                ip("192.168.1.5"),
                &headers("1.1.1.1, 203.0.113.7, 10.9.9.9")
            ),
            ip("203.0.113.7")
        );
        // Straight from the internet, the header is ignored.
        assert_eq!(
            proxies.client(ip("198.51.100.1"), &headers("1.1.1.1")),
            ip("198.51.100.1")
        );
        // Garbage in the header: the proxy itself is the client.
        assert_eq!(
            proxies.client(ip("10.1.2.3"), &headers("not an address")),
            ip("10.1.2.3")
        );
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("").unwrap().0.is_empty());
    }
}
