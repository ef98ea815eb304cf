//! Normalisation, transliteration, comparison and scoring on arbitrary input.
#![no_main]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use libfuzzer_sys::fuzz_target;
use lintas_names::compare::compare_names;
use lintas_names::parts::parse_name;
use lintas_names::score::{PreparedEntry, PreparedQuery};
use lintas_names::{Entry, Query, Scorer};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_at(text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i));
    let latin = lintas_names::translit::to_latin(a);
    assert!(latin.is_ascii());
    let _ = lintas_names::script::detect_scripts(a);
    let (pa, pb) = (parse_name(a), parse_name(b));
    let s = compare_names(&pa, &pb).score;
    assert!((0.0..=1.0).contains(&s));
    let scored = Scorer::default().score(&PreparedQuery::new(Query::name(a)), &PreparedEntry::new(&Entry::person("x", b)));
    assert!((0.0..=1.0).contains(&scored.score));
});
