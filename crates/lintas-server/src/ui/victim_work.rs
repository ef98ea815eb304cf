//! The victim case page's forms (victim roles only): move a case through its workflow, record
//! and revoke consents, send a referral. Post/Redirect/Get: a change redirects to the case
//! with a flash; a refused form shows the case again with every error at once. The store
//! decides; these handlers only translate form fields.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use lintas_model::FieldError;
use lintas_model::victims::consent::{Consent, Purpose};
use lintas_model::victims::referral::{FieldClass, ReferralRequest, ReferralStep};
use lintas_model::victims::workflow::{Step, Transition};
use lintas_store::{Error, Session};
use uuid::Uuid;

use super::error_page;
use super::victims::case_page;
use crate::AppState;
use crate::auth::UiAuth;

type Fields = Vec<(String, String)>;

/// The first value of `name`, trimmed; `None` when absent or blank.
pub(crate) fn field(form: &Fields, name: &str) -> Option<String> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

pub(crate) fn version(form: &Fields) -> Option<i64> {
    field(form, "version").and_then(|v| v.parse().ok())
}

fn problem(field: &str, code: &str, message: String) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
        message,
    }
}

fn date(form: &Fields, name: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let v = field(form, name)?;
    match NaiveDate::parse_from_str(&v, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(problem(
                name,
                "invalid_date",
                format!("`{v}` is not a date (YYYY-MM-DD)"),
            ));
            None
        }
    }
}

fn case_id(session: &Session, id: &str) -> Result<Uuid, Box<Response>> {
    Uuid::parse_str(id).map_err(|_| Box::new(error_page(session, Error::NotFound)))
}

/// A store refusal of a case form: the case page again with the errors, or the error page.
async fn refused(state: &AppState, session: &Session, id: Uuid, e: Error) -> Response {
    let (status, errors) = match e {
        Error::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Error::ConsentRequired(why) => (
            StatusCode::CONFLICT,
            vec![problem("consent", "consent_required", why)],
        ),
        Error::VersionConflict { current } => (
            StatusCode::PRECONDITION_FAILED,
            vec![problem(
                "version",
                "stale",
                format!(
                    "someone else changed the case (now version {current}): look again and retry"
                ),
            )],
        ),
        other => return error_page(session, other),
    };
    case_page(state, session, id, status, None, errors).await
}

/// `POST /victims/{id}/transitions`: `action` = advance (with `to`), approve or reopen.
pub(crate) async fn transition(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Form(form): Form<Fields>,
) -> Response {
    let id = match case_id(&session, &id) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    let t = match field(&form, "action").as_deref() {
        Some("approve") => Transition::Approve,
        Some("reopen") => Transition::Reopen,
        Some("advance") => {
            match field(&form, "to").and_then(|to| Step::ALL.into_iter().find(|s| s.as_str() == to))
            {
                Some(to) => Transition::Advance { to },
                None => {
                    return refused(
                        &state,
                        &session,
                        id,
                        Error::Invalid(vec![problem(
                            "to",
                            "required",
                            "choose the step to move to".into(),
                        )]),
                    )
                    .await;
                }
            }
        }
        _ => {
            return refused(
                &state,
                &session,
                id,
                Error::Invalid(vec![problem(
                    "action",
                    "unknown_action",
                    "advance, approve or reopen".into(),
                )]),
            )
            .await;
        }
    };
    match state
        .store
        .transition_victim_case(&session.principal, id, version(&form), &t)
        .await
    {
        Ok(_) => Redirect::to(&format!("/victims/{id}?done=moved")).into_response(),
        Err(e) => refused(&state, &session, id, e).await,
    }
}

/// `POST /victims/{id}/consents`.
pub(crate) async fn record_consent(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Form(form): Form<Fields>,
) -> Response {
    let id = match case_id(&session, &id) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    let mut errors = Vec::new();
    let purpose =
        field(&form, "purpose").and_then(|p| Purpose::ALL.into_iter().find(|x| x.as_str() == p));
    if purpose.is_none() {
        errors.push(problem(
            "purpose",
            "required",
            "choose what the person consents to".into(),
        ));
    }
    let valid_from = date(&form, "valid_from", &mut errors);
    if valid_from.is_none() && !errors.iter().any(|e| e.field == "valid_from") {
        errors.push(problem(
            "valid_from",
            "required",
            "the first day the consent holds".into(),
        ));
    }
    let valid_until = date(&form, "valid_until", &mut errors);
    let (Some(purpose), Some(valid_from)) = (purpose, valid_from) else {
        return refused(&state, &session, id, Error::Invalid(errors)).await;
    };
    let consent = Consent {
        purpose,
        organisation: field(&form, "organisation"),
        language: field(&form, "language").unwrap_or_default(),
        interpreter: field(&form, "interpreter"),
        valid_from,
        valid_until,
    };
    // Every problem at once: the form's own and the record's.
    let mut checked = consent.clone();
    checked.normalise();
    errors.extend(checked.validate());
    if !errors.is_empty() {
        return refused(&state, &session, id, Error::Invalid(errors)).await;
    }
    match state
        .store
        .record_consent(&session.principal, id, consent)
        .await
    {
        Ok(_) => Redirect::to(&format!("/victims/{id}?done=consent")).into_response(),
        Err(e) => refused(&state, &session, id, e).await,
    }
}

/// `POST /victims/{id}/consents/{consent}/revoke`.
pub(crate) async fn revoke_consent(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path((id, consent)): Path<(String, String)>,
    Form(form): Form<Fields>,
) -> Response {
    let id = match case_id(&session, &id) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    let Ok(consent) = Uuid::parse_str(&consent) else {
        return error_page(&session, Error::NotFound);
    };
    match state
        .store
        .revoke_consent(
            &session.principal,
            consent,
            version(&form),
            field(&form, "reason"),
        )
        .await
    {
        Ok(k) if k.case_id == id => {
            Redirect::to(&format!("/victims/{id}?done=revoked")).into_response()
        }
        Ok(k) => Redirect::to(&format!("/victims/{}?done=revoked", k.case_id)).into_response(),
        Err(e) => refused(&state, &session, id, e).await,
    }
}

/// `POST /victims/{id}/referrals`: send a referral; to its page when it left (or waits for
/// the override's approval), the case page with every error otherwise.
pub(crate) async fn send_referral(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Form(form): Form<Fields>,
) -> Response {
    let id = match case_id(&session, &id) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    let mut errors = Vec::new();
    let mut classes = Vec::new();
    for (k, v) in &form {
        if k == "classes" {
            match FieldClass::ALL.into_iter().find(|c| c.as_str() == v) {
                Some(c) => classes.push(c),
                None => errors.push(problem(
                    "classes",
                    "unknown_code",
                    format!("`{v}` is not a class"),
                )),
            }
        }
    }
    let request = ReferralRequest {
        to_member: field(&form, "to_member").unwrap_or_default(),
        to_agency: field(&form, "to_agency").unwrap_or_default(),
        service: field(&form, "service").unwrap_or_default(),
        reason: field(&form, "reason"),
        classes,
        health_notes: field(&form, "health_notes"),
        override_reason: field(&form, "override_reason"),
    };
    if !errors.is_empty() {
        let mut checked = request.clone();
        checked.normalise();
        errors.extend(checked.validate());
        return refused(&state, &session, id, Error::Invalid(errors)).await;
    }
    match state
        .store
        .send_referral(&session.principal, id, request)
        .await
    {
        Ok(r) => {
            let done = if r.state.step == ReferralStep::PendingOverride {
                "pending"
            } else {
                "sent"
            };
            Redirect::to(&format!("/referrals/{}?done={done}", r.id)).into_response()
        }
        Err(e) => refused(&state, &session, id, e).await,
    }
}

/// `POST /victims/{id}/identification`: the ILO indicators ticked (`indicators`, repeated),
/// the `profile`, and optionally a decision (`status`, `organisation`).
pub(crate) async fn identify(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Form(form): Form<Fields>,
) -> Response {
    use lintas_model::victims::ilo::Profile;
    let id = match case_id(&session, &id) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    let profile = match field(&form, "profile").as_deref() {
        Some("adult_sexual") => Profile::AdultSexual,
        _ => Profile::AdultLabour,
    };
    let indicators: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "indicators")
        .map(|(_, v)| v.clone())
        .collect();
    let decision = match (field(&form, "status"), field(&form, "organisation")) {
        (None, None) => None,
        (status, organisation) => Some(lintas_store::IdentificationDecision {
            status: status.unwrap_or_default(),
            organisation: organisation.unwrap_or_default(),
        }),
    };
    match state
        .store
        .identify_victim_case(
            &session.principal,
            id,
            version(&form),
            profile,
            indicators,
            decision,
        )
        .await
    {
        Ok(_) => Redirect::to(&format!("/victims/{id}?done=identified")).into_response(),
        Err(e) => refused(&state, &session, id, e).await,
    }
}

/// One field of the case form: an HTCDS column of the flat layout.
pub(crate) struct CaseField {
    name: &'static str,
    label: &'static str,
    value: String,
    error: String,
}

#[derive(askama::Template)]
#[template(path = "victim_form.html")]
struct CaseForm {
    nav: Option<super::Nav>,
    heading: &'static str,
    action: String,
    version: Option<i64>,
    fields: Vec<CaseField>,
    errors: Vec<FieldError>,
}

/// The form's fields (every column of the flat layout but `cas_Status`, which the workflow
/// owns) with `values` and each field's errors beside it.
fn case_fields(values: &[(String, String)], errors: &[FieldError]) -> Vec<CaseField> {
    use lintas_model::victims::flat::COLUMNS;
    COLUMNS
        .iter()
        .filter(|c| c.name != "cas_Status")
        .map(|c| CaseField {
            name: c.name,
            label: c.label,
            value: values
                .iter()
                .find(|(k, _)| k == c.name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
            error: errors
                .iter()
                .filter(|e| e.field == c.name)
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        })
        .collect()
}

fn case_form(
    session: &Session,
    status: StatusCode,
    heading: &'static str,
    action: String,
    version: Option<i64>,
    values: &[(String, String)],
    errors: Vec<FieldError>,
) -> Response {
    super::page(
        status,
        &CaseForm {
            nav: super::nav(session, "victims"),
            heading,
            action,
            version,
            fields: case_fields(values, &errors),
            errors,
        },
    )
}

/// A submitted form as the flat layout reads it (the HTCDS column names are the form's).
fn case_from(
    state: &AppState,
    form: &Fields,
) -> Result<lintas_model::victims::VictimCase, Vec<FieldError>> {
    let pairs: Vec<(&str, &str)> = form
        .iter()
        .filter(|(k, _)| k != "csrf" && k != "version")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let sharing = lintas_model::Sharing {
        level: "national".into(),
        states: Vec::new(),
    };
    lintas_model::victims::flat::from_columns(
        &pairs,
        &sharing,
        state.store.clock().now().date_naive(),
    )
}

/// `GET /victims/new`: an empty case form (victim roles only).
pub(crate) async fn new_form(UiAuth(session): UiAuth) -> Response {
    if let Err(e) = session
        .principal
        .require(lintas_model::Action::WriteVictims)
    {
        return error_page(&session, e);
    }
    case_form(
        &session,
        StatusCode::OK,
        "Open a victim case",
        "/victims/new".into(),
        None,
        &[],
        Vec::new(),
    )
}

/// `POST /victims/new`: opens the case and goes to it; every error at once otherwise.
pub(crate) async fn create(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Form(form): Form<Fields>,
) -> Response {
    if let Err(e) = session
        .principal
        .require(lintas_model::Action::WriteVictims)
    {
        return error_page(&session, e);
    }
    let invalid = |errors: Vec<FieldError>| {
        case_form(
            &session,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Open a victim case",
            "/victims/new".into(),
            None,
            &form,
            errors,
        )
    };
    let case = match case_from(&state, &form) {
        Ok(c) => c,
        Err(errors) => return invalid(errors),
    };
    match state
        .store
        .create_victim_case(&session.principal, case)
        .await
    {
        Ok(c) => Redirect::to(&format!("/victims/{}?done=created", c.id)).into_response(),
        Err(Error::Invalid(errors)) => invalid(errors),
        Err(e) => error_page(&session, e),
    }
}

/// `GET /victims/{id}/edit`: the case in the form (a case one row cannot hold is edited over
/// the API, and the page says why).
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
) -> Response {
    let id = match case_id(&session, &id) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    let p = &session.principal;
    // 404 for what the caller cannot see, 403 for what it may not change, before any read.
    let version = match state.store.victim_case_version(p, id).await {
        Ok(v) => v,
        Err(e) => return error_page(&session, e),
    };
    if let Err(e) = p.require(lintas_model::Action::WriteVictims) {
        return error_page(&session, e);
    }
    let case = match state.store.read_victim_case_audited(p, id).await {
        Ok(c) => c,
        Err(e) => return error_page(&session, e),
    };
    let (values, errors) = match lintas_model::victims::flat::to_row(&case.case) {
        Ok(cells) => (
            lintas_model::victims::flat::COLUMNS
                .iter()
                .zip(cells)
                .map(|(c, v)| (c.name.to_string(), v))
                .collect(),
            Vec::new(),
        ),
        Err(errors) => (Vec::new(), errors),
    };
    case_form(
        &session,
        StatusCode::OK,
        "Edit the victim case",
        format!("/victims/{id}/edit"),
        Some(version),
        &values,
        errors,
    )
}

/// `POST /victims/{id}/edit`: replaces the case if it is still at the form's version.
pub(crate) async fn update(
    State(state): State<AppState>,
    UiAuth(session): UiAuth,
    Path(id): Path<String>,
    Form(form): Form<Fields>,
) -> Response {
    let id = match case_id(&session, &id) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    let p = &session.principal;
    let current = match state.store.victim_case_version(p, id).await {
        Ok(v) => v,
        Err(e) => return error_page(&session, e),
    };
    if let Err(e) = p.require(lintas_model::Action::WriteVictims) {
        return error_page(&session, e);
    }
    let version = version(&form).unwrap_or(current);
    let invalid = |errors: Vec<FieldError>| {
        case_form(
            &session,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Edit the victim case",
            format!("/victims/{id}/edit"),
            Some(version),
            &form,
            errors,
        )
    };
    let case = match case_from(&state, &form) {
        Ok(c) => c,
        Err(errors) => return invalid(errors),
    };
    match state.store.update_victim_case(p, id, version, case).await {
        Ok(_) => Redirect::to(&format!("/victims/{id}?done=saved")).into_response(),
        Err(Error::Invalid(errors)) => invalid(errors),
        Err(e) => error_page(&session, e),
    }
}
