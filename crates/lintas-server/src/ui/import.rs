//! Import by upload, with the per-row error report shown and downloadable as CSV.

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use lintas_model::Action;
use lintas_model::import::Format;
use lintas_store::{Error, ImportReport, RowError};

use super::{Nav, error_page, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

struct Shown {
    id: String,
    created: u64,
    updated: u64,
    unchanged: u64,
    invalid: u64,
    /// Only the first problems are listed (all are in the download).
    truncated: bool,
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
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Err(e) = session.principal.require(Action::Create) {
        return error_page(&session, e);
    }
    if crate::imports::declared_too_large(&headers) {
        return error_page(
            &session,
            Error::BadRequest(crate::imports::too_large_detail()),
        );
    }
    let boundary = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| multer::parse_boundary(v).ok());
    let Some(boundary) = boundary else {
        return error_page(
            &session,
            Error::BadRequest("the upload is not a multipart form".into()),
        );
    };
    let mut multipart = multer::Multipart::new(body.into_data_stream(), boundary);
    // The file streams into the import as it arrives; the form's other fields come first.
    let file = loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => break Some(field),
            Ok(Some(_)) => continue,
            Ok(None) => break None,
            Err(e) => {
                return error_page(
                    &session,
                    Error::BadRequest(format!("reading the upload: {e}")),
                );
            }
        }
    };
    let Some(file) = file.filter(|f| f.file_name().is_some_and(|n| !n.is_empty())) else {
        return error_page(
            &session,
            Error::BadRequest("choose a file to import".into()),
        );
    };
    let format = file.file_name().and_then(Format::from_path);
    let (report, id): (ImportReport, Option<String>) = match crate::imports::import(
        &state.store,
        &state.import_reports,
        &session.principal,
        file,
        format,
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return error_page(&session, e),
    };
    let o = report.outcome;
    page(
        StatusCode::OK,
        &ImportPage {
            nav: nav(&session, "import"),
            csrf: session.csrf.clone(),
            report: Some(Shown {
                id: id.unwrap_or_default(),
                created: o.created,
                updated: o.updated,
                unchanged: o.unchanged,
                invalid: o.invalid,
                truncated: report.errors_truncated,
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
    match state
        .import_reports
        .download(&session.principal.actor, &id)
        .await
    {
        Some(r) => r,
        None => error_page(&session, Error::NotFound),
    }
}
