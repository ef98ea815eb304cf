//! Vessel tracks built from decoded messages: time-stamped positions per MMSI and the
//! static data (types 5, 19, 24) joined per vessel.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::messages::Body;
use crate::stream::Decoded;
use crate::text::AisText;

/// One received position of one vessel. 32 bytes; what a store persists per position.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrackPoint {
    /// Vessel MMSI.
    pub mmsi: u32,
    /// Receive time, Unix seconds UTC.
    pub t: i64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Speed over ground in knots, if reported.
    pub sog: Option<f32>,
}

/// What is known about a vessel from its static-data messages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VesselInfo {
    /// Vessel name.
    pub name: Option<AisText>,
    /// Call sign.
    pub callsign: Option<AisText>,
    /// IMO number.
    pub imo: Option<u32>,
    /// Ship and cargo type (ITU-R M.1371 table 53).
    pub ship_type: Option<u8>,
    /// Overall length in metres.
    pub length_m: Option<u32>,
    /// Overall beam in metres.
    pub beam_m: Option<u32>,
}

impl VesselInfo {
    /// `true` once any static-data message has been seen for the vessel.
    pub fn identified(&self) -> bool {
        self.name.is_some()
            || self.callsign.is_some()
            || self.imo.is_some()
            || self.ship_type.is_some()
    }
}

/// Positions and static data of many vessels.
#[derive(Debug, Clone, Default)]
pub struct Tracks {
    /// Positions per vessel, sorted by time once [`Tracks::finish`] has run.
    pub points: BTreeMap<u32, Vec<TrackPoint>>,
    /// Static data per vessel.
    pub info: BTreeMap<u32, VesselInfo>,
    /// Position messages skipped because they had no receive time.
    pub untimed: u64,
}

impl Tracks {
    /// Adds one decoded message (positions need a receive time; static data does not).
    pub fn add(&mut self, d: &Decoded) {
        let m = &d.message;
        match &m.body {
            Body::StaticVoyage(s) => {
                let i = self.info.entry(m.mmsi).or_default();
                i.name = Some(s.shipname).filter(|t| !t.is_empty());
                i.callsign = Some(s.callsign).filter(|t| !t.is_empty());
                i.imo = Some(s.imo).filter(|v| *v != 0);
                i.ship_type = Some(s.shiptype).filter(|v| *v != 0);
                set_dims(i, s.dim.length(), s.dim.beam());
            }
            Body::ClassBExtended(s) => {
                let i = self.info.entry(m.mmsi).or_default();
                i.name = Some(s.shipname).filter(|t| !t.is_empty());
                i.ship_type = Some(s.shiptype).filter(|v| *v != 0);
                set_dims(i, s.dim.length(), s.dim.beam());
            }
            Body::StaticData(s) => {
                let i = self.info.entry(m.mmsi).or_default();
                if let Some(n) = s.shipname.filter(|t| !t.is_empty()) {
                    i.name = Some(n);
                }
                if let Some(b) = &s.part_b {
                    i.callsign = Some(b.callsign).filter(|t| !t.is_empty());
                    i.ship_type = Some(b.shiptype).filter(|v| *v != 0);
                    set_dims(i, b.dim.length(), b.dim.beam());
                }
            }
            _ => {}
        }
        if let Some(fix) = m.fix() {
            // Base stations and aids to navigation do not move; only vessels make tracks.
            if matches!(m.body, Body::BaseStation(_) | Body::AidToNavigation(_)) {
                return;
            }
            let Some(t) = d.received_at else {
                self.untimed += 1;
                return;
            };
            self.points.entry(m.mmsi).or_default().push(TrackPoint {
                mmsi: m.mmsi,
                t,
                lat: fix.lat,
                lon: fix.lon,
                sog: fix.sog_knots,
            });
        }
    }

    /// Adds a position directly (e.g. from a store).
    pub fn push(&mut self, p: TrackPoint) {
        self.points.entry(p.mmsi).or_default().push(p);
    }

    /// Sorts every track by time and drops exact duplicates.
    pub fn finish(&mut self) {
        for v in self.points.values_mut() {
            v.sort_by_key(|p| p.t);
            v.dedup_by(|a, b| a.t == b.t && a.lat == b.lat && a.lon == b.lon);
        }
    }
}

fn set_dims(i: &mut VesselInfo, length: u32, beam: u32) {
    if length > 0 {
        i.length_m = Some(length);
    }
    if beam > 0 {
        i.beam_m = Some(beam);
    }
}
