//! Incident pages: filtered list with paging, detail, report/edit form, delete.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use lintas_model::codes::{INCIDENT_KIND, MODUS_OPERANDI, TRANSPORT_MODE};
use lintas_model::import::{from_columns, to_columns};
use lintas_model::{Action, FieldError, Incident, StoredIncident};
use lintas_store::{Error, IncidentFilter, Session};
use serde::Deserialize;
use uuid::Uuid;

use super::forms::{Field, Opt, Summary, fields, submitted, summary};
use super::people::{self, People};
use super::{Nav, error_page, nav, opt, page};
use crate::AppState;
use crate::auth::UiAuth;

/// One line of an incident table.
pub(crate) struct Row {
    pub id: Uuid,
    pub date: String,
    pub kind: String,
    pub place: String,
    pub route: String,
    pub modes: String,
    pub owner: String,
    pub sharing: String,
}

fn route_text(i: &Incident) -> String {
    let mut legs: Vec<&str> = Vec::new();
    legs.extend(i.route.origin.as_deref());
    legs.extend(i.route.transit.iter().map(String::as_str));
    legs.extend(i.route.destination.as_deref());
    legs.join(" → ")
}

pub(crate) fn row(s: &StoredIncident) -> Row {
    let i = &s.incident;
    Row {
        id: s.id,
        date: i.occurred_on.to_string(),
        kind: i.kind.clone(),
        place: match &i.place.name {
            Some(n) => format!("{} — {n}", i.place.country),
            None => i.place.country.clone(),
        },
        route: route_text(i),
        modes: i.modes.join(", "),
        owner: s.owner.clone(),
        sharing: i.sharing.level.clone(),
    }
}

/// The list's filters as typed (empty = any).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Filters {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    q: String,
    /// `oldest` for earliest first; anything else latest first.
    #[serde(default)]
    order: String,
    /// Rows per page (one of `PAGE_SIZES`).
    #[serde(default)]
    size: String,
    #[serde(default)]
    cursor: String,
    #[serde(default)]
    page: u32,
}

#[derive(Template)]
#[template(path = "incidents.html")]
struct ListPage {
    nav: Option<Nav>,
    kinds: Vec<String>,
    modes: Vec<String>,
    tags: Vec<String>,
    filter: Filters,
    rows: Vec<Row>,
    error: Option<String>,
    next: Option<String>,
    first: String,
    page: u32,
    total: u64,
    size: u32,
    sizes: &'static [u32],
}

/// Page sizes offered on the incident list.
const PAGE_SIZES: &[u32] = &[20, 50, 100, 200];

fn date(s: &str, field: &str) -> Result<Option<NaiveDate>, String> {
    match opt(s) {
        None => Ok(None),
        Some(d) => NaiveDate::parse_from_str(&d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| format!("{field}: `{d}` is not a date (YYYY-MM-DD)")),
    }
}

pub(crate) async fn list(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Query(f): Query<Filters>,
) -> Response {
    let mut error = None;
    let (from, to) = match (date(&f.from, "From"), date(&f.to, "To")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            error = Some(e);
            (None, None)
        }
    };
    let filter = IncidentFilter {
        kind: opt(&f.kind),
        from,
        to,
        country: opt(&f.country).map(|c| c.to_ascii_uppercase()),
        mode: opt(&f.mode),
        tag: opt(&f.tag),
        text: opt(&f.q),
        owner: None,
        oldest_first: f.order == "oldest",
    };
    let size = f
        .size
        .parse::<u32>()
        .ok()
        .filter(|s| PAGE_SIZES.contains(s))
        .unwrap_or(50);
    let result = state
        .store
        .list_incidents_audited(
            &session.principal,
            &filter,
            opt(&f.cursor).as_deref(),
            Some(size),
        )
        .await;
    let total = match state
        .store
        .count_incidents(&session.principal, &filter)
        .await
    {
        Ok(n) => n,
        Err(Error::BadRequest(_)) => 0,
        Err(e) => return error_page(&session, e),
    };
    let (rows, next_cursor) = match result {
        Ok(p) => (p.items.iter().map(row).collect(), p.next_cursor),
        Err(Error::BadRequest(why)) => {
            error = Some(why);
            (Vec::new(), None)
        }
        Err(e) => return error_page(&session, e),
    };
    let params = |cursor: Option<&str>, page: u32| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("kind", &f.kind),
            ("country", &f.country),
            ("mode", &f.mode),
            ("tag", &f.tag),
            ("from", &f.from),
            ("to", &f.to),
            ("q", &f.q),
            ("order", &f.order),
            ("size", &f.size),
        ] {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
        if let Some(c) = cursor {
            q.append_pair("cursor", c);
            q.append_pair("page", &page.to_string());
        }
        q.finish()
    };
    let page_no = f.page.max(1);
    let next = next_cursor.map(|c| format!("/incidents?{}", params(Some(&c), page_no + 1)));
    let first = params(None, 1);
    page(
        StatusCode::OK,
        &ListPage {
            nav: nav(&session, "incidents"),
            kinds: INCIDENT_KIND.codes.iter().map(|c| c.code.into()).collect(),
            modes: TRANSPORT_MODE.codes.iter().map(|c| c.code.into()).collect(),
            tags: MODUS_OPERANDI.codes.iter().map(|c| c.code.into()).collect(),
            filter: f,
            rows,
            error,
            next,
            first,
            page: page_no,
            total,
            size,
            sizes: PAGE_SIZES,
        },
    )
}

#[derive(Template)]
#[template(path = "incident.html")]
struct DetailPage {
    nav: Option<Nav>,
    csrf: String,
    s: StoredIncident,
    i: Incident,
    kind: String,
    date: String,
    route: String,
    counts: String,
    fee: String,
    can_edit: bool,
    /// Some victims are shown masked (the reader is outside the owning agency).
    masked: bool,
    /// The victims were revealed on this page, with a reason.
    revealed: bool,
    reveal_error: Option<String>,
    /// What was just saved (Post/Redirect/Get).
    flash: Option<&'static str>,
}

fn counts_text(i: &Incident) -> String {
    let c = &i.counts;
    [
        ("migrants", c.migrants),
        ("victims", c.victims),
        ("suspects", c.suspects),
        ("dead or missing", c.dead_or_missing),
    ]
    .iter()
    .filter_map(|(label, n)| n.map(|n| format!("{n} {label}")))
    .collect::<Vec<_>>()
    .join(", ")
}

fn parse_id(session: &Session, id: &str) -> Result<Uuid, Box<Response>> {
    Uuid::parse_str(id).map_err(|_| Box::new(error_page(session, Error::NotFound)))
}

/// The flash after Post/Redirect/Get: which change was just saved.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Saved {
    #[serde(default)]
    saved: String,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Query(saved): Query<Saved>,
) -> Response {
    let id = match parse_id(&session, &id) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    let flash = match saved.saved.as_str() {
        "created" => Some("Incident reported."),
        "updated" => Some("Changes saved."),
        _ => None,
    };
    match state
        .store
        .read_incident_audited(&session.principal, id)
        .await
    {
        Ok(s) => detail(&state, &session, s, false, None, flash).await,
        Err(e) => error_page(&session, e),
    }
}

/// The reason form on an incident's page: reveal its masked victims (audited).
#[derive(Debug, Deserialize)]
pub(crate) struct RevealForm {
    #[serde(default)]
    reason: String,
}

pub(crate) async fn reveal(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Form(form): Form<RevealForm>,
) -> Response {
    let id = match parse_id(&session, &id) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    // Shown in place rather than redirected: the revealed details must not sit behind a
    // reloadable GET address.
    match state
        .store
        .reveal_incident_audited(&session.principal, id, &form.reason)
        .await
    {
        Ok(s) => detail(&state, &session, s, true, None, None).await,
        Err(Error::Invalid(errors)) => {
            let why = errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            match state
                .store
                .read_incident_audited(&session.principal, id)
                .await
            {
                Ok(s) => detail(&state, &session, s, false, Some(why), None).await,
                Err(e) => error_page(&session, e),
            }
        }
        Err(e) => error_page(&session, e),
    }
}

async fn detail(
    state: &AppState,
    session: &Session,
    s: StoredIncident,
    revealed: bool,
    reveal_error: Option<String>,
    flash: Option<&'static str>,
) -> Response {
    let i = s.incident.clone();
    let can_edit = match state
        .store
        .may_edit_incident(&session.principal, s.id)
        .await
    {
        Ok(b) => b,
        Err(e) => return error_page(session, e),
    };
    let status = if reveal_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page(
        status,
        &DetailPage {
            nav: nav(session, "incidents"),
            csrf: session.csrf.clone(),
            kind: i.kind.replace('_', " "),
            date: i.occurred_on.to_string(),
            route: route_text(&i),
            counts: counts_text(&i),
            fee: i
                .fee
                .as_ref()
                .map(|f| {
                    format!(
                        "{} {} ({})",
                        f.amount,
                        f.currency,
                        f.basis.replace('_', " ")
                    )
                })
                .unwrap_or_default(),
            can_edit,
            masked: i.persons.iter().any(|p| p.masked.is_some()),
            revealed,
            reveal_error,
            flash,
            i,
            s,
        },
    )
}

#[derive(Template)]
#[template(path = "incident_form.html")]
struct FormPage {
    nav: Option<Nav>,
    csrf: String,
    heading: String,
    action: String,
    version: Option<i64>,
    fields: Vec<Field>,
    errors: Vec<Summary>,
    people: People,
    person_choices: Vec<Opt>,
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    session: &Session,
    status: StatusCode,
    heading: &str,
    action: String,
    version: Option<i64>,
    values: &[(&str, String)],
    errors: &[FieldError],
    people: People,
) -> Response {
    page(
        status,
        &FormPage {
            nav: nav(
                session,
                if version.is_some() {
                    "incidents"
                } else {
                    "new"
                },
            ),
            csrf: session.csrf.clone(),
            heading: heading.into(),
            action,
            version,
            fields: fields(values, errors),
            errors: summary(errors),
            person_choices: people.person_choices(),
            people,
        },
    )
}

pub(crate) async fn new_form(UiAuth(session): UiAuth) -> Response {
    if let Err(e) = session.principal.require(Action::Create) {
        return error_page(&session, e);
    }
    let defaults = [
        ("kind", "smuggling".to_string()),
        ("place_country", session.principal.member.clone()),
        ("sharing_level", "national".to_string()),
    ];
    form_page(
        &session,
        StatusCode::OK,
        "Report an incident",
        "/incidents/new".into(),
        None,
        &defaults,
        &[],
        People::blank(),
    )
}

/// The incident the form describes: its fields joined as CSV columns, its people and
/// identifiers as the `persons` and `identifiers` columns, read like an import row so that
/// every problem is reported at once.
fn incident_from(state: &AppState, form: &[(String, String)]) -> Result<Incident, Vec<FieldError>> {
    let mut values = submitted(form);
    let (sub, mut problems) = people::columns(form);
    values.extend(sub);
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    match from_columns(&pairs, state.store.clock().now().date_naive()) {
        Ok(i) if problems.is_empty() => Ok(i),
        Ok(_) => Err(problems),
        Err(mut errors) => {
            errors.append(&mut problems);
            Err(errors)
        }
    }
}

/// The "add person" / "add identifier" buttons submit the form to grow it, not to save it.
fn adding(form: &[(String, String)]) -> bool {
    form.iter()
        .any(|(k, v)| k == "add" && (v == "person" || v == "identifier"))
}

pub(crate) async fn create(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let invalid = |errors: &[FieldError]| {
        form_page(
            &session,
            if errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            },
            "Report an incident",
            "/incidents/new".into(),
            None,
            &submitted(&form),
            errors,
            People::submitted(&form, errors),
        )
    };
    if adding(&form) {
        return invalid(&[]);
    }
    let incident = match incident_from(&state, &form) {
        Ok(i) => i,
        Err(errors) => return invalid(&errors),
    };
    match state
        .store
        .create_incident(&session.principal, incident)
        .await
    {
        Ok(s) => Redirect::to(&format!("/incidents/{}?saved=created", s.id)).into_response(),
        Err(Error::Invalid(errors)) => invalid(&errors),
        Err(Error::DuplicateExternalRef(r)) => invalid(&[FieldError {
            field: "external_ref".into(),
            code: "duplicate".into(),
            message: format!("`{r}` is already used by another incident of your agency"),
        }]),
        Err(e) => error_page(&session, e),
    }
}

pub(crate) async fn edit_form(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
) -> Response {
    let id = match parse_id(&session, &id) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    let s = match state
        .store
        .writable_incident_audited(&session.principal, id)
        .await
    {
        Ok(s) => s,
        Err(e) => return error_page(&session, e),
    };
    form_page(
        &session,
        StatusCode::OK,
        "Edit incident",
        format!("/incidents/{id}/edit"),
        Some(s.version),
        &to_columns(&s.incident),
        &[],
        People::of(&s.incident),
    )
}

fn version_of(form: &[(String, String)]) -> Option<i64> {
    form.iter()
        .find(|(k, _)| k == "version")
        .and_then(|(_, v)| v.parse().ok())
}

pub(crate) async fn update(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let id = match parse_id(&session, &id) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    let Some(version) = version_of(&form) else {
        return error_page(
            &session,
            Error::BadRequest("the form has no version".into()),
        );
    };
    let invalid = |errors: &[FieldError]| {
        form_page(
            &session,
            if errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            },
            "Edit incident",
            format!("/incidents/{id}/edit"),
            Some(version),
            &submitted(&form),
            errors,
            People::submitted(&form, errors),
        )
    };
    if adding(&form) {
        return invalid(&[]);
    }
    let incident = match incident_from(&state, &form) {
        Ok(i) => i,
        Err(errors) => return invalid(&errors),
    };
    match state
        .store
        .update_incident(&session.principal, id, version, incident)
        .await
    {
        Ok(s) => Redirect::to(&format!("/incidents/{}?saved=updated", s.id)).into_response(),
        Err(Error::Invalid(errors)) => invalid(&errors),
        Err(e) => error_page(&session, e),
    }
}

pub(crate) async fn delete(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let id = match parse_id(&session, &id) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    if !super::confirmed(&form) {
        // Ask first, but only someone who could delete it: 404 unseen, 403 not theirs.
        let s = match state
            .store
            .read_incident_audited(&session.principal, id)
            .await
        {
            Ok(s) => s,
            Err(e) => return error_page(&session, e),
        };
        match state.store.may_edit_incident(&session.principal, id).await {
            Ok(true) => {}
            Ok(false) => {
                return error_page(
                    &session,
                    Error::Forbidden("you may not delete this incident".into()),
                );
            }
            Err(e) => return error_page(&session, e),
        }
        return super::confirm_page(
            &session,
            "incidents",
            super::Ask {
                heading: "Delete this incident?".into(),
                text: format!(
                    "The {} incident of {} reported by {} will be deleted for every member it is shared with. The audit log keeps the deletion.",
                    s.incident.kind.replace('_', " "),
                    s.incident.occurred_on,
                    s.owner
                ),
                action: format!("/incidents/{id}/delete"),
                hidden: version_of(&form)
                    .map(|v| vec![("version".to_string(), v.to_string())])
                    .unwrap_or_default(),
                button: "Delete the incident",
                back: format!("/incidents/{id}"),
            },
        );
    }
    match state
        .store
        .delete_incident(&session.principal, id, version_of(&form))
        .await
    {
        Ok(()) => Redirect::to("/incidents").into_response(),
        Err(e) => error_page(&session, e),
    }
}
