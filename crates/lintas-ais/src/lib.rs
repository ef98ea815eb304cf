//! `lintas-ais`: AIS (ITU-R M.1371) decoding from NMEA 0183 `!xxVDM`/`!xxVDO` sentences,
//! gpsd-compatible JSON output, and vessel behaviour detectors (AIS gaps, encounters,
//! loitering, corridor entries) following Global Fishing Watch's published definitions.
//!
//! Pure library: no I/O beyond what callers hand in, no network, no database.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod apps;
pub mod bits;
pub mod coast;
pub mod decode;
pub mod detect;
pub mod encode;
pub mod error;
pub mod geo;
pub mod gpsd_json;
pub mod messages;
pub mod nmea;
pub mod stream;
pub mod text;
pub mod time;
pub mod track;

pub use error::AisError;
pub use messages::{AisMessage, Body, Fix};
pub use stream::{DecodeStats, Decoded, Decoder, DecoderConfig, Outcome, decode_all};
pub use track::{TrackPoint, Tracks, VesselInfo};
