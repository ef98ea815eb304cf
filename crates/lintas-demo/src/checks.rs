//! Demo data for border checks: lost/stolen registry reports from the demo states, and a small
//! watchlist per state built by the names engine's seeded generator, plus a few of the demo's
//! recurring brokers. docs/checks.md prints the two demo MRZs below for trying the check API.

use chrono::{Duration, NaiveDate};
use lintas_model::Sharing;
use lintas_model::registry::{RegistryEntry, RegistryRow};
use lintas_names::{BirthDate, Entry, Gender};
use lintas_store::{Principal, Result, Store};

/// A stolen Indonesian passport (reported by IDN, shared regionally): checking it gives a
/// registry hit to every demo state.
pub const DEMO_STOLEN_MRZ: &str =
    "P<IDNSETIAWAN<<BUDI<<<<<<<<<<<<<<<<<<<<<<<<<\nC4X81327<6IDN8804123M3106305<<<<<<<<<<<<<<<8";

/// A valid Afghan passport whose holder is on Australia's demo watchlist (shared regionally).
pub const DEMO_LISTED_MRZ: &str =
    "P<AFGKARIMI<<MOHAMMAD<NABI<<<<<<<<<<<<<<<<<<\nP0123456<6AFG7903029M2908155<<<<<<<<<<<<<<<8";

/// What was seeded.
pub(super) struct SeededChecks {
    pub registry: u64,
    pub watchlist_entries: u64,
}

fn report(
    issuer: &str,
    number: String,
    status: &str,
    reported_on: NaiveDate,
    sharing: Sharing,
    note: &str,
) -> RegistryEntry {
    RegistryEntry {
        issuing_state: issuer.into(),
        document_number: number,
        status: status.into(),
        reported_on,
        document_code: Some("P".into()),
        external_ref: None,
        note: Some(note.into()),
        sharing,
    }
}

fn level(level: &str, states: &[&str]) -> Sharing {
    Sharing {
        level: level.into(),
        states: states.iter().map(|s| s.to_string()).collect(),
    }
}

/// Registry reports of one member: a few hand-written, the rest a deterministic series.
fn reports(member: &str, today: NaiveDate) -> Vec<RegistryEntry> {
    let days = |n: i64| today - Duration::days(n);
    let mut out = Vec::new();
    // Each member's own passports, numbered like its real ones.
    let (prefix, digits) = match member {
        "IDN" => ("C", 7),
        "MYS" => ("A", 8),
        "THA" => ("AA", 7),
        "LKA" => ("N", 7),
        "AUS" => ("PA", 7),
        "NZL" => ("LA", 6),
        _ => return out,
    };
    let statuses = [
        "lost",
        "stolen",
        "lost",
        "revoked",
        "stolen_blank",
        "invalid",
    ];
    for n in 0..30u64 {
        let number = format!(
            "{prefix}{:0width$}",
            (n * 7_919 + 104_729) % 10u64.pow(digits),
            width = digits as usize
        );
        let sharing = if n % 5 == 4 {
            level("national", &[])
        } else {
            level("regional", &[])
        };
        out.push(report(
            member,
            number,
            statuses[n as usize % statuses.len()],
            days(3 + n as i64 * 11),
            sharing,
            "Demo report.",
        ));
    }
    match member {
        "IDN" => out.push(report(
            "IDN",
            "C4X81327".into(),
            "stolen",
            days(40),
            level("regional", &[]),
            "Stolen in a burglary in Kupang; call Imigrasi Kupang before returning it.",
        )),
        "AUS" => out.push(report(
            "IDN",
            "X9184520".into(),
            "known_fraudulent",
            days(75),
            level("bilateral", &["IDN", "NZL"]),
            "Counterfeit data page seized at Darwin; same printer as case ABF-2025-113.",
        )),
        "MYS" => out.push(report(
            "MYS",
            "A50112233".into(),
            "lost",
            days(12),
            level("national", &[]),
            "Reported lost at Johor Bahru.",
        )),
        _ => {}
    }
    out
}

/// The demo broker names each member lists, as a clerk there would write them.
fn brokers(member: &str) -> Vec<Entry> {
    let person = |id: &str, name: &str, born: (u16, u8, u8), nationality: &str| Entry {
        birth_dates: vec![BirthDate {
            year: born.0,
            month: Some(born.1),
            day: Some(born.2),
        }],
        nationalities: vec![nationality.into()],
        gender: Some(Gender::Male),
        reason: Some("people smuggling facilitator (demo)".into()),
        listed_on: Some("2025-02-11".into()),
        ..Entry::person(id, name)
    };
    match member {
        "AUS" => vec![
            person("AUS-B1", "KARIMI, Mohammad Nabi", (1979, 3, 2), "AFG"),
            person("AUS-B2", "Abdul Wahid RAHIMI", (1975, 9, 20), "AFG"),
        ],
        "IDN" => vec![person("IDN-B1", "Ketut Arta", (1981, 1, 14), "IDN")],
        "MYS" => vec![person("MYS-B1", "Rosli bin Abdullah", (1977, 6, 5), "MYS")],
        "THA" => vec![person("THA-B1", "Somchai Srisuk", (1983, 12, 1), "THA")],
        "LKA" => vec![person(
            "LKA-B1",
            "Suthakaran Kanagaratnam",
            (1980, 4, 22),
            "LKA",
        )],
        _ => Vec::new(),
    }
}

/// Seeds registry reports and a watchlist for each demo officer's member.
pub(super) async fn seed(
    store: &Store,
    officers: &[Principal],
    today: NaiveDate,
) -> Result<SeededChecks> {
    let mut seeded = SeededChecks {
        registry: 0,
        watchlist_entries: 0,
    };
    for (n, officer) in officers.iter().enumerate() {
        let rows = reports(&officer.member, today)
            .into_iter()
            .enumerate()
            .map(|(i, entry)| RegistryRow {
                line: i as u64 + 2,
                record: Ok(entry),
            })
            .collect();
        seeded.registry += store
            .registry_importer(officer)?
            .import_batch(rows)
            .await?
            .outcome
            .created;

        let mut entries: Vec<Entry> = lintas_names::synth::generate(120, 2026 + n as u64)
            .into_iter()
            .enumerate()
            .map(|(i, mut e)| {
                e.id = format!("{}-{:03}", officer.member, i + 1);
                e.reason = Some("synthetic demo entry".into());
                e
            })
            .collect();
        entries.extend(brokers(&officer.member));
        // NZL keeps its list to itself; the others share theirs with the region.
        let sharing = if officer.member == "NZL" {
            level("national", &[])
        } else {
            level("regional", &[])
        };
        let name = format!("{} national watchlist", officer.member);
        seeded.watchlist_entries += store
            .import_watchlist(officer, &name, "csv", sharing, entries)
            .await?
            .added;
    }
    Ok(seeded)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The printed MRZs are what the generator writes for the seeded documents, and valid.
    #[test]
    fn demo_mrzs_are_valid_and_match_the_seeded_documents() {
        let today = time::Date::from_calendar_date(2026, time::Month::November, 1).unwrap();
        for (mrz, number, surname) in [
            (DEMO_STOLEN_MRZ, "C4X81327", "SETIAWAN"),
            (DEMO_LISTED_MRZ, "P0123456", "KARIMI"),
        ] {
            let doc = lintas_mrz::parse(mrz, &lintas_mrz::ParseOptions::new(today));
            assert!(doc.valid, "{:?}", doc.errors);
            assert_eq!(doc.document_number.value.as_deref(), Some(number));
            assert_eq!(doc.surname.value.as_deref(), Some(surname));
        }
        let idn = reports("IDN", NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        assert!(
            idn.iter()
                .any(|r| r.document_number == "C4X81327" && r.status == "stolen")
        );
    }
}
