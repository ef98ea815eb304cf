//! Opens a fresh store on each backend. PostgreSQL tests use `LINTAS_TEST_PG_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`), each in its own schema; they are skipped, with a
//! message, only when the variable is unset and nothing listens there.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use lintas_store::{Clock, ConnectOptions, FixedClock, Store};

pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

pub struct TestStore {
    pub store: Store,
    pub clock: Arc<FixedClock>,
    /// Where the database is, for tests that tamper with it behind the store's back.
    pub url: String,
    pub schema: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestStore {
    /// Runs raw SQL on the database, bypassing the store (to play the attacker).
    pub async fn raw(&self, sql: &str) {
        use sqlx::Executor;
        if self.url.starts_with("sqlite:") {
            let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&self.url)
                .await
                .unwrap();
            c.execute(sqlx::AssertSqlSafe(sql.to_string()))
                .await
                .unwrap();
        } else {
            let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&self.url)
                .await
                .unwrap();
            let schema = self.schema.as_deref().unwrap();
            c.execute(sqlx::AssertSqlSafe(format!("SET search_path TO {schema}")))
                .await
                .unwrap();
            c.execute(sqlx::AssertSqlSafe(sql.to_string()))
                .await
                .unwrap();
        }
    }

    /// The text column `v` of the first row of a raw query, bypassing the store.
    pub async fn raw_text(&self, sql: &str) -> String {
        use sqlx::Row;
        if self.url.starts_with("sqlite:") {
            let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&self.url)
                .await
                .unwrap();
            sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
                .fetch_one(&mut c)
                .await
                .unwrap()
                .get("v")
        } else {
            use sqlx::Executor;
            let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&self.url)
                .await
                .unwrap();
            let schema = self.schema.as_deref().unwrap();
            c.execute(sqlx::AssertSqlSafe(format!("SET search_path TO {schema}")))
                .await
                .unwrap();
            sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
                .fetch_one(&mut c)
                .await
                .unwrap()
                .get("v")
        }
    }
}

pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap(),
    ))
}

pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let clock = clock();
    let store = Store::open(ConnectOptions {
        url: url.clone(),
        pg_schema: None,
        clock: clock.clone() as Arc<dyn Clock>,
        audit_keys: None,
        max_connections: None,
        checkpoint_file: None,
    })
    .await
    .unwrap();
    TestStore {
        store,
        clock,
        url,
        schema: None,
        _dir: Some(dir),
    }
}

pub async fn postgres() -> Option<TestStore> {
    let (url, explicit) = match std::env::var("LINTAS_TEST_PG_URL") {
        Ok(url) => (url, true),
        Err(_) => (DEFAULT_PG_URL.to_string(), false),
    };
    let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
    let clock = clock();
    match Store::open(ConnectOptions {
        url: url.clone(),
        pg_schema: Some(schema.clone()),
        clock: clock.clone() as Arc<dyn Clock>,
        audit_keys: None,
        max_connections: None,
        checkpoint_file: None,
    })
    .await
    {
        Ok(store) => Some(TestStore {
            store,
            clock,
            url,
            schema: Some(schema),
            _dir: None,
        }),
        Err(e) if !explicit => {
            eprintln!(
                "SKIPPED: PostgreSQL store test: nothing usable at {url} ({e}); set LINTAS_TEST_PG_URL to run it"
            );
            None
        }
        Err(e) => panic!("LINTAS_TEST_PG_URL={url} is set but unusable: {e}"),
    }
}

/// Defines `$name::sqlite` and `$name::postgres` tests running `$body(TestStore)`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident => $body:ident;)*) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$body($crate::common::sqlite().await).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some(store) = $crate::common::postgres().await {
                        super::$body(store).await;
                    }
                }
            }
        )*
    };
}
