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

use super::forms::{Field, Summary, fields, submitted, summary};
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
}

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
    };
    let result = state
        .store
        .list_incidents_audited(
            &session.principal,
            &filter,
            opt(&f.cursor).as_deref(),
            Some(50),
        )
        .await;
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

pub(crate) async fn show(
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
        .read_incident_audited(&session.principal, id)
        .await
    {
        Ok(s) => s,
        Err(e) => return error_page(&session, e),
    };
    let i = s.incident.clone();
    let can_edit = match state.store.may_edit_incident(&session.principal, id).await {
        Ok(b) => b,
        Err(e) => return error_page(&session, e),
    };
    page(
        StatusCode::OK,
        &DetailPage {
            nav: nav(&session, "incidents"),
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
}

fn form_page(
    session: &Session,
    status: StatusCode,
    heading: &str,
    action: String,
    version: Option<i64>,
    values: &[(&str, String)],
    errors: &[FieldError],
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
    )
}

fn incident_from(state: &AppState, form: &[(String, String)]) -> Result<Incident, Vec<FieldError>> {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    from_columns(&pairs, state.store.clock().now().date_naive())
}

pub(crate) async fn create(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let invalid = |errors: &[FieldError]| {
        form_page(
            &session,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Report an incident",
            "/incidents/new".into(),
            None,
            &submitted(&form),
            errors,
        )
    };
    let incident = match incident_from(&state, &form) {
        Ok(i) => i,
        Err(errors) => return invalid(&errors),
    };
    match state
        .store
        .create_incident(&session.principal, incident)
        .await
    {
        Ok(s) => Redirect::to(&format!("/incidents/{}", s.id)).into_response(),
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
            StatusCode::UNPROCESSABLE_ENTITY,
            "Edit incident",
            format!("/incidents/{id}/edit"),
            Some(version),
            &submitted(&form),
            errors,
        )
    };
    let incident = match incident_from(&state, &form) {
        Ok(i) => i,
        Err(errors) => return invalid(&errors),
    };
    match state
        .store
        .update_incident(&session.principal, id, version, incident)
        .await
    {
        Ok(s) => Redirect::to(&format!("/incidents/{}", s.id)).into_response(),
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
