//! The engine behind `lintas screen`, without the rest of the CLI (for benchmarks that
//! should not build the server stack): same list handling, index and JSON lines.
//!
//! `cargo run --release -p lintas-names --example screen -- --list FILE --queries FILE [--threshold T] [--limit N]`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use anyhow::Context;
use lintas_names::lists::{guess_format, parse};
use lintas_names::{Index, Query, ScoreConfig};
use std::io::{BufRead, Write};

#[derive(serde::Serialize)]
struct OutLine<'a> {
    query: &'a str,
    matches: Vec<OutMatch>,
}

#[derive(serde::Serialize)]
struct OutMatch {
    id: String,
    name: String,
    score: f64,
    reasons: Vec<String>,
}

fn main() -> anyhow::Result<()> {
    let mut list = None;
    let mut queries = None;
    let mut threshold = ScoreConfig::default().threshold;
    let mut limit = 10usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().with_context(|| format!("{a} needs a value"));
        match a.as_str() {
            "--list" => list = Some(value()?),
            "--queries" => queries = Some(value()?),
            "--threshold" => threshold = value()?.parse()?,
            "--limit" => limit = value()?.parse()?,
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let list = list.context("--list is required")?;
    let data = std::fs::read(&list).with_context(|| format!("reading {list}"))?;
    let entries = parse(&data, guess_format(&data)?).with_context(|| list.clone())?;
    let index = Index::build(entries);
    let reader: Box<dyn BufRead> = match queries.as_deref() {
        Some(p) if p != "-" => Box::new(std::io::BufReader::new(
            std::fs::File::open(p).with_context(|| format!("opening {p}"))?,
        )),
        _ => Box::new(std::io::stdin().lock()),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in reader.split(b'\n') {
        let line = line?;
        let Ok(text) = std::str::from_utf8(&line) else {
            continue;
        };
        let text = text.trim_end_matches('\r');
        if text.trim().is_empty() {
            continue;
        }
        let matches = index
            .search(&Query::name(text), threshold, limit)
            .into_iter()
            .map(|m| OutMatch {
                score: (m.score * 10_000.0).round() / 10_000.0,
                id: m.id,
                name: m.name,
                reasons: m.reasons,
            })
            .collect();
        serde_json::to_writer(
            &mut out,
            &OutLine {
                query: text,
                matches,
            },
        )?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
