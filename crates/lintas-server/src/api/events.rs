//! Detected-event routes: filtered listing, and export as GeoJSON or CSV.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use lintas_model::maritime::AisEvent;
use lintas_store::{BBox, EventFilter, Principal, Store};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::AppState;
use crate::api::vessels::parse_mmsi;
use crate::auth::Auth;
use crate::problem::Problem;
use lintas_store::PageLimit;

/// Most events one export returns.
const MAX_EXPORT: usize = 100_000;

/// Event filters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EventParams {
    /// `ais_gap`, `encounter`, `loitering` or `corridor_entry`.
    kind: Option<String>,
    /// Events ending at or after (RFC 3339).
    from: Option<DateTime<Utc>>,
    /// Events starting at or before (RFC 3339).
    to: Option<DateTime<Utc>>,
    /// `min_lon,min_lat,max_lon,max_lat`.
    bbox: Option<String>,
    /// A vessel (either side of an encounter).
    mmsi: Option<String>,
    /// `next_cursor` of the previous page (listing only).
    cursor: Option<String>,
    /// Page size, 1–5000 (default 100; listing only).
    limit: Option<u32>,
    /// Export format: `geojson` (default) or `csv` (export only).
    format: Option<String>,
}

impl EventParams {
    fn filter(&self) -> Result<EventFilter, Problem> {
        Ok(EventFilter {
            kind: self.kind.clone(),
            from: self.from.map(|t| t.timestamp()),
            to: self.to.map(|t| t.timestamp()),
            bbox: self.bbox.as_deref().map(BBox::parse).transpose()?,
            mmsi: self.mmsi.as_deref().map(parse_mmsi).transpose()?,
        })
    }
}

/// A page of events.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EventList {
    /// Latest start first.
    items: Vec<AisEvent>,
    /// Cursor for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}

/// Events visible to the caller (detected gaps, encounters, loitering, corridor entries).
#[utoipa::path(get, path = "/api/v1/ais-events", tag = "maritime", params(EventParams),
    responses((status = 200, body = EventList), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<EventParams>,
) -> Result<Json<EventList>, Problem> {
    if params.format.is_some() {
        return Err(Problem::bad_request(
            "`format` belongs to /api/v1/ais-events:export",
        ));
    }
    let page = state
        .store
        .list_events(
            &p,
            &params.filter()?,
            params.cursor.as_deref(),
            Some(params.limit.unwrap_or(100)),
        )
        .await?;
    Ok(Json(EventList {
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}

async fn all_events(
    store: &Store,
    p: &Principal,
    filter: &EventFilter,
) -> Result<Vec<AisEvent>, Problem> {
    let mut out = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .list_events(p, filter, cursor.as_deref(), Some(PageLimit::EXPORT_MAX))
            .await?;
        out.extend(page.items);
        match page.next_cursor {
            Some(c) if out.len() < MAX_EXPORT => cursor = Some(c),
            _ => break,
        }
    }
    out.truncate(MAX_EXPORT);
    Ok(out)
}

fn geojson(events: Vec<AisEvent>) -> Value {
    let features: Vec<Value> = events
        .into_iter()
        .map(|e| {
            json!({
                "type": "Feature",
                "id": e.id,
                "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
                "properties": {
                    "owner": e.owner,
                    "kind": e.kind,
                    "mmsi": e.mmsi,
                    "other_mmsi": e.other_mmsi,
                    "start": e.start,
                    "end": e.end,
                    "duration_s": e.duration_s,
                    "distance_from_shore_nm": e.distance_from_shore_nm,
                    "detail": e.detail,
                }
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

fn csv_text(events: &[AisEvent]) -> Result<Vec<u8>, Problem> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let failed = |e: csv::Error| Problem::bad_request(format!("writing CSV: {e}"));
    w.write_record([
        "id",
        "owner",
        "kind",
        "mmsi",
        "other_mmsi",
        "start",
        "end",
        "duration_s",
        "lat",
        "lon",
        "distance_from_shore_nm",
        "detail",
    ])
    .map_err(failed)?;
    for e in events {
        w.write_record([
            e.id.to_string(),
            e.owner.clone(),
            e.kind.clone(),
            e.mmsi.to_string(),
            e.other_mmsi.map(|m| m.to_string()).unwrap_or_default(),
            e.start.clone(),
            e.end.clone(),
            e.duration_s.to_string(),
            e.lat.to_string(),
            e.lon.to_string(),
            e.distance_from_shore_nm.to_string(),
            e.detail.to_string(),
        ])
        .map_err(failed)?;
    }
    w.into_inner()
        .map_err(|e| Problem::bad_request(format!("writing CSV: {e}")))
}

/// All matching events (up to 100 000) as a GeoJSON FeatureCollection of points or as CSV.
#[utoipa::path(get, path = "/api/v1/ais-events:export", tag = "maritime", params(EventParams),
    responses((status = 200, description = "GeoJSON FeatureCollection (`application/geo+json`) or CSV (`text/csv`)", body = Object), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn export(
    State(state): State<AppState>,
    Auth(p): Auth,
    Query(params): Query<EventParams>,
) -> Result<Response, Problem> {
    if params.cursor.is_some() || params.limit.is_some() {
        return Err(Problem::bad_request(
            "an export has no pages: drop `cursor` and `limit`",
        ));
    }
    let format = params.format.as_deref().unwrap_or("geojson");
    if !matches!(format, "geojson" | "csv") {
        return Err(Problem::bad_request(format!(
            "format `{format}` is not `geojson` or `csv`"
        )));
    }
    let events = all_events(&state.store, &p, &params.filter()?).await?;
    // Exports leave the platform, so each is recorded (what was asked, not what was sent).
    let event = lintas_store::Audited::action(
        lintas_store::AuditAction::AisEventsExport,
        lintas_store::Outcome::Success,
    )
    .with_details(format!("{format} {} events", events.len()));
    state
        .store
        .audit(&lintas_store::Actor::from(&p), &[event])
        .await?;
    let (body, content_type, file) = if format == "csv" {
        (
            csv_text(&events)?,
            "text/csv; charset=utf-8",
            "ais-events.csv",
        )
    } else {
        (
            serde_json::to_vec(&geojson(events)).unwrap_or_default(),
            "application/geo+json",
            "ais-events.geojson",
        )
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}
