//! The person guard: rules on identity-carrying fields that no trained weight may override.
//!
//! A model trained without labels on data with few distinct names can learn that agreeing on a
//! common name, a nationality and a sex is evidence enough, and chain thousands of different
//! people. Two rules stop that, and the CLI and the network analysis both apply them:
//!
//! - a **pair** is linked only when the whole names are close (Jaro-Winkler ≥ 0.9 over the
//!   parts run together, given-first or family-first, so swapped fields, a mononym in either
//!   field and a name split at another place all pass) and their birth dates do not conflict;
//! - a **cluster** never holds two records whose birth dates or sexes conflict, so one
//!   coincidental pair cannot merge two people's clusters (see [`crate::cluster`]).
//!
//! Birth dates conflict when both are known and differ by more than a clerk's slip: one digit
//! or two adjacent digits, day and month swapped, or a partial date (`1987`, `1987-06`) whose
//! known parts agree.

use serde::{Deserialize, Serialize};

/// The columns that carry a person's identity, by name (any may be absent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PersonColumns {
    /// Given name(s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// Family name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Date of birth (full or partial).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Sex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
}

/// One person's identity fields, normalised (lower case, single spaces).
#[derive(Debug, Clone, Copy, Default)]
pub struct Person<'a> {
    /// Given name(s).
    pub given: Option<&'a str>,
    /// Family name.
    pub family: Option<&'a str>,
    /// Date of birth.
    pub birth: Option<&'a str>,
    /// Sex.
    pub sex: Option<&'a str>,
}

/// Minimum Jaro-Winkler of the whole names for a pair to be linked.
pub const NAME_MIN_JARO_WINKLER: f64 = 0.9;

/// Year, month and day of a date written `YYYY-MM-DD`, `YYYYMMDD`, `DD/MM/YYYY`, `YYYY/MM/DD`,
/// `DD.MM.YYYY`, or partially `YYYY` / `YYYY-MM`.
pub(crate) fn parts(v: &str) -> Option<DateParts> {
    let num = |s: &str| s.parse::<u32>().ok();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let v = v.trim();
    if digits(v) {
        return match v.len() {
            4 => Some((num(v)?, None, None)),
            6 => Some((num(v.get(..4)?)?, Some(num(v.get(4..)?)?), None)),
            8 => Some((
                num(v.get(..4)?)?,
                Some(num(v.get(4..6)?)?),
                Some(num(v.get(6..)?)?),
            )),
            _ => None,
        };
    }
    let fields: Vec<&str> = v.split(['-', '/', '.']).collect();
    match fields.as_slice() {
        [y, m] if y.len() == 4 => Some((num(y)?, Some(num(m)?), None)),
        [y, m, d] if y.len() == 4 => Some((num(y)?, Some(num(m)?), Some(num(d)?))),
        [d, m, y] if y.len() == 4 => Some((num(y)?, Some(num(m)?), Some(num(d)?))),
        _ => None,
    }
}

/// Year, month and day of a date as far as it is known.
pub(crate) type DateParts = (u32, Option<u32>, Option<u32>);

/// Whether one of two dates is partial and the parts both know agree.
pub fn partial_dates_agree(a: &str, b: &str) -> bool {
    matches!((parts(a), parts(b)), (Some(x), Some(y)) if partial_parts_agree(x, y))
}

/// [`partial_dates_agree`] on dates already split into parts.
pub(crate) fn partial_parts_agree((ya, ma, da): DateParts, (yb, mb, db): DateParts) -> bool {
    let partial = da.is_none() || db.is_none();
    let same = |x: Option<u32>, y: Option<u32>| x.is_none() || y.is_none() || x == y;
    partial && ya == yb && same(ma, mb) && same(da, db)
}

/// Whether two full dates are the same with day and month swapped (and differ).
pub fn day_month_swapped(a: &str, b: &str) -> bool {
    matches!((parts(a), parts(b)), (Some(x), Some(y)) if swapped_parts(x, y))
}

/// [`day_month_swapped`] on dates already split into parts.
pub(crate) fn swapped_parts(a: DateParts, b: DateParts) -> bool {
    match (a, b) {
        ((ya, Some(ma), Some(da)), (yb, Some(mb), Some(db))) => {
            ya == yb && ma == db && da == mb && ma != da
        }
        _ => false,
    }
}

/// Whether two known birth dates cannot be the same person's (see the module docs).
pub fn birth_dates_conflict(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let (Some(pa), Some(pb)) = (parts(a), parts(b)) else {
        // Unreadable dates prove nothing either way.
        return false;
    };
    if pa == pb || partial_dates_agree(a, b) {
        return false;
    }
    let (ya, ma, da) = pa;
    let (yb, mb, db) = pb;
    if ya == yb && ma == db && da == mb {
        return false;
    }
    let canon = |(y, m, d): (u32, Option<u32>, Option<u32>)| {
        format!("{y:04}{:02}{:02}", m.unwrap_or(0), d.unwrap_or(0))
    };
    strsim::osa_distance(&canon(pa), &canon(pb)) > 1
}

/// The whole name with its parts run together, given-first and family-first.
fn run_together(given: Option<&str>, family: Option<&str>) -> [String; 2] {
    let squash = |s: Option<&str>| s.unwrap_or_default().replace(' ', "");
    let (g, f) = (squash(given), squash(family));
    [format!("{g}{f}"), format!("{f}{g}")]
}

/// Whether two whole names are close enough to be one person's, in either field order.
pub fn names_close(a: &Person<'_>, b: &Person<'_>) -> bool {
    let [a1, a2] = run_together(a.given, a.family);
    let [b1, _] = run_together(b.given, b.family);
    if a1.is_empty() || b1.is_empty() {
        // No name on one side: the name cannot veto.
        return true;
    }
    strsim::jaro_winkler(&a1, &b1).max(strsim::jaro_winkler(&a2, &b1)) >= NAME_MIN_JARO_WINKLER
}

/// Whether two records may be one person: whole names close and birth dates not conflicting.
pub fn consistent(a: &Person<'_>, b: &Person<'_>) -> bool {
    names_close(a, b) && !conflict(a, b)
}

/// Whether two records can never be in one cluster: conflicting birth dates or sexes.
pub fn conflict(a: &Person<'_>, b: &Person<'_>) -> bool {
    if let (Some(x), Some(y)) = (a.birth, b.birth)
        && birth_dates_conflict(x, y)
    {
        return true;
    }
    matches!((a.sex, b.sex), (Some(x), Some(y)) if x != y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p<'a>(g: &'a str, f: &'a str, b: &'a str) -> Person<'a> {
        let o = |s: &'a str| (!s.is_empty()).then_some(s);
        Person {
            given: o(g),
            family: o(f),
            birth: o(b),
            sex: None,
        }
    }

    #[test]
    fn clerks_slips_do_not_conflict_but_other_dates_do() {
        assert!(!birth_dates_conflict("1987-12-03", "1987-03-12"));
        assert!(!birth_dates_conflict("1987-12-03", "1987-12-04"));
        assert!(!birth_dates_conflict("1987-12-03", "1987"));
        assert!(!birth_dates_conflict("1987-12-03", "03/12/1987"));
        assert!(!birth_dates_conflict("1987-12-03", "1988-12-03"));
        assert!(birth_dates_conflict("1987-12-03", "1987-07-21"));
        assert!(birth_dates_conflict("1987", "1990-01-01"));
        assert!(!birth_dates_conflict("unknown", "1990-01-01"));
        assert!(partial_dates_agree("2002", "2002-08-09"));
        assert!(!partial_dates_agree("2002-08-09", "2002-08-09"));
        assert!(!partial_dates_agree("2003", "2002-08-09"));
        assert!(day_month_swapped("1987-12-03", "1987-03-12"));
        assert!(!day_month_swapped("1987-12-03", "03/12/1987"));
        assert!(!day_month_swapped("1987-03-03", "1987-03-03"));
        assert!(!day_month_swapped("1987-12-03", "1988-03-12"));
        assert!(!day_month_swapped("1987", "1987-03-12"));
    }

    #[test]
    fn names_pass_in_either_order_split_or_as_mononym() {
        assert!(consistent(
            &p("khalid ali", "rahimi", "1971-11-15"),
            &p("rahimi", "khalidali", "")
        ));
        assert!(consistent(
            &p("putri", "", "2002"),
            &p("", "putri", "2002-08-09")
        ));
        assert!(!consistent(
            &p("khalid", "rahimi", "1971-11-15"),
            &p("zainab", "karimi", "1971-11-15")
        ));
        assert!(!consistent(
            &p("khalid", "rahimi", "1971-11-15"),
            &p("khalid", "rahimi", "1979-02-01")
        ));
        let mut a = p("an", "nguyen", "");
        let mut b = p("an", "nguyen", "");
        a.sex = Some("m");
        b.sex = Some("f");
        assert!(conflict(&a, &b));
    }
}
