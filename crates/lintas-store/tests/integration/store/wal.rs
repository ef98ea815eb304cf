//! Background WAL checkpoints of an SQLite file (`wal.rs` in the store).

use std::path::Path;
use std::time::Duration;

use lintas_model::Role;
use lintas_store::Store;

use super::{incident, principal};

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// Writes reach the database file soon after they commit, long before SQLite's own checkpoint
/// (40,000 WAL pages) would copy them, and a closed store leaves no WAL behind.
#[tokio::test]
async fn writes_reach_the_database_file_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wal.db");
    let wal = dir.path().join("wal.db-wal");
    let store = Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let officer = principal(&store, "IDN", "Police", Role::Officer).await;
    // Let the checkpoint of the setup's writes finish.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = size(&path);
    for _ in 0..200 {
        store
            .create_incident(
                &officer,
                incident("smuggling", "2025-03-02", "regional", &[]),
            )
            .await
            .unwrap();
    }
    let mut after = size(&path);
    for _ in 0..100 {
        if after > before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        after = size(&path);
    }
    assert!(
        after > before,
        "the database file stayed at {before} bytes: nothing was checkpointed"
    );
    assert!(wal.exists(), "an open WAL-mode database has its WAL");
    store.close().await;
    assert!(
        !wal.exists(),
        "closing the store checkpoints and removes the WAL"
    );
    let reopened = Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let officer = principal(&reopened, "IDN", "Police", Role::Officer).await;
    let page = reopened
        .list_incidents_audited(&officer, &Default::default(), None, Some(500))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 200);
}
