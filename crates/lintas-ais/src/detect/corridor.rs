//! Corridor watch: alerts when a small or unidentified vessel enters a watched polygon.

use serde_json::Value;

use super::{CorridorParams, Event, EventDetail, SHORE_SEARCH_NM};
use crate::coast::Coastline;
use crate::error::AisError;
use crate::geo::point_in_ring;
use crate::track::{Tracks, VesselInfo};

/// A closed ring of (lon, lat) vertices.
pub type Ring = Vec<(f64, f64)>;
/// A polygon: its outer ring followed by its holes.
pub type Polygon = Vec<Ring>;

/// A watched area: outer rings with their holes, as (lon, lat) vertices.
#[derive(Debug, Clone, PartialEq)]
pub struct Corridor {
    /// Name (GeoJSON `properties.name`, or `corridor-N`).
    pub name: String,
    /// Polygons: first ring is the boundary, the rest are holes.
    pub polygons: Vec<Polygon>,
}

impl Corridor {
    /// Whether a position lies inside the corridor.
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        self.polygons.iter().any(|rings| {
            rings.split_first().is_some_and(|(outer, holes)| {
                point_in_ring(lon, lat, outer) && !holes.iter().any(|h| point_in_ring(lon, lat, h))
            })
        })
    }
}

fn ring(v: &Value, what: &str) -> Result<Ring, AisError> {
    let bad = || {
        AisError::Geometry(format!(
            "{what}: a ring must be an array of [lon, lat] pairs"
        ))
    };
    v.as_array()
        .ok_or_else(bad)?
        .iter()
        .map(|pt| {
            let a = pt.as_array().ok_or_else(bad)?;
            match (
                a.first().and_then(Value::as_f64),
                a.get(1).and_then(Value::as_f64),
            ) {
                (Some(lon), Some(lat))
                    if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) =>
                {
                    Ok((lon, lat))
                }
                _ => Err(bad()),
            }
        })
        .collect()
}

fn polygon(v: &Value, what: &str) -> Result<Polygon, AisError> {
    v.as_array()
        .ok_or_else(|| AisError::Geometry(format!("{what}: polygon coordinates must be an array")))?
        .iter()
        .map(|r| ring(r, what))
        .collect()
}

fn geometry(g: &Value, what: &str) -> Result<Vec<Polygon>, AisError> {
    let coords = &g["coordinates"];
    match g["type"].as_str() {
        Some("Polygon") => Ok(vec![polygon(coords, what)?]),
        Some("MultiPolygon") => coords
            .as_array()
            .ok_or_else(|| {
                AisError::Geometry(format!("{what}: MultiPolygon coordinates must be an array"))
            })?
            .iter()
            .map(|p| polygon(p, what))
            .collect(),
        other => Err(AisError::Geometry(format!(
            "{what}: geometry type {other:?} is not Polygon or MultiPolygon"
        ))),
    }
}

/// Reads corridors from GeoJSON: a FeatureCollection, a Feature, or a bare geometry.
pub fn parse_corridors(geojson: &str) -> Result<Vec<Corridor>, AisError> {
    let v: Value = serde_json::from_str(geojson)
        .map_err(|e| AisError::Geometry(format!("corridors are not valid JSON: {e}")))?;
    let features: Vec<&Value> = match v["type"].as_str() {
        Some("FeatureCollection") => v["features"]
            .as_array()
            .ok_or_else(|| AisError::Geometry("FeatureCollection without features".into()))?
            .iter()
            .collect(),
        _ => vec![&v],
    };
    features
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let default = format!("corridor-{}", i + 1);
            let name = f["properties"]["name"]
                .as_str()
                .unwrap_or(&default)
                .to_owned();
            let g = if f["type"] == "Feature" {
                &f["geometry"]
            } else {
                f
            };
            Ok(Corridor {
                polygons: geometry(g, &name)?,
                name,
            })
        })
        .collect()
}

/// Why a vessel is of interest in a corridor, if it is.
fn interest(info: Option<&VesselInfo>, p: &CorridorParams) -> Option<&'static str> {
    match info {
        None => Some("unidentified"),
        Some(i) if !i.identified() => Some("unidentified"),
        Some(i) => {
            let small_type = i.ship_type.is_some_and(|t| p.small_ship_types.contains(&t));
            let small_len = i.length_m.is_some_and(|l| l < p.small_max_length_m);
            (small_type || small_len).then_some("small")
        }
    }
}

/// Finds entries of small or unidentified vessels into the corridors.
pub fn detect(
    tracks: &Tracks,
    coast: &Coastline,
    p: &CorridorParams,
    corridors: &[Corridor],
) -> Vec<Event> {
    let mut out = Vec::new();
    for (mmsi, pts) in &tracks.points {
        let Some(reason) = interest(tracks.info.get(mmsi), p) else {
            continue;
        };
        for c in corridors {
            let mut inside_since: Option<usize> = None;
            for (i, q) in pts.iter().enumerate() {
                let inside = c.contains(q.lat, q.lon);
                match (inside, inside_since) {
                    (true, None) => inside_since = Some(i),
                    (false, Some(s)) => {
                        out.push(entry(pts, s, i - 1, c, reason, p, coast));
                        inside_since = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = inside_since {
                out.push(entry(pts, s, pts.len() - 1, c, reason, p, coast));
            }
        }
    }
    out
}

fn entry(
    pts: &[crate::track::TrackPoint],
    first: usize,
    last: usize,
    c: &Corridor,
    reason: &str,
    p: &CorridorParams,
    coast: &Coastline,
) -> Event {
    let (a, b) = (&pts[first], &pts[last]);
    Event {
        mmsi: a.mmsi,
        other_mmsi: None,
        start: a.t,
        end: b.t,
        duration_s: b.t - a.t,
        lat: a.lat,
        lon: a.lon,
        distance_from_shore_nm: coast.distance_nm(a.lat, a.lon, SHORE_SEARCH_NM),
        detail: EventDetail::CorridorEntry {
            corridor: c.name.clone(),
            reason: reason.to_owned(),
            params: p.clone(),
        },
    }
}
