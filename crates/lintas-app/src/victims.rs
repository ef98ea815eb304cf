//! Importing victim cases from the HTCDS flat layout (CSV, or a spreadsheet: XLSX, XLS, XLSB,
//! ODS) — for the API's upload and the CLI alike. The model's reader parses and validates
//! (`lintas_model::victims::flat`); the store writes each batch in one audited transaction.

use std::io::Cursor;

use lintas_model::Sharing;
use lintas_model::victims::{flat, validate_sharing};
use lintas_store::{Error, ImportReport, Principal, Result, Store};

/// Rows stored per transaction.
const BATCH: usize = 1000;

/// Whether the bytes are a spreadsheet (ZIP: XLSX/ODS; OLE: XLS) rather than CSV text.
pub fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Imports victim cases from `body` on behalf of `principal` (a victim role): rows without a
/// `sharing_level` take `sharing` (`national` when `None`; never `regional`). Valid rows are
/// stored, invalid ones reported with their line and column.
pub async fn import_victims<B>(
    store: &Store,
    principal: &Principal,
    body: B,
    sharing: Option<Sharing>,
) -> Result<ImportReport>
where
    B: AsRef<[u8]> + Send + 'static,
{
    let mut importer = store.victim_importer(principal)?;
    let mut sharing = sharing.unwrap_or_default();
    sharing.normalise();
    let refused = validate_sharing(&sharing);
    if !refused.is_empty() {
        return Err(Error::Invalid(refused));
    }
    let options = flat::Options {
        sharing,
        today: store.clock().now().date_naive(),
    };
    // Parsing is CPU work: keep it off the async workers.
    let rows: Vec<flat::Row> = tokio::task::spawn_blocking(move || {
        let bytes = body.as_ref();
        if is_spreadsheet(bytes) {
            flat::read_spreadsheet(bytes, &options).map(|rows| rows.collect::<Vec<_>>())
        } else {
            flat::read_csv(Cursor::new(bytes), &options).map(|rows| rows.collect::<Vec<_>>())
        }
    })
    .await
    .map_err(|_| Error::BadRequest("the upload could not be parsed".into()))?
    .map_err(|e| Error::BadRequest(e.to_string()))?;
    let mut report = ImportReport::default();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<flat::Row> = rows.by_ref().take(BATCH).collect();
        report.merge(importer.import_batch(batch).await?);
    }
    Ok(report)
}
