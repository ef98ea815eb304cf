//! Links region-shaped records from `lintas_link::synth` with the default settings and prints
//! the model, the metrics, the time and a sample of the errors (for tuning on the tuning seed).
//!
//! `cargo run --release -p lintas-link --example link_region -- PEOPLE SEED [ERRORS]`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use lintas_link::eval::{cluster_pairwise, pairwise, truth_ids};
use lintas_link::synth::{self, COLUMNS};
use lintas_link::{Dataset, LinkType, Linker, NoProgress, Settings};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let people: usize = args.get(1).map_or(6000, |s| s.parse().unwrap());
    let seed: u64 = args
        .get(2)
        .map_or(synth::TUNING_SEED, |s| s.parse().unwrap());
    let show: usize = args.get(3).map_or(0, |s| s.parse().unwrap());
    let recs = synth::generate(people, seed);
    let cols = &COLUMNS[1..8];
    let mut data = Dataset::new(cols);
    let src = data.add_source("synth").unwrap();
    for r in &recs {
        let f = r.fields();
        let vals: Vec<Option<&str>> = f[1..8]
            .iter()
            .map(|v| (!v.is_empty()).then_some(*v))
            .collect();
        data.push(src, &r.id, &vals).unwrap();
    }
    let t0 = Instant::now();
    let settings = Settings::default_for_dataset(&data, LinkType::Dedupe, None).unwrap();
    let out = Linker::new(settings)
        .unwrap()
        .link(&data, &NoProgress)
        .unwrap();
    let secs = t0.elapsed().as_secs_f64();
    for c in &out.model.comparisons {
        let lv: Vec<String> = c
            .labels
            .iter()
            .enumerate()
            .skip(1)
            .map(|(g, l)| {
                format!(
                    "{l}: m={:.3} u={:.2e} w={:+.2}",
                    c.m[g],
                    c.u[g],
                    c.log2_bf(g as u8)
                )
            })
            .collect();
        eprintln!(
            "{} [{}]: {}",
            c.spec.display_name(),
            c.estimation,
            lv.join("; ")
        );
    }
    eprintln!("guard: {}", out.model.guard);
    eprintln!(
        "lambda {:.3e} candidates {} scored {} cut {}",
        out.model.lambda,
        out.candidate_pairs,
        out.scored.weights.len(),
        out.clusters.cut_bridges
    );
    let labels: Vec<Option<String>> = recs.iter().map(|r| Some(r.entity.clone())).collect();
    let t = truth_ids(&labels);
    let p = pairwise(
        out.scored.index_pairs(),
        &t,
        LinkType::Dedupe,
        data.sources(),
    );
    let c = cluster_pairwise(
        &out.clusters.assignment,
        &t,
        LinkType::Dedupe,
        data.sources(),
    );
    println!(
        "records {} seed {seed}: pairwise P {:.4} R {:.4} F1 {:.4}; clusters P {:.4} R {:.4} F1 {:.4}; {secs:.2}s",
        recs.len(),
        p.precision,
        p.recall,
        p.f1,
        c.precision,
        c.recall,
        c.f1
    );
    if show > 0 {
        let fmt = |i: usize| {
            let r = &recs[i];
            format!(
                "{}|{}|{}|{}|{}|{}|{}|{:?}",
                r.given_name,
                r.surname,
                r.date_of_birth,
                r.sex,
                r.nationality,
                r.phone,
                r.document_number,
                r.kind
            )
        };
        let mut fp = 0;
        for (i, (a, b)) in out.scored.index_pairs().enumerate() {
            let (a, b) = (a as usize, b as usize);
            if recs[a].entity != recs[b].entity && fp < show {
                fp += 1;
                eprintln!(
                    "FP p={:.3} g={:?}\n   {}\n   {}",
                    out.scored.probability(i),
                    out.scored.pairs.gammas(i),
                    fmt(a),
                    fmt(b)
                );
            }
        }
        // Missed pairs: records of one entity in different clusters.
        let mut by: std::collections::HashMap<&str, Vec<usize>> = Default::default();
        for (i, r) in recs.iter().enumerate() {
            by.entry(&r.entity).or_default().push(i);
        }
        let mut fnn = 0;
        for v in by.values() {
            for x in 0..v.len() {
                for y in x + 1..v.len() {
                    if out.clusters.assignment[v[x]] != out.clusters.assignment[v[y]] && fnn < show
                    {
                        fnn += 1;
                        eprintln!("FN\n   {}\n   {}", fmt(v[x]), fmt(v[y]));
                    }
                }
            }
        }
        let mut sizes = std::collections::HashMap::<u32, usize>::new();
        for &a in &out.clusters.assignment {
            *sizes.entry(a).or_default() += 1;
        }
        eprintln!("largest cluster {}", sizes.values().max().unwrap());
    }
}
