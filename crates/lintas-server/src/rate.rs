//! Request rate limits (`tower_governor`). On every route, each API key, each web session and,
//! for requests without either, each client address gets its own token bucket; the public
//! routes (the login form, assets) have a second, tighter bucket per client address. A client
//! over its limit is answered 429 with `Retry-After` before any work is done for it, so one key
//! or one anonymous flood cannot take the service from the others.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use governor::clock::QuantaInstant;
use governor::middleware::NoOpMiddleware;
use tower_governor::GovernorError;
use tower_governor::GovernorLayer;
use tower_governor::governor::{GovernorConfig, GovernorConfigBuilder};
use tower_governor::key_extractor::KeyExtractor;

use crate::auth::SESSION_COOKIE;
use crate::problem::Problem;
use crate::proxies::TrustedProxies;

/// Requests per second and burst per client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Sustained requests per second per API key or session.
    pub per_second: u32,
    /// Sustained requests per second per client address on the public routes (the login form
    /// and page, assets).
    pub public_per_second: u32,
}

impl Default for RateLimit {
    fn default() -> Self {
        // A border system sends a few hundred checks a second through one key; a person in a
        // browser a few requests a second. Bursts of twice the rate absorb page loads.
        RateLimit {
            per_second: 500,
            public_per_second: 50,
        }
    }
}

/// Who a request counts against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Client {
    /// A credential, by a hash of it (the secret itself is not kept in the limiter's map).
    Credential(u64),
    /// No credential: the client's address.
    Address(IpAddr),
}

#[derive(Clone)]
pub(crate) struct ClientKey {
    proxies: Arc<TrustedProxies>,
    /// Count requests that carry a credential against it rather than their address.
    by_credential: bool,
}

fn hashed(s: &str) -> u64 {
    let mut h = DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// The API key or session cookie the request carries, if any.
fn credential<T>(req: &Request<T>) -> Option<&str> {
    let headers = req.headers();
    if let Some(bearer) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
    {
        return Some(bearer.trim());
    }
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
}

impl KeyExtractor for ClientKey {
    type Key = Client;

    fn extract<T>(&self, req: &Request<T>) -> Result<Client, GovernorError> {
        if self.by_credential
            && let Some(c) = credential(req)
        {
            return Ok(Client::Credential(hashed(c)));
        }
        let peer = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([127, 0, 0, 1]));
        Ok(Client::Address(self.proxies.client(peer, req.headers())))
    }
}

pub(crate) type Config = GovernorConfig<ClientKey, NoOpMiddleware<QuantaInstant>>;

/// The two limiters: every request (per credential, else per address), and the public
/// routes (per address).
#[derive(Clone)]
pub(crate) struct Limiters {
    every: Arc<Config>,
    public: Arc<Config>,
}

/// The layer type of either limiter.
pub(crate) type Layer = GovernorLayer<ClientKey, NoOpMiddleware<QuantaInstant>, Body>;

fn config(per_second: u32, key: ClientKey) -> Option<Config> {
    let per_second = per_second.clamp(1, 1_000_000);
    GovernorConfigBuilder::default()
        .key_extractor(key)
        .per_nanosecond(1_000_000_000 / u64::from(per_second))
        .burst_size(per_second.saturating_mul(2))
        .finish()
}

impl Limiters {
    pub(crate) fn new(limit: RateLimit, proxies: Arc<TrustedProxies>) -> Option<Self> {
        Some(Limiters {
            every: Arc::new(config(
                limit.per_second,
                ClientKey {
                    proxies: proxies.clone(),
                    by_credential: true,
                },
            )?),
            public: Arc::new(config(
                limit.public_per_second,
                ClientKey {
                    proxies,
                    by_credential: false,
                },
            )?),
        })
    }

    /// Forgets buckets that are full again, so the maps do not grow with every address seen.
    pub(crate) fn prune(&self) {
        self.every.limiter().retain_recent();
        self.public.limiter().retain_recent();
    }

    /// The limiter of every request.
    pub(crate) fn every(&self) -> Layer {
        GovernorLayer::new(self.every.clone()).error_handler(too_many)
    }

    /// The tighter limiter of the public routes.
    pub(crate) fn public(&self) -> Layer {
        GovernorLayer::new(self.public.clone()).error_handler(too_many)
    }
}

/// A 429 problem document with `Retry-After`, like the login throttle's.
fn too_many(e: GovernorError) -> Response<Body> {
    let wait = match &e {
        GovernorError::TooManyRequests { wait_time, .. } => (*wait_time).max(1),
        _ => 1,
    };
    let mut response = axum::response::IntoResponse::into_response(Problem::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "Too many requests",
        format!("This client sent more requests than it may; try again in {wait} s."),
    ));
    if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}
