//! Importing incidents from an upload as it arrives (API and UI): the body is parsed on a
//! blocking thread a couple of batches ahead of the database writes, so memory holds a few
//! batches whatever the file's size, and the error report keeps the first problems in full,
//! counts the rest, and writes every one to a file the user can download.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader};

use bytes::Bytes;
use futures_util::Stream;
use lintas_model::import::{Format, Row, read};
use lintas_store::{
    Error, ErrorCount, ImportReport, PreparedBatch, Principal, Result, RowError, Store,
};
use tokio_util::io::{StreamReader, SyncIoBridge};

/// Rows stored per transaction.
const BATCH: usize = 1000;
/// Problems listed in full in the report; beyond them, counts per field and code.
pub const SHOWN_ERRORS: usize = 1000;

/// A finished import: its report and, when some rows were invalid, every problem as CSV
/// (`line,field,code,message`) in a temporary file deleted when this is dropped.
pub struct Imported {
    /// What was stored and the first problems.
    pub report: ImportReport,
    /// Every problem, for download.
    pub all_errors: Option<tempfile::TempPath>,
}

/// Imports incidents from `body` (format given, or guessed from its first bytes) in batches
/// on behalf of `principal`: valid rows are stored, invalid ones reported with their line.
/// The role is checked before the first byte of the body is read.
pub async fn import_incidents<S>(
    store: &Store,
    principal: &Principal,
    body: S,
    format: Option<Format>,
) -> Result<Imported>
where
    S: Stream<Item = io::Result<Bytes>> + Send + Unpin + 'static,
{
    let mut importer = store.importer(principal)?;
    let today = store.clock().now().date_naive();
    let input = SyncIoBridge::new(StreamReader::new(body));
    let (batches, mut incoming) = tokio::sync::mpsc::channel::<Result<PreparedBatch>>(2);
    // Parsing, validating and preparing rows is CPU work: off the async workers, a couple of
    // batches ahead of the writes.
    let parser = tokio::task::spawn_blocking(move || {
        let mut input = BufReader::with_capacity(1 << 18, input);
        let format = match format {
            Some(f) => f,
            None => match input.fill_buf() {
                Ok(head) => Format::sniff(&head[..head.len().min(64)]),
                Err(e) => return Err(unreadable(e)),
            },
        };
        let mut rows = read(input, format, today).map_err(|e| Error::BadRequest(e.to_string()))?;
        loop {
            let batch: Vec<Row> = rows.by_ref().take(BATCH).collect();
            if batch.is_empty() {
                return Ok(());
            }
            if batches
                .blocking_send(PreparedBatch::new(batch, today))
                .is_err()
            {
                return Ok(());
            }
        }
    });
    let mut errors = ErrorCollector::default();
    let mut report = ImportReport::default();
    while let Some(batch) = incoming.recv().await {
        let mut done = importer.import_prepared(batch?).await?;
        errors.add(std::mem::take(&mut done.errors))?;
        report.merge(done);
    }
    parser
        .await
        .map_err(|_| Error::BadRequest("the upload could not be parsed".into()))??;
    errors.finish(report)
}

fn unreadable(e: io::Error) -> Error {
    Error::BadRequest(format!("reading the upload: {e}"))
}

/// Keeps the first problems, counts all, and spools all to a CSV file.
#[derive(Default)]
struct ErrorCollector {
    shown: Vec<RowError>,
    counts: BTreeMap<(String, String), u64>,
    total: usize,
    file: Option<csv::Writer<tempfile::NamedTempFile>>,
}

impl ErrorCollector {
    fn add(&mut self, errors: Vec<RowError>) -> Result<()> {
        if errors.is_empty() {
            return Ok(());
        }
        let file = match &mut self.file {
            Some(f) => f,
            None => {
                let mut w =
                    csv::Writer::from_writer(tempfile::NamedTempFile::new().map_err(spool)?);
                w.write_record(["line", "field", "code", "message"])
                    .map_err(spool)?;
                self.file.insert(w)
            }
        };
        for e in errors {
            file.write_record([e.line.to_string().as_str(), &e.field, &e.code, &e.message])
                .map_err(spool)?;
            *self
                .counts
                .entry((e.field.clone(), e.code.clone()))
                .or_default() += 1;
            self.total += 1;
            if self.shown.len() < SHOWN_ERRORS {
                self.shown.push(e);
            }
        }
        Ok(())
    }

    fn finish(self, mut report: ImportReport) -> Result<Imported> {
        report.errors_truncated = self.total > self.shown.len();
        if report.errors_truncated {
            report.error_counts = self
                .counts
                .into_iter()
                .map(|((field, code), count)| ErrorCount { field, code, count })
                .collect();
        }
        report.errors = self.shown;
        let all_errors = match self.file {
            None => None,
            Some(w) => Some(
                w.into_inner()
                    .map_err(|e| spool(e.into_error()))?
                    .into_temp_path(),
            ),
        };
        Ok(Imported { report, all_errors })
    }
}

fn spool(e: impl std::fmt::Display) -> Error {
    Error::LocalFile(format!("writing the import's error list: {e}"))
}
