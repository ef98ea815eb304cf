//! Synthetic tracks for each behaviour and for its near-misses.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

use lintas_ais::coast::Coastline;
use lintas_ais::detect::{
    Anchorage, DetectorConfig, Event, EventDetail, detect_all, parse_corridors,
};
use lintas_ais::geo::haversine_m;
use lintas_ais::text::AisText;
use lintas_ais::{TrackPoint, Tracks, VesselInfo};

const T0: i64 = 1_700_000_000;
/// Open water between Java and Christmas Island, well over 50 nm from any shore.
const SEA: (f64, f64) = (-9.5, 108.5);

/// A straight track: `n` positions every `step_s` seconds from (lat, lon), moving by
/// (dlat, dlon) per step, reporting `sog` knots.
fn line(
    mmsi: u32,
    t0: i64,
    (lat, lon): (f64, f64),
    n: usize,
    step_s: i64,
    d: (f64, f64),
    sog: f32,
) -> Vec<TrackPoint> {
    (0..n)
        .map(|i| TrackPoint {
            mmsi,
            t: t0 + i as i64 * step_s,
            lat: lat + d.0 * i as f64,
            lon: lon + d.1 * i as f64,
            sog: Some(sog),
        })
        .collect()
}

fn run(
    points: Vec<TrackPoint>,
    info: &[(u32, VesselInfo)],
    anchorages: &[Anchorage],
    corridors: &str,
) -> Vec<Event> {
    let mut t = Tracks::default();
    for p in points {
        t.push(p);
    }
    for (m, i) in info {
        t.info.insert(*m, i.clone());
    }
    t.finish();
    let corridors = if corridors.is_empty() {
        vec![]
    } else {
        parse_corridors(corridors).unwrap()
    };
    detect_all(
        &t,
        Coastline::bundled().unwrap(),
        &DetectorConfig::default(),
        anchorages,
        &corridors,
    )
}

fn of_kind<'a>(events: &'a [Event], kind: &str) -> Vec<&'a Event> {
    events.iter().filter(|e| e.kind() == kind).collect()
}

/// About 8 knots heading south-east, one position a minute.
const UNDERWAY: (f64, f64) = (-0.0015, 0.0015);

fn gap_track(hours: f64, at: (f64, f64), sog_before: f32) -> Vec<TrackPoint> {
    let mut pts = line(111, T0, at, 30, 60, UNDERWAY, sog_before);
    let last = *pts.last().unwrap();
    let back = T0 + 29 * 60 + (hours * 3600.0) as i64;
    pts.extend(line(
        111,
        back,
        (last.lat - 0.5, last.lon + 0.5),
        10,
        60,
        UNDERWAY,
        8.0,
    ));
    pts
}

#[test]
fn twelve_hour_gap_offshore_is_suspected_disabling() {
    let ev = run(gap_track(12.0, SEA, 8.0), &[], &[], "");
    let gaps = of_kind(&ev, "ais_gap");
    assert_eq!(gaps.len(), 1, "{ev:#?}");
    let g = gaps[0];
    assert_eq!(g.mmsi, 111);
    assert_eq!(g.duration_s, 12 * 3600);
    assert!(g.distance_from_shore_nm > 50.0);
    assert!(matches!(
        g.detail,
        EventDetail::AisGap {
            suspected_disabling: true,
            ..
        }
    ));
}

#[test]
fn eleven_hour_gap_is_not_an_event() {
    let ev = run(gap_track(11.0, SEA, 8.0), &[], &[], "");
    assert!(of_kind(&ev, "ais_gap").is_empty(), "{ev:#?}");
}

#[test]
fn gap_of_a_vessel_that_was_not_moving_is_not_an_event() {
    let ev = run(gap_track(20.0, SEA, 0.1), &[], &[], "");
    assert!(of_kind(&ev, "ais_gap").is_empty());
}

#[test]
fn gap_near_shore_is_not_suspected_disabling() {
    // Off Sydney Heads: the gap is real but within 50 nm of the coast.
    let ev = run(gap_track(13.0, (-33.9, 151.4), 8.0), &[], &[], "");
    let gaps = of_kind(&ev, "ais_gap");
    assert_eq!(gaps.len(), 1);
    assert!(matches!(
        gaps[0].detail,
        EventDetail::AisGap {
            suspected_disabling: false,
            ..
        }
    ));
}

/// Two vessels ~200 m apart drifting at 1 knot, positions every 5 minutes.
fn pair(minutes: i64, sog: f32, at: (f64, f64)) -> Vec<TrackPoint> {
    let n = (minutes / 5 + 1) as usize;
    let drift = (0.0, 0.00015); // ~1 kn eastward per 5 min
    let mut pts = line(201, T0, at, n, 300, drift, sog);
    pts.extend(line(
        202,
        T0 + 20,
        (at.0 + 0.0018, at.1),
        n,
        300,
        drift,
        sog,
    ));
    pts
}

#[test]
fn two_hour_slow_rendezvous_is_an_encounter() {
    let ev = run(pair(130, 1.0, SEA), &[], &[], "");
    let enc = of_kind(&ev, "encounter");
    assert_eq!(enc.len(), 1, "{ev:#?}");
    let e = enc[0];
    assert_eq!((e.mmsi, e.other_mmsi), (201, Some(202)));
    assert!(e.duration_s >= 2 * 3600);
    match e.detail {
        EventDetail::Encounter {
            median_distance_m,
            median_speed_knots,
            ..
        } => {
            assert!(
                (150.0..300.0).contains(&median_distance_m),
                "{median_distance_m}"
            );
            assert!((median_speed_knots - 1.0).abs() < 0.01);
        }
        _ => unreachable!(),
    }
}

#[test]
fn one_hour_fifty_minutes_is_not_an_encounter() {
    let ev = run(pair(110, 1.0, SEA), &[], &[], "");
    assert!(of_kind(&ev, "encounter").is_empty(), "{ev:#?}");
}

#[test]
fn fast_pair_is_not_an_encounter() {
    let ev = run(pair(180, 6.0, SEA), &[], &[], "");
    assert!(of_kind(&ev, "encounter").is_empty());
}

#[test]
fn rendezvous_at_an_anchorage_is_not_an_encounter() {
    let anchorage = Anchorage {
        lat: SEA.0 + 0.02,
        lon: SEA.1 + 0.02,
    };
    let ev = run(pair(180, 1.0, SEA), &[], &[anchorage], "");
    assert!(of_kind(&ev, "encounter").is_empty());
    // ...but 15 km away it is.
    let far = Anchorage {
        lat: SEA.0 + 0.15,
        lon: SEA.1,
    };
    assert!(haversine_m(SEA.0, SEA.1, far.lat, far.lon) > 10_000.0);
    assert_eq!(
        of_kind(&run(pair(180, 1.0, SEA), &[], &[far], ""), "encounter").len(),
        1
    );
}

#[test]
fn vessels_a_kilometre_apart_do_not_meet() {
    let mut pts = line(301, T0, SEA, 40, 300, (0.0, 0.0001), 1.0);
    pts.extend(line(
        302,
        T0,
        (SEA.0 + 0.009, SEA.1),
        40,
        300,
        (0.0, 0.0001),
        1.0,
    ));
    assert!(of_kind(&run(pts, &[], &[], ""), "encounter").is_empty());
}

/// A point about `nm` nautical miles off Java's south coast, found on the bundled coastline.
fn offshore_point(nm: f64) -> (f64, f64) {
    let c = Coastline::bundled().unwrap();
    let lon = 110.0;
    (0..2000)
        .map(|i| -10.0 + i as f64 * 0.001)
        .map(|lat| (lat, c.distance_nm(lat, lon, 100.0)))
        .find(|(_, d)| (d - nm).abs() < 0.3)
        .map(|(lat, _)| (lat, lon))
        .expect("a point at that distance south of Java")
}

#[test]
fn five_hours_at_one_knot_offshore_is_loitering() {
    let pts = line(401, T0, SEA, 61, 300, (0.0, 0.00008), 1.0);
    let ev = run(pts, &[], &[], "");
    let l = of_kind(&ev, "loitering");
    assert_eq!(l.len(), 1, "{ev:#?}");
    assert_eq!(l[0].duration_s, 5 * 3600);
    assert!(l[0].distance_from_shore_nm >= 20.0);
}

#[test]
fn loitering_fifteen_miles_offshore_is_not_an_event() {
    let at = offshore_point(15.0);
    let pts = line(402, T0, at, 61, 300, (0.0, 0.00002), 1.0);
    assert!(of_kind(&run(pts, &[], &[], ""), "loitering").is_empty());
    // The same pattern 25 nm out is loitering.
    let at = offshore_point(25.0);
    let pts = line(403, T0, at, 61, 300, (0.0, 0.00002), 1.0);
    assert_eq!(of_kind(&run(pts, &[], &[], ""), "loitering").len(), 1);
}

#[test]
fn three_and_a_half_hours_slow_is_not_loitering() {
    let pts = line(404, T0, SEA, 43, 300, (0.0, 0.00008), 1.0);
    assert!(of_kind(&run(pts, &[], &[], ""), "loitering").is_empty());
}

const CORRIDOR: &str = r#"{"type":"FeatureCollection","features":[{"type":"Feature",
  "properties":{"name":"Ashmore approach"},
  "geometry":{"type":"Polygon","coordinates":[[[122.5,-12.5],[123.5,-12.5],[123.5,-11.8],[122.5,-11.8],[122.5,-12.5]]]}}]}"#;

fn crossing(mmsi: u32) -> Vec<TrackPoint> {
    // Heading south from outside the box, through it, and out again.
    line(mmsi, T0, (-11.5, 123.0), 40, 600, (-0.03, 0.0), 7.0)
}

#[test]
fn corridor_entries_by_small_and_unidentified_vessels() {
    let small = VesselInfo {
        name: Some(AisText::from_text("KM BAHARI")),
        ship_type: Some(30),
        length_m: Some(14),
        ..VesselInfo::default()
    };
    let big = VesselInfo {
        name: Some(AisText::from_text("BULK TRADER")),
        ship_type: Some(70),
        length_m: Some(190),
        ..VesselInfo::default()
    };
    let mut pts = crossing(501);
    pts.extend(crossing(502));
    pts.extend(crossing(503));
    let ev = run(pts, &[(502, small), (503, big)], &[], CORRIDOR);
    let c = of_kind(&ev, "corridor_entry");
    assert_eq!(c.len(), 2, "{c:#?}");
    let reasons: Vec<(u32, String)> = c
        .iter()
        .map(|e| match &e.detail {
            EventDetail::CorridorEntry {
                reason, corridor, ..
            } => {
                assert_eq!(corridor, "Ashmore approach");
                (e.mmsi, reason.clone())
            }
            _ => unreachable!(),
        })
        .collect();
    assert!(reasons.contains(&(501, "unidentified".into())));
    assert!(reasons.contains(&(502, "small".into())));
    for e in c {
        assert!(e.lat <= -11.8 && e.lat >= -12.5);
        assert!(e.duration_s > 0);
    }
}

#[test]
fn bad_corridor_geojson_is_a_clear_error() {
    let e = parse_corridors(r#"{"type":"Point","coordinates":[1,2]}"#).unwrap_err();
    assert!(e.to_string().contains("Point"), "{e}");
    assert!(parse_corridors("not json").is_err());
    let e = parse_corridors(r#"{"type":"Polygon","coordinates":[[[1,2],[3]]]}"#).unwrap_err();
    assert!(e.to_string().contains("[lon, lat]"), "{e}");
}
