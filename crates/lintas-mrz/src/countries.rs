//! Issuing state and nationality codes: ISO 3166-1 alpha-3 plus the ICAO Doc 9303 Part 3
//! codes that are not in ISO 3166 (the table is embedded; nothing is read at run time).

use serde::Serialize;

use crate::countries_table::ISO3166;

/// What kind of code an issuing state / nationality field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    /// An ISO 3166-1 alpha-3 country code.
    Iso3166,
    /// `D` for Germany, the British nationality codes `GBD`…`GBS`, Kosovo `RKS`/`XXK`.
    IcaoNational,
    /// `EUE`, UN codes and other issuing organisations (Doc 9303 Part 3 Parts B–D).
    Organisation,
    /// `XXA` stateless, `XXB`/`XXC` refugee, `XXX` unspecified (Part 3 Part E).
    NoNationality,
    /// Codes deprecated in ISO 3166 but kept by ICAO for backward compatibility (`ANT`, `NTZ`).
    Deprecated,
    /// `UTO`, the fictitious state "Utopia" used by ICAO specimens.
    Specimen,
}

/// ICAO codes outside ISO 3166 (Doc 9303 Part 3 §5, Parts A–F) and the specimen state.
const ICAO_CODES: &[(&str, &str, CodeKind)] = &[
    ("D", "Germany", CodeKind::IcaoNational),
    (
        "GBD",
        "British Overseas Territories Citizen",
        CodeKind::IcaoNational,
    ),
    ("GBN", "British National (Overseas)", CodeKind::IcaoNational),
    ("GBO", "British Overseas Citizen", CodeKind::IcaoNational),
    ("GBP", "British Protected Person", CodeKind::IcaoNational),
    ("GBS", "British Subject", CodeKind::IcaoNational),
    ("RKS", "Republic of Kosovo", CodeKind::IcaoNational),
    ("XXK", "Kosovo (temporary EU code)", CodeKind::IcaoNational),
    ("EUE", "European Union", CodeKind::Organisation),
    ("UNO", "United Nations Organization", CodeKind::Organisation),
    (
        "UNA",
        "United Nations specialized agency",
        CodeKind::Organisation,
    ),
    ("UNK", "Resident of Kosovo (UNMIK)", CodeKind::Organisation),
    ("XBA", "African Development Bank", CodeKind::Organisation),
    ("XIM", "African Export-Import Bank", CodeKind::Organisation),
    ("XCC", "Caribbean Community", CodeKind::Organisation),
    ("XCE", "Council of Europe", CodeKind::Organisation),
    (
        "XCO",
        "Common Market for Eastern and Southern Africa",
        CodeKind::Organisation,
    ),
    (
        "XEC",
        "Economic Community of West African States",
        CodeKind::Organisation,
    ),
    ("XPO", "INTERPOL", CodeKind::Organisation),
    (
        "XES",
        "Organization of Eastern Caribbean States",
        CodeKind::Organisation,
    ),
    (
        "XOM",
        "Sovereign Military Order of Malta",
        CodeKind::Organisation,
    ),
    (
        "XDC",
        "Southern African Development Community",
        CodeKind::Organisation,
    ),
    ("XXA", "Stateless person", CodeKind::NoNationality),
    ("XXB", "Refugee (1951 Convention)", CodeKind::NoNationality),
    ("XXC", "Refugee (other)", CodeKind::NoNationality),
    ("XXX", "Unspecified nationality", CodeKind::NoNationality),
    ("ANT", "Netherlands Antilles", CodeKind::Deprecated),
    ("NTZ", "Neutral Zone", CodeKind::Deprecated),
    ("UTO", "Utopia (ICAO specimen)", CodeKind::Specimen),
];

const SLOTS: usize = 26 * 26 * 26;

const fn slot(code: &[u8]) -> Option<usize> {
    // Codes shorter than 3 letters are padded with `<` in the MRZ; only `D` exists.
    if code.is_empty() || code.len() > 3 {
        return None;
    }
    let mut idx = 0usize;
    let mut i = 0;
    while i < 3 {
        let b = if i < code.len() { code[i] } else { b'<' };
        let v = match b {
            b'A'..=b'Z' => (b - b'A') as usize,
            // `D<<`: map the filler to slot 0 of a separate range below.
            b'<' => {
                return if code.len() == 1 && code[0] == b'D' {
                    Some(SLOTS)
                } else {
                    None
                };
            }
            _ => return None,
        };
        idx = idx * 26 + v;
        i += 1;
    }
    Some(idx)
}

/// Dense lookup: 0 = unknown, 1 + index into a combined list otherwise. Built at compile
/// time so a lookup is one array read.
const fn build_index() -> [u16; SLOTS + 1] {
    let mut t = [0u16; SLOTS + 1];
    let mut i = 0;
    while i < ISO3166.len() {
        if let Some(s) = slot(ISO3166[i].0.as_bytes()) {
            t[s] = (i + 1) as u16;
        }
        i += 1;
    }
    let mut j = 0;
    while j < ICAO_CODES.len() {
        if let Some(s) = slot(ICAO_CODES[j].0.as_bytes()) {
            t[s] = (ISO3166.len() + j + 1) as u16;
        }
        j += 1;
    }
    t
}

static INDEX: [u16; SLOTS + 1] = build_index();

/// A known issuing state / nationality code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CountryCode {
    /// The code without fillers (`D`, `UTO`, `AUS`).
    pub code: &'static str,
    /// English short name.
    pub name: &'static str,
    /// Which list the code comes from.
    pub kind: CodeKind,
}

/// Looks up a code as printed in the MRZ, with or without trailing fillers (`D<<` or `D`).
///
/// ```
/// use lintas_mrz::{lookup_country, CodeKind};
/// assert_eq!(lookup_country("D<<").map(|c| c.kind), Some(CodeKind::IcaoNational));
/// assert_eq!(lookup_country("IDN").map(|c| c.name), Some("Indonesia"));
/// assert!(lookup_country("ASU").is_none());
/// ```
pub fn lookup_country(code: &str) -> Option<CountryCode> {
    lookup_bytes(code.as_bytes())
}

pub(crate) fn lookup_bytes(raw: &[u8]) -> Option<CountryCode> {
    let mut end = raw.len();
    while end > 0 && raw[end - 1] == b'<' {
        end -= 1;
    }
    let code = raw.get(..end)?;
    let s = slot(code)?;
    let i = *INDEX.get(s)? as usize;
    if i == 0 {
        return None;
    }
    let i = i - 1;
    if let Some(&(code, name)) = ISO3166.get(i) {
        Some(CountryCode {
            code,
            name,
            kind: CodeKind::Iso3166,
        })
    } else {
        ICAO_CODES
            .get(i - ISO3166.len())
            .map(|&(code, name, kind)| CountryCode { code, name, kind })
    }
}

/// Every code the engine accepts, ISO first, then the ICAO additions.
pub fn all_countries() -> impl Iterator<Item = CountryCode> {
    ISO3166
        .iter()
        .map(|&(code, name)| CountryCode {
            code,
            name,
            kind: CodeKind::Iso3166,
        })
        .chain(
            ICAO_CODES
                .iter()
                .map(|&(code, name, kind)| CountryCode { code, name, kind }),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert_eq!(
            lookup_country("AUS").map(|c| c.kind),
            Some(CodeKind::Iso3166)
        );
        assert_eq!(lookup_country("D").map(|c| c.code), Some("D"));
        assert_eq!(
            lookup_country("XXA").map(|c| c.kind),
            Some(CodeKind::NoNationality)
        );
        assert_eq!(
            lookup_country("UTO").map(|c| c.kind),
            Some(CodeKind::Specimen)
        );
        assert!(lookup_country("DE").is_none());
        assert!(lookup_country("<<<").is_none());
        assert!(lookup_country("BOS").is_none());
        assert!(lookup_country("A1B").is_none());
        assert!(lookup_country("").is_none());
        assert!(lookup_country("ABCD").is_none());
    }
}
