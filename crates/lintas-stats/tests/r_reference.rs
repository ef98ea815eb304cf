//! lintas-stats against R's `surveillance` (the reference implementation): Farrington
//! flexible with the settled controls, EARS C1/C2/C3 and the GLR-CUSUM (negative binomial
//! with estimated dispersion, and the Poisson chart's "cases needed") on series shipped
//! with the package and on seeded series of ours. Upper bounds must agree within 1e-6
//! relative and alarms exactly in at least 99.5 % of weeks, per method.
//!
//! Needs `Rscript` with `surveillance` (Debian `r-cran-surveillance`, installed by
//! `.ci/run`). Without it the test fails when `CI` is set and prints SKIPPED otherwise.
//! `LINTAS_R_FULL=1` evaluates Farrington on every week instead of the last 52 per series.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/series_gen.rs"]
mod series_gen;

use std::collections::HashMap;
use std::process::Command;

use lintas_stats::ears::{EarsControl, EarsMethod, ears_at};
use lintas_stats::farrington::{FarringtonControl, farrington_at};
use lintas_stats::glrnb::{GlrnbControl, glrnb};
use lintas_stats::{Interval, Period};
use series_gen::{Shape, series};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/r/reference.R");

fn r_available() -> bool {
    Command::new("Rscript")
        .args(["-e", "suppressMessages(library(surveillance))"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn num(s: &str) -> Option<f64> {
    let s = s.trim();
    if s == "NA" {
        None
    } else {
        Some(s.parse().expect("number"))
    }
}

/// (statistic, cases needed, alarm) of one week of a GLR chart.
type GlrWeek = (f64, Option<f64>, bool);

#[derive(Default)]
struct Tally {
    weeks: usize,
    upper_ok: usize,
    alarm_ok: usize,
    alarms_r: usize,
    worst: Vec<String>,
}

impl Tally {
    fn add(&mut self, what: String, ours: (Option<f64>, bool), r: (Option<f64>, bool)) {
        self.weeks += 1;
        let up = match (ours.0, r.0) {
            (None, None) => true,
            (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * b.abs().max(1e-12) || a == b,
            _ => false,
        };
        self.upper_ok += usize::from(up);
        self.alarm_ok += usize::from(ours.1 == r.1);
        self.alarms_r += usize::from(r.1);
        if (!up || ours.1 != r.1) && self.worst.len() < 5 {
            self.worst.push(format!("{what}: ours {ours:?} R {r:?}"));
        }
    }
}

#[test]
fn matches_r_surveillance() {
    if !r_available() {
        if std::env::var_os("CI").is_some() {
            panic!("Rscript with library(surveillance) is required in CI (see .ci/run)");
        }
        eprintln!("SKIPPED: Rscript with the surveillance package is not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("lintas-stats-r-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ours_csv = dir.join("ours.csv");
    let out_csv = dir.join("out.csv");
    // Our series: 6 years from 2010-01-04 (crosses 2015-W53), three shapes.
    let shapes = [
        (
            "ours.low",
            Shape {
                mean: 3.0,
                overdispersion: 1.5,
                trend: 0.0,
                season: 0.3,
            },
            11,
        ),
        (
            "ours.mid",
            Shape {
                mean: 20.0,
                overdispersion: 2.0,
                trend: 0.05,
                season: 0.4,
            },
            12,
        ),
        (
            "ours.high",
            Shape {
                mean: 80.0,
                overdispersion: 4.0,
                trend: -0.03,
                season: 0.2,
            },
            13,
        ),
    ];
    let monday = Period::parse("2010-W01").unwrap();
    let mut csv = String::from("name,date,count\n");
    for (name, shape, seed) in &shapes {
        let mut p = monday;
        for c in series(shape, 312, *seed) {
            csv.push_str(&format!("{name},{},{c}\n", p.start()));
            p = p.next().unwrap();
        }
    }
    std::fs::write(&ours_csv, csv).unwrap();
    let mut cmd = Command::new("Rscript");
    cmd.arg(SCRIPT).arg(&ours_csv).arg(&out_csv);
    if std::env::var_os("LINTAS_R_FULL").is_some() {
        cmd.arg("full");
    }
    let status = cmd.output().unwrap();
    assert!(
        status.status.success(),
        "Rscript failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = std::fs::read_to_string(&out_csv).unwrap();
    std::fs::remove_dir_all(&dir).ok();

    let mut data: HashMap<String, (Vec<Period>, Vec<u64>)> = HashMap::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        let f: Vec<String> = line.split(',').map(|s| s.trim().to_owned()).collect();
        if f[0] == "S" {
            let date = Period::parse(&f[3]).unwrap().start();
            let e = data.entry(f[1].clone()).or_default();
            e.0.push(Period::containing(Interval::Week, date));
            e.1.push(f[4].parse().unwrap());
        } else {
            rows.push(f);
        }
    }
    let fctl = FarringtonControl::default();
    let mut glr_cache: HashMap<(String, bool), Vec<GlrWeek>> = HashMap::new();
    let mut tallies: std::collections::BTreeMap<String, Tally> = Default::default();
    for f in &rows {
        let (name, method) = (&f[1], f[2].as_str());
        let idx: usize = f[3].parse::<usize>().unwrap() - 1;
        let r = (num(&f[4]), num(&f[5]).is_some_and(|a| a != 0.0));
        let (periods, counts) = &data[name];
        let ours = match method {
            "farrington" => {
                let o = farrington_at(periods, counts, idx, &fctl);
                (o.as_ref().and_then(|o| o.upper), o.is_some_and(|o| o.alarm))
            }
            "ears-c1" | "ears-c2" | "ears-c3" => {
                let m = match method {
                    "ears-c1" => EarsMethod::C1,
                    "ears-c2" => EarsMethod::C2,
                    _ => EarsMethod::C3,
                };
                let o = ears_at(counts, idx, &EarsControl::new(m, 0.01));
                (o.as_ref().and_then(|o| o.upper), o.is_some_and(|o| o.alarm))
            }
            "glrnb" | "glrpois-cases" => {
                let pois = method == "glrpois-cases";
                let res = glr_cache.entry((name.clone(), pois)).or_insert_with(|| {
                    let ctl = GlrnbControl {
                        alpha: if pois { Some(0.0) } else { None },
                        cases: pois,
                        ..GlrnbControl::default()
                    };
                    let (res, _) = glrnb(counts, 52, 52, &ctl).unwrap();
                    res.iter().map(|r| (r.glr, r.cases, r.alarm)).collect()
                });
                let (glr, cases, alarm) = res[idx - 52];
                // R reports negative statistics as 0.
                (if pois { cases } else { Some(glr.max(0.0)) }, alarm)
            }
            other => panic!("unknown method {other}"),
        };
        tallies.entry(method.to_owned()).or_default().add(
            format!("{name} week {}", idx + 1),
            ours,
            r,
        );
    }
    let mut failed = Vec::new();
    for (method, t) in &tallies {
        let up = t.upper_ok as f64 / t.weeks as f64;
        let al = t.alarm_ok as f64 / t.weeks as f64;
        println!(
            "{method:14} weeks {:5}  upper agree {:.4}  alarms agree {:.4}  (R alarms {})",
            t.weeks, up, al, t.alarms_r
        );
        for w in &t.worst {
            println!("    {w}");
        }
        if up < 0.995 || al < 0.995 {
            failed.push(method.clone());
        }
        assert!(t.weeks > 200, "{method}: too few weeks compared");
    }
    assert!(tallies.contains_key("farrington") && tallies["farrington"].alarms_r > 0);
    assert!(failed.is_empty(), "below 99.5 % agreement: {failed:?}");
}
