//! Behaviour detectors over vessel tracks, with Global Fishing Watch's published
//! definitions as defaults: AIS gaps ("going dark"), encounters, loitering, and corridor
//! entries by small or unidentified vessels.

use serde::{Deserialize, Serialize};

use crate::coast::Coastline;
use crate::track::Tracks;

mod corridor;
mod encounter;
mod gap;
mod loitering;

pub use corridor::{Corridor, parse_corridors};

/// Distance-from-shore searches stop here (nautical miles); farther is reported as this.
pub const SHORE_SEARCH_NM: f64 = 500.0;

/// AIS gap (GFW "AIS disabling event") parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GapParams {
    /// Minimum time without a position, hours (GFW: 12).
    pub min_gap_hours: f64,
    /// The vessel counts as moving before the gap above this speed, knots.
    pub moving_speed_knots: f32,
    /// Both ends farther than this from shore flag suspected disabling, nm (GFW: 50).
    pub disabling_offshore_nm: f64,
}

/// Encounter parameters (GFW: 500 m, 2 h, median speed < 2 kn, 10 km from anchorages).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EncounterParams {
    /// Maximum distance between the two vessels, metres.
    pub max_distance_m: f64,
    /// Minimum duration, hours.
    pub min_duration_hours: f64,
    /// Median speed of both vessels must be below this, knots.
    pub max_median_speed_knots: f32,
    /// Encounters closer than this to a listed anchorage are ignored, km.
    pub min_anchorage_distance_km: f64,
    /// Tracks are resampled to this step, minutes (GFW: 10).
    pub resample_minutes: i64,
    /// Positions farther apart in time than this are not interpolated, hours.
    pub max_interpolation_gap_hours: f64,
}

/// Loitering parameters (GFW: speed < 2 kn for >= 4 h, >= 20 nm offshore).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LoiteringParams {
    /// Speed below which a vessel loiters, knots.
    pub max_speed_knots: f32,
    /// Minimum duration, hours.
    pub min_duration_hours: f64,
    /// Minimum distance from shore of every position, nm.
    pub min_offshore_nm: f64,
    /// A silence longer than this splits a loitering period, hours.
    pub max_point_gap_hours: f64,
}

/// Corridor-watch parameters: which vessels count as small.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorridorParams {
    /// Vessels shorter than this (metres) are small.
    pub small_max_length_m: u32,
    /// Ship types that count as small craft (fishing 30, sailing 36, pleasure 37 by default).
    pub small_ship_types: Vec<u8>,
}

/// All detector parameters; `Default` gives the published definitions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetectorConfig {
    /// AIS gaps.
    pub gap: GapParams,
    /// Encounters.
    pub encounter: EncounterParams,
    /// Loitering.
    pub loitering: LoiteringParams,
    /// Corridor watch.
    pub corridor: CorridorParams,
}

impl Default for DetectorConfig {
    fn default() -> Self {
        DetectorConfig {
            gap: GapParams {
                min_gap_hours: 12.0,
                moving_speed_knots: 0.5,
                disabling_offshore_nm: 50.0,
            },
            encounter: EncounterParams {
                max_distance_m: 500.0,
                min_duration_hours: 2.0,
                max_median_speed_knots: 2.0,
                min_anchorage_distance_km: 10.0,
                resample_minutes: 10,
                max_interpolation_gap_hours: 1.0,
            },
            loitering: LoiteringParams {
                max_speed_knots: 2.0,
                min_duration_hours: 4.0,
                min_offshore_nm: 20.0,
                max_point_gap_hours: 2.0,
            },
            corridor: CorridorParams {
                small_max_length_m: 24,
                small_ship_types: vec![30, 36, 37],
            },
        }
    }
}

/// A known anchorage (encounters near one are ordinary port traffic).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Anchorage {
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
}

/// Kind-specific facts of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventDetail {
    /// No positions for at least the minimum gap after the vessel was seen moving.
    AisGap {
        /// Both ends of the gap are far offshore: transponder likely switched off.
        suspected_disabling: bool,
        /// Position when the vessel reappeared.
        end_lat: f64,
        /// Position when the vessel reappeared.
        end_lon: f64,
        /// Distance from shore where it reappeared, nm.
        end_distance_from_shore_nm: f64,
        /// Parameters used.
        params: GapParams,
    },
    /// Two vessels side by side at low speed.
    Encounter {
        /// Median distance between the vessels, metres.
        median_distance_m: f64,
        /// Median speed of both vessels, knots.
        median_speed_knots: f32,
        /// Parameters used.
        params: EncounterParams,
    },
    /// A vessel drifting or holding position offshore.
    Loitering {
        /// Mean reported speed, knots.
        mean_speed_knots: f32,
        /// Parameters used.
        params: LoiteringParams,
    },
    /// A small or unidentified vessel inside a watched corridor.
    CorridorEntry {
        /// Corridor name.
        corridor: String,
        /// Why the vessel is of interest: `small` or `unidentified`.
        reason: String,
        /// Parameters used.
        params: CorridorParams,
    },
}

/// A detected behaviour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The vessel.
    pub mmsi: u32,
    /// The other vessel of an encounter.
    pub other_mmsi: Option<u32>,
    /// Start, Unix seconds UTC.
    pub start: i64,
    /// End, Unix seconds UTC.
    pub end: i64,
    /// Duration in seconds.
    pub duration_s: i64,
    /// Representative position (gap: last position before it).
    pub lat: f64,
    /// Representative position.
    pub lon: f64,
    /// Distance of that position from the nearest shore, nm (capped at [`SHORE_SEARCH_NM`]).
    pub distance_from_shore_nm: f64,
    /// Kind-specific facts and the parameters used.
    pub detail: EventDetail,
}

impl Event {
    /// Short kind name (`ais_gap`, `encounter`, `loitering`, `corridor_entry`).
    pub fn kind(&self) -> &'static str {
        match self.detail {
            EventDetail::AisGap { .. } => "ais_gap",
            EventDetail::Encounter { .. } => "encounter",
            EventDetail::Loitering { .. } => "loitering",
            EventDetail::CorridorEntry { .. } => "corridor_entry",
        }
    }
}

/// Runs every detector over `tracks` (call [`Tracks::finish`] first) and returns the
/// events sorted by start time.
pub fn detect_all(
    tracks: &Tracks,
    coast: &Coastline,
    cfg: &DetectorConfig,
    anchorages: &[Anchorage],
    corridors: &[Corridor],
) -> Vec<Event> {
    let mut events = Vec::new();
    events.extend(gap::detect(tracks, coast, &cfg.gap));
    events.extend(encounter::detect(tracks, coast, &cfg.encounter, anchorages));
    events.extend(loitering::detect(tracks, coast, &cfg.loitering));
    events.extend(corridor::detect(tracks, coast, &cfg.corridor, corridors));
    events.sort_by_key(|e| (e.start, e.mmsi));
    events
}

pub use corridor::detect as detect_corridor_entries;
pub use encounter::detect as detect_encounters;
pub use gap::detect as detect_gaps;
pub use loitering::detect as detect_loitering;
