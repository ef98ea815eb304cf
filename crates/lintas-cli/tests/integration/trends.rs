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

/// `YYYY-MM-DD` of a day `plus` days after the first day of `p`.
fn day(p: lintas_stats::Period, plus: i64) -> String {
    let d = p.start() + time::Duration::days(plus);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Imports `rows` (JSON Lines) for `state` into `db`.
fn import(db: &str, state: &str, rows: &str, dir: &std::path::Path) {
    let file = dir.join(format!("{state}.jsonl"));
    std::fs::write(&file, rows).unwrap();
    let (code, out, err) = run(&[
        "import",
        "incidents",
        file.to_str().unwrap(),
        "--db",
        db,
        "--state",
        state,
    ]);
    assert_eq!(code, 0, "{err}");
    let summary: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(summary["invalid"], 0, "{out}");
}

fn row(n: usize, kind: &str, date: &str, sharing: &str) -> String {
    format!(
        "{}\n",
        serde_json::json!({
            "external_ref": format!("R-{n}"), "kind": kind, "occurred_on": date,
            "place": {"country": "IDN"}, "sharing": {"level": sharing}
        })
    )
}

#[test]
fn series_and_detect_over_a_seeded_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    // IDN: four years of weekly smuggling cases, a surge in the last week, and five cases
    // known only to the month. THA: national smuggling (not IDN's to count) and regional
    // trafficking.
    let (mut idn, mut tha) = (String::new(), String::new());
    let mut expected: Vec<(String, u64)> = Vec::new();
    let mut p = lintas_stats::Period::parse("2022-W01").unwrap();
    let mut n = 0;
    for i in 0..208usize {
        let count = if i == 207 { 25 } else { 4 + (i * 7 % 3) as u64 };
        for j in 0..count {
            n += 1;
            idn.push_str(&row(n, "smuggling", &day(p, (j % 7) as i64), "regional"));
        }
        if i % 4 == 0 {
            n += 1;
            tha.push_str(&row(n, "smuggling", &day(p, 2), "national"));
            n += 1;
            tha.push_str(&row(n, "trafficking", &day(p, 3), "regional"));
        }
        expected.push((p.to_string(), count));
        p = p.next().unwrap();
    }
    for _ in 0..5 {
        n += 1;
        idn.push_str(&row(n, "smuggling", "2024-05", "national"));
    }
    import(&db, "IDN", &idn, dir.path());
    import(&db, "THA", &tha, dir.path());

    let stored = [
        "--db",
        &db,
        "--as",
        "IDN",
        "--by",
        "member,kind",
        "--interval",
        "week",
    ];
    let (code, csv, err) = run(&[&["trends", "series"][..], &stored[..]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("5 record(s) left out"), "{err}");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("series,period,count,suppressed"));
    let mut by_series: std::collections::BTreeMap<String, Vec<(String, u64)>> = Default::default();
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        by_series
            .entry(f[0].to_string())
            .or_default()
            .push((f[1].to_string(), f[2].parse().unwrap()));
    }
    assert_eq!(
        by_series.keys().collect::<Vec<_>>(),
        ["IDN/smuggling", "THA/trafficking"],
        "THA's national cases are not counted"
    );
    assert_eq!(by_series["IDN/smuggling"], expected);
    assert_eq!(
        by_series["THA/trafficking"]
            .iter()
            .map(|x| x.1)
            .sum::<u64>(),
        52
    );

    let (code, out, err) = run(&[&["trends", "detect"][..], &stored[..]].concat());
    assert_eq!(code, 0, "{err}");
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2 * 208, "one object per series and period");
    for r in &rows {
        for k in CONTRACT {
            assert!(r.get(k).is_some(), "missing {k} in {r}");
        }
    }
    let idn_rows: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["series"] == "IDN/smuggling")
        .collect();
    for (r, (period, count)) in idn_rows.iter().zip(&expected) {
        assert_eq!(r["period"], period.as_str());
        assert_eq!(r["observed"], *count);
    }
    let last = idn_rows.last().unwrap();
    assert_eq!(last["period"], "2025-W52");
    assert_eq!(last["method"], "farrington");
    assert_eq!(last["alarm"], true);
    assert!(last["upper"].as_f64().unwrap() < 25.0);
    assert_eq!(idn_rows[0]["method"], "ears-c2");

    // The CSV `trends series` wrote, read back by `--series`, gives the same lines.
    let file = dir.path().join("series.csv");
    std::fs::write(&file, &csv).unwrap();
    let (code, from_csv, err) = run(&["trends", "detect", "--series", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(from_csv, out);

    // `--from` chooses the periods evaluated; the history before it is the baseline.
    let (code, tail, _) = run(&[
        &["trends", "detect"][..],
        &stored[..],
        &["--from", "2025-W50"],
    ]
    .concat());
    assert_eq!(code, 0);
    let tail: Vec<&str> = tail.lines().collect();
    assert_eq!(tail.len(), 2 * 3);
    assert!(
        out.lines().any(|l| l == tail[2]),
        "same result as the whole run"
    );

    // `--store-alerts`: the same output, and the alarms raised once in IDN's inbox.
    let with_alerts = [
        &["trends", "detect"][..],
        &stored[..],
        &["--from", "2025-W50", "--store-alerts"],
    ]
    .concat();
    let raised = |err: &str| -> (u64, u64) {
        let line = err
            .lines()
            .find(|l| l.contains("alert(s) raised"))
            .unwrap_or_else(|| panic!("{err}"));
        let numbers: Vec<u64> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|w| w.parse().ok())
            .collect();
        (numbers[0], numbers[1])
    };
    let (code, first, err) = run(&with_alerts);
    assert_eq!(code, 0, "{err}");
    assert_eq!(first.lines().collect::<Vec<_>>(), tail);
    let alarms = tail
        .iter()
        .filter(|l| l.contains(r#""alarm":true"#))
        .count() as u64;
    assert!(alarms >= 1);
    assert_eq!(raised(&err), (alarms, 0));
    let (code, _, err) = run(&with_alerts);
    assert_eq!(code, 0, "{err}");
    assert_eq!(raised(&err), (0, alarms), "a re-run raises nothing new");

    // Usage errors exit 2.
    for bad in [
        vec!["trends", "detect", "--db", &db],
        vec!["trends", "detect", "--db", &db, "--as", "XYZ"],
        vec![
            "trends",
            "detect",
            "--db",
            &db,
            "--as",
            "IDN",
            "--interval",
            "quarter",
        ],
        vec![
            "trends", "detect", "--db", &db, "--as", "IDN", "--by", "colour",
        ],
        vec![
            "trends", "series", "--db", &db, "--as", "IDN", "--from", "2025-W60",
        ],
        vec![
            "trends", "detect", "--series", "x.csv", "--db", &db, "--as", "IDN",
        ],
        vec!["trends", "series", "--as", "IDN"],
    ] {
        let (code, _, err) = run(&bad);
        assert_eq!(code, 2, "{bad:?}: {err}");
    }
}
