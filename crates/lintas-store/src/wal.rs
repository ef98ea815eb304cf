//! Copying an SQLite file's write-ahead log back into the database off the writers' path.
//!
//! SQLite checkpoints the WAL inside the commit that crosses `wal_autocheckpoint`: the
//! committing connection copies every frame and waits for two `fsync`s, which stalled bulk
//! imports for about a seventh of their time. Here a connection of its own runs passive
//! checkpoints in the background after writes, so the data reaches the disk while the writer
//! goes on; the writer's own (rarer) checkpoint then finds little left to copy and flush and
//! keeps the WAL bounded. A passive checkpoint never blocks readers or writers.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// At most one background checkpoint per this interval: small writes (the server's) would
/// otherwise pay two `fsync`s each.
const PAUSE: Duration = Duration::from_millis(200);

/// The background checkpointer of one SQLite file; stops when dropped.
pub(crate) struct WalCheckpointer {
    wake: Arc<Notify>,
    stop: Arc<AtomicBool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl WalCheckpointer {
    /// Opens its own connection to the database and waits for [`WalCheckpointer::wrote`].
    pub(crate) async fn start(connect: &SqliteConnectOptions) -> sqlx::Result<Self> {
        let mut conn = SqliteConnection::connect_with(connect).await?;
        let wake = Arc::new(Notify::new());
        let stop = Arc::new(AtomicBool::new(false));
        let (woken, stopping) = (wake.clone(), stop.clone());
        let task = tokio::spawn(async move {
            loop {
                woken.notified().await;
                if stopping.load(Ordering::Acquire) {
                    // Closed last, this connection checkpoints and removes the WAL.
                    let _ = conn.close().await;
                    return;
                }
                // Busy (another checkpoint is running) or failed: the writer's own
                // checkpoint remains, so there is nothing to recover here.
                if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&mut conn)
                    .await
                {
                    tracing::debug!(error = %e, "background WAL checkpoint");
                }
                tokio::time::sleep(PAUSE).await;
            }
        });
        Ok(WalCheckpointer {
            wake,
            stop,
            task: Mutex::new(Some(task)),
        })
    }

    /// Stops the checkpointer and closes its connection (call after the pool closed).
    pub(crate) async fn close(&self) {
        self.stop.store(true, Ordering::Release);
        self.wake.notify_one();
        let task = self.task.lock().ok().and_then(|mut t| t.take());
        if let Some(task) = task {
            let _ = task.await;
        }
    }

    /// Tells the checkpointer a transaction committed (several calls before it runs count once).
    pub(crate) fn wrote(&self) {
        self.wake.notify_one();
    }
}

impl Drop for WalCheckpointer {
    fn drop(&mut self) {
        if let Some(task) = self.task.get_mut().ok().and_then(|t| t.take()) {
            task.abort();
        }
    }
}
