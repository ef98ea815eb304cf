//! Victim case routes (victim roles only): CRUD with ETags, listing with cursors, workflow
//! transitions, consents and the HTCDS import. Handlers only translate; the store decides.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use lintas_model::victims::consent::{Consent, StoredConsent};
use lintas_model::victims::workflow::{Step, Transition};
use lintas_model::victims::{StoredVictimCase, VictimCase};
use lintas_model::{Action, Sharing};
use lintas_store::{ImportReport, VictimCaseFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::AppState;
use crate::api::body::{
    Precondition, RECORD_BYTES, if_match, read_json, with_version, writable_version,
};
use crate::auth::Auth;
use crate::problem::Problem;

fn id(text: &str) -> Result<Uuid, Problem> {
    Uuid::parse_str(text).map_err(|_| Problem::not_found())
}

/// Query parameters of the case listing.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Only cases at this workflow step.
    step: Option<Step>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Page size, 1–500 (default 50).
    limit: Option<u32>,
}

/// A page of victim cases.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VictimCasePage {
    /// Newest first.
    items: Vec<StoredVictimCase>,
    /// Cursor for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}

/// A case's consents.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ConsentList {
    /// Oldest first, revoked ones included.
    items: Vec<StoredConsent>,
}

/// Why a consent is revoked.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    /// As the person or the case worker said it.
    #[serde(default)]
    reason: Option<String>,
}

/// Query parameters of the import.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    /// Sharing of rows without a `sharing_level`: national (default), bilateral, aggregate.
    sharing: Option<String>,
    /// For bilateral: the members, comma-separated.
    shared_with: Option<String>,
}

/// Victim cases visible to the caller (victim roles only; every listed case's read is audited).
#[utoipa::path(get, path = "/api/v1/victim-cases", tag = "victims", params(ListParams),
    responses((status = 200, body = VictimCasePage), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<ListParams>,
) -> Result<Json<VictimCasePage>, Problem> {
    let filter = VictimCaseFilter { step: params.step };
    let page = state
        .store
        .list_victim_cases_audited(&p, &filter, params.cursor.as_deref(), params.limit)
        .await?;
    Ok(Json(VictimCasePage {
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}

/// Open a victim case (HTCDS field names); sharing defaults to `national`, never `regional`.
#[utoipa::path(post, path = "/api/v1/victim-cases", tag = "victims", request_body = VictimCase,
    responses((status = 201, body = StoredVictimCase, headers(("ETag" = String), ("Location" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    Auth(p): Auth,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    p.require(Action::WriteVictims)?;
    let case: VictimCase = read_json(&headers, body, RECORD_BYTES).await?;
    let stored = state.store.create_victim_case(&p, case).await?;
    let location = HeaderValue::from_str(&format!("/api/v1/victim-cases/{}", stored.id)).ok();
    let mut response = with_version(StatusCode::CREATED, stored.version, stored);
    if let Some(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// One victim case (the read is audited); its `ETag` is the version for `If-Match`.
#[utoipa::path(get, path = "/api/v1/victim-cases/{id}", tag = "victims", params(("id" = Uuid, Path)),
    responses((status = 200, body = StoredVictimCase, headers(("ETag" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
) -> Result<Response, Problem> {
    let stored = state.store.read_victim_case_audited(&p, id(&text)?).await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}

/// Replace a victim case's record; `If-Match` is required. The workflow (and `cas_Status`)
/// changes only through transitions.
#[utoipa::path(put, path = "/api/v1/victim-cases/{id}", tag = "victims", params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "ETag of the version being replaced")), request_body = VictimCase,
    responses((status = 200, body = StoredVictimCase), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let id = id(&text)?;
    let version = writable_version(
        &headers,
        &p,
        Action::WriteVictims,
        state.store.victim_case_version(&p, id),
    )
    .await?;
    let case: VictimCase = read_json(&headers, body, RECORD_BYTES).await?;
    let stored = state
        .store
        .update_victim_case(&p, id, version, case)
        .await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}

/// Delete a victim case (kept for the audit trail, invisible afterwards). `If-Match` is honoured.
#[utoipa::path(delete, path = "/api/v1/victim-cases/{id}", tag = "victims", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, Problem> {
    state
        .store
        .delete_victim_case(
            &p,
            id(&text)?,
            if_match(&headers)?.and_then(Precondition::version),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Move a case through its workflow: `{"action": "advance", "to": "screening"}`, `approve`
/// (supervisors), `refer` (needs consent to referral to the organisation), `disclose` (needs
/// consent for the purpose), `reopen`, `request_override` / `approve_override` (two
/// supervisors). `If-Match` is honoured. A refused consent gate answers 409 naming the consent.
#[utoipa::path(post, path = "/api/v1/victim-cases/{id}/transitions", tag = "victims", params(("id" = Uuid, Path)), request_body = Transition,
    responses((status = 200, body = StoredVictimCase, headers(("ETag" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)))]
pub async fn transition(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let id = id(&text)?;
    let expected = if_match(&headers)?.and_then(Precondition::version);
    if let Err(refused) = p.require(Action::WriteVictims) {
        state.store.victim_case_version(&p, id).await?;
        return Err(refused.into());
    }
    let transition: Transition = read_json(&headers, body, RECORD_BYTES).await?;
    let stored = state
        .store
        .transition_victim_case(&p, id, expected, &transition)
        .await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}

/// Record a consent for the case: purpose (`care`, `referral` naming the organisation,
/// `law_enforcement_disclosure`, `statistics`), language, interpreter, validity.
#[utoipa::path(post, path = "/api/v1/victim-cases/{id}/consents", tag = "victims", params(("id" = Uuid, Path)), request_body = Consent,
    responses((status = 201, body = StoredConsent, headers(("ETag" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn record_consent(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let id = id(&text)?;
    if let Err(refused) = p.require(Action::WriteVictims) {
        state.store.victim_case_version(&p, id).await?;
        return Err(refused.into());
    }
    let consent: Consent = read_json(&headers, body, RECORD_BYTES).await?;
    let stored = state.store.record_consent(&p, id, consent).await?;
    Ok(with_version(StatusCode::CREATED, stored.version, stored))
}

/// The case's consents, revoked ones included (reading them is an audited read of the case).
#[utoipa::path(get, path = "/api/v1/victim-cases/{id}/consents", tag = "victims", params(("id" = Uuid, Path)),
    responses((status = 200, body = ConsentList), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn consents(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
) -> Result<Json<ConsentList>, Problem> {
    Ok(Json(ConsentList {
        items: state.store.list_consents_audited(&p, id(&text)?).await?,
    }))
}

/// Revoke a consent: from now on the consent gate does not count it. `If-Match` is honoured.
#[utoipa::path(post, path = "/api/v1/consents/{id}/revoke", tag = "victims", params(("id" = Uuid, Path)), request_body = Revocation,
    responses((status = 200, body = StoredConsent, headers(("ETag" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)))]
pub async fn revoke_consent(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let id = id(&text)?;
    let expected = if_match(&headers)?.and_then(Precondition::version);
    if let Err(refused) = p.require(Action::WriteVictims) {
        state.store.get_consent(&p, id).await?;
        return Err(refused.into());
    }
    let bytes = crate::api::body::read_body(&headers, body, RECORD_BYTES).await?;
    let revocation: Revocation = if bytes.iter().all(u8::is_ascii_whitespace) {
        Revocation::default()
    } else {
        crate::api::body::json_body(&bytes)?
    };
    let stored = state
        .store
        .revoke_consent(&p, id, expected, revocation.reason)
        .await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}

/// Import victim cases from the HTCDS flat layout: CSV (`text/csv`) or a spreadsheet (XLSX,
/// XLS, XLSB, ODS). Valid rows are stored, invalid rows reported with line and column.
#[utoipa::path(post, path = "/api/v1/victim-cases:import", tag = "victims", params(ImportParams),
    request_body(content = String, description = "The file", content_type = "text/csv"),
    responses((status = 200, description = "What was stored and every invalid row", body = Object), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn import(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<ImportParams>,
    body: Bytes,
) -> Result<Json<ImportReport>, Problem> {
    let sharing = params.sharing.map(|level| Sharing {
        level,
        states: params
            .shared_with
            .iter()
            .flat_map(|s| s.split(','))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    });
    let report = lintas_app::victims::import_victims(&state.store, &p, body, sharing).await?;
    Ok(Json(report))
}

/// A decision taken with the identification form.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentificationDecision {
    /// `vic_TraffickingStatus`.
    status: String,
    /// `vic_TraffickingStatusDecisionMakingOrg`.
    organisation: String,
}

/// The identification form: the ILO 2009 operational indicators ticked for a profile, and
/// the decision if one was taken.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Identification {
    /// `adult_labour` or `adult_sexual`.
    profile: lintas_model::victims::ilo::Profile,
    /// Ticked indicator codes (`DR_DeceivedNatureOfJob`, …).
    #[serde(default)]
    indicators: Vec<String>,
    /// The status decided, by which kind of organisation (the decider is the caller).
    #[serde(default)]
    decision: Option<IdentificationDecision>,
}

/// Record the identification form with the case: the rule suggests possible or presumed
/// victim status; a decision records the status, the deciding organisation and who decided.
/// `If-Match` is honoured.
#[utoipa::path(post, path = "/api/v1/victim-cases/{id}/identification", tag = "victims", params(("id" = Uuid, Path)), request_body = Identification,
    responses((status = 200, body = StoredVictimCase, headers(("ETag" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)))]
pub async fn identify(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let id = id(&text)?;
    let expected = if_match(&headers)?.and_then(Precondition::version);
    if let Err(refused) = p.require(Action::WriteVictims) {
        state.store.victim_case_version(&p, id).await?;
        return Err(refused.into());
    }
    let form: Identification = read_json(&headers, body, RECORD_BYTES).await?;
    let stored = state
        .store
        .identify_victim_case(
            &p,
            id,
            expected,
            form.profile,
            form.indicators,
            form.decision.map(|d| lintas_store::IdentificationDecision {
                status: d.status,
                organisation: d.organisation,
            }),
        )
        .await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}
