//! Uploads of incidents, shared by the API and the web page: the body streams into the import
//! use case under a size cap, and each import's full error list is kept for an hour as a file
//! that only the user who ran it can download.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, StreamExt};
use lintas_app::import::Imported;
use lintas_model::import::Format;
use lintas_store::{ImportReport, Principal, Result, Store};

/// Largest upload accepted. Bodies stream, so this bounds time and disk, not memory.
pub(crate) const MAX_IMPORT_BYTES: u64 = 4 << 30;
/// How long a row-error report stays downloadable.
const REPORT_TTL: Duration = Duration::from_secs(3600);
/// Reports kept at most (oldest dropped first).
const MAX_REPORTS: usize = 200;

struct Kept {
    actor: String,
    at: Instant,
    errors: tempfile::TempPath,
}

/// Finished imports' error lists, by report id.
#[derive(Clone, Default)]
pub(crate) struct ImportReports(Arc<Mutex<HashMap<String, Kept>>>);

impl ImportReports {
    /// Keeps `imported`'s error list (if any) for `actor`; returns the id to download it by.
    pub(crate) fn keep(&self, actor: &str, imported: Imported) -> (ImportReport, Option<String>) {
        let Some(errors) = imported.all_errors else {
            return (imported.report, None);
        };
        let id = uuid::Uuid::now_v7().to_string();
        let mut reports = self.0.lock().unwrap_or_else(|e| e.into_inner());
        reports.retain(|_, r| r.at.elapsed() < REPORT_TTL);
        if reports.len() >= MAX_REPORTS
            && let Some(oldest) = reports
                .iter()
                .min_by_key(|(_, r)| r.at)
                .map(|(k, _)| k.clone())
        {
            reports.remove(&oldest);
        }
        reports.insert(
            id.clone(),
            Kept {
                actor: actor.to_string(),
                at: Instant::now(),
                errors,
            },
        );
        (imported.report, Some(id))
    }

    /// The error list `id` as a CSV download, for the user who ran the import only.
    pub(crate) async fn download(&self, actor: &str, id: &str) -> Option<Response> {
        let file = {
            let reports = self.0.lock().unwrap_or_else(|e| e.into_inner());
            match reports.get(id) {
                Some(r) if r.actor == actor && r.at.elapsed() < REPORT_TTL => {
                    // Opened under the lock: an open file outlives the report's eviction.
                    std::fs::File::open(&r.errors).ok()?
                }
                _ => return None,
            }
        };
        let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
        let mut response = Body::from_stream(stream).into_response();
        let h = response.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/csv; charset=utf-8"),
        );
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"import-errors.csv\""),
        );
        Some(response)
    }
}

/// Why an upload is refused before it is read.
pub(crate) fn declared_too_large(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > MAX_IMPORT_BYTES)
}

/// The 413 answer for an upload over [`MAX_IMPORT_BYTES`].
pub(crate) fn too_large_detail() -> String {
    format!(
        "an upload may be at most {} GiB; split the file",
        MAX_IMPORT_BYTES >> 30
    )
}

/// The body as a stream of chunks that fails once more than [`MAX_IMPORT_BYTES`] arrived.
pub(crate) fn capped<S, E>(
    body: S,
) -> impl Stream<Item = std::io::Result<bytes::Bytes>> + Send + Unpin + 'static
where
    S: Stream<Item = std::result::Result<bytes::Bytes, E>> + Send + Unpin + 'static,
    E: std::error::Error,
{
    let mut seen: u64 = 0;
    body.map(move |chunk| {
        let chunk = chunk.map_err(|e| std::io::Error::other(broke_off(&e)))?;
        seen += chunk.len() as u64;
        if seen > MAX_IMPORT_BYTES {
            return Err(std::io::Error::other(too_large_detail()));
        }
        Ok(chunk)
    })
}

/// "The upload broke off" with the innermost reason (a timeout, a closed connection).
fn broke_off(e: &dyn std::error::Error) -> String {
    let mut reason = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        reason = inner.to_string();
        source = inner.source();
    }
    format!("the upload broke off: {reason}")
}

/// Imports `body` for `principal` and keeps its error list; the report and the list's id.
pub(crate) async fn import<S, E>(
    store: &Store,
    reports: &ImportReports,
    principal: &Principal,
    body: S,
    format: Option<Format>,
) -> Result<(ImportReport, Option<String>)>
where
    S: Stream<Item = std::result::Result<bytes::Bytes, E>> + Send + Unpin + 'static,
    E: std::error::Error,
{
    let imported =
        lintas_app::import::import_incidents(store, principal, capped(body), format).await?;
    Ok(reports.keep(&principal.actor, imported))
}

/// 413 for a declared size over the cap (the API's one answer for oversized bodies).
pub(crate) fn payload_too_large() -> crate::problem::Problem {
    crate::api::body::too_large(MAX_IMPORT_BYTES as usize)
}
