//! The crate's one error type.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum StatsError {
    /// A period label that is not `YYYY-Www`, `YYYY-MM` or `YYYY-MM-DD`, or names no real
    /// period (e.g. `2021-W53`, `2023-02-30`).
    #[error("period {label:?}: {reason}")]
    Period { label: String, reason: &'static str },
    /// Periods of one series use different label forms (weeks mixed with months).
    #[error("series {series:?}: period {label:?} is a {found}, earlier periods are {expected}s")]
    MixedIntervals {
        series: String,
        label: String,
        found: &'static str,
        expected: &'static str,
    },
    /// The same period appears twice in one series.
    #[error("series {series:?}: period {label:?} appears twice")]
    DuplicatePeriod { series: String, label: String },
    /// A control value outside its domain (e.g. `alpha` not in (0, 1)).
    #[error("invalid control {name}: {reason}")]
    Control { name: &'static str, reason: String },
    /// A model could not be fitted (singular design, no residual degrees of freedom).
    #[error("model fit failed: {0}")]
    Fit(&'static str),
}
