//! F1 floors on real benchmark data, so accuracy regressions fail the build.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]

mod common;

use lintas_link::eval::{b_cubed, cluster_pairwise, pairwise, truth_ids};
use lintas_link::{LinkType, Linker, NoProgress, Settings};

fn run(files: &[&str], id: &str, truth: Option<&str>, link_type: LinkType) -> (f64, f64, f64) {
    let (data, labels) = common::load(files, id, truth);
    let settings = Settings::default_for_dataset(&data, link_type, None).unwrap();
    let out = Linker::new(settings)
        .unwrap()
        .link(&data, &NoProgress)
        .unwrap();
    let t = truth_ids(&labels);
    let p = pairwise(out.scored.index_pairs(), &t, link_type, data.sources());
    let c = cluster_pairwise(&out.clusters.assignment, &t, link_type, data.sources());
    let b = b_cubed(&out.clusters.assignment, &t);
    eprintln!("{files:?}: pairwise {p:?}\nclusters {c:?}\nb-cubed {b:?}");
    (p.f1, c.f1, b.f1)
}

#[test]
fn febrl1_dedupe_f1_floor() {
    let (pair_f1, cluster_f1, _) = run(&["febrl/dataset1.csv"], "rec_id", None, LinkType::Dedupe);
    assert!(pair_f1 >= 0.90, "pairwise F1 {pair_f1}");
    assert!(cluster_f1 >= 0.90, "cluster F1 {cluster_f1}");
}

#[test]
fn fake_1000_dedupe_f1_floor() {
    let (pair_f1, _, bcubed) = run(
        &["splink_datasets/fake_1000.csv"],
        "unique_id",
        Some("cluster"),
        LinkType::Dedupe,
    );
    assert!(pair_f1 >= 0.70, "pairwise F1 {pair_f1}");
    assert!(bcubed >= 0.80, "B-cubed F1 {bcubed}");
}
