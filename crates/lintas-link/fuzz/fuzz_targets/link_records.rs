//! Arbitrary records (lines of `|`-separated fields) through the whole pipeline: comparisons,
//! blocking, u sampling, EM, λ, scoring and clustering must never panic.
#![no_main]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use libfuzzer_sys::fuzz_target;
use lintas_link::{
    BlockingRule, ComparisonSpec, Dataset, Level, LinkType, Linker, NoProgress, Preset, Settings,
};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut d = Dataset::new(&["given", "surname", "dob"]);
    let (Ok(a), Ok(b)) = (d.add_source("a"), d.add_source("b")) else {
        return;
    };
    for (i, line) in text.lines().take(64).enumerate() {
        let mut f = line.split('|');
        let vals = [f.next(), f.next(), f.next()];
        let _ = d.push(if i % 2 == 0 { a } else { b }, &i.to_string(), &vals);
    }
    let mut given = ComparisonSpec::preset("given", Preset::Name, true);
    given.levels = vec![
        Level::Exact,
        Level::Swapped("surname".into()),
        Level::Levenshtein(2),
        Level::Phonetic,
        Level::AbsDiff(3.0),
    ];
    let comparisons = vec![
        given,
        ComparisonSpec::preset("surname", Preset::Name, true),
        ComparisonSpec::preset("dob", Preset::Date, false),
    ];
    let rules = [
        "given",
        "metaphone(surname)",
        "year(dob)",
        "prefix(surname,2)",
        "last_token(given)",
    ];
    let Ok(blocking_rules) = rules
        .iter()
        .map(|r| BlockingRule::parse(&[*r]))
        .collect::<Result<Vec<_>, _>>()
    else {
        return;
    };
    for link_type in [LinkType::Dedupe, LinkType::Link] {
        let mut s = Settings::default_for_columns(&["given", "surname", "dob"], link_type)
            .expect("person columns");
        s.comparisons = comparisons.clone();
        s.blocking_rules = blocking_rules.clone();
        s.training.u_samples = 500;
        s.max_pairs_per_rule = 10_000;
        if let Ok(linker) = Linker::new(s) {
            let _ = linker.link(&d, &NoProgress);
        }
    }
});
