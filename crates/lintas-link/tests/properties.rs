//! Property tests: parsers never panic, normalisation is idempotent, gamma values stay in range,
//! and the blocking union equals the brute-force set of pairs satisfying any rule, each once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

use std::collections::BTreeSet;
use std::sync::Arc;

use lintas_link::blocking::{Blocker, KeyExpr};
use lintas_link::comparison::{Comparator, parse_date};
use lintas_link::data::normalise;
use lintas_link::names::StrsimNames;
use lintas_link::{BlockingRule, ComparisonSpec, Dataset, LinkType, Preset, Settings};
use proptest::prelude::*;

fn small_value() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        1 => Just(None),
        6 => prop::sample::select(vec!["ann", "anne", "bob", "lee", "Lea", "19900101", "1990-01-02", "ß", "محمد", " x  y "]).prop_map(|s| Some(s.to_string())),
        1 => "\\PC{0,8}".prop_map(Some),
    ]
}

fn dataset(rows: &[(u16, Vec<Option<String>>)]) -> Dataset {
    let mut d = Dataset::new(&["a", "b", "c"]);
    d.add_source("s0").unwrap();
    d.add_source("s1").unwrap();
    for (i, (s, vals)) in rows.iter().enumerate() {
        let v: Vec<Option<&str>> = vals.iter().map(|x| x.as_deref()).collect();
        d.push(*s, &i.to_string(), &v).unwrap();
    }
    d
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn key_expr_parser_never_panics(s in "\\PC{0,30}") {
        if let Ok(k) = s.parse::<KeyExpr>() {
            // What parses prints back to something that parses to the same key.
            prop_assert_eq!(k.to_string().parse::<KeyExpr>().unwrap(), k);
        }
    }

    #[test]
    fn settings_parser_never_panics(s in "\\PC{0,200}") {
        let _ = Settings::from_toml(&s);
    }

    #[test]
    fn dates_and_normalisation_never_panic(s in "\\PC{0,20}") {
        let _ = parse_date(&s);
        let n = normalise(&s);
        prop_assert_eq!(normalise(&n), n);
    }

    #[test]
    fn gamma_in_range(rows in prop::collection::vec((0u16..2, prop::collection::vec(small_value(), 3)), 2..12)) {
        let d = dataset(&rows);
        let names: Arc<StrsimNames> = Arc::new(StrsimNames::default());
        for preset in [Preset::Name, Preset::Date, Preset::Text, Preset::Code, Preset::Exact] {
            let c = Comparator::new(&ComparisonSpec::preset("a", preset, true), &d, names.clone()).unwrap();
            for i in 0..d.len() {
                for j in 0..d.len() {
                    let g = c.gamma(&d, i, j);
                    prop_assert!(usize::from(g) < c.n_gammas());
                    prop_assert_eq!(g, c.gamma(&d, j, i));
                }
            }
        }
    }

    #[test]
    fn blocking_union_is_exact_and_duplicate_free(
        rows in prop::collection::vec((0u16..2, prop::collection::vec(small_value(), 3)), 2..25),
        link in any::<bool>(),
    ) {
        let d = dataset(&rows);
        let rules = vec![
            BlockingRule::parse(&["a"]).unwrap(),
            BlockingRule::parse(&["prefix(b,1)", "c"]).unwrap(),
            BlockingRule::parse(&["metaphone(a)"]).unwrap(),
        ];
        let lt = if link { LinkType::Link } else { LinkType::Dedupe };
        let names = StrsimNames::default();
        let b = Blocker::new(&rules, &d, lt, u64::MAX, &names).unwrap();
        let (pairs, summary) = b.generate(&d, 0, |_, _, _| {}, |_| {});
        let got: Vec<(u32, u32)> = pairs.left.iter().copied().zip(pairs.right.iter().copied()).collect();
        let set: BTreeSet<(u32, u32)> = got.iter().copied().collect();
        prop_assert_eq!(set.len(), got.len(), "duplicate pairs");
        let mut expected = BTreeSet::new();
        for i in 0..d.len() {
            for j in i + 1..d.len() {
                if lt == LinkType::Link && d.sources()[i] == d.sources()[j] { continue; }
                if b.keys().iter().any(|k| k.agree(i, j)) { expected.insert((i as u32, j as u32)); }
            }
        }
        prop_assert_eq!(&set, &expected);
        prop_assert_eq!(b.count_union(d.sources()), expected.len() as u64);
        for (s, &c) in summary.iter().zip(b.counts()) {
            prop_assert!(s.generated <= c);
        }
    }
}
