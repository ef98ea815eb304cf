//! Import by upload, with the per-row error report shown and downloadable as CSV.

use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use lintas_model::Action;
use lintas_model::import::Format;
use lintas_store::{Error, ImportReport, RowError};

use super::{Nav, error_page, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

/// How long a row-error report stays downloadable.
const REPORT_TTL: Duration = Duration::from_secs(3600);
/// Reports kept in memory at most (oldest dropped first).
const MAX_REPORTS: usize = 200;

/// A finished import's errors, kept for download by the user who ran it.
pub(crate) struct StoredReport {
    actor: String,
    at: Instant,
    errors: Vec<RowError>,
}

struct Shown {
    id: String,
    created: u64,
    updated: u64,
    unchanged: u64,
    invalid: u64,
    errors: Vec<RowError>,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    nav: Option<Nav>,
    csrf: String,
    report: Option<Shown>,
}

pub(crate) async fn form(UiAuth(session): UiAuth) -> Response {
    if let Err(e) = session.principal.require(Action::Create) {
        return error_page(&session, e);
    }
    page(
        StatusCode::OK,
        &ImportPage {
            nav: nav(&session, "import"),
            csrf: session.csrf.clone(),
            report: None,
        },
    )
}

pub(crate) async fn upload(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    mut multipart: Multipart,
) -> Response {
    let mut file = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("").to_string();
            match field.bytes().await {
                Ok(b) => file = Some((name, b)),
                Err(e) => {
                    return error_page(
                        &session,
                        Error::BadRequest(format!("reading the upload: {e}")),
                    );
                }
            }
        }
    }
    let Some((name, bytes)) = file else {
        return error_page(
            &session,
            Error::BadRequest("choose a file to import".into()),
        );
    };
    let report: ImportReport = match lintas_app::import::import_incidents(
        &state.store,
        &session.principal,
        bytes,
        Format::from_path(&name),
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return error_page(&session, e),
    };
    let id = uuid::Uuid::now_v7().to_string();
    {
        let mut reports = state
            .import_reports
            .lock()
            .unwrap_or_else(|e| e.into_inner());
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
            StoredReport {
                actor: session.principal.actor.clone(),
                at: Instant::now(),
                errors: report.errors.clone(),
            },
        );
    }
    let o = report.outcome;
    page(
        StatusCode::OK,
        &ImportPage {
            nav: nav(&session, "import"),
            csrf: session.csrf.clone(),
            report: Some(Shown {
                id,
                created: o.created,
                updated: o.updated,
                unchanged: o.unchanged,
                invalid: o.invalid,
                errors: report.errors,
            }),
        },
    )
}

pub(crate) async fn errors_csv(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
) -> Response {
    let errors = {
        let reports = state
            .import_reports
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match reports.get(&id) {
            // Only the user who ran the import gets its report.
            Some(r) if r.actor == session.principal.actor && r.at.elapsed() < REPORT_TTL => {
                r.errors.clone()
            }
            _ => return error_page(&session, Error::NotFound),
        }
    };
    let rows = errors.iter().map(|e| {
        vec![
            e.line.to_string(),
            e.field.clone(),
            e.code.clone(),
            e.message.clone(),
        ]
    });
    super::csv_download(
        &session,
        "import-errors.csv",
        &["line", "field", "code", "message"],
        rows,
    )
}
