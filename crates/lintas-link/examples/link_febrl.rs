//! Links a FEBRL CSV with the default settings and prints the metrics and the guard measured.
//!
//! `cargo run --release -p lintas-link --example link_febrl -- ../shared/data/febrl/dataset2.csv`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use lintas_link::eval::{cluster_pairwise, pairwise, truth_ids};
use lintas_link::{Dataset, LinkType, Linker, NoProgress, Settings};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = &args[1];
    let mode = args.get(2).map_or("", String::as_str);
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .unwrap();
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let cols: Vec<String> = headers.iter().filter(|h| *h != "rec_id").cloned().collect();
    let mut data = Dataset::new(&cols);
    let src = data.add_source("f").unwrap();
    let mut truth = vec![];
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let id = rec.get(0).unwrap();
        let vals: Vec<Option<&str>> = (1..headers.len())
            .map(|i| rec.get(i).filter(|v| !v.is_empty()))
            .collect();
        data.push(src, id, &vals).unwrap();
        truth.push(id.split('-').nth(1).map(str::to_string));
    }
    let mut s = Settings::default_for_dataset(&data, LinkType::Dedupe, None).unwrap();
    if mode.contains("noguard") {
        s.person = None;
    }
    let t0 = std::time::Instant::now();
    let out = Linker::new(s).unwrap().link(&data, &NoProgress).unwrap();
    let t = truth_ids(&truth);
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
        "{path} {mode}: pairwise P {:.4} R {:.4} F1 {:.4}; clusters F1 {:.4} refused {} {:.2}s",
        p.precision,
        p.recall,
        p.f1,
        c.f1,
        out.clusters.refused,
        t0.elapsed().as_secs_f64()
    );
}
