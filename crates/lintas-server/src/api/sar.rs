//! Search and rescue routes: CRUD with ETags, filtered listing, counts by month and country.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use lintas_model::maritime::{SarCount, SarIncident, StoredSar};
use lintas_store::SarFilter;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use lintas_model::Action;

use crate::AppState;
use crate::api::body::{
    Precondition, RECORD_BYTES, if_match, read_json, with_version, writable_version,
};
use crate::api::vessels::parse_mmsi;
use crate::auth::Auth;
use crate::problem::Problem;

/// SAR filters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SarParams {
    /// Occurred at or after (RFC 3339).
    from: Option<DateTime<Utc>>,
    /// Occurred before (RFC 3339).
    to: Option<DateTime<Utc>>,
    /// Search and rescue region (ISO 3166-1 alpha-3).
    country: Option<String>,
    /// A vessel involved.
    mmsi: Option<String>,
    /// A linked incident.
    incident: Option<Uuid>,
    /// `next_cursor` of the previous page (listing only).
    cursor: Option<String>,
    /// Page size, 1–500 (default 50; listing only).
    limit: Option<u32>,
}

impl SarParams {
    fn filter(&self) -> Result<SarFilter, Problem> {
        Ok(SarFilter {
            from: self.from,
            to: self.to,
            country: self.country.clone(),
            mmsi: self.mmsi.as_deref().map(parse_mmsi).transpose()?,
            incident: self.incident,
        })
    }
}

/// A page of SAR incidents.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SarList {
    /// Latest first.
    items: Vec<StoredSar>,
    /// Cursor for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}

/// Counts for trends.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SarSummary {
    /// One row per month and country, oldest month first.
    items: Vec<SarCount>,
}

fn id(text: &str) -> Result<Uuid, Problem> {
    Uuid::parse_str(text).map_err(|_| Problem::not_found())
}

/// SAR incidents visible to the caller.
#[utoipa::path(get, path = "/api/v1/sar-incidents", tag = "maritime", params(SarParams),
    responses((status = 200, body = SarList), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<SarParams>,
) -> Result<Json<SarList>, Problem> {
    let page = state
        .store
        .list_sar(
            &p,
            &params.filter()?,
            params.cursor.as_deref(),
            params.limit,
        )
        .await?;
    Ok(Json(SarList {
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}

/// Counts of visible SAR incidents and of people rescued, dead and missing, by month and country.
#[utoipa::path(get, path = "/api/v1/sar-incidents:summary", tag = "maritime", params(SarParams),
    responses((status = 200, body = SarSummary), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn summary(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<SarParams>,
) -> Result<Json<SarSummary>, Problem> {
    if params.cursor.is_some() || params.limit.is_some() {
        return Err(Problem::bad_request(
            "a summary has no pages: drop `cursor` and `limit`",
        ));
    }
    Ok(Json(SarSummary {
        items: state.store.sar_summary(&p, &params.filter()?).await?,
    }))
}

/// Log a distress or rescue event at sea; sharing defaults to `national`.
#[utoipa::path(post, path = "/api/v1/sar-incidents", tag = "maritime", request_body = SarIncident,
    responses((status = 201, body = StoredSar, headers(("ETag" = String), ("Location" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    Auth(p): Auth,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    p.require(Action::Create)?;
    let sar: SarIncident = read_json(&headers, body, RECORD_BYTES).await?;
    let stored = state.store.create_sar(&p, sar).await?;
    let location = HeaderValue::from_str(&format!("/api/v1/sar-incidents/{}", stored.id)).ok();
    let mut response = with_version(StatusCode::CREATED, stored.version, stored);
    if let Some(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// One SAR incident; its `ETag` is the version to send back in `If-Match`.
#[utoipa::path(get, path = "/api/v1/sar-incidents/{id}", tag = "maritime", params(("id" = Uuid, Path)),
    responses((status = 200, body = StoredSar, headers(("ETag" = String))), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
) -> Result<Response, Problem> {
    let stored = state.store.get_sar(&p, id(&text)?).await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}

/// Replace a SAR incident; `If-Match` with its ETag is required.
#[utoipa::path(put, path = "/api/v1/sar-incidents/{id}", tag = "maritime", params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "ETag of the version being replaced")), request_body = SarIncident,
    responses((status = 200, body = StoredSar), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let id = id(&text)?;
    let version = writable_version(&headers, &p, Action::Write, async {
        Ok(state.store.get_sar(&p, id).await?.version)
    })
    .await?;
    let sar: SarIncident = read_json(&headers, body, RECORD_BYTES).await?;
    let stored = state.store.update_sar(&p, id, version, sar).await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}

/// Delete a SAR incident (kept for the audit trail, invisible afterwards). `If-Match` is honoured.
#[utoipa::path(delete, path = "/api/v1/sar-incidents/{id}", tag = "maritime", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, Problem> {
    state
        .store
        .delete_sar(
            &p,
            id(&text)?,
            if_match(&headers)?.and_then(Precondition::version),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
