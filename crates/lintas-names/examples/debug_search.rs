//! Shows the index candidates and matches of one name against the UN list:
//! `cargo run --example debug_search -- "NAME" [GENERATED]` (GENERATED: add that many
//! entries from the seeded generator, as the index benchmark does).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use lintas_names::lists::{ListFormat, parse};
use lintas_names::score::PreparedQuery;
use lintas_names::{Index, Query};

fn main() -> anyhow::Result<()> {
    let name = std::env::args().nth(1).unwrap_or_default();
    let data = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/watchlists/un_sc_consolidated_2024-09-26.xml"
    ))?;
    let generated: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut entries = lintas_names::synth::generate(generated, 20_241_123);
    entries.extend(parse(&data, ListFormat::Un)?);
    let index = Index::build(entries);
    let pq = PreparedQuery::new(Query::name(name.clone()));
    let c = index.candidates(&pq);
    println!(
        "{} candidates: {:?}",
        c.len(),
        c.iter()
            .take(40)
            .filter_map(|i| index
                .entry(*i)
                .map(|e| (e.id.clone(), e.names.first().cloned())))
            .collect::<Vec<_>>()
    );
    for m in index.search(&Query::name(name.clone()), 0.5, 5) {
        println!("index: {} {:?} {:.3}", m.id, m.name, m.score);
    }
    for m in index.search_exhaustive(&Query::name(name.clone()), 0.5, 5) {
        println!(
            "  rank in candidates: {:?}",
            index.candidate_rank(&pq, m.entry)
        );
        println!(
            "exhaustive: {} {:?} {:.3} {:?}",
            m.id, m.name, m.score, m.reasons
        );
    }
    Ok(())
}
