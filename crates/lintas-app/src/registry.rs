//! The lost/stolen document registry: importing a CSV of reports (API and UI uploads).

use std::io::Cursor;

use lintas_model::registry::{RegistryRow, read_registry_csv};
use lintas_store::{Error, ImportReport, Principal, Result, Store};

/// Rows stored per transaction.
const BATCH: usize = 1000;

/// Imports registry reports from CSV `body` (columns in docs/checks.md) for the principal's
/// member: valid rows are stored (audited per row by the store), every invalid row is
/// reported with its line, field and reason. A file that cannot be read as CSV at all (an
/// unknown or repeated column) is a `BadRequest`.
pub async fn import_registry<B>(
    store: &Store,
    principal: &Principal,
    body: B,
) -> Result<ImportReport>
where
    B: AsRef<[u8]> + Send + 'static,
{
    let mut importer = store.registry_importer(principal)?;
    let today = store.clock().now().date_naive();
    // Parsing is CPU work: keep it off the async workers.
    let rows: Vec<RegistryRow> = tokio::task::spawn_blocking(move || {
        read_registry_csv(Cursor::new(body), today).map(Iterator::collect::<Vec<_>>)
    })
    .await
    .map_err(|_| Error::BadRequest("the upload could not be parsed".into()))?
    .map_err(|e| Error::BadRequest(e.to_string()))?;
    let mut report = ImportReport::default();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<RegistryRow> = rows.by_ref().take(BATCH).collect();
        report.merge(importer.import_batch(batch).await?);
    }
    Ok(report)
}
