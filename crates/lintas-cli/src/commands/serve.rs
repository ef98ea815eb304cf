//! `lintas serve`: run the platform.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args as ClapArgs;

use super::db::{DbArgs, redact};

/// Start the Lintas server (API and web UI).
#[derive(Debug, ClapArgs)]
pub struct Args {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on.
    #[arg(long, env = "LINTAS_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Seed demo members, API keys and ~5,000 incidents into an empty database (safe to repeat:
    /// a database that already has data is left as it is) and print the demo credentials.
    #[arg(long)]
    demo: bool,
    /// A proxy (address or CIDR range) whose `X-Forwarded-For` names the client, e.g. the TLS
    /// proxy in front of Lintas; repeat for several. From other peers the header is ignored.
    #[arg(
        long = "trusted-proxy",
        env = "LINTAS_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<String>,
    /// Requests per second allowed to each API key, web session or (without either) client
    /// address, with bursts of twice that; more are answered 429 with `Retry-After`.
    #[arg(long, env = "LINTAS_RATE_LIMIT", default_value_t = lintas_server::RateLimit::default().per_second)]
    rate_limit: u32,
    /// Requests per second per client address on the pages that need no login (the login form,
    /// assets).
    #[arg(long, env = "LINTAS_PUBLIC_RATE_LIMIT", default_value_t = lintas_server::RateLimit::default().public_per_second)]
    public_rate_limit: u32,
    /// Members whose alert inbox the server fills: at start-up and then every
    /// `--alerts-every-hours`, trend detection runs on each one's view (the RSO as a regional
    /// analyst, others as analysts) and raises alerts for new alarms. Empty: no runs.
    #[arg(
        long = "alerts-for",
        env = "LINTAS_ALERTS_FOR",
        value_delimiter = ',',
        default_value = "RSO"
    )]
    alerts_for: Vec<String>,
    /// Hours between detection runs (0: only at start-up).
    #[arg(long, env = "LINTAS_ALERTS_EVERY_HOURS", default_value_t = 24)]
    alerts_every_hours: u64,
    #[command(flatten)]
    federation: FederationArgs,
}

/// Federation (docs/federation.md): this node's member and the NATS server it joins.
#[derive(Debug, ClapArgs)]
struct FederationArgs {
    /// The member this node serves (ISO 3166-1 alpha-3; `RSO` for the hub).
    #[arg(long, env = "LINTAS_MEMBER", requires = "federation")]
    member: Option<String>,
    /// This node is the regional hub (needs `--member RSO`).
    #[arg(long, requires = "federation")]
    hub: bool,
    /// The NATS server to federate through, e.g. `nats://127.0.0.1:4222`.
    #[arg(long, env = "LINTAS_FEDERATION", requires = "member")]
    federation: Option<String>,
    /// NATS credentials file (JWT and nkey seed) for the server's account.
    #[arg(long, env = "LINTAS_FEDERATION_CREDS", requires = "federation")]
    federation_creds: Option<std::path::PathBuf>,
    /// This node's Ed25519 signing key (created, mode 0600, when missing).
    #[arg(
        long,
        env = "LINTAS_FEDERATION_KEY",
        default_value = "lintas-federation.key"
    )]
    federation_key: std::path::PathBuf,
    /// The members' public keys, `MEMBER base64-key` per line (the lines each node prints
    /// at start).
    #[arg(long, env = "LINTAS_FEDERATION_PEERS", requires = "federation")]
    federation_peers: Option<std::path::PathBuf>,
}

impl FederationArgs {
    async fn start(
        &self,
        store: &Arc<lintas_store::Store>,
    ) -> anyhow::Result<Option<Arc<lintas_federation::Federation>>> {
        let (Some(url), Some(member)) = (&self.federation, &self.member) else {
            return Ok(None);
        };
        let member = member.trim().to_ascii_uppercase();
        if self.hub != (member == lintas_federation::subject::HUB) {
            anyhow::bail!("--hub goes with --member RSO, and only with it");
        }
        let key = lintas_federation::NodeKey::load_or_create(&self.federation_key, &member)?;
        eprintln!(
            "Federation public key (add to every node's peers file): {}",
            key.peer_line()
        );
        let mut peers = match &self.federation_peers {
            Some(path) => lintas_federation::PeerKeys::parse(
                &std::fs::read_to_string(path)
                    .map_err(|e| anyhow::anyhow!("--federation-peers {}: {e}", path.display()))?,
            )?,
            None => lintas_federation::PeerKeys::default(),
        };
        peers.add(&member, key.public());
        let mut config =
            lintas_federation::FederationConfig::new(&member, self.hub, url, Arc::new(key), peers);
        config.creds = self.federation_creds.clone();
        let federation = lintas_federation::Federation::start(store.clone(), config).await?;
        tracing::info!(%member, hub = self.hub, "federation started");
        Ok(Some(Arc::new(federation)))
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    init_tracing();
    let proxies = lintas_server::TrustedProxies::parse(&args.trusted_proxies.join(","))
        .map_err(|e| anyhow::anyhow!("--trusted-proxy: {e}"))?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let store = Arc::new(args.db.open().await?);
        tracing::info!(db = %redact(&args.db.db), backend = store.backend_name(), "store open");
        if args.demo {
            let today = store.clock().now().date_naive();
            let seeded = lintas_demo::seed(&store, today).await?;
            if seeded.created {
                let m = &seeded.maritime;
                eprintln!(
                    "Demo data: {} incidents, {} lost/stolen registry reports, {} watchlist entries, {} vessel positions, {} detected events and {} SAR incidents seeded.",
                    seeded.incidents, seeded.registry_entries, seeded.watchlist_entries, m.positions, m.events, m.sar
                );
                eprintln!(
                    "Demo victim cases: {} cases and {} referrals between IDN, THA and MYS agencies (log in with a victim-support login below).",
                    seeded.victims.cases, seeded.victims.referrals
                );
                eprintln!(
                    "Try a border check with the stolen passport in docs/checks.md:\n{}",
                    lintas_demo::DEMO_STOLEN_MRZ
                );
            } else {
                eprintln!("Demo data: the database already has data; left as it is.");
            }
            eprintln!("Demo web logins (demonstration databases only):");
            for user in &seeded.users {
                eprintln!(
                    "  {:<4} {:<17} user {:<22} password {}",
                    user.member,
                    user.role.as_str(),
                    user.username,
                    user.password
                );
            }
            eprintln!("Demo API keys (demonstration databases only):");
            for key in &seeded.keys {
                eprintln!(
                    "  {:<4} {:<17} {}",
                    key.member,
                    key.role.as_str(),
                    key.token
                );
            }
        }
        if !args.demo && lintas_demo::has_demo_credentials(&store).await? {
            tracing::warn!(
                "this database was seeded by `--demo`: its API keys and passwords derive from the public source code; serve it only as a demonstration, never with real data"
            );
            eprintln!(
                "WARNING: this database was seeded by `--demo`; its demo API keys and passwords are public. Do not use it for real data."
            );
        }
        // Before the banner: a federation that cannot start stops the server.
        let federation = args.federation.start(&store).await?;
        eprintln!(
            "Lintas is serving on http://{} (web UI: /, API: /api/v1, OpenAPI: /api/v1/openapi.json)",
            args.listen
        );
        super::serve_alerts::spawn(store.clone(), &args.alerts_for, args.alerts_every_hours)?;
        let state = lintas_server::AppState::new(store.clone())
            .with_federation(federation)
            .with_trusted_proxies(proxies)
            .with_rate_limit(lintas_server::RateLimit {
                per_second: args.rate_limit,
                public_per_second: args.public_rate_limit,
            });
        lintas_server::serve_with(state, args.listen).await?;
        store.close().await;
        Ok(ExitCode::SUCCESS)
    })
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LINTAS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=error"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
