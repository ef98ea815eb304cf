//! What every server test needs: a fresh SQLite store in a temporary directory and the whole
//! application serving it on a random loopback port (with client addresses, as `lintas serve`).

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;

use lintas_model::Role;
use lintas_store::{Actor, NewUser, Store};

/// A running server: its base URL (`http://127.0.0.1:PORT`), its store and the directory
/// that holds the database (deleted when dropped).
pub struct Running {
    pub base: String,
    pub store: Arc<Store>,
    pub dir: tempfile::TempDir,
}

/// Starts the application over a new store.
pub async fn start() -> Running {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(
        Store::connect(&format!(
            "sqlite://{}",
            dir.path().join("test.db").display()
        ))
        .await
        .unwrap(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = lintas_server::app(store.clone());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap()
    });
    Running { base, store, dir }
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
