//! The result of parsing one MRZ: every field with its own validity, the check digits, the
//! failed rules and an optional OCR repair suggestion.

use serde::{Serialize, Serializer};
use time::Date;

use crate::countries::CodeKind;
use crate::error::{ErrorCode, FieldError};

/// The five ICAO Doc 9303 machine readable zone formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Format {
    /// ID-1 card, 3 lines × 30 (Part 5).
    TD1,
    /// ID-2 card, 2 lines × 36 (Part 6).
    TD2,
    /// Passport booklet, 2 lines × 44 (Part 4).
    TD3,
    /// Visa format A, 2 lines × 44 (Part 7).
    #[serde(rename = "MRVA")]
    MrvA,
    /// Visa format B, 2 lines × 36 (Part 7).
    #[serde(rename = "MRVB")]
    MrvB,
}

impl Format {
    /// `TD1`, `TD2`, `TD3`, `MRVA` or `MRVB`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TD1 => "TD1",
            Self::TD2 => "TD2",
            Self::TD3 => "TD3",
            Self::MrvA => "MRVA",
            Self::MrvB => "MRVB",
        }
    }

    /// Number of lines.
    pub fn lines(self) -> usize {
        if self == Self::TD1 { 3 } else { 2 }
    }

    /// Characters per line.
    pub fn line_length(self) -> usize {
        match self {
            Self::TD1 => 30,
            Self::TD2 | Self::MrvB => 36,
            Self::TD3 | Self::MrvA => 44,
        }
    }

    /// True for the two visa formats.
    pub fn is_visa(self) -> bool {
        matches!(self, Self::MrvA | Self::MrvB)
    }
}

/// Sex as printed: `M`, `F`, `X` (unspecified) or `<` (unspecified, older documents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// `M`.
    Male,
    /// `F`.
    Female,
    /// `X`.
    Unspecified,
    /// `<`.
    Filler,
}

impl Sex {
    /// The MRZ character.
    pub fn as_char(self) -> char {
        match self {
            Self::Male => 'M',
            Self::Female => 'F',
            Self::Unspecified => 'X',
            Self::Filler => '<',
        }
    }

    /// The MRZ character as a string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Male => "M",
            Self::Female => "F",
            Self::Unspecified => "X",
            Self::Filler => "<",
        }
    }

    pub(crate) fn from_byte(b: u8) -> Option<Self> {
        match b {
            b'M' => Some(Self::Male),
            b'F' => Some(Self::Female),
            b'X' => Some(Self::Unspecified),
            b'<' => Some(Self::Filler),
            _ => None,
        }
    }
}

impl Serialize for Sex {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A field value with its own validity: `value` is `None` when the field is unreadable;
/// `valid` is false when any rule about the field failed (a readable value can still be
/// invalid, e.g. a date whose check digit fails).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field<T> {
    /// The value with fillers removed, or `None` when unreadable.
    pub value: Option<T>,
    /// False when a rule about this field failed.
    pub valid: bool,
}

impl<T> Default for Field<T> {
    fn default() -> Self {
        Self {
            value: None,
            valid: false,
        }
    }
}

impl<T> Field<T> {
    pub(crate) fn ok(value: T) -> Self {
        Self {
            value: Some(value),
            valid: true,
        }
    }
}

/// A date field: the resolved calendar date (see the century rule in [`crate::ParseOptions`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct DateField {
    /// Resolved date (`YYYY-MM-DD` in JSON), `None` when unreadable or unknown (fillers).
    pub value: Option<Date>,
    /// False when a rule about the date failed.
    pub valid: bool,
}

/// A country field with the kind of code it holds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CountryField {
    /// The code without fillers (`D`, `AUS`).
    pub value: Option<String>,
    /// False when the code is unreadable or unknown.
    pub valid: bool,
    /// Which list the code was found in.
    pub kind: Option<CodeKind>,
}

/// One check digit: what was printed, what the data gives, and whether they agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CheckDigit {
    /// Check name: `document_number`, `birth_date`, `expiry_date`, `optional_data`
    /// (TD3 personal number) or `composite`.
    pub name: &'static str,
    /// The printed character.
    pub printed: char,
    /// The digit computed from the data, `None` if the data has characters outside the set.
    pub computed: Option<u8>,
    /// True when they agree.
    pub ok: bool,
}

/// One character change proposed by the OCR repair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Field the character belongs to.
    pub field: &'static str,
    /// Line, 1-based.
    pub line: u8,
    /// Column, 1-based.
    pub column: u8,
    /// Character as read.
    pub from: char,
    /// Proposed character.
    pub to: char,
}

/// A proposed OCR correction: never applied to the parsed fields, only reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The corrected MRZ lines.
    pub mrz: Vec<String>,
    /// The characters changed.
    pub changes: Vec<Change>,
}

/// A parsed and validated MRZ.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Document {
    /// Detected format, `None` when the shape matches none.
    pub format: Option<Format>,
    /// True when no rule failed.
    pub valid: bool,
    /// Document code without fillers (`P`, `ID`, `AC`, `V`).
    pub document_code: Field<String>,
    /// Issuing state or organisation.
    pub issuing_state: CountryField,
    /// Primary identifier, fillers as spaces (may be empty for a holder with one name
    /// recorded as secondary identifier only).
    pub surname: Field<String>,
    /// Secondary identifier, fillers as spaces; empty for a mononym.
    pub given_names: Field<String>,
    /// True when the name fills its field to the last character, the ICAO sign of a
    /// possibly truncated name.
    pub name_truncated: bool,
    /// Document number, including the TD1/TD2 long-number overflow when present.
    pub document_number: Field<String>,
    /// True when a TD1/TD2 document number overflowed into the optional data.
    pub long_document_number: bool,
    /// Nationality of the holder.
    pub nationality: CountryField,
    /// Date of birth.
    pub birth_date: DateField,
    /// Sex.
    pub sex: Field<Sex>,
    /// Date of expiry.
    pub expiry_date: DateField,
    /// Optional data (TD3: personal number; TD1: optional data 1 after any overflow).
    pub optional_data: Field<String>,
    /// TD1 only: optional data 2 (line 2).
    pub optional_data_2: Option<Field<String>>,
    /// Every check digit of the format, in document order.
    pub check_digits: Vec<CheckDigit>,
    /// Every failed rule.
    pub errors: Vec<FieldError>,
    /// OCR repair that makes every check digit pass, when exactly one exists.
    pub suggestion: Option<Suggestion>,
}

impl Document {
    pub(crate) fn error(&mut self, field: &'static str, code: ErrorCode, message: String) {
        self.errors.push(FieldError {
            field,
            code,
            message,
        });
    }

    /// True when the check digit `name` exists and failed.
    pub fn check_failed(&self, name: &str) -> bool {
        self.check_digits.iter().any(|c| c.name == name && !c.ok)
    }
}
