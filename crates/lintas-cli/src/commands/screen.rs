//! `lintas screen`: names against a watchlist, one JSON line per query.

use anyhow::Context;
use lintas_names::lists::{ListFormat, guess_format, parse};
use lintas_names::{Index, Query, ScoreConfig};
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Screen names against a watchlist (UN XML, OFAC SDN CSV, OpenSanctions FtM JSON
/// Lines or Lintas CSV). Output: one JSON line per query, in input order:
/// `{"query": …, "matches": [{"id", "name", "score", "reasons"}]}`, best first.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The watchlist file.
    #[arg(long)]
    list: PathBuf,
    /// List format; guessed from the file's content when not given.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Report matches scoring at or above this (0–1).
    #[arg(long, value_parser = parse_threshold, default_value_t = ScoreConfig::default().threshold)]
    threshold: f64,
    /// Maximum matches per query.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Match organisation and vessel entries too (by default a name is a person's and
    /// matches person entries only).
    #[arg(long)]
    all_entity_types: bool,
    /// File with one name per line (blank lines are skipped); `-` for stdin.
    #[arg(long, conflicts_with = "names")]
    queries: Option<PathBuf>,
    /// Names to screen; with neither names nor `--queries`, names are read from stdin.
    names: Vec<String>,
}

/// One output line; fields serialise in this order.
#[derive(serde::Serialize)]
struct OutLine<'a> {
    query: &'a str,
    matches: Vec<OutMatch>,
}

/// One match in an output line.
#[derive(serde::Serialize)]
struct OutMatch {
    id: String,
    name: String,
    score: f64,
    reasons: Vec<String>,
}

/// List formats accepted by `--format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum Format {
    Un,
    Ofac,
    Ftm,
    Csv,
}

fn parse_threshold(s: &str) -> Result<f64, String> {
    let t: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&t) {
        Ok(t)
    } else {
        Err("must be between 0 and 1".into())
    }
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let data =
        std::fs::read(&args.list).with_context(|| format!("reading {}", args.list.display()))?;
    let format = match args.format {
        Some(Format::Un) => ListFormat::Un,
        Some(Format::Ofac) => ListFormat::Ofac,
        Some(Format::Ftm) => ListFormat::Ftm,
        Some(Format::Csv) => ListFormat::Csv,
        None => guess_format(&data).with_context(|| format!("{}", args.list.display()))?,
    };
    let entries = parse(&data, format).with_context(|| format!("{}", args.list.display()))?;
    drop(data);
    eprintln!(
        "lintas screen: {} entries from {} ({format:?})",
        entries.len(),
        args.list.display()
    );
    let index = Index::build(entries);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut emit = |query: &str| -> anyhow::Result<()> {
        let matches: Vec<OutMatch> = index
            .search(
                &Query {
                    all_entity_types: args.all_entity_types,
                    ..Query::name(query)
                },
                args.threshold,
                args.limit,
            )
            .into_iter()
            .map(|m| OutMatch {
                score: (m.score * 10_000.0).round() / 10_000.0,
                id: m.id,
                name: m.name,
                reasons: m.reasons,
            })
            .collect();
        serde_json::to_writer(&mut out, &OutLine { query, matches })?;
        out.write_all(b"\n")?;
        Ok(())
    };
    let mut invalid = 0usize;
    if !args.names.is_empty() {
        for n in &args.names {
            emit(n)?;
        }
    } else {
        let reader: Box<dyn BufRead> = match args.queries.as_deref() {
            Some(p) if p.as_os_str() != "-" => Box::new(std::io::BufReader::new(
                std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?,
            )),
            _ => Box::new(std::io::stdin().lock()),
        };
        for (i, line) in reader.split(b'\n').enumerate() {
            let line = line?;
            let Ok(text) = std::str::from_utf8(&line) else {
                invalid += 1;
                eprintln!(
                    "lintas screen: queries line {}: invalid UTF-8, skipped",
                    i + 1
                );
                continue;
            };
            let text = text.trim_end_matches('\r');
            if text.trim().is_empty() {
                continue;
            }
            emit(text)?;
        }
    }
    out.flush()?;
    if invalid > 0 {
        eprintln!("lintas screen: {invalid} query line(s) skipped");
    }
    Ok(ExitCode::SUCCESS)
}
