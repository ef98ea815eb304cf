//! Periods: ISO 8601 weeks (`2020-W53`, Monday start), months (`2020-03`) and days
//! (`2020-03-14`). Each period is identified by its first day, which is what R's
//! `surveillance` uses as the epoch of a dated series ("a year back" is found by date).

use std::fmt;

use time::{Date, Duration, Month, Weekday};

use crate::error::StatsError;

/// The resolution of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interval {
    Week,
    Month,
    Day,
}

impl Interval {
    /// Periods per year, as `surveillance` counts them (`freq` of an `sts`).
    pub fn freq(self) -> usize {
        match self {
            Interval::Week => 52,
            Interval::Month => 12,
            Interval::Day => 365,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Interval::Week => "week",
            Interval::Month => "month",
            Interval::Day => "day",
        }
    }
}

/// One period: its interval and its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    start: Date,
    interval: IntervalOrd,
}

// `Interval` without an order of its own; wrapped so `Period` can derive `Ord` by date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct IntervalOrd(u8);

impl From<Interval> for IntervalOrd {
    fn from(i: Interval) -> Self {
        IntervalOrd(match i {
            Interval::Week => 0,
            Interval::Month => 1,
            Interval::Day => 2,
        })
    }
}

impl Period {
    /// The period of `interval` that contains `date`.
    pub fn containing(interval: Interval, date: Date) -> Period {
        let start = match interval {
            Interval::Week => {
                date - Duration::days(i64::from(date.weekday().number_days_from_monday()))
            }
            Interval::Month => date.replace_day(1).unwrap_or(date),
            Interval::Day => date,
        };
        Period {
            start,
            interval: interval.into(),
        }
    }

    pub fn interval(&self) -> Interval {
        match self.interval.0 {
            0 => Interval::Week,
            1 => Interval::Month,
            _ => Interval::Day,
        }
    }

    /// First day of the period (the Monday of an ISO week).
    pub fn start(&self) -> Date {
        self.start
    }

    /// Days since 1970-01-01 of the first day, as R's `as.numeric(Date)`.
    pub fn day_number(&self) -> i64 {
        i64::from(self.start.to_julian_day()) - 2_440_588
    }

    /// The following period, or `None` past the calendar's end.
    pub fn next(&self) -> Option<Period> {
        let start = match self.interval() {
            Interval::Week => self.start.checked_add(Duration::days(7))?,
            Interval::Day => self.start.next_day()?,
            Interval::Month => {
                let (y, m) = (self.start.year(), self.start.month());
                let y = if m == Month::December {
                    y.checked_add(1)?
                } else {
                    y
                };
                Date::from_calendar_date(y, m.next(), 1).ok()?
            }
        };
        Some(Period {
            start,
            interval: self.interval,
        })
    }

    /// Parse `YYYY-Www`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(label: &str) -> Result<Period, StatsError> {
        let err = |reason| StatsError::Period {
            label: label.to_owned(),
            reason,
        };
        let b = label.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let s = b.get(r)?;
            if s.iter().all(u8::is_ascii_digit) {
                std::str::from_utf8(s).ok()?.parse().ok()
            } else {
                None
            }
        };
        let year = digits(0..4)
            .filter(|_| b.get(4) == Some(&b'-'))
            .ok_or_else(|| err("expected YYYY-Www, YYYY-MM or YYYY-MM-DD"))?;
        let year = i32::try_from(year).map_err(|_| err("year out of range"))?;
        if b.len() == 8 && matches!(b[5], b'W' | b'w') {
            let week = digits(6..8).ok_or_else(|| err("week must be two digits"))?;
            let week = u8::try_from(week).map_err(|_| err("week out of range"))?;
            let start = Date::from_iso_week_date(year, week, Weekday::Monday)
                .map_err(|_| err("no such ISO week in that year"))?;
            return Ok(Period {
                start,
                interval: Interval::Week.into(),
            });
        }
        let month = digits(5..7)
            .and_then(|m| u8::try_from(m).ok())
            .and_then(|m| Month::try_from(m).ok())
            .ok_or_else(|| err("month must be 01..12"))?;
        match b.len() {
            7 => Date::from_calendar_date(year, month, 1)
                .map(|start| Period {
                    start,
                    interval: Interval::Month.into(),
                })
                .map_err(|_| err("no such month")),
            10 if b[7] == b'-' => {
                let day = digits(8..10)
                    .and_then(|d| u8::try_from(d).ok())
                    .ok_or_else(|| err("day must be two digits"))?;
                Date::from_calendar_date(year, month, day)
                    .map(|start| Period {
                        start,
                        interval: Interval::Day.into(),
                    })
                    .map_err(|_| err("no such day in that month"))
            }
            _ => Err(err("expected YYYY-Www, YYYY-MM or YYYY-MM-DD")),
        }
    }
}

impl fmt::Display for Period {
    /// The label in the input's form: `2020-W53`, `2020-03`, `2020-03-14`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.start;
        match self.interval() {
            Interval::Week => {
                let (y, w, _) = d.to_iso_week_date();
                write!(f, "{y:04}-W{w:02}")
            }
            Interval::Month => write!(f, "{:04}-{:02}", d.year(), u8::from(d.month())),
            Interval::Day => write!(
                f,
                "{:04}-{:02}-{:02}",
                d.year(),
                u8::from(d.month()),
                d.day()
            ),
        }
    }
}

/// Consecutive periods from `first` to `last` inclusive (empty if `last` < `first` or the
/// intervals differ).
pub fn span(first: Period, last: Period) -> Vec<Period> {
    let mut out = Vec::new();
    if first.interval != last.interval {
        return out;
    }
    let mut p = first;
    while p <= last {
        out.push(p);
        match p.next() {
            Some(n) => p = n,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_round_trip_including_w53() {
        for label in ["2020-W53", "2021-W01", "2015-W53", "2024-W01", "2026-W53"] {
            let p = Period::parse(label).unwrap();
            assert_eq!(p.to_string(), label);
            assert_eq!(p.start().weekday(), Weekday::Monday);
        }
        // 2020-W53 starts on Monday 28 December 2020; 2021 has no week 53.
        assert_eq!(
            Period::parse("2020-W53").unwrap().start(),
            Date::from_calendar_date(2020, Month::December, 28).unwrap()
        );
        assert!(Period::parse("2021-W53").is_err());
        assert!(Period::parse("2021-W00").is_err());
        // 2019-12-30 is the Monday of 2020-W01.
        assert_eq!(
            Period::parse("2020-W01").unwrap().start(),
            Date::from_calendar_date(2019, Month::December, 30).unwrap()
        );
    }

    #[test]
    fn months_and_days() {
        assert_eq!(Period::parse("2020-02").unwrap().to_string(), "2020-02");
        assert_eq!(
            Period::parse("2020-02-29").unwrap().to_string(),
            "2020-02-29"
        );
        assert!(Period::parse("2021-02-29").is_err());
        assert!(Period::parse("2021-13").is_err());
        assert!(Period::parse("2021-1").is_err());
        assert!(Period::parse("21-01-01").is_err());
        let dec = Period::parse("2020-12").unwrap();
        assert_eq!(dec.next().unwrap().to_string(), "2021-01");
        assert_eq!(Period::parse("1970-01-01").unwrap().day_number(), 0);
    }

    #[test]
    fn span_crosses_w53() {
        let s = span(
            Period::parse("2020-W52").unwrap(),
            Period::parse("2021-W02").unwrap(),
        );
        let labels: Vec<String> = s.iter().map(|p| p.to_string()).collect();
        assert_eq!(labels, ["2020-W52", "2020-W53", "2021-W01", "2021-W02"]);
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,12}") {
            let _ = Period::parse(&s);
        }

        #[test]
        fn day_labels_round_trip(jd in 2_400_000i32..2_500_000) {
            let d = Date::from_julian_day(jd).unwrap();
            for i in [Interval::Week, Interval::Month, Interval::Day] {
                let p = Period::containing(i, d);
                let again = Period::parse(&p.to_string()).unwrap();
                proptest::prop_assert_eq!(again, p);
                proptest::prop_assert!(p.start() <= d);
                proptest::prop_assert!(p.next().unwrap().start() > d);
            }
        }
    }
}
