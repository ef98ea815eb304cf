//! Links region-shaped records from `lintas_link::synth` with the default settings and prints
//! the model, the metrics, the time and a sample of the errors (for tuning on the tuning seed).
//!
//! `cargo run --release -p lintas-link --example link_region -- PEOPLE SEED [ERRORS]`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use lintas_link::eval::{cluster_pairwise, pairwise, truth_ids};
use lintas_link::synth::{self, COLUMNS};
use lintas_link::{Dataset, LinkType, Linker, Progress, Settings};

/// Prints the time of each stage (LK_STAGES=1).
struct Stages(std::sync::Mutex<Option<(String, Instant)>>);

impl Progress for Stages {
    fn start(&self, stage: &str, _total: u64) {
        *self.0.lock().unwrap() = Some((stage.to_string(), Instant::now()));
    }
    fn advance(&self, _n: u64) {}
    fn finish(&self) {
        if let Some((s, t)) = self.0.lock().unwrap().take()
            && std::env::var("LK_STAGES").is_ok()
        {
            eprintln!("stage {s}: {:.3}s", t.elapsed().as_secs_f64());
        }
    }
}

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
    let mut settings = Settings::default_for_dataset(&data, LinkType::Dedupe, None).unwrap();
    // Experiments on the tuning seed: LK_TF_FUZZY=0, LK_THRESHOLD=P, LK_U_SAMPLES=N.
    if let Ok(v) = std::env::var("LK_TF_FUZZY") {
        settings.tf_fuzzy = v != "0";
    }
    if let Ok(v) = std::env::var("LK_THRESHOLD") {
        settings.threshold = v.parse().unwrap();
    }
    if let Ok(v) = std::env::var("LK_U_SAMPLES") {
        settings.training.u_samples = v.parse().unwrap();
    }
    let out = Linker::new(settings)
        .unwrap()
        .link(&data, &Stages(Default::default()))
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
        // Missed pairs (not scored) by what the two records share beyond the name.
        let scored: std::collections::HashSet<(u32, u32)> = out
            .scored
            .index_pairs()
            .map(|(a, b)| (a.min(b), a.max(b)))
            .collect();
        let dob = |r: &synth::SynthRecord| match r.date_of_birth.len() {
            0 => "none",
            4 => "year",
            _ => "full",
        };
        let mut kinds: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
        for v in by.values() {
            for x in 0..v.len() {
                for y in x + 1..v.len() {
                    let (a, b) = (&recs[v[x]], &recs[v[y]]);
                    let key = (v[x].min(v[y]) as u32, v[x].max(v[y]) as u32);
                    let mut d = [dob(a), dob(b)];
                    d.sort();
                    let k = format!(
                        "dob {}-{} phone {} doc {} clustered {}",
                        d[0],
                        d[1],
                        !a.phone.is_empty() && !b.phone.is_empty(),
                        !a.document_number.is_empty() && !b.document_number.is_empty(),
                        out.clusters.assignment[v[x]] == out.clusters.assignment[v[y]]
                    );
                    let e = kinds.entry(k).or_default();
                    e.0 += 1;
                    e.1 += usize::from(!scored.contains(&key));
                }
            }
        }
        for (k, (n, missed)) in &kinds {
            eprintln!("{k}: {n} pairs, {missed} not scored");
        }
        let mut fpk: std::collections::BTreeMap<String, usize> = Default::default();
        for (a, b) in out.scored.index_pairs() {
            let (a, b) = (&recs[a as usize], &recs[b as usize]);
            if a.entity != b.entity {
                let mut d = [dob(a), dob(b)];
                d.sort();
                *fpk.entry(format!(
                    "{:?}-{:?} dob {}-{} same cluster? n/a",
                    a.kind, b.kind, d[0], d[1]
                ))
                .or_default() += 1;
            }
        }
        for (k, n) in &fpk {
            eprintln!("FP {k}: {n}");
        }
        let mut sizes = std::collections::HashMap::<u32, usize>::new();
        for &a in &out.clusters.assignment {
            *sizes.entry(a).or_default() += 1;
        }
        eprintln!("largest cluster {}", sizes.values().max().unwrap());
    }
}
