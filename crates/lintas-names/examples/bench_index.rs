//! Speed and memory of the watchlist index on 1,000,000 generated entries plus the real
//! lists (UN, OFAC, FtM sample). See `docs/benchmarks.md`, `## Screening`.
//!
//! `cargo run --release -p lintas-names --example bench_index [-- ENTRIES [EXHAUSTIVE_SAMPLE]]`
//!
//! Queries: the 683 yente UN positives (treated), 1,000 spelling variants of generated
//! entries and 1,000 yente negatives. Reports build time, peak RSS, p50/p99 latency and
//! recall of the UN positives via the index; with EXHAUSTIVE_SAMPLE > 0 also recall of
//! that many positives by exhaustive scoring over the whole list (slow).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use lintas_names::index::IndexConfig;
use lintas_names::lists::{ListFormat, parse};
use lintas_names::{Index, Query, ScoreConfig, Scorer};
use std::collections::HashMap;
use std::time::Instant;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/");

fn status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// CPU time of the calling thread in nanoseconds (`CLOCK_THREAD_CPUTIME_ID`: exact,
/// unlike the tick-granular schedstat, and unaffected by waiting for a busy core).
fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return 0;
    }
    u64::try_from(ts.tv_sec).unwrap_or(0) * 1_000_000_000 + u64::try_from(ts.tv_nsec).unwrap_or(0)
}

fn rows(path: &str) -> anyhow::Result<Vec<csv::StringRecord>> {
    let data = std::fs::read(format!("{DATA}{path}"))?;
    let mut rdr = csv::Reader::from_reader(data.as_slice());
    Ok(rdr.records().collect::<Result<Vec<_>, _>>()?)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = args.first().copied().unwrap_or(1_000_000);
    let exhaustive_sample = args.get(1).copied().unwrap_or(0);
    let threshold = ScoreConfig::default().threshold;

    let t = Instant::now();
    let mut entries = lintas_names::synth::generate(n, 20_241_123);
    let gen_time = t.elapsed();
    let t = Instant::now();
    let un = parse(
        &std::fs::read(format!(
            "{DATA}watchlists/un_sc_consolidated_2024-09-26.xml"
        ))?,
        ListFormat::Un,
    )?;
    let ofac = parse(
        &std::fs::read(format!("{DATA}watchlists/ofac_sdn_2024-05-03.csv"))?,
        ListFormat::Ofac,
    )?;
    let ftm = parse(
        &std::fs::read(format!(
            "{DATA}watchlists/opensanctions_ftm_sample_zala.ftm.jsonl"
        ))?,
        ListFormat::Ftm,
    )?;
    let parse_time = t.elapsed();
    let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    for e in &un {
        for nm in &e.names {
            by_name.entry(norm(nm)).or_default().push(e.id.clone());
        }
    }
    entries.extend(un);
    entries.extend(ofac);
    entries.extend(ftm);
    let total = entries.len();
    let rss_before = status("VmRSS:");
    let t = Instant::now();
    // Candidate-generation limits can be varied for tuning: NAMES_CAP, NAMES_K, NAMES_PROBE.
    let mut config = IndexConfig::default();
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<usize>().ok());
    config.posting_cap = env("NAMES_CAP").unwrap_or(config.posting_cap);
    config.max_candidates = env("NAMES_K").unwrap_or(config.max_candidates);
    config.probe_limit = env("NAMES_PROBE").unwrap_or(config.probe_limit);
    println!("index config: {config:?}");
    let index = Index::build_with(entries, Scorer::default(), config);
    let build_time = t.elapsed();
    println!("entries: {total} ({n} generated + real lists)");
    println!(
        "generate: {:.2} s; parse real lists: {:.2} s; index build: {:.2} s",
        gen_time.as_secs_f64(),
        parse_time.as_secs_f64(),
        build_time.as_secs_f64()
    );
    println!(
        "RSS before build: {rss_before}; after build: {}; peak (VmHWM): {}",
        status("VmRSS:"),
        status("VmHWM:")
    );
    println!(
        "distinct names: {}; index key and row arrays: {:.1} MB",
        index.distinct_names(),
        index.key_bytes() as f64 / 1e6
    );

    let treated = rows("yente_screening_benchmark/positives_un_treated.csv")?;
    let untreated = rows("yente_screening_benchmark/positives_un_untreated.csv")?;
    let negatives = rows("yente_screening_benchmark/negatives_global.csv")?;
    let mut rng = fastrand::Rng::with_seed(7);
    let mut queries: Vec<(Query, Option<Vec<String>>)> = Vec::new();
    for (t, u) in treated.iter().zip(&untreated) {
        let expected = u.get(0).and_then(|nm| by_name.get(&norm(nm))).cloned();
        queries.push((Query::name(t.get(0).unwrap_or("")), expected));
    }
    for _ in 0..1000 {
        let i = rng.usize(..n.max(1));
        let name = index
            .entry(i)
            .and_then(|e| e.names.first())
            .cloned()
            .unwrap_or_default();
        queries.push((
            Query::name(lintas_names::synth::variant(&mut rng, &name)),
            None,
        ));
    }
    for r in negatives.iter().take(1000) {
        queries.push((Query::name(r.get(0).unwrap_or("")), None));
    }
    // Warm-up (allocates the scratch buffers once).
    let _ = index.search(&Query::name("warm up"), threshold, 10);
    // Profiling aid: run the queries this many more times before measuring.
    let repeat: usize = std::env::var("NAMES_BENCH_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    for _ in 0..repeat {
        for (q, _) in &queries {
            std::hint::black_box(index.search(q, threshold, 10));
        }
    }
    let mut lat: Vec<f64> = Vec::with_capacity(queries.len());
    let mut cpu: Vec<f64> = Vec::with_capacity(queries.len());
    let (mut hits, mut expected_n) = (0u32, 0u32);
    let mut missed: Vec<usize> = Vec::new();
    // NAMES_BENCH_DUMP=FILE writes every query's matches (id, name, exact score), to
    // check that a speed change returns the same results.
    let mut dump = std::env::var("NAMES_BENCH_DUMP")
        .ok()
        .map(|_| String::new());
    for (qi, (q, expected)) in queries.iter().enumerate() {
        let c0 = thread_cpu_ns();
        let t = Instant::now();
        let m = index.search(q, threshold, 10);
        lat.push(t.elapsed().as_secs_f64() * 1e3);
        cpu.push(thread_cpu_ns().saturating_sub(c0) as f64 / 1e6);
        if let Some(d) = dump.as_mut() {
            for x in &m {
                d.push_str(&format!("{qi}\t{}\t{}\t{:?}\n", x.id, x.name, x.score));
            }
        }
        if let Some(ids) = expected {
            expected_n += 1;
            let found = m.iter().any(|m| ids.contains(&m.id));
            hits += u32::from(found);
            if !found {
                missed.push(qi);
            }
        }
    }
    if let (Some(d), Ok(path)) = (dump, std::env::var("NAMES_BENCH_DUMP")) {
        std::fs::write(path, d)?;
    }
    lat.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let pct = |v: &[f64], p: f64| {
        v.get(((v.len() as f64 - 1.0) * p) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "queries: {}; wall latency ms: p50 {:.3} p90 {:.3} p99 {:.3} max {:.3}",
        lat.len(),
        pct(&lat, 0.5),
        pct(&lat, 0.9),
        pct(&lat, 0.99),
        pct(&lat, 1.0)
    );
    println!(
        "thread CPU time per query ms: p50 {:.3} p90 {:.3} p99 {:.3} max {:.3}",
        pct(&cpu, 0.5),
        pct(&cpu, 0.9),
        pct(&cpu, 0.99),
        pct(&cpu, 1.0)
    );
    println!(
        "load average during run: {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    println!(
        "UN positives recall via index @ {threshold}: {hits}/{expected_n} = {:.4}",
        f64::from(hits) / f64::from(expected_n.max(1))
    );
    if std::env::var_os("NAMES_BENCH_MISSES").is_some() {
        for &qi in &missed {
            let Some((q, Some(ids))) = queries.get(qi) else {
                continue;
            };
            let ex = index.search_exhaustive(q, threshold, 10);
            let ex_found = ex.iter().any(|m| ids.contains(&m.id));
            println!(
                "miss: {:?} expected {ids:?}; exhaustive finds it: {ex_found}; exhaustive top: {:?}",
                q.names,
                ex.iter()
                    .take(3)
                    .map(|m| (m.id.as_str(), m.name.as_str(), m.score))
                    .collect::<Vec<_>>()
            );
        }
    }
    if exhaustive_sample > 0 {
        // Exhaustive scoring of a million entries takes about a second per query:
        // spread the sample over the cores.
        use rayon::prelude::*;
        let sample: Vec<_> = queries
            .iter()
            .filter(|(_, e)| e.is_some())
            .step_by((683 / exhaustive_sample.max(1)).max(1))
            .take(exhaustive_sample)
            .collect();
        let t = Instant::now();
        let (ih, eh): (u32, u32) = sample
            .par_iter()
            .map(|(q, expected)| {
                let ids = expected.clone().unwrap_or_default();
                let i = index
                    .search(q, threshold, 10)
                    .iter()
                    .any(|m| ids.contains(&m.id));
                let e = index
                    .search_exhaustive(q, threshold, 10)
                    .iter()
                    .any(|m| ids.contains(&m.id));
                if i != e {
                    println!("index {i} exhaustive {e}: {:?} expected {ids:?}", q.names);
                }
                (u32::from(i), u32::from(e))
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        let k = sample.len();
        println!(
            "sample of {k} UN positives: index recall {ih}/{k}, exhaustive recall {eh}/{k} ({:.1} s)",
            t.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
