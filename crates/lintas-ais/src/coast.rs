//! Distance from shore using the bundled Natural Earth 1:50m coastline
//! (`data/coast-50m.bin`, see `data/PROVENANCE.md`), with a 1° grid index over its
//! segments so a query only looks at nearby coast.

use std::sync::OnceLock;

use crate::error::AisError;
use crate::geo::{EARTH_RADIUS_M, METRES_PER_NM, wrap_lon};

static COAST_BIN: &[u8] = include_bytes!("../data/coast-50m.bin");

/// A coastline with a spatial index for distance queries.
pub struct Coastline {
    /// Segments as (lon1, lat1, lon2, lat2) in degrees.
    segs: Vec<[f32; 4]>,
    /// CSR index: segments of cell `c` are `ids[start[c]..start[c + 1]]`.
    start: Vec<u32>,
    ids: Vec<u32>,
}

const COLS: usize = 360;
const ROWS: usize = 180;

fn cell_of(lon: f64, lat: f64) -> (usize, usize) {
    let c = ((wrap_lon(lon) + 180.0).floor() as i64).clamp(0, COLS as i64 - 1) as usize;
    let r = ((lat + 90.0).floor() as i64).clamp(0, ROWS as i64 - 1) as usize;
    (c, r)
}

impl Coastline {
    /// The bundled Natural Earth 1:50m coastline, parsed once.
    pub fn bundled() -> Result<&'static Coastline, AisError> {
        static C: OnceLock<Result<Coastline, AisError>> = OnceLock::new();
        C.get_or_init(|| Coastline::from_bytes(COAST_BIN))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses the `LCST` coastline format (see `data/convert_coast.py`).
    pub fn from_bytes(b: &[u8]) -> Result<Coastline, AisError> {
        let mut segs = Vec::new();
        for arc in arcs(b)? {
            for w in arc.windows(2) {
                let ((plon, plat), (lon, lat)) = (w[0], w[1]);
                // Arcs never cross the antimeridian in Natural Earth land; skip any that would.
                if (lon - plon).abs() < 180.0 {
                    segs.push([plon, plat, lon, lat]);
                }
            }
        }
        Ok(Self::index(segs))
    }

    fn index(segs: Vec<[f32; 4]>) -> Coastline {
        let mut counts = vec![0u32; COLS * ROWS + 1];
        let cells = |s: &[f32; 4]| {
            let (c1, r1) = cell_of(f64::from(s[0].min(s[2])), f64::from(s[1].min(s[3])));
            let (c2, r2) = cell_of(f64::from(s[0].max(s[2])), f64::from(s[1].max(s[3])));
            (c1..=c2).flat_map(move |c| (r1..=r2).map(move |r| r * COLS + c))
        };
        for s in &segs {
            for cell in cells(s) {
                counts[cell + 1] += 1;
            }
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let mut fill = counts.clone();
        let mut ids = vec![0u32; counts[COLS * ROWS] as usize];
        for (i, s) in segs.iter().enumerate() {
            for cell in cells(s) {
                ids[fill[cell] as usize] = i as u32;
                fill[cell] += 1;
            }
        }
        Coastline {
            segs,
            start: counts,
            ids,
        }
    }

    /// Number of coastline segments.
    pub fn segments(&self) -> usize {
        self.segs.len()
    }

    /// Distance in nautical miles from (lat, lon) to the nearest coastline, searching up
    /// to `max_nm`; returns `max_nm` when no coast is that close. Uses a local
    /// equirectangular projection, accurate to well under 1 % at these ranges.
    pub fn distance_nm(&self, lat: f64, lon: f64, max_nm: f64) -> f64 {
        let (c0, r0) = cell_of(lon, lat);
        let coslat = lat.to_radians().cos().max(1e-6);
        let mut best_m = f64::INFINITY;
        let max_m = max_nm * METRES_PER_NM;
        let deg_m = EARTH_RADIUS_M.to_radians();
        for k in 0..=180usize {
            // Every cell in ring k is at least (k - 1) cells away in each direction; the
            // narrowest cell width bounds that distance from below.
            let poleward = (lat.abs() + k as f64 + 1.0).min(89.9).to_radians().cos();
            let ring_min_m = (k as f64 - 1.0).max(0.0) * deg_m * poleward;
            if ring_min_m > best_m.min(max_m) {
                break;
            }
            let k = k as i64;
            for dr in -k..=k {
                let r = r0 as i64 + dr;
                if !(0..ROWS as i64).contains(&r) {
                    continue;
                }
                for dc in -k..=k {
                    if dr.abs() != k && dc.abs() != k {
                        continue;
                    }
                    let c = (c0 as i64 + dc).rem_euclid(COLS as i64) as usize;
                    let cell = r as usize * COLS + c;
                    let (a, b) = (self.start[cell] as usize, self.start[cell + 1] as usize);
                    for &id in &self.ids[a..b] {
                        let s = self.segs[id as usize];
                        let d = seg_dist_m(lat, lon, coslat, deg_m, &s);
                        if d < best_m {
                            best_m = d;
                        }
                    }
                }
            }
        }
        (best_m / METRES_PER_NM).min(max_nm)
    }
}

/// The arcs of an `LCST` file, each a line of (lon, lat) in degrees.
fn arcs(b: &[u8]) -> Result<Vec<Vec<(f32, f32)>>, AisError> {
    let bad = |m: &str| AisError::Geometry(format!("coastline file: {m}"));
    let mut pos = 0usize;
    let mut take = |n: usize| -> Result<&[u8], AisError> {
        let s = b.get(pos..pos + n).ok_or_else(|| bad("truncated"))?;
        pos += n;
        Ok(s)
    };
    let u32le = |s: &[u8]| -> u32 { s.iter().rev().fold(0u32, |a, &x| a << 8 | u32::from(x)) };
    if take(4)? != b"LCST" || u32le(take(4)?) != 1 {
        return Err(bad("not an LCST v1 file"));
    }
    let count = u32le(take(4)?) as usize;
    let mut out = Vec::new();
    for _ in 0..count {
        let n = u32le(take(4)?) as usize;
        let mut arc = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            let lon = u32le(take(4)?) as i32 as f32 / 1e5;
            let lat = u32le(take(4)?) as i32 as f32 / 1e5;
            arc.push((lon, lat));
        }
        out.push(arc);
    }
    Ok(out)
}

/// The bundled coastline's arcs (lines of (lon, lat) in degrees) that have a point inside
/// `[min_lon, min_lat, max_lon, max_lat]`, whole, for drawing a map without a tile server.
/// Arcs that jump across the antimeridian are split there, so no line spans the world.
pub fn bundled_outlines(bbox: [f32; 4]) -> Result<Vec<Vec<(f32, f32)>>, AisError> {
    let [w, s, e, n] = bbox;
    let mut pieces = Vec::new();
    for arc in arcs(COAST_BIN)? {
        let mut piece: Vec<(f32, f32)> = Vec::new();
        for p in arc {
            if piece.last().is_some_and(|q| (p.0 - q.0).abs() >= 180.0) {
                pieces.push(std::mem::take(&mut piece));
            }
            piece.push(p);
        }
        pieces.push(piece);
    }
    Ok(pieces
        .into_iter()
        .filter(|a| a.len() > 1)
        .filter(|a| {
            a.iter()
                .any(|&(lon, lat)| lon >= w && lon <= e && lat >= s && lat <= n)
        })
        .collect())
}

fn seg_dist_m(lat: f64, lon: f64, coslat: f64, deg_m: f64, s: &[f32; 4]) -> f64 {
    let x1 = wrap_lon(f64::from(s[0]) - lon) * coslat * deg_m;
    let y1 = (f64::from(s[1]) - lat) * deg_m;
    let x2 = wrap_lon(f64::from(s[2]) - lon) * coslat * deg_m;
    let y2 = (f64::from(s[3]) - lat) * deg_m;
    let (dx, dy) = (x2 - x1, y2 - y1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (-(x1 * dx + y1 * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (px, py) = (x1 + t * dx, y1 + t * dy);
    (px * px + py * py).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_of_a_region_never_span_the_antimeridian() {
        let arcs = bundled_outlines([40.0, -50.0, 180.0, 45.0]).unwrap();
        assert!(arcs.len() > 100);
        for a in &arcs {
            for w in a.windows(2) {
                assert!((w[1].0 - w[0].0).abs() < 180.0);
            }
        }
    }

    #[test]
    fn bundled_coast_loads() {
        let c = Coastline::bundled().unwrap();
        assert!(c.segments() > 50_000);
    }

    #[test]
    fn open_ocean_is_far_and_harbours_are_near() {
        let c = Coastline::bundled().unwrap();
        // Mid Pacific, 1000+ nm from any land.
        assert!(c.distance_nm(-30.0, -130.0, 600.0) >= 300.0);
        // Sydney Heads: within a couple of miles of the coast.
        assert!(c.distance_nm(-33.84, 151.30, 600.0) < 3.0);
        // Between Java and Christmas Island.
        let d = c.distance_nm(-9.5, 108.5, 600.0);
        assert!((60.0..200.0).contains(&d), "{d}");
    }

    #[test]
    fn matches_brute_force() {
        let c = Coastline::bundled().unwrap();
        for &(lat, lon) in &[(-9.5, 108.5), (5.0, 95.0), (-12.0, 123.0), (10.0, 88.0)] {
            let coslat = f64::cos(f64::to_radians(lat));
            let deg_m = EARTH_RADIUS_M.to_radians();
            let brute = c
                .segs
                .iter()
                .map(|s| seg_dist_m(lat, lon, coslat, deg_m, s))
                .fold(f64::INFINITY, f64::min)
                / METRES_PER_NM;
            let fast = c.distance_nm(lat, lon, 2000.0);
            assert!(
                (brute - fast).abs() < 1e-6,
                "{lat},{lon}: {brute} vs {fast}"
            );
        }
    }
}
