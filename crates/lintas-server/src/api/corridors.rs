//! Corridor routes: polygons a member watches for small or unidentified vessels.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use lintas_model::maritime::{Corridor, StoredCorridor};
use serde::Serialize;
use uuid::Uuid;

use lintas_model::Action;

use crate::AppState;
use crate::api::body::{
    Precondition, RECORD_BYTES, if_match, read_json, with_version, writable_version,
};
use crate::auth::Auth;
use crate::problem::Problem;

/// Corridors visible to the caller.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CorridorList {
    /// By name.
    items: Vec<StoredCorridor>,
}

fn id(text: &str) -> Result<Uuid, Problem> {
    Uuid::parse_str(text).map_err(|_| Problem::not_found())
}

/// Corridors visible to the caller.
#[utoipa::path(get, path = "/api/v1/corridors", tag = "maritime",
    responses((status = 200, body = CorridorList), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(p): Auth,
) -> Result<Json<CorridorList>, Problem> {
    Ok(Json(CorridorList {
        items: state.store.list_corridors(&p).await?,
    }))
}

/// Draw a corridor (GeoJSON Polygon or MultiPolygon); sharing defaults to `national`.
#[utoipa::path(post, path = "/api/v1/corridors", tag = "maritime", request_body = Corridor,
    responses((status = 201, body = StoredCorridor, headers(("ETag" = String))), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    Auth(p): Auth,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    p.require(Action::Create)?;
    let corridor: Corridor = read_json(&headers, body, RECORD_BYTES).await?;
    let stored = state.store.create_corridor(&p, corridor).await?;
    Ok(with_version(StatusCode::CREATED, stored.version, stored))
}

/// One corridor.
#[utoipa::path(get, path = "/api/v1/corridors/{id}", tag = "maritime", params(("id" = Uuid, Path)),
    responses((status = 200, body = StoredCorridor, headers(("ETag" = String))), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
) -> Result<Response, Problem> {
    let stored = state.store.get_corridor(&p, id(&text)?).await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}

/// Replace a corridor; `If-Match` with its ETag is required.
#[utoipa::path(put, path = "/api/v1/corridors/{id}", tag = "maritime", params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "ETag of the version being replaced")), request_body = Corridor,
    responses((status = 200, body = StoredCorridor), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let id = id(&text)?;
    let version = writable_version(&headers, &p, Action::Write, async {
        Ok(state.store.get_corridor(&p, id).await?.version)
    })
    .await?;
    let corridor: Corridor = read_json(&headers, body, RECORD_BYTES).await?;
    let stored = state
        .store
        .update_corridor(&p, id, version, corridor)
        .await?;
    Ok(with_version(StatusCode::OK, stored.version, stored))
}

/// Delete a corridor. `If-Match` is honoured.
#[utoipa::path(delete, path = "/api/v1/corridors/{id}", tag = "maritime", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(text): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, Problem> {
    state
        .store
        .delete_corridor(
            &p,
            id(&text)?,
            if_match(&headers)?.and_then(Precondition::version),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
