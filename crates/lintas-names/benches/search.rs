//! One query against a large index (default 1,000,000 generated entries; set
//! `LINTAS_BENCH_ENTRIES` for another size). Building the index takes a few seconds
//! before measuring starts.
//!
//! `cargo bench -p lintas-names --bench search`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use lintas_names::{Index, Query, ScoreConfig};
use std::hint::black_box;

fn search(c: &mut Criterion) {
    let n: usize = std::env::var("LINTAS_BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let entries = lintas_names::synth::generate(n, 20_241_123);
    let mut rng = fastrand::Rng::with_seed(11);
    // Spelling variants of listed names (hits) and names of other regions (misses).
    let mut queries: Vec<Query> = Vec::new();
    for _ in 0..64 {
        let i = rng.usize(..n.max(1));
        if let Some(name) = entries.get(i).and_then(|e| e.names.first()) {
            queries.push(Query::name(lintas_names::synth::variant(&mut rng, name)));
        }
    }
    for name in [
        "Mohammad Tahir Anwari",
        "Olaf Scholz",
        "Nguyen Van Minh",
        "محمد حسن",
    ] {
        queries.push(Query::name(name));
    }
    let index = Index::build(entries);
    let threshold = ScoreConfig::default().threshold;
    let mut group = c.benchmark_group(format!("index_{n}"));
    group.sample_size(20);
    let mut i = 0usize;
    group.bench_function("search_one_query", |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            queries
                .get(i)
                .map(|q| black_box(index.search(black_box(q), threshold, 10)))
        })
    });
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
