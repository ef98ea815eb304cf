//! AIS gaps: a vessel seen moving goes silent for at least `min_gap_hours`.

use super::{Event, EventDetail, GapParams, SHORE_SEARCH_NM};
use crate::coast::Coastline;
use crate::track::Tracks;

/// Finds AIS gaps in every track.
pub fn detect(tracks: &Tracks, coast: &Coastline, p: &GapParams) -> Vec<Event> {
    let min_gap = (p.min_gap_hours * 3600.0).round() as i64;
    let mut out = Vec::new();
    for pts in tracks.points.values() {
        for w in pts.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let dt = b.t - a.t;
            let moving = a.sog.is_some_and(|s| s > p.moving_speed_knots);
            if dt < min_gap || !moving {
                continue;
            }
            let d_a = coast.distance_nm(a.lat, a.lon, SHORE_SEARCH_NM);
            let d_b = coast.distance_nm(b.lat, b.lon, SHORE_SEARCH_NM);
            out.push(Event {
                mmsi: a.mmsi,
                other_mmsi: None,
                start: a.t,
                end: b.t,
                duration_s: dt,
                lat: a.lat,
                lon: a.lon,
                distance_from_shore_nm: d_a,
                detail: EventDetail::AisGap {
                    suspected_disabling: d_a > p.disabling_offshore_nm
                        && d_b > p.disabling_offshore_nm,
                    end_lat: b.lat,
                    end_lon: b.lon,
                    end_distance_from_shore_nm: d_b,
                    params: *p,
                },
            });
        }
    }
    out
}
