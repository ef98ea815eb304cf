//! `lintas trends detect --series` end to end: the JSON Lines contract, zero-filled gaps,
//! label forms echoed, inclusive `--from/--to`, bad rows reported with their line, and
//! exit status 2 on usage errors.

use std::io::Write;

use crate::support;

const CONTRACT: [&str; 9] = [
    "series",
    "period",
    "observed",
    "expected",
    "upper",
    "method",
    "alarm",
    "alarm_fdr",
    "score",
];

fn run(args: &[&str]) -> (i32, String, String) {
    support::run(args, b"")
}

/// Four years of weekly counts for `weekly` (with a gap at 2020-W10 and a surge in the
/// last week), two years of monthly counts for `monthly`, and one bad row.
fn csv() -> (String, usize) {
    let mut s = String::from("series,period,count\n");
    let mut line = 1;
    let mut bad_line = 0;
    let mut p = lintas_stats::Period::parse("2019-W01").unwrap();
    for i in 0..209usize {
        let label = p.to_string();
        let season = 6.0 * (i as f64 * 2.0 * std::f64::consts::PI / 52.0).sin();
        let mut count = (20.0 + season) as u64 + (i * 7 % 5) as u64;
        if i == 208 {
            count = 90;
        }
        if label != "2020-W10" {
            s.push_str(&format!("weekly,{label},{count}\n"));
            line += 1;
        }
        if i == 50 {
            s.push_str("weekly,2019-W52,lots\n");
            line += 1;
            bad_line = line;
        }
        p = p.next().unwrap();
    }
    for i in 0..24u64 {
        let (y, m) = (2021 + i / 12, i % 12 + 1);
        s.push_str(&format!("monthly,{y}-{m:02},{}\n", 5 + i % 4));
    }
    (s, bad_line)
}

#[test]
fn detect_contract_on_a_small_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("series.csv");
    let (text, bad_line) = csv();
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let file = path.to_str().unwrap();

    let (code, out, err) = run(&["trends", "detect", "--series", file]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("line {bad_line}:")) && err.contains("lots"),
        "bad row reported with its line: {err}"
    );
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 209 + 24, "one object per series and period");
    for r in &rows {
        for k in CONTRACT {
            assert!(r.get(k).is_some(), "missing {k} in {r}");
        }
    }
    let weekly: Vec<&serde_json::Value> = rows.iter().filter(|r| r["series"] == "weekly").collect();
    let monthly: Vec<&serde_json::Value> =
        rows.iter().filter(|r| r["series"] == "monthly").collect();
    assert_eq!(weekly[0]["period"], "2019-W01");
    assert_eq!(monthly[0]["period"], "2021-01");
    let gap = weekly.iter().find(|r| r["period"] == "2020-W10").unwrap();
    assert_eq!(gap["observed"], 0, "missing periods count as zero");
    // Too little history: EARS, and no bound for the first periods.
    assert_eq!(weekly[0]["method"], "ears-c2");
    assert!(weekly[0]["upper"].is_null() && weekly[0]["score"].is_null());
    assert!(monthly.iter().all(|r| r["method"] == "ears-c2"));
    // Three years and w weeks of history: Farrington, which flags the surge.
    let last = weekly.last().unwrap();
    assert_eq!(last["method"], "farrington");
    assert_eq!(last["observed"], 90);
    assert_eq!(last["alarm"], true);
    assert_eq!(last["alarm_fdr"], true);
    assert!(last["upper"].as_f64().unwrap() < 90.0);
    assert!(last["expected"].as_f64().unwrap() > 10.0);
    let quiet = &weekly[weekly.len() - 2];
    assert_eq!(quiet["method"], "farrington");
    assert_eq!(quiet["alarm"], false);

    // --from/--to are inclusive and select by period.
    let (code, out, _) = run(&[
        "trends", "detect", "--series", file, "--method", "ears-c1", "--from", "2022-W01", "--to",
        "2022-W10",
    ]);
    assert_eq!(code, 0);
    let all: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Periods are selected by their first day: the monthly series contributes 2022-02 and 2022-03.
    let months: Vec<&serde_json::Value> = all.iter().filter(|r| r["series"] == "monthly").collect();
    assert_eq!(months.len(), 2);
    assert_eq!(months[0]["period"], "2022-02");
    let rows: Vec<&serde_json::Value> = all.iter().filter(|r| r["series"] == "weekly").collect();
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[0]["period"], "2022-W01");
    assert_eq!(rows[9]["period"], "2022-W10");
    assert!(
        rows.iter()
            .all(|r| r["method"] == "ears-c1" && r["upper"].is_number())
    );

    // The GLR-CUSUM alarms on the surge too.
    let (code, out, _) = run(&[
        "trends", "detect", "--series", file, "--method", "glrnb", "--from", "2022-W52",
    ]);
    assert_eq!(code, 0);
    let last: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(last["method"], "glrnb");
    assert_eq!(last["alarm"], true);

    // Usage errors exit 2.
    for bad in [
        vec!["trends", "detect", "--series", file, "--method", "cusum"],
        vec!["trends", "detect", "--series", file, "--alpha", "1.5"],
        vec!["trends", "detect", "--series", file, "--from", "2022-W60"],
        vec!["trends", "detect", "--series", "/nonexistent/series.csv"],
        vec!["trends", "detect"],
    ] {
        let (code, _, err) = run(&bad);
        assert_eq!(code, 2, "{bad:?}: {err}");
    }
}
