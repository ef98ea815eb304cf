//! Six-digit MRZ dates (`YYMMDD`) and the century rule.
//!
//! * Birth: the latest century that does not put the date after the reference date
//!   (`20YY` unless that is in the future, then `19YY`). A birth date read from an MRZ is
//!   therefore never in the future; holders over 100 are read 100 years too young, which
//!   the two-digit year cannot avoid.
//! * Expiry: `20YY` unless that is more than [`EXPIRY_WINDOW_YEARS`] years after the
//!   reference year, then `19YY` (so `96` reads as 1996, `30` as 2030 with a 2026
//!   reference).

use time::{Date, Month};

/// Expiry dates later than this many years after the reference year are read as 19YY.
pub const EXPIRY_WINDOW_YEARS: i32 = 50;

/// Why a date field could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateProblem {
    /// Characters other than digits (and fillers where allowed).
    Characters,
    /// Digits that are no calendar date.
    Calendar,
}

/// Outcome of reading a date field.
pub(crate) enum RawDate {
    /// `YY`, `MM`, `DD`.
    Parts(u8, u8, u8),
    /// Some or all parts are fillers (unknown date, Doc 9303 Part 3 §4.8).
    Unknown,
}

pub(crate) fn read(raw: &[u8], allow_unknown: bool) -> Result<RawDate, DateProblem> {
    let [y1, y2, m1, m2, d1, d2] = <[u8; 6]>::try_from(raw).map_err(|_| DateProblem::Characters)?;
    let pair = |a: u8, b: u8| -> Option<Option<u8>> {
        match (a, b) {
            (b'0'..=b'9', b'0'..=b'9') => Some(Some((a - b'0') * 10 + (b - b'0'))),
            (b'<', b'<') if allow_unknown => Some(None),
            _ => None,
        }
    };
    let yy = pair(y1, y2).ok_or(DateProblem::Characters)?;
    let mm = pair(m1, m2).ok_or(DateProblem::Characters)?;
    let dd = pair(d1, d2).ok_or(DateProblem::Characters)?;
    match (yy, mm, dd) {
        (Some(y), Some(m), Some(d)) => {
            if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                return Err(DateProblem::Calendar);
            }
            Ok(RawDate::Parts(y, m, d))
        }
        // Unknown parts must be the day, or month and day, or all (ICAO fills from the right).
        (Some(_), Some(m), None) if (1..=12).contains(&m) => Ok(RawDate::Unknown),
        (Some(_), None, None) | (None, None, None) => Ok(RawDate::Unknown),
        _ => Err(DateProblem::Characters),
    }
}

fn ymd(year: i32, m: u8, d: u8) -> Option<Date> {
    Date::from_calendar_date(year, Month::try_from(m).ok()?, d).ok()
}

/// Birth date: `20YY`, or `19YY` when `20YY-MM-DD` is after `reference`.
pub(crate) fn resolve_birth(y: u8, m: u8, d: u8, reference: Date) -> Option<Date> {
    let year = 2000 + i32::from(y);
    let candidate = if (year, m, d)
        > (
            reference.year(),
            u8::from(reference.month()),
            reference.day(),
        ) {
        year - 100
    } else {
        year
    };
    ymd(candidate, m, d)
}

/// Expiry date: `20YY`, or `19YY` beyond the window.
pub(crate) fn resolve_expiry(y: u8, m: u8, d: u8, reference: Date) -> Option<Date> {
    let mut year = 2000 + i32::from(y);
    if year > reference.year() + EXPIRY_WINDOW_YEARS {
        year -= 100;
    }
    ymd(year, m, d)
}

/// `YYMMDD` for a date, or `None` when the year cannot be carried (before 1900 or after
/// 2099).
pub(crate) fn to_yymmdd(d: Date) -> Option<[u8; 6]> {
    let y = d.year();
    if !(1900..=2099).contains(&y) {
        return None;
    }
    let yy = (y % 100) as u8;
    let m = u8::from(d.month());
    let dd = d.day();
    Some([
        b'0' + yy / 10,
        b'0' + yy % 10,
        b'0' + m / 10,
        b'0' + m % 10,
        b'0' + dd / 10,
        b'0' + dd % 10,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> Date {
        ymd(y, m, d).unwrap_or(Date::MIN)
    }

    #[test]
    fn birth_century() {
        let r = date(2026, 11, 23);
        assert_eq!(resolve_birth(74, 8, 12, r), Some(date(1974, 8, 12)));
        assert_eq!(resolve_birth(26, 11, 23, r), Some(date(2026, 11, 23)));
        assert_eq!(resolve_birth(26, 11, 24, r), Some(date(1926, 11, 24)));
        assert_eq!(resolve_birth(0, 2, 29, r), Some(date(2000, 2, 29)));
        // 1900 is not a leap year: a 29 February that must be 19xx is invalid.
        assert_eq!(resolve_birth(0, 2, 29, date(1999, 1, 1)), None);
    }

    #[test]
    fn expiry_window() {
        let r = date(2026, 11, 23);
        assert_eq!(resolve_expiry(96, 12, 10, r), Some(date(1996, 12, 10)));
        assert_eq!(resolve_expiry(76, 1, 1, r), Some(date(2076, 1, 1)));
        assert_eq!(resolve_expiry(77, 1, 1, r), Some(date(1977, 1, 1)));
        assert_eq!(resolve_expiry(12, 4, 15, r), Some(date(2012, 4, 15)));
    }

    #[test]
    fn unknown_parts() {
        assert!(matches!(read(b"74<<<<", true), Ok(RawDate::Unknown)));
        assert!(matches!(read(b"7408<<", true), Ok(RawDate::Unknown)));
        assert!(read(b"74<<12", true).is_err());
        assert!(read(b"74<<<<", false).is_err());
        assert_eq!(read(b"741312", true).err(), Some(DateProblem::Calendar));
    }
}
