//! End-to-end tests of `lintas link` on the shared benchmark data.

use std::path::{Path, PathBuf};
use std::process::Output;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

fn lintas(args: &[&str]) -> Output {
    crate::support::lintas()
        .arg("link")
        .args(args)
        .output()
        .expect("run lintas")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("lintas-link-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn metrics(stderr: &str) -> serde_json::Value {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("{\"metrics\""))
        .expect("metrics line");
    serde_json::from_str(line).unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn febrl1_dedupe_end_to_end_and_model_reuse() {
    let out = tmp("febrl1");
    let input = format!("{DATA}/febrl/dataset1.csv");
    let o = lintas(&[
        "--input",
        &input,
        "--id",
        "rec_id",
        "--truth",
        "rec_id",
        "--truth-regex",
        r"rec-(\d+)",
        "--out",
        s(&out),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("blocking rule 1 `given_name & surname`"),
        "{err}"
    );
    assert!(
        err.contains("using defaults chosen from the column names"),
        "{err}"
    );
    let m = metrics(&err);
    assert!(
        m["metrics"]["pairwise"]["f1"].as_f64().unwrap() >= 0.95,
        "{m}"
    );
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1000);
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert!(first["entity"].is_string() && first["cluster_size"].as_u64().unwrap() >= 1);
    for f in [
        "pairs.csv",
        "clusters.csv",
        "model.json",
        "records.csv",
        "settings.toml",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    let pairs = std::fs::read_to_string(out.join("pairs.csv")).unwrap();
    assert!(pairs.starts_with("left_id,left_source,right_id,right_source,match_weight,match_probability,blocking_rule,level_given_name"));
    assert!(pairs.lines().count() > 450);

    // The saved model and settings reproduce the same clusters without training.
    let o2 = lintas(&[
        "--input",
        &input,
        "--id",
        "rec_id",
        "--model",
        s(&out.join("model.json")),
        "--settings",
        s(&out.join("settings.toml")),
    ]);
    assert!(
        o2.status.success(),
        "{}",
        String::from_utf8_lossy(&o2.stderr)
    );
    assert_eq!(String::from_utf8(o2.stdout).unwrap(), stdout);
    std::fs::remove_dir_all(out).ok();
}

#[test]
fn incremental_matching_against_a_base() {
    let dir = tmp("incr");
    let text = std::fs::read_to_string(format!("{DATA}/splink_datasets/fake_1000.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    // New: every tenth record (most have duplicates in the base); base: the other 900.
    let new_rows: Vec<&str> = rows.iter().step_by(10).copied().collect();
    let base_rows: Vec<&str> = rows
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 10 != 0)
        .map(|(_, r)| *r)
        .collect();
    let write = |name: &str, rows: &[&str]| {
        let p = dir.join(name);
        std::fs::write(&p, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
        p
    };
    let base_in = write("base.csv", &base_rows);
    let new_in = write("new.csv", &new_rows);
    let base_dir = dir.join("base");
    let o = lintas(&[
        "--input",
        s(&base_in),
        "--id",
        "unique_id",
        "--out",
        s(&base_dir),
        "--threshold",
        "0.5",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = lintas(&[
        "--input",
        s(&new_in),
        "--id",
        "unique_id",
        "--base",
        s(&base_dir),
        "--threshold",
        "0.5",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let out: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.len(), 100);
    // Truth: the `cluster` column of fake_1000.
    let cluster_of = |id: &str| -> String {
        rows.iter()
            .find(|r| r.split(',').next() == Some(id))
            .and_then(|r| r.rsplit(',').next())
            .unwrap()
            .to_string()
    };
    let (mut right, mut joined) = (0, 0);
    for m in &out {
        if let Some(best) = m["best_match"].as_str()
            && m["existing_entity"].as_bool().unwrap()
        {
            joined += 1;
            if cluster_of(best) == cluster_of(m["id"].as_str().unwrap()) {
                right += 1;
            }
        }
    }
    assert!(
        joined >= 50,
        "only {joined} of 100 new records joined an existing entity\n{err}"
    );
    assert!(
        right as f64 >= 0.95 * joined as f64,
        "{right} of {joined} joined the right entity"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn link_mode_two_inputs_reports_per_rule_counts() {
    let dir = tmp("link2");
    let text = std::fs::read_to_string(format!("{DATA}/febrl/dataset4a.csv")).unwrap();
    let a: Vec<&str> = text.lines().take(301).collect();
    let text_b = std::fs::read_to_string(format!("{DATA}/febrl/dataset4b.csv")).unwrap();
    let b: Vec<&str> = text_b.lines().collect();
    let (pa, pb) = (dir.join("a.csv"), dir.join("b.csv"));
    std::fs::write(&pa, a.join("\n")).unwrap();
    std::fs::write(&pb, b.join("\n")).unwrap();
    let o = lintas(&[
        "--input",
        s(&pa),
        "--input",
        s(&pb),
        "--id",
        "rec_id",
        "--truth",
        "rec_id",
        "--truth-regex",
        r"rec-(\d+)",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("link_type = \"link\""), "{err}");
    let m = metrics(&err);
    assert!(
        m["metrics"]["pairwise"]["f1"].as_f64().unwrap() >= 0.95,
        "{m}"
    );
    assert_eq!(
        String::from_utf8(o.stdout).unwrap().lines().count(),
        300 + 5000
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn bad_inputs_get_clear_errors() {
    let dir = tmp("bad");
    let febrl1 = format!("{DATA}/febrl/dataset1.csv");
    // Malformed CSV row: the error names the line.
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "id,first_name,surname\n1,ann,lee\n2,bob\n").unwrap();
    let o = lintas(&["--input", s(&bad), "--id", "id"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 3") && err.contains("malformed CSV row"),
        "{err}"
    );
    // Missing id column.
    let o = lintas(&["--input", &febrl1, "--id", "person_id"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("column `person_id` not found"));
    // Settings: unknown field named; a comparison on a missing column named.
    let st = dir.join("s.toml");
    std::fs::write(&st, "blocking_rules = [[\"surname\"]]\nthreshhold = 0.9\n[[comparisons]]\ncolumn = \"surname\"\npreset = \"name\"\n").unwrap();
    let o = lintas(&["--input", &febrl1, "--id", "rec_id", "--settings", s(&st)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("threshhold"));
    std::fs::write(&st, "blocking_rules = [[\"surname\"]]\n[[comparisons]]\ncolumn = \"nickname\"\npreset = \"name\"\n").unwrap();
    let o = lintas(&["--input", &febrl1, "--id", "rec_id", "--settings", s(&st)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("column `nickname`"));
    // A blocking rule over the pair limit is refused with its count.
    std::fs::write(&st, "blocking_rules = [[\"state\"]]\nmax_pairs_per_rule = 1000\n[[comparisons]]\ncolumn = \"surname\"\npreset = \"name\"\n").unwrap();
    let o = lintas(&["--input", &febrl1, "--id", "rec_id", "--settings", s(&st)]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("blocking rule 1 `state` would generate")
            && err.contains("more than the maximum of 1000"),
        "{err}"
    );
    // Usage error.
    let o = lintas(&["--input", &febrl1]);
    assert_eq!(o.status.code(), Some(2));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn reads_parquet_inputs() {
    // historical_figures_with_errors_50k is snappy-compressed Parquet; a too-broad rule stops
    // the run right after reading, which keeps this test fast.
    let dir = tmp("pq");
    let st = dir.join("s.toml");
    std::fs::write(&st, "blocking_rules = [[\"gender\"]]\nmax_pairs_per_rule = 10\n[[comparisons]]\ncolumn = \"surname\"\npreset = \"name\"\n").unwrap();
    let input = format!("{DATA}/splink_datasets/historical_figures_with_errors_50k.parquet");
    let o = lintas(&["--input", &input, "--id", "unique_id", "--settings", s(&st)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("read 50578 records"), "{err}");
    assert!(err.contains("`gender` would generate"), "{err}");
    std::fs::remove_dir_all(dir).ok();
}
