//! The lost/stolen document registry page: the reports the user may see (searchable by
//! number), reporting one document, and importing a CSV with its per-row errors. The report
//! goes through the store's `register_document` and the import through
//! `lintas_app::registry::import_registry`, as over the API.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use lintas_model::codes::DOCUMENT_STATUS;
use lintas_model::registry::RegistryEntry;
use lintas_model::{Action, FieldError, Sharing};
use lintas_store::{Error, ImportReport, Registered, RowError, Session};
use serde::Deserialize;

use super::checks::{HitRow, hit_row};
use super::{Nav, error_page, nav, page};
use crate::AppState;
use crate::auth::UiAuth;

/// Reports listed at most.
const SHOWN: u32 = 100;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ListQuery {
    q: String,
    reported: String,
}

/// The report form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ReportForm {
    issuing_state: String,
    document_number: String,
    status: String,
    reported_on: String,
    document_code: String,
    external_ref: String,
    note: String,
    sharing_level: String,
    sharing_states: String,
}

pub(crate) struct Row {
    pub hit: HitRow,
    pub sharing: String,
}

pub(crate) struct Imported {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub invalid: u64,
    pub errors: Vec<RowError>,
}

#[derive(Template)]
#[template(path = "registry.html")]
struct RegistryPage {
    nav: Option<Nav>,
    csrf: String,
    can_report: bool,
    q: String,
    rows: Vec<Row>,
    notice: Option<String>,
    statuses: Vec<(&'static str, &'static str)>,
    form: ReportForm,
    errors: Vec<FieldError>,
    import_error: Option<String>,
    imported: Option<Imported>,
}

impl RegistryPage {
    /// The input an error's field belongs to (`sharing.states` → the sharing select).
    fn anchor(&self, field: &str) -> String {
        let base = field.split(['.', '[']).next().unwrap_or(field);
        match base {
            "sharing_level" | "sharing_states" => "r-sharing".into(),
            b => format!("r-{b}"),
        }
    }

    fn error_for(&self, field: &str) -> Option<String> {
        let m: Vec<&str> = self
            .errors
            .iter()
            .filter(|e| e.field == field || e.field.starts_with(&format!("{field}.")))
            .map(|e| e.message.as_str())
            .collect();
        (!m.is_empty()).then(|| m.join("; "))
    }
}

async fn render(
    state: &AppState,
    session: &Session,
    q: &str,
    form: ReportForm,
    errors: Vec<FieldError>,
) -> Result<RegistryPage, Error> {
    let p = &session.principal;
    p.require(Action::Check)?;
    let entries = state
        .store
        .list_registry(p, Some(q).filter(|q| !q.trim().is_empty()), SHOWN)
        .await?;
    Ok(RegistryPage {
        nav: nav(session, "registry"),
        csrf: session.csrf.clone(),
        can_report: p.role.may(Action::MaintainCheckData),
        q: q.trim().to_string(),
        rows: entries
            .iter()
            .map(|e| Row {
                hit: hit_row(e),
                sharing: match e.entry.sharing.level.as_str() {
                    "bilateral" => format!("bilateral: {}", e.entry.sharing.states.join(", ")),
                    level => level.to_string(),
                },
            })
            .collect(),
        notice: None,
        statuses: DOCUMENT_STATUS
            .codes
            .iter()
            .map(|c| (c.code, c.label))
            .collect(),
        form,
        errors,
        import_error: None,
        imported: None,
    })
}

/// `GET /registry`.
pub(crate) async fn list(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(query): Query<ListQuery>,
) -> Response {
    let form = ReportForm {
        sharing_level: "national".into(),
        status: "stolen".into(),
        ..ReportForm::default()
    };
    match render(&state, &session, &query.q, form, Vec::new()).await {
        Ok(mut view) => {
            view.notice = match query.reported.as_str() {
                "created" => Some("The document is now in the registry.".into()),
                "updated" => Some("Your member's report of this document was updated.".into()),
                "unchanged" => Some("Your member had already reported exactly this.".into()),
                _ => None,
            };
            page(StatusCode::OK, &view)
        }
        Err(e) => error_page(&session, e),
    }
}

fn entry_from(form: &ReportForm) -> Result<RegistryEntry, Vec<FieldError>> {
    let reported_on = match NaiveDate::parse_from_str(form.reported_on.trim(), "%Y-%m-%d") {
        Ok(d) => d,
        Err(_) => {
            let message = if form.reported_on.trim().is_empty() {
                "the day the document was reported is required".to_string()
            } else {
                format!("`{}` is not a date (YYYY-MM-DD)", form.reported_on.trim())
            };
            return Err(vec![FieldError {
                field: "reported_on".into(),
                code: "invalid_date".into(),
                message,
            }]);
        }
    };
    let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(RegistryEntry {
        issuing_state: form.issuing_state.clone(),
        document_number: form.document_number.clone(),
        status: form.status.clone(),
        reported_on,
        document_code: text(&form.document_code),
        external_ref: text(&form.external_ref),
        note: text(&form.note),
        sharing: Sharing {
            level: text(&form.sharing_level).unwrap_or_else(|| "national".into()),
            states: form
                .sharing_states
                .split([';', ',', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        },
    })
}

/// `POST /registry`: reports one document, then shows it (Post/Redirect/Get); on invalid input
/// the form comes back with every problem beside its field and the typed values kept.
pub(crate) async fn report(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Form(form): Form<ReportForm>,
) -> Response {
    if let Err(e) = session.principal.require(Action::MaintainCheckData) {
        return error_page(&session, e);
    }
    let result = match entry_from(&form) {
        Ok(entry) => state
            .store
            .register_document(&session.principal, entry)
            .await
            .map_err(|e| match e {
                Error::Invalid(errors) => Ok(errors),
                e => Err(e),
            }),
        Err(errors) => Err(Ok(errors)),
    };
    match result {
        Ok((stored, how)) => {
            let how = match how {
                Registered::Created => "created",
                Registered::Updated => "updated",
                Registered::Unchanged => "unchanged",
            };
            Redirect::to(&format!(
                "/registry?q={}&reported={how}",
                urlencoding::encode(&stored.entry.document_number)
            ))
            .into_response()
        }
        Err(Ok(errors)) => match render(&state, &session, "", form, errors).await {
            Ok(view) => page(StatusCode::UNPROCESSABLE_ENTITY, &view),
            Err(e) => error_page(&session, e),
        },
        Err(Err(e)) => error_page(&session, e),
    }
}

/// A multipart form's text fields and its one file (`file`).
pub(crate) async fn read_upload(
    multipart: &mut Multipart,
) -> Result<(Vec<(String, String)>, Option<bytes::Bytes>), Error> {
    let mut fields = Vec::new();
    let mut file = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(Error::BadRequest(format!("reading the upload: {e}"))),
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let bytes = field
                .bytes()
                .await
                .map_err(|e| Error::BadRequest(format!("reading the upload: {e}")))?;
            file = Some(bytes).filter(|b| !b.is_empty());
        } else {
            let text = field
                .text()
                .await
                .map_err(|e| Error::BadRequest(format!("reading the form: {e}")))?;
            fields.push((name, text));
        }
    }
    Ok((fields, file))
}

/// `POST /registry/import`: stores the valid rows and lists every invalid one.
pub(crate) async fn import(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    mut multipart: Multipart,
) -> Response {
    if let Err(e) = session.principal.require(Action::MaintainCheckData) {
        return error_page(&session, e);
    }
    let file = match read_upload(&mut multipart).await {
        Ok((_, file)) => file,
        Err(e) => return error_page(&session, e),
    };
    let outcome = match file {
        None => Err("Choose a CSV file to import.".to_string()),
        Some(bytes) => {
            match lintas_app::registry::import_registry(&state.store, &session.principal, bytes)
                .await
            {
                Ok(report) => Ok(report),
                Err(Error::BadRequest(why)) => Err(format!("The file was not imported: {why}")),
                Err(e) => return error_page(&session, e),
            }
        }
    };
    let form = ReportForm {
        sharing_level: "national".into(),
        status: "stolen".into(),
        ..ReportForm::default()
    };
    let mut view = match render(&state, &session, "", form, Vec::new()).await {
        Ok(v) => v,
        Err(e) => return error_page(&session, e),
    };
    match outcome {
        Ok(ImportReport {
            outcome: o, errors, ..
        }) => {
            view.imported = Some(Imported {
                created: o.created,
                updated: o.updated,
                unchanged: o.unchanged,
                invalid: o.invalid,
                errors,
            });
            page(StatusCode::OK, &view)
        }
        Err(why) => {
            view.import_error = Some(why);
            page(StatusCode::BAD_REQUEST, &view)
        }
    }
}
