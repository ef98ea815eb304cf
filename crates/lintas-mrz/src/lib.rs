//! ICAO Doc 9303 machine readable zones (MRZ): parse, validate, generate, and derive risk
//! indicators.
//!
//! * [`parse`] reads one record (TD1, TD2, TD3, MRV-A, MRV-B) into a [`Document`] whose
//!   fields each carry their own validity, with every check digit, every failed rule as a
//!   [`FieldError`] (`field` + [`ErrorCode`] + message) and, when exactly one OCR repair
//!   makes all check digits pass, a [`Suggestion`].
//! * [`generate`] writes an MRZ from [`MrzFields`], transliterating national characters
//!   per Doc 9303 Part 3 §6 ([`transliterate`]).
//! * [`indicators`] turns a document and a reference date into fraud/risk [`Indicator`]s,
//!   including hits from a lost/stolen registry that the caller supplies.
//!
//! The library has no clock and does no I/O: "today" is always passed in.

mod charset;
mod countries;
mod countries_table;
mod date;
mod document;
mod error;
mod fields;
mod generate;
mod indicators;
mod layout;
mod name;
mod ocr;
mod parse;
mod translit;

pub use charset::check_digit;
pub use countries::{CodeKind, CountryCode, all_countries, lookup_country};
pub use countries_table::ISO3166;
pub use date::EXPIRY_WINDOW_YEARS;
pub use document::{
    Change, CheckDigit, CountryField, DateField, Document, Field, Format, Sex, Suggestion,
};
pub use error::{ErrorCode, FieldError, MrzError};
pub use generate::{Mrz, MrzFields, generate};
pub use indicators::{Indicator, IndicatorCode, RegistryHit, RegistryStatus, Severity, indicators};
pub use parse::{ParseOptions, parse, parse_lines};
pub use translit::{Language, transliterate};
