//! The Lintas server: the HTTP API under `/api/v1` and the web UI. Handlers only translate:
//! authenticate → call the store → map the result; tenancy and roles are decided by the store,
//! errors become RFC 9457 problem documents (API) or error pages (UI) in one place each.

mod api;
mod auth;
mod imports;
mod problem;
mod proxies;
mod rate;
mod ui;
mod work;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderName, HeaderValue};
use lintas_store::{SessionPolicy, Store};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

pub use auth::SESSION_COOKIE;
pub use lintas_store::LoginLimits;
pub use problem::Problem;
pub use proxies::TrustedProxies;
pub use rate::RateLimit;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The store.
    pub store: Arc<Store>,
    /// Session lifetimes.
    pub sessions: SessionPolicy,
    /// Login throttling (counted in the store, see `lintas_store::LoginLimits`).
    pub login_limits: LoginLimits,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub proxies: Arc<TrustedProxies>,
    /// Requests per second per client.
    pub rate_limit: RateLimit,
    /// This node's federation, when it runs one (`lintas serve --federation`).
    pub federation: Option<Arc<lintas_federation::Federation>>,
    pub(crate) limiters: Option<rate::Limiters>,
    pub(crate) work: Arc<work::PerPrincipal>,
    pub(crate) import_reports: imports::ImportReports,
    /// API keys just created, by the creating session's CSRF token, until shown once.
    pub(crate) new_keys: Arc<Mutex<HashMap<String, String>>>,
}

impl AppState {
    /// State with default session and login limits.
    pub fn new(store: Arc<Store>) -> Self {
        Self::with_policy(store, SessionPolicy::default(), LoginLimits::default())
    }

    /// State with explicit session and login limits.
    pub fn with_policy(store: Arc<Store>, sessions: SessionPolicy, limits: LoginLimits) -> Self {
        let proxies: Arc<TrustedProxies> = Arc::default();
        AppState {
            store,
            sessions,
            login_limits: limits,
            limiters: rate::Limiters::new(RateLimit::default(), proxies.clone()),
            rate_limit: RateLimit::default(),
            federation: None,
            proxies,
            work: Arc::default(),
            import_reports: imports::ImportReports::default(),
            new_keys: Arc::default(),
        }
    }

    /// The same state, believing `X-Forwarded-For` from `proxies`.
    pub fn with_trusted_proxies(mut self, proxies: TrustedProxies) -> Self {
        self.proxies = Arc::new(proxies);
        self.limiters = rate::Limiters::new(self.rate_limit, self.proxies.clone());
        self
    }

    /// The same state with this node's federation (its status page and API).
    pub fn with_federation(
        mut self,
        federation: Option<Arc<lintas_federation::Federation>>,
    ) -> Self {
        self.federation = federation;
        self
    }

    /// The same state with other request rate limits.
    pub fn with_rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = limit;
        self.limiters = rate::Limiters::new(limit, self.proxies.clone());
        self
    }
}

/// Longest wait for the next piece of a request body.
const BODY_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Scripts and styles only from our own origin (no inline code), no framing, no plugins.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The whole application with default policies.
pub fn app(store: Arc<Store>) -> Router {
    app_with(AppState::new(store))
}

/// The whole application: API and UI routes and the common layers.
pub fn app_with(state: AppState) -> Router {
    let header = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::overriding(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        )
    };
    let limiters = state.limiters.clone();
    let app = api::router()
        .merge(ui::router(limiters.as_ref().map(rate::Limiters::public)))
        .fallback(ui::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::session_layer,
        ))
        .with_state(state);
    // Outside the session check, so a flood is refused before any database work.
    let app = match limiters {
        Some(l) => app.layer(l.every()),
        None => app,
    };
    app.layer(header("x-content-type-options", "nosniff"))
        // `same-origin` rather than `no-referrer`: with the latter, browsers send `Origin: null`
        // on form posts, which would blind the same-origin check.
        .layer(header("referrer-policy", "same-origin"))
        .layer(header("content-security-policy", CSP))
        .layer(header("x-frame-options", "DENY"))
        .layer(header("cross-origin-opener-policy", "same-origin"))
        // A body that stops arriving is given up after this long between chunks, so slow
        // clients cannot hold connections and buffers open.
        .layer(RequestBodyTimeoutLayer::new(BODY_READ_TIMEOUT))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// Every (method, path, needs authentication) the application serves, API and UI, for tests
/// that must cover each route.
pub fn route_table() -> Vec<(String, String, bool)> {
    let mut routes = api::route_table();
    routes.extend(ui::route_table());
    routes
}

/// Ctrl-C, or SIGTERM (what service managers and containers send to stop a process).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Serves the application on `listen` until Ctrl-C or SIGTERM, signing audit checkpoints as time passes.
pub async fn serve(store: Arc<Store>, listen: SocketAddr) -> std::io::Result<()> {
    serve_with(AppState::new(store), listen).await
}

/// Serves `state`'s application on `listen` until Ctrl-C or SIGTERM.
pub async fn serve_with(state: AppState, listen: SocketAddr) -> std::io::Result<()> {
    let store = state.store.clone();
    let limits = state.login_limits;
    let limiters = state.limiters.clone();
    let listener = tokio::net::TcpListener::bind(listen).await?;
    // Index the watchlists before the first border check has to wait for it.
    match store.warm_screening().await {
        Ok(n) => tracing::info!(lists = n, "watchlists indexed"),
        Err(e) => {
            tracing::warn!(error = %e, "indexing watchlists at start failed; checks will retry")
        }
    }
    tracing::info!(address = %listener.local_addr()?, "Lintas listening");
    let ticker = {
        let store = store.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(20));
            loop {
                every.tick().await;
                if let Err(e) = store.flush_login_refusals(false).await {
                    tracing::warn!(error = %e, "auditing counted login refusals failed");
                }
                if let Err(e) = store.checkpoint_if_due().await {
                    tracing::warn!(error = %e, "signing an audit checkpoint failed");
                }
                if let Err(e) = store.prune_login_throttle(&limits).await {
                    tracing::warn!(error = %e, "pruning login throttle counts failed");
                }
                if let Some(l) = &limiters {
                    l.prune();
                }
            }
        })
    };
    let result = axum::serve(
        listener,
        app_with(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await;
    ticker.abort();
    if let Err(e) = store.flush_login_refusals(true).await {
        tracing::warn!(error = %e, "auditing counted login refusals failed");
    }
    // Events since the last checkpoint get a signature before the process ends.
    if let Err(e) = store.sign_checkpoint().await {
        tracing::warn!(error = %e, "signing the final audit checkpoint failed");
    }
    result
}
