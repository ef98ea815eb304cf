//! AIS into the store and detection over what is stored: the glue between the AIS engine
//! (`lintas-ais`) and the store, shared by `lintas ais ingest|detect` and the demo.

use lintas_ais::coast::Coastline;
use lintas_ais::detect::{Anchorage, Corridor, DetectorConfig, Event, detect_all};
use lintas_ais::text::AisText;
use lintas_ais::{Body, Decoded, DecoderConfig, TrackPoint, Tracks, VesselInfo};
use lintas_model::Sharing;
use lintas_model::maritime::{Position, VesselStatic};
use lintas_store::{AisSource, Principal, Result, Store, StoredEvents};
use serde::Serialize;

/// Positions buffered before they are written in one transaction.
pub const INGEST_BATCH: usize = 20_000;

/// The decoder settings for ingest: type 24 parts A and B are stored as they come (the
/// vessel table joins them), instead of being held for gpsd-style pairing.
pub fn ingest_decoder_config() -> DecoderConfig {
    DecoderConfig {
        pair_type24: false,
        ..DecoderConfig::default()
    }
}

/// What an ingest run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IngestStats {
    /// Decoded messages.
    pub messages: u64,
    /// Vessel positions decoded (valid fix, not a base station or aid to navigation).
    pub positions: u64,
    /// Positions new to the store.
    pub stored: u64,
    /// Positions already stored (same vessel, source and second).
    pub duplicates: u64,
    /// Positions whose receive time came from the arrival time (no tag block or trailer).
    pub arrival_timed: u64,
    /// Static-data messages (types 5, 19, 24) joined into the vessel table.
    pub static_reports: u64,
    /// Sentences rejected (bad checksum, payload, …).
    pub errors: u64,
}

/// Buffers decoded messages for one source and writes them in batches.
pub struct Ingest<'a> {
    store: &'a Store,
    source: AisSource,
    positions: Vec<Position>,
    statics: Vec<(u32, i64, VesselStatic)>,
    /// Running totals.
    pub stats: IngestStats,
}

fn text(t: AisText) -> Option<String> {
    Some(t.as_str().to_string()).filter(|s| !s.is_empty())
}

/// The static fields a message carries, if it is a static-data message.
pub fn static_of(body: &Body) -> Option<VesselStatic> {
    let nz = |v: u32| (v != 0).then_some(v);
    match body {
        Body::StaticVoyage(s) => Some(VesselStatic {
            name: text(s.shipname),
            callsign: text(s.callsign),
            imo: nz(s.imo),
            ship_type: (s.shiptype != 0).then_some(s.shiptype),
            length_m: nz(s.dim.length()),
            beam_m: nz(s.dim.beam()),
        }),
        Body::ClassBExtended(s) => Some(VesselStatic {
            name: text(s.shipname),
            ship_type: (s.shiptype != 0).then_some(s.shiptype),
            length_m: nz(s.dim.length()),
            beam_m: nz(s.dim.beam()),
            ..Default::default()
        }),
        Body::StaticData(s) => {
            let mut v = VesselStatic {
                name: s.shipname.and_then(text),
                ..Default::default()
            };
            if let Some(b) = &s.part_b {
                v.callsign = text(b.callsign);
                v.ship_type = (b.shiptype != 0).then_some(b.shiptype);
                v.length_m = nz(b.dim.length());
                v.beam_m = nz(b.dim.beam());
            }
            Some(v)
        }
        _ => None,
    }
}

/// The vessel position a message carries, timed by its receive time or else `arrival`.
/// Base stations and aids to navigation do not move and make no track.
pub fn position_of(d: &Decoded, arrival: i64) -> Option<(Position, bool)> {
    let m = &d.message;
    if matches!(m.body, Body::BaseStation(_) | Body::AidToNavigation(_)) {
        return None;
    }
    let fix = m.fix()?;
    Some((
        Position {
            mmsi: m.mmsi,
            t: d.received_at.unwrap_or(arrival),
            lat: fix.lat,
            lon: fix.lon,
            sog: fix.sog_knots,
            cog: fix.cog_deg,
            heading: fix.heading_deg,
        },
        d.received_at.is_none(),
    ))
}

impl<'a> Ingest<'a> {
    /// Opens the principal's source at `sharing` (the principal must be allowed to create).
    pub async fn open(store: &'a Store, principal: &Principal, sharing: &Sharing) -> Result<Self> {
        let source = store.ais_source(principal, sharing).await?;
        Ok(Ingest {
            store,
            source,
            positions: Vec::with_capacity(INGEST_BATCH),
            statics: Vec::new(),
            stats: IngestStats::default(),
        })
    }

    /// Adds one decoded message received at `arrival` (Unix seconds); returns whether the
    /// buffer is full and should be flushed.
    pub fn add(&mut self, d: &Decoded, arrival: i64) -> bool {
        self.stats.messages += 1;
        if let Some(s) = static_of(&d.message.body).filter(|s| !s.is_empty()) {
            self.stats.static_reports += 1;
            self.statics
                .push((d.message.mmsi, d.received_at.unwrap_or(arrival), s));
        }
        if let Some((p, arrival_timed)) = position_of(d, arrival) {
            self.stats.positions += 1;
            self.stats.arrival_timed += u64::from(arrival_timed);
            self.positions.push(p);
        }
        self.positions.len() >= INGEST_BATCH || self.statics.len() >= INGEST_BATCH
    }

    /// Positions and static reports waiting to be written.
    pub fn pending(&self) -> usize {
        self.positions.len() + self.statics.len()
    }

    /// Writes what is buffered.
    pub async fn flush(&mut self) -> Result<()> {
        if !self.positions.is_empty() {
            let stored = self
                .store
                .store_positions(&self.source, &self.positions)
                .await?;
            self.stats.stored += stored;
            self.stats.duplicates += self.positions.len() as u64 - stored;
            self.positions.clear();
        }
        if !self.statics.is_empty() {
            self.store
                .store_vessel_static(&self.source, &self.statics)
                .await?;
            self.statics.clear();
        }
        Ok(())
    }
}

/// Options of a detection run over stored positions.
#[derive(Debug, Clone, Default)]
pub struct DetectRun {
    /// Window start, Unix seconds.
    pub from: i64,
    /// Window end, Unix seconds.
    pub to: i64,
    /// Detector parameters (defaults: Global Fishing Watch's definitions).
    pub config: DetectorConfig,
    /// Known anchorages (encounters near them are ignored).
    pub anchorages: Vec<Anchorage>,
    /// Corridors to watch besides those stored for the principal.
    pub extra_corridors: Vec<Corridor>,
    /// How the stored events are shared (AIS-derived: `regional` by default).
    pub sharing: Sharing,
}

/// What a detection run found and stored.
#[derive(Debug)]
pub struct Detected {
    /// The events, by start time.
    pub events: Vec<Event>,
    /// Static data of the vessels, for naming events.
    pub info: std::collections::BTreeMap<u32, VesselInfo>,
    /// Positions read.
    pub positions: u64,
    /// What the store did with the events.
    pub stored: StoredEvents,
}

/// Runs every detector over the positions the principal sees in the window, with the
/// corridors it sees, and stores the events on its behalf.
pub async fn detect_stored(
    store: &Store,
    principal: &Principal,
    run: &DetectRun,
) -> Result<Detected> {
    let mut tracks = Tracks::default();
    let positions = store
        .for_each_position(principal, run.from, run.to, |p| {
            tracks.push(TrackPoint {
                mmsi: p.mmsi,
                t: p.t,
                lat: p.lat,
                lon: p.lon,
                sog: p.sog,
            })
        })
        .await?;
    for v in store.vessels_with_static(principal).await? {
        if !tracks.points.contains_key(&v.mmsi) {
            continue;
        }
        let i = v.info;
        tracks.info.insert(
            v.mmsi,
            VesselInfo {
                name: i.name.as_deref().map(AisText::from_text),
                callsign: i.callsign.as_deref().map(AisText::from_text),
                imo: i.imo,
                ship_type: i.ship_type,
                length_m: i.length_m,
                beam_m: i.beam_m,
            },
        );
    }
    tracks.finish();
    let mut corridors = store.watched_corridors(principal).await?;
    corridors.extend(run.extra_corridors.iter().cloned());
    let coast = Coastline::bundled().map_err(|e| lintas_store::Error::Corrupt(e.to_string()))?;
    let events = detect_all(&tracks, coast, &run.config, &run.anchorages, &corridors);
    let stored = store.store_events(principal, &run.sharing, &events).await?;
    Ok(Detected {
        events,
        info: tracks.info,
        positions,
        stored,
    })
}
