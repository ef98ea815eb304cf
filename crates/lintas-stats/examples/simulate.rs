//! Seeded simulation of the detection methods on a grid of series shapes (baseline mean,
//! overdispersion, trend, season) with outbreaks injected at known weeks.
//!
//! `cargo run --release -p lintas-stats --example simulate [REPLICATES]`
//!
//! Each series has 5 years of weekly counts; the methods evaluate the last year. The
//! false-positive rate is counted on outbreak-free copies (alarms per in-control week);
//! detection and delay on copies with one 3-week outbreak starting at a known week of the
//! last year, each outbreak week adding `size` in-control standard deviations. Replicate
//! seeds are split in two halves reported separately (nothing was tuned on either; the
//! second half is the held-out check that the first is not a lucky draw).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/common/series_gen.rs"]
mod series_gen;

use lintas_stats::Period;
use lintas_stats::ears::{EarsControl, EarsMethod, ears_at};
use lintas_stats::farrington::{FarringtonControl, farrington_at};
use lintas_stats::glrnb::{GlrnbControl, glrnb};
use series_gen::{Shape, series};

const WEEKS: usize = 260;
const EVAL_FROM: usize = 208;
const OUTBREAK_WEEKS: usize = 3;
const SIZES: [f64; 5] = [2.0, 3.0, 5.0, 7.0, 10.0];
const ALPHA: f64 = 0.01;
const METHODS: [&str; 5] = ["farrington", "ears-c1", "ears-c2", "ears-c3", "glrnb"];

/// Alarms of `method` for weeks EVAL_FROM..WEEKS.
fn alarms(method: &str, periods: &[Period], counts: &[u64]) -> Vec<bool> {
    match method {
        "farrington" => {
            let ctl = FarringtonControl {
                alpha: ALPHA,
                ..FarringtonControl::default()
            };
            (EVAL_FROM..WEEKS)
                .map(|k| farrington_at(periods, counts, k, &ctl).is_some_and(|r| r.alarm))
                .collect()
        }
        "glrnb" => {
            let ctl = GlrnbControl {
                cases: false,
                ..GlrnbControl::default()
            };
            match glrnb(counts, 52, EVAL_FROM, &ctl) {
                Ok((res, _)) => res.iter().map(|r| r.alarm).collect(),
                Err(_) => vec![false; WEEKS - EVAL_FROM],
            }
        }
        ears => {
            let m = match ears {
                "ears-c1" => EarsMethod::C1,
                "ears-c2" => EarsMethod::C2,
                _ => EarsMethod::C3,
            };
            let ctl = EarsControl::new(m, ALPHA);
            (EVAL_FROM..WEEKS)
                .map(|k| ears_at(counts, k, &ctl).is_some_and(|r| r.alarm))
                .collect()
        }
    }
}

#[derive(Default, Clone)]
struct Stats {
    control_weeks: usize,
    false_alarms: usize,
    outbreaks: [usize; 5],
    detected: [usize; 5],
    delay_sum: [usize; 5],
}

fn main() {
    let reps: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(6);
    let mut shapes = Vec::new();
    for mean in [2.0, 10.0, 50.0] {
        for overdispersion in [1.0, 2.0, 5.0] {
            for trend in [0.0, 0.1] {
                for season in [0.0, 0.5] {
                    shapes.push(Shape {
                        mean,
                        overdispersion,
                        trend,
                        season,
                    });
                }
            }
        }
    }
    let mut p = Period::parse("2015-W01").unwrap_or_else(|e| panic!("{e}"));
    let mut periods = Vec::with_capacity(WEEKS);
    for _ in 0..WEEKS {
        periods.push(p);
        p = p.next().unwrap_or(p);
    }
    // stats[half][method]
    let mut stats = vec![vec![Stats::default(); METHODS.len()]; 2];
    for (si, shape) in shapes.iter().enumerate() {
        for rep in 0..reps {
            let half = usize::from(rep >= reps / 2);
            let seed = 1_000_003 * si as u64 + rep;
            let clean = series(shape, WEEKS, seed);
            for (mi, m) in METHODS.iter().enumerate() {
                let a = alarms(m, &periods, &clean);
                stats[half][mi].control_weeks += a.len();
                stats[half][mi].false_alarms += a.iter().filter(|x| **x).count();
            }
            for (zi, size) in SIZES.iter().enumerate() {
                // Onset between weeks 10 and 45 of the last year, known to the scorer.
                let onset = EVAL_FROM + 10 + ((seed as usize * 7 + zi * 11) % 36);
                let mut counts = series(shape, WEEKS, seed ^ 0x5eed_0000 ^ (zi as u64) << 40);
                for (t, c) in counts
                    .iter_mut()
                    .enumerate()
                    .skip(onset)
                    .take(OUTBREAK_WEEKS)
                {
                    *c += (size * shape.sd_at(t)).round() as u64;
                }
                for (mi, m) in METHODS.iter().enumerate() {
                    let a = alarms(m, &periods, &counts);
                    let s = &mut stats[half][mi];
                    s.outbreaks[zi] += 1;
                    let first = (onset..onset + OUTBREAK_WEEKS).find(|&t| a[t - EVAL_FROM]);
                    if let Some(t) = first {
                        s.detected[zi] += 1;
                        s.delay_sum[zi] += t - onset;
                    }
                }
            }
        }
    }
    println!(
        "{} shapes x {} replicates, {} weeks per series, last {} evaluated; alpha = {ALPHA}; outbreaks of {} weeks",
        shapes.len(),
        reps,
        WEEKS,
        WEEKS - EVAL_FROM,
        OUTBREAK_WEEKS
    );
    for (half, name) in [(0, "first half of the seeds"), (1, "held-out half")] {
        println!("\n{name}:\n");
        println!(
            "| method | FPR per week | detected 2 sd | 3 sd | 5 sd | 7 sd | 10 sd | mean delay (weeks, >= 5 sd) |"
        );
        println!("|---|---|---|---|---|---|---|---|");
        for (mi, m) in METHODS.iter().enumerate() {
            let s = &stats[half][mi];
            let det: Vec<String> = (0..5)
                .map(|z| {
                    format!(
                        "{:.0} %",
                        100.0 * s.detected[z] as f64 / s.outbreaks[z].max(1) as f64
                    )
                })
                .collect();
            let (dsum, dn): (usize, usize) =
                (2..5).fold((0, 0), |(a, b), z| (a + s.delay_sum[z], b + s.detected[z]));
            println!(
                "| {m} | {:.2} % | {} | {:.2} |",
                100.0 * s.false_alarms as f64 / s.control_weeks.max(1) as f64,
                det.join(" | "),
                dsum as f64 / dn.max(1) as f64
            );
        }
    }
}
