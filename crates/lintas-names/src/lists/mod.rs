//! Parsers for watchlist formats, format guessing and the re-import diff.
//!
//! Every parser keeps the list's own identifier as [`Entry::id`] and reports bad input
//! as a [`NamesError`] naming the line and field; none panics.

mod diff;
mod ftm;
mod lintas_csv;
mod ofac;
mod un;

pub use diff::{ListDiff, diff};
pub use ftm::parse_ftm;
pub use lintas_csv::{LINTAS_CSV_HEADER, parse_lintas_csv};
pub use ofac::parse_ofac_sdn;
pub use un::parse_un_xml;

use crate::NamesError;
use crate::model::Entry;

/// A supported list format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    /// UN Security Council consolidated list XML.
    Un,
    /// OFAC SDN legacy CSV (`sdn.csv`).
    Ofac,
    /// OpenSanctions FollowTheMoney JSON Lines.
    Ftm,
    /// The Lintas CSV format (see `docs/names.md`).
    Csv,
}

impl ListFormat {
    /// Every format.
    pub const ALL: [ListFormat; 4] = [
        ListFormat::Un,
        ListFormat::Ofac,
        ListFormat::Ftm,
        ListFormat::Csv,
    ];

    /// The format's name on the command line, in the API and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            ListFormat::Un => "un",
            ListFormat::Ofac => "ofac",
            ListFormat::Ftm => "ftm",
            ListFormat::Csv => "csv",
        }
    }
}

impl std::fmt::Display for ListFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ListFormat {
    type Err = NamesError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ListFormat::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or(NamesError::UnknownFormat)
    }
}

/// Guesses the format from the first bytes of a file.
pub fn guess_format(data: &[u8]) -> Result<ListFormat, NamesError> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let start = data
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(data.len());
    let head = data.get(start..).unwrap_or(&[]);
    match head.first() {
        Some(b'<') => Ok(ListFormat::Un),
        Some(b'{') => Ok(ListFormat::Ftm),
        Some(b'0'..=b'9') => Ok(ListFormat::Ofac),
        _ if head.starts_with(b"id,") => Ok(ListFormat::Csv),
        _ => Err(NamesError::UnknownFormat),
    }
}

/// Parses `data` in the given format.
pub fn parse(data: &[u8], format: ListFormat) -> Result<Vec<Entry>, NamesError> {
    match format {
        ListFormat::Un => parse_un_xml(data),
        ListFormat::Ofac => parse_ofac_sdn(data),
        ListFormat::Ftm => parse_ftm(data),
        ListFormat::Csv => parse_lintas_csv(data),
    }
}

/// 1-based line number of byte offset `pos` in `data`.
pub(crate) fn line_of(data: &[u8], pos: usize) -> u64 {
    let end = pos.min(data.len());
    data.get(..end)
        .map_or(0, |d| d.iter().filter(|&&b| b == b'\n').count()) as u64
        + 1
}
