//! The embedded country table must match the shared data it was generated from.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

mod common;

use std::collections::BTreeSet;

use common::data;
use lintas_mrz::{CodeKind, all_countries, lookup_country};

#[test]
fn embedded_iso_table_matches_the_csv() {
    let csv = std::fs::read_to_string(data("iso3166_states_cheminfo.csv")).expect("csv");
    let mut from_csv = BTreeSet::new();
    for line in csv.lines().skip(1) {
        // Names may contain quoted commas; the alpha-3 code is the second field from the end.
        let fields: Vec<&str> = line.rsplitn(3, ',').collect();
        from_csv.insert(fields[1].to_owned());
    }
    assert_eq!(from_csv.len(), 249);
    let embedded: BTreeSet<String> = all_countries()
        .filter(|c| c.kind == CodeKind::Iso3166)
        .map(|c| c.code.to_owned())
        .collect();
    assert_eq!(embedded, from_csv);
}

#[test]
fn every_icao_special_code_is_known() {
    let txt = std::fs::read_to_string(data("icao_special_codes_cheminfo_states.txt")).expect("txt");
    let mut n = 0;
    for line in txt
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let code = line.rsplit(' ').next().expect("code");
        let c = lookup_country(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_ne!(c.kind, CodeKind::Iso3166, "{code}");
        n += 1;
    }
    assert_eq!(n, 28);
    // The codes issue 4 names explicitly.
    for code in [
        "D", "GBD", "GBN", "GBO", "GBP", "GBS", "RKS", "EUE", "UNO", "UNA", "UNK", "XBA", "XIM",
        "XCC", "XCE", "XCO", "XEC", "XPO", "XES", "XOM", "XDC", "XXA", "XXB", "XXC", "XXX",
    ] {
        assert!(lookup_country(code).is_some(), "{code}");
    }
}
