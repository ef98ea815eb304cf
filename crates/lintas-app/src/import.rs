//! Importing incidents from a file's bytes (API and UI uploads).

use std::io::Cursor;

use lintas_model::import::{Format, Row, read};
use lintas_store::{Error, ImportReport, Principal, Result, Store};

/// Rows stored per transaction.
const BATCH: usize = 1000;

/// Imports incidents from `body` (format given, or guessed from its first bytes) in batches
/// on behalf of `principal`: valid rows are stored, invalid ones reported with their line.
pub async fn import_incidents<B>(
    store: &Store,
    principal: &Principal,
    body: B,
    format: Option<Format>,
) -> Result<ImportReport>
where
    B: AsRef<[u8]> + Send + 'static,
{
    let mut importer = store.importer(principal)?;
    let bytes = body.as_ref();
    let format = format.unwrap_or_else(|| Format::sniff(&bytes[..bytes.len().min(64)]));
    let today = store.clock().now().date_naive();
    // Parsing is CPU work: keep it off the async workers.
    let rows: Vec<Row> = tokio::task::spawn_blocking(move || {
        read(Cursor::new(body), format, today).map(|rows| rows.collect::<Vec<_>>())
    })
    .await
    .map_err(|_| Error::BadRequest("the upload could not be parsed".into()))?
    .map_err(|e| Error::BadRequest(e.to_string()))?;
    let mut report = ImportReport::default();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<Row> = rows.by_ref().take(BATCH).collect();
        report.merge(importer.import_batch(batch).await?);
    }
    Ok(report)
}
