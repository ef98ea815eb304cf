//! `lintas trends detect --series FILE.csv | --db URL --as ISO3 --by FIELD`: outbreak-style
//! detection over count series, one JSON object per series and evaluated period; and
//! `lintas trends series --db …`: the stored counts as the CSV `--series` reads. The CSV is
//! read into plain `lintas_stats::Series` (see `trends_csv`); stored counts become the same
//! series in `lintas_app::trends`, so both feed one engine.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use lintas_app::trends::detect_stored;
use lintas_model::Role;
use lintas_model::members::MemberKind;
use lintas_stats::{Detection, Method, Options, Period, detect_all};
use lintas_store::{
    Principal, Store, TrendField, TrendInterval, TrendMeasure, TrendQuery, TrendSet, period_days,
};
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
    /// CSV (`series,period,count`) or of stored incidents (`--db`); JSON Lines per series and
    /// period on stdout.
    Detect(DetectArgs),
    /// Counts over time of the stored incidents (or SAR figures) a member may see, as CSV
    /// `series,period,count` on stdout (the input of `trends detect --series`).
    Series(SeriesArgs),
}

/// Which stored counts: the member acting, the strata, the bins.
#[derive(clap::Args)]
struct StoredArgs {
    /// Database URL (`sqlite://FILE` or `postgres://…`) to count stored incidents in.
    #[arg(long)]
    db: Option<String>,
    /// The member on whose behalf counting runs (ISO 3166-1 alpha-3, an organisation or
    /// RSO): it counts what it may see, plus others' `aggregate` records with small cells
    /// suppressed. RSO acts as a regional analyst, any other member as an analyst.
    #[arg(long = "as", value_name = "MEMBER", requires = "db")]
    as_member: Option<String>,
    /// Fields to stratify by, comma-separated: member, origin, transit, destination, route,
    /// country, kind, tag, mode, nationality, sex, age_band, role (none: one series `all`).
    #[arg(long, default_value = "", requires = "db")]
    by: String,
    /// week (ISO 8601), month, quarter or year; detection takes week or month.
    #[arg(long, default_value = "month", requires = "db")]
    interval: String,
    /// Only incidents of these kinds (comma-separated).
    #[arg(long, requires = "db")]
    kind: Option<String>,
    /// incidents, sar_incidents, sar_rescued, sar_dead or sar_missing.
    #[arg(long, default_value = "incidents", requires = "db")]
    measure: String,
}

#[derive(clap::Args)]
struct SeriesArgs {
    #[command(flatten)]
    stored: StoredArgs,
    /// First period counted (YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY-Qn or YYYY; inclusive).
    #[arg(long)]
    from: Option<String>,
    /// Last period counted (inclusive).
    #[arg(long)]
    to: Option<String>,
}

#[derive(clap::Args)]
struct DetectArgs {
    /// CSV with columns `series,period,count`; periods `YYYY-Www`, `YYYY-MM` or
    /// `YYYY-MM-DD`; missing periods count as zero.
    #[arg(long, required_unless_present = "db", conflicts_with = "db")]
    series: Option<PathBuf>,
    #[command(flatten)]
    stored: StoredArgs,
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
    /// With `--db`: also raise an alert in the member's inbox for every alarm not raised
    /// before (re-runs add nothing), leaving confirmed outbreaks out of the baselines. The
    /// output is unchanged; what was raised is reported on stderr.
    #[arg(long, requires = "db")]
    store_alerts: bool,
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
        TrendsCommand::Series(a) => series(a),
    }
}

/// A usage error: the message on stderr, exit status 2.
fn usage(command: &str, message: impl std::fmt::Display) -> anyhow::Result<ExitCode> {
    eprintln!("lintas trends {command}: {message}");
    Ok(ExitCode::from(2))
}

/// The stored-data query, or the usage error that prevents it.
fn stored_query(
    s: &StoredArgs,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(String, TrendQuery), String> {
    let member = s
        .as_member
        .as_deref()
        .map(|m| m.trim().to_ascii_uppercase())
        .ok_or("--db needs --as MEMBER (the member whose view is counted)")?;
    if lintas_model::members::member(&member).is_none() {
        return Err(format!("--as {member} is not a member of the Bali Process"));
    }
    let interval = TrendInterval::parse(&s.interval).map_err(|e| format!("--interval: {e}"))?;
    let by = TrendField::parse_list(&s.by).map_err(|e| format!("--by: {e}"))?;
    let mut q = TrendQuery::new(by, interval);
    q.measure = TrendMeasure::parse(&s.measure).map_err(|e| format!("--measure: {e}"))?;
    q.kinds = s
        .kind
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect();
    q.from = from
        .map(|f| period_days(f).map(|d| d.0))
        .transpose()
        .map_err(|e| format!("--from: {e}"))?;
    q.to = to
        .map(|t| period_days(t).map(|d| d.1))
        .transpose()
        .map_err(|e| format!("--to: {e}"))?;
    Ok((member, q))
}

/// Opens the store and acts as an analyst of `member` (a regional analyst for the RSO).
async fn principal_of(db: &str, member: &str) -> anyhow::Result<(Store, Principal)> {
    let store = super::db::DbArgs {
        db: db.to_string(),
        audit_key: None,
    }
    .open()
    .await?;
    let agency = store.ensure_agency(member, "Default agency").await?;
    let role = match lintas_model::members::member(member).map(|m| m.kind) {
        Some(MemberKind::Office) => Role::RegionalAnalyst,
        _ => Role::Analyst,
    };
    Ok((store, Principal::local("cli:trends", &agency, role)))
}

/// What was left out or hidden, on stderr.
fn report_gaps(command: &str, set: &TrendSet) {
    if set.imprecise_excluded > 0 {
        eprintln!(
            "lintas trends {command}: {} record(s) left out: their date is known less precisely than one {}",
            set.imprecise_excluded,
            set.interval.name()
        );
    }
    if set.suppressed_cells > 0 {
        eprintln!(
            "lintas trends {command}: {} cell(s) suppressed: fewer than {} records shared as aggregate",
            set.suppressed_cells, set.suppress_below
        );
    }
}

fn series(a: SeriesArgs) -> anyhow::Result<ExitCode> {
    let Some(db) = a.stored.db.as_deref() else {
        return usage("series", "--db URL is required");
    };
    let (member, q) = match stored_query(&a.stored, a.from.as_deref(), a.to.as_deref()) {
        Ok(v) => v,
        Err(e) => return usage("series", e),
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let set = runtime.block_on(async {
        let (store, principal) = principal_of(db, &member).await?;
        anyhow::Ok(store.trend_series(&principal, &q).await?)
    })?;
    report_gaps("series", &set);
    let stdout = std::io::stdout();
    let mut out = csv::Writer::from_writer(std::io::BufWriter::new(stdout.lock()));
    out.write_record(["series", "period", "count", "suppressed"])?;
    for s in &set.series {
        for (period, cell) in set.periods.iter().zip(&s.cells) {
            let count = cell.count.map(|c| c.to_string()).unwrap_or_default();
            let flag = if cell.suppressed { "true" } else { "" };
            out.write_record([s.name.as_str(), period.as_str(), count.as_str(), flag])?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn detect(a: DetectArgs) -> anyhow::Result<ExitCode> {
    if let (Some(f), Some(t)) = (a.from, a.to)
        && f.start() > t.start()
    {
        return usage("detect", format!("--from {f} is after --to {t}"));
    }
    let opts = Options {
        method: a.method,
        alpha: a.alpha,
        from: a.from,
        to: a.to,
        ..Options::default()
    };
    let results = match (&a.series, a.stored.db.as_deref()) {
        (Some(path), _) => {
            let file = match std::fs::File::open(path) {
                Ok(f) => f,
                Err(e) => return usage("detect", format!("{}: {e}", path.display())),
            };
            let read = match super::trends_csv::read_series(file) {
                Ok(r) => r,
                Err(e) => return usage("detect", format!("{}: {e}", path.display())),
            };
            for bad in &read.bad_rows {
                eprintln!(
                    "lintas trends detect: {}: line {}: {}",
                    path.display(),
                    bad.line,
                    bad.message
                );
            }
            detect_all(&read.series, &opts)?
        }
        (None, Some(db)) => {
            // `--from`/`--to` choose the periods evaluated; the whole history is the baseline.
            let (member, q) = match stored_query(&a.stored, None, None) {
                Ok(v) => v,
                Err(e) => return usage("detect", e),
            };
            if let Err(e) = lintas_app::trends::stats_interval(q.interval) {
                return usage("detect", format!("--interval: {e}"));
            }
            let runtime = tokio::runtime::Runtime::new()?;
            let store_alerts = a.store_alerts;
            let run = runtime.block_on(async {
                let (store, principal) = principal_of(db, &member).await?;
                if store_alerts {
                    let r = lintas_app::alerts::run_detection(&store, &principal, &q, opts).await?;
                    eprintln!(
                        "lintas trends detect: {} alert(s) raised, {} already raised; {} confirmed outbreak period(s) left out of baselines",
                        r.raised.raised, r.raised.already, r.excluded_periods
                    );
                    anyhow::Ok(r.run)
                } else {
                    anyhow::Ok(detect_stored(&store, &principal, &q, opts).await?)
                }
            })?;
            report_gaps("detect", &run.set);
            run.results.into_iter().flat_map(|r| r.detections).collect()
        }
        (None, None) => return usage("detect", "give --series FILE or --db URL"),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for d in &results {
        serde_json::to_writer(&mut out, &line(d))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
