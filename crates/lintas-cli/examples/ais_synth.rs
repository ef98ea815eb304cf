//! Synthetic AIS traffic for storage and ingest benchmarks: `VESSELS` class A vessels each
//! reporting `REPORTS` positions every `STEP` seconds, as tag-blocked NMEA in time order.
//!
//! `cargo run --example ais_synth -- 1000 2000 180 > traffic.nmea`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;

use lintas_ais::encode::{position_payload, sentence};
use lintas_ais::messages::PositionReport;

fn main() -> anyhow::Result<()> {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let [vessels, reports, step] = args[..] else {
        anyhow::bail!("usage: ais_synth VESSELS REPORTS STEP_SECONDS");
    };
    let t0: i64 = 1_761_955_200; // 2025-11-01T00:00:00Z
    // Deterministic start positions and courses across the region (xorshift).
    let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let ships: Vec<(u32, f64, f64, f64, f64)> = (0..vessels)
        .map(|i| {
            let lat = -12.0 + (next() % 24_000) as f64 / 1000.0;
            let lon = 92.0 + (next() % 40_000) as f64 / 1000.0;
            let course = (next() % 3600) as f64 / 10.0;
            let knots = 2.0 + (next() % 180) as f64 / 10.0;
            (500_000_000 + i as u32, lat, lon, course, knots)
        })
        .collect();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, out.lock());
    for r in 0..reports {
        for (n, &(mmsi, lat0, lon0, course, knots)) in ships.iter().enumerate() {
            // Stagger vessels within the step so receive times spread over the interval.
            let t = t0 + (r * step) as i64 + (n as u64 * step / vessels.max(1)) as i64;
            let nm = knots * (r * step) as f64 / 3600.0;
            let lat = lat0 + nm / 60.0 * course.to_radians().cos() * 0.2;
            let lon = lon0 + nm / 60.0 * course.to_radians().sin() * 0.2;
            let p = PositionReport {
                status: 0,
                turn: 0,
                speed: (knots * 10.0) as u16,
                accuracy: true,
                lon: (lon.clamp(-180.0, 180.0) * 600_000.0).round() as i32,
                lat: (lat.clamp(-90.0, 90.0) * 600_000.0).round() as i32,
                course: (course * 10.0) as u16,
                heading: course as u16,
                second: (t % 60) as u8,
                maneuver: 0,
                raim: false,
                radio: 0,
            };
            let (payload, fill) = position_payload(1, 0, mmsi, &p);
            writeln!(
                out,
                "{}",
                sentence(&payload, fill, 'A', Some(t), Some("bench"))
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
