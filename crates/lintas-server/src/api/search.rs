//! The search across incidents (`GET /api/v1/search`) and revealing a shared incident's masked
//! victims with a reason (`POST /api/v1/incidents/{id}/reveal`).

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use lintas_app::search::SearchResults;
use lintas_model::StoredIncident;
use serde::Deserialize;
use uuid::Uuid;

use crate::AppState;
use crate::api::body::{RECORD_BYTES, json_body, read_body, with_version};
use crate::auth::Auth;
use crate::problem::Problem;

/// Query parameters of the search.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// A name (any spelling or script), phone, document number, vessel name/MMSI/IMO, external
    /// reference or words of a narrative.
    q: String,
}

/// Search the incidents the caller may see: persons by name through the names engine,
/// identifiers in normal form, vessels, external references and narratives, grouped by kind.
/// Victims of other agencies' incidents are never found. Audited as one list view.
#[utoipa::path(get, path = "/api/v1/search", tag = "incidents", params(SearchParams),
    responses((status = 200, body = SearchResults), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn search(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<SearchParams>,
) -> Result<Json<SearchResults>, Problem> {
    Ok(Json(
        lintas_app::search::search(&state.store, &p, &params.q).await?,
    ))
}

/// Why the caller needs to see an incident's victims.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevealRequest {
    /// The reason, at least 10 characters; kept for the owner and auditors.
    #[schema(example = "Identifying a victim referred to our shelter, case 2026/114")]
    reason: String,
}

/// An incident with its victims' details unmasked, for a reader outside the owning agency who
/// states why. Audited (`incident.reveal`).
#[utoipa::path(post, path = "/api/v1/incidents/{id}/reveal", tag = "incidents", params(("id" = Uuid, Path)), request_body = RevealRequest,
    responses((status = 200, body = StoredIncident), (status = 401, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn reveal(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let id = Uuid::parse_str(&id).map_err(|_| Problem::not_found())?;
    let request: RevealRequest = json_body(&read_body(&headers, body, RECORD_BYTES).await?)?;
    let stored = state
        .store
        .reveal_incident_audited(&p, id, &request.reason)
        .await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}
