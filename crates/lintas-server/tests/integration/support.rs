//! What every server test needs: a fresh store (SQLite in a temporary directory, or a fresh
//! PostgreSQL schema at `LINTAS_TEST_PG_URL`) and the whole application serving it on a random
//! loopback port (with client addresses, as `lintas serve`), plus one HTTP client.

use std::net::SocketAddr;
use std::sync::Arc;

use lintas_model::Role;
use lintas_store::{Actor, ConnectOptions, NewUser, Store};
use reqwest::Client;

pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Which database a test server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server: its base URL (`http://127.0.0.1:PORT`), its store, a client, and the
/// directory that holds an SQLite database (deleted when dropped).
pub struct Server {
    pub base: String,
    pub store: Arc<Store>,
    pub client: Client,
    pub dir: tempfile::TempDir,
}

impl Server {
    /// The application over a new SQLite store.
    pub async fn start() -> Server {
        Self::start_on(Backend::Sqlite)
            .await
            .expect("SQLite is always available")
    }

    /// The application over a new store on `backend`; `None` (with a SKIPPED line) for
    /// PostgreSQL when `LINTAS_TEST_PG_URL` is unset and nothing listens at the default URL.
    pub async fn start_on(backend: Backend) -> Option<Server> {
        Self::start_with_clock(backend, Arc::new(lintas_store::SystemClock)).await
    }

    /// The application over a new store on `backend` that reads time from `clock`.
    pub async fn start_with_clock(
        backend: Backend,
        clock: Arc<dyn lintas_store::Clock>,
    ) -> Option<Server> {
        let dir = tempfile::tempdir().unwrap();
        let store = match backend {
            Backend::Sqlite => {
                let mut options = ConnectOptions::new(format!(
                    "sqlite://{}",
                    dir.path().join("test.db").display()
                ));
                options.clock = clock;
                Store::open(options).await.unwrap()
            }
            Backend::Postgres => postgres(clock).await?,
        };
        Some(Self::serve(Arc::new(store), dir).await)
    }

    /// Serves the application over `store`, with rate limits far above what a test sends
    /// (the abuse suite tests the real ones with [`Server::serve_state`]).
    pub async fn serve(store: Arc<Store>, dir: tempfile::TempDir) -> Server {
        let state = lintas_server::AppState::new(store).with_rate_limit(lintas_server::RateLimit {
            per_second: 1_000_000,
            public_per_second: 1_000_000,
        });
        Self::serve_state(state, dir).await
    }

    /// Serves the application with `state`.
    pub async fn serve_state(state: lintas_server::AppState, dir: tempfile::TempDir) -> Server {
        let store = state.store.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = lintas_server::app_with(state);
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap()
        });
        Server {
            base,
            store,
            client: Client::new(),
            dir,
        }
    }

    /// A new API key of `member`'s `agency` with `role`.
    pub async fn key(&self, member: &str, agency: &str, role: Role) -> String {
        key(&self.store, member, agency, role).await
    }

    /// A request to `path`, authenticated with `key` when given.
    pub fn req(
        &self,
        method: reqwest::Method,
        path: &str,
        key: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let r = self.client.request(method, format!("{}{path}", self.base));
        match key {
            Some(k) => r.bearer_auth(k),
            None => r,
        }
    }
}

/// A store in a fresh PostgreSQL schema.
async fn postgres(clock: Arc<dyn lintas_store::Clock>) -> Option<Store> {
    let (url, explicit) = match std::env::var("LINTAS_TEST_PG_URL") {
        Ok(url) => (url, true),
        Err(_) => (DEFAULT_PG_URL.to_string(), false),
    };
    let mut options = ConnectOptions::new(url.clone());
    options.pg_schema = Some(format!("s_{}", uuid::Uuid::now_v7().simple()));
    options.clock = clock;
    match Store::open(options).await {
        Ok(store) => Some(store),
        Err(e) if !explicit => {
            eprintln!(
                "SKIPPED: PostgreSQL server test: nothing usable at {url} ({e}); set LINTAS_TEST_PG_URL to run it"
            );
            None
        }
        Err(e) => panic!("LINTAS_TEST_PG_URL={url} is set but unusable: {e}"),
    }
}

/// Defines `$name::sqlite` and `$name::postgres` tests running `$body(Server)`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident => $body:ident;)*) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let s = $crate::support::Server::start_on($crate::support::Backend::Sqlite)
                        .await
                        .unwrap();
                    super::$body(s).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some(s) =
                        $crate::support::Server::start_on($crate::support::Backend::Postgres).await
                    {
                        super::$body(s).await;
                    }
                }
            }
        )*
    };
}

/// A new API key of `member`'s `agency` with `role`.
pub async fn key(store: &Store, member: &str, agency: &str, role: Role) -> String {
    let agency = store.ensure_agency(member, agency).await.unwrap();
    store
        .create_api_key(&agency, role, "test")
        .await
        .unwrap()
        .token
}

/// Creates a web user of `member`'s `agency`.
pub async fn user(
    store: &Store,
    member: &str,
    agency: &str,
    name: &str,
    role: Role,
    password: &str,
) {
    let agency = store.ensure_agency(member, agency).await.unwrap();
    let actor = Actor {
        id: "test".into(),
        member: None,
        agency: None,
        request_id: None,
    };
    let new = NewUser {
        username: name.into(),
        display_name: name.into(),
        role,
        agency: agency.name.clone(),
        password: password.into(),
    };
    store.create_user_local(&actor, &agency, new).await.unwrap();
}
