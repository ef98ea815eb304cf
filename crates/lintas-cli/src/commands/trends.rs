//! `lintas trends detect --series FILE.csv`: outbreak-style detection over count series,
//! one JSON object per series and evaluated period. The CSV is read into plain
//! `lintas_stats::Series` (see `trends_csv`), so stored data can feed the same engine.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use lintas_stats::{Detection, Method, Options, Period, detect_all};
use serde::Serialize;

/// Trends: indicators and alert detection over time series of counts.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: TrendsCommand,
}

#[derive(Subcommand)]
enum TrendsCommand {
    /// Detect unusual counts (EARS, Farrington flexible, GLR-CUSUM) in every series of a
    /// CSV (`series,period,count`); JSON Lines per series and period on stdout.
    Detect(DetectArgs),
}

#[derive(clap::Args)]
struct DetectArgs {
    /// CSV with columns `series,period,count`; periods `YYYY-Www`, `YYYY-MM` or
    /// `YYYY-MM-DD`; missing periods count as zero.
    #[arg(long)]
    series: PathBuf,
    /// auto (Farrington where 3 years of history exist, else EARS C2), farrington,
    /// ears-c1, ears-c2, ears-c3 or glrnb.
    #[arg(long, default_value = "auto", value_parser = parse_method)]
    method: Method,
    /// Significance of each test, and the false discovery rate of `alarm_fdr`.
    #[arg(long, default_value_t = 0.01, value_parser = parse_alpha)]
    alpha: f64,
    /// First period to evaluate (inclusive), same label forms as the input.
    #[arg(long, value_parser = parse_period)]
    from: Option<Period>,
    /// Last period to evaluate (inclusive).
    #[arg(long, value_parser = parse_period)]
    to: Option<Period>,
}

fn parse_method(s: &str) -> Result<Method, String> {
    Method::parse(s).ok_or_else(|| {
        format!("{s:?} is not one of auto, farrington, ears-c1, ears-c2, ears-c3, glrnb")
    })
}

fn parse_alpha(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(a) if a > 0.0 && a < 1.0 => Ok(a),
        _ => Err(format!("{s:?} is not a number in (0, 1)")),
    }
}

fn parse_period(s: &str) -> Result<Period, String> {
    Period::parse(s).map_err(|e| e.to_string())
}

/// One output line: the DESIGN.md contract fields first, then additions.
#[derive(Serialize)]
struct Line<'a> {
    series: &'a str,
    period: String,
    observed: u64,
    expected: Option<f64>,
    upper: Option<f64>,
    method: &'static str,
    alarm: bool,
    alarm_fdr: bool,
    score: Option<f64>,
    p_value: Option<f64>,
    baseline_from: Option<String>,
    baseline_to: Option<String>,
    reason: &'a str,
}

fn line(d: &Detection) -> Line<'_> {
    Line {
        series: &d.series,
        period: d.period.to_string(),
        observed: d.observed,
        expected: d.expected,
        upper: d.upper,
        method: d.method.name(),
        alarm: d.alarm,
        alarm_fdr: d.alarm_fdr,
        score: d.score,
        p_value: d.p_value,
        baseline_from: d.baseline.map(|b| b.0.to_string()),
        baseline_to: d.baseline.map(|b| b.1.to_string()),
        reason: &d.reason,
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        TrendsCommand::Detect(a) => detect(a),
    }
}

fn detect(a: DetectArgs) -> anyhow::Result<ExitCode> {
    if let (Some(f), Some(t)) = (a.from, a.to)
        && f.start() > t.start()
    {
        eprintln!("lintas trends detect: --from {f} is after --to {t}");
        return Ok(ExitCode::from(2));
    }
    let file = match std::fs::File::open(&a.series) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("lintas trends detect: {}: {e}", a.series.display());
            return Ok(ExitCode::from(2));
        }
    };
    let read = match super::trends_csv::read_series(file) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("lintas trends detect: {}: {e}", a.series.display());
            return Ok(ExitCode::from(2));
        }
    };
    for bad in &read.bad_rows {
        eprintln!(
            "lintas trends detect: {}: line {}: {}",
            a.series.display(),
            bad.line,
            bad.message
        );
    }
    let opts = Options {
        method: a.method,
        alpha: a.alpha,
        from: a.from,
        to: a.to,
        ..Options::default()
    };
    let results = detect_all(&read.series, &opts)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for d in &results {
        serde_json::to_writer(&mut out, &line(d))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
