//! One node's federation: its connection, the relay task, its consumers and its status.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_nats::jetstream;
use lintas_store::{CopyCounts, Store};
use serde::Serialize;
use tokio::sync::{Mutex, Notify};
use tokio::task::JoinHandle;

use crate::envelope::{Handling, NodeKey, PeerKeys};
use crate::error::{Result, nats};
use crate::subject::PREFIX;

/// The JetStream stream every node publishes into (one-server topology; in the leaf topology
/// each domain has its own of this name, docs/federation.md).
pub const STREAM: &str = "LINTAS";

/// How a node takes part.
pub struct FederationConfig {
    /// This node's member (ISO 3166-1 alpha-3, or `RSO` for the hub).
    pub member: String,
    /// Whether this node is the regional hub.
    pub hub: bool,
    /// The NATS server (`nats://host:port`).
    pub url: String,
    /// A NATS credentials file (JWT + nkey seed), when the server requires one.
    pub creds: Option<PathBuf>,
    /// The JetStream domain to publish and consume in (leaf topology); `None` on one server.
    pub domain: Option<String>,
    /// This node's signing key.
    pub key: Arc<NodeKey>,
    /// The members' public keys.
    pub peers: PeerKeys,
    /// The handling code this node's records carry.
    pub handling: Handling,
    /// How often the relay looks at the outbox when nothing woke it.
    pub relay_interval: Duration,
    /// How often reconciliation runs (also after every reconnect).
    pub reconcile_interval: Duration,
    /// Test and benchmark hook: the relay drops every n-th message (stamped as sent), as a
    /// lossy link would; reconciliation must repair them.
    pub drop_one_in: Option<u64>,
}

impl FederationConfig {
    /// A configuration with the defaults (H0, relay every 250 ms, reconcile every minute, no
    /// domain, no loss).
    pub fn new(member: &str, hub: bool, url: &str, key: Arc<NodeKey>, peers: PeerKeys) -> Self {
        FederationConfig {
            member: member.to_string(),
            hub,
            url: url.to_string(),
            creds: None,
            domain: None,
            key,
            peers,
            handling: Handling::H0,
            relay_interval: Duration::from_millis(250),
            reconcile_interval: Duration::from_secs(60),
            drop_one_in: None,
        }
    }
}

/// What `GET /api/v1/federation/status` shows (docs/federation.md, "Status").
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct FederationStatus {
    /// Whether this node runs federation (`lintas serve --federation`); when not, only the
    /// outbox backlog and the copies held are filled in.
    pub enabled: bool,
    /// This node's member.
    pub member: String,
    /// Whether it is the hub.
    pub hub: bool,
    /// Whether the NATS connection is up.
    pub connected: bool,
    /// Outbox rows not yet acknowledged by the broker.
    pub backlog: i64,
    /// Messages the broker acknowledged.
    pub published: u64,
    /// Publish attempts that failed (retried from the outbox).
    pub publish_errors: u64,
    /// When the relay last had a message acknowledged.
    pub last_published_at: Option<String>,
    /// Copies stored and tombstones applied.
    pub applied: u64,
    /// Replays and stale versions ignored.
    pub ignored: u64,
    /// Messages refused (bad signature, not addressed to this node, not for it to hold).
    pub rejected: u64,
    /// When a received message was last applied.
    pub last_applied_at: Option<String>,
    /// Lag of the last applied message (owner's send to apply here), milliseconds.
    pub lag_ms_last: Option<i64>,
    /// 95th percentile lag over the last 1000 applied messages, milliseconds.
    pub lag_ms_p95: Option<i64>,
    /// When reconciliation last completed.
    pub last_reconcile_at: Option<String>,
    /// Records repaired by reconciliation so far.
    pub repaired: u64,
    /// Received copies held, by sharing level.
    pub copies: CopyCounts,
}

#[derive(Default)]
pub(crate) struct Counters {
    pub published: u64,
    pub publish_errors: u64,
    pub last_published_at: Option<String>,
    pub applied: u64,
    pub ignored: u64,
    pub rejected: u64,
    pub last_applied_at: Option<String>,
    pub lags: VecDeque<i64>,
    pub last_reconcile_at: Option<String>,
    pub repaired: u64,
}

pub(crate) struct Shared {
    pub store: Arc<Store>,
    pub config: FederationConfig,
    pub js: jetstream::Context,
    pub client: async_nats::Client,
    pub counters: Mutex<Counters>,
    pub connected: Arc<AtomicBool>,
    pub wake: Notify,
    pub reconnected: Arc<Notify>,
}

impl Shared {
    pub fn now(&self) -> String {
        self.store
            .clock()
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }
}

/// The status an admin of `member` sees: the running federation's, or (without one) the
/// outbox backlog of `member` and the copies held.
pub async fn status_of(
    store: &Store,
    federation: Option<&Federation>,
    member: &str,
) -> Result<FederationStatus> {
    match federation {
        Some(f) => f.status().await,
        None => Ok(FederationStatus {
            member: member.to_string(),
            backlog: store.outbox_backlog(member).await?,
            copies: store.copy_counts().await?,
            ..Default::default()
        }),
    }
}

/// A running node's federation; dropping it stops its tasks.
pub struct Federation {
    shared: Arc<Shared>,
    tasks: Vec<JoinHandle<()>>,
}

impl Federation {
    /// Connects, makes sure the stream exists, and starts the relay and the consumers.
    pub async fn start(store: Arc<Store>, config: FederationConfig) -> Result<Self> {
        let connected = Arc::new(AtomicBool::new(false));
        let flag = connected.clone();
        let reconnected = Arc::new(Notify::new());
        let again = reconnected.clone();
        let mut options = async_nats::ConnectOptions::new()
            .name(format!("lintas-{}", config.member))
            .event_callback(move |event| {
                let flag = flag.clone();
                let again = again.clone();
                async move {
                    match event {
                        async_nats::Event::Connected => {
                            flag.store(true, Ordering::Relaxed);
                            again.notify_one();
                        }
                        async_nats::Event::Disconnected | async_nats::Event::Closed => {
                            flag.store(false, Ordering::Relaxed)
                        }
                        _ => {}
                    }
                }
            });
        if let Some(creds) = &config.creds {
            options = options.credentials_file(creds).await.map_err(|e| {
                crate::Error::Key(format!("NATS credentials {}: {e}", creds.display()))
            })?;
        }
        let client = options.connect(config.url.as_str()).await.map_err(nats)?;
        connected.store(true, Ordering::Relaxed);
        let js = match &config.domain {
            Some(domain) => jetstream::with_domain(client.clone(), domain),
            None => jetstream::new(client.clone()),
        };
        js.get_or_create_stream(jetstream::stream::Config {
            name: STREAM.to_string(),
            subjects: vec![format!("{PREFIX}.>")],
            duplicate_window: Duration::from_secs(120),
            max_age: Duration::from_secs(14 * 24 * 3600),
            storage: jetstream::stream::StorageType::File,
            ..Default::default()
        })
        .await
        .map_err(nats)?;
        let shared = Arc::new(Shared {
            store,
            config,
            js,
            client,
            counters: Mutex::new(Counters::default()),
            connected,
            wake: Notify::new(),
            reconnected,
        });
        let mut tasks = vec![tokio::spawn(crate::relay::run(shared.clone()))];
        for (label, filter) in crate::subject::filters(&shared.config.member, shared.config.hub) {
            let consumer = crate::consume::consumer(&shared, &label, &filter).await?;
            tasks.push(tokio::spawn(crate::consume::run(shared.clone(), consumer)));
        }
        tasks.push(tokio::spawn(crate::reconcile::serve(shared.clone())));
        tasks.push(tokio::spawn(crate::reconcile::run(shared.clone())));
        Ok(Federation { shared, tasks })
    }

    /// Asks the relay to look at the outbox now (after a write).
    pub fn wake_relay(&self) {
        self.shared.wake.notify_one();
    }

    /// Runs one reconciliation round against every owner in `owners` now.
    pub async fn reconcile(&self, owners: &[String]) -> Result<u64> {
        crate::reconcile::round(&self.shared, owners).await
    }

    /// The node's federation status.
    pub async fn status(&self) -> Result<FederationStatus> {
        let backlog = self
            .shared
            .store
            .outbox_backlog(&self.shared.config.member)
            .await?;
        let copies = self.shared.store.copy_counts().await?;
        let c = self.shared.counters.lock().await;
        let mut lags: Vec<i64> = c.lags.iter().copied().collect();
        lags.sort_unstable();
        let p95 = (!lags.is_empty()).then(|| lags[(lags.len() * 95).div_ceil(100) - 1]);
        Ok(FederationStatus {
            enabled: true,
            member: self.shared.config.member.clone(),
            hub: self.shared.config.hub,
            connected: self.shared.connected.load(Ordering::Relaxed),
            backlog,
            published: c.published,
            publish_errors: c.publish_errors,
            last_published_at: c.last_published_at.clone(),
            applied: c.applied,
            ignored: c.ignored,
            rejected: c.rejected,
            last_applied_at: c.last_applied_at.clone(),
            lag_ms_last: c.lags.back().copied(),
            lag_ms_p95: p95,
            last_reconcile_at: c.last_reconcile_at.clone(),
            repaired: c.repaired,
            copies,
        })
    }

    /// Stops the tasks and closes the connection.
    pub async fn stop(mut self) {
        for t in self.tasks.drain(..) {
            t.abort();
        }
        let _ = self.shared.client.drain().await;
    }
}

impl Drop for Federation {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}
