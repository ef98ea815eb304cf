//! Errors: [`FieldError`] is a rule a parsed MRZ broke (data, reported per record);
//! [`MrzError`] is the crate's error type for operations that can fail as a whole
//! (generation from fields).

use std::fmt;

use serde::Serialize;

/// The rule a field broke. Serialised in `snake_case` (`check_digit`, `wrong_length`…);
/// these strings are a stable interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The record does not have 2 or 3 lines.
    WrongLineCount,
    /// A line's length does not match the format (30, 36 or 44).
    WrongLength,
    /// A character outside `A`–`Z`, `0`–`9`, `<`, or outside what the field allows.
    InvalidCharacter,
    /// A printed check digit does not match the 7-3-1 digit of its data.
    CheckDigit,
    /// Not a calendar date, or a date that cannot be read as `YYMMDD`.
    InvalidDate,
    /// Issuing state or nationality is neither ISO 3166-1 alpha-3 nor an ICAO code.
    UnknownCountry,
    /// Document code not allowed for the format (Doc 9303 Parts 4–7).
    InvalidDocumentCode,
    /// Sex is not `M`, `F`, `X` or `<`.
    InvalidSex,
    /// Name field breaks the primary`<<`secondary structure.
    InvalidName,
    /// A mandatory field is empty (all fillers).
    MissingValue,
}

impl ErrorCode {
    /// The stable `snake_case` string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WrongLineCount => "wrong_line_count",
            Self::WrongLength => "wrong_length",
            Self::InvalidCharacter => "invalid_character",
            Self::CheckDigit => "check_digit",
            Self::InvalidDate => "invalid_date",
            Self::UnknownCountry => "unknown_country",
            Self::InvalidDocumentCode => "invalid_document_code",
            Self::InvalidSex => "invalid_sex",
            Self::InvalidName => "invalid_name",
            Self::MissingValue => "missing_value",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One failed rule: which field, which rule, and a sentence for a human.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Field name as in the output (`document_number`, `birth_date`, `composite`, `line2`…).
    pub field: &'static str,
    /// The rule.
    pub code: ErrorCode,
    /// Human-readable explanation including the offending value.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.field, self.message, self.code)
    }
}

/// Errors of whole operations (generation).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MrzError {
    /// A value does not fit its MRZ field.
    #[error("{field}: {len} characters do not fit the {max}-character field")]
    TooLong {
        /// Field name.
        field: &'static str,
        /// Field width.
        max: usize,
        /// Length after transliteration.
        len: usize,
    },
    /// A character that cannot be written in an MRZ field (after transliteration).
    #[error("{field}: character {ch:?} is not allowed")]
    InvalidCharacter {
        /// Field name.
        field: &'static str,
        /// The character.
        ch: char,
    },
    /// Unknown issuing state or nationality code.
    #[error("{field}: unknown country code {code:?}")]
    UnknownCountry {
        /// Field name.
        field: &'static str,
        /// The code given.
        code: String,
    },
    /// Document code not allowed for the chosen format.
    #[error("document_code: {code:?} is not allowed for {format}")]
    InvalidDocumentCode {
        /// The code given.
        code: String,
        /// The format.
        format: &'static str,
    },
    /// A date that the two-digit MRZ year cannot carry unambiguously.
    #[error("{field}: {message}")]
    InvalidDate {
        /// Field name.
        field: &'static str,
        /// Why.
        message: String,
    },
}
