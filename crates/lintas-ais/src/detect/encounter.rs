//! Encounters: two vessels within `max_distance_m` of each other for at least
//! `min_duration_hours`, both slow, away from anchorages. Tracks are resampled to a
//! common time step first (GFW uses 10 minutes), interpolating between close positions.

use std::collections::{BTreeMap, HashMap};

use super::{Anchorage, EncounterParams, Event, EventDetail, SHORE_SEARCH_NM};
use crate::coast::Coastline;
use crate::geo::haversine_m;
use crate::track::{TrackPoint, Tracks};

#[derive(Clone, Copy)]
struct Sample {
    mmsi: u32,
    lat: f64,
    lon: f64,
    sog: f32,
}

/// Resamples one track onto multiples of `step` seconds.
fn resample(pts: &[TrackPoint], step: i64, max_gap: i64, out: &mut BTreeMap<i64, Vec<Sample>>) {
    for w in pts.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let dt = b.t - a.t;
        if dt <= 0 || dt > max_gap {
            continue;
        }
        let mut t = a.t.div_euclid(step) * step;
        if t < a.t {
            t += step;
        }
        while t <= b.t {
            let f = (t - a.t) as f64 / dt as f64;
            let sog = match (a.sog, b.sog) {
                (Some(x), Some(y)) => x + (y - x) * f as f32,
                (Some(x), None) | (None, Some(x)) => x,
                (None, None) => f32::NAN,
            };
            let slot = out.entry(t).or_default();
            // Windows share endpoints; keep one sample per vessel per slot.
            if slot.last().is_none_or(|s| s.mmsi != a.mmsi) {
                slot.push(Sample {
                    mmsi: a.mmsi,
                    lat: a.lat + (b.lat - a.lat) * f,
                    lon: a.lon + (b.lon - a.lon) * f,
                    sog,
                });
            }
            t += step;
        }
    }
}

struct Close {
    t: i64,
    dist: f64,
    lat: f64,
    lon: f64,
    sogs: [f32; 2],
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Finds encounters between all pairs of vessels.
pub fn detect(
    tracks: &Tracks,
    coast: &Coastline,
    p: &EncounterParams,
    anchorages: &[Anchorage],
) -> Vec<Event> {
    let step = (p.resample_minutes.max(1)) * 60;
    let max_gap = (p.max_interpolation_gap_hours * 3600.0).round() as i64;
    let mut slots: BTreeMap<i64, Vec<Sample>> = BTreeMap::new();
    for pts in tracks.points.values() {
        resample(pts, step, max_gap, &mut slots);
    }
    // Grid cells a little larger than the distance threshold: pairs can only be in
    // the same or a neighbouring cell.
    let cell_deg = (p.max_distance_m / 111_000.0).max(1e-4) * 1.01;
    let mut pairs: HashMap<(u32, u32), Vec<Close>> = HashMap::new();
    for (&t, samples) in &slots {
        if samples.len() < 2 {
            continue;
        }
        let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (i, s) in samples.iter().enumerate() {
            let key = (
                (s.lat / cell_deg).floor() as i64,
                (s.lon * s.lat.to_radians().cos().max(0.01) / cell_deg).floor() as i64,
            );
            grid.entry(key).or_default().push(i);
        }
        for (&(r, c), members) in &grid {
            for &i in members {
                for dr in -1..=1 {
                    for dc in -1..=1 {
                        let Some(others) = grid.get(&(r + dr, c + dc)) else {
                            continue;
                        };
                        for &j in others {
                            let (a, b) = (&samples[i], &samples[j]);
                            if a.mmsi >= b.mmsi {
                                continue;
                            }
                            let d = haversine_m(a.lat, a.lon, b.lat, b.lon);
                            if d <= p.max_distance_m {
                                pairs.entry((a.mmsi, b.mmsi)).or_default().push(Close {
                                    t,
                                    dist: d,
                                    lat: (a.lat + b.lat) / 2.0,
                                    lon: (a.lon + b.lon) / 2.0,
                                    sogs: [a.sog, b.sog],
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    let min_dur = (p.min_duration_hours * 3600.0).round() as i64;
    let mut out = Vec::new();
    let mut keys: Vec<_> = pairs.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        let Some(closes) = pairs.get_mut(&key) else {
            continue;
        };
        closes.sort_by_key(|c| c.t);
        let mut start = 0;
        for i in 1..=closes.len() {
            let broken = i == closes.len() || closes[i].t - closes[i - 1].t > step;
            if !broken {
                continue;
            }
            let run = &closes[start..i];
            start = i;
            let (Some(first), Some(last)) = (run.first(), run.last()) else {
                continue;
            };
            if last.t - first.t < min_dur {
                continue;
            }
            let mut speeds: Vec<f64> = run
                .iter()
                .flat_map(|c| c.sogs)
                .filter(|s| s.is_finite())
                .map(f64::from)
                .collect();
            let median_speed = median(&mut speeds) as f32;
            // NaN (no speeds reported) must not pass.
            if median_speed.partial_cmp(&p.max_median_speed_knots) != Some(std::cmp::Ordering::Less)
            {
                continue;
            }
            let n = run.len() as f64;
            let lat = run.iter().map(|c| c.lat).sum::<f64>() / n;
            let lon = run.iter().map(|c| c.lon).sum::<f64>() / n;
            let near_anchorage = anchorages.iter().any(|a| {
                haversine_m(lat, lon, a.lat, a.lon) < p.min_anchorage_distance_km * 1000.0
            });
            if near_anchorage {
                continue;
            }
            let mut dists: Vec<f64> = run.iter().map(|c| c.dist).collect();
            out.push(Event {
                mmsi: key.0,
                other_mmsi: Some(key.1),
                start: first.t,
                end: last.t,
                duration_s: last.t - first.t,
                lat,
                lon,
                distance_from_shore_nm: coast.distance_nm(lat, lon, SHORE_SEARCH_NM),
                detail: EventDetail::Encounter {
                    median_distance_m: median(&mut dists),
                    median_speed_knots: median_speed,
                    params: *p,
                },
            });
        }
    }
    out
}
