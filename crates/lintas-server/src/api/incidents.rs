//! Incident routes: CRUD with ETags, filtered listing with cursors, and bulk import.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use chrono::NaiveDate;
use lintas_model::import::{Format, from_json};
use lintas_model::{Action, Incident, StoredIncident};
use lintas_store::{ImportReport, IncidentFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::AppState;
use crate::api::body::{
    Precondition, RECORD_BYTES, if_match, read_body, with_version, writable_version,
};
use crate::auth::Auth;
use crate::problem::Problem;

/// Largest upload the registry, watchlist and victim imports read into memory (the incident
/// import streams; see `crate::imports`).
pub(crate) const MAX_IMPORT_BYTES: usize = 256 * 1024 * 1024;

/// Query parameters of the incident listing.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Incident kind (code list `incident_kind`).
    kind: Option<String>,
    /// Occurred on or after this day (YYYY-MM-DD).
    from: Option<NaiveDate>,
    /// Occurred on or before this day (YYYY-MM-DD).
    to: Option<NaiveDate>,
    /// ISO 3166-1 alpha-3 country anywhere on the route or where it happened.
    country: Option<String>,
    /// Transport mode (code list `transport_mode`).
    mode: Option<String>,
    /// Modus-operandi tag (code list `modus_operandi`).
    tag: Option<String>,
    /// Words in the narrative or place name.
    q: Option<String>,
    /// Only records owned by this member.
    owner: Option<String>,
    /// `latest` (default: latest occurrence first) or `oldest`.
    order: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Page size, 1–500 (default 50).
    limit: Option<u32>,
}

/// A page of incidents.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IncidentPage {
    /// Incidents, latest occurrence first (or oldest, as asked).
    items: Vec<StoredIncident>,
    /// How many incidents match the filters, over all pages.
    total: u64,
    /// Cursor for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}

fn parse_body(state: &AppState, body: &Bytes) -> Result<Incident, Problem> {
    let text = std::str::from_utf8(body)
        .map_err(|_| Problem::bad_request("the body is not UTF-8 JSON"))?;
    from_json(text, state.store.clock().now().date_naive()).map_err(Problem::invalid)
}

/// List incidents visible to the caller.
#[utoipa::path(get, path = "/api/v1/incidents", tag = "incidents", params(ListParams),
    responses((status = 200, body = IncidentPage), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<ListParams>,
) -> Result<Json<IncidentPage>, Problem> {
    let filter = IncidentFilter {
        kind: params.kind,
        from: params.from,
        to: params.to,
        country: params.country,
        mode: params.mode,
        tag: params.tag,
        text: params.q,
        owner: params.owner,
        oldest_first: match params.order.as_deref() {
            None | Some("latest") => false,
            Some("oldest") => true,
            Some(other) => {
                return Err(Problem::bad_request(format!(
                    "order: `{other}` is not an order: use latest or oldest"
                )));
            }
        },
    };
    let page = state
        .store
        .list_incidents_audited(&p, &filter, params.cursor.as_deref(), params.limit)
        .await?;
    let total = state.store.count_incidents(&p, &filter).await?;
    Ok(Json(IncidentPage {
        total,
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}

/// Report a new incident for the caller's agency.
#[utoipa::path(post, path = "/api/v1/incidents", tag = "incidents", request_body = Incident,
    responses((status = 201, body = StoredIncident, headers(("ETag" = String), ("Location" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    Auth(p): Auth,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    p.require(Action::Create)?;
    let incident = parse_body(&state, &read_body(&headers, body, RECORD_BYTES).await?)?;
    let stored = state.store.create_incident(&p, incident).await?;
    let location = HeaderValue::from_str(&format!("/api/v1/incidents/{}", stored.id)).ok();
    let mut response = with_etag(StatusCode::CREATED, stored);
    if let Some(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// One incident; its `ETag` is the version to send back in `If-Match` when updating.
#[utoipa::path(get, path = "/api/v1/incidents/{id}", tag = "incidents", params(("id" = Uuid, Path)),
    responses((status = 200, body = StoredIncident, headers(("ETag" = String))), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let id = Uuid::parse_str(&id).map_err(|_| Problem::not_found())?;
    Ok(with_etag(
        StatusCode::OK,
        state.store.read_incident_audited(&p, id).await?,
    ))
}

/// Replace an incident. `If-Match` with the current ETag is required (optimistic concurrency).
#[utoipa::path(put, path = "/api/v1/incidents/{id}", tag = "incidents", params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "ETag of the version being replaced")), request_body = Incident,
    responses((status = 200, body = StoredIncident), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let id = Uuid::parse_str(&id).map_err(|_| Problem::not_found())?;
    let version = writable_version(&headers, &p, Action::Write, async {
        Ok(state.store.read_incident_audited(&p, id).await?.version)
    })
    .await?;
    let incident = parse_body(&state, &read_body(&headers, body, RECORD_BYTES).await?)?;
    Ok(with_etag(
        StatusCode::OK,
        state
            .store
            .update_incident(&p, id, version, incident)
            .await?,
    ))
}

/// Delete an incident (kept for the audit trail, invisible afterwards). `If-Match` is honoured.
#[utoipa::path(delete, path = "/api/v1/incidents/{id}", tag = "incidents", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, Problem> {
    let id = Uuid::parse_str(&id).map_err(|_| Problem::not_found())?;
    state
        .store
        .delete_incident(&p, id, if_match(&headers)?.and_then(Precondition::version))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Import many incidents: CSV (`text/csv`), a JSON array (`application/json`) or JSON Lines
/// (`application/x-ndjson`). Valid rows are stored, invalid rows reported with their line.
#[utoipa::path(post, path = "/api/v1/incidents:import", tag = "incidents",
    request_body(content = String, description = "The file", content_type = "text/csv"),
    responses((status = 200, description = "What was stored and the invalid rows (the first 1,000 problems in full, all counted per field and code, all downloadable at `errors_url`)", body = ImportAnswer), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 413, body = Problem)))]
pub async fn import(
    State(state): State<AppState>,
    Auth(p): Auth,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ImportAnswer>, Problem> {
    if crate::imports::declared_too_large(&headers) {
        return Err(crate::imports::payload_too_large());
    }
    let format = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(Format::from_media_type);
    let (report, errors_id) = crate::imports::import(
        &state.store,
        &state.import_reports,
        &p,
        body.into_data_stream(),
        format,
    )
    .await?;
    Ok(Json(ImportAnswer {
        report,
        errors_url: errors_id.map(|id| format!("/api/v1/imports/{id}/errors")),
    }))
}

/// An import's report, with where to download every problem when there were some.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportAnswer {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    report: ImportReport,
    /// Every problem as CSV (`line,field,code,message`), for the user who ran the import, for
    /// an hour.
    #[serde(skip_serializing_if = "Option::is_none")]
    errors_url: Option<String>,
}

/// Every problem of an import (CSV: `line,field,code,message`), for the user who ran it.
#[utoipa::path(get, path = "/api/v1/imports/{id}/errors", tag = "incidents", params(("id" = String, Path)),
    responses((status = 200, description = "The error list", content_type = "text/csv", body = String), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn import_errors(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    state
        .import_reports
        .download(&p.actor, &id)
        .await
        .ok_or_else(Problem::not_found)
}

fn with_etag(status: StatusCode, incident: StoredIncident) -> Response {
    with_version(status, incident.version, incident)
}
