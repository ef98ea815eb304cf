//! Small geodesy helpers: great-circle distance, unit conversions, point in polygon.

/// Mean Earth radius in metres (IUGG).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;
/// Metres in one international nautical mile.
pub const METRES_PER_NM: f64 = 1852.0;

/// Great-circle (haversine) distance in metres between two WGS84 positions in degrees.
pub fn haversine_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
}

/// Longitude difference wrapped into [-180, 180).
pub fn wrap_lon(d: f64) -> f64 {
    (d + 180.0).rem_euclid(360.0) - 180.0
}

/// Even-odd point-in-polygon test on a ring of (lon, lat) vertices (closed or open).
pub fn point_in_ring(lon: f64, lat: f64, ring: &[(f64, f64)]) -> bool {
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut inside = false;
    let mut j = n - 1;
    for i in 0..n {
        let (xi, yi) = ring[i];
        let (xj, yj) = ring[j];
        if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_degree_of_latitude_is_sixty_nautical_miles() {
        let d = haversine_m(0.0, 0.0, 1.0, 0.0) / METRES_PER_NM;
        assert!((d - 60.04).abs() < 0.05, "{d}");
    }

    #[test]
    fn ring_membership() {
        let sq = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)];
        assert!(point_in_ring(0.5, 0.5, &sq));
        assert!(!point_in_ring(1.5, 0.5, &sq));
    }
}
