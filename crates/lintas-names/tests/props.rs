//! Property tests: normalisation, transliteration, scoring and parsers accept any input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

use lintas_names::compare::compare_names;
use lintas_names::lists::{ListFormat, parse};
use lintas_names::parts::parse_name;
use lintas_names::score::{PreparedEntry, PreparedQuery};
use lintas_names::translit::to_latin;
use lintas_names::{Index, Query, Scorer};
use proptest::prelude::*;

/// Names drawn from the region's scripts, Latin with diacritics, controls and noise.
fn name_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z ,.'-]{0,40}",
        "[\\u{0600}-\\u{06FF} ]{0,20}",
        "[\\u{1000}-\\u{109F}]{0,12}",
        "[\\u{0E00}-\\u{0E7F}\\u{0E80}-\\u{0EFF}]{0,12}",
        "[\\u{4E00}-\\u{9FFF}\\u{AC00}-\\u{D7A3}]{0,6}",
        "[\\u{0900}-\\u{0DFF} ]{0,16}",
        "[\\u{0400}-\\u{04FF}\\u{00C0}-\\u{024F}\\u{1EA0}-\\u{1EFF} ]{0,20}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn transliteration_is_lowercase_ascii(s in name_strategy()) {
        let latin = to_latin(&s);
        prop_assert!(latin.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' '));
        prop_assert!(!latin.contains("  "));
    }

    #[test]
    fn name_scores_in_unit_interval_and_self_match(a in name_strategy(), b in name_strategy()) {
        let (pa, pb) = (parse_name(&a), parse_name(&b));
        let s = compare_names(&pa, &pb).score;
        prop_assert!((0.0..=1.0).contains(&s));
        let sym = compare_names(&pb, &pa).score;
        // Asymmetric by design: parts only the query has cost more than parts only the
        // candidate has (a missing middle name), most when one part carries the match.
        prop_assert!((s - sym).abs() < 0.2, "asymmetric {s} vs {sym}");
        if pa.significant().next().is_some() {
            prop_assert!(compare_names(&pa, &pa).score > 0.99);
        }
    }

    #[test]
    fn full_scores_in_unit_interval(a in name_strategy(), b in name_strategy(), year in 1900u16..2030, nat in "[A-Za-z]{0,3}") {
        let mut q = Query::name(a);
        q.birth_date = lintas_names::BirthDate::parse(&year.to_string());
        q.nationality = Some(nat);
        let mut e = lintas_names::Entry::person("1", b);
        e.birth_dates.push(lintas_names::BirthDate { year: 1970, month: Some(1), day: Some(2) });
        let s = Scorer::default().score(&PreparedQuery::new(q), &PreparedEntry::new(&e));
        prop_assert!((0.0..=1.0).contains(&s.score));
    }

    #[test]
    fn index_finds_exact_names(names in proptest::collection::vec("[A-Z][a-z]{2,8} [A-Z][a-z]{2,8}", 1..20), pick in 0usize..20) {
        let entries: Vec<_> = names.iter().enumerate().map(|(i, n)| lintas_names::Entry::person(i.to_string(), n.clone())).collect();
        let index = Index::build(entries);
        let i = pick % names.len();
        let target = names.get(i).cloned().unwrap_or_default();
        let hits = index.search(&Query::name(target.clone()), 0.9, 50);
        prop_assert!(hits.iter().any(|m| m.name == target), "{target} not found");
    }

    #[test]
    fn parsers_never_panic(data in proptest::collection::vec(any::<u8>(), 0..400)) {
        for f in [ListFormat::Un, ListFormat::Ofac, ListFormat::Ftm, ListFormat::Csv] {
            let _ = parse(&data, f);
        }
    }
}

#[test]
fn robustness_edge_cases() {
    let index = Index::build(vec![
        lintas_names::Entry::person("1", "Aung Ko Ko"),
        lintas_names::Entry::person("2", ""),
    ]);
    // Empty, whitespace, controls only.
    for q in [
        "",
        "   ",
        "\u{0000}\u{0007}\u{001b}[31m",
        "\u{200b}\u{feff}",
    ] {
        assert!(index.search(&Query::name(q), 0.5, 10).is_empty(), "{q:?}");
    }
    // 10 KB names: bounded work, sensible result.
    let big = "Aung Ko Ko ".repeat(1000);
    let hits = index.search(&Query::name(big), 0.0, 10);
    assert!(hits.iter().all(|m| (0.0..=1.0).contains(&m.score)));
    let long_word = "a".repeat(10_240);
    assert!(index.search(&Query::name(long_word), 0.5, 10).is_empty());
    // Mixed scripts in one name still match the part that is there.
    let hits = index.search(&Query::name("Aung ကို Ko"), 0.7, 10);
    assert_eq!(hits.first().map(|m| m.id.as_str()), Some("1"));
    // Control characters inside a name separate parts rather than breaking it.
    let hits = index.search(&Query::name("Aung\tKo\u{0000}Ko"), 0.9, 10);
    assert_eq!(hits.first().map(|m| m.id.as_str()), Some("1"));
}
