//! The `--db` option shared by commands that open the store.

use clap::Args as ClapArgs;

/// Where the database is.
#[derive(Debug, Clone, ClapArgs)]
pub struct DbArgs {
    /// Database URL: `sqlite://FILE` (embedded, created if missing) or `postgres://USER@HOST/DB`.
    #[arg(long, env = "LINTAS_DB", default_value = "sqlite://lintas.db")]
    pub db: String,
}

impl DbArgs {
    /// Opens (creating and migrating as needed) the store.
    pub async fn open(&self) -> anyhow::Result<lintas_store::Store> {
        lintas_store::Store::connect(&self.db)
            .await
            .map_err(|e| anyhow::anyhow!("opening {}: {e}", redact(&self.db)))
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
