//! Dates known to the day, the month or only the year (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How precisely a [`PartialDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// `YYYY-MM-DD`
    Day,
    /// `YYYY-MM`
    Month,
    /// `YYYY`
    Year,
}

/// A date with its precision. Ordering and range filters use the first and last day it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    first: NaiveDate,
    precision: Precision,
}

impl PartialDate {
    /// A date known to the day.
    pub fn day(date: NaiveDate) -> Self {
        Self {
            first: date,
            precision: Precision::Day,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the message says what was wrong.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let bad = || format!("`{text}` is not a date: expected YYYY-MM-DD, YYYY-MM or YYYY");
        let parts: Vec<&str> = text.split('-').collect();
        let num = |s: &str, len: usize| -> Result<u32, String> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let (year, month, day, precision) = match parts.as_slice() {
            [y] => (num(y, 4)?, 1, 1, Precision::Year),
            [y, m] => (num(y, 4)?, num(m, 2)?, 1, Precision::Month),
            [y, m, d] => (num(y, 4)?, num(m, 2)?, num(d, 2)?, Precision::Day),
            _ => return Err(bad()),
        };
        let year = i32::try_from(year).map_err(|_| bad())?;
        let first = NaiveDate::from_ymd_opt(year, month, day)
            .ok_or_else(|| format!("`{text}` is not a calendar date"))?;
        Ok(Self { first, precision })
    }

    /// The precision the date is known to.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// First day covered.
    pub fn first_day(&self) -> NaiveDate {
        self.first
    }

    /// Last day covered.
    pub fn last_day(&self) -> NaiveDate {
        match self.precision {
            Precision::Day => self.first,
            Precision::Month => {
                let (y, m) = if self.first.month() == 12 {
                    (self.first.year() + 1, 1)
                } else {
                    (self.first.year(), self.first.month() + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(self.first)
            }
            Precision::Year => {
                NaiveDate::from_ymd_opt(self.first.year(), 12, 31).unwrap_or(self.first)
            }
        }
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.precision {
            Precision::Day => write!(f, "{}", self.first.format("%Y-%m-%d")),
            Precision::Month => write!(f, "{}", self.first.format("%Y-%m")),
            Precision::Year => write!(f, "{:04}", self.first.year()),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        PartialDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for PartialDate {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(r"^\d{4}(-\d{2}(-\d{2})?)?$"))
            .description(Some(
                "A date known to the day (YYYY-MM-DD), month (YYYY-MM) or year (YYYY).",
            ))
            .examples(["2024-03-15", "2024-03", "2024"])
            .into()
    }
}

impl utoipa::ToSchema for PartialDate {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn precisions_and_ranges() {
        let d = PartialDate::parse("2024-02").unwrap();
        assert_eq!(d.precision(), Precision::Month);
        assert_eq!(d.first_day().to_string(), "2024-02-01");
        assert_eq!(d.last_day().to_string(), "2024-02-29");
        let y = PartialDate::parse("2023").unwrap();
        assert_eq!(y.last_day().to_string(), "2023-12-31");
        let dec = PartialDate::parse("2023-12").unwrap();
        assert_eq!(dec.last_day().to_string(), "2023-12-31");
        assert!(
            PartialDate::parse("2023-02-29")
                .unwrap_err()
                .contains("calendar")
        );
        assert!(PartialDate::parse("23-02-01").is_err());
        assert!(PartialDate::parse("2023/02/01").is_err());
        assert!(PartialDate::parse("").is_err());
    }

    proptest! {
        #[test]
        fn display_round_trips(y in 1900i32..2100, m in 1u32..=12, d in 1u32..=28, p in 0u8..3) {
            let text = match p { 0 => format!("{y:04}"), 1 => format!("{y:04}-{m:02}"), _ => format!("{y:04}-{m:02}-{d:02}") };
            let parsed = PartialDate::parse(&text).unwrap();
            prop_assert_eq!(parsed.to_string(), text);
            prop_assert!(parsed.first_day() <= parsed.last_day());
        }

        #[test]
        fn never_panics(s in ".{0,20}") {
            let _ = PartialDate::parse(&s);
        }
    }
}
