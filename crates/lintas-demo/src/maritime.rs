//! Demo maritime picture: synthetic, deterministic vessel tracks in the region, events
//! detected from them, a watched corridor and two SAR incidents.
//!
//! - a boat from southern Java towards Ashmore Reef that goes dark for two days and then
//!   enters Australia's corridor, unidentified;
//! - an encounter in the Andaman Sea between a Thai fishing boat and a reefer;
//! - a fishing boat loitering off Christmas Island;
//! - cargo ships on the Malacca Strait, Lombok Strait and Andaman Sea lanes.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use lintas_model::maritime::{Corridor, Position, SarIncident, SarVessel, VesselStatic};
use lintas_model::{Role, Sharing};
use lintas_store::{IncidentFilter, Principal, Result, Store};
use serde_json::json;

use lintas_app::maritime::{DetectRun, detect_stored};

/// What the maritime seeding stored.
#[derive(Debug, Default, Clone, Copy)]
pub struct MaritimeSeeded {
    /// Positions stored.
    pub positions: u64,
    /// Events detected and stored.
    pub events: u64,
    /// SAR incidents stored.
    pub sar: u64,
}

/// The boat that goes dark.
pub const DARK_BOAT: u32 = 525_019_877;
/// The two vessels meeting in the Andaman Sea.
pub const ENCOUNTER: (u32, u32) = (567_000_321, 533_000_654);
/// The boat loitering off Christmas Island.
pub const LOITERER: u32 = 525_007_412;

type LatLon = (f64, f64);

/// Positions every `step` seconds from `t0` to `t1` along a straight leg at constant speed.
fn leg(mmsi: u32, t0: i64, t1: i64, step: i64, from: LatLon, to: LatLon) -> Vec<Position> {
    let km = lintas_ais::geo::haversine_m(from.0, from.1, to.0, to.1) / 1000.0;
    let knots = km / 1.852 / ((t1 - t0) as f64 / 3600.0);
    let cog = bearing(from, to);
    (t0..=t1)
        .step_by(step as usize)
        .map(|t| {
            let f = (t - t0) as f64 / (t1 - t0) as f64;
            at(mmsi, t, lerp(from, to, f), knots, cog)
        })
        .collect()
}

/// Slow drifting around `centre` (about 100 m of wander) at under a knot.
fn drift(mmsi: u32, t0: i64, t1: i64, step: i64, centre: LatLon, phase: f64) -> Vec<Position> {
    (t0..=t1)
        .step_by(step as usize)
        .map(|t| {
            let k = (t - t0) as f64 / 1800.0 + phase;
            let p = (centre.0 + 0.0006 * k.sin(), centre.1 + 0.0006 * k.cos());
            at(
                mmsi,
                t,
                p,
                0.6 + 0.2 * k.sin().abs(),
                (k * 40.0).rem_euclid(360.0),
            )
        })
        .collect()
}

fn lerp(a: LatLon, b: LatLon, f: f64) -> LatLon {
    (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f)
}

fn bearing(a: LatLon, b: LatLon) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let dl = (b.1 - a.1).to_radians();
    let y = dl.sin() * p2.cos();
    let x = p1.cos() * p2.sin() - p1.sin() * p2.cos() * dl.cos();
    y.atan2(x).to_degrees().rem_euclid(360.0)
}

/// A position rounded to what the store keeps, so the demo reads back exactly.
fn at(mmsi: u32, t: i64, p: LatLon, knots: f64, cog: f64) -> Position {
    let q = |d: f64| (d * 600_000.0).round() / 600_000.0;
    Position {
        mmsi,
        t,
        lat: q(p.0),
        lon: q(p.1),
        sog: Some(((knots * 10.0).round() / 10.0) as f32),
        cog: Some(((cog * 10.0).round() / 10.0).rem_euclid(360.0) as f32),
        heading: Some(cog.round() as u16 % 360),
    }
}

/// A route through waypoints, `hours_per_leg` each, reporting every `step` seconds.
fn route(mmsi: u32, t0: i64, step: i64, hours_per_leg: i64, points: &[LatLon]) -> Vec<Position> {
    let mut out = Vec::new();
    for (i, w) in points.windows(2).enumerate() {
        let start = t0 + i as i64 * hours_per_leg * 3600;
        let mut l = leg(mmsi, start, start + hours_per_leg * 3600, step, w[0], w[1]);
        if i > 0 {
            l.remove(0);
        }
        out.extend(l);
    }
    out
}

fn cargo(name: &str, callsign: &str, imo: u32, length: u32) -> VesselStatic {
    VesselStatic {
        name: Some(name.into()),
        callsign: Some(callsign.into()),
        imo: Some(imo),
        ship_type: Some(70),
        length_m: Some(length),
        beam_m: Some(length / 7),
    }
}

async fn officer(store: &Store, member: &str, agency: &str) -> Result<Principal> {
    let agency = store.ensure_agency(member, agency).await?;
    Ok(Principal::local("demo", &agency, Role::Officer))
}

/// Seeds the maritime picture; the tracks run over the five days before `today`.
pub async fn seed(store: &Store, today: NaiveDate) -> Result<MaritimeSeeded> {
    let midnight = Utc.from_utc_datetime(&today.and_hms_opt(0, 0, 0).unwrap_or_default());
    let t0 = (midnight - Duration::days(5)).timestamp();
    let h = 3600;
    let regional = Sharing {
        level: "regional".into(),
        states: vec![],
    };
    let idn = officer(store, "IDN", "Maritime Security Agency (BAKAMLA)").await?;
    let tha = officer(store, "THA", "Royal Thai Police").await?;
    let aus = officer(store, "AUS", "Australian Border Force").await?;
    let mut seeded = MaritimeSeeded::default();

    // Southern Java → Ashmore Reef at 7 knots; silent from hour 30 to hour 88.
    let (java, ashmore) = ((-8.9, 110.6), (-12.25, 123.0));
    let mut dark = leg(DARK_BOAT, t0, t0 + 102 * h, 600, java, ashmore);
    dark.retain(|p| p.t <= t0 + 30 * h || p.t >= t0 + 88 * h);
    // The Christmas Island loiterer: in from the north-east, 7 hours adrift 40 nm off, back.
    let (start, christmas) = ((-8.6, 106.6), (-10.05, 105.1));
    let mut loiter = leg(LOITERER, t0 + 6 * h, t0 + 18 * h, 600, start, christmas);
    loiter.extend(drift(
        LOITERER,
        t0 + 18 * h + 600,
        t0 + 25 * h,
        600,
        christmas,
        0.0,
    ));
    loiter.extend(leg(
        LOITERER,
        t0 + 25 * h + 600,
        t0 + 37 * h,
        600,
        christmas,
        start,
    ));
    let mut idn_positions = dark;
    idn_positions.extend(loiter);
    // Cargo on the Lombok Strait lane.
    idn_positions.extend(route(
        525_100_233,
        t0,
        1800,
        24,
        &[
            (-6.0, 116.3),
            (-8.4, 115.75),
            (-9.5, 115.8),
            (-12.5, 117.5),
            (-15.5, 118.5),
        ],
    ));
    let source = store.ais_source(&idn, &regional).await?;
    seeded.positions += store.store_positions(&source, &idn_positions).await?;
    store
        .store_vessel_static(
            &source,
            &[
                (
                    LOITERER,
                    t0 + 6 * h,
                    VesselStatic {
                        name: Some("KM SINAR JAYA".into()),
                        callsign: Some("YD4412".into()),
                        ship_type: Some(30),
                        length_m: Some(15),
                        beam_m: Some(4),
                        ..Default::default()
                    },
                ),
                (
                    525_100_233,
                    t0,
                    cargo("MERATUS BATAM", "PNXR", 9_407_213, 172),
                ),
            ],
        )
        .await?;

    // The Andaman Sea encounter: both approach, drift 200 m apart for 3.5 hours, and part.
    let meet = (9.9, 96.6);
    let beside = (9.9018, 96.6);
    let day2 = t0 + 48 * h;
    let mut tha_positions = leg(ENCOUNTER.0, day2, day2 + 4 * h, 300, (9.5, 97.3), meet);
    tha_positions.extend(drift(
        ENCOUNTER.0,
        day2 + 4 * h + 300,
        day2 + 7 * h + 1800,
        300,
        meet,
        0.0,
    ));
    tha_positions.extend(leg(
        ENCOUNTER.0,
        day2 + 8 * h,
        day2 + 12 * h,
        300,
        meet,
        (9.4, 97.6),
    ));
    tha_positions.extend(leg(
        ENCOUNTER.1,
        day2,
        day2 + 4 * h,
        300,
        (10.5, 95.9),
        beside,
    ));
    tha_positions.extend(drift(
        ENCOUNTER.1,
        day2 + 4 * h + 300,
        day2 + 7 * h + 1800,
        300,
        beside,
        1.0,
    ));
    tha_positions.extend(leg(
        ENCOUNTER.1,
        day2 + 8 * h,
        day2 + 12 * h,
        300,
        beside,
        (11.2, 95.2),
    ));
    // Cargo on the Malacca Strait and Andaman lanes.
    tha_positions.extend(route(
        563_200_118,
        t0,
        1800,
        20,
        &[
            (1.15, 103.9),
            (2.3, 101.6),
            (4.0, 99.6),
            (5.9, 97.6),
            (8.0, 96.2),
            (12.0, 95.5),
        ],
    ));
    tha_positions.extend(route(
        567_300_045,
        t0 + 12 * h,
        1800,
        24,
        &[
            (13.6, 97.2),
            (11.0, 97.4),
            (8.2, 97.9),
            (6.2, 98.7),
            (5.4, 99.8),
        ],
    ));
    let source = store.ais_source(&tha, &regional).await?;
    seeded.positions += store.store_positions(&source, &tha_positions).await?;
    store
        .store_vessel_static(
            &source,
            &[
                (
                    ENCOUNTER.0,
                    day2,
                    VesselStatic {
                        name: Some("SOR CHAIYA 7".into()),
                        callsign: Some("HSB4821".into()),
                        ship_type: Some(30),
                        length_m: Some(22),
                        beam_m: Some(6),
                        ..Default::default()
                    },
                ),
                (
                    ENCOUNTER.1,
                    day2,
                    VesselStatic {
                        name: Some("OCEAN PEARL".into()),
                        callsign: Some("9MGX7".into()),
                        imo: Some(9_188_350),
                        ship_type: Some(79),
                        length_m: Some(96),
                        beam_m: Some(16),
                    },
                ),
                (
                    563_200_118,
                    t0,
                    cargo("STRAITS PIONEER", "9V7731", 9_630_118, 229),
                ),
                (
                    567_300_045,
                    t0,
                    cargo("ANDAMAN STAR", "HSAN2", 9_512_004, 141),
                ),
            ],
        )
        .await?;

    // Australia watches the approaches to Ashmore and Cartier and runs the detectors.
    store
        .create_corridor(
            &aus,
            Corridor {
                name: "Ashmore–Cartier approaches".into(),
                geometry: json!({"type": "Polygon", "coordinates": [[
                    [121.5, -13.5], [124.5, -13.5], [124.5, -11.0], [121.5, -11.0], [121.5, -13.5]
                ]]}),
                sharing: regional.clone(),
            },
        )
        .await?;
    let found = detect_stored(
        store,
        &aus,
        &DetectRun {
            from: t0,
            to: midnight.timestamp(),
            sharing: regional.clone(),
            ..Default::default()
        },
    )
    .await?;
    seeded.events = found.stored.created;

    // Rescues: the boat that went dark (Australia, national) and a capsizing off Java
    // (Indonesia, shared with the region).
    let aus_incident = store
        .list_incidents_audited(
            &aus,
            &IncidentFilter {
                owner: Some("AUS".into()),
                tag: Some("sea_crossing".into()),
                ..Default::default()
            },
            None,
            Some(1),
        )
        .await?
        .items
        .into_iter()
        .next()
        .map(|i| i.id);
    let rescue_at = midnight - Duration::hours(18);
    store
        .create_sar(
            &aus,
            SarIncident {
                occurred_at: rescue_at,
                lat: -12.2,
                lon: 122.9,
                country: "AUS".into(),
                people_on_board: Some(32),
                rescued: 30,
                dead: 0,
                missing: 2,
                vessels: vec![SarVessel {
                    mmsi: Some(DARK_BOAT),
                    name: Some("unnamed wooden boat".into()),
                }],
                responding_agency: "AMSA JRCC Australia; ABF Maritime Border Command".into(),
                incident_ids: aus_incident.into_iter().collect(),
                narrative: "Overcrowded wooden boat taking on water near Ashmore Reef after two days without AIS; 30 people recovered by a border patrol vessel, 2 missing.".into(),
                sharing: Sharing::default(),
            },
        )
        .await?;
    store
        .create_sar(
            &idn,
            SarIncident {
                occurred_at: midnight - Duration::days(4) - Duration::hours(4),
                lat: -7.62,
                lon: 106.25,
                country: "IDN".into(),
                people_on_board: Some(25),
                rescued: 19,
                dead: 4,
                missing: 2,
                vessels: vec![SarVessel {
                    mmsi: None,
                    name: Some("KM Rezeki".into()),
                }],
                responding_agency: "BASARNAS".into(),
                incident_ids: vec![],
                narrative: "Boat capsized in heavy swell off Pelabuhan Ratu.".into(),
                sharing: regional,
            },
        )
        .await?;
    seeded.sar = 2;
    Ok(seeded)
}
