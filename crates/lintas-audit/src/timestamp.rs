//! UTC instants with exactly one RFC 3339 spelling, so that an event's
//! encoding — and so its leaf hash — is a function of the instant alone.

use std::fmt;

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use crate::AuditError;

/// A UTC instant with nanosecond precision, years 0001–9999.
///
/// Canonical text form: `YYYY-MM-DDTHH:MM:SS[.f]Z` where the fraction has
/// no trailing zeros and is omitted when zero. The caller supplies the time
/// (the engine never reads a clock).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    seconds: i64,
    nanos: u32,
}

/// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z as Unix seconds.
const MIN_SECONDS: i64 = -62_135_596_800;
const MAX_SECONDS: i64 = 253_402_300_799;

impl Timestamp {
    /// From Unix seconds and nanoseconds within the second.
    pub fn from_unix(seconds: i64, nanos: u32) -> Result<Self, AuditError> {
        if !(MIN_SECONDS..=MAX_SECONDS).contains(&seconds) || nanos >= 1_000_000_000 {
            return Err(AuditError::BadTimestamp);
        }
        Ok(Self { seconds, nanos })
    }

    /// Parses any RFC 3339 date-time (any offset) and converts it to UTC.
    pub fn parse_rfc3339(s: &str) -> Result<Self, AuditError> {
        let t = OffsetDateTime::parse(s, &Rfc3339).map_err(|_| AuditError::BadTimestamp)?;
        Self::from_unix(t.unix_timestamp(), t.nanosecond())
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds within the second.
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// The canonical RFC 3339 form described on [`Timestamp`].
    pub fn to_rfc3339(&self) -> String {
        let t = OffsetDateTime::from_unix_timestamp(self.seconds)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
            .to_offset(UtcOffset::UTC);
        let mut s = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        );
        if self.nanos != 0 {
            let frac = format!("{:09}", self.nanos);
            s.push('.');
            s.push_str(frac.trim_end_matches('0'));
        }
        s.push('Z');
        s
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.to_rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        let t = Timestamp::parse_rfc3339("2026-11-23T11:04:05.120+08:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-23T03:04:05.12Z");
        assert_eq!(t.unix_seconds(), 1_795_403_045);
        let t = Timestamp::from_unix(0, 0).unwrap();
        assert_eq!(t.to_rfc3339(), "1970-01-01T00:00:00Z");
        let t = Timestamp::from_unix(MAX_SECONDS, 999_999_999).unwrap();
        assert_eq!(t.to_rfc3339(), "9999-12-31T23:59:59.999999999Z");
        assert_eq!(
            Timestamp::from_unix(MIN_SECONDS, 0).unwrap().to_rfc3339(),
            "0001-01-01T00:00:00Z"
        );
    }

    #[test]
    fn rejects_out_of_range_and_garbage() {
        assert!(Timestamp::from_unix(MAX_SECONDS + 1, 0).is_err());
        assert!(Timestamp::from_unix(0, 1_000_000_000).is_err());
        assert!(Timestamp::parse_rfc3339("2026-11-23").is_err());
        assert!(Timestamp::parse_rfc3339("2026-13-01T00:00:00Z").is_err());
        assert!(Timestamp::parse_rfc3339("").is_err());
    }
}
