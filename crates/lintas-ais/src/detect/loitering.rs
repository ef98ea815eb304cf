//! Loitering: a vessel slower than `max_speed_knots` for at least `min_duration_hours`,
//! every position at least `min_offshore_nm` from shore.

use super::{Event, EventDetail, LoiteringParams, SHORE_SEARCH_NM};
use crate::coast::Coastline;
use crate::track::{TrackPoint, Tracks};

/// Finds loitering periods in every track.
pub fn detect(tracks: &Tracks, coast: &Coastline, p: &LoiteringParams) -> Vec<Event> {
    let min_dur = (p.min_duration_hours * 3600.0).round() as i64;
    let max_gap = (p.max_point_gap_hours * 3600.0).round() as i64;
    let mut out = Vec::new();
    for pts in tracks.points.values() {
        let mut run: Vec<&TrackPoint> = Vec::new();
        let mut flush = |run: &mut Vec<&TrackPoint>| {
            if let (Some(first), Some(last)) = (run.first(), run.last())
                && last.t - first.t >= min_dur
            {
                let n = run.len() as f64;
                let lat = run.iter().map(|q| q.lat).sum::<f64>() / n;
                let lon = run.iter().map(|q| q.lon).sum::<f64>() / n;
                let speed = run.iter().filter_map(|q| q.sog).sum::<f32>() / run.len() as f32;
                out.push(Event {
                    mmsi: first.mmsi,
                    other_mmsi: None,
                    start: first.t,
                    end: last.t,
                    duration_s: last.t - first.t,
                    lat,
                    lon,
                    distance_from_shore_nm: coast.distance_nm(lat, lon, SHORE_SEARCH_NM),
                    detail: EventDetail::Loitering {
                        mean_speed_knots: speed,
                        params: *p,
                    },
                });
            }
            run.clear();
        };
        for q in pts {
            let slow = q.sog.is_some_and(|s| s < p.max_speed_knots);
            let offshore =
                slow && coast.distance_nm(q.lat, q.lon, p.min_offshore_nm) >= p.min_offshore_nm;
            let contiguous = run.last().is_none_or(|l| q.t - l.t <= max_gap);
            if !(slow && offshore && contiguous) {
                flush(&mut run);
            }
            if slow && offshore {
                run.push(q);
            }
        }
        flush(&mut run);
    }
    out
}
