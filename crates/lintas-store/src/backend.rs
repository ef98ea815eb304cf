//! Connecting to SQLite or PostgreSQL and migrating the schema.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::audit::AuditLog;
use crate::audit_keys::AuditKeys;
use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::wal::WalCheckpointer;

pub(crate) enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// How to open a store.
pub struct ConnectOptions {
    /// `sqlite://FILE`, `sqlite::memory:` or `postgres://…`.
    pub url: String,
    /// PostgreSQL schema to use (created if missing); lets test runs and tenants of one server
    /// stay apart. Ignored for SQLite.
    pub pg_schema: Option<String>,
    /// The clock for timestamps and "today".
    pub clock: Arc<dyn Clock>,
    /// The audit log's keys (see [`AuditKeys::load_or_create`]); `None` makes fresh ones for
    /// this process, which suits tests and throw-away databases.
    pub audit_keys: Option<AuditKeys>,
    /// At most this many connections (default 8 for an SQLite file, 16 for PostgreSQL). A bulk
    /// import into SQLite wants one: SQLite drops a connection's page cache whenever another
    /// connection wrote, so a pool that hands out its connections in turn starts every batch
    /// with a cold cache.
    pub max_connections: Option<u32>,
    /// A file outside the database where every signed checkpoint is also written (the newest
    /// wins), so that a database rolled back to an older copy no longer extends it and
    /// `lintas audit verify` says so. `None` keeps checkpoints only in the database.
    pub checkpoint_file: Option<std::path::PathBuf>,
}

impl ConnectOptions {
    /// Options for `url` with the system clock.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            pg_schema: None,
            clock: Arc::new(SystemClock),
            audit_keys: None,
            max_connections: None,
            checkpoint_file: None,
        }
    }
}

/// The Lintas store.
pub struct Store {
    pub(crate) backend: Backend,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) audit: AuditLog,
    /// Watchlist indexes kept in memory between checks (see `screening.rs`).
    pub(crate) screening: crate::screening::ScreeningCache,
    /// Network analyses kept in memory per member (see `network/`).
    pub(crate) networks: crate::network::NetworkCache,
    /// Password hashing off the async workers (see `passwords.rs`).
    pub(crate) hashing: crate::passwords::Hashing,
    /// Background WAL checkpoints (SQLite files only).
    pub(crate) wal: Option<WalCheckpointer>,
    /// When referrals become overdue (`referrals.rs`).
    pub(crate) referral_deadlines: lintas_model::victims::referral::Deadlines,
}

impl Store {
    /// Opens the database at `url` with the system clock, creating and migrating it as needed.
    pub async fn connect(url: &str) -> Result<Store> {
        Self::open(ConnectOptions::new(url)).await
    }

    /// Opens a store with explicit options.
    pub async fn open(options: ConnectOptions) -> Result<Store> {
        let url = options.url.trim();
        let mut wal = None;
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let mut connect = PgConnectOptions::from_str(url)?;
            if let Some(schema) = &options.pg_schema {
                if !schema
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                {
                    return Err(Error::BadRequest(format!(
                        "schema name `{schema}` must be lower-case letters, digits and _"
                    )));
                }
                let admin = PgPoolOptions::new()
                    .max_connections(1)
                    .connect_with(connect.clone())
                    .await?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "CREATE SCHEMA IF NOT EXISTS {schema}"
                )))
                .execute(&admin)
                .await?;
                admin.close().await;
                connect = connect.options([("search_path", schema.as_str())]);
            }
            let pool = PgPoolOptions::new()
                .max_connections(options.max_connections.unwrap_or(16))
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(connect)
                .await?;
            sqlx::migrate!("./migrations/postgres").run(&pool).await?;
            Backend::Postgres(pool)
        } else if url.starts_with("sqlite:") {
            let memory = url.contains(":memory:") || url.contains("mode=memory");
            let connect = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(if memory {
                    SqliteJournalMode::Memory
                } else {
                    SqliteJournalMode::Wal
                })
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                // A 64 MiB page cache per connection (SQLite's default is 2 MiB) keeps the
                // indexes that bulk imports write into in memory.
                .pragma("cache_size", "-65536")
                // Reading pages through a memory map saves a copy per page read; checkpointing
                // the WAL less often saves rewriting hot index pages during bulk imports (most of the
                // copying is done earlier, in the background: see `wal.rs`)
                .pragma("mmap_size", "268435456")
                .pragma("wal_autocheckpoint", "40000")
                // …and a WAL that grew that far is cut back once it restarts.
                .pragma("journal_size_limit", "67108864")
                // A multi-row INSERT into a table with unique keys keeps a statement journal
                // (the pages it changed, to undo it alone on a constraint error). By default it
                // spills to a temporary file after 64 KiB: a bulk import wrote as many pages
                // there as into the WAL. In memory it costs a few MB during a write.
                .pragma("temp_store", "memory")
                .busy_timeout(Duration::from_secs(10));
            // An in-memory database exists per connection, so it must have exactly one.
            let pool = SqlitePoolOptions::new()
                .max_connections(if memory {
                    1
                } else {
                    options.max_connections.unwrap_or(8)
                })
                .connect_with(connect.clone())
                .await?;
            sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
            if !memory {
                wal = Some(WalCheckpointer::start(&connect).await?);
            }
            Backend::Sqlite(pool)
        } else {
            return Err(Error::BadRequest(format!(
                "unsupported database URL `{url}`: use sqlite://FILE (embedded) or postgres://USER@HOST/DB"
            )));
        };
        let keys = match options.audit_keys {
            Some(k) => k,
            None => AuditKeys::generate()?,
        };
        let mut store = Store {
            backend,
            clock: options.clock,
            audit: AuditLog::new(keys, true, options.checkpoint_file),
            screening: Default::default(),
            networks: Default::default(),
            hashing: Default::default(),
            wal,
            referral_deadlines: Default::default(),
        };
        store.init_audit().await?;
        store.refresh_search_terms().await?;
        let (_, stored_key) = store.audit_identity().await?;
        if stored_key != store.audit.keys.verifier().to_string() {
            tracing::warn!(
                log_key = %stored_key,
                "this database's audit log was created with another signing key: events are \
                 recorded, but checkpoints are left to the process that holds that key"
            );
            store.audit.can_sign = false;
        } else if let Some(outside) = store.outside_checkpoint_ahead().await? {
            tracing::error!(
                outside,
                file = ?store.audit.checkpoint_file,
                "the audit log is shorter than the checkpoint kept outside the database: the \
                 database may have been rolled back; run `lintas audit verify` (if a new \
                 database was started on purpose, move that file away)"
            );
            // Left as it is: overwriting it would erase the evidence.
            store.audit.checkpoint_file = None;
        } else if store.latest_checkpoint().await?.is_none() {
            // A verifier always needs a signed head, so the empty log gets one at size 0.
            store.sign_checkpoint().await?;
        }
        Ok(store)
    }

    /// `sqlite` or `postgres`.
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// The store's clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// Closes all connections (flushes SQLite's WAL).
    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite(p) => p.close().await,
            Backend::Postgres(p) => p.close().await,
        }
        if let Some(wal) = &self.wal {
            wal.close().await;
        }
    }
}
