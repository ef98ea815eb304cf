//! Vessel routes: latest positions in a box, one vessel, and its track.

use axum::Json;
use axum::extract::{Path, Query, State};
use chrono::{DateTime, Duration, Utc};
use lintas_model::maritime::{Position, Vessel};
use lintas_store::BBox;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::Auth;
use crate::problem::Problem;

/// Query of the latest positions.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LatestParams {
    /// `min_lon,min_lat,max_lon,max_lat` in degrees (west > east crosses the antimeridian);
    /// the whole world when absent.
    bbox: Option<String>,
    /// Only vessels heard since (RFC 3339).
    since: Option<DateTime<Utc>>,
    /// At most this many vessels, 1–50 000 (default 5 000).
    limit: Option<u32>,
}

/// Vessels with their latest position.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VesselList {
    /// Latest heard first.
    items: Vec<Vessel>,
}

/// A vessel's track.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Track {
    /// MMSI.
    mmsi: u32,
    /// Window start (RFC 3339).
    from: String,
    /// Window end (RFC 3339).
    to: String,
    /// Positions, oldest first.
    positions: Vec<Position>,
}

/// Query of a track.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TrackParams {
    /// Window start (RFC 3339); default 24 hours before `to`.
    from: Option<DateTime<Utc>>,
    /// Window end (RFC 3339); default now.
    to: Option<DateTime<Utc>>,
    /// At most this many positions, 1–100 000 (default 10 000).
    limit: Option<u32>,
}

pub(crate) fn parse_mmsi(text: &str) -> Result<u32, Problem> {
    text.parse::<u32>()
        .ok()
        .filter(|m| lintas_model::maritime::is_mmsi(*m))
        .ok_or_else(|| Problem::bad_request(format!("`{text}` is not a nine-digit MMSI")))
}

/// Latest position of every vessel visible to the caller inside a box.
#[utoipa::path(get, path = "/api/v1/vessels", tag = "maritime", params(LatestParams),
    responses((status = 200, body = VesselList), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn latest(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<LatestParams>,
) -> Result<Json<VesselList>, Problem> {
    let bbox = BBox::parse(params.bbox.as_deref().unwrap_or("-180,-90,180,90"))?;
    let items = state
        .store
        .latest_positions(
            &p,
            &bbox,
            params.since.map(|t| t.timestamp()),
            params.limit.unwrap_or(5000),
        )
        .await?;
    Ok(Json(VesselList { items }))
}

/// One vessel: static data (types 5, 19, 24) and latest position.
#[utoipa::path(get, path = "/api/v1/vessels/{mmsi}", tag = "maritime", params(("mmsi" = u32, Path)),
    responses((status = 200, body = Vessel), (status = 400, body = Problem), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn one(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(mmsi): Path<String>,
) -> Result<Json<Vessel>, Problem> {
    let mmsi = parse_mmsi(&mmsi)?;
    Ok(Json(state.store.vessel(&p, mmsi).await?))
}

/// A vessel's positions between two times.
#[utoipa::path(get, path = "/api/v1/vessels/{mmsi}/track", tag = "maritime", params(("mmsi" = u32, Path), TrackParams),
    responses((status = 200, body = Track), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn track(
    State(state): State<AppState>,
    Auth(p): Auth,
    Path(mmsi): Path<String>,
    Query(params): Query<TrackParams>,
) -> Result<Json<Track>, Problem> {
    let mmsi = parse_mmsi(&mmsi)?;
    let to = params.to.unwrap_or_else(|| state.store.clock().now());
    let from = params.from.unwrap_or(to - Duration::hours(24));
    if from > to {
        return Err(Problem::bad_request("`from` is after `to`"));
    }
    let positions = state
        .store
        .track(
            &p,
            mmsi,
            from.timestamp(),
            to.timestamp(),
            params.limit.unwrap_or(10_000),
        )
        .await?;
    Ok(Json(Track {
        mmsi,
        from: from.to_rfc3339(),
        to: to.to_rfc3339(),
        positions,
    }))
}
