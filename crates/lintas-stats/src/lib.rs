//! `lintas-stats`: outbreak-style detection on count time series, as public-health
//! surveillance does it, reproducing R's `surveillance` package:
//! - EARS C1, C2, C3 (`earsC`) for short series;
//! - Farrington flexible with Noufaily's improvements (`farringtonFlexible`);
//! - the negative-binomial GLR-CUSUM (`glrnb`) for sustained shifts;
//! - Benjamini–Hochberg over many series' p-values;
//! - ISO 8601 weeks, months and days as periods.
//!
//! Pure library: series in, results out. No I/O, no database.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod detect;
mod dist;
pub mod ears;
pub mod error;
pub mod farrington;
pub mod fdr;
mod glm;
mod glm_nb;
pub mod glrnb;
pub mod period;

pub use detect::{Detection, Method, Options, Series, detect, detect_all};
pub use error::StatsError;
pub use period::{Interval, Period};
