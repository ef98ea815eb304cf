//! The `--db` option shared by commands that open the store.

use std::path::PathBuf;

use clap::Args as ClapArgs;
use lintas_store::{AuditKeys, ConnectOptions, Store};

/// Where the database is.
#[derive(Debug, Clone, ClapArgs)]
pub struct DbArgs {
    /// Database URL: `sqlite://FILE` (embedded, created if missing) or `postgres://USER@HOST/DB`.
    #[arg(long, env = "LINTAS_DB", default_value = "sqlite://lintas.db")]
    pub db: String,
    /// The audit log's key file (signing key and payload-hashing secret; created if missing).
    /// Default: FILE.audit-key beside an SQLite FILE, or ./lintas-audit.key for PostgreSQL.
    #[arg(long, env = "LINTAS_AUDIT_KEY")]
    pub audit_key: Option<PathBuf>,
}

impl DbArgs {
    /// Opens (creating and migrating as needed) the store, with the audit log's keys.
    pub async fn open(&self) -> anyhow::Result<Store> {
        self.open_with(None).await
    }

    /// [`DbArgs::open`] with at most `max_connections` connections (see
    /// [`ConnectOptions::max_connections`]).
    pub async fn open_with(&self, max_connections: Option<u32>) -> anyhow::Result<Store> {
        let mut options = ConnectOptions::new(self.db.clone());
        options.max_connections = max_connections;
        if let Some(path) = self.audit_key_path() {
            options.audit_keys = Some(AuditKeys::load_or_create(&path)?);
        }
        options.checkpoint_file = self.checkpoint_path();
        Store::open(options)
            .await
            .map_err(|e| anyhow::anyhow!("opening {}: {e}", redact(&self.db)))
    }

    /// Where the newest signed checkpoint is kept outside the database: beside the audit key,
    /// which is kept out of database backups too, so restoring an older database copy does not
    /// restore an older checkpoint with it.
    pub fn checkpoint_path(&self) -> Option<PathBuf> {
        self.audit_key_path().map(|k| {
            let mut p = k.into_os_string();
            p.push(".checkpoint");
            PathBuf::from(p)
        })
    }

    /// Where the audit key lives; `None` for an in-memory database (its log dies with it).
    pub fn audit_key_path(&self) -> Option<PathBuf> {
        if let Some(p) = &self.audit_key {
            return Some(p.clone());
        }
        let url = self.db.trim();
        if url.contains(":memory:") || url.contains("mode=memory") {
            return None;
        }
        match url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            Some(rest) => {
                let file = rest.split('?').next().unwrap_or(rest);
                Some(PathBuf::from(format!("{file}.audit-key")))
            }
            None => Some(PathBuf::from("lintas-audit.key")),
        }
    }
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn audit_key_sits_beside_the_sqlite_file() {
        let args = |db: &str| super::DbArgs {
            db: db.into(),
            audit_key: None,
        };
        assert_eq!(
            args("sqlite://data/lintas.db?mode=rwc").audit_key_path(),
            Some("data/lintas.db.audit-key".into())
        );
        assert_eq!(args("sqlite::memory:").audit_key_path(), None);
        assert_eq!(
            args("postgres://postgres@127.0.0.1/test").audit_key_path(),
            Some("lintas-audit.key".into())
        );
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            super::redact("postgres://app:s3cret@db:5432/lintas"),
            "postgres://app:***@db:5432/lintas"
        );
        assert_eq!(
            super::redact("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(super::redact("sqlite://lintas.db"), "sqlite://lintas.db");
    }
}
