//! The maritime picture in the store: positions, vessels, events, corridors and SAR incidents,
//! each under the sharing rules, on both backends.

use chrono::{TimeZone, Utc};
use lintas_ais::detect::{EventDetail, LoiteringParams};
use lintas_model::maritime::{Corridor, Position, SarIncident, SarVessel, VesselStatic};
use lintas_model::{Role, Sharing};
use lintas_store::{BBox, Error, EventFilter, SarFilter, Store};
use serde_json::json;
use uuid::Uuid;

use super::principal;
use crate::common::TestStore;

crate::on_both_backends! {
    positions_round_trip_at_stored_precision => positions_round_trip_at_stored_precision;
    vessel_static_data_is_joined => vessel_static_data_is_joined;
    ais_sharing_follows_the_source => ais_sharing_follows_the_source;
    events_are_stored_once_and_filtered => events_are_stored_once_and_filtered;
    corridors_crud_and_geometry_checks => corridors_crud_and_geometry_checks;
    sar_crud_tenancy_and_summary => sar_crud_tenancy_and_summary;
}

fn regional() -> Sharing {
    Sharing {
        level: "regional".into(),
        states: vec![],
    }
}

fn national() -> Sharing {
    Sharing::default()
}

/// A position exactly representable in the stored units (1/600 000 degree, 0.1 kn, 0.1°).
fn pos(mmsi: u32, t: i64, lat_units: i32, lon_units: i32, sog: Option<u16>) -> Position {
    Position {
        mmsi,
        t,
        lat: f64::from(lat_units) / 600_000.0,
        lon: f64::from(lon_units) / 600_000.0,
        sog: sog.map(|s| f32::from(s) / 10.0),
        cog: sog.map(|s| f32::from(s * 7 % 3600) / 10.0),
        heading: sog.map(|s| s % 360),
    }
}

const T0: i64 = 1_761_955_200; // 2025-11-01T00:00:00Z

async fn positions_round_trip_at_stored_precision(t: TestStore) {
    let s = &t.store;
    let idn = principal(s, "IDN", "BAKAMLA", Role::Officer).await;
    let source = s.ais_source(&idn, &regional()).await.unwrap();
    // South of Java, moving towards Ashmore Reef; includes the extremes of the AIS range.
    let track: Vec<Position> = (0..500)
        .map(|i| {
            pos(
                525_001_234,
                T0 + i * 60,
                -5_400_000 - i as i32 * 37,
                66_600_000 + i as i32 * 53,
                (i % 3 != 0).then_some((i % 1022) as u16),
            )
        })
        .chain([
            pos(525_009_999, T0, -54_000_000, -108_000_000, Some(0)),
            pos(525_009_999, T0 + 1, 54_000_000, 108_000_000, Some(1022)),
        ])
        .collect();
    assert_eq!(s.store_positions(&source, &track).await.unwrap(), 502);
    // The same reports again (a second receiver heard them) add nothing.
    assert_eq!(s.store_positions(&source, &track[..100]).await.unwrap(), 0);

    let got = s
        .track(&idn, 525_001_234, T0, T0 + 500 * 60, 10_000)
        .await
        .unwrap();
    assert_eq!(got, track[..500]);
    let window = s
        .track(&idn, 525_001_234, T0 + 60, T0 + 120, 10_000)
        .await
        .unwrap();
    assert_eq!(window, track[1..3]);
    let extremes = s.track(&idn, 525_009_999, 0, i64::MAX, 10).await.unwrap();
    assert_eq!(extremes, track[500..]);

    // The latest position per vessel, in a box south of Java only.
    let java = BBox::parse("105,-12,115,-8").unwrap();
    let latest = s.latest_positions(&idn, &java, None, 100).await.unwrap();
    assert_eq!(latest.len(), 1);
    assert_eq!(latest[0].mmsi, 525_001_234);
    assert_eq!(latest[0].last, Some(track[499]));
    let since = s
        .latest_positions(&idn, &java, Some(T0 + 500 * 60), 100)
        .await
        .unwrap();
    assert!(since.is_empty());

    let mut n = 0;
    s.for_each_position(&idn, T0, T0 + 10 * 60, |p| {
        assert!(p.t <= T0 + 600);
        n += 1;
    })
    .await
    .unwrap();
    assert_eq!(n, 11 + 2);
}

async fn vessel_static_data_is_joined(t: TestStore) {
    let s = &t.store;
    let idn = principal(s, "IDN", "BAKAMLA", Role::Officer).await;
    let source = s.ais_source(&idn, &regional()).await.unwrap();
    let type5 = VesselStatic {
        name: Some("KM BINTANG LAUT".into()),
        callsign: Some("YB1234".into()),
        imo: Some(9_123_456),
        ship_type: Some(30),
        length_m: Some(18),
        beam_m: Some(5),
    };
    s.store_vessel_static(&source, &[(525_000_777, T0, type5.clone())])
        .await
        .unwrap();
    // A later type 24 part B with a new call sign; fields it lacks keep their values.
    let part_b = VesselStatic {
        callsign: Some("YB9999".into()),
        ship_type: Some(37),
        ..Default::default()
    };
    s.store_vessel_static(&source, &[(525_000_777, T0 + 3600, part_b)])
        .await
        .unwrap();
    s.store_positions(
        &source,
        &[pos(525_000_777, T0 + 10, -6_000_000, 64_800_000, Some(55))],
    )
    .await
    .unwrap();
    let v = s.vessel(&idn, 525_000_777).await.unwrap();
    assert_eq!(
        v.info,
        VesselStatic {
            callsign: Some("YB9999".into()),
            ship_type: Some(37),
            ..type5
        }
    );
    assert_eq!(v.static_updated_at.as_deref(), Some("2025-11-01T01:00:00Z"));
    assert_eq!(v.last.unwrap().t, T0 + 10);
    assert!(matches!(
        s.vessel(&idn, 525_000_778).await,
        Err(Error::NotFound)
    ));
    let with_static = s.vessels_with_static(&idn).await.unwrap();
    assert_eq!(with_static.len(), 1);
}

async fn ais_sharing_follows_the_source(t: TestStore) {
    let s = &t.store;
    let idn = principal(s, "IDN", "BAKAMLA", Role::Officer).await;
    let aus = principal(s, "AUS", "ABF", Role::Analyst).await;
    let nzl = principal(s, "NZL", "INZ", Role::Analyst).await;
    let viewer = principal(s, "IDN", "BAKAMLA", Role::Viewer).await;
    assert!(matches!(
        s.ais_source(&viewer, &regional()).await,
        Err(Error::Forbidden(_))
    ));
    let bad = Sharing {
        level: "bilateral".into(),
        states: vec![],
    };
    assert!(matches!(
        s.ais_source(&idn, &bad).await,
        Err(Error::Invalid(_))
    ));
    let national_src = s.ais_source(&idn, &national()).await.unwrap();
    let bilateral_src = s
        .ais_source(
            &idn,
            &Sharing {
                level: "bilateral".into(),
                states: vec!["aus".into()],
            },
        )
        .await
        .unwrap();
    assert_eq!(
        s.ais_source(&idn, &national()).await.unwrap().id(),
        national_src.id()
    );
    // Asking again uses up no source number (they are SMALLINT on PostgreSQL rows).
    assert_eq!(
        s.ais_source(&idn, &regional()).await.unwrap().id(),
        bilateral_src.id() + 1
    );
    s.store_positions(&national_src, &[pos(111_111_111, T0, 0, 60_000_000, None)])
        .await
        .unwrap();
    s.store_positions(&bilateral_src, &[pos(222_222_222, T0, 0, 60_000_000, None)])
        .await
        .unwrap();
    let all = BBox::parse("-180,-90,180,90").unwrap();
    let seen = |v: Vec<lintas_model::maritime::Vessel>| {
        let mut m: Vec<u32> = v.into_iter().map(|v| v.mmsi).collect();
        m.sort();
        m
    };
    assert_eq!(
        seen(s.latest_positions(&idn, &all, None, 10).await.unwrap()),
        [111_111_111, 222_222_222]
    );
    assert_eq!(
        seen(s.latest_positions(&aus, &all, None, 10).await.unwrap()),
        [222_222_222]
    );
    assert!(seen(s.latest_positions(&nzl, &all, None, 10).await.unwrap()).is_empty());
    assert!(
        s.track(&aus, 111_111_111, 0, i64::MAX, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        s.vessel(&nzl, 222_222_222).await,
        Err(Error::NotFound)
    ));
}

fn loitering(mmsi: u32, start: i64, lat: f64, lon: f64) -> lintas_ais::detect::Event {
    lintas_ais::detect::Event {
        mmsi,
        other_mmsi: None,
        start,
        end: start + 5 * 3600,
        duration_s: 5 * 3600,
        lat,
        lon,
        distance_from_shore_nm: 31.5,
        detail: EventDetail::Loitering {
            mean_speed_knots: 0.8,
            params: LoiteringParams {
                max_speed_knots: 2.0,
                min_duration_hours: 4.0,
                min_offshore_nm: 20.0,
                max_point_gap_hours: 2.0,
            },
        },
    }
}

async fn events_are_stored_once_and_filtered(t: TestStore) {
    let s = &t.store;
    let aus = principal(s, "AUS", "ABF", Role::Officer).await;
    let idn = principal(s, "IDN", "BAKAMLA", Role::Analyst).await;
    let christmas = loitering(503_000_001, T0, -10.9, 105.2);
    let andaman = loitering(563_000_002, T0 + 86_400, 9.5, 96.0);
    let mut encounter = loitering(563_000_003, T0 + 2 * 86_400, 9.6, 96.1);
    encounter.other_mmsi = Some(563_000_004);
    encounter.detail = EventDetail::Encounter {
        median_distance_m: 120.0,
        median_speed_knots: 0.5,
        params: lintas_ais::detect::DetectorConfig::default().encounter,
    };
    let events = vec![christmas.clone(), andaman.clone(), encounter.clone()];
    let stored = s.store_events(&aus, &national(), &events).await.unwrap();
    assert_eq!((stored.created, stored.refreshed), (3, 0));
    let again = s.store_events(&aus, &national(), &events).await.unwrap();
    assert_eq!((again.created, again.refreshed), (0, 3));

    let all = s
        .list_events(&aus, &EventFilter::default(), None, Some(100))
        .await
        .unwrap();
    assert_eq!(all.items.len(), 3);
    assert_eq!(all.items[0].kind, "encounter");
    assert_eq!(all.items[0].other_mmsi, Some(563_000_004));
    assert_eq!(all.items[2].start, "2025-11-01T00:00:00Z");
    assert_eq!(all.items[2].detail["params"]["min_duration_hours"], 4.0);
    assert_eq!(all.items[2].distance_from_shore_nm, 31.5);

    let aus_ref = &aus;
    let filter = |f: EventFilter| async move {
        s.list_events(aus_ref, &f, None, Some(100))
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|e| e.mmsi)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        filter(EventFilter {
            kind: Some("loitering".into()),
            ..Default::default()
        })
        .await,
        [563_000_002, 503_000_001]
    );
    assert_eq!(
        filter(EventFilter {
            bbox: Some(BBox::parse("90,0,100,15").unwrap()),
            ..Default::default()
        })
        .await,
        [563_000_003, 563_000_002]
    );
    assert_eq!(
        filter(EventFilter {
            mmsi: Some(563_000_004),
            ..Default::default()
        })
        .await,
        [563_000_003]
    );
    assert_eq!(
        filter(EventFilter {
            from: Some(T0 + 86_400),
            to: Some(T0 + 86_400 + 10),
            ..Default::default()
        })
        .await,
        [563_000_002]
    );
    // Pages.
    let first = s
        .list_events(&aus, &EventFilter::default(), None, Some(2))
        .await
        .unwrap();
    let rest = s
        .list_events(
            &aus,
            &EventFilter::default(),
            first.next_cursor.as_deref(),
            Some(2),
        )
        .await
        .unwrap();
    assert_eq!(rest.items.len(), 1);
    assert!(rest.next_cursor.is_none());
    assert!(matches!(
        s.list_events(
            &aus,
            &EventFilter {
                kind: Some("gap".into()),
                ..Default::default()
            },
            None,
            Some(10)
        )
        .await,
        Err(Error::BadRequest(_))
    ));
    // National events stay with their owner.
    assert!(
        s.list_events(&idn, &EventFilter::default(), None, Some(100))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    s.store_events(&aus, &regional(), &events[..1])
        .await
        .unwrap();
    assert_eq!(
        s.list_events(&idn, &EventFilter::default(), None, Some(100))
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert!(matches!(
        s.store_events(&idn, &regional(), &events).await,
        Err(Error::Forbidden(_))
    ));
}

fn square(name: &str, sharing: Sharing) -> Corridor {
    Corridor {
        name: name.into(),
        geometry: json!({"type": "Polygon", "coordinates": [[[120.0, -13.0], [124.0, -13.0], [124.0, -10.0], [120.0, -10.0], [120.0, -13.0]]]}),
        sharing,
    }
}

async fn corridors_crud_and_geometry_checks(t: TestStore) {
    let s = &t.store;
    let aus = principal(s, "AUS", "ABF", Role::Officer).await;
    let aus_other = principal(s, "AUS", "AFP", Role::Officer).await;
    let idn = principal(s, "IDN", "BAKAMLA", Role::Officer).await;
    let c = s
        .create_corridor(&aus, square("Ashmore approach", national()))
        .await
        .unwrap();
    assert_eq!((c.version, c.owner.as_str()), (1, "AUS"));
    let watched = s.watched_corridors(&aus).await.unwrap();
    assert_eq!(watched.len(), 1);
    assert!(watched[0].contains(-12.2, 123.0));
    assert!(!watched[0].contains(-9.0, 123.0));
    assert!(s.list_corridors(&idn).await.unwrap().is_empty());
    assert!(matches!(
        s.get_corridor(&idn, c.id).await,
        Err(Error::NotFound)
    ));

    let mut bad = square("", national());
    bad.geometry = json!({"type": "LineString", "coordinates": [[0, 0], [1, 1]]});
    match s.create_corridor(&aus, bad).await {
        Err(Error::Invalid(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["name", "geometry"]);
        }
        other => panic!("expected invalid, got {other:?}"),
    }

    let shared = square("Ashmore approach", regional());
    assert!(matches!(
        s.update_corridor(&aus_other, c.id, 1, shared.clone()).await,
        Err(Error::Forbidden(_))
    ));
    let updated = s
        .update_corridor(&aus, c.id, 1, shared.clone())
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(s.list_corridors(&idn).await.unwrap().len(), 1);
    assert!(matches!(
        s.update_corridor(&aus, c.id, 1, shared).await,
        Err(Error::VersionConflict { current: 2 })
    ));
    s.delete_corridor(&aus, c.id, Some(2)).await.unwrap();
    assert!(s.watched_corridors(&aus).await.unwrap().is_empty());
}

fn rescue(sharing: Sharing, month: u32, country: &str) -> SarIncident {
    SarIncident {
        occurred_at: Utc.with_ymd_and_hms(2026, month, 14, 3, 30, 0).unwrap(),
        lat: -12.3,
        lon: 123.1,
        country: country.into(),
        people_on_board: Some(47),
        rescued: 40,
        dead: 3,
        missing: 4,
        vessels: vec![SarVessel {
            mmsi: Some(525_001_234),
            name: Some("KM Harapan".into()),
        }],
        responding_agency: "AMSA JRCC Australia".into(),
        incident_ids: vec![],
        narrative: "Wooden boat taking on water 60 nm north of Ashmore Reef".into(),
        sharing,
    }
}

async fn sar_crud_tenancy_and_summary(t: TestStore) {
    let s = &t.store;
    let aus = principal(s, "AUS", "AMSA", Role::Officer).await;
    let aus_analyst = principal(s, "AUS", "AMSA", Role::Analyst).await;
    let idn = principal(s, "IDN", "BASARNAS", Role::Officer).await;
    let incident = s
        .create_incident(
            &aus,
            super::incident("smuggling", "2026-03", "national", &[]),
        )
        .await
        .unwrap();

    let mut first = rescue(national(), 3, "aus");
    first.incident_ids = vec![incident.id];
    let created = s.create_sar(&aus, first.clone()).await.unwrap();
    assert_eq!((created.version, created.owner.as_str()), (1, "AUS"));
    assert_eq!(created.sar.country, "AUS");
    assert_eq!(s.get_sar(&aus_analyst, created.id).await.unwrap(), created);

    // State B cannot see state A's national record, in any way.
    assert!(matches!(
        s.get_sar(&idn, created.id).await,
        Err(Error::NotFound)
    ));
    assert!(
        s.list_sar(&idn, &SarFilter::default(), None, Some(50))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        s.sar_summary(&idn, &SarFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        s.delete_sar(&idn, created.id, None).await,
        Err(Error::NotFound)
    ));
    // …nor link its own rescue to A's national incident.
    let mut linked = rescue(regional(), 4, "IDN");
    linked.incident_ids = vec![incident.id];
    match s.create_sar(&idn, linked.clone()).await {
        Err(Error::Invalid(errors)) => assert_eq!(errors[0].field, "incident_ids[0]"),
        other => panic!("expected invalid, got {other:?}"),
    }
    linked.incident_ids.clear();
    let idn_regional = s.create_sar(&idn, linked).await.unwrap();
    assert!(s.get_sar(&aus, idn_regional.id).await.is_ok());

    // Roles and agencies.
    assert!(matches!(
        s.create_sar(&aus_analyst, rescue(national(), 3, "AUS"))
            .await,
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        s.update_sar(&aus, idn_regional.id, 1, rescue(regional(), 4, "IDN"))
            .await,
        Err(Error::Forbidden(_))
    ));
    let mut bad = rescue(national(), 3, "AUS");
    bad.dead = 30;
    match s.create_sar(&aus, bad).await {
        Err(Error::Invalid(errors)) => assert_eq!(errors[0].field, "people_on_board"),
        other => panic!("expected invalid, got {other:?}"),
    }

    let mut changed = first.clone();
    changed.rescued = 41;
    changed.missing = 3;
    let updated = s
        .update_sar(&aus, created.id, 1, changed.clone())
        .await
        .unwrap();
    assert_eq!((updated.version, updated.sar.rescued), (2, 41));
    assert!(matches!(
        s.update_sar(&aus, created.id, 1, changed).await,
        Err(Error::VersionConflict { current: 2 })
    ));

    // Lookups by vessel and incident.
    let aus_ref = &aus;
    let by = |f: SarFilter| async move {
        s.list_sar(aus_ref, &f, None, Some(50))
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|i| i.id)
            .collect::<Vec<Uuid>>()
    };
    assert_eq!(
        by(SarFilter {
            incident: Some(incident.id),
            ..Default::default()
        })
        .await,
        [created.id]
    );
    assert_eq!(
        by(SarFilter {
            mmsi: Some(525_001_234),
            ..Default::default()
        })
        .await,
        [idn_regional.id, created.id]
    );
    assert_eq!(
        by(SarFilter {
            country: Some("idn".into()),
            ..Default::default()
        })
        .await,
        [idn_regional.id]
    );

    s.create_sar(&aus, rescue(national(), 3, "AUS"))
        .await
        .unwrap();
    let summary = s.sar_summary(&aus, &SarFilter::default()).await.unwrap();
    let rows: Vec<(String, String, u64, u64, u64, u64)> = summary
        .into_iter()
        .map(|c| {
            (
                c.month,
                c.country,
                c.incidents,
                c.rescued,
                c.dead,
                c.missing,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("2026-03".into(), "AUS".into(), 2, 81, 6, 7),
            ("2026-04".into(), "IDN".into(), 1, 40, 3, 4),
        ]
    );

    s.delete_sar(&aus, created.id, Some(2)).await.unwrap();
    assert!(matches!(
        s.get_sar(&aus, created.id).await,
        Err(Error::NotFound)
    ));
    let _: &Store = s;
}
